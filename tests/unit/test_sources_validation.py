"""sources.toml is refused at load, before any fetch, with one line naming the source and the key
(issue 18: an invalid regex passed `newsflow sources`, then `ingest` crashed after fetching feeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.sources import SourceConfigError, load_sources

pytestmark = pytest.mark.unit

GOOD = """
[[source]]
name = "fine"
feeds = ["https://news.example.org/feed.xml"]
include = ["^https://news\\\\.example\\\\.org/20\\\\d\\\\d/"]
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD + "\n[[source]]\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('name = "broken"\ninclude = ["(unclosed"]', "include"),
        ('name = "broken"\nexclude = ["[a-"]', "exclude"),
        ('name = "broken"\nexclude = ["a{2,1}"]', "exclude"),
        ('name = "broken"\nfeeds = ["ftp://news.example.org/feed"]', "feeds"),
        ('name = "broken"\nsitemaps = ["sitemap.xml"]', "sitemaps"),
        ('name = "broken"\nurls = ["javascript:alert(1)"]', "urls"),
        ('name = "broken"\nhomepage = "news.example.org"', "homepage"),
        ('name = "broken"\nkind = "rss"', "kind"),
        ('name = "broken"\nlanguage = 7', "language"),
        ('name = "broken"\nprofile = ["a"]', "profile"),
    ],
)
def test_a_bad_field_is_refused_with_one_line_naming_source_and_key(
    tmp_path: Path, body: str, key: str
) -> None:
    with pytest.raises(SourceConfigError) as err:
        load_sources(_write(tmp_path, body))
    message = str(err.value)
    assert "'broken'" in message and f"'{key}'" in message
    assert "\n" not in message


def test_a_valid_file_loads_with_its_patterns(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(GOOD, encoding="utf-8")
    (fine,) = load_sources(path)
    assert fine.include == ("^https://news\\.example\\.org/20\\d\\d/",)


def test_the_shipped_sources_file_is_valid() -> None:
    sources = load_sources(Path(__file__).resolve().parents[2] / "sources.toml")
    assert {s.name for s in sources} >= {"sample", "seed"}


def test_newsflow_sources_reports_the_bad_field_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.cli import main

    data = tmp_path / "data"
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(data))
    path = _write(tmp_path, 'name = "broken"\ninclude = ["(unclosed"]')
    for command in (["sources"], ["ingest"]):
        code = main([*command, "--sources", str(path)])
        err = capsys.readouterr().err
        assert code == 2
        assert "'broken'" in err and "'include'" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
    assert not data.exists()  # refused before any fetch, database or staging folder
