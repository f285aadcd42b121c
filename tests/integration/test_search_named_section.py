"""A question that names a section by its heading or the heading's initials reads that
section's parts first, on a real index (issues #15 / #22, nineteenth round;
``FusionConfig.named_section_depth``, retrieve/named_sections.py).

The notes are written for this test: a reading list whose sections ("Knowledge
Distillation", "Sparse Attention") are long numbered lists that the chunker splits into
parts, and other notes that repeat the question's frame words (목록, 링크, 항목, list,
links) so that, fused, the later parts of the named section stay out of the five hits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fused_search import fused_hits
from note_files import write_notes
from notelens import Engine
from notelens.types import Hit

pytestmark = pytest.mark.integration


def _entry(n: int, title: str, lines: tuple[str, str, str], link: bool = True) -> str:
    head = (
        f"{n}. [{title}](papers/{title.split(':')[0].replace(' ', '_')}.md)"
        if link
        else (f"{n}. [{title}]")
    )
    return head + "\n\n    3 LINE SUMMARY\n" + "".join(f"    - {x}\n" for x in lines) + "\n"


_KD = [
    (
        "Teacher Notes: Soft Targets Revisited(2019)",
        (
            "교사 모델의 확률 분포를 그대로 따라 하도록 학습함",
            "온도 값을 높이면 작은 확률 차이도 전달됨",
            "작은 모델이 큰 모델과 비슷한 정확도에 도달",
        ),
    ),
    (
        "Patient Students(2020)",
        (
            "학생 모델을 오래 학습시키면 격차가 줄어듦",
            "데이터 증강과 함께 쓸 때 효과가 큼",
            "같은 예산이면 긴 학습이 유리",
        ),
    ),
    (
        "Layerwise Hints for Thin Nets(2021)",
        (
            "중간 층의 표현을 맞추는 힌트 손실을 추가",
            "얕고 넓은 교사에서 깊고 좁은 학생으로 전달",
            "초기 학습이 안정됨",
        ),
    ),
    (
        "Quiet Distiller: Logit Matching at Scale(2022)",
        (
            "대규모 말뭉치에서 로짓만 저장해 두고 재사용",
            "저장 공간을 크게 줄이는 압축 방식 제안",
            "교사 호출 없이 학생을 학습",
        ),
    ),
    (
        "Two-Stage Transfer for Tiny Encoders(2022)",
        (
            "먼저 일반 말뭉치에서 한 번, 다음에 태스크 데이터에서 한 번 더 전달하는 두 단계 방식",
            "두 번째 단계만 하면 성능이 눈에 띄게 떨어짐",
            "인코더가 작을수록 첫 단계의 이득이 커짐",
        ),
    ),
    (
        "Self-Teaching Without a Teacher(2023)",
        (
            "이전 체크포인트를 교사로 삼아 스스로 따라 하도록 학습하는 방식",
            "별도의 큰 교사 모델이 필요 없어서 비용이 적음",
            "여러 번 반복하면 개선 폭이 점점 줄어듦",
        ),
    ),
    (
        "Data-Free Transfer by Synthesis(2023)",
        (
            "원래 학습 데이터 없이 교사에서 합성한 입력만으로 학생을 학습",
            "개인정보 때문에 데이터를 못 쓰는 상황을 겨냥",
            "합성 입력의 다양성이 결과를 좌우함",
        ),
    ),
    (
        "Marble Student Report",
        (
            "아직 읽는 중, 요약은 다음 모임 전에 채울 예정",
            "사내 발표 자료로만 공유됨",
            "공개 링크 없음",
        ),
    ),
]
_SPARSE = [
    (
        "Strided Windows(2019)",
        (
            "고정 간격으로 토큰을 건너뛰며 어텐션",
            "긴 문서에서 메모리를 절약",
            "지역 정보는 창 안에서만 봄",
        ),
    ),
    (
        "Global Tokens Matter(2020)",
        ("몇 개의 전역 토큰이 모든 위치를 봄", "분류 성능이 전체 어텐션과 비슷", "구현이 단순함"),
    ),
]


def _section(title: str, entries: list[tuple[str, tuple[str, str, str]]]) -> str:
    body = "".join(
        _entry(i, t, lines, link=not t.startswith("Marble"))
        for i, (t, lines) in enumerate(entries, 1)
    )
    return f"## {title}\n\n{body}"


NOTES = {
    "reading-list.md": "# 모델 경량화 읽기 목록\n\n"
    + _section("Knowledge Distillation", _KD)
    + _section("Sparse Attention", _SPARSE),
    "todo.md": "# 할 일 목록\n\n- 링크 없는 항목 정리하기: 위키 목록에서 깨진 링크 항목 찾기\n"
    "- 항목마다 링크 달기, 목록 정렬\n- list the links of every entry, fix the broken links list\n",
    "wiki.md": "# 위키 사용법\n\n- 새 항목은 목록 맨 아래에 추가\n- 링크는 항목 제목에 걸기\n"
    "- 섹션마다 목록을 두고 항목을 번호로 매김\n- Sections list entries; each entry links its page\n",
}
# More notes in the frame words alone: a wiki's lists of entries and links, a week's
# to-dos; none is about distillation or sparse attention.
for _i, (_ko, _en) in enumerate(
    [
        ("회의록 목록", "meeting notes list"),
        ("데이터셋 목록", "dataset list"),
        ("도구 목록", "tools list"),
        ("발표 자료 목록", "slides list"),
        ("북마크 목록", "bookmarks list"),
        ("용어 목록", "glossary entries"),
    ]
):
    NOTES[f"lists/list-{_i}.md"] = (
        f"# {_ko}\n\n- {_ko}의 항목마다 링크를 단다. 아직 링크 없는 항목은 굵게 표시\n"
        f"- 항목 추가는 목록 맨 아래, 링크 없는 항목은 주마다 확인\n"
        f"- The {_en}: entries with no links yet are marked; which entries have links\n"
        f"- papers and entries in this section are listed by date\n"
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("named-section")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


def _kd_parts(hits: list[Hit]) -> list[int | None]:
    return [h.location.line_start for h in hits if h.heading.endswith("Knowledge Distillation")]


def test_the_section_is_split_into_parts(make_engine: Callable[..., Engine], index: Path) -> None:
    hits = fused_hits(
        make_engine, index, "Knowledge Distillation 3 LINE SUMMARY", named_section_depth=0
    )
    assert len({h.chunk_id for h in hits if h.heading.endswith("Knowledge Distillation")}) >= 2


@pytest.mark.parametrize(
    ("query", "by_initials"),
    [
        ("KD 섹션에서 아직 링크 없는 항목들 뭐야?", True),
        ("Knowledge Distillation 섹션 목록", False),
        ("Which entries in the KD section have no links yet?", True),
        ("list the papers in the section on Knowledge Distillation", False),
        # what a heading files, without the word "section" (twenty-fifth round)
        ("Knowledge Distillation 밑에 아직 링크 없는 항목 뭐야?", False),
        ("Knowledge Distillation 목록에서 링크 없는 논문", False),
        ("Which entries under Knowledge Distillation have no links yet?", False),
        ("Which papers of the Knowledge Distillation list have no link?", False),
    ],
)
def test_a_named_section_reads_its_parts_first(
    make_engine: Callable[..., Engine], index: Path, query: str, by_initials: bool
) -> None:
    hits = fused_hits(make_engine, index, query)
    first = _kd_parts(hits[:2])
    assert len(first) == 2 and first == sorted(first)  # both parts lead, in file order
    assert any("Marble Student Report" in h.text for h in hits)  # the entry with no link
    if by_initials:
        # fused, "KD" matches no word of the notes: the frame words' notes lead and the
        # section's first part is not among the five hits
        off = fused_hits(make_engine, index, query, named_section_depth=0)
        assert min(_kd_parts(hits)) not in _kd_parts(off)


@pytest.mark.parametrize(
    "query", ["어느 섹션에 링크 없는 항목이 있어?", "Patient Students 논문 요약", "SA 섹션 목록"]
)
def test_no_named_heading_keeps_the_fused_order(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    # "SA" spells "Sparse Attention": that section moves, the KD section does not
    on = [h.chunk_id for h in fused_hits(make_engine, index, query)]
    off = [h.chunk_id for h in fused_hits(make_engine, index, query, named_section_depth=0)]
    if query.startswith("SA"):
        assert fused_hits(make_engine, index, query)[0].heading.endswith("Sparse Attention")
    else:
        assert on == off
