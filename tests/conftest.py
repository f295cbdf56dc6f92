"""Shared fixtures: the corpus beside the checkout, temporary settings and databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.core.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NEWSFLOW_CORPUS", ROOT.parent / "shared" / "corpus"))
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus; tests that need it skip with a reason where it is absent."""
    if not (CORPUS / "seed" / "article.txt").exists():
        pytest.skip(f"corpus not found at {CORPUS} (../shared/corpus is only beside CI and dev checkouts)")
    return CORPUS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh data directory and database under tmp_path."""
    data = tmp_path / "data"
    return load_settings({}, db=data / "news.duckdb", data_dir=data)
