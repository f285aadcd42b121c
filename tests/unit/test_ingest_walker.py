from __future__ import annotations

import os
from pathlib import Path

import pytest

from notelens.config import IngestConfig
from notelens.ingest.walker import Candidate, Problem, discover, size_problem

pytestmark = pytest.mark.unit


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _split(items: list[Candidate | Problem]) -> tuple[list[Candidate], list[Problem]]:
    cands = [i for i in items if isinstance(i, Candidate)]
    probs = [i for i in items if isinstance(i, Problem)]
    return cands, probs


def test_walks_configured_extensions_sorted_skipping_hidden_and_ignored(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "b.md": "b",
            "a.txt": "a",
            "sub/c.markdown": "c",
            "sub/deeper/d.pdf": "%PDF-",
            "sub/page.html": "<p>x</p>",
            "image.png": "x",
            "script.py": "x",
            ".hidden.md": "x",
            ".obsidian/config.md": "x",
            "node_modules/pkg/readme.md": "x",
            ".git/notes.md": "x",
            "__pycache__/x.md": "x",
        },
    )
    cands, probs = _split(list(discover([tmp_path], IngestConfig())))
    assert probs == []
    rels = [c.path.relative_to(tmp_path.resolve()).as_posix() for c in cands]
    assert rels == ["a.txt", "b.md", "sub/c.markdown", "sub/deeper/d.pdf", "sub/page.html"]
    first = cands[0]
    assert first.path.is_absolute() and first.size == 1
    assert first.mtime == pytest.approx((tmp_path / "a.txt").stat().st_mtime)


def test_deterministic_order(tmp_path: Path) -> None:
    _tree(tmp_path, {f"d{i % 3}/n{i}.md": "x" for i in range(20)})
    runs = [[c.path for c in discover([tmp_path])] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert runs[0] == sorted(runs[0], key=lambda p: p.as_posix())


def test_missing_path(tmp_path: Path) -> None:
    (item,) = list(discover([tmp_path / "nope"]))
    assert item == Problem(tmp_path / "nope", "no such file or directory")


def test_oversize_file_sparse(tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    (tmp_path / "ok.md").write_text("fine")
    cands, probs = _split(list(discover([tmp_path], IngestConfig())))
    assert [c.path.name for c in cands] == ["ok.md"]
    assert probs == [Problem(big, "file is 52.4 MB, over the 20 MB limit (ingest.max_file_bytes)")]


def test_size_problem_wording() -> None:
    assert size_problem(52_428_800, 20 * 1024 * 1024) == (
        "file is 52.4 MB, over the 20 MB limit (ingest.max_file_bytes)"
    )
    assert "over the 1.5 MB limit" in size_problem(2_000_000, 1_500_000)


def test_symlink_loop_yields_a_problem_not_a_hang(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    _tree(notes, {"a.md": "a", "sub/b.md": "b"})
    (notes / "sub" / "back").symlink_to(notes, target_is_directory=True)
    (notes / "self").symlink_to(notes / "self")  # a link to itself
    cands, probs = _split(list(discover([notes])))
    assert [c.path.name for c in cands] == ["a.md", "b.md"]
    reasons = {p.path.name: p.reason for p in probs}
    assert reasons == {"back": "symlink loop", "self": "symlink loop"}


def test_symlinks_are_followed_and_files_deduplicated(tmp_path: Path) -> None:
    real = tmp_path / "real"
    _tree(real, {"x.md": "x", "y.md": "y"})
    view = tmp_path / "view"
    view.mkdir()
    (view / "linked").symlink_to(real, target_is_directory=True)
    (view / "alias.md").symlink_to(real / "x.md")
    items = list(discover([real, view, real / "y.md", tmp_path]))
    cands, probs = _split(items)
    assert probs == []
    assert sorted(c.path.name for c in cands) == ["x.md", "y.md"]
    assert all(c.path == c.path.resolve() for c in cands)


def test_follow_symlinks_off(tmp_path: Path) -> None:
    real = tmp_path / "real"
    _tree(real, {"x.md": "x"})
    top = tmp_path / "top"
    _tree(top, {"own.md": "o"})
    (top / "linked").symlink_to(real, target_is_directory=True)
    (top / "alias.md").symlink_to(real / "x.md")
    cands = [
        c for c in discover([top], IngestConfig(follow_symlinks=False)) if isinstance(c, Candidate)
    ]
    assert [c.path.name for c in cands] == ["own.md"]
    # A link named as a root is still followed.
    cfg = IngestConfig(follow_symlinks=False)
    named = [c for c in discover([top / "linked"], cfg) if isinstance(c, Candidate)]
    assert [c.path.name for c in named] == ["x.md"]


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "gone.png").symlink_to(tmp_path / "missing.png")
    items = list(discover([tmp_path]))
    assert items == [Problem(tmp_path / "gone.md", "broken symlink")]
    assert list(discover([tmp_path / "gone.md"])) == [
        Problem(tmp_path / "gone.md", "broken symlink")
    ]


def test_explicit_file_is_taken_whatever_its_extension(tmp_path: Path) -> None:
    p = tmp_path / "NOTES"
    p.write_text("# notes")
    hidden = tmp_path / ".draft.md"
    hidden.write_text("draft")
    cands, probs = _split(list(discover([p, hidden])))
    assert [c.path.name for c in cands] == ["NOTES", ".draft.md"] and probs == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    _tree(tmp_path, {"locked.md": "x", "closed/inner.md": "x", "ok.md": "x"})
    (tmp_path / "locked.md").chmod(0)
    (tmp_path / "closed").chmod(0)
    try:
        cands, probs = _split(list(discover([tmp_path])))
    finally:
        (tmp_path / "locked.md").chmod(0o644)
        (tmp_path / "closed").chmod(0o755)
    assert [c.path.name for c in cands] == ["ok.md"]
    assert {(p.path.name, p.reason) for p in probs} == {
        ("locked.md", "permission denied"),
        ("closed", "permission denied"),
    }


def test_unreadable_file_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same check without relying on file modes (tests may run as root)."""
    _tree(tmp_path, {"locked.md": "x", "ok.md": "x"})
    real_access = os.access

    def fake_access(path: os.PathLike[str] | str, mode: int, **kw: object) -> bool:
        return Path(path).name != "locked.md" and real_access(path, mode)

    monkeypatch.setattr(os, "access", fake_access)
    cands, probs = _split(list(discover([tmp_path])))
    assert [c.path.name for c in cands] == ["ok.md"]
    assert probs == [Problem(tmp_path / "locked.md", "permission denied")]


def test_unlistable_folder_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"closed/inner.md": "x", "ok.md": "x"})
    real_scandir = os.scandir

    def fake_scandir(path: os.PathLike[str] | str) -> object:
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    cands, probs = _split(list(discover([tmp_path])))
    assert [c.path.name for c in cands] == ["ok.md"]
    assert probs == [Problem(tmp_path / "closed", "permission denied")]


def test_special_files_are_skipped(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "a.md").write_text("a")
    cands, probs = _split(list(discover([tmp_path])))
    assert [c.path.name for c in cands] == ["a.md"]
    assert probs == [Problem(fifo, "not a regular file")]
