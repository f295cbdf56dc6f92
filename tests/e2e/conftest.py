"""One real Airflow (api-server, scheduler, dag-processor, triggerer) and two local outlets for the e2e tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest
import requests

from tests.http_server import LocalServer, Reply

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FIXTURES = ROOT / "tests" / "fixtures" / "e2e"
COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
START_WAIT = 240.0  # seconds for the api-server to answer and the DAGs to be parsed
RUN_WAIT = 300.0  # seconds for one DAG run to finish
PASSWORD = "newsflow-e2e"
# SQLite under load: wait for a lock up to a minute instead of sqlite3's 5 s (Airflow imports this by path)
SQLITE_CONNECT_ARGS = {"timeout": 60}

# Two outlets, one article a day each, at noon UTC (15:00 in Beirut: same local date).
DAYS = [dt.date(2024, 5, 10) + dt.timedelta(days=i) for i in range(6)]
OUTLETS = {
    "e2e_alpha": {"title": "صحيفة الشمال التجريبية", "city": "طرابلس", "offset": 10},
    "e2e_beta": {"title": "إذاعة الجنوب التجريبية", "city": "صيدا", "offset": 40},
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def program_outlets(server: LocalServer) -> dict[str, list[str]]:
    """Feeds and article pages of the two outlets; returns the article URLs per outlet."""
    item_tpl = (FIXTURES / "item.xml").read_text(encoding="utf-8")
    feed_tpl = (FIXTURES / "feed.xml").read_text(encoding="utf-8")
    page_tpl = (FIXTURES / "article.html").read_text(encoding="utf-8")
    urls: dict[str, list[str]] = {}
    for name, info in OUTLETS.items():
        items = []
        urls[name] = []
        for i, day in enumerate(DAYS):
            path = f"/{name}/news/{day:%Y%m%d}-transport"
            published = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
            title = f"{info['city']}: خطة النقل العام ليوم {day.day} من أيار"
            page = _fill(
                page_tpl,
                TITLE=title,
                PUBLISHED=published.isoformat(),
                CITY=str(info["city"]),
                DAY=f"{day.day} أيار {day.year}",
                NUMBER=str(int(info["offset"]) + i * 3),
                OUTLET_TITLE=str(info["title"]),
            )
            server.route(path, Reply(body=page.encode("utf-8")))
            items.append(
                _fill(
                    item_tpl,
                    TITLE=title,
                    URL=server.url(path),
                    PUBDATE=published.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                )
            )
            urls[name].append(server.url(path))
        feed = _fill(
            feed_tpl, OUTLET=name, OUTLET_TITLE=str(info["title"]), BASE=server.base, ITEMS="\n".join(items)
        )
        server.route(
            f"/{name}/feed.xml", Reply(body=feed.encode("utf-8"), content_type="application/rss+xml")
        )
    server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
    return urls


def write_sources(path: Path, server: LocalServer) -> None:
    lines = []
    for name, info in OUTLETS.items():
        lines += [
            "[[source]]",
            f'name = "{name}"',
            f'description = "{info["title"]} (local test outlet)"',
            f'homepage = "{server.url("/" + name + "/")}"',
            f'feeds = ["{server.url("/" + name + "/feed.xml")}"]',
            'language = "ar"',
            'timezone = "Asia/Beirut"',
            "rate_limit = 0.0",
            "enabled = true",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


@dataclass
class Airflow:
    """A running Airflow instance and its surroundings."""

    base: str
    home: Path
    data: Path
    env: dict[str, str]
    outlets: LocalServer
    urls: dict[str, list[str]]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _token: str | None = None

    @property
    def db(self) -> Path:
        return self.data / "news.duckdb"

    def token(self) -> str:
        if self._token is None:
            resp = requests.post(
                f"{self.base}/auth/token", json={"username": "admin", "password": PASSWORD}, timeout=30
            )
            resp.raise_for_status()
            self._token = str(resp.json()["access_token"])
        return self._token

    def api(self, method: str, path: str, body: Any = None) -> requests.Response:
        return requests.request(
            method,
            f"{self.base}/api/v2{path}",
            json=body,
            timeout=60,
            headers={"Authorization": f"Bearer {self.token()}"},
        )

    def unpause(self, dag_id: str) -> None:
        resp = self.api("PATCH", f"/dags/{dag_id}", {"is_paused": False})
        assert resp.status_code == 200, resp.text
        assert resp.json()["is_paused"] is False

    def wait_run(self, dag_id: str, run_id: str, timeout: float = RUN_WAIT) -> str:
        """Poll a run until it ends (bounded); returns its final state."""
        deadline = time.monotonic() + timeout
        state = "?"
        while time.monotonic() < deadline:
            resp = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}")
            if resp.status_code == 200:
                state = str(resp.json()["state"])
                if state in {"success", "failed"}:
                    return state
            time.sleep(2)
        raise AssertionError(
            f"{dag_id}/{run_id} still {state} after {timeout:.0f}s\n{self.task_summary(dag_id, run_id)}"
        )

    def task_summary(self, dag_id: str, run_id: str) -> str:
        resp = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances")
        if resp.status_code != 200:
            return resp.text
        return "\n".join(
            f"{t['task_id']}[{t.get('map_index')}]: {t['state']}" for t in resp.json()["task_instances"]
        )

    def table_contents(
        self, tables: tuple[str, ...] = ("articles", "paragraphs", "runs", "fetches")
    ) -> dict[str, list[tuple[Any, ...]]]:
        """Sorted rows of the given tables, minus columns that hold wall-clock times."""
        con = duckdb.connect(str(self.db), read_only=True)
        try:
            out: dict[str, list[tuple[Any, ...]]] = {}
            for table in tables:
                cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
                keep = [
                    c
                    for c in cols
                    if not c.endswith(("_at", "_seconds")) and c not in {"started", "finished"}
                ]
                rows = con.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall()
                out[table] = sorted(rows, key=repr)
            return out
        finally:
            con.close()

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        con = duckdb.connect(str(self.db), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def logs(self, lines: int = 40) -> str:
        out = []
        for name in COMPONENTS:
            log = self.home / f"{name}.log"
            if log.exists():
                out.append(f"--- {name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:]))
        return "\n".join(out)


def airflow_env(home: Path, data: Path, port: int, sources: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSFLOW"))}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__EXECUTOR="LocalExecutor",
        AIRFLOW__CORE__PARALLELISM="4",
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="True",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home}/airflow.db",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONNECT_ARGS="tests.e2e.conftest.SQLITE_CONNECT_ARGS",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=str(home / "passwords.json"),
        AIRFLOW__API__HOST="127.0.0.1",
        AIRFLOW__API__PORT=str(port),
        AIRFLOW__API__WORKERS="1",
        AIRFLOW__API__BASE_URL=f"http://127.0.0.1:{port}",
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{port}/execution/",
        AIRFLOW__API_AUTH__JWT_SECRET=secrets.token_hex(32),
        AIRFLOW__API__SECRET_KEY=secrets.token_hex(16),
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="5",
        AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK="False",
        AIRFLOW__LOGGING__LOGGING_LEVEL="INFO",
        NEWSFLOW_DATA_DIR=str(data),
        NEWSFLOW_SOURCES_FILE=str(sources),
        NEWSFLOW_ALLOW_LOOPBACK="1",
        NEWSFLOW_PER_HOST_INTERVAL="0",
        NEWSFLOW_RETRIES="1",
        NEWSFLOW_DEADLINE="20",
        PYTHONPATH=str(ROOT),
    )
    return env


def stop_group(proc: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    """SIGTERM the process group, then SIGKILL what is left after ``grace`` seconds."""
    if proc.poll() is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # stray children of an exited leader
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _wait(what: str, check: Callable[[], bool], timeout: float, on_fail: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if check():
                return
        time.sleep(2)
    raise RuntimeError(f"{what} not ready after {timeout:.0f}s\n{on_fail()}")


@pytest.fixture(scope="session")
def airflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Airflow]:
    """A real Airflow on a free loopback port with a temporary AIRFLOW_HOME, shared by the e2e tests."""
    root = tmp_path_factory.mktemp("airflow-e2e")
    home, data = root / "home", root / "data"
    home.mkdir()
    (home / "passwords.json").write_text(json.dumps({"admin": PASSWORD}), encoding="utf-8")
    server = LocalServer().start()
    urls = program_outlets(server)
    sources = root / "sources.toml"
    write_sources(sources, server)
    port = free_port()
    env = airflow_env(home, data, port, sources)
    inst = Airflow(base=f"http://127.0.0.1:{port}", home=home, data=data, env=env, outlets=server, urls=urls)
    try:
        init = subprocess.run(
            ["bash", str(ROOT / "scripts" / "airflow_init.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=400,
            check=False,
        )
        assert init.returncode == 0, init.stdout + init.stderr
        for name in COMPONENTS:
            log = (home / f"{name}.log").open("wb")
            inst.procs[name] = subprocess.Popen(
                [str(BIN / "airflow"), name],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=str(root),
            )
            log.close()

        def healthy() -> bool:
            dead = [n for n, p in inst.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{dead} exited\n{inst.logs()}")
            return requests.get(f"{inst.base}/api/v2/monitor/health", timeout=5).status_code == 200

        _wait("api-server", healthy, START_WAIT, inst.logs)
        _wait(
            "DAG news_ingest",
            lambda: inst.api("GET", "/dags/news_ingest").status_code == 200,
            START_WAIT,
            inst.logs,
        )
        yield inst
    finally:
        for proc in inst.procs.values():
            stop_group(proc)
        server.stop()
