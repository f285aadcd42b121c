"""``python -m notelens.daemon --index DIR``: the service alone (its JSON routes); the
CLI starts ``python -m notelens.cli.remote``, the same service that also renders whole
commands. Either's stdout/stderr go to ``.daemon/daemon.log``."""

from __future__ import annotations

import sys

from notelens.daemon.service import main

if __name__ == "__main__":
    sys.exit(main())
