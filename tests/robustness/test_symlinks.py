"""Defect 5: the note folders are the border. A symlink whose target is outside every
indexed root is skipped with a reason (``--follow-external-links`` /
``ingest.follow_external_links`` opt in); rows whose source is no longer reachable from
a root are pruned on the next run."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cli_inprocess import run_cli
from notelens.config import IngestConfig
from notelens.ingest.walker import EXTERNAL_LINK, Candidate, Problem, discover


def _tree(tmp: Path) -> Path:
    notes = tmp / "notes"
    (notes / "sub").mkdir(parents=True)
    (tmp / "secret.md").write_text("# 비밀\n\nlaunch code 0000 비밀번호\n", encoding="utf-8")
    (tmp / "outside").mkdir()
    (tmp / "outside" / "x.md").write_text("# 바깥\n\noutside folder note\n", encoding="utf-8")
    (notes / "n.md").write_text("# 노트\n\n정상 note\n", encoding="utf-8")
    (notes / "sub" / "inner.md").write_text("# 안\n\ninner note 안쪽\n", encoding="utf-8")
    os.symlink("../secret.md", notes / "link.md")
    os.symlink("../outside", notes / "dirlink")
    os.symlink("sub/inner.md", notes / "inside_link.md")  # inside: fine
    return notes


@pytest.mark.unit
def test_links_outside_every_root_are_skipped_with_a_reason(tmp_path: Path) -> None:
    notes = _tree(tmp_path)
    items = list(discover([notes]))
    files = sorted(str(i.path) for i in items if isinstance(i, Candidate))
    problems = {i.path.name: i.reason for i in items if isinstance(i, Problem)}
    assert files == [str(notes / "n.md"), str(notes / "sub" / "inner.md")]
    assert problems == {"link.md": EXTERNAL_LINK, "dirlink": EXTERNAL_LINK}


@pytest.mark.unit
def test_a_link_into_another_named_root_is_inside(tmp_path: Path) -> None:
    notes = _tree(tmp_path)
    items = list(discover([notes, tmp_path / "outside"]))
    names = sorted(i.path.name for i in items if isinstance(i, Candidate))
    assert names == ["inner.md", "n.md", "x.md"]
    assert [i.path.name for i in items if isinstance(i, Problem)] == ["link.md"]


@pytest.mark.unit
def test_follow_external_links_opts_in(tmp_path: Path) -> None:
    notes = _tree(tmp_path)
    cfg = replace(IngestConfig(), follow_external_links=True)
    names = sorted(i.path.name for i in discover([notes], cfg) if isinstance(i, Candidate))
    assert names == ["inner.md", "n.md", "secret.md", "x.md"]


@pytest.mark.integration
def test_outside_rows_are_pruned_once_no_longer_reached(
    tmp_path: Path, make_engine: Callable[..., Any]
) -> None:
    from notelens.config import Settings
    from notelens.types import FileStatus

    notes = _tree(tmp_path)
    base = Settings()
    follow = replace(base, ingest=replace(base.ingest, follow_external_links=True))
    engine = make_engine(tmp_path / "index", settings=follow)
    assert engine.index([notes]).ok
    assert any("secret.md" in h.source for h in engine.search("launch code", k=3, mode="bm25"))

    # Same index, default rule: the link is skipped and its outside rows go.
    plain = make_engine(tmp_path / "index", settings=Settings.from_env())
    report = plain.index([notes])
    removed = {Path(f.path).name: f.reason for f in report.files if f.status is FileStatus.REMOVED}
    assert set(removed) == {"secret.md", "x.md"}
    assert "no longer reached" in removed["secret.md"]
    skipped = {Path(f.path).name for f in report.files if f.status is FileStatus.SKIPPED}
    assert {"link.md", "dirlink"} <= skipped
    assert not any("secret.md" in h.source for h in plain.search("launch code", k=5, mode="bm25"))


@pytest.mark.integration
@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_flag_and_reason(tmp_path: Path) -> None:
    # In this process with the session's models (tests/cli_inprocess.py): the subject is
    # the flag and the reason the CLI prints; an escaping exception fails the test.
    notes = _tree(tmp_path)
    index = str(tmp_path / "i")

    def run(*extra: str) -> str:
        proc = run_cli("index", str(notes), "--index", index, *extra, env={"COLUMNS": "250"})
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "symlink to outside the note folders" in run()
    followed = run("--follow-external-links")
    assert "secret.md" in followed and "indexed" in followed
