# HTML and SVG markup reads better unbroken than split at 100 columns.
# ruff: noqa: E501
"""Self-contained HTML report of an evaluation run (``notelens eval --report FILE``).

One file, no network at view time: CSS inline, plots as inline SVG drawn here (no
JavaScript, no CDN). Sections: metrics per mode, a bar chart of the headline metrics,
Recall@k curves, per-query wins and losses between each pair of modes (with paired
significance tests), the worst queries with their retrieved passages, and answers.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from notelens.evaluate.compare import compare_modes
from notelens.evaluate.results import EvalResult, ModeResult
from notelens.evaluate.scoring import primary_metric

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f")
WORST = 10

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans KR",sans-serif;margin:2em auto;
max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:13px}.wide{overflow-x:auto}td,th{border:1px solid #ddd;padding:.25em .55em;
text-align:right}th{background:#f5f5f5}td.l,th.l{text-align:left}
.best{font-weight:700;background:#eef6ee}.muted{color:#777}.rel{color:#2a7d2a;font-weight:700}
.irr{color:#b33}.q{margin:1em 0;padding:.6em .8em;border:1px solid #e3e3e3;border-radius:6px}
.q .passage{margin:.35em 0 .35em 1em;font-size:.92em}.legend span{margin-right:1.2em}
.sw{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
.small{font-size:.9em}
"""
# Any width (issue #21 item 5): tables scroll sideways inside their own box, charts
# shrink to the page, long words and paths wrap, the settings are a definition list
# that stacks on a phone. Korean and emoji fonts as on the web page.
_CSS_ANY_WIDTH = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR","Noto Sans CJK KR",
"Apple SD Gothic Neo","Malgun Gothic","Nanum Gothic",sans-serif,"Noto Color Emoji","Apple Color Emoji",
"Segoe UI Emoji";overflow-wrap:anywhere}
.wide{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
.wide table{margin:0}.wide td,.wide th{overflow-wrap:normal}.wide td.l{min-width:12em;overflow-wrap:anywhere}
svg{max-width:100%;height:auto}
dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.6em 0}
dl.settings dt{color:#555;font-weight:600}dl.settings dd{margin:0}
@media (max-width:40rem){body{margin:1em auto;padding:0 .6em}
dl.settings{grid-template-columns:1fr}dl.settings dd{margin:0 0 .4em}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fmt(x: float | None, digits: int = 4) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _legend(names: list[str]) -> str:
    items = "".join(
        f'<span><i class="sw" style="background:{_color(i)}"></i>{_e(n)}</span>'
        for i, n in enumerate(names)
    )
    return f'<div class="legend small">{items}</div>'


def bar_chart(groups: list[str], series: dict[str, list[float]], *, width: int = 720) -> str:
    """Grouped vertical bars, values in [0, 1]."""
    height, left, bottom, top = 260, 40, 30, 10
    plot_h = height - bottom - top
    names = list(series)
    gw = (width - left - 10) / max(1, len(groups))
    bw = gw * 0.8 / max(1, len(names))
    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - t)
        parts.append(
            f'<line x1="{left}" x2="{width - 5}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{t:.2f}</text>'
        )
    for gi, g in enumerate(groups):
        x0 = left + gi * gw + gw * 0.1
        for si, n in enumerate(names):
            v = max(0.0, min(1.0, series[n][gi]))
            h = plot_h * v
            x = x0 + si * bw
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" '
                f'fill="{_color(si)}"><title>{_e(n)} {_e(g)}: {v:.4f}</title></rect>'
            )
            parts.append(
                f'<text x="{x + bw / 2 - 1:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="9" '
                f'text-anchor="middle">{v:.3f}</text>'
            )
        parts.append(
            f'<text x="{left + gi * gw + gw / 2:.1f}" y="{height - 10}" font-size="11" '
            f'text-anchor="middle">{_e(g)}</text>'
        )
    parts.append("</svg>")
    return _legend(names) + "".join(parts)


def line_chart(xs: list[int], series: dict[str, list[float]], *, width: int = 720) -> str:
    """Lines over equally spaced cut-offs (k), values in [0, 1]."""
    height, left, bottom, top, right = 260, 40, 30, 10, 20
    plot_w, plot_h = width - left - right, height - bottom - top
    lo = min((min(v) for v in series.values() if v), default=0.0)
    y0 = max(0.0, (int(lo * 10) / 10) - 0.1)

    def px(i: int) -> float:
        return left + (plot_w * i / max(1, len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h * (1 - (v - y0) / (1 - y0 if y0 < 1 else 1))

    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for j in range(5):
        t = y0 + (1 - y0) * j / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#eee"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{py(t) + 4:.1f}" font-size="10" text-anchor="end">{t:.2f}</text>'
        )
    for i, k in enumerate(xs):
        parts.append(
            f'<text x="{px(i):.1f}" y="{height - 10}" font-size="11" text-anchor="middle">k={k}</text>'
        )
    for si, (name, vals) in enumerate(series.items()):
        pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(vals))
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{_color(si)}" stroke-width="2"/>'
        )
        for i, v in enumerate(vals):
            parts.append(
                f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="{_color(si)}">'
                f"<title>{_e(name)} Recall@{xs[i]}: {v:.4f}</title></circle>"
            )
    parts.append("</svg>")
    return _legend(list(series)) + "".join(parts)


def diff_chart(diffs: list[float], *, width: int = 720) -> str:
    """Per-query differences sorted: green above the axis (B better), red below."""
    height = 120
    mid = height / 2
    ds = sorted(diffs, reverse=True)
    bw = width / max(1, len(ds))
    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    parts.append(f'<line x1="0" x2="{width}" y1="{mid}" y2="{mid}" stroke="#999"/>')
    for i, d in enumerate(ds):
        if d == 0:
            continue
        h = min(1.0, abs(d)) * (mid - 4)
        y = mid - h if d > 0 else mid
        color = "#59a14f" if d > 0 else "#e15759"
        parts.append(
            f'<rect x="{i * bw:.2f}" y="{y:.1f}" width="{max(bw, 0.6):.2f}" height="{h:.1f}" fill="{color}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _metric_table(result: EvalResult) -> str:
    ks = result.ks
    cols = [f"nDCG@{k}" for k in ks] + [f"Recall@{k}" for k in ks] + [f"P@{k}" for k in ks]
    cols += [f"MRR@{10 if 10 in ks else max(ks)}", "MAP"]
    best = {c: max(m.metrics.get(c, 0.0) for m in result.modes.values()) for c in cols}
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    rows = []
    for name, m in result.modes.items():
        cells = "".join(
            f'<td class="{"best" if len(result.modes) > 1 and m.metrics.get(c) == best[c] else ""}">'
            f"{_fmt(m.metrics.get(c))}</td>"
            for c in cols
        )
        speed = f"<td>{_fmt(m.p50_ms, 1)}</td><td>{_fmt(m.p95_ms, 1)}</td><td>{_fmt(m.qps, 1)}</td>"
        rows.append(f'<tr><td class="l">{_e(name)}</td>{cells}{speed}</tr>')
    return (
        f'<div class="wide"><table><tr><th class="l">mode</th>{head}'
        "<th>p50 ms</th><th>p95 ms</th><th>q/s</th></tr>" + "".join(rows) + "</table></div>"
    )


def _pairs_section(result: EvalResult, metric: str) -> str:
    out: list[str] = []
    names = list(result.modes)
    if len(names) < 2:
        return '<p class="muted">One mode only: nothing to compare.</p>'
    for a, b in itertools.combinations(names, 2):
        ma, mb = result.modes[a], result.modes[b]
        comps = compare_modes(
            ma,
            mb,
            metrics=[m for m in (metric, f"Recall@{max(result.ks)}", "MAP") if m in ma.metrics],
            n=5000,
        )
        rows = "".join(
            f'<tr><td class="l">{_e(c.metric)}</td><td>{_fmt(c.mean_a)}</td><td>{_fmt(c.mean_b)}</td>'
            f"<td>{c.delta:+.4f}</td><td>{c.wins}</td><td>{c.losses}</td><td>{c.ties}</td>"
            f"<td>{_fmt(c.p_randomization, 4)}</td><td>{_fmt(c.p_ttest, 4)}</td></tr>"
            for c in comps
        )
        qa, qb = ma.per_query(metric), mb.per_query(metric)
        diffs = [qb[q] - qa[q] for q in qa if q in qb]
        out.append(
            f"<h3>{_e(b)} vs {_e(a)}</h3>"
            f'<div class="wide"><table><tr><th class="l">metric</th><th>{_e(a)}</th><th>{_e(b)}</th><th>Δ</th>'
            f"<th>{_e(b)} wins</th><th>{_e(b)} losses</th><th>ties</th>"
            f"<th>p (randomization)</th><th>p (t-test)</th></tr>{rows}</table></div>"
            f'<p class="small muted">Per-query Δ{_e(metric)} ({_e(b)} − {_e(a)}), sorted; '
            f"green: {_e(b)} better, red: {_e(a)} better.</p>" + diff_chart(diffs)
        )
    return "".join(out)


def _worst_section(mode: ModeResult, metric: str) -> str:
    mrr = (
        "MRR@10"
        if "MRR@10" in mode.metrics
        else next((m for m in mode.metrics if m.startswith("MRR@")), metric)
    )
    worst = sorted(
        mode.queries, key=lambda q: (q.metrics.get(metric, 0.0), q.metrics.get(mrr, 0.0))
    )
    out: list[str] = []
    for q in worst[:WORST]:
        gold = ", ".join(q.relevant[:5]) + (" …" if len(q.relevant) > 5 else "")
        passages = (
            "".join(
                f'<div class="passage"><span class="{"rel" if p.relevant else "irr"}">'
                f"{'✔ relevant' if p.relevant else '✘'}</span> <b>{_e(p.doc)}</b> "
                f'<span class="muted">{_e(Path(p.source).name if p.source else "")}</span><br>{_e(p.text)}</div>'
                for p in q.passages
            )
            or '<div class="passage muted">no passages kept (trec runs carry ids only): '
        )
        if not q.passages:
            passages += _e(q.error or ", ".join(q.retrieved[:10])) + "</div>"
        out.append(
            f'<div class="q"><b>{_e(q.query)}</b> <span class="muted small">[{_e(q.qid)}] '
            f"{_e(metric)} {q.metrics.get(metric, 0.0):.3f}, {_e(mrr)} {q.metrics.get(mrr, 0.0):.3f}"
            f'</span><br><span class="small">relevant: {_e(gold)}</span>{passages}</div>'
        )
    return "".join(out)


def _answers_section(result: EvalResult) -> str:
    a = result.answers
    if a is None:
        return ""
    head = "".join(f"<th>{_e(k)}</th>" for k in a.metrics)
    vals = "".join(f"<td>{_fmt(v)}</td>" for v in a.metrics.values())
    worst = sorted(a.rows, key=lambda r: (r.token_f1, r.contains_gold))[:WORST]
    rows = "".join(
        f'<tr><td class="l">{_e(r.question)}</td><td class="l">{_e(r.answer[:300])}</td>'
        f'<td class="l">{_e(" | ".join(r.gold)[:200])}</td><td>{"yes" if r.refused else ""}</td>'
        f"<td>{r.token_f1:.2f}</td><td>{_fmt(r.citation_precision, 2)}</td></tr>"
        for r in worst
    )
    by_field = ""
    for name, groups in a.by_field.items():  # e.g. a notes set's class and lang
        cells = "".join(
            f'<tr><td class="l">{_e(value)}</td><td>{m.get("n", 0):.0f}</td>'
            + "".join(f"<td>{_fmt(m.get(k))}</td>" for k in a.metrics)
            + "</tr>"
            for value, m in groups.items()
        )
        by_field += (
            f"<h3>By {_e(name)}</h3>"
            f'<div class="wide"><table><tr><th class="l">{_e(name)}</th><th>n</th>{head}</tr>{cells}</table></div>'
        )
    return (
        f"<h2>Answers ({len(a.rows)} questions, {a.seconds:.1f} s)</h2>"
        f'<div class="wide"><table><tr>{head}</tr><tr>{vals}</tr></table></div>{by_field}'
        "<h3>Lowest token F1</h3>"
        '<div class="wide"><table><tr><th class="l">question</th><th class="l">answer</th><th class="l">gold</th>'
        f"<th>refused</th><th>F1</th><th>cit. prec.</th></tr>{rows}</table></div>"
    )


def render_report(result: EvalResult) -> str:
    """The report as one HTML string."""
    metric = primary_metric(result.ks)
    modes = result.modes
    ds = result.dataset
    best_mode = max(modes, key=lambda m: modes[m].metrics.get(metric, 0.0))
    k_big = max(result.ks)
    groups = [
        g
        for g in (
            metric,
            f"Recall@{min(10, k_big) if 10 in result.ks else k_big}",
            f"MRR@{10 if 10 in result.ks else k_big}",
            "MAP",
        )
        if all(g in m.metrics for m in modes.values())
    ]
    groups = list(dict.fromkeys(groups))
    bars = bar_chart(groups, {n: [m.metrics[g] for g in groups] for n, m in modes.items()})
    curves = line_chart(
        result.ks, {n: [m.metrics[f"Recall@{k}"] for k in result.ks] for n, m in modes.items()}
    )
    idx = result.index
    index_line = (
        f"index: {_e(idx.get('dir', ''))}; {idx.get('files', '?')} files, "
        f"{idx.get('chunks', '?')} chunks; "
        + (f"built in {idx['seconds']:.1f} s" if idx.get("built") else "reused from the cache")
        if idx.get("files") is not None
        else f"index: {_e(idx.get('dir', 'none (runs given)'))}"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>notelens eval: {_e(ds.get("name", ""))}</title><style>{_CSS}{_CSS_ANY_WIDTH}</style></head><body>
<h1>notelens eval: {_e(ds.get("name", ""))}</h1>
{_settings_list(result, index_line)}
<h2>Metrics per mode</h2>{_metric_table(result)}
<p class="small muted">Bold: best mode per column. Means over queries (macro). MAP is over the run depth.</p>
<h2>Headline metrics</h2>{bars}
<h2>Recall@k</h2>{curves}
<h2>Per-query wins and losses ({_e(metric)})</h2>{_pairs_section(result, metric)}
<h2>Worst queries of the best mode ({_e(best_mode)}, by {_e(metric)})</h2>
{_worst_section(modes[best_mode], metric)}
{_answers_section(result)}
<p class="muted small">Generated by notelens. Self-contained: no scripts, no network.</p>
</body></html>
"""


def _setting_value(value: object) -> str:
    """One setting as text: a nested setting (fusion, chunking) as ``name value`` pairs,
    a list joined by commas, never a Python repr."""
    if isinstance(value, dict):
        return " · ".join(f"{k} {_setting_value(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return ", ".join(_setting_value(v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _settings_list(result: EvalResult, index_line: str) -> str:
    """The run's header: data set, run, index and settings as a definition list
    (``index_line`` is already escaped)."""
    ds = result.dataset
    rows: list[tuple[str, str]] = [
        ("data set", f"{ds.get('format')} · {ds.get('path')}"),
        ("size", f"{ds.get('docs') or '—'} documents · {ds.get('queries')} queries"),
        ("run", f"depth {result.depth} · {result.created}"),
    ]
    rows += [(str(k), _setting_value(v)) for k, v in result.settings.items()]
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    index = f"<dt>index</dt><dd>{index_line.removeprefix('index: ')}</dd>"
    return f'<dl class="settings small">{items}{index}</dl>'


def write_report(result: EvalResult, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(result), encoding="utf-8")
    return path
