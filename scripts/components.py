"""The one description of the distributed newsflow (docker/components.toml) and the compose file made from it.

    python -m scripts.components --write   # regenerate docker/docker-compose.yml
    python -m scripts.components --check   # exit 1 when the compose file is not what the description gives

scripts/cluster.py reads the same description to start the components as local processes (CI, bench).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTION = ROOT / "docker" / "components.toml"
COMPOSE_FILE = ROOT / "docker" / "docker-compose.yml"

# What the placeholders of components.toml are inside compose (secrets come from docker/.env).
COMPOSE_VALUES = {
    "pg_host": "postgres",
    "pg_port": "5432",
    "pg_user": "${POSTGRES_USER:-airflow}",
    "pg_password": "${POSTGRES_PASSWORD}",
    "pg_db": "${POSTGRES_DB:-airflow}",
    "lake_db": "${NEWSFLOW_LAKE_DB:-ducklake}",
    "redis_host": "redis",
    "redis_port": "6379",
    "api_host": "airflow-apiserver",
    "api_port": "8080",
    "worker_concurrency": "${CELERY_WORKER_CONCURRENCY:-{concurrency}}",
    "data_dir": "/opt/newsflow/data",
    "sources_file": "/opt/newsflow/sources.toml",
}

HEADER = """\
# GENERATED from docker/components.toml by `python -m scripts.components --write`: edit that file, not this
# one (tests/e2e/test_celery_compose.py fails when they differ). The CI test starts the same components
# as local processes (scripts/cluster.py).
#
# newsflow, distributed: CeleryExecutor with Postgres and Redis; api-server, scheduler, dag-processor,
# triggerer and N workers share one data volume (staging Parquet, WARC archive, the DuckLake data files).
# The store is DuckLake with its catalog in Postgres; loads run in the one-slot pool `newsflow_duckdb`.
#   cp docker/.env.example docker/.env   # then edit the passwords
#   docker build -f docker/Dockerfile -t newsflow-airflow .
#   docker compose -f docker/docker-compose.yml up -d --scale airflow-worker=3
"""


def load(path: Path = DESCRIPTION) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace {name} placeholders (only known names: compose's ${VAR} stays as it is)."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def airflow_env(desc: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, str]:
    """The environment every Airflow component gets, placeholders filled."""
    return {k: fill(str(v), values) for k, v in desc["airflow"]["env"].items()}


def init_commands(desc: Mapping[str, Any]) -> list[list[str]]:
    return [list(cmd) for cmd in desc["airflow"]["init"]]


def compose(desc: Mapping[str, Any]) -> dict[str, Any]:
    """The compose document for ``desc``."""
    worker = desc["airflow"]["worker"]
    values = dict(COMPOSE_VALUES)
    values["worker_concurrency"] = values["worker_concurrency"].replace(
        "{concurrency}", str(worker["concurrency"])
    )
    env = airflow_env(desc, values)
    env.update(
        {
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": "/opt/airflow/config/passwords.json",
            "AIRFLOW__CORE__DAGS_FOLDER": "/opt/newsflow/dags",
            "AIRFLOW__API_AUTH__JWT_SECRET": "${AIRFLOW_JWT_SECRET:?set AIRFLOW_JWT_SECRET in docker/.env}",
            "AIRFLOW__API__BASE_URL": "http://localhost:${AIRFLOW_PORT:-8080}",
            "NEWSFLOW_RETENTION_DAYS": "${NEWSFLOW_RETENTION_DAYS:-90}",
        }
    )
    common: dict[str, Any] = {
        "image": "${NEWSFLOW_IMAGE:-newsflow-airflow:latest}",
        "user": "${AIRFLOW_UID:-50000}:0",
        "environment": env,
        "volumes": [
            "newsflow-data:/opt/newsflow/data",
            "airflow-logs:/opt/airflow/logs",
            "airflow-config:/opt/airflow/config",
        ],
        "restart": "always",
    }
    infra_ready = {
        "redis": {"condition": "service_healthy"},
        "postgres": {"condition": "service_healthy"},
    }
    depends = {**infra_ready, "airflow-init": {"condition": "service_completed_successfully"}}
    pg, redis = desc["postgres"], desc["redis"]
    lake_db = "${NEWSFLOW_LAKE_DB:-" + str(pg["lake_database"]) + "}"
    services: dict[str, Any] = {
        "postgres": {
            "image": pg["image"],
            "environment": {
                "POSTGRES_USER": "${POSTGRES_USER:-" + str(pg["user"]) + "}",
                "POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in docker/.env}",
                "POSTGRES_DB": "${POSTGRES_DB:-" + str(pg["database"]) + "}",
                "NEWSFLOW_LAKE_DB": lake_db,
            },
            "volumes": [
                "postgres-db:/var/lib/postgresql/data",
                # the DuckLake catalog database, created on the first start
                "./postgres-init:/docker-entrypoint-initdb.d:ro",
            ],
            "healthcheck": {
                "test": ["CMD", "pg_isready", "-U", "${POSTGRES_USER:-" + str(pg["user"]) + "}"],
                "interval": "10s",
                "retries": 5,
                "start_period": "5s",
            },
            "restart": "always",
        },
        "redis": {
            "image": redis["image"],
            "command": ["redis-server", "--save", ""],
            "expose": [6379],
            "healthcheck": {
                "test": ["CMD", "redis-cli", "ping"],
                "interval": "10s",
                "timeout": "30s",
                "retries": 50,
                "start_period": "30s",
            },
            "restart": "always",
        },
    }
    init_script = [
        'echo "{\\"admin\\": \\"$${NEWSFLOW_ADMIN_PASSWORD}\\"}" > /opt/airflow/config/passwords.json'
    ]
    init_script += ["airflow " + shlex.join(cmd) for cmd in init_commands(desc)]
    services["airflow-init"] = {
        **common,
        "entrypoint": "/bin/bash",
        "command": ["-c", "set -euo pipefail\n" + "\n".join(init_script) + "\n"],
        "environment": {
            **env,
            "NEWSFLOW_ADMIN_PASSWORD": "${NEWSFLOW_ADMIN_PASSWORD:?set NEWSFLOW_ADMIN_PASSWORD in docker/.env}",
        },
        "user": "0:0",
        "depends_on": infra_ready,
        "restart": "no",
    }
    for comp in desc["airflow"]["component"]:
        svc: dict[str, Any] = {**common, "command": list(comp["command"]), "depends_on": depends}
        if comp.get("env"):
            svc["environment"] = {**env, **comp["env"]}
        svc["healthcheck"] = _healthcheck(comp["healthcheck"])
        if comp["name"] == "airflow-apiserver":
            svc["ports"] = ["127.0.0.1:${AIRFLOW_PORT:-8080}:8080"]
        services[comp["name"]] = svc
    services[worker["name"]] = {
        **common,
        "command": list(worker["command"]),
        "deploy": {"replicas": "${NEWSFLOW_WORKERS:-" + str(worker["replicas"]) + "}"},
        "environment": {**env, "DUMB_INIT_SETSID": "0"},
        "healthcheck": _healthcheck(worker["healthcheck"]),
        "depends_on": depends,
    }
    return {
        "name": "newsflow",
        "services": services,
        "volumes": {"postgres-db": None, "newsflow-data": None, "airflow-logs": None, "airflow-config": None},
    }


def _healthcheck(test: list[str]) -> dict[str, Any]:
    return {"test": list(test), "interval": "30s", "timeout": "10s", "retries": 5, "start_period": "30s"}


class _NoAliases(yaml.SafeDumper):
    """Writes shared values out in full (no &id anchors): the file reads top to bottom."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(desc: Mapping[str, Any]) -> str:
    body = yaml.dump(compose(desc), Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=120)
    return HEADER + body.replace(": null\n", ":\n")


POSTGRES_INIT = """\
#!/bin/bash
# GENERATED by `python -m scripts.components --write`: the DuckLake catalog database beside Airflow's.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \\
  -c "CREATE DATABASE \\"${NEWSFLOW_LAKE_DB:-ducklake}\\""
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate docker/docker-compose.yml")
    mode.add_argument("--check", action="store_true", help="exit 1 when the compose file is out of date")
    args = parser.parse_args(argv)
    text = render(load())
    init = COMPOSE_FILE.parent / "postgres-init" / "10-ducklake.sh"
    if args.write:
        COMPOSE_FILE.write_text(text, encoding="utf-8")
        init.parent.mkdir(exist_ok=True)
        init.write_text(POSTGRES_INIT, encoding="utf-8")
        init.chmod(0o755)
        return 0
    stale = [
        p
        for p, want in ((COMPOSE_FILE, text), (init, POSTGRES_INIT))
        if p.read_text(encoding="utf-8") != want
    ]
    for path in stale:
        print(f"{path} is not generated from {DESCRIPTION}: run python -m scripts.components --write")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
