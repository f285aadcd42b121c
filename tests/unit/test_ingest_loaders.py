from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (pdf_fixtures)
from notelens.config import ChunkingConfig, IngestConfig
from notelens.errors import IngestError
from notelens.ingest import chunk_document, load_file, loader_for
from notelens.ingest.base import Loader
from notelens.ingest.html import html_to_markdown
from notelens.ingest.loaders import (
    HtmlLoader,
    MarkdownLoader,
    PdfLoader,
    TextLoader,
    split_front_matter,
)
from pdf_fixtures import (
    make_blank_pdf,
    make_corrupt_pdf,
    make_encrypted_pdf,
    make_pdf,
    make_truncated_pdf,
)

pytestmark = pytest.mark.unit


# -- markdown / text ---------------------------------------------------------------------


def _md(text: str, name: str = "my-note.md") -> tuple[str, int, str]:
    doc = MarkdownLoader().load(Path(name), text.encode("utf-8"))
    body = doc.sections[-1]  # after the front matter's own section, when there is one
    return doc.title, body.line_start, body.text


def test_markdown_title_first_h1_then_front_matter_then_stem() -> None:
    assert _md("intro\n\n# [LoRA](https://x.y) 정리\n## sub\n")[0] == "LoRA 정리"
    assert _md("Setext 제목\n=====\n\ntext\n")[0] == "Setext 제목"
    assert _md("---\ntitle: '논문 메모'\n---\n## only h2\n")[0] == "논문 메모"
    assert _md("## only h2\n\n```\n# not a title\n```\n")[0] == "my-note"


def test_front_matter_is_stripped_with_line_numbers_kept() -> None:
    title, start, body = _md("---\ntitle: T\ndate: 2025-01-01\n---\n# 제목\n본문\n")
    assert (title, start) == ("제목", 5)
    assert body.startswith("# 제목")
    text = "---\ntitle: T\n---\n# H\n\n본문 문단입니다. 최소 길이보다 충분히 긴 문장을 씁니다.\n"
    doc = MarkdownLoader().load(Path("a.md"), text.encode())
    (chunk,) = chunk_document(doc)  # a title only: no properties chunk
    assert chunk.location.line_start == 6
    doc = MarkdownLoader().load(Path("a.md"), text.replace("title: T", "aliases: [티]").encode())
    props, chunk = chunk_document(doc)
    assert props.text == "aliases: 티" and (
        props.location.line_start,
        chunk.location.line_start,
    ) == (
        2,
        6,
    )


def test_a_leading_rule_is_not_front_matter() -> None:
    assert split_front_matter("---\n\nSome prose here.\n\n---\nmore") == ({}, 0)
    assert split_front_matter("---\ntitle: x\nno closing") == ({}, 0)
    fields, n = split_front_matter('---\ntitle: "A: B"\ntags:\n  - llm\n---\nbody')
    assert fields["title"] == "A: B" and n == 5


def test_only_front_matter_is_empty() -> None:
    with pytest.raises(IngestError, match="empty"):
        MarkdownLoader().load(Path("a.md"), b"---\ntitle: x\n---\n\n")


def test_text_loader_title() -> None:
    doc = TextLoader().load(Path("log.txt"), b"\n\nReading log, week 12\n\nbody text\n")
    assert doc.title == "Reading log, week 12" and doc.format == "text"
    long_first = ("x" * 200 + "\nbody").encode()
    assert TextLoader().load(Path("log.txt"), long_first).title == "log"


def test_registry_picks_by_content() -> None:
    assert isinstance(loader_for(Path("a.txt"), b"# H\n\nbody"), MarkdownLoader)
    assert isinstance(loader_for(Path("a.txt"), b"just prose"), TextLoader)
    assert isinstance(loader_for(Path("a.md"), make_pdf(["x"])), PdfLoader)
    assert isinstance(loader_for(Path("a.html"), b"<p>x</p>"), HtmlLoader)
    for loader in (MarkdownLoader(), TextLoader(), PdfLoader(), HtmlLoader()):
        assert isinstance(loader, Loader)


def test_import_is_light() -> None:
    code = (
        "import sys, notelens.ingest, notelens.ingest.registry;"
        "print('pypdf' in sys.modules, 'selectolax' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- PDF -------------------------------------------------------------------------------------


def test_pdf_pages_become_sections_and_chunks() -> None:
    pages = [
        "LoRA freezes the pretrained weights.\nIt trains two low-rank matrices per layer.",
        "",
        "QLoRA adds 4-bit NormalFloat quantization. Paged optimizers avoid memory spikes.",
    ]
    data = make_pdf(pages, title="PEFT notes")
    doc = PdfLoader().load(Path("peft.pdf"), data)
    assert doc.format == "pdf" and doc.title == "PEFT notes"
    assert [s.page for s in doc.sections] == [1, 3]  # the empty page has no section
    assert "low-rank matrices" in doc.sections[0].text
    chunks = chunk_document(doc)
    assert [c.location.page for c in chunks] == [1, 3]
    assert all(c.location.line_start is None for c in chunks)
    assert chunks[1].location.describe() == "p. 3"


def test_long_pdf_page_is_split_but_never_merged_across_pages() -> None:
    sentence = "Sparse experts route every token to two of eight feed-forward blocks."
    page = "\n".join([sentence] * 40)
    doc = PdfLoader().load(Path("moe.pdf"), make_pdf([page, "Short second page about routing."]))
    cfg = ChunkingConfig()
    chunks = chunk_document(doc, cfg)
    first = [c for c in chunks if c.location.page == 1]
    assert len(first) >= 3
    assert all(len(c.text) <= cfg.max_chars for c in chunks)
    assert chunks[-1].location.page == 2 and chunks[-1].text == "Short second page about routing."


def test_encrypted_pdf() -> None:
    with pytest.raises(IngestError, match="encrypted PDF") as info:
        PdfLoader().load(Path("secret.pdf"), make_encrypted_pdf())
    assert info.value.path == "secret.pdf"


def test_encrypted_pdf_with_empty_user_password_opens() -> None:
    data = make_encrypted_pdf(["Owner-locked but readable."], user_password="")
    doc = PdfLoader().load(Path("locked.pdf"), data)
    assert doc.sections[0].text == "Owner-locked but readable."


@pytest.mark.parametrize("data", [make_corrupt_pdf(), make_truncated_pdf(), b"%PDF-1.4\n"])
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"corrupt PDF: .+"):
        PdfLoader().load(Path("broken.pdf"), data)


def test_pdf_without_text_layer() -> None:
    with pytest.raises(IngestError, match=r"no text layer \(scanned PDF\?\)"):
        PdfLoader().load(Path("scan.pdf"), make_blank_pdf(2))


def test_pdf_exceptions_of_any_type_become_ingest_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdf

    class Boom:
        def __init__(self, *a: object, **k: object) -> None:
            raise KeyError("/Root")

    monkeypatch.setattr(pypdf, "PdfReader", Boom)
    with pytest.raises(IngestError, match="corrupt PDF"):
        PdfLoader().load(Path("x.pdf"), make_pdf(["text"]))


def test_slow_pdf_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import pypdf

    def slow_extract(self: object, *a: object, **k: object) -> str:
        time.sleep(5)
        return "never"

    monkeypatch.setattr(pypdf.PageObject, "extract_text", slow_extract)
    t0 = time.monotonic()
    with pytest.raises(IngestError, match="took longer than"):
        PdfLoader(timeout_s=0.3).load(Path("slow.pdf"), make_pdf(["a"]))
    assert time.monotonic() - t0 < 3


# -- HTML -------------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head><title>LoRA 정리 | my blog</title><style>body{color:red}</style></head>
<body>
<header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
<main>
  <h1>LoRA 정리</h1>
  <p>LoRA는 <b>저랭크</b> 행렬 두 개만 학습한다. 자세한 내용은
     <a href="https://arxiv.org/abs/2106.09685">원 논문</a>을 참고.</p>
  <h2>장점</h2>
  <ul><li>메모리 절약</li><li>추론 지연 없음<ul><li>가중치 병합</li></ul></li></ul>
  <h2>결과</h2>
  <table><tr><th>model</th><th>GLUE</th></tr><tr><td>RoBERTa</td><td>87.2</td></tr></table>
  <pre><code>W = W0 + B @ A</code></pre>
  <script>track()</script>
</main>
<aside>광고 영역</aside>
<footer>© 2025 footer text</footer>
</body></html>
"""


def test_html_main_text_as_markdown() -> None:
    md, title = html_to_markdown(PAGE)
    assert title == "LoRA 정리 | my blog"
    assert md.startswith("# LoRA 정리")
    assert "## 장점" in md and "## 결과" in md
    assert "[원 논문](https://arxiv.org/abs/2106.09685)" in md
    assert "- 메모리 절약" in md and "    - 가중치 병합" in md
    assert "| model | GLUE |" in md and "| RoBERTa | 87.2 |" in md
    assert "```\nW = W0 + B @ A\n```" in md
    for junk in ("Home", "About", "광고", "footer text", "track()", "color:red"):
        assert junk not in md


def test_html_loader_and_chunks() -> None:
    doc = HtmlLoader().load(Path("lora.html"), PAGE.encode())
    assert doc.format == "html" and doc.title == "LoRA 정리 | my blog"
    chunks = chunk_document(doc)
    assert chunks
    assert chunks[0].heading == "LoRA 정리"
    assert any(c.heading == "LoRA 정리 > 결과" for c in chunks)
    assert any(link.url == "https://arxiv.org/abs/2106.09685" for c in chunks for link in c.links)
    assert all(c.location.line_start is None for c in chunks)


def test_html_without_main_uses_body_and_h1_title() -> None:
    html = "<body><header>site header</header><h1>제목</h1><p>본문 문단.</p></body>"
    md, title = html_to_markdown(html)
    assert title == "제목"
    assert "site header" not in md and "본문 문단." in md


def test_html_without_text() -> None:
    with pytest.raises(IngestError, match="no text"):
        HtmlLoader().load(Path("e.html"), b"<html><body><script>x()</script></body></html>")


def test_deeply_nested_html_does_not_crash() -> None:
    html = "<div>" * 3000 + "깊은 곳의 텍스트" + "</div>" * 3000
    md, _ = html_to_markdown(html)
    assert "깊은 곳의 텍스트" in md


# -- load_file --------------------------------------------------------------------------------


def test_load_file(tmp_path: Path) -> None:
    p = tmp_path / "note.txt"
    p.write_text("# 노트\n\n본문\n", encoding="utf-8")
    doc = load_file(p)
    assert doc.format == "markdown" and doc.title == "노트" and doc.source == str(p)


def test_load_file_errors(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(IngestError, match=r"over the .* limit \(ingest.max_file_bytes\)"):
        load_file(big, IngestConfig(max_file_bytes=1000))
    with pytest.raises(IngestError, match="cannot read file"):
        load_file(tmp_path / "missing.md")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        load_file(empty)
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    with pytest.raises(IngestError, match="binary file"):
        load_file(binary)


def test_a_note_without_h1_is_titled_by_its_opening_title_line() -> None:
    """A wiki export or a plain-text paper list opens with its title as a plain line over
    ``##`` sections: that line titles the note (Korean, English and mixed), not the stem."""
    paper_list = "LLM 관련 논문 정리\n\n## Red Teaming\n\n1. [A paper](https://x.y)\n"
    assert _md(paper_list, "003_43d8.txt")[0] == "LLM 관련 논문 정리"
    assert _md("Reading notes on **RLHF**\n## Week 1\n- PPO\n")[0] == "Reading notes on RLHF"
    assert _md("PEFT (Parameter-Efficient Fine-Tuning) 정리\n\n본문.\n")[0] == (
        "PEFT (Parameter-Efficient Fine-Tuning) 정리"
    )
    # an H1 or the front matter's title still wins over it
    assert _md("Opening line\n\n# 진짜 제목\n")[0] == "진짜 제목"
    assert _md("---\ntitle: 메모\n---\nOpening line\n\n## h2\n")[0] == "메모"


def test_an_opening_line_that_is_no_title_leaves_the_stem() -> None:
    for text in (
        "LoRA는 파라미터 수를 줄인다.\n\n## 실험\n",  # a sentence
        "첫 줄 다음에 바로\n이어지는 문단\n",  # not standing alone
        "- a list item\n\n## h2\n",
        "> a quote\n\n## h2\n",
        "| a | b |\n|---|---|\n",
        "[LoRA](https://x.y) 정리\n\n## h2\n",  # a link line
        "Summary:\n\n- one\n",
        "x" * 81 + "\n\n## h2\n",  # too long
    ):
        assert _md(text)[0] == "my-note", text
    assert _md("plain body without heading\n")[0] == "my-note"  # a one-line note: its text
