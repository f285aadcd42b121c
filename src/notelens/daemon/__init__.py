"""The warm CLI's per-index background service (issue #21).

``notelens search``/``ask``/``status`` pay ~5-8 s per process to load Kiwi, the e5 model
and the store. The daemon keeps one :class:`~notelens.engine.Engine` warm per index
folder and answers the CLI over a user-only Unix socket in that folder, with the same
JSON contracts as ``--json`` and the HTTP API; the CLI renders them with the same
functions as in-process. It only reads: index runs stay in the CLI under the index's
write lock. It never listens on a network port.

* :mod:`notelens.daemon.place` -- where its socket and state live (stdlib only);
* :mod:`notelens.daemon.client` -- find, start, ask and stop one (stdlib only: the CLI's
  warm path must not import torch, Kiwi, LanceDB or FastAPI);
* :mod:`notelens.daemon.service` -- the service itself (``python -m notelens.daemon``).
"""
