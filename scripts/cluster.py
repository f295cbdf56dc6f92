"""The distributed newsflow of docker/components.toml as local processes, without Docker.

Postgres and Redis from the Debian packages (`apt-get install postgresql redis-server`) on loopback
ports in a temporary folder, Airflow's api-server, scheduler and dag-processor, and N Celery workers
with their own names (w1@<host>, w2@<host>, ...): the same commands and settings as the compose file.
Used by the CI test (tests/e2e/test_celery_cluster.py) and bench/scale.py; by hand:

    .venv/bin/python -m scripts.cluster --workers 2      # runs until Ctrl-C, then stops everything

Every process is started by this module and stopped by its pid (process group), the folder removed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts import components

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START_WAIT = 240.0  # seconds for the api-server to answer, the DAGs to be parsed and the workers to be ready
PG_USER = "airflow"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def worker_hostname() -> str:
    """Airflow's hostname_callable for local workers: the worker's own name, so task records tell them apart.

    (In compose each worker is its own container, with its own host name.)
    """
    return os.environ.get("NEWSFLOW_WORKER_NAME") or socket.getfqdn()


def postgres_bin() -> Path:
    """The newest installed PostgreSQL server's bin folder (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not found:
        raise FileNotFoundError("PostgreSQL is not installed: apt-get install -y postgresql")
    return found[-1].parent


def redis_bin() -> Path:
    found = shutil.which("redis-server")
    if not found:
        raise FileNotFoundError("Redis is not installed: apt-get install -y redis-server")
    return Path(found)


def services_available() -> str | None:
    """None when Postgres and Redis can be started here, else why not."""
    try:
        postgres_bin()
        redis_bin()
    except FileNotFoundError as exc:
        return str(exc)
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return "no `postgres` system user (the Debian package creates it)"
    if os.geteuid() != 0:
        return "starting PostgreSQL as the `postgres` user needs root"
    return None


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, grace: float = 20.0) -> None:
    """Signal the process group led by ``proc`` (its pid), SIGKILL what is left after ``grace``."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # children left behind by an exited leader
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _wait(what: str, check: Callable[[], bool], timeout: float, on_fail: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(1)
    raise RuntimeError(f"{what} not ready after {timeout:.0f}s\n{on_fail()}")


@dataclass
class Cluster:
    """A running local cluster: its folder, ports, environment and processes (by name)."""

    root: Path
    workers: int
    concurrency: int
    pg_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(8))
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    worker_names: list[str] = field(default_factory=list)
    _token: str | None = None

    @property
    def home(self) -> Path:
        return self.root / "airflow"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def pg_dsn(self, database: str) -> str:
        return f"dbname={database} host=127.0.0.1 port={self.pg_port} user={PG_USER} password={self.password}"

    # --- infrastructure -------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str], env: Mapping[str, str] | None = None, **kw: Any) -> None:
        log = (self.root / "logs" / f"{name}.log").open("wb")
        try:
            self.procs[name] = subprocess.Popen(
                argv,
                env=dict(env) if env is not None else None,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=str(self.root),
                **kw,
            )
        finally:
            log.close()

    def log(self, name: str, lines: int = 40) -> str:
        path = self.root / "logs" / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def logs(self, lines: int = 40) -> str:
        return "\n".join(f"--- {name}\n{self.log(name, lines)}" for name in self.procs)

    def start_postgres(self) -> None:
        pg = postgres_bin()
        pgdata = self.root / "pg" / "data"
        sockets = self.root / "pg" / "run"
        for d in (self.root / "pg", sockets):
            d.mkdir(parents=True, exist_ok=True)
            shutil.chown(d, "postgres", "postgres")
        initdb = [str(pg / "initdb"), "-D", str(pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run(
            [*initdb, "--locale=C", "--no-sync"],
            user="postgres",
            cwd=str(self.root / "pg"),
            check=True,
            capture_output=True,
            timeout=120,
        )
        argv = [str(pg / "postgres"), "-D", str(pgdata), "-p", str(self.pg_port), "-k", str(sockets)]
        for setting in (
            "listen_addresses=127.0.0.1",
            "max_connections=200",
            "fsync=off",  # a throw-away test server
            "synchronous_commit=off",
            "full_page_writes=off",
        ):
            argv += ["-c", setting]
        self._spawn("postgres", argv, user="postgres")
        psql = self._psql()

        def ready() -> bool:
            if self.procs["postgres"].poll() is not None:
                raise RuntimeError(f"postgres exited\n{self.log('postgres')}")
            return (
                subprocess.run(
                    [*psql, "-c", "select 1"], capture_output=True, timeout=10, check=False
                ).returncode
                == 0
            )

        _wait("postgres", ready, 60, lambda: self.log("postgres"))
        desc = components.load()
        for sql in (
            f"CREATE ROLE {PG_USER} LOGIN PASSWORD '{self.password}'",
            f"CREATE DATABASE {desc['postgres']['database']} OWNER {PG_USER}",
            f"CREATE DATABASE {desc['postgres']['lake_database']} OWNER {PG_USER}",
        ):
            subprocess.run([*psql, "-c", sql], check=True, capture_output=True, timeout=30)

    def _psql(self) -> list[str]:
        psql = [str(postgres_bin() / "psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres"]
        return [*psql, "-v", "ON_ERROR_STOP=1", "-q", "-d", "postgres"]

    def create_database(self, name: str) -> str:
        """A new database owned by the cluster's user; returns its libpq DSN."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"bad database name {name!r}")
        sql = f"CREATE DATABASE {name} OWNER {PG_USER}"
        subprocess.run([*self._psql(), "-c", sql], check=True, capture_output=True, timeout=30)
        return self.pg_dsn(name)

    def start_redis(self) -> None:
        work = self.root / "redis"
        work.mkdir(exist_ok=True)
        argv = [str(redis_bin()), "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", ""]
        argv += ["--appendonly", "no", "--dir", str(work)]
        self._spawn("redis", argv)

        def ready() -> bool:
            if self.procs["redis"].poll() is not None:
                raise RuntimeError(f"redis exited\n{self.log('redis')}")
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")

        _wait("redis", ready, 30, lambda: self.log("redis"))

    # --- Airflow --------------------------------------------------------------------------------
    def airflow_env(self, sources_file: Path, extra: Mapping[str, str]) -> dict[str, str]:
        desc = components.load()
        values = {
            "pg_host": "127.0.0.1",
            "pg_port": str(self.pg_port),
            "pg_user": PG_USER,
            "pg_password": self.password,
            "pg_db": str(desc["postgres"]["database"]),
            "lake_db": str(desc["postgres"]["lake_database"]),
            "redis_host": "127.0.0.1",
            "redis_port": str(self.redis_port),
            "api_host": "127.0.0.1",
            "api_port": str(self.api_port),
            "worker_concurrency": str(self.concurrency),
            "data_dir": str(self.data),
            "sources_file": str(sources_file),
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSFLOW"))}
        env.update(components.airflow_env(desc, values))
        secret = secrets.token_hex(32)
        env.update(
            AIRFLOW_HOME=str(self.home),
            AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
            AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=str(self.home / "passwords.json"),
            AIRFLOW__API__HOST="127.0.0.1",
            AIRFLOW__API__PORT=str(self.api_port),
            AIRFLOW__API__WORKERS="1",
            AIRFLOW__API__BASE_URL=self.base,
            AIRFLOW__API_AUTH__JWT_SECRET=secret,
            AIRFLOW__API__SECRET_KEY=secret[:32],
            AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
            AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
            AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="5",
            AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK="False",  # its fixed port would collide
            AIRFLOW__LOGGING__LOGGING_LEVEL="INFO",
            PYTHONPATH=str(ROOT),
        )
        env.update(extra)
        return env

    def token(self) -> str:
        import requests

        if self._token is None:
            creds = json.loads((self.home / "passwords.json").read_text(encoding="utf-8"))
            user, password = next(iter(creds.items()))
            resp = requests.post(
                f"{self.base}/auth/token", json={"username": user, "password": password}, timeout=30
            )
            resp.raise_for_status()
            self._token = str(resp.json()["access_token"])
        return self._token

    def api(self, method: str, path: str, body: Any = None) -> Any:
        import requests

        return requests.request(
            method,
            f"{self.base}/api/v2{path}",
            json=body,
            timeout=60,
            headers={"Authorization": f"Bearer {self.token()}"},
        )

    def start_airflow(self, sources_file: Path, extra_env: Mapping[str, str], admin_password: str) -> None:
        import requests

        desc = components.load()
        self.home.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(parents=True, exist_ok=True)
        (self.home / "passwords.json").write_text(json.dumps({"admin": admin_password}), encoding="utf-8")
        self.env = self.airflow_env(sources_file, extra_env)
        for cmd in components.init_commands(desc):
            out = subprocess.run(
                [str(BIN / "airflow"), *cmd],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=400,
                check=False,
                cwd=str(self.root),
            )
            if out.returncode != 0:
                raise RuntimeError(
                    f"airflow {' '.join(cmd)} failed\n{out.stdout[-3000:]}{out.stderr[-3000:]}"
                )
        for comp in desc["airflow"]["component"]:
            if comp.get("local", True):
                env = {**self.env, **comp.get("env", {})}
                env["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] = "False"
                self._spawn(comp["name"], [str(BIN / "airflow"), *comp["command"]], env)
        for _ in range(self.workers):
            self.add_worker(wait=False)

        def alive() -> None:
            dead = [n for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{dead} exited\n{self.logs()}")

        def healthy() -> bool:
            alive()
            try:
                return requests.get(f"{self.base}/api/v2/monitor/health", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        _wait("api-server", healthy, START_WAIT, self.logs)

        def dag_known() -> bool:
            alive()
            return bool(self.api("GET", "/dags/news_ingest").status_code == 200)

        _wait("DAG news_ingest", dag_known, START_WAIT, self.logs)

        self.wait_workers()

    def add_worker(self, *, wait: bool = True) -> str:
        """Start one more Celery worker (w1, w2, ...) with its own name, hostname and log-server port."""
        worker = components.load()["airflow"]["worker"]
        name = f"w{len(self.worker_names) + 1}"
        env = {
            **self.env,
            "NEWSFLOW_WORKER_NAME": name,
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "scripts.cluster.worker_hostname",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        }
        argv = [
            str(BIN / "airflow"),
            *worker["command"],
            "--celery-hostname",
            f"{name}@{socket.gethostname()}",
        ]
        argv += ["--concurrency", str(self.concurrency)]
        self._spawn(f"{worker['name']}-{name}", argv, env)
        self.worker_names.append(name)
        if wait:
            self.wait_workers()
        return name

    def wait_workers(self) -> None:
        """Until every worker logged that it is ready (bounded)."""
        worker = components.load()["airflow"]["worker"]
        pattern = re.compile(r"\bw\d+@\S+ ready\.")

        def ready() -> bool:
            dead = [n for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{dead} exited\n{self.logs()}")
            return all(pattern.search(self.log(f"{worker['name']}-{n}", 400)) for n in self.worker_names)

        _wait("celery workers", ready, START_WAIT, self.logs)

    def stop(self, *, remove: bool = True, grace: float = 20.0) -> None:
        """Stop every process by its pid: Airflow's together, then Redis and Postgres; remove the folder."""
        airflow = [p for n, p in self.procs.items() if n not in {"redis", "postgres"}]
        for proc in airflow:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in airflow:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in airflow:
            _stop(proc, grace=0)  # what is left of each group (task runners, api workers) goes now
        for name in ("redis", "postgres"):
            proc = self.procs.get(name)
            if proc is not None:
                # postgres: SIGINT is its fast shutdown (rolls back open sessions and exits)
                _stop(proc, signal.SIGINT if name == "postgres" else signal.SIGTERM, grace)
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)


def start(
    *,
    workers: int = 2,
    concurrency: int | None = None,
    sources_file: Path = ROOT / "sources.toml",
    extra_env: Mapping[str, str] | None = None,
    admin_password: str = "newsflow-cluster",  # noqa: S107 - a throw-away local login
) -> Cluster:
    """Postgres, Redis and Airflow with ``workers`` Celery workers; stops what started when a step fails."""
    desc = components.load()
    root = Path(tempfile.mkdtemp(prefix="newsflow-cluster-"))
    root.chmod(0o755)  # the postgres user reaches its folder inside
    (root / "logs").mkdir()
    cluster = Cluster(
        root=root,
        workers=workers,
        concurrency=concurrency or int(desc["airflow"]["worker"]["concurrency"]),
    )
    try:
        cluster.start_postgres()
        cluster.start_redis()
        cluster.start_airflow(sources_file, extra_env or {}, admin_password)
    except BaseException:
        cluster.stop(remove=False)
        raise
    return cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=None)
    parser.add_argument("--sources", type=Path, default=ROOT / "sources.toml")
    args = parser.parse_args(argv)
    why = services_available()
    if why:
        print(why, file=sys.stderr)
        return 2
    cluster = start(workers=args.workers, concurrency=args.concurrency, sources_file=args.sources.resolve())
    print(
        f"Airflow (CeleryExecutor, {args.workers} workers) on {cluster.base}; login admin / newsflow-cluster"
    )
    print(f"folder {cluster.root}; Ctrl-C stops everything")
    stopping = False

    def _quit(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _quit)
    try:
        while not stopping:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
