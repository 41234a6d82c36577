"""A real, throw-away PostgreSQL server for tests: initdb into a temporary folder, start on a
free loopback port, hand out a fresh schema per test, stop and delete everything after.

Each test gets its own schema in one shared database, reached through a URL whose
`search_path` names only that schema (`schema_url`): the code under test sees an empty
database, and creating a schema takes milliseconds where CREATE DATABASE takes seconds.
`create_database` is there for tests that need a whole database.

Nothing is installed or configured system-wide and no running cluster is touched. The server
binaries (initdb, postgres) come from `$PG_BINDIR`, `pg_config --bindir`, the newest
`/usr/lib/postgresql/*/bin` (Debian, Ubuntu) or `PATH`; `scripts/setup_postgres.sh` installs
them. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
if there is one, else as `nobody`, in a folder it owns.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

START_TIMEOUT = 60
SUPERUSER = "postgres"
TEST_DATABASE = "tests"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, postgres) were not found. Run "
    "scripts/setup_postgres.sh (installs Debian's postgresql package with apt-get), or set "
    "PG_BINDIR to the folder that holds them."
)


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing or the server did not start."""


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name)) or (0,)


def find_bindir() -> Path | None:
    """The folder holding initdb and postgres, or None."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout.strip()
            if out:
                candidates.append(Path(out))
    candidates.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key,
                             reverse=True))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged account to run the server as when we are root, else None."""
    if os.geteuid() != 0:
        return None
    for name in (SUPERUSER, "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresUnavailable("running as root and neither 'postgres' nor 'nobody' exists")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: stop the server (fast shutdown) if the test process dies without cleaning up."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG


@dataclass
class PostgresServer:
    """One running server; `url(db)` gives a SQLAlchemy URL for a database on it."""

    bindir: Path
    base: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    _databases: list[str] = field(default_factory=list)
    _test_database: bool = False

    @classmethod
    def start(cls, bindir: Path | None = None, attempts: int = 3) -> PostgresServer:
        bindir = bindir or find_bindir()
        if bindir is None:
            raise PostgresUnavailable(INSTALL_HINT)
        account = _run_as()
        # As root the server's own user must reach the folder: /tmp, not a private TMPDIR.
        base = Path(tempfile.mkdtemp(prefix="case-store-pg-",
                                     dir="/tmp" if account else None))
        ids = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} \
            if account else {}
        if account:
            os.chown(base, account.pw_uid, account.pw_gid)
        data, sockets, log = base / "data", base / "sockets", base / "server.log"
        try:
            sockets.mkdir()
            if account:
                os.chown(sockets, account.pw_uid, account.pw_gid)
            init = subprocess.run(
                [str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                capture_output=True, text=True, timeout=120, cwd=base, **ids)
            if init.returncode != 0:
                raise PostgresUnavailable(f"initdb failed:\n{init.stdout}\n{init.stderr}")
            for _ in range(attempts):
                port = _free_port()
                with open(log, "ab") as out:
                    process = subprocess.Popen(
                        [str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1",
                         "-p", str(port), "-k", str(sockets),
                         "-c", "fsync=off", "-c", "synchronous_commit=off",
                         "-c", "full_page_writes=off", "-c", "max_connections=40"],
                        stdout=out, stderr=subprocess.STDOUT, cwd=base,
                        preexec_fn=_die_with_parent, **ids)
                server = cls(bindir, base, port, process, log)
                if server._wait_ready():
                    return server
                server._terminate()
            raise PostgresUnavailable(f"postgres did not start:\n{log.read_text()[-3000:]}")
        except BaseException:
            shutil.rmtree(base, ignore_errors=True)
            raise

    def _wait_ready(self) -> bool:
        import psycopg2

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                psycopg2.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                                 dbname="postgres", connect_timeout=2).close()
                return True
            except psycopg2.OperationalError:
                time.sleep(0.1)
        return False

    def url(self, database: str = "postgres", schema: str | None = None) -> str:
        """SQLAlchemy URL of `database`; with `schema`, the only schema on its search path."""
        url = f"postgresql+psycopg2://{SUPERUSER}@127.0.0.1:{self.port}/{database}"
        if schema:
            url += "?options=" + quote(f"-csearch_path={schema}", safe="")
        return url

    def _admin(self, sql: str, database: str = "postgres") -> None:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                                dbname=database)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SET lock_timeout = '10s'")
                cur.execute(sql)
        finally:
            conn.close()

    @staticmethod
    def _check_name(name: str) -> None:
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a simple identifier: {name!r}")

    def create_schema(self, name: str) -> str:
        """A new empty schema in the shared test database; a URL that sees only it."""
        self._check_name(name)
        if not self._test_database:
            self._admin(f'CREATE DATABASE "{TEST_DATABASE}"')
            self._test_database = True
        self._admin(f'CREATE SCHEMA "{name}"', TEST_DATABASE)
        return self.url(TEST_DATABASE, schema=name)

    def drop_schema(self, name: str) -> None:
        """Drop a test's schema (best effort: a leaked connection may hold a lock)."""
        self._check_name(name)
        import psycopg2

        with contextlib.suppress(psycopg2.Error):
            self._admin(f'DROP SCHEMA IF EXISTS "{name}" CASCADE', TEST_DATABASE)

    def create_database(self, name: str) -> str:
        """A new empty database; its SQLAlchemy URL."""
        self._check_name(name)
        self._admin(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database even if a test left connections open (PostgreSQL 13+)."""
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(ValueError):
            self._databases.remove(name)

    def _terminate(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self._terminate()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
