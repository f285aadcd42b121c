"""The warm CLI (issue #21): cold vs warm ``search``/``ask``/``status``, end to end as
processes.

    env -u PYTHONDONTWRITEBYTECODE PYTHONPATH=src .venv/bin/python \\
        benchmarks/cli_warm.py --index /tmp/nl-idx --runs 20 --cold 4

Each figure is the wall time of a whole ``python -m notelens ...`` process started from
this script (as from a shell): interpreter start, imports, the request, the rendering.
``PYTHONPATH`` picks the notelens under test (another worktree's ``src`` for a before /
after pair in one sitting).

1. cold and first, ``--cold`` pairs, the query alternating Korean / English: with no
   daemon running, ``search`` with ``--no-daemon`` (in-process: loads Kiwi -- for the
   Korean query --, the e5 model and the store), then the same ``search`` with the
   daemon on (the first command: it starts one and waits for its answer); the daemon is
   stopped before each pair. Reported: both p50s and the p50 of the per-pair
   difference (target: first <= cold + 1 s);
2. warm: ``--runs`` ``search`` and ``ask`` calls through the daemon, Korean, English and
   mixed questions in turn, and ``--runs`` ``status`` calls; p50 and p90;
3. baseline: ``python -c pass`` (what any Python CLI pays here);
4. request only: the daemon's JSON routes asked from this process (no process start, no
   imports): the daemon's own time, to split a warm command's time into the daemon's
   work and the process's.

The daemon it started is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import common

QUERIES = (
    "GQA는 MQA와 무엇이 다른가",
    "how does LoRA cut trainable parameters",
    "DPO 논문 발표는 누가 했지",
    "KV cache 메모리를 줄이는 방법",
)


def timed(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    res = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    dt = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({res.returncode}): {res.stderr[-2000:]}")
    return dt


def request_only(index: Path, runs: int) -> list[tuple[str, list[float]]]:
    from notelens.config import DaemonConfig
    from notelens.daemon.client import connect

    daemon = connect(index, DaemonConfig.from_env({}), start=False)
    out: list[tuple[str, list[float]]] = []
    for path, key in (("/search", "query"), ("/ask", "question"), ("/status", None)):
        vals = []
        for i in range(runs):
            body = {key: QUERIES[i % len(QUERIES)]} if key else {}
            t = time.perf_counter()
            for _ in daemon.lines(path, body):
                pass
            vals.append(time.perf_counter() - t)
        out.append((f"{path[1:]}, request only", vals))
    return out + cli_request_only(index, runs)


def cli_request_only(index: Path, runs: int) -> list[tuple[str, list[float]]]:
    """The daemon's time for a whole rendered ``search`` (``/cli``: the search and the
    rendering for this process's terminal), asked from this process; none where the
    notelens under test has no such route."""
    try:
        from notelens.cli.fast import parse
        from notelens.daemon import wire
    except ImportError:
        return []
    index_dir = wire.index_path(str(index))
    sock = wire.socket_of(index_dir)
    vals = []
    for i in range(runs):
        parsed = parse(["search", QUERIES[i % len(QUERIES)]])
        assert parsed is not None and sock is not None
        body = wire.cli_request(index_dir, parsed.to_wire())
        t = time.perf_counter()
        events = list(wire.exchange(sock, "POST", wire.CLI_ROUTE, body, 60.0))
        vals.append(time.perf_counter() - t)
        if "exit" not in events[-1]:
            raise SystemExit(f"/cli did not run: {events[-1]}")
    return [("search, /cli request only (rendered)", vals)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--cold", type=int, default=4, help="cold / first-command pairs")
    args = ap.parse_args()
    py = sys.executable
    base = {**os.environ, "LANCE_LOG": "error", "NOTELENS_DAEMON": "1"}
    base.pop("NOTELENS_DAEMON_IDLE", None)
    # As installed: Python's bytecode caches are used (a dev shell with
    # PYTHONDONTWRITEBYTECODE=1 recompiles ~50 notelens modules per process, +50-90 ms).
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    cli = [py, "-m", "notelens"]
    ix = ["--index", str(args.index)]

    def stop() -> None:
        subprocess.run([*cli, "daemon", "stop", *ix], capture_output=True, env=base)

    stop()
    rows: list[tuple[str, list[float]]] = []
    try:
        rows.append(("python -c pass", [timed([py, "-c", "pass"], base) for _ in range(5)]))
        cold: list[float] = []
        first: list[float] = []
        for i in range(args.cold):
            query = QUERIES[i % 2]  # Korean, English
            stop()
            cold.append(timed([*cli, "--no-daemon", "search", query, *ix], base))
            first.append(timed([*cli, "search", query, *ix], base))
        rows.append(("search, cold (--no-daemon)", cold))
        rows.append(("search, first (starts daemon)", first))
        rows.append(("first - cold, per pair", [f - c for f, c in zip(first, cold, strict=True)]))
        for cmd in ("search", "ask"):
            runs = [
                timed([*cli, cmd, QUERIES[i % len(QUERIES)], *ix], base) for i in range(args.runs)
            ]
            rows.append((f"{cmd}, warm (daemon)", runs))
        status = [timed([*cli, "status", *ix], base) for _ in range(args.runs)]
        rows.append(("status, warm (daemon)", status))
        rows.extend(request_only(args.index, args.runs))
    finally:
        stop()
    print(f"machine: {common.machine()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'command':34} {'n':>3} {'p50 s':>7} {'p90 s':>7} {'min s':>7}")
    for name, vals in rows:
        print(
            f"{name:34} {len(vals):>3} {common.percentile(vals, 50):7.3f} "
            f"{common.percentile(vals, 90):7.3f} {min(vals):7.3f}"
        )


if __name__ == "__main__":
    main()
