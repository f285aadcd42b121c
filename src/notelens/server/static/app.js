// notelens web page. Plain JS, no build step, no network beyond this server.
// Every piece of note text is inserted as text nodes (never innerHTML): notes are data.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { folders: [], evidence: new Map() };

// -- token: taken once from "#token=..." (then removed from the address bar) -----------
(function takeTokenFromHash() {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    sessionStorage.setItem("notelens-token", decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
})();

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem("notelens-token");
  if (token) headers["Authorization"] = "Bearer " + token;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(options.json);
  }
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (res.status === 401) {
    $("token-box").hidden = false;
  }
  if (!res.ok) {
    let msg = res.status + " " + res.statusText;
    try {
      const e = (await res.json()).error;
      msg = e.message + (e.hint ? " — " + e.hint : "");
    } catch (_) { /* not JSON */ }
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return res;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

// -- formatting --------------------------------------------------------------------------
function shortPath(source) {
  for (const f of state.folders) {
    const root = f.endsWith("/") ? f : f + "/";
    if (source.startsWith(root)) return source.slice(root.length);
  }
  return source;
}

function describe(loc) {
  if (!loc) return "";
  const parts = [];
  if (loc.part) parts.push(loc.part);  // converted files: "slide 3", "sheet S, rows 2-9"
  if (loc.page) parts.push("p. " + loc.page);
  if (loc.line_start) {
    parts.push(loc.line_end && loc.line_end !== loc.line_start
      ? "lines " + loc.line_start + "–" + loc.line_end : "line " + loc.line_start);
  }
  return parts.join(", ");
}

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

// Matched terms are analyzer terms: lowercased, English stemmed ("paramet"), Korean
// morphemes. Highlight each where it occurs, extending a Latin stem to the word's end.
function highlight(text, terms) {
  const frag = document.createDocumentFragment();
  const usable = (terms || []).filter((t) => t && t.length >= 1).sort((a, b) => b.length - a.length);
  if (!usable.length) { frag.append(text); return frag; }
  const pattern = usable.map((t) => /^[\p{Script=Latin}\d]/u.test(t)
    ? escapeRe(t) + "[\\p{L}\\p{N}]*" : escapeRe(t)).join("|");
  const re = new RegExp(pattern, "giu");
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (!m[0]) continue;
    frag.append(text.slice(last, m.index), el("mark", {}, m[0]));
    last = m.index + m[0].length;
  }
  frag.append(text.slice(last));
  return frag;
}

// -- status and re-index -----------------------------------------------------------------
async function loadStatus() {
  try {
    const st = await (await api("/status")).json();
    state.folders = st.folders || [];
    let line = st.exists
      ? st.files + " files · " + st.chunks + " chunks"
      : "no index yet — press ↻ index";
    if (st.exists && !st.compatible) line = "index needs a rebuild: " + st.problem;
    if (st.job && st.job.state === "running") line += " · indexing…";
    $("status").textContent = line;
    loadSync();
    return st;
  } catch (e) {
    $("status").textContent = e.message;
    return null;
  }
}

// Last sync (an index run or a folder watch batch) and the files that failed.
async function loadSync() {
  try {
    const cov = await (await api("/coverage")).json();
    if (!cov.last_sync) { $("sync").textContent = ""; return; }
    const failed = cov.files.filter((f) => f.state === "failed");
    let line = "last sync " + cov.last_sync.replace("T", " ").slice(0, 19);
    if (failed.length) {
      line += " · " + failed.length + " failed: " +
        failed.slice(0, 5).map((f) => f.path.split("/").pop() + " (" + f.reason + ")").join(", ");
    }
    $("sync").textContent = line;
  } catch (e) {
    $("sync").textContent = "";
  }
}

async function reindex() {
  const btn = $("reindex");
  btn.disabled = true;
  try {
    await api("/index", { method: "POST", json: {} });
    $("status").textContent = "indexing…";
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const job = await (await api("/index")).json();
      if (job.state !== "running") {
        if (job.state === "failed") {
          showMessage("index run failed: " + (job.error ? job.error.message : "nothing could be indexed"));
        }
        break;
      }
    }
  } catch (e) {
    showMessage(e.message);
  } finally {
    btn.disabled = false;
    loadStatus();
  }
}

// -- results -----------------------------------------------------------------------------
function renderHits(hits) {
  const list = $("results");
  list.replaceChildren();
  state.evidence.clear();
  for (const h of hits) {
    state.evidence.set(h.chunk_id, h);
    const terms = h.explain ? h.explain.matched_terms : [];
    const name = (h.title || shortPath(h.source));
    list.append(el("li", { class: "hit", "data-chunk": h.chunk_id },
      el("div", { class: "hit-head" },
        el("span", { class: "rank" }, h.rank + "."),
        el("button", { class: "hit-title", type: "button", onclick: () => openPassage(h) }, name),
        ...(h.flags || []).map((f) => el("span", { class: "flag" }, f))),
      el("p", { class: "where" }, shortPath(h.source) + (describe(h.location) ? " · " + describe(h.location) : "")),
      h.heading ? el("p", { class: "heading" }, h.heading) : null,
      snippetOf(h, terms),
      openLinks(h.source, bestFileLine(h)),
      rerankEvidence(h.explain)));
  }
  if (!hits.length) list.append(el("li", { class: "hit" }, "No results. 결과 없음."));
}

// The reranker's evidence when it rescored this hit (maxsim: which query token matched
// which passage token, and how closely); nothing when no reranker ran on it.
function rerankEvidence(ex) {
  if (!ex || !ex.reranker) return null;
  const pairs = (ex.token_matches || []).map((m) =>
    el("span", { class: "token-pair", title: "similarity " + m.sim.toFixed(2) },
      m.query + " → " + m.passage + " " + m.sim.toFixed(2)));
  return el("p", { class: "evidence" },
    ex.reranker + " rank " + ex.rerank_rank + (ex.fused_rank ? " (fused " + ex.fused_rank + ")" : ""),
    ...pairs);
}

// -- the passage dialog ------------------------------------------------------------------
async function openPassage(hit) {
  const dlg = $("passage");
  $("passage-title").textContent = hit.heading || hit.title || shortPath(hit.source);
  $("passage-where").textContent = shortPath(hit.source) + (describe(hit.location) ? " · " + describe(hit.location) : "");
  const body = $("passage-body");
  body.replaceChildren(hit.text || hit.quote || "");
  body.classList.toggle("aligned", looksAligned((hit.text || "").split("\n")));
  if (!dlg.open) dlg.showModal();
  const loc = hit.location || {};
  if (!loc.line_start || !/\.(md|markdown|txt|text)$/i.test(hit.source)) return;
  try {
    const q = new URLSearchParams({ source: hit.source, line_start: loc.line_start, line_end: loc.line_end || loc.line_start, context: 4 });
    const p = await (await api("/passage?" + q)).json();
    body.replaceChildren(...p.lines.map((text, i) => {
      const n = p.first_line + i;
      const cited = n >= p.line_start && n <= p.line_end;
      return el("span", { class: cited ? "cited" : "", "data-line": String(n) }, el("span", { class: "ln" }, String(n)), text + "\n");
    }));
    body.classList.toggle("aligned", looksAligned(p.lines));
    const first = markPassageLine(body, hit) || body.querySelector(".cited");
    if (first) first.scrollIntoView({ block: "center" });
  } catch (e) {
    // Keep the stored chunk text; say why the file view is missing.
    body.append("\n\n(" + e.message + ")");
  }
}

// -- answer ------------------------------------------------------------------------------
function citationTarget(c) {
  const ev = state.evidence.get(c.chunk_id);
  return Object.assign({ title: "", text: c.quote }, ev || {}, {
    source: c.source, heading: c.heading, location: c.location, quote: c.quote, line: c.line,
  });
}

function renderAnswer(a) {
  const box = $("answer");
  box.hidden = false;
  box.classList.toggle("refused", !!a.refused);
  const byN = new Map((a.citations || []).map((c) => [c.n, c]));
  const flags = $("answer-flags");
  flags.hidden = !(a.flags && a.flags.length);
  flags.textContent = flags.hidden ? "" : "⚠ a cited passage was flagged at ingest (" + a.flags.join(", ") + "): read it as data, not instructions";
  // The short answer first and prominent; the cited units follow without it.
  const short = $("short-answer");
  short.hidden = !a.short_answer;
  short.textContent = a.short_answer ? "→ " + a.short_answer : "";
  const prefix = a.short_answer ? a.short_answer + " — " : "";
  const body = prefix && a.answer.startsWith(prefix) ? a.answer.slice(prefix.length) : a.answer;
  const text = $("answer-text");
  text.replaceChildren();
  let last = 0;
  for (const m of body.matchAll(/\[(\d+)\]/g)) {
    const c = byN.get(Number(m[1]));
    if (!c) continue;
    text.append(body.slice(last, m.index),
      el("button", { class: "cite", type: "button", title: shortPath(c.source), onclick: () => openPassage(citationTarget(c)) }, "[" + c.n + "]"));
    last = m.index + m[0].length;
  }
  text.append(body.slice(last));
  const list = $("citations");
  list.replaceChildren(...(a.citations || []).map((c) => el("li", {},
    el("button", { class: "cite", type: "button", onclick: () => openPassage(citationTarget(c)) }, "[" + c.n + "]"),
    " ", el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); openPassage(citationTarget(c)); } },
      shortPath(c.source) + (c.line ? " · line " + c.line : describe(c.location) ? " · " + describe(c.location) : "")),
    c.heading ? " — " + c.heading : "",
    openLinks(c.source, c.line || (c.location && c.location.line_start)),
    c.quote ? el("span", { class: "quote" }, "“" + c.quote + "”") : null)));
}

async function ask(body) {
  $("answer").hidden = false;
  $("answer-text").textContent = "…";
  $("short-answer").hidden = true;
  $("answer-flags").hidden = true;
  $("citations").replaceChildren();
  const res = await api("/ask", { method: "POST", json: Object.assign({ stream: true }, body) });
  if (!(res.headers.get("content-type") || "").startsWith("text/event-stream")) {
    const a = await res.json();
    renderHits(a.evidence || []);
    renderAnswer(a);
    return;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  let streamed = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buf.indexOf("\n\n")) >= 0) {
      const raw = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let event = "message";
      const data = [];
      for (const line of raw.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      const payload = data.length ? JSON.parse(data.join("\n")) : null;
      if (event === "evidence") renderHits(payload);
      else if (event === "token") { streamed += payload; $("answer-text").textContent = streamed; }
      else if (event === "answer") { renderHits(payload.evidence || []); renderAnswer(payload); }
      else if (event === "error") showMessage(payload.message || "error");
    }
  }
}

// -- wiring ------------------------------------------------------------------------------
async function submit(ev) {
  ev.preventDefault();
  const q = $("q").value.trim();
  if (!q) return;
  const kind = document.querySelector('input[name="kind"]:checked').value;
  const common = { k: Number($("k").value) || 10, mode: $("mode").value };
  if ($("lang").value) common.lang = $("lang").value;
  if ($("source").value.trim()) common.source = $("source").value.trim();
  // Note scope (issue #18): space-separated tags, all required; folder; date range.
  const tags = $("tag").value.split(/[\s,]+/).filter(Boolean);
  if (tags.length) common.tags = tags;
  if ($("folder").value.trim()) common.folder = $("folder").value.trim();
  if ($("since").value) common.since = $("since").value;
  if ($("until").value) common.until = $("until").value;
  showMessage("");
  $("go").disabled = true;
  try {
    if (kind === "ask") {
      if (!$("k").dataset.touched) common.k = 5;
      await ask(Object.assign({ question: q }, common, conversationBody()));
    } else {
      $("answer").hidden = true;
      const res = await (await api("/search", { method: "POST", json: Object.assign({ query: q, explain: true }, common) })).json();
      renderHits(res.hits);
    }
  } catch (e) {
    showMessage(e.message);
  } finally {
    $("go").disabled = false;
  }
}

$("form").addEventListener("submit", submit);
$("reindex").addEventListener("click", reindex);
$("k").addEventListener("change", () => { $("k").dataset.touched = "1"; });
$("token-save").addEventListener("click", () => {
  sessionStorage.setItem("notelens-token", $("token").value);
  $("token-box").hidden = true;
  loadStatus();
});
loadStatus();
loadPageConfig();
setInterval(loadSync, 10000); // a folder watch (serve --watch) syncs on its own


// -- pointing at the line (issue #21 item 4) ----------------------------------------------
// A hit's snippet is cut around its best line (most query terms, then the reranker's
// token evidence), not from the chunk start; the passage view marks and scrolls to that
// line (or a citation's quoted lines); each result links to its file at that line.

state.pageConfig = { editor_url: null };

async function loadPageConfig() {
  try {
    state.pageConfig = await (await api("/config")).json();
  } catch (_) { /* an older server: no editor links */ }
}

function termPattern(terms) {
  const usable = (terms || []).filter((t) => t && t.length >= 1).sort((a, b) => b.length - a.length);
  if (!usable.length) return null;
  return new RegExp(usable.map((t) => /^[\p{Script=Latin}\d]/u.test(t)
    ? escapeRe(t) + "[\\p{L}\\p{N}]*" : escapeRe(t)).join("|"), "giu");
}

// Evidence words of a hit: its matched analyzer terms, and the passage side of the
// reranker's token matches (e5 pieces without their word marker).
function evidenceTerms(hit) {
  const ex = hit.explain || {};
  const pieces = (ex.token_matches || []).map((m) => (m.passage || "").replace(/^▁/, ""))
    .filter((p) => p.length >= 2);
  const terms = [...(ex.matched_terms || []), ...pieces];
  return terms.length ? terms : queryWords($("q").value);
}

// Without the search's explanation (an answer's evidence): the question's own words,
// Latin and Hangul runs apart ("GQA는" -> "GQA"), a Korean word also without its last
// syllable (a particle: "논문은" -> "논문").
function queryWords(q) {
  const words = [];
  for (const w of (q || "").match(/[\p{Script=Latin}\p{N}]+|\p{Script=Hangul}+|\p{L}+/gu) || []) {
    if (w.length < 2) continue;
    words.push(w);
    if (/^\p{Script=Hangul}{3,}$/u.test(w)) words.push(w.slice(0, -1));
  }
  return words;
}

// Score of one line: distinct terms it holds (case-insensitive), then all matches.
function lineScore(line, re) {
  if (!re) return 0;
  const found = [...line.matchAll(re)].map((m) => m[0].toLowerCase());
  return new Set(found).size * 1000 + found.length;
}

function bestLineIndex(lines, re) {
  let best = 0;
  let bestScore = -1;
  lines.forEach((line, i) => {
    const sc = lineScore(line, re);
    if (sc > bestScore) { best = i; bestScore = sc; }
  });
  return best;
}

const SNIPPET_BEFORE = 1;
const SNIPPET_AFTER = 3;
const SNIPPET_LINE_CHARS = 280;

function snippetOf(hit, terms) {
  const text = hit.text || "";
  const lines = text.split("\n");
  const re = termPattern(evidenceTerms(hit));
  const best = bestLineIndex(lines, re);
  hit.bestLine = { index: best, text: lines[best] };
  const from = Math.max(0, best - SNIPPET_BEFORE);
  const to = Math.min(lines.length, best + SNIPPET_AFTER + 1);
  const node = el("p", { class: "snippet clip" });
  if (from > 0) node.append(el("span", { class: "cut" }, "…\n"));
  for (let i = from; i < to; i++) {
    let line = lines[i];
    // A very long line (a paragraph on one line) is cut around its first match.
    if (i === best && line.length > SNIPPET_LINE_CHARS && re) {
      re.lastIndex = 0;
      const m = re.exec(line);
      const at = m ? Math.max(0, m.index - 80) : 0;
      line = (at > 0 ? "…" : "") + line.slice(at, at + SNIPPET_LINE_CHARS) +
        (at + SNIPPET_LINE_CHARS < line.length ? "…" : "");
    }
    const span = el("span", { class: i === best ? "line best" : "line" });
    span.append(highlight(line, terms));
    node.append(span, i < to - 1 ? "\n" : "");
  }
  if (to < lines.length) node.append(el("span", { class: "cut" }, "\n…"));
  return node;
}

// The file line of a hit's best line: exact when the chunk's lines are the file's lines
// (same count), else the chunk's first line.
function bestFileLine(hit) {
  const loc = hit.location || {};
  if (!loc.line_start) return null;
  const n = (hit.text || "").split("\n").length;
  const span = (loc.line_end || loc.line_start) - loc.line_start + 1;
  const idx = hit.bestLine ? hit.bestLine.index : 0;
  return span === n ? loc.line_start + idx : loc.line_start;
}

function normalized(s) {
  return (s || "").replace(/[`*_>#|\-\s]+/g, " ").trim().toLowerCase();
}

// In the passage view (file lines from /passage): mark the citation's quoted lines, or
// the hit's best line, and return the first marked element (to scroll to).
function markPassageLine(body, hit) {
  const rows = [...body.querySelectorAll(".cited")];
  if (!rows.length) return null;
  const textOf = (row) => (row.childNodes[1] || {}).textContent || "";
  let marked = [];
  if (hit.quote) {
    const quote = normalized(hit.quote);
    const byLine = rows.filter((r) => Number(r.dataset.line) === hit.line);
    const start = byLine.length ? rows.indexOf(byLine[0]) : rows.findIndex((r) => {
      const t = normalized(textOf(r));
      return t && (quote.includes(t) || t.includes(quote.slice(0, 40)));
    });
    if (start >= 0) {
      marked.push(rows[start]);
      for (let i = start + 1; i < rows.length; i++) {
        const t = normalized(textOf(rows[i]));
        if (!t || !quote.includes(t)) break;
        marked.push(rows[i]);
      }
    }
  } else {
    const re = termPattern(evidenceTerms(hit));
    if (re) marked = [rows[bestLineIndex(rows.map(textOf), re)]];
  }
  for (const r of marked) r.classList.add("quoted");
  return marked[0] || null;
}

// Links that open the file: file:// (where the browser allows it) and the configured
// editor (NOTELENS_EDITOR_URL: {path} {line} {relpath} {folder} {vault}).
function openLinks(source, line) {
  if (!source || !source.startsWith("/")) return null;
  const links = el("span", { class: "open-links" });
  links.append(el("a", { class: "open-file", href: "file://" + encodeURI(source), title: source }, "file"));
  const url = editorUrl(state.pageConfig.editor_url, source, line);
  if (url) {
    links.append(" · ", el("a", { class: "open-editor", href: url }, "editor" + (line ? " :" + line : "")));
  }
  return links;
}

function editorUrl(template, source, line) {
  if (!template) return null;
  let folder = "";
  for (const f of state.folders) {
    const root = f.endsWith("/") ? f : f + "/";
    if (source.startsWith(root) && root.length > folder.length) folder = root;
  }
  const values = {
    path: source,
    line: String(line || 1),
    relpath: folder ? source.slice(folder.length) : source,
    folder: folder.replace(/\/$/, ""),
    vault: folder.replace(/\/$/, "").split("/").pop() || "",
  };
  const query = template.indexOf("?");
  return template.replace(/\{(path|line|relpath|folder|vault)\}/g, (m, key, at) =>
    query >= 0 && at > query ? encodeURIComponent(values[key]) : encodeURI(values[key]));
}

// Tables, code and tab-indented text keep their columns: no wrapping (the passage
// scrolls sideways inside its box); prose wraps.
function looksAligned(lines) {
  return lines.some((l) => /^\s*\|.*\|\s*$/.test(l) || /^\s*(```|~~~)/.test(l) || /\t/.test(l) || /^ {4}\S/.test(l));
}

// -- conversation (issue #19 item 6) ------------------------------------------------------
// Questions asked on this page form one conversation: the session id (kept for this tab)
// goes with every POST /ask, the server rewrites a follow-up ("그럼 QLoRA는?") into a
// standalone question, and the page lists the turns so far with that rewrite.
function conversationId() {
  let id = sessionStorage.getItem("notelens-session");
  if (!id) {
    const rand = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join("");
    id = "web-" + rand;
    sessionStorage.setItem("notelens-session", id);
  }
  return id;
}

function conversationBody() {
  return { session: conversationId() };
}

function recordTurn(a) {
  if (!a || !a.session) return;
  const rewritten = $("rewritten");
  const changed = a.rewritten_question && a.rewritten_question !== a.question;
  rewritten.hidden = !changed;
  rewritten.textContent = changed ? "→ 질문: " + a.rewritten_question : "";
  const answer = a.refused ? "(not found)" : (a.short_answer || a.answer);
  $("turns").append(el("li", {},
    el("span", { class: "turn-q" }, a.question),
    changed ? el("span", { class: "turn-rewrite" }, " → " + a.rewritten_question) : "",
    el("span", { class: "turn-a" }, answer.length > 160 ? answer.slice(0, 160) + "…" : answer)));
  $("conversation").hidden = false;
}

function newConversation() {
  sessionStorage.removeItem("notelens-session");
  $("turns").replaceChildren();
  $("rewritten").hidden = true;
  $("conversation").hidden = true;
}

// Every rendered answer also becomes a turn (renderAnswer itself stays as it is).
const renderAnswerWithoutTurn = renderAnswer;
renderAnswer = function (a) { // eslint-disable-line no-func-assign
  renderAnswerWithoutTurn(a);
  recordTurn(a);
};
$("new-conversation").addEventListener("click", newConversation);
