"""Request and response bodies. Responses mirror the CLI's ``--json`` contracts.

Static bounds live here; limits that come from :class:`~notelens.config.ServerConfig`
(``max_k``, question length) are checked by the routes so they stay configurable.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from notelens.contracts import (
    EXPLAIN_HELP,
    FOLDER_HELP,
    LANG_HELP,
    QUERY_HELP,
    RERANK_HELP,
    SEARCH_K,
    SINCE_HELP,
    SOURCE_HELP,
    TAG_HELP,
    UNTIL_HELP,
    AnswerJSON,
    CitationJSON,
    ExplainJSON,
    HitJSON,
    LangName,
    LocationJSON,
    SearchJSON,
    StatusJSON,
)
from notelens.contracts import ModeName as Mode
from notelens.types import NoteFilter


class _Request(BaseModel):
    # A misspelt field ("top_k") is an error, not silently ignored.
    model_config = ConfigDict(extra="forbid")


class _Scoped(_Request):
    """The note scope of a search or an answer (issue #18)."""

    tags: list[str] | None = Field(None, description=TAG_HELP)
    folder: str | None = Field(None, description=FOLDER_HELP)
    since: str | None = Field(None, description=SINCE_HELP)
    until: str | None = Field(None, description=UNTIL_HELP)

    def scope(self) -> NoteFilter | None:
        """The filter; a bad date raises :class:`~notelens.errors.SearchError`."""
        return NoteFilter.parse(self.tags, self.folder, self.since, self.until)


class SearchRequest(_Scoped):
    # contracts.SearchParamsJSON: the MCP search tools take the same parameters.
    query: str = Field(min_length=1, description=QUERY_HELP)
    k: int = Field(SEARCH_K, ge=1, description="Number of hits (at most the server's max_k).")
    mode: Mode = "hybrid"
    source: str | None = Field(None, description=SOURCE_HELP)
    lang: LangName | None = Field(None, description=LANG_HELP)
    explain: bool = Field(False, description=EXPLAIN_HELP)
    rerank: str | None = Field(None, description=RERANK_HELP)


class AskRequest(_Scoped):
    question: str = Field(min_length=1)
    k: int = Field(5, ge=1, description="Passages given as evidence.")
    mode: Mode = "hybrid"
    source: str | None = None
    lang: LangName | None = None
    llm: str | None = Field(None, description="LLM backend; none: an extractive answer.")
    rerank: str | None = Field(None, description=RERANK_HELP)
    stream: bool | None = Field(
        None,
        description="Server-sent events (evidence, token..., answer). Default: stream "
        "when an LLM answers.",
    )
    session: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        description="A conversation id: a follow-up is rewritten into a standalone "
        "question from the session's last turns before retrieval "
        "(the answer's rewritten_question).",
    )


class IndexRequest(_Request):
    rebuild: bool = Field(False, description="Re-read every file.")


# The response shapes are the contracts of :mod:`notelens.contracts` (one definition for
# the CLI's --json, this API, the MCP tools and the tests); the old names stay importable.
LocationModel = LocationJSON
ExplainModel = ExplainJSON
HitModel = HitJSON
SearchResponse = SearchJSON
CitationModel = CitationJSON
AnswerModel = AnswerJSON


class JobModel(BaseModel):
    """One ``POST /index`` run. ``report`` is ``notelens index --json`` once done."""

    id: int
    state: Literal["running", "done", "failed"]
    rebuild: bool
    folders: list[str]
    started: str
    finished: str | None = None
    report: dict[str, object] | None = None
    error: dict[str, object] | None = None


class StatusResponse(StatusJSON):
    """``notelens status --json`` plus the served note folders and the index run, if any."""

    folders: list[str]
    job: JobModel | None


class PassageResponse(BaseModel):
    """Lines of a note around a cited range, read from a configured folder."""

    source: str
    line_start: int
    line_end: int
    first_line: int
    lines: list[str]


class ErrorBody(BaseModel):
    type: str
    stage: str
    message: str
    hint: str | None = None
    status: int


class ErrorResponse(BaseModel):
    error: ErrorBody
