"""One definition of the JSON contracts: the dataclasses' to_dict output validates
against notelens.contracts exactly (no missing, no extra keys), the HTTP models and the
MCP tools use those shapes, and the MCP server no longer pulls in FastAPI."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from typing_extensions import get_type_hints, is_typeddict

from contracts import HIT_KEYS
from notelens.contracts import AnswerJSON, HitJSON, SearchJSON, StatusJSON
from notelens.types import Answer, Citation, Explanation, Hit, IndexStatus, Location

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def _hit(explain: bool = False) -> Hit:
    return Hit(
        rank=1,
        score=0.0325,
        chunk_id="c1",
        source="/notes/스터디/syllabus.md",
        title="스터디 계획",
        heading="14주차 > DPO",
        text="14주차 DPO 논문 발표: 박지훈. Direct Preference Optimization.",
        location=Location(line_start=10, line_end=24),
        lang="mixed",
        flags=("pii:rrn",),
        explanation=Explanation(1, 3.2, 2, 0.81, ("dpo", "발표")),
    )


def _strict(shape: Any, value: Any) -> None:
    """``value`` has exactly the keys of ``shape`` at every level (NotRequired ones may be
    missing) and validates against it in pydantic's strict mode."""
    from pydantic import TypeAdapter

    TypeAdapter(shape).validate_python(value, strict=True)
    _keys(shape, value)


def _keys(shape: Any, value: Any) -> None:
    hints = get_type_hints(shape)
    assert shape.__required_keys__ <= set(value) <= set(hints), (shape.__name__, sorted(value))
    for key, item in value.items():
        inner = hints[key]
        if is_typeddict(inner):
            _keys(inner, item)
        elif get_origin(inner) is list and is_typeddict(get_args(inner)[0]):
            for element in item:
                _keys(get_args(inner)[0], element)


def test_to_dict_is_exactly_the_contract() -> None:
    hit = _hit()
    assert set(hit.to_dict()) == HIT_KEYS == set(HitJSON.__annotations__) - {"explain"}
    _strict(HitJSON, hit.to_dict())
    _strict(HitJSON, hit.to_dict(explain=True))
    _strict(SearchJSON, {"query": "DPO 발표자", "mode": "hybrid", "hits": [hit.to_dict()]})
    answer = Answer(
        question="스터디에서 DPO 논문은 누가 발표했지?",
        answer="14주차 DPO 논문 발표: 박지훈 [1].",
        refused=False,
        mode="extractive",
        citations=(Citation(1, "c1", hit.source, hit.heading, hit.location, "박지훈"),),
        evidence=(hit,),
        note="not in the contract",
    )
    data = answer.to_dict()
    _strict(AnswerJSON, data)
    assert set(data) == set(AnswerJSON.__required_keys__)  # note/strength stay out
    # In a conversation (ask --session) the two optional keys come too.
    in_session = replace(answer, session="s1", rewritten_question="QLoRA는 누가 발표했어?")
    _strict(AnswerJSON, in_session.to_dict())
    assert set(in_session.to_dict()) == set(AnswerJSON.__annotations__)
    _strict(StatusJSON, IndexStatus(index_dir="/tmp/idx", exists=True, langs={"ko": 3}).to_dict())


def test_server_and_mcp_use_the_contracts() -> None:
    pytest.importorskip("fastapi")
    from notelens.mcp import server as mcp_server
    from notelens.server import models

    assert models.SearchResponse is SearchJSON and models.AnswerModel is AnswerJSON
    assert models.HitModel is HitJSON
    assert StatusJSON.__annotations__.items() <= models.StatusResponse.__annotations__.items()
    assert (
        StatusJSON.__annotations__.items() <= mcp_server.IndexStatusResult.__annotations__.items()
    )


def test_importing_the_mcp_server_does_not_import_fastapi() -> None:
    pytest.importorskip("mcp")
    code = (
        "import sys, notelens.mcp.server\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'starlette.routing')"
        " or m.startswith('notelens.server'))\n"
        "print(','.join(bad))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert res.stdout.strip() == ""
