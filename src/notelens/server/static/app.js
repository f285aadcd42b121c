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
      el("p", { class: "snippet clip" }, highlight(h.text, terms)),
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
  if (!dlg.open) dlg.showModal();
  const loc = hit.location || {};
  if (!loc.line_start || !/\.(md|markdown|txt|text)$/i.test(hit.source)) return;
  try {
    const q = new URLSearchParams({ source: hit.source, line_start: loc.line_start, line_end: loc.line_end || loc.line_start, context: 4 });
    const p = await (await api("/passage?" + q)).json();
    body.replaceChildren(...p.lines.map((text, i) => {
      const n = p.first_line + i;
      const cited = n >= p.line_start && n <= p.line_end;
      return el("span", { class: cited ? "cited" : "" }, el("span", { class: "ln" }, String(n)), text + "\n");
    }));
    const first = body.querySelector(".cited");
    if (first) first.scrollIntoView({ block: "nearest" });
  } catch (e) {
    // Keep the stored chunk text; say why the file view is missing.
    body.append("\n\n(" + e.message + ")");
  }
}

// -- answer ------------------------------------------------------------------------------
function citationTarget(c) {
  const ev = state.evidence.get(c.chunk_id);
  return Object.assign({ title: "", text: c.quote }, ev || {}, {
    source: c.source, heading: c.heading, location: c.location,
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
setInterval(loadSync, 10000); // a folder watch (serve --watch) syncs on its own

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
