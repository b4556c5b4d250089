"""The query page `kg serve` shows at `/`: one self-contained HTML file (no external assets, no CDN)."""
from __future__ import annotations

import json

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}
textarea{width:100%;height:16em;font:13px/1.35 ui-monospace,monospace;box-sizing:border-box}
button{font-size:14px;padding:.3em 1.2em;margin:.4em 0}
table{border-collapse:collapse;margin-top:.6em;width:100%}
th,td{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top}
th{background:#f2f2f2} #status{color:#555;margin-left:1em} #error{color:#b00;white-space:pre-wrap}
#examples li{margin:.15em 0} code{background:#f4f4f4} pre#rdf{background:#f8f8f8;padding:.6em;overflow:auto}
</style></head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the built graph: the merged graph is the default graph, each article's
facts are in a named graph. Endpoint: <code>/sparql</code> (GET <code>?query=</code>, or POST).
Prefixes <code>cnkg: rdfs: skos: xsd: …</code> need not be declared.</p>
<h2>Examples: the competency questions</h2>
<ul id="examples"></ul>
<textarea id="query" spellcheck="false" aria-label="SPARQL query">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25</textarea>
<div><button id="run" type="button">Run</button><span id="status"></span></div>
<div id="error"></div>
<table id="results"></table>
<pre id="rdf" hidden></pre>
<script type="application/json" id="data">__DATA__</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const $ = (id) => document.getElementById(id);
function compact(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(data.prefixes))
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}
function show(t) { return !t ? "" : t.type === "uri" ? compact(t.value) : t.type === "bnode" ? "_:" + t.value : t.value; }
function clear() {
  $("results").replaceChildren(); $("error").textContent = ""; $("rdf").hidden = true; $("status").textContent = "";
}
function table(doc) {
  const head = document.createElement("tr");
  for (const v of doc.head.vars) { const th = document.createElement("th"); th.textContent = v; head.append(th); }
  const rows = doc.results.bindings.map((b) => {
    const tr = document.createElement("tr");
    for (const v of doc.head.vars) { const td = document.createElement("td"); td.textContent = show(b[v]); tr.append(td); }
    return tr;
  });
  $("results").replaceChildren(head, ...rows);
  return rows.length;
}
async function run() {
  clear(); $("status").textContent = "running…";
  const started = performance.now();
  try {
    const resp = await fetch("sparql", {method: "POST", body: new URLSearchParams({query: $("query").value}),
      headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
    const body = await resp.text();
    const ms = Math.round(performance.now() - started);
    if (!resp.ok) { $("status").textContent = "HTTP " + resp.status; $("error").textContent = body; return; }
    let note = "";
    if (resp.headers.get("X-KG-Truncated")) note = " (cut at " + resp.headers.get("X-KG-Max-Rows") + ")";
    if ((resp.headers.get("Content-Type") || "").includes("json")) {
      const doc = JSON.parse(body);
      if ("boolean" in doc) { $("status").textContent = "ASK: " + doc.boolean; return; }
      $("status").textContent = table(doc) + " rows" + note + ", " + ms + " ms";
    } else {
      $("rdf").textContent = body; $("rdf").hidden = false; $("status").textContent = ms + " ms" + note;
    }
  } catch (e) { $("status").textContent = ""; $("error").textContent = String(e); }
}
for (const ex of data.examples) {
  const li = document.createElement("li"), a = document.createElement("a");
  a.href = "#"; a.textContent = ex.name; a.dataset.name = ex.name;
  a.addEventListener("click", (ev) => { ev.preventDefault(); $("query").value = ex.query; run(); });
  li.append(a, " — " + ex.about); $("examples").append(li);
}
$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) run(); });
</script>
</body></html>
"""


def render(examples: list[dict[str, str]], prefixes: dict[str, str]) -> bytes:
    data = json.dumps({"examples": examples, "prefixes": prefixes}, ensure_ascii=False)
    return _PAGE.replace("__DATA__", data.replace("</", "<\\/")).encode("utf-8")
