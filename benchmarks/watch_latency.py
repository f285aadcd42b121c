"""Save-to-searchable latency of the folder watch (issue #18) in a large note folder.

Writes ``--notes`` generated notes (Korean/English, front matter tags, a few sentences
each), indexes them, starts ``Engine.watch`` and then, ``--edits`` times, rewrites one
note with a new unique word and measures the time from the file being closed to the
first BM25 search that finds that word in that note. Also times one full incremental
pass over the unchanged folder (what a watch that re-ran ``notelens index`` would cost
per save) for comparison.

    PYTHONPATH=src .venv/bin/python benchmarks/watch_latency.py --notes 5000 --edits 10 \\
        --workdir .bench/watch
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
import uuid
from pathlib import Path

TOPICS = [
    ("LoRA", "저랭크 행렬 두 개만 학습해 파라미터 수를 줄인다", "llm/finetuning"),
    ("GQA", "query head를 그룹으로 나누고 KV head를 공유한다", "attention"),
    ("DPO", "선호 데이터로 보상 모델 없이 정책을 최적화한다", "alignment"),
    ("RoPE", "rotary position embedding rotates query and key pairs", "position"),
    ("FlashAttention", "타일 단위 계산으로 HBM 접근을 줄인다", "attention"),
    ("MoE", "a router sends each token to a few expert feed-forward blocks", "architecture"),
]


def write_notes(root: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        name, fact, tag = TOPICS[i % len(TOPICS)]
        folder = root / f"f{i % 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"note-{i:05d}.md"
        words = " ".join(
            rng.choice(["실험", "결과", "메모", "study", "paper", "week"]) for _ in range(12)
        )
        path.write_text(
            f"---\ntags: [{tag}, 노트{i % 7}]\ndate: 2024-0{1 + i % 9}-1{i % 9}\n---\n"
            f"# {name} 메모 {i}\n\n{name}는 {fact}. {words}.\n\n## 참고\n\n"
            f"[[note-{(i + 1) % n:05d}]] 와 연결된다. note {i} of the benchmark folder.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--workdir", type=Path, default=Path(".bench/watch"))
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    from notelens import Engine
    from notelens.index.watch import SyncResult, WatchOptions
    from notelens.types import FileStatus

    work = args.workdir.resolve()
    notes = work / f"notes-{args.notes}"
    if not notes.exists():
        write_notes(notes, args.notes)
    paths = sorted(notes.rglob("*.md"))
    engine = Engine(work / f"index-{args.notes}")
    t0 = time.perf_counter()
    report = engine.index([notes])
    first_index_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.index([notes])
    full_pass_s = time.perf_counter() - t0  # what a sync that re-ran `index` would cost

    stop, ready = threading.Event(), threading.Event()
    syncs: list[SyncResult] = []
    watcher = threading.Thread(
        target=engine.watch,
        args=([notes],),
        kwargs={"stop": stop, "ready": ready, "on_sync": syncs.append, "options": WatchOptions()},
        daemon=True,
    )
    watcher.start()
    if not ready.wait(60):
        raise SystemExit("the watcher did not start")
    engine.search("warm up 준비", k=1)

    latencies, sync_s = [], []
    rng = random.Random(11)
    # Edit 0 warms up what loads on the first indexed chunk (the ingest guard's
    # models): not measured.
    for e in range(args.edits + 1):
        path = rng.choice(paths)
        word = f"zqx{uuid.uuid4().hex[:12]}"  # new on every run: never indexed before
        text = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        path.write_text(text + f"\n추가 메모 {word}.\n", encoding="utf-8")
        deadline = t0 + 120
        while time.perf_counter() < deadline:
            hits = engine.search(word, k=1, mode="bm25")
            if hits and hits[0].source == str(path):
                break
            time.sleep(0.1)  # polling itself competes for the CPU and the GIL
        else:
            recent = [(x.paths, x.error, x.counts) for x in syncs[-3:]]
            raise SystemExit(f"edit {e} of {path} not searchable within 120 s; syncs: {recent}")
        elapsed = time.perf_counter() - t0
        time.sleep(0.5)  # let the sync's report arrive before the next edit
        if e == 0:
            continue
        latencies.append(elapsed)
        if syncs:
            sync_s.append(syncs[-1].seconds)
    stop.set()
    watcher.join(10)
    result = {
        "notes": args.notes,
        "chunks": engine.status().chunks,
        "first_index_s": round(first_index_s, 1),  # a catch-up pass when notes existed
        "indexed": report.count(FileStatus.INDEXED),
        "full_incremental_pass_s": round(full_pass_s, 2),
        "save_to_searchable_s": {
            "median": round(statistics.median(latencies), 2),
            "max": round(max(latencies), 2),
            "all": [round(x, 2) for x in latencies],
        },
        "sync_run_s_median": round(statistics.median(sync_s), 2) if sync_s else None,
        "debounce_ms": WatchOptions().debounce_ms,
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
