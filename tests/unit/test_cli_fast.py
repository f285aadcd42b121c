"""The warm CLI's Typer-free entry (notelens.cli.fast) and the JSON -> result decoding
its rendering relies on (notelens.cli.decode)."""

from __future__ import annotations

import pytest

from notelens.cli import decode
from notelens.cli.fast import (
    FLAG_OPTIONS,
    POSITIONAL,
    TYPER_ONLY_FLAGS,
    TYPER_ONLY_VALUES,
    VALUE_OPTIONS,
    parse,
)
from notelens.config import DaemonConfig, daemon_fingerprint
from notelens.errors import ConfigError
from notelens.types import (
    AlsoIn,
    Answer,
    Citation,
    Explanation,
    Hit,
    IndexStatus,
    Location,
    ShortAnswer,
    TokenMatch,
)

pytestmark = pytest.mark.unit


def test_fast_parser_takes_plain_calls() -> None:
    p = parse(["search", "GQA는 MQA와 무엇이 다른가", "-k", "3", "--json", "--index=/tmp/x"])
    assert p is not None
    assert p.command == "search"
    assert p.positional == "GQA는 MQA와 무엇이 다른가"
    assert p.values == {"k": "3", "index": "/tmp/x"}
    assert p.flags == {"as_json"}
    p = parse(["ask", "--llm", "smollm2", "--", "--what is LoRA"])
    assert p is not None and p.positional == "--what is LoRA" and p.values == {"llm": "smollm2"}
    p = parse(["status", "--json"])
    assert p is not None and p.positional is None and p.flags == {"as_json"}


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["index", "notes"],
        ["search"],  # missing query: Typer's error message
        ["search", "a", "b"],
        ["search", "q", "--help"],
        ["-v", "search", "q"],  # root options: the Typer path
        ["search", "q", "-k"],
        ["search", "q", "-k5"],
        ["search", "q", "--json=1"],
        ["search", "q", "-k", "1", "-k", "2"],
        ["status", "extra"],
        ["ask", "q", "--explain"],  # a search-only flag
        ["search", "LoRA", "--tag", "논문"],  # note filters run in-process
        ["ask", "q", "--since", "2024-01-01"],
        ["status", "--files"],
        ["search", "LoRA", "--by", "note"],
    ],
)
def test_fast_parser_leaves_the_rest_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


def test_fast_option_table_matches_the_typer_commands() -> None:
    """The fast parser knows exactly the options the Typer commands define."""
    import typer.main

    from notelens.cli.app import app

    root = typer.main.get_command(app)
    for name, positional in POSITIONAL.items():
        cmd = root.commands[name]  # type: ignore[attr-defined]
        values: set[str] = set()
        flags: set[str] = set()
        args: list[str] = []
        for param in cmd.params:
            if param.param_type_name == "argument":
                args.append(param.name)
            elif param.is_flag:
                flags.update(param.opts)
            else:
                values.update(param.opts)
        assert values == set(VALUE_OPTIONS[name]) | TYPER_ONLY_VALUES[name], name
        assert flags == set(FLAG_OPTIONS[name]) | TYPER_ONLY_FLAGS[name], name
        assert args == ([positional] if positional else []), name


def _hit() -> Hit:
    return Hit(
        rank=1,
        score=0.5,
        chunk_id="c1",
        source="/notes/한국어 노트.md",
        title="주간 메모",
        heading="GQA > KV cache",
        text="GQA는 KV head를 그룹으로 묶어 공유한다.",
        location=Location(3, 7),
        lang="mixed",
        explanation=Explanation(
            bm25_rank=1,
            bm25_score=2.5,
            matched_terms=("gqa", "공유"),
            reranker="maxsim",
            rerank_rank=1,
            rerank_score=0.9,
            token_matches=(TokenMatch("GQA", "GQA", 0.99),),
        ),
        flags=("pii:email",),
        also_in=(AlsoIn("c2", "/notes/copy.md", "GQA", Location(page=2)),),
    )


def test_decode_inverts_the_contracts() -> None:
    hit = _hit()
    assert decode.hit(hit.to_dict(explain=True)) == hit
    answer = Answer(
        question="GQA는 무엇을 공유하나?",
        answer="KV head [1].",
        refused=False,
        mode="extractive",
        citations=(Citation(1, "c1", hit.source, hit.heading, Location(3, 7), "KV head", 4),),
        evidence=(hit,),
        note="extractive answer instead",
        short=ShortAnswer("KV head", 1, 0, 7),
        flags=("pii:email",),
    )
    back = decode.answer(answer.to_dict(), note=answer.note)
    # Outside the contract: the evidence's explanations and the refusal strength.
    assert back == Answer(
        **{
            **{f: getattr(answer, f) for f in answer.__dataclass_fields__},
            "evidence": (decode.hit(hit.to_dict()),),
            "strength": 0.0,
        }
    )
    st = IndexStatus("/idx", True, files=2, chunks=9, langs={"ko": 5, "en": 4}, store="memory")
    assert decode.status(st.to_dict()) == st
    team = IndexStatus(
        "/idx",
        True,
        store="postgres",
        store_dsn="postgresql://u:***@db/notes",
        store_replica="postgresql://u:***@replica/notes",
        store_namespace="팀-노트",
        store_bm25="extension notelens_bm25",
    )
    assert decode.status(team.to_dict()) == team


def test_status_names_the_rows_the_vector_index_does_not_cover_yet() -> None:
    """Rows written since the ANN index was trained are searched flat until it is
    trained again: ``status`` says how many, and a server older than the field decodes."""
    import io

    from rich.console import Console

    from notelens.cli.render import print_status

    st = IndexStatus("/idx/노트", True, chunks=300_000, dense_index="ivf_sq", dense_unindexed=3601)
    assert decode.status(st.to_dict()) == st
    old = {k: v for k, v in st.to_dict().items() if k != "dense_unindexed"}
    assert decode.status(old).dense_unindexed == 0  # type: ignore[arg-type]
    out = io.StringIO()
    print_status(Console(file=out, width=120), st)
    assert "ivf_sq (3,601 newer rows searched flat)" in out.getvalue()
    out = io.StringIO()
    print_status(Console(file=out, width=120), IndexStatus("/idx", True, dense_index="ivf_sq"))
    assert "ivf_sq" in out.getvalue() and "flat" not in out.getvalue()


def test_daemon_config_from_env() -> None:
    assert DaemonConfig.from_env({}).enabled
    assert not DaemonConfig.from_env({"NOTELENS_DAEMON": "0"}).enabled
    assert not DaemonConfig.from_env({"NOTELENS_DAEMON": "off"}).enabled
    assert DaemonConfig.from_env({"NOTELENS_DAEMON_IDLE": "5"}).idle_s == 5.0
    with pytest.raises(ConfigError, match="NOTELENS_DAEMON_IDLE"):
        DaemonConfig.from_env({"NOTELENS_DAEMON_IDLE": "soon"})
    with pytest.raises(ConfigError, match="positive"):
        DaemonConfig.from_env({"NOTELENS_DAEMON_IDLE": "0"})


def test_fingerprint_follows_answer_settings_only() -> None:
    base = {"NOTELENS_RERANK": "maxsim", "HOME": "/h"}
    fp = daemon_fingerprint(base)
    assert daemon_fingerprint({**base, "NOTELENS_DAEMON_IDLE": "9", "PATH": "/x"}) == fp
    assert daemon_fingerprint({**base, "NOTELENS_INDEX": "/elsewhere"}) == fp
    assert daemon_fingerprint({**base, "NOTELENS_RERANK": "minilm"}) != fp
    assert daemon_fingerprint({**base, "NOTELENS_LLM": "smollm2"}) != fp


def test_decode_keeps_the_part_of_a_converted_file() -> None:
    """A passage of a slide deck or a sheet comes back from the daemon with its part,
    so the warm CLI prints `slide 3` as in-process does."""
    loc = Location(part="slide 3")
    assert decode.location(loc.to_dict()) == loc
    assert decode.location(loc.to_dict()).describe() == loc.describe()
