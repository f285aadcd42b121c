"""``python -m notelens.daemon --index DIR``: the process ``notelens daemon start`` (and
the first warm CLI command) spawns; its stdout/stderr go to ``.daemon/daemon.log``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from notelens.daemon.service import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notelens.daemon")
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    run(args.index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
