from __future__ import annotations

import hashlib
import itertools
import random
import re

import pytest
from test_ingest_fixtures import (
    FIXTURES,
    KOREAN_PROSE,
    LINK_ARCHIVE,
    README_WITH_DETAILS,
    SYLLABUS_TABLE,
    assert_lines_cover,
    doc_of,
    fixture_doc,
)

from notelens.analysis.sentences import split_sentences
from notelens.config import ChunkingConfig
from notelens.ingest.chunking import chunk_document
from notelens.ingest.markdown import MarkdownChunker
from notelens.types import Chunk, Link

pytestmark = pytest.mark.unit

CFG = ChunkingConfig()


def chunks_of(text: str, config: ChunkingConfig = CFG) -> list[Chunk]:
    return MarkdownChunker(config).chunk(doc_of(text))


def the_chunk(chunks: list[Chunk], needle: str) -> Chunk:
    found = [c for c in chunks if needle in c.text]
    assert len(found) == 1, (needle, [c.text[:60] for c in found])
    return found[0]


# -- headings ----------------------------------------------------------------------------


def test_heading_paths_follow_nesting() -> None:
    chunks = chunk_document(fixture_doc("korean_prose.md"))
    root = "검색 증강 생성(RAG) 정리"
    assert the_chunk(chunks, "LLM은 학습 시점 이후").heading == f"{root} > 배경"
    sparse = the_chunk(chunks, "BM25는 단어 빈도와")
    assert sparse.heading == f"{root} > 구성 요소 > Retriever > Sparse retrieval"
    bi = the_chunk(chunks, "따로 encoding하므로")
    assert bi.heading == f"{root} > 구성 요소 > Retriever > Dense retrieval > 1. Bi-encoder"
    cross = the_chunk(chunks, "한 입력으로 넣어")
    assert cross.heading.endswith("Dense retrieval > 2. Cross-encoder re-ranking")
    final = the_chunk(chunks, "hybrid 검색이")
    assert final.heading == f"{root} > 정리"


def test_heading_text_is_cleaned_and_setext_headings_count() -> None:
    text = (
        "Paper notes\n===========\n\nintro line that is long enough to stand alone.\n\n"
        "## [LoRA](https://arxiv.org/abs/2106.09685) **핵심** 정리 ##\n\n"
        "저랭크 행렬 두 개만 학습하므로 메모리 사용량이 크게 줄어든다.\n\n"
        "Results\n-------\n\nThe adapters match full fine-tuning on GLUE benchmarks.\n"
    )
    chunks = chunks_of(text)
    assert [c.heading for c in chunks] == [
        "Paper notes",
        "Paper notes > LoRA 핵심 정리",
        "Paper notes > Results",
    ]


def test_heading_only_section_is_dropped_but_lives_in_the_path() -> None:
    text = "# 개요\n## LLM 기반 연구\n### 세부 주제\n파라미터 효율적 튜닝은 일부만 학습한다.\n"
    chunks = chunks_of(text)
    assert len(chunks) == 1
    assert chunks[0].heading == "개요 > LLM 기반 연구 > 세부 주제"
    assert chunks[0].location.line_start == 4


def test_an_empty_section_keeps_its_heading_as_text() -> None:
    # Placeholder sections at the end of a paper list ("## 양자화", "## Surveys"): no
    # body and no sections below, so no path names them; they join the last sibling's
    # chunk as lines of text, so "which sections are still empty?" can find them.
    text = (
        "# 읽은 논문\n\n## 검색 증강\n\n1. Sparse Retrieval Revisited(2031)\n"
        "2. Dense Passage Mixers(2032)\n\n## 양자화\n\n## Surveys\n"
    )
    chunks = chunks_of(text)
    assert len(chunks) == 1
    assert chunks[0].heading == "읽은 논문 > 검색 증강"
    assert chunks[0].text.splitlines()[-3:] == ["양자화", "", "Surveys"]
    assert chunks[0].location.line_end == 10


def test_an_empty_section_joins_its_siblings_not_another_parents() -> None:
    # "### Full fine-tuning" has no body, "### Adapters" follows as its sibling. The chunk
    # before is under another parent ("Data > Cleaning"), and the next section's path is
    # not the one in force where the empty one starts: it is a chunk of its own.
    text = (
        "# Notes\n## Data\n### Cleaning\n"
        + "Near-duplicate pages are removed before training starts. " * 3
        + "\n## Model-centric\n### Full fine-tuning\n### Adapters\n"
        + "Adapters train a small bottleneck inside each frozen block. " * 3
        + "\n"
    )
    chunks = chunks_of(text)
    assert [(c.heading, c.text[:16]) for c in chunks] == [
        ("Notes > Data > Cleaning", "Near-duplicate p"),
        ("Notes > Model-centric > Full fine-tuning", "Full fine-tuning"),
        ("Notes > Model-centric > Adapters", "Adapters train a"),
    ]
    assert chunks[1].location.line_start == chunks[1].location.line_end == 6


def test_a_heading_over_deeper_sections_is_still_only_in_their_paths() -> None:
    # A heading right above a deeper one heads that section: not a line of text. The
    # empty "## 부록" after it joins the chunk before, under the same parent ("개요").
    text = "# 개요\n## 평가\n### 벤치마크\nMT-Bench와 Arena로 비교한다.\n## 부록\n"
    chunks = chunks_of(text)
    assert [c.heading for c in chunks] == ["개요 > 평가 > 벤치마크"]
    assert "평가" not in chunks[0].text
    assert chunks[0].text.splitlines()[-1] == "부록"


# -- link-archive entries ------------------------------------------------------------------


def _entries(text: str) -> list[tuple[int, int]]:
    """(head line, last line) of every top-level numbered entry with a <details> block."""
    lines = text.split("\n")
    out: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if re.match(r"^\d+\. \[", line) and i + 1 < len(lines) and "<details>" in lines[i + 1]:
            j = i + 1
            while "</details>" not in lines[j]:
                j += 1
            out.append((i + 1, j + 1))
    return out


def test_entry_with_nested_details_stays_in_one_chunk() -> None:
    chunks = chunk_document(fixture_doc("link_archive.md"))
    lora = the_chunk(chunks, "LoRA: Low-Rank Adaptation")
    assert lora.kind == "list_entry"
    assert lora.heading == "LLM 논문 아카이브 > Parameter-Efficient Fine-Tuning"
    for part in (
        "세 줄 요약",
        "저랭크 행렬 두 개(A, B)",
        "latency 증가가 없음",
        "더 나은 성능을 보임",
    ):
        assert part in lora.text
    # Tags are gone from the text, but the line range still covers them.
    assert "<details>" not in lora.text and "<br>" not in lora.text and "<summary>" not in lora.text
    assert lora.location.line_start == 7
    assert lora.location.line_end is not None and lora.location.line_end >= 14
    # Small entries under one heading are packed together, never split.
    assert "QLoRA: Efficient Finetuning" in lora.text and "99.3%" in lora.text
    for head, last in _entries(LINK_ARCHIVE):
        lines = LINK_ARCHIVE.split("\n")
        holders = [
            c
            for c in chunks
            if c.location.line_start is not None
            and c.location.line_end is not None
            and c.location.line_start <= head
            and last <= c.location.line_end
        ]
        last_bullet = re.sub(r"<br>$", "", lines[last - 2].strip().lstrip("- "))
        if any(len(c.text) < CFG.max_chars for c in holders):
            assert any(last_bullet in c.text for c in holders), (head, last)


def test_entry_with_nested_bullets_stays_whole() -> None:
    chunks = chunk_document(fixture_doc("link_archive.md"))
    rl = the_chunk(chunks, "RLHF 계열")
    assert "Safe RLHF (2023)" in rl.text
    assert "RL 없이 선호 최적화" in rl.text and "참고 구현" in rl.text
    # Nested items keep a (normalised) indentation under their parent.
    assert "\n  - RLAIF (2023): 사람 대신" in rl.text


def test_oversize_entry_is_split_and_each_piece_repeats_the_entry_line() -> None:
    chunks = chunk_document(fixture_doc("link_archive.md"))
    pieces = [c for c in chunks if "Lost in the Middle" in c.text]
    assert len(pieces) >= 2
    for c in pieces:
        assert c.text.startswith("1. Lost in the Middle: How Language Models Use Long Contexts")
        assert "세 줄 요약" in c.text
        assert len(c.text) <= CFG.max_chars
        assert (
            Link(
                "Lost in the Middle: How Language Models Use Long Contexts (2023)",
                "https://arxiv.org/abs/2307.03172",
            )
            in c.links
        )
    bullets = [
        ln.strip()[2:].removesuffix("<br>")
        for ln in LINK_ARCHIVE.split("## Long Context")[1].split("\n")
        if ln.strip().startswith("- ")
    ]
    assert len(bullets) >= 10
    joined = "\n".join(c.text for c in pieces)
    for b in bullets:
        assert b in joined  # split between bullets: nothing lost, nothing cut
        assert sum(b in c.text for c in pieces) == 1


def test_top_level_details_block_is_one_unit_with_its_label() -> None:
    chunks = chunk_document(fixture_doc("readme_with_details.md"))
    eng = the_chunk(chunks, "This repository keeps my experiment logs")
    assert "ENG" in eng.text.split("\n")
    assert "KoBEST" in eng.text and "inference time" in eng.text
    assert "<details>" not in eng.text and "</details>" not in eng.text
    lines = README_WITH_DETAILS.split("\n")
    assert eng.location.line_end is not None
    assert lines[eng.location.line_end - 1] == "</details>"


def test_large_top_level_details_block_is_split_repeating_its_summary() -> None:
    items = "\n".join(
        f"- 항목 {i}: 긴 요약 문장을 여러 개 넣어서 details 블록 전체가 최대 크기를 넘도록 만든다."
        for i in range(40)
    )
    summary = "<summary>부록: 실험 세부 설정</summary>"
    text = f"## Appendix\n\n<details>\n{summary}\n\n{items}\n</details>\n"
    chunks = chunks_of(text)
    assert len(chunks) >= 3
    for c in chunks:
        assert c.kind == "details"
        assert c.text.startswith("부록: 실험 세부 설정")
        assert len(c.text) <= CFG.max_chars
    assert all(f"항목 {i}:" in "\n".join(c.text for c in chunks) for i in range(40))


# -- tables --------------------------------------------------------------------------------


def test_table_chunks_repeat_the_header_and_keep_rows_whole() -> None:
    chunks = chunk_document(fixture_doc("syllabus_table.md"))
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) >= 2
    rows = [ln for ln in SYLLABUS_TABLE.split("\n") if re.match(r"^\d+주차 \|", ln)]
    assert len(rows) == 16
    for c in tables:
        first, second = c.text.split("\n")[:2]
        assert first == "| 분야 | 논문 | 소속 | 발표자"
        assert second == "-- | -- | -- | -- | --"
        assert c.heading.endswith("> 발표 순서")
        assert len(c.text) <= CFG.max_chars
    for row in rows:
        week = row.split(" |")[0]
        holders = [c for c in tables if f"\n{week} |" in c.text]
        assert len(holders) == 1, row
    # The line range of a table piece starts at its header row (the text comes from there).
    header_line = SYLLABUS_TABLE.split("\n").index("&nbsp; | 분야 | 논문 | 소속 | 발표자") + 1
    assert all(c.location.line_start == header_line for c in tables)


def test_small_table_stays_whole_with_lead_in() -> None:
    text = (
        "## 결과\n\n모델별 점수:\n\n| model | MMLU | KoBEST |\n|---|:---:|---:|\n"
        "| Llama-3-8B | 66.6 | 71.2 |\n| Qwen2-7B | 70.3 | 74.0 |\n"
    )
    chunks = chunks_of(text)
    assert len(chunks) == 1
    assert chunks[0].text.startswith("모델별 점수:\n| model | MMLU | KoBEST |")
    assert "| Qwen2-7B | 70.3 | 74.0 |" in chunks[0].text


# -- prose ---------------------------------------------------------------------------------


def test_long_korean_paragraph_is_split_at_sentences_with_overlap() -> None:
    chunks = chunk_document(fixture_doc("korean_prose.md"))
    gen = [c for c in chunks if c.heading.endswith("> Generator")]
    assert len(gen) >= 2
    for c in gen:
        assert len(c.text) <= CFG.max_chars
        assert c.text.endswith("다.")  # pieces end at sentence boundaries
        assert c.kind == "text"
    for prev, nxt in itertools.pairwise(gen):
        prev_sents, next_sents = split_sentences(prev.text), split_sentences(nxt.text)
        # The next piece starts with the last whole sentence(s) of the previous one.
        k = next(i for i in range(1, len(next_sents) + 1) if next_sents[:i] == prev_sents[-i:])
        overlap = " ".join(next_sents[:k])
        assert 0 < len(overlap) <= CFG.overlap_chars
    source = KOREAN_PROSE.split("### Generator\n")[1].split("\n\n## ")[0]
    for s in split_sentences(source):
        assert any(s in c.text for c in gen)


def test_multiline_prose_pieces_map_to_their_own_lines() -> None:
    lines = [
        f"{i}번째 관찰: 모델 크기를 키우면 few-shot 성능이 꾸준히 오르지만 비용도 함께 늘어남.  "
        for i in range(1, 31)
    ]
    text = "## 관찰 기록\n" + "\n".join(lines) + "\n"
    chunks = chunks_of(text)
    assert len(chunks) >= 3
    for c in chunks:
        assert_lines_cover(c, text)
        assert c.location.line_start is not None and c.location.line_end is not None
        first = int(c.text.split("번째")[0])
        last = int(c.text.split("\n")[-1].split("번째")[0])
        assert (c.location.line_start, c.location.line_end) == (first + 1, last + 1)
    starts = [c.location.line_start or 0 for c in chunks]
    ends = [c.location.line_end or 0 for c in chunks]
    assert all(s2 <= e1 for s2, e1 in zip(starts[1:], ends, strict=False))  # overlap


def test_paragraphs_of_one_section_are_packed() -> None:
    para = "짧은 문단이다. 여러 개가 하나의 chunk로 묶여야 한다."
    text = "## 메모\n\n" + "\n\n".join([para] * 5) + "\n"
    chunks = chunks_of(text)
    assert len(chunks) == 1
    assert chunks[0].text.count(para) == 5


# -- links -----------------------------------------------------------------------------------


def test_links_are_collected_and_urls_kept_out_of_the_text() -> None:
    text = (
        "## 링크\n\n"
        "- [QLoRA 논문](https://arxiv.org/abs/2305.14314) 그리고 [메모](<notes/q lora.md>)\n"
        "- 코드: https://github.com/artidoro/qlora.\n"
        '- <a href="https://huggingface.co/blog/4bit-transformers">HF 블로그</a>와 '
        "<https://example.com/x>\n"
        "- ![그림](fig.png) 이미지는 링크가 아님\n"
    )
    (c,) = chunks_of(text)
    assert c.links == (
        Link("QLoRA 논문", "https://arxiv.org/abs/2305.14314"),
        Link("메모", "notes/q lora.md"),
        Link("https://github.com/artidoro/qlora", "https://github.com/artidoro/qlora"),
        Link("HF 블로그", "https://huggingface.co/blog/4bit-transformers"),
        Link("https://example.com/x", "https://example.com/x"),
    )
    assert "arxiv.org" not in c.text and "notes/q lora.md" not in c.text
    assert "QLoRA 논문" in c.text and "HF 블로그" in c.text
    assert "https://github.com/artidoro/qlora" in c.text  # a bare URL is the visible text
    assert "그림 이미지는 링크가 아님" in c.text


def test_links_go_with_the_chunk_that_shows_them() -> None:
    chunks = chunk_document(fixture_doc("link_archive.md"))
    for c in chunks:
        for link in c.links:
            assert link.text in c.text or link.text == ""


# -- code, tiny fragments, misc -------------------------------------------------------------


def test_code_block_whole_without_fences() -> None:
    chunks = chunk_document(fixture_doc("readme_with_details.md"))
    code = the_chunk(chunks, "python eval.py")
    assert code.kind == "code"
    assert "```" not in code.text
    assert "# 결과는 results/ 아래에 저장됨" in code.text  # not a heading inside a fence


def test_urls_in_code_are_collected_too() -> None:
    (c,) = chunks_of(
        "## 설치\n\n```bash\npip install peft  # https://github.com/huggingface/peft\n```\n"
    )
    assert c.links == (
        Link("https://github.com/huggingface/peft", "https://github.com/huggingface/peft"),
    )


def test_long_code_block_is_split_by_lines() -> None:
    body = "\n".join(f"    loss_{i} = model(batch_{i}).loss  # step {i}" for i in range(80))
    text = f"## 학습 코드\n\n```python\nfor batch in loader:\n{body}\n```\n"
    chunks = chunks_of(text)
    assert len(chunks) >= 3
    for c in chunks:
        assert c.kind == "code" and len(c.text) <= CFG.target_chars and "```" not in c.text
    joined = "\n".join(c.text for c in chunks)
    assert all(f"loss_{i} = model" in joined for i in range(80))
    assert all(line.startswith("    loss_") for c in chunks[1:] for line in c.text.split("\n"))


def test_tiny_section_is_merged_into_the_previous_chunk_with_its_heading() -> None:
    chunks = chunk_document(fixture_doc("syllabus_table.md"))
    intro = the_chunk(chunks, "참가 신청서")
    assert "기간\n- 2025년 3월 ~" in intro.text
    assert not any(c.text.strip() == "- 2025년 3월 ~" for c in chunks)


def test_tiny_fragments_never_stand_alone_when_a_neighbour_has_room() -> None:
    text = (
        "## A\n\n짧음\n\n조금 더 긴 문단이지만 여전히 목표 크기보다는 훨씬 작은 문단이다.\n\n끝\n"
    )
    chunks = chunks_of(text)
    assert len(chunks) == 1
    assert chunks[0].text.startswith("짧음") and chunks[0].text.endswith("끝")


def test_front_matter_keeps_line_numbers_and_title() -> None:
    doc = fixture_doc("readme_with_details.md")
    assert doc.title == "research-log"
    # title and tags only: no properties section (they name and file the note)
    assert [s.line_start for s in doc.sections] == [5]
    first = chunk_document(doc)[0]
    assert first.location.line_start == 7
    assert first.text.startswith("LLM 관련 실험과 논문 리뷰를")


def test_chunk_fields() -> None:
    doc = fixture_doc("link_archive.md")
    chunks = chunk_document(doc)
    for i, c in enumerate(chunks):
        assert c.ordinal == i
        assert c.source == doc.source and c.title == doc.title == "LLM 논문 아카이브"
        assert c.content_hash == hashlib.sha256(c.text.encode("utf-8")).hexdigest()
        assert c.lang in ("ko", "en", "mixed")
    assert the_chunk(chunks, "LoRA: Low-Rank").lang == "ko"


def test_html_documents_have_no_line_numbers() -> None:
    chunks = MarkdownChunker().chunk(
        doc_of("# T\n\n본문 문단이 여기에 있습니다. 충분히 길게 씁니다.\n", "html")
    )
    assert chunks and all(c.location.line_start is None for c in chunks)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "# 제목만\n## 소제목만\n",
        "<details>\n<summary>닫히지 않은 details</summary>\n\n내용이 이어진다.\n",
        "```\n닫히지 않은 코드\n# not a heading\n",
        "- a\n    - b\n        - c\n            - d\n                - e 깊은 중첩 목록\n",
        "| a | b |\n|---|---|\n",
        "<!-- 주석만 있는 파일 -->\n",
        "---\n***\n___\n",
        "> 인용문 첫 줄\n> 둘째 줄 **강조**\n이어지는 줄\n",
    ],
)
def test_odd_inputs_do_not_crash(text: str) -> None:
    for c in chunks_of(text):
        assert c.text and len(c.text) <= CFG.max_chars
        assert_lines_cover(c, text)


def test_unclosed_details_is_plain_text() -> None:
    (c,) = chunks_of("<details>\n<summary>닫히지 않은 details</summary>\n\n내용이 이어진다.\n")
    assert c.text == "닫히지 않은 details\n내용이 이어진다."  # a tiny lead-in is glued on


_PARTS = [
    "# 제목 {i}",
    "## 절 {i}",
    "#### 깊은 절 {i}",
    "문장 {i}이다. This is sentence {i}, e.g. with 3.5 numbers. 또 하나의 문장임.  ",
    "- 항목 {i} [링크 {i}](https://example.com/{i})",
    "    - 하위 항목 {i}: 설명이 조금 붙음",
    "{i}. [논문 {i}](papers/{i}.md)",
    "    <details>",
    "    <summary>요약 {i}</summary>",
    "    - 요약 문장 {i}번, 길게 쓴 설명이 이어짐<br>",
    "    </details>",
    "| 주차 {i} | 논문 {i} | 발표자 |",
    "-- | -- | --",
    "```",
    "code line {i} = x * 2",
    "",
    "",
    "> 인용 {i}",
    "---",
    "<details>",
    "</details>",
    "긴 문장 " * 40 + "{i}.",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_markdown_keeps_the_contract(seed: int) -> None:
    rng = random.Random(seed)
    text = "\n".join(rng.choice(_PARTS).format(i=i) for i in range(rng.randint(5, 400)))
    for cfg in (CFG, ChunkingConfig(target_chars=200, max_chars=300, overlap_chars=50)):
        chunks = chunks_of(text, cfg)
        assert [c.ordinal for c in chunks] == list(range(len(chunks)))
        for c in chunks:
            assert c.text and len(c.text) <= cfg.max_chars
            assert_lines_cover(c, text)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_small_configs_split_everything_within_limits(name: str) -> None:
    cfg = ChunkingConfig(target_chars=150, max_chars=220, overlap_chars=40, min_chars=10)
    text = FIXTURES[name][0]
    chunks = chunk_document(fixture_doc(name), cfg)
    assert len(chunks) > 3
    for c in chunks:
        assert len(c.text) <= cfg.max_chars
        assert_lines_cover(c, text)
