"""One parameter list for a search (``notelens.contracts.SearchParamsJSON``): the MCP
tools ``search`` and ``search_notes``, ``POST /search`` (and ``/search/notes``, the same
body) and the CLI's ``search`` take the same names, with the same defaults and the same
types; only each interface's bound on ``k`` and the length check of ``query`` differ
(LIMITS: the MCP tools check it in their schema, the HTTP routes in the route)."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from notelens.contracts import SEARCH_K, SearchParamsJSON

pytestmark = pytest.mark.unit

PARAMS = set(SearchParamsJSON.__annotations__)
#: Bounds and words, which each interface words or sets for itself.
_OWN = {"description", "title", "maximum", "minimum", "maxLength", "minLength"}


def _shape(prop: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in prop.items() if key not in _OWN}


@pytest.fixture(scope="module")
def mcp_tools(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("mcp", reason="the mcp SDK is not installed")
    from notelens import Engine
    from notelens.mcp.server import build_server

    # A lazy engine: listing the tools loads no model and reads no index.
    server = build_server(Engine(tmp_path_factory.mktemp("mcp") / "index"))
    return {t.name: t.input_schema for t in asyncio.run(server.list_tools())}


@pytest.fixture(scope="module")
def http_schema() -> dict[str, Any]:
    from notelens.server.models import SearchRequest

    return SearchRequest.model_json_schema()


def test_the_contract_lists_the_parameters_once() -> None:
    assert SearchParamsJSON.__required_keys__ == frozenset({"query"})
    assert {
        "query", "k", "mode", "source", "lang", "explain", "rerank",
        "tags", "folder", "since", "until",
    } == PARAMS  # fmt: skip


@pytest.mark.parametrize("tool", ["search", "search_notes"])
def test_mcp_search_tools_take_the_http_parameters(
    tool: str, mcp_tools: dict[str, Any], http_schema: dict[str, Any]
) -> None:
    schema = mcp_tools[tool]
    assert set(schema["properties"]) == PARAMS == set(http_schema["properties"])
    assert schema["required"] == ["query"] == http_schema["required"]
    for name in sorted(PARAMS):
        mine, http = schema["properties"][name], http_schema["properties"][name]
        assert _shape(mine) == _shape(http), name  # type, enum, default
    assert schema["properties"]["k"]["default"] == SEARCH_K
    assert schema["properties"]["explain"]["default"] is False
    assert all(schema["properties"][n].get("description") for n in PARAMS - {"mode"})


def test_the_mcp_bound_on_k_is_its_own_limit(mcp_tools: dict[str, Any]) -> None:
    from notelens.config import LIMITS

    for tool in ("search", "search_notes"):
        k = mcp_tools[tool]["properties"]["k"]
        assert (k["minimum"], k["maximum"]) == (1, LIMITS.mcp_max_k)
    q = mcp_tools["search"]["properties"]["query"]
    assert q["maxLength"] == LIMITS.max_question_chars


def test_the_cli_search_options_have_the_same_names_and_defaults(
    http_schema: dict[str, Any],
) -> None:
    """``notelens search``: the same parameters (``--tag``, repeated, for ``tags``), with
    the same defaults, besides its own (``--index``, ``--json``, ``--by``...)."""
    from notelens.cli.app import search_cmd

    cli = inspect.signature(search_cmd).parameters
    names = {"tags" if n == "tag" else n for n in cli}
    assert names >= PARAMS
    for name in PARAMS - {"query"}:
        default = cli["tag" if name == "tags" else name].default
        assert default == http_schema["properties"][name].get("default"), name
    assert cli["k"].default == SEARCH_K and cli["query"].default is inspect.Parameter.empty


def test_korean_and_mixed_queries_fit_the_mcp_schema(mcp_tools: dict[str, Any]) -> None:
    """The query's bound counts characters, not bytes: a Korean question of the maximum
    length is accepted (each Hangul syllable is 3 bytes in UTF-8)."""
    from pydantic import TypeAdapter

    from notelens.config import LIMITS

    q = mcp_tools["search"]["properties"]["query"]
    longest = ("가" * (LIMITS.max_question_chars - 4)) + "LoRA"
    assert len(longest) <= q["maxLength"] < len(longest.encode())
    adapter = TypeAdapter(SearchParamsJSON)
    parsed = adapter.validate_python({"query": "LoRA rank와 파라미터 수", "k": 3, "tags": ["논문"]})
    assert parsed["tags"] == ["논문"]
