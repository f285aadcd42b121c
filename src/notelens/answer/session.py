"""Conversations kept on disk: ``<index>/sessions/ID.json`` (issue #19 item 6).

A session holds the last ``max_turns`` turns of one conversation (question, the
standalone question retrieval used, its topic, the answer's text). It is written
atomically (a temporary file in the same folder, fsync, rename), so a crash leaves the
old file or the new one, never half of one. A damaged file -- not JSON, the wrong
shape, another version -- is moved aside to ``ID.json.damaged`` with one warning line
and the conversation starts fresh; the index is never touched.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelens.answer.followup import Turn
from notelens.errors import ConfigError
from notelens.fileio import write_atomic

logger = logging.getLogger(__name__)

SESSION_VERSION = 1
DEFAULT_MAX_TURNS = 8
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SESSION_ID_HELP = "1-64 letters, digits, '_', '-' or '.', not starting with '.' or '-'"


def check_session_id(session_id: str) -> str:
    """``session_id`` if it is a safe file name stem, else a ``ConfigError``."""
    sid = session_id.strip()
    if not _ID_RE.match(sid) or ".." in sid:
        raise ConfigError(
            f"not a valid session id: {session_id!r}",
            hint=f"a session id is {SESSION_ID_HELP}",
        )
    return sid


def new_session_id() -> str:
    """A fresh id: the date and a random suffix (``20261204-1f3a9c``)."""
    return time.strftime("%Y%m%d") + "-" + secrets.token_hex(3)


@dataclass(slots=True)
class Conversation:
    """The turns of one session, oldest first; ``problem`` says why an old file was
    set aside (a damaged session) when this one started fresh."""

    id: str
    turns: list[Turn] = field(default_factory=list)
    problem: str = ""

    def add(self, turn: Turn, max_turns: int = DEFAULT_MAX_TURNS) -> None:
        self.turns.append(turn)
        del self.turns[: max(0, len(self.turns) - max_turns)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SESSION_VERSION,
            "id": self.id,
            "turns": [
                {
                    "question": t.question,
                    "standalone": t.standalone,
                    "topic": t.topic,
                    "answer": t.answer,
                }
                for t in self.turns
            ],
        }


def _turns(data: Any) -> list[Turn]:
    """The turns of a parsed session file; ``ValueError`` for any other shape."""
    if not isinstance(data, dict) or data.get("version") != SESSION_VERSION:
        raise ValueError("not a notelens session of version 1")
    turns = data.get("turns")
    if not isinstance(turns, list):
        raise ValueError("no list of turns")
    out: list[Turn] = []
    for t in turns:
        if not isinstance(t, dict):
            raise ValueError("a turn is not an object")
        q, s, topic, answer = (
            t.get("question"),
            t.get("standalone"),
            t.get("topic"),
            t.get("answer", ""),
        )
        if not isinstance(q, str) or not isinstance(s, str) or not isinstance(answer, str):
            raise ValueError("a turn lacks its question")
        if topic is not None and not isinstance(topic, str):
            raise ValueError("a turn's topic is not text")
        out.append(Turn(q, s, topic, answer))
    return out


class SessionStore:
    """The sessions of one index folder."""

    def __init__(self, index_dir: str | Path, *, max_turns: int = DEFAULT_MAX_TURNS) -> None:
        self.folder = Path(index_dir) / "sessions"
        self.max_turns = max_turns

    @staticmethod
    def check_id(session_id: str) -> str:
        """``session_id`` if it is valid (see :func:`check_session_id`)."""
        return check_session_id(session_id)

    @staticmethod
    def new_id() -> str:
        """A fresh session id (see :func:`new_session_id`)."""
        return new_session_id()

    def path(self, session_id: str) -> Path:
        return self.folder / f"{check_session_id(session_id)}.json"

    def load(self, session_id: str) -> Conversation:
        """The conversation ``session_id`` (empty when new; fresh, with ``problem``
        set, when its file was damaged and moved aside)."""
        sid = check_session_id(session_id)
        path = self.path(sid)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return Conversation(sid)
        except OSError as exc:
            raise ConfigError(
                f"cannot read the session file ({exc.strerror})", path=str(path)
            ) from exc
        try:
            turns = _turns(json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as exc:
            aside = path.with_name(path.name + ".damaged")
            with contextlib.suppress(OSError):
                os.replace(path, aside)
            problem = f"session {sid} was damaged ({exc}); moved to {aside.name}, starting fresh"
            logger.warning("%s", problem)
            return Conversation(sid, problem=problem)
        return Conversation(sid, turns[-self.max_turns :])

    def save(self, conversation: Conversation) -> Path:
        """Write ``conversation`` atomically; returns its path."""
        path = self.path(conversation.id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = json.dumps(conversation.to_dict(), ensure_ascii=False, indent=1)
            write_atomic(path, data, fsync=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot write the session file ({exc.strerror or exc})",
                path=str(path),
                hint="check that the index folder is writable",
            ) from exc
        return path

    def delete(self, session_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(session_id).unlink()
