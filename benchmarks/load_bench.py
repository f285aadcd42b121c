"""Load on the HTTP API: N concurrent clients on `/search` over loopback, with and
without an index run going at the same time.

    .venv/bin/python benchmarks/load_bench.py --index .bench/scifact-auto/index \\
        --clients 8 --duration 30 --out .bench/load.json

The index is copied to a temp folder first (the index run must not touch the original).
`notelens serve` runs as a subprocess with the index's own folders plus a new folder of
`--new-docs` KorQuAD paragraphs written as notes; each client is a closed loop (send,
wait for the whole response, send again) over SciFact queries mixed with KorQuAD
questions (`--ko-share`), all distinct enough that the query-vector cache rarely hits.

Phase 1 ("steady") runs `--duration` seconds with no writer. Phase 2 ("during index")
starts `POST /index` (which embeds the new notes into the served index) and runs until
that job finishes, at least `--duration` seconds. Latency is client-side (request sent
to last byte received). An error is anything but a 200 with hits, or an exception.
``--slow-ms N`` also lists every request slower than N ms by when it started (seconds
after the phase start), with when the index job was seen done: where the tail comes from.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from common import ROOT, percentile, scifact_queries, squad_paragraphs_and_questions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RawClient:
    """A minimal HTTP/1.1 keep-alive client for POST /search (one connection per client).

    The load generator shares the 2 cores with the server, so what it costs per request
    is taken from the server: httpx spends ~1.7 ms of CPU per request here, this ~0.3 ms
    (both are reported in the "client CPU" column). Only what the bench needs: JSON
    bodies, Content-Length or chunked responses, reconnect after the server closes.
    """

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        payload = json.dumps(body, ensure_ascii=False).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        ).encode()
        return await asyncio.wait_for(self._roundtrip(head + payload), self.timeout)

    async def _roundtrip(self, request: bytes) -> tuple[int, bytes]:
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None and self._writer is not None
        try:
            self._writer.write(request)
            header = await self._reader.readuntil(b"\r\n\r\n")
            lines = header.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            fields = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    fields[name.strip().lower()] = value.strip()
            if fields.get("transfer-encoding", "").lower() == "chunked":
                parts = []
                while True:
                    size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    if size == 0:
                        await self._reader.readuntil(b"\r\n")
                        break
                    parts.append(await self._reader.readexactly(size + 2))
                data = b"".join(p[:-2] for p in parts)
            else:
                data = await self._reader.readexactly(int(fields.get("content-length", "0")))
            if fields.get("connection", "").lower() == "close":
                await self.close()
            return status, data
        except BaseException:
            await self.close()  # a half-read response must not poison the next request
            raise

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


async def client_loop(
    c: httpx.AsyncClient | RawClient,
    queries: list[str],
    stop: asyncio.Event,
    lat: list[float],
    errors: list[str],
    k: int,
    mode: str,
    seed: int,
    slow: tuple[float, float, list[tuple[float, float]]] = (float("inf"), 0.0, []),
) -> None:
    """``slow``: (threshold ms, phase start, list): requests over the threshold are
    appended as (seconds after the phase start, ms)."""
    rnd = random.Random(seed)
    while not stop.is_set():
        q = rnd.choice(queries)
        body = {"query": q, "k": k, "mode": mode}
        t0 = time.perf_counter()
        try:
            if isinstance(c, RawClient):
                status, data = await c.post_json("/search", body)
            else:
                r = await c.post("/search", json=body)
                status, data = r.status_code, r.content
            ok = status == 200 and bool(json.loads(data)["hits"])
            if not ok:
                errors.append(f"{status}: {data[:200].decode('utf-8', 'replace')}")
        except Exception as exc:  # a dropped connection or timeout is an error, not a crash
            errors.append(f"{type(exc).__name__}: {exc}")
            ok = False
        if ok:
            lat.append((time.perf_counter() - t0) * 1e3)
            if lat[-1] > slow[0]:
                slow[2].append((round(t0 - slow[1], 2), round(lat[-1])))
        if isinstance(c, RawClient) and not ok:
            await c.close()
    if isinstance(c, RawClient):
        await c.close()


async def phase(
    url: str,
    clients: int,
    queries: list[str],
    duration: float,
    k: int,
    mode: str,
    with_index: bool,
    server_pid: int,
    client_kind: str = "raw",
    slow_ms: float = float("inf"),
) -> dict[str, Any]:
    lat: list[float] = []
    slow: list[tuple[float, float]] = []
    job_end: float | None = None
    load_before = os.getloadavg()[0]
    cpu0 = cpu_seconds(server_pid)
    client_cpu0 = time.process_time()
    errors: list[str] = []
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as c:
        job: dict[str, Any] | None = None
        t0 = time.perf_counter()
        if with_index:
            r = await c.post("/index", json={})
            if r.status_code != 202:
                raise SystemExit(f"POST /index failed: {r.status_code} {r.text}")
        parsed = httpx.URL(url)
        conns: list[httpx.AsyncClient | RawClient] = [
            RawClient(parsed.host, parsed.port or 80) if client_kind == "raw" else c
            for _ in range(clients)
        ]
        tasks = [
            asyncio.create_task(
                client_loop(conn, queries, stop, lat, errors, k, mode, seed, (slow_ms, t0, slow))
            )
            for seed, conn in enumerate(conns)
        ]
        while True:
            await asyncio.sleep(0.5)
            elapsed = time.perf_counter() - t0
            if with_index:
                job = (await c.get("/index")).json()
                if job["state"] != "running" and job_end is None:
                    job_end = round(elapsed, 1)
                if job["state"] != "running" and elapsed >= duration:
                    break
            elif elapsed >= duration:
                break
        stop.set()
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
    cpu = cpu_seconds(server_pid) - cpu0
    client_cpu = time.process_time() - client_cpu0
    row: dict[str, Any] = {
        "phase": "during index" if with_index else "steady",
        "clients": clients,
        "client": client_kind,
        "seconds": round(wall, 1),
        "requests": len(lat) + len(errors),
        "rps": round(len(lat) / wall, 1),
        "p50_ms": round(percentile(lat, 50), 1),
        "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1),
        "max_ms": round(max(lat), 1) if lat else None,
        "errors": len(errors),
        "error_samples": errors[:5],
        # Server CPU per answered search: insensitive to other jobs on the machine
        # (during an index run it includes the indexing work).
        "server_cpu_ms_per_req": round(1000 * cpu / max(len(lat), 1), 1),
        "client_cpu_ms_per_req": round(1000 * client_cpu / max(len(lat), 1), 1),
        "load_avg_before": round(load_before, 2),
    }
    if job is not None:
        counts = (job.get("report") or {}).get("counts", {})
        row["index_job"] = {"state": job["state"], "counts": counts, "error": job.get("error")}
        row["index_job_done_s"] = job_end  # seen done at this poll (every 0.5 s)
    if slow_ms != float("inf"):
        row["slow"] = sorted(slow)
    return row


def baseline(index: Path, queries: list[str], n: int, k: int, mode: str) -> dict[str, Any]:
    """The same searches in this process, one at a time, without HTTP (the engine's share)."""
    import logging

    from notelens.engine import Engine

    logging.disable(logging.WARNING)  # flagged-query warnings are not the point here
    engine = Engine(index)
    for q in ("warm up", "워밍업 질문"):
        engine.search(q, k=k, mode=mode)
    rnd = random.Random(1)
    lat = []
    t0 = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        engine.search(rnd.choice(queries), k=k, mode=mode)
        lat.append((time.perf_counter() - t) * 1e3)
    wall = time.perf_counter() - t0
    return {
        "phase": "in-process Engine.search, no HTTP",
        "clients": 1,
        "seconds": round(wall, 1),
        "requests": n,
        "rps": round(n / wall, 1),
        "p50_ms": round(percentile(lat, 50), 1),
        "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1),
        "errors": 0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", type=Path, required=True, help="an existing index (copied)")
    ap.add_argument("--clients", type=int, nargs="+", default=[8])
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per phase (minimum)")
    ap.add_argument("--new-docs", type=int, default=150, help="KorQuAD notes the index run adds")
    ap.add_argument("--ko-share", type=float, default=0.2, help="share of Korean questions")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--mode", default="hybrid")
    ap.add_argument("--no-index-run", action="store_true")
    ap.add_argument(
        "--baseline", type=int, default=0, help="then N searches in-process, without HTTP"
    )
    ap.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator: a minimal HTTP/1.1 client (default) or httpx",
    )
    ap.add_argument(
        "--slow-ms",
        type=float,
        default=float("inf"),
        help="also list the requests slower than this (seconds after the phase start, ms)",
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    paras, ko_questions = squad_paragraphs_and_questions()
    en = scifact_queries()
    rnd = random.Random(0)
    n_ko = int(len(en) * args.ko_share / (1 - args.ko_share))
    queries = en + rnd.sample(ko_questions, min(n_ko, len(ko_questions)))

    work = Path(tempfile.mkdtemp(prefix="nl-load-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        index = work / "index"
        shutil.copytree(args.index, index)
        meta = json.loads((index / "meta.json").read_text("utf-8"))
        new = work / "new-notes"  # empty until a phase with an index run fills it
        new.mkdir()
        folders = [*meta["roots"], str(new)]

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "notelens", "serve", *folders]
        cmd += ["--index", str(index), "--port", str(port)]
        env = {k: v for k, v in os.environ.items() if k != "NOTELENS_TOKEN"}
        log = open(work / "server.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log
        )
        deadline = time.monotonic() + 120
        with httpx.Client(base_url=url, timeout=120) as c:
            while True:
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("server did not start")
                time.sleep(0.3)
            status = c.get("/status").json()
            prep = None
            if not status["compatible"]:
                # Built by an older schema/analyzer: upgrade the copy first (vectors are
                # reused, nothing is re-embedded), through the API itself.
                t0 = time.perf_counter()
                c.post("/index", json={})
                while c.get("/index").json()["state"] == "running":
                    time.sleep(1)
                prep = round(time.perf_counter() - t0, 1)
                print(f"upgraded the index copy to this notelens in {prep} s", flush=True)
                status = c.get("/status").json()
            for q in ("warm up", "워밍업 질문"):  # model loads are not part of the numbers
                c.post("/search", json={"query": q, "k": args.k, "mode": args.mode})

        print(
            f"index: {args.index} ({status['chunks']} chunks, {status['files']} files), "
            f"{len(queries)} queries ({n_ko} Korean), k={args.k}, mode={args.mode}, "
            f"index run adds {args.new_docs} notes, load generator: {args.client}\n"
        )
        print(
            "| phase | clients | s | requests | req/s | p50 ms | p95 ms | p99 ms | errors "
            "| server CPU ms/req | client CPU ms/req | load before |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        rows = []
        batch = 0
        for n in args.clients:
            for with_index in (False,) if args.no_index_run else (False, True):
                if with_index:
                    # Fresh paragraphs each time, so every index run really embeds notes.
                    lo = batch * args.new_docs
                    for i, text in enumerate(paras[lo : lo + args.new_docs]):
                        (new / f"korquad-{lo + i:04d}.txt").write_text(text + "\n", "utf-8")
                    batch += 1
                assert proc is not None
                row = asyncio.run(
                    phase(
                        url,
                        n,
                        queries,
                        args.duration,
                        args.k,
                        args.mode,
                        with_index,
                        proc.pid,
                        args.client,
                        args.slow_ms,
                    )
                )
                rows.append(row)
                print(
                    f"| {row['phase']} | {n} | {row['seconds']} | {row['requests']} | "
                    f"{row['rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
                    f"{row['errors']} | {row['server_cpu_ms_per_req']} | "
                    f"{row['client_cpu_ms_per_req']} | {row['load_avg_before']} |",
                    flush=True,
                )
                if with_index:
                    print(f"  index job: {row['index_job']}", flush=True)
                    print(f"  index job seen done at {row['index_job_done_s']} s", flush=True)
                if "slow" in row:
                    listed = ", ".join(f"{t} s: {ms:.0f}" for t, ms in row["slow"])
                    print(f"  over {args.slow_ms:.0f} ms ({len(row['slow'])}): {listed}")
        if args.baseline:
            row = baseline(index, queries, args.baseline, args.k, args.mode)
            rows.append(row)
            print(
                f"| {row['phase']} | 1 | {row['seconds']} | {row['requests']} | {row['rps']} | "
                f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | 0 |",
                flush=True,
            )
        if args.out:
            args.out.write_text(
                json.dumps(
                    {
                        "index": str(args.index),
                        "chunks": status["chunks"],
                        "upgrade_s": prep,
                        "rows": rows,
                    },
                    indent=2,
                ),
                encoding="utf-8",
            )
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
