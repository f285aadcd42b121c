"""Dataset loaders on small files written here (Korean and English), and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notelens.errors import DatasetError
from notelens.evaluate.datasets import load_dataset, parse_spec

pytestmark = pytest.mark.unit


def _beir(root: Path) -> Path:
    d = root / "tiny-beir"
    (d / "qrels").mkdir(parents=True)
    docs = [
        {"_id": "1", "title": "LoRA", "text": "LoRA는 저랭크 행렬로 fine-tuning 비용을 줄인다."},
        {"_id": "2", "title": "GQA", "text": "Grouped-query attention shares key/value heads."},
        {"_id": "3", "title": "", "text": "RRF fuses ranked lists."},
    ]
    (d / "corpus.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in docs), encoding="utf-8"
    )
    qs = [
        {"_id": "q1", "text": "LoRA는 무엇을 줄이나"},
        {"_id": "q2", "text": "what is GQA"},
        {"_id": "q3", "text": "no judgments"},
    ]
    (d / "queries.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in qs), encoding="utf-8"
    )
    (d / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\t1\t1\nq2\t2\t2\nq2\t3\t0\n", encoding="utf-8"
    )
    return d


def test_parse_spec() -> None:
    assert parse_spec("beir:some/dir") == ("beir", Path("some/dir"))
    assert parse_spec("notes:C:/x.jsonl")[1] == Path("C:/x.jsonl")
    for bad in ("scifact", "foo:bar", "beir:"):
        with pytest.raises(DatasetError):
            parse_spec(bad)


def test_beir(tmp_path: Path) -> None:
    ds = load_dataset(f"beir:{_beir(tmp_path)}")
    assert ds.format == "beir"
    assert set(ds.queries) == {"q1", "q2"}  # q3 has no relevant document
    assert ds.qrels["q2"] == {"2": 2.0, "3": 0.0}
    assert ds.docs is not None and ds.docs["1"][0] == "LoRA"
    assert ds.limit(1).queries == {"q1": "LoRA는 무엇을 줄이나"}
    # The corpus hash keys the cached index: it changes with the text.
    h1 = ds.content_hash()
    ds.docs["3"] = ("", "changed")
    assert ds.content_hash() != h1


def test_beir_errors_name_the_file(tmp_path: Path) -> None:
    d = _beir(tmp_path)
    (d / "queries.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(DatasetError) as exc:
        load_dataset(f"beir:{d}")
    assert "queries.jsonl" in str(exc.value) and "line 1" in str(exc.value)
    with pytest.raises(DatasetError, match=r"corpus\.jsonl"):
        load_dataset(f"beir:{tmp_path / 'missing'}")


def test_squad(tmp_path: Path) -> None:
    f = tmp_path / "mini.json"
    data = {
        "data": [
            {
                "title": "트랜스포머",
                "paragraphs": [
                    {
                        "context": "트랜스포머는 2017년에 발표되었다.",
                        "qas": [
                            {
                                "id": "k1",
                                "question": "트랜스포머는 언제 발표되었나?",
                                "answers": [
                                    {"text": "2017년", "answer_start": 7},
                                    {"text": "2017년", "answer_start": 7},
                                ],
                            }
                        ],
                    },
                    {
                        "context": "BERT uses masked language modelling.",
                        "qas": [
                            {
                                "id": "e1",
                                "question": "What objective does BERT use?",
                                "answers": [
                                    {"text": "masked language modelling", "answer_start": 10}
                                ],
                            }
                        ],
                    },
                ],
            }
        ]
    }
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ds = load_dataset(f"squad:{f}")
    assert ds.qrels == {"k1": {"a000p000": 1.0}, "e1": {"a000p001": 1.0}}
    assert ds.answers["k1"] == ["2017년"]  # duplicates dropped
    assert ds.docs is not None and ds.docs["a000p001"][0] == "트랜스포머"
    f.write_text('{"version": 1}', encoding="utf-8")
    with pytest.raises(DatasetError, match="SQuAD"):
        load_dataset(f"squad:{f}")


def test_autorag(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "doc_id": ["law - a.pdf - 1", "law - a.pdf - 2"],
                "contents": ["원고는 손해배상을 청구했다.", "The court dismissed it."],
                "metadata": [{"page": 1}, {"page": 2}],
            }
        ),
        tmp_path / "ocr_corpus.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "qid": ["1_law"],
                "query": ["원고는 무엇을 청구했나?"],
                "retrieval_gt": [[["law - a.pdf - 1"], ["law - a.pdf - 2"]]],
                "generation_gt": [["손해배상"]],
            }
        ),
        tmp_path / "qa_sample.parquet",
    )
    ds = load_dataset(f"autorag:{tmp_path}")
    assert ds.qrels["1_law"] == {"law - a.pdf - 1": 1.0, "law - a.pdf - 2": 1.0}
    assert ds.answers["1_law"] == ["손해배상"]
    (tmp_path / "qa_other.parquet").write_bytes((tmp_path / "qa_sample.parquet").read_bytes())
    with pytest.raises(DatasetError, match="exactly one"):
        load_dataset(f"autorag:{tmp_path}")


def test_trec_runs_and_qrels(tmp_path: Path) -> None:
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("1 0 dA 1\n1 0 dB 0\n2 0 dC 2\n", encoding="utf-8")
    run = tmp_path / "run.txt"
    # Lines out of order: the score decides the ranking.
    run.write_text(
        "1 Q0 dB 2 0.5 sysA\n1 Q0 dA 1 0.9 sysA\n2 Q0 dX 1 3.0 sysA\n1 Q0 dA 1 1.0 sysB\n",
        encoding="utf-8",
    )
    ds = load_dataset(f"trec:{run}", qrels)
    assert ds.docs is None
    assert ds.runs["sysA"] == {"1": ["dA", "dB"], "2": ["dX"]}
    assert set(ds.runs) == {"sysA", "sysB"}
    with pytest.raises(DatasetError, match="qrels"):
        load_dataset(f"trec:{run}")
    run.write_text("1 Q0 dA\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="line 1"):
        load_dataset(f"trec:{run}", qrels)


def test_notes(tmp_path: Path) -> None:
    f = tmp_path / "qs.jsonl"
    f.write_text(
        json.dumps(
            {
                "question": "LoRA는 파라미터를 얼마나 줄이나",
                "relevant": ["papers/lora.md", "rank r 행렬"],
                "answer": "10,000배",
            },
            ensure_ascii=False,
        )
        + "\n\n"
        + json.dumps({"query": "what is RRF", "relevant": ["fusion.md"], "answer": ["rank fusion"]})
        + "\n",
        encoding="utf-8",
    )
    ds = load_dataset(f"notes:{f}")
    assert ds.docs is None
    assert list(ds.queries.values()) == ["LoRA는 파라미터를 얼마나 줄이나", "what is RRF"]
    q1 = next(iter(ds.queries))
    assert ds.qrels[q1] == {"rel:0": 1.0, "rel:1": 1.0}
    assert ds.relevant[q1] == ["papers/lora.md", "rank r 행렬"]
    assert ds.answers[q1] == ["10,000배"]
    f.write_text('{"question": "x", "relevant": []}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="line 1"):
        load_dataset(f"notes:{f}")
