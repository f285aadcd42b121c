"""``notelens digest`` on real indexes (Kiwi, e5, LanceDB), Korean and English.

Per entry, not per file: an archive that gains two entries shows two, dated by the
entry ledger the index keeps (file times) or by the folder's git commits (set dates).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notelens import Engine
from notelens.curate.ledger import LEDGER_FILE, LedgerError, read_ledger

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"
ARCHIVE = EXAMPLES / "weekly-digest-2024-w18.md"

NEW_KO = """
- [KAN: Kolmogorov-Arnold Networks](https://arxiv.org/abs/2404.19756) (Liu et al., MIT)
    - MLP의 고정된 activation 대신 edge마다 학습 가능한 spline 함수를 두는 구조, 작은 과학 문제에서 파라미터 대비 정확도가 높다고 주장
"""
NEW_EN = """
- [Prometheus 2: An Open Source Language Model Specialized in Evaluating Other Language Models](https://arxiv.org/abs/2405.01535) (Kim et al., KAIST)
    - an open evaluator LM trained to do both direct assessment and pairwise ranking, merged from two single-format models by weight merging
"""


def _at(day: str) -> float:
    return datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()


def _touch(path: Path, day: str) -> None:
    os.utime(path, (_at(day), _at(day)))


@pytest.fixture
def archive(tmp_path: Path, make_engine: Callable[..., Engine]) -> tuple[Engine, Path]:
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(ARCHIVE, notes / ARCHIVE.name)
    shutil.copy(EXAMPLES / "rag" / sorted(os.listdir(EXAMPLES / "rag"))[0], notes / "rag.md")
    for p in notes.iterdir():
        _touch(p, "2026-01-05")
    engine = make_engine(tmp_path / "index")
    assert engine.index([notes]).ok
    return engine, notes


def test_backfill_dates_entries_by_their_files_time(archive: tuple[Engine, Path]) -> None:
    engine, notes = archive
    ledger = read_ledger(engine.index_dir)
    assert ledger is not None and ledger.lines
    assert {line.first_seen[:10] for line in ledger.lines} == {"2026-01-05"}
    # nothing changed after the backfill's day
    assert engine.digest(since="2026-01-06", until="2026-01-31").items == ()
    everything = engine.digest(since="2026-01-01", until="2026-01-05")
    sources = {i.source for i in everything.items}
    assert sources == {str((notes / ARCHIVE.name).resolve()), str((notes / "rag.md").resolve())}


def test_two_entries_added_to_an_archive_show_as_two(archive: tuple[Engine, Path]) -> None:
    engine, notes = archive
    path = notes / ARCHIVE.name
    text = path.read_text(encoding="utf-8")
    # one existing entry edited (its link stays: "changed"), two appended ("added")
    old_line = "shared trunk 위에 n개의 독립 output head를 붙여"
    assert old_line in text
    text = text.replace(old_line, "하나의 shared trunk 위에 n개의 독립적인 output head를 붙여")
    path.write_text(text.rstrip("\n") + "\n" + NEW_KO + NEW_EN, encoding="utf-8")
    _touch(path, "2026-03-10")
    assert engine.index().ok

    digest = engine.digest(since="2026-03-09", until="2026-03-11")
    by_title = {i.title: i for i in digest.items}
    assert len(digest.items) == 3, [i.title for i in digest.items]
    kan = by_title["KAN: Kolmogorov-Arnold Networks"]
    prom = next(i for t, i in by_title.items() if t.startswith("Prometheus 2"))
    mtp = next(i for t, i in by_title.items() if t.startswith("Better & Faster"))
    assert (kan.status, prom.status, mtp.status) == ("added", "added", "changed")
    assert kan.url == "https://arxiv.org/abs/2404.19756"
    # the one line is the entry's own bullet (Korean for the Korean entry), not its title
    assert "spline" in kan.summary and "학습 가능한" in kan.summary
    assert "evaluator" in prom.summary
    assert all(i.when.date().isoformat() == "2026-03-10" for i in digest.items)
    # the rag note did not change: nothing from it
    assert {i.source for i in digest.items} == {str(path.resolve())}

    md = digest.markdown()
    assert md.startswith("## 2026-03-09 ~ 2026-03-11\n")
    heading = kan.heading
    assert f"\n### {heading}\n" in md
    assert "- [KAN: Kolmogorov-Arnold Networks](https://arxiv.org/abs/2404.19756) — " in md
    data = digest.to_dict()
    assert data["markdown"] == md and len(data["items"]) == 3


def test_a_damaged_ledger_is_a_clear_error_and_index_repairs_it(
    archive: tuple[Engine, Path],
) -> None:
    engine, _ = archive
    (engine.index_dir / LEDGER_FILE).write_text('{"format": "notelens-entries-1", "entr', "utf-8")
    with pytest.raises(LedgerError) as err:
        engine.digest(since="2026-01-01", until="2026-01-10")
    assert "damaged" in err.value.message and "notelens index" in str(err.value)
    assert engine.index().ok  # never breaks index: set aside, rebuilt from file times
    assert (engine.index_dir / f"{LEDGER_FILE}.damaged").is_file()
    assert engine.digest(since="2026-01-01", until="2026-01-10").items


def _git(repo: Path, *args: str, day: str | None = None) -> None:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
    )
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_history_gives_real_dates_per_entry(
    tmp_path: Path, make_engine: Callable[..., Engine]
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    path = repo / ARCHIVE.name
    shutil.copy(ARCHIVE, path)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "w18", day="2026-10-01")
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_KO, "utf-8")
    _git(repo, "commit", "-q", "-am", "kan", day="2026-11-28")
    path.write_text(path.read_text(encoding="utf-8") + NEW_EN, "utf-8")
    _git(repo, "commit", "-q", "-am", "prometheus", day="2026-12-10")
    engine = make_engine(tmp_path / "index")
    assert engine.index([repo]).ok  # file times are today's: only git knows the dates

    week = engine.digest(since="2026-11-27", until="2026-12-04")
    assert [(i.title, i.status, i.origin) for i in week.items] == [
        ("KAN: Kolmogorov-Arnold Networks", "added", "git")
    ]
    assert week.items[0].when == datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert "spline" in week.items[0].summary
    first = engine.digest(since="2026-09-30", until="2026-10-02", origin="git")
    assert len(first.items) >= 5  # every entry of the first commit, dated 2026-10-01
    assert {i.status for i in first.items} == {"added"}
    # the ledger's view of the same folder dates them by the checkout's file time
    today = engine.digest(since="1d", origin="ledger")
    assert len(today.items) == len(first.items) + 2


def test_cli_digest_markdown_and_json(
    archive: tuple[Engine, Path], cli_uses_session_models: None
) -> None:
    from notelens.cli.app import app

    engine, _ = archive
    runner = CliRunner()
    args = ["digest", "--index", str(engine.index_dir), "--since", "2026-01-04"]
    md = runner.invoke(app, [*args, "--until", "2026-01-06"])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("## 2026-01-04 ~ 2026-01-06\n")
    assert re.search(
        r"^- \[Better & Faster .*\]\(https://arxiv\.org/abs/2404\.19737\) — ", md.stdout, re.M
    )
    as_json = runner.invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["items"] and data["method"] == "extractive"
    bad = runner.invoke(app, [*args, "--until", "next tuesday"])
    assert bad.exit_code == 2 and "cannot read" in bad.output and "Traceback" not in bad.output


def test_http_digest(archive: tuple[Engine, Path]) -> None:
    """``GET /digest``: the ``digest --json`` contract; a bad period is a clear 4xx."""
    from fastapi.testclient import TestClient

    from notelens.server.app import create_app

    engine, _ = archive
    # the server accepts loopback Host names only (DNS rebinding)
    app = create_app(engine=engine)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        got = client.get("/digest", params={"since": "2026-01-04", "until": "2026-01-06"})
        assert got.status_code == 200, got.text
        body = got.json()
        assert body["markdown"].startswith("## 2026-01-04 ~ 2026-01-06\n")
        assert any(i["url"] == "https://arxiv.org/abs/2405.00332" for i in body["items"])
        bad = client.get("/digest", params={"since": "last week"})
        assert 400 <= bad.status_code < 500
        assert "cannot read" in bad.json()["error"]["message"]


def test_shared_sample_gaining_an_entry_shows_that_entry(
    shared_dir: Path, tmp_path: Path, make_engine: Callable[..., Engine]
) -> None:
    """A real archive (../shared/notes-samples) with its last top-level entry added later."""
    from notelens.curate.entries import split_entries

    samples = sorted((shared_dir / "notes-samples").glob("*.txt"))
    sample = max(samples, key=lambda p: len(split_entries(p.read_text(encoding="utf-8"))))
    text = sample.read_text(encoding="utf-8")
    last = split_entries(text)[-1]
    at = text.rindex(last.splitlines()[0])
    notes = tmp_path / "notes"
    notes.mkdir()
    path = notes / sample.name
    path.write_text(text[:at], encoding="utf-8")
    _touch(path, "2026-02-01")
    engine = make_engine(tmp_path / "index")
    assert engine.index([notes]).ok
    path.write_text(text, encoding="utf-8")
    _touch(path, "2026-02-20")
    assert engine.index().ok
    digest = engine.digest(since="2026-02-14", until="2026-02-21")
    assert len(digest.items) == 1
    assert digest.items[0].status == "added"
    first = last.splitlines()[0]
    assert digest.items[0].title[:10] in first
