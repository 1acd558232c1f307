// gridatlas atlas page. Every user-visible string from data is set with textContent
// (never innerHTML), so names such as <script> are shown, not run. The page's own words
// come from the glossary (GET /api/v1/glossary?lang=…, the `web.*` names of
// data/glossary/labels.csv): t(name) looks them up; there is no string table here.
"use strict";

const API = "/api/v1";
const METRIC_BUCKETS = {
  reserve_margin: { edges: [0, 0.10, 0.13, 0.20, 0.30], fmt: v => pct(v, 1) },
  surplus_gw: { edges: [-10, -5, 0, 5, 10], fmt: v => num(v, 1) },
  opportunity: { edges: [40, 50, 60, 70], fmt: v => num(v, 1) },
  microgrid_irr: { edges: [0.05, 0.10, 0.15, 0.20], fmt: v => pct(v, 1) },
  // hours per year; a common planning criterion is 3 h/yr (0.1 d/yr in days)
  lole: { edges: [0.1, 1, 3, 10, 100], fmt: v => lole(v) },
};
// the map asks again for a layer (or the panel for its adequacy figures) still computing
const POLL_MS = 1500;
let layerPoll = null;
// red (short) → green (ample); the opportunity/IRR scales run light → dark blue
const COLORS_BALANCE = ["#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"];
const COLORS_SCORE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
const NODATA = "#e3e3e3";

const state = { metric: "reserve_margin", year: null, scenario: "normal-neutral", prov: null, ov: {}, lang: "zh" };
let labels = {};  // glossary name → label in state.lang
const labelCache = {};
let layer = null;
let balance = null;
let chart = null;
let geoChart = null;
let roles = {};
let origin = null;
let panelSeq = 0;  // a newer panel (another province or language) wins over slower older requests  // the listed case without overrides: explorer defaults and comparisons

const $ = id => document.getElementById(id);
// t: a glossary name written out in the code (tests check each exists in both languages);
// {field} placeholders are filled from `fields`. g: a name that comes from data (a weather,
// a technology), shown as it is when the glossary lacks it.
function t(key, fields) {
  const text = labels[key];
  if (text === undefined) { console.warn("no glossary label", key); return key; }
  return fields ? text.replace(/\{(\w+)\}/g, (m, f) => (f in fields ? String(fields[f]) : m)) : text;
}
const g = name => labels[name] !== undefined ? labels[name] : name;
async function loadLabels() {
  if (!labelCache[state.lang]) labelCache[state.lang] = (await api("/glossary?lang=" + state.lang)).labels;
  labels = labelCache[state.lang];
}

// ---- number formats: the CLI's (Python's format with half-to-even on exact ties)
function fixed(x, digits) {
  const k = Math.pow(10, digits);
  const y = x * k;
  if (Math.abs(y - Math.trunc(y)) === 0.5) {
    const lo = Math.floor(y);
    return ((lo % 2 === 0 ? lo : lo + 1) / k).toFixed(digits);
  }
  return x.toFixed(digits);
}
function group(s) {
  const neg = s.startsWith("-");
  const [i, d] = (neg ? s.slice(1) : s).split(".");
  const out = i.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + out + (d !== undefined ? "." + d : "");
}
function lole(v) {
  if (v === null || v === undefined) return "";
  return num(v, v < 1 ? 2 : v < 100 ? 1 : 0);
}
function num(v, digits) { return v === null || v === undefined ? "" : group(fixed(v, digits)); }
function pct(v, digits) { return v === null || v === undefined ? "" : fixed(v * 100, digits) + "%"; }
function cell(v, kind) {
  if (kind === "text") return v === null ? "" : String(v);
  if (v === null || v === undefined || typeof v === "string") return "";
  return kind === "fraction" ? pct(v, 1) : num(v, 0);
}

function bucket(metric, v) {
  const edges = METRIC_BUCKETS[metric].edges;
  let i = 0;
  while (i < edges.length && v >= edges[i]) i++;
  return i;
}
function palette(metric) {
  if (metric === "reserve_margin" || metric === "surplus_gw") return COLORS_BALANCE;
  if (metric === "lole") return [...COLORS_BALANCE].reverse();  // many hours short: red
  return COLORS_SCORE;
}
function colorOf(metric, v) {
  if (v === null || v === undefined) return NODATA;
  return palette(metric)[bucket(metric, v)];
}
function darkTile(metric, v) {
  const b = bucket(metric, v);
  if (metric === "reserve_margin" || metric === "surplus_gw") return b <= 1;
  if (metric === "lole") return b >= 4;
  return b >= 3;
}
const pending = lay => lay.status === "pending" || lay.status === "queued" || lay.status === "running";

async function api(path, opts) {
  const r = await fetch(API + path, opts);
  const type = r.headers.get("content-type") || "";
  const body = type.includes("json") ? await r.json() : await r.blob();
  if (!r.ok) {
    const err = new Error(body && body.detail ? body.detail : r.statusText);
    err.status = r.status;
    throw err;
  }
  return body;
}
const post = (path, data) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(data) });

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

// ---- permalink: metric, year, scenario, province, overrides and language in the query string
function b64encode(obj) {
  const bytes = new TextEncoder().encode(JSON.stringify(obj));
  let s = "";
  bytes.forEach(b => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function b64decode(text) {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(s, c => c.charCodeAt(0))));
}
function writeUrl() {
  const q = new URLSearchParams();
  q.set("metric", state.metric);
  if (state.year !== null) q.set("year", String(state.year));
  q.set("scenario", state.scenario);
  if (state.prov) q.set("prov", state.prov);
  if (Object.keys(state.ov).length) q.set("ov", b64encode(state.ov));
  q.set("lang", state.lang);
  const url = location.pathname + "?" + q.toString();
  history.replaceState(null, "", url);
  $("permalink-url").value = location.origin + url;
}
function readUrl() {
  const q = new URLSearchParams(location.search);
  if (q.get("metric") && METRIC_BUCKETS[q.get("metric")]) state.metric = q.get("metric");
  if (q.get("year") && /^\d{4}$/.test(q.get("year"))) state.year = Number(q.get("year"));
  if (q.get("scenario")) state.scenario = q.get("scenario");
  if (q.get("prov") && /^[A-Z]{2,3}$/.test(q.get("prov"))) state.prov = q.get("prov");
  if (q.get("lang") === "en") state.lang = "en";
  if (q.get("ov")) { try { state.ov = b64decode(q.get("ov")) || {}; } catch (e) { state.ov = {}; } }
}

// ---- static labels: elements name their glossary label in data-i18n
function applyLabels() {
  document.documentElement.lang = state.lang;
  document.title = "gridatlas · " + t("web.title");
  document.querySelectorAll("[data-i18n]").forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
}
function scenarioLabel(key) {
  const [h, w] = key.split("-");
  return t("scenario_pair", { hydrology: g(h), weather: g(w) });
}

// ---- the map
async function loadLayer() {
  const q = new URLSearchParams({ metric: state.metric, scenario: state.scenario, lang: state.lang });
  if (state.year !== null) q.set("year", String(state.year));
  const metric = state.metric;
  let got;
  try {
    got = await api("/atlas?" + q.toString());
  } catch (e) {
    if (e.status !== 429) throw e;
    // the job queue is full (other jobs): the LOLE run is not started yet; ask again
    $("layer-status").textContent = t("web.computing") + " (" + e.message + ")";
    clearTimeout(layerPoll);
    layerPoll = setTimeout(() => { if (state.metric === metric) loadLayer(); }, POLL_MS);
    return;
  }
  if (metric !== state.metric) return;  // the reader chose another metric meanwhile
  layer = got;
  clearTimeout(layerPoll);
  if (pending(layer)) layerPoll = setTimeout(() => { if (state.metric === metric) loadLayer(); }, POLL_MS);
  if (metric !== "lole") state.year = layer.year;  // LOLE is one year: keep the reader's
  const yr = $("year");
  yr.min = String(Math.min(...layer.years)); yr.max = String(Math.max(...layer.years));
  yr.value = String(layer.year); yr.disabled = !layer.by_year;
  $("year-label").textContent = String(layer.year);
  const sel = $("scenario");
  sel.replaceChildren(...layer.scenarios.map(k => { const o = el("option", scenarioLabel(k)); o.value = k; return o; }));
  sel.value = state.scenario; sel.disabled = !layer.by_year;
  $("metric").value = state.metric;
  drawMap();
  drawMapTable();
  drawGeo();
  writeUrl();
}
function valueText(v) {
  if (v !== null) return METRIC_BUCKETS[state.metric].fmt(v);
  if (pending(layer)) return t("web.computing");
  if (layer.status === "failed") return t("web.failed");
  return t("web.nodata");
}
function drawMap() {
  const map = $("map");
  const tiles = layer.tiles.map(tile => {
    const d = el("div", null, "tile" + (tile.value === null ? " nodata" : ""));
    d.style.gridRow = String(tile.row + 1);
    d.style.gridColumn = String(tile.col + 1);
    d.style.background = colorOf(state.metric, tile.value);
    if (tile.value !== null && darkTile(state.metric, tile.value)) d.style.color = "#fff";
    d.dataset.code = tile.code;
    d.dataset.value = tile.value === null ? "" : String(tile.value);
    d.dataset.bucket = tile.value === null ? "" : String(bucket(state.metric, tile.value));
    d.tabIndex = 0;
    d.setAttribute("role", "gridcell");
    d.append(el("span", tile.name, "n"), el("span", valueText(tile.value), "v"));
    if (tile.code === state.prov) d.classList.add("selected");
    d.addEventListener("mousemove", ev => showTip(ev, tile));
    d.addEventListener("mouseleave", () => { $("tooltip").hidden = true; });
    d.addEventListener("click", () => selectProvince(tile.code));
    d.addEventListener("keydown", ev => { if (ev.key === "Enter") selectProvince(tile.code); });
    return d;
  });
  map.replaceChildren(...tiles);
  const edges = METRIC_BUCKETS[state.metric].edges;
  const fmt = METRIC_BUCKETS[state.metric].fmt;
  const items = [];
  for (let i = 0; i <= edges.length; i++) {
    const lo = i === 0 ? "<" + fmt(edges[0]) : i === edges.length ? "≥" + fmt(edges[i - 1]) : fmt(edges[i - 1]) + "–" + fmt(edges[i]);
    const s = el("span", lo); s.style.background = colorOf(state.metric, i === 0 ? edges[0] - 1e9 : edges[i - 1]);
    items.push(s);
  }
  const nd = el("span", t("web.nodata")); nd.style.background = NODATA; items.push(nd);
  $("legend").replaceChildren(el("b", layer.label + (layer.unit ? " [" + layer.unit + "]" : "")), ...items);
  $("layer-status").textContent = pending(layer) ? t("web.computing") : layer.status === "failed" ? t("web.failed") + ": " + layer.error : "";
  // a model result says so: its settings (sample count) and its assumptions
  $("layer-source").textContent = layer.source ? t("web.source") + ": " + layer.source : "";
  $("layer-caveat").textContent = layer.caveat || "";
}
function showTip(ev, tile) {
  const tip = $("tooltip");
  let shown = valueText(tile.value);
  // LOLE is printed as a plain number: give its standard error and unit (the others print %)
  if (tile.value !== null && tile.detail.lole_se !== undefined) shown += " ± " + lole(tile.detail.lole_se) + " " + layer.unit;
  const lines = [tile.name + " (" + tile.code + ")", layer.label + ": " + shown];
  if (tile.detail.scenario_label) lines.push(t("web.scenario") + ": " + tile.detail.scenario_label);
  if (tile.detail.tightness) lines.push(g("tightness") + ": " + tile.detail.tightness);
  if (tile.detail.rank) lines.push(t("web.rank") + ": " + tile.detail.rank);
  if (tile.detail.eue_mwh !== undefined) lines.push(g("eue") + ": " + num(tile.detail.eue_mwh, 0) + " ± " + num(tile.detail.eue_se, 0) + " " + tile.detail.eue_unit);
  if (layer.source) lines.push(t("web.source") + ": " + layer.source);
  if (tile.detail.sites) for (const [s, v] of Object.entries(tile.detail.sites)) lines.push(((tile.detail.site_labels || {})[s] || s) + ": " + (v === null ? "—" : pct(v, 1)));
  if (tile.case) lines.push(t("web.case") + ": " + tile.case);
  tip.replaceChildren(...lines.map(l => el("div", l)));
  tip.hidden = false;
  tip.style.left = (ev.clientX + 14) + "px";
  tip.style.top = (ev.clientY + 14) + "px";
}
function mapTable() {
  const cols = [t("web.region"), t("web.code"), layer.label + " [" + layer.unit + "]", t("web.case"), t("web.scenario")];
  const rows = layer.tiles.map(x => [x.name, x.code, x.value, x.case, x.detail.scenario || null]);
  const when = layer.by_year ? layer.year + " · " + scenarioLabel(layer.scenario) : layer.metric === "lole" ? String(layer.year) : "";
  const source = layer.source ? " · " + t("web.source") + ": " + layer.source : "";
  return { title: layer.label + " · " + when + source, columns: cols, rows: rows };
}
function drawMapTable() {
  const tb = mapTable();
  const head = el("tr"); tb.columns.forEach(c => head.append(el("th", c)));
  const body = tb.rows.map(r => {
    const tr = el("tr");
    r.forEach((v, i) => tr.append(el("td", i === 2 ? valueText(v) : (v === null ? "" : v), i === 2 ? "num" : "")));
    return tr;
  });
  $("map-table").replaceChildren(head, ...body);
}

// ---- GeoJSON choropleth (the user's own approved base map)
let userGeo = null;
function drawGeo() {
  if (!userGeo || !layer) return;
  if (!geoChart) geoChart = echarts.init($("geo-map"));
  const names = {};
  layer.tiles.forEach(x => { names[x.name] = x.value; });
  const data = [];
  for (const f of userGeo.features || []) {
    const nm = f.properties && (f.properties.name || f.properties.NAME);
    if (!nm) continue;
    const key = Object.keys(names).find(k => nm === k || nm.startsWith(k));
    data.push({ name: nm, value: key === undefined ? null : names[key] });
  }
  const edges = METRIC_BUCKETS[state.metric].edges;
  const fmt = METRIC_BUCKETS[state.metric].fmt;
  const n = edges.length;
  const pieces = [{ lt: edges[0], color: colorOf(state.metric, edges[0] - 1e9), label: "<" + fmt(edges[0]) }];
  for (let i = 1; i < n; i++) pieces.push({ gte: edges[i - 1], lt: edges[i], color: colorOf(state.metric, edges[i - 1]), label: fmt(edges[i - 1]) + "–" + fmt(edges[i]) });
  pieces.push({ gte: edges[n - 1], color: colorOf(state.metric, edges[n - 1]), label: "≥" + fmt(edges[n - 1]) });
  geoChart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { trigger: "item" },
    visualMap: { type: "piecewise", pieces: pieces, outOfRange: { color: NODATA } },
    series: [{ type: "map", map: "user", data: data, itemStyle: { areaColor: NODATA } }],
  }, true);
}
function loadGeo(file) {
  const reader = new FileReader();
  reader.onload = () => {
    try {
      userGeo = JSON.parse(String(reader.result));
      echarts.registerMap("user", userGeo);
      drawGeo();
    } catch (e) { alert("GeoJSON: " + e.message); }
  };
  reader.readAsText(file);
}

// ---- province panel
async function selectProvince(code) {
  state.prov = code;
  document.querySelectorAll(".tile").forEach(d => d.classList.toggle("selected", d.dataset.code === code));
  writeUrl();
  await drawPanel();
}
function currentCase() {
  const tile = layer.tiles.find(x => x.code === state.prov);
  return tile ? tile.case : null;
}
async function drawPanel() {
  const panel = $("panel");
  if (!state.prov || !layer) { panel.hidden = true; return; }
  panel.hidden = false;
  const tile = layer.tiles.find(x => x.code === state.prov);
  $("panel-title").textContent = tile ? tile.name + " (" + tile.code + ")" : state.prov;
  const caseName = currentCase();
  balance = null;
  if (caseName) {
    await runBalance();
  } else {
    $("balance-table").replaceChildren(el("tr", t("web.nodata")));
    $("balance-unit").textContent = ""; $("balance-sources").textContent = "";
    $("explorer").hidden = true; if (chart) chart.clear();
  }
  const seq = ++panelSeq;
  await Promise.all([drawBrief(seq), drawRecs(seq), drawAdequacy(seq), drawEconomics(seq)]);
}
async function runBalance() {
  const caseName = currentCase();
  const hasOv = Object.keys(state.ov).length > 0;
  if (!origin || origin.case !== caseName || origin.lang !== state.lang) {
    origin = await api("/cases/" + encodeURIComponent(caseName) + "/balance?unit=" + encodeURIComponent("万千瓦") + "&lang=" + state.lang);
    origin.lang = state.lang;
  }
  balance = !hasOv ? origin : hasOv
    ? await post("/cases/" + encodeURIComponent(caseName) + "/balance", { overrides: state.ov, unit: "万千瓦", lang: state.lang })
    : await api("/cases/" + encodeURIComponent(caseName) + "/balance?unit=" + encodeURIComponent("万千瓦") + "&lang=" + state.lang);
  $("panel-scenario").textContent = balance.title + (hasOv ? " · " + t("web.computed") : "");
  $("explorer").hidden = false;
  drawBalanceTable();
  // The chart draws on a canvas, which sees only fonts already loaded: load the bundled
  // CJK face first, so Chinese legend text is not drawn as boxes where no system font has it.
  await document.fonts.load('12px "gridatlas-cjk"', "中文").catch(() => null);
  drawChart();
  drawExplorer();
  await drawSaved();
}
function balanceTable() {
  const cols = [t("web.item"), ...balance.years.map(String)];
  const rows = [];
  let sec = null;
  for (const r of balance.report_rows) {
    if (r.section !== sec) { sec = r.section; rows.push({ section: sec }); }
    rows.push(r);
  }
  return { cols, rows };
}
function drawBalanceTable() {
  const { cols, rows } = balanceTable();
  const head = el("tr"); cols.forEach(c => head.append(el("th", c)));
  const trs = rows.map(r => {
    const tr = el("tr");
    if (r.section !== undefined && r.label === undefined) {
      tr.className = "section";
      const th = el("th", r.section); th.colSpan = cols.length; tr.append(th);
      return tr;
    }
    tr.append(el("td", r.label));
    r.values.forEach(v => tr.append(el("td", cell(v, r.kind), "num")));
    return tr;
  });
  $("balance-table").replaceChildren(head, ...trs);
  $("balance-unit").textContent = t("web.unit") + ": 万千瓦; " + g("reserve_band_min") + " " + pct(balance.reserve_band[0], 0) + "–" + pct(balance.reserve_band[1], 0);
  const src = Object.values(balance.sources).map(s => [s.publisher, s.title, s.as_of].filter(Boolean).join(" · "));
  $("balance-sources").textContent = t("web.source") + ": " + src.join("; ");
}
function drawChart() {
  if (!chart) chart = echarts.init($("margin-chart"));
  const series = Object.entries(balance.scenarios).map(([k, s]) => ({
    name: balance.scenario_labels[k], type: "line", data: s.reserve_margin.map(v => v === null ? null : Math.round(v * 1000) / 10),
  }));
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { trigger: "axis", valueFormatter: v => v + "%" },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: balance.years.map(String) },
    yAxis: { type: "value", name: "%", axisLabel: { formatter: "{value}%" } },
    series: [...series, { name: g("reserve_band_min"), type: "line", data: balance.years.map(() => balance.reserve_band[0] * 100), lineStyle: { type: "dashed" }, symbol: "none" }],
  }, true);
}
function numberInput(value, attrs) {
  const i = el("input"); i.type = "number"; i.step = "any";
  i.value = value === null || value === undefined ? "" : String(value);
  Object.entries(attrs).forEach(([k, v]) => { i.dataset[k] = v; });
  return i;
}
function drawExplorer() {
  const box = $("explorer-inputs");
  const parts = [];
  const ov = state.ov;
  for (const [w, spec] of Object.entries(origin.weathers)) {
    const fs = el("fieldset"); fs.append(el("legend", t("web.growth") + " · " + g(w) + " (%)"));
    balance.years.forEach((y, j) => {
      const cur = ov.peak_growth && ov.peak_growth[w] && ov.peak_growth[w][y] !== undefined ? ov.peak_growth[w][y] : spec.growth[j];
      if (spec.growth[j] === null || origin.fixed_peak_years.includes(y)) return;
      const lab = el("label", y + " ");
      lab.append(numberInput(cur === null ? null : Math.round(cur * 10000) / 100, { kind: "growth", weather: w, year: String(y) }));
      fs.append(lab);
    });
    parts.push(fs);
  }
  const fsC = el("fieldset"); fsC.append(el("legend", t("web.coef")));
  for (const [tech, byH] of Object.entries(origin.coefficients)) {
    for (const h of balance.hydrologies) {
      const cur = ov.coefficients && ov.coefficients[tech] && ov.coefficients[tech][h] !== undefined ? ov.coefficients[tech][h] : byH[h];
      const lab = el("label", g(tech) + (balance.hydrologies.length > 1 ? "·" + g(h) : "") + " ");
      lab.append(numberInput(cur, { kind: "coef", tech: tech, hyd: h }));
      fsC.append(lab);
    }
  }
  parts.push(fsC);
  const fsL = el("fieldset"); fsL.append(el("legend", t("web.links")));
  for (const link of origin.links) {
    const cur = ov.links && ov.links[link.name] && ov.links[link.name].from_year !== undefined ? ov.links[link.name].from_year : link.from_year;
    const lab = el("label", link.name + " ");
    lab.append(numberInput(cur === undefined ? null : cur, { kind: "link", link: link.name }));
    fsL.append(lab);
  }
  parts.push(fsL);
  const fsA = el("fieldset"); fsA.append(el("legend", t("web.added")));
  for (const tech of Object.keys(balance.coefficients)) {
    const cur = ov.added_capacity && ov.added_capacity[tech] ? ov.added_capacity[tech][balance.years[balance.years.length - 1]] : null;
    const lab = el("label", g(tech) + " " + balance.years[balance.years.length - 1] + " ");
    lab.append(numberInput(cur === undefined ? null : cur, { kind: "added", tech: tech }));
    fsA.append(lab);
  }
  parts.push(fsA);
  box.replaceChildren(...parts);
}
function readExplorer() {
  const ov = {};
  const put = (k1, k2, k3, v) => { ov[k1] = ov[k1] || {}; ov[k1][k2] = ov[k1][k2] || {}; ov[k1][k2][k3] = v; };
  const base = origin;
  document.querySelectorAll("#explorer-inputs input").forEach(i => {
    if (i.value === "") return;
    const v = Number(i.value);
    if (!Number.isFinite(v)) return;
    const d = i.dataset;
    if (d.kind === "growth") {
      const j = base.years.indexOf(Number(d.year));
      const orig = base.weathers[d.weather].growth[j];
      const val = Math.round(v * 100) / 10000;
      if (orig === null || Math.abs(Math.round(orig * 10000) / 100 - v) > 1e-9) put("peak_growth", d.weather, d.year, val);
    } else if (d.kind === "coef") {
      if (Math.abs(base.coefficients[d.tech][d.hyd] - v) > 1e-12) put("coefficients", d.tech, d.hyd, v);
    } else if (d.kind === "link") {
      const link = base.links.find(x => x.name === d.link);
      if (!link || link.from_year !== Math.trunc(v)) put("links", d.link, "from_year", Math.trunc(v));
    } else if (d.kind === "added" && v !== 0) {
      put("added_capacity", d.tech, String(base.years[base.years.length - 1]), v);
    }
  });
  return ov;
}
async function applyExplorer() {
  const merged = readExplorer();
  // growth inputs show the case as published when no override is active: keep earlier overrides
  state.ov = merged;
  $("explorer-status").textContent = "…";
  try {
    await runBalance();
    $("explorer-status").textContent = t("web.computed");
  } catch (e) {
    $("explorer-status").textContent = e.message;
  }
  writeUrl();
}
async function resetExplorer() {
  state.ov = {};
  await runBalance();
  $("explorer-status").textContent = "";
  writeUrl();
}

// ---- saved scenarios
let savedCache = [];
async function drawSaved() {
  const caseName = currentCase();
  savedCache = caseName ? await api("/scenarios?case=" + encodeURIComponent(caseName)) : [];
  const items = savedCache.map(s => {
    const li = el("li");
    li.append(el("span", s.name, "saved-name"), document.createTextNode(" "));
    const load = el("button", t("web.load")); load.type = "button";
    load.addEventListener("click", async () => { state.ov = s.overrides; await runBalance(); $("explorer-status").textContent = s.name; writeUrl(); });
    const del = el("button", t("web.delete")); del.type = "button";
    del.addEventListener("click", async () => { await api("/scenarios/" + s.id, { method: "DELETE" }); await drawSaved(); });
    li.append(load, document.createTextNode(" "), del);
    return li;
  });
  $("saved-list").replaceChildren(...items);
  for (const id of ["cmp-a", "cmp-b"]) {
    const sel = $(id);
    const opts = [el("option", t("web.original"))]; opts[0].value = "";
    savedCache.forEach(s => { const o = el("option", s.name); o.value = String(s.id); opts.push(o); });
    sel.replaceChildren(...opts);
  }
}
async function saveScenario() {
  const name = $("scenario-name").value.trim();
  if (!name) return;
  await post("/scenarios", { name: name, case: currentCase(), overrides: state.ov });
  $("explorer-status").textContent = t("web.saved_ok") + ": " + name;
  await drawSaved();
}
async function compare() {
  const caseName = currentCase();
  const pick = async id => {
    const v = $(id).value;
    const s = savedCache.find(x => String(x.id) === v);
    const res = await post("/cases/" + encodeURIComponent(caseName) + "/balance", { overrides: s ? s.overrides : {}, unit: "万千瓦", lang: state.lang });
    return { name: s ? s.name : t("web.original"), res: res };
  };
  const sides = [await pick("cmp-a"), await pick("cmp-b")];
  const tables = sides.map(side => {
    const wrap = el("div"); wrap.append(el("h4", side.name));
    const tb = el("table", null, "data");
    const head = el("tr"); head.append(el("th", g("reserve_margin")));
    side.res.years.forEach(y => head.append(el("th", y)));
    tb.append(head);
    for (const [k, s] of Object.entries(side.res.scenarios)) {
      const tr = el("tr"); tr.append(el("td", side.res.scenario_labels[k]));
      s.reserve_margin.forEach(v => tr.append(el("td", pct(v, 1), "num")));
      tb.append(tr);
    }
    wrap.append(tb);
    return wrap;
  });
  $("compare").replaceChildren(...tables);
}

// ---- adequacy: LOLE and EUE of the national model (computed once on the server, in the background)
let adequacyPoll = null;
async function drawAdequacy(seq) {
  const box = $("adequacy");
  clearTimeout(adequacyPoll);
  let lay;
  try {
    lay = await api("/atlas?metric=lole&lang=" + state.lang);
  } catch (e) {
    if (seq !== panelSeq) return;
    if (e.status === 429) {  // the job queue is full: ask again
      box.replaceChildren(el("p", t("web.computing") + " (" + e.message + ")", "note computing"));
      adequacyPoll = setTimeout(() => { if (seq === panelSeq) drawAdequacy(seq); }, POLL_MS);
    } else {
      box.replaceChildren(el("p", t("web.failed") + ": " + e.message, "note"));
    }
    return;
  }
  if (seq !== panelSeq) return;
  box.dataset.status = lay.status;
  if (pending(lay)) {
    box.replaceChildren(el("p", t("web.computing"), "note computing"));
    adequacyPoll = setTimeout(() => { if (seq === panelSeq) drawAdequacy(seq); }, POLL_MS);
    return;
  }
  if (lay.status === "failed") { box.replaceChildren(el("p", t("web.failed") + ": " + lay.error, "note")); return; }
  const tile = lay.tiles.find(x => x.code === state.prov);
  if (!tile || tile.value === null) { box.replaceChildren(el("p", t("web.nodata"), "note")); return; }
  const tb = el("table", null, "data");
  const head = el("tr");
  [t("web.indicators"), t("web.year"), t("web.value"), t("web.stderr"), t("web.unit")].forEach(c => head.append(el("th", c)));
  tb.append(head);
  const rows = [
    ["lole", g("lole"), lole(tile.value), lole(tile.detail.lole_se), lay.unit],
    ["eue", g("eue"), num(tile.detail.eue_mwh, 0), num(tile.detail.eue_se, 0), tile.detail.eue_unit],
  ];
  for (const [key, name, v, se, unit] of rows) {
    const tr = el("tr");
    tr.dataset.metric = key;
    tr.append(el("td", name), el("td", lay.year, "num"), el("td", v, "num"), el("td", se, "num"), el("td", unit));
    tb.append(tr);
  }
  box.replaceChildren(tb, el("p", t("web.source") + ": " + lay.source, "note source"), el("p", lay.caveat, "note"));
}

// ---- microgrid economics: every archetype under the province's tariff (gridatlas economics)
async function drawEconomics(seq) {
  const box = $("economics");
  let lay;
  try {
    lay = await api("/atlas?metric=microgrid_irr&lang=" + state.lang);
  } catch (e) {
    if (seq === panelSeq) box.replaceChildren(el("p", t("web.failed") + ": " + e.message, "note"));
    return;
  }
  if (seq !== panelSeq) return;
  const tile = lay.tiles.find(x => x.code === state.prov);
  if (!tile || !tile.detail.sites) { box.replaceChildren(el("p", t("web.no_tariff"), "note")); return; }
  const tb = el("table", null, "data");
  const head = el("tr");
  [t("web.eco_archetype"), t("web.eco_irr")].forEach(c => head.append(el("th", c)));
  tb.append(head);
  const sites = Object.entries(tile.detail.sites).sort((a, b) => (b[1] ?? -1) - (a[1] ?? -1));
  for (const [name, irr] of sites) {
    const tr = el("tr", null, name === tile.detail.best ? "best" : null);
    tr.dataset.archetype = name;
    tr.append(el("td", (tile.detail.site_labels || {})[name] || name), el("td", irr === null ? "—" : pct(irr, 1), "num"));
    tb.append(tr);
  }
  const notes = [el("p", t("web.eco_tariff", { tariff: tile.detail.tariff || "—" }), "note")];
  if (tile.detail.illustrative) notes.push(el("p", t("web.eco_illustrative"), "note"));
  box.replaceChildren(tb, ...notes, el("p", t("web.source") + ": " + lay.source, "note source"));
}

// ---- brief and recommendations
async function drawBrief(seq) {
  const box = $("brief");
  try {
    const r = await api("/regions/" + encodeURIComponent(state.prov) + "?lang=" + state.lang);
    if (seq !== panelSeq) return;
    const stage = el("p", t("web.stage") + ": ", "brief-class");
    stage.append(el("span", r.stage_label, "stage"));
    stage.dataset.stage = r.stage;
    if (r.archetype) {
      stage.append(document.createTextNode(" · " + t("web.archetype") + ": "), el("span", r.archetype_label, "archetype"));
      stage.dataset.archetype = r.archetype;
    }
    const parts = [stage];
    const tb = el("table", null, "data");
    const head = el("tr"); [t("web.indicators"), t("web.value"), t("web.source")].forEach(c => head.append(el("th", c)));
    tb.append(head);
    (r.indicators || []).slice(0, 12).forEach(i => {
      const tr = el("tr");
      tr.append(el("td", i.label), el("td", (i.value_text || (i.value === null ? "" : i.value)) + " " + (i.unit || "")), el("td", i.source, "cite"));
      tb.append(tr);
    });
    parts.push(tb);
    const pol = el("ul");
    (r.policies || []).slice(0, 5).forEach(p => {
      const li = el("li", p.date + " " + p.theme + ": " + p.summary);
      li.append(el("span", " [" + p.source + "]", "cite"));
      pol.append(li);
    });
    parts.push(el("h4", t("web.policies")), pol);
    box.replaceChildren(...parts);
  } catch (e) {
    box.replaceChildren(el("p", t("web.nodata")));
  }
}
async function drawRecs(seq) {
  const rows = [];
  const all = await Promise.all(Object.keys(roles).map(role => api("/recommend?role=" + role + "&top=32&lang=" + state.lang)));
  if (seq !== panelSeq) return;
  for (const [k, role] of Object.keys(roles).entries()) {
    const recs = all[k];
    const hit = recs.find(r => r.region === state.prov);
    const tr = el("tr");
    tr.append(el("td", roles[role][state.lang]));
    tr.append(el("td", hit ? hit.rank : t("web.not_ranked")));
    const sc = hit ? hit.score : null;
    tr.append(el("td", sc === null || sc === undefined ? "" : num(sc, 1), "num"));
    tr.append(el("td", hit && hit.entry_scenarios ? hit.entry_scenarios.slice(0, 2).map(x => x.name).join("; ") : ""));
    rows.push(tr);
  }
  const head = el("tr"); [t("web.role"), t("web.rank"), t("web.score"), t("web.scenario")].forEach(c => head.append(el("th", c)));
  $("recs").replaceChildren(head, ...rows);
}

// ---- downloads of what is shown
function shownTable() {
  if (state.prov && balance) {
    const { cols, rows } = balanceTable();
    const body = rows.filter(r => r.label !== undefined).map(r => [r.label, ...r.values.map(v => cell(v, r.kind))]);
    return { title: balance.title, columns: cols, rows: body };
  }
  const tb = mapTable();
  return { title: tb.title, columns: tb.columns, rows: tb.rows.map(r => r.map((v, i) => i === 2 ? valueText(v) : v)) };
}
function saveBlob(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob); a.download = name;
  document.body.append(a); a.click(); a.remove();
}
function csvText(tb) {
  const q = v => { const s = v === null || v === undefined ? "" : String(v); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  return [tb.columns, ...tb.rows].map(r => r.map(q).join(",")).join("\n") + "\n";
}
function downloadCsv() {
  saveBlob(new Blob(["\ufeff" + csvText(shownTable())], { type: "text/csv;charset=utf-8" }), "gridatlas.csv");
}
async function downloadXlsx() {
  const blob = await post("/export/xlsx", shownTable());
  saveBlob(blob, "gridatlas.xlsx");
}

// ---- start
async function main() {
  readUrl();
  [, roles] = await Promise.all([loadLabels(), api("/roles")]);
  delete roles.general;
  applyLabels();
  $("metric").addEventListener("change", e => { state.metric = e.target.value; loadLayer(); });
  $("year").addEventListener("input", e => { state.year = Number(e.target.value); $("year-label").textContent = e.target.value; });
  $("year").addEventListener("change", () => loadLayer());
  $("scenario").addEventListener("change", e => { state.scenario = e.target.value; loadLayer(); });
  $("lang").addEventListener("click", async () => { state.lang = state.lang === "zh" ? "en" : "zh"; await loadLabels(); applyLabels(); await loadLayer(); await drawPanel(); });
  $("permalink").addEventListener("click", () => { writeUrl(); $("permalink-url").select(); if (navigator.clipboard) navigator.clipboard.writeText($("permalink-url").value).catch(() => {}); });
  $("panel-close").addEventListener("click", () => { clearTimeout(adequacyPoll); state.prov = null; state.ov = {}; $("panel").hidden = true; drawMap(); writeUrl(); });
  $("apply").addEventListener("click", applyExplorer);
  $("reset").addEventListener("click", resetExplorer);
  $("save").addEventListener("click", saveScenario);
  $("compare-btn").addEventListener("click", compare);
  $("dl-csv").addEventListener("click", downloadCsv);
  $("dl-xlsx").addEventListener("click", downloadXlsx);
  $("geojson").addEventListener("change", e => { if (e.target.files[0]) loadGeo(e.target.files[0]); });
  await loadLayer();
  if (state.prov) await drawPanel();
  document.body.dataset.ready = "1";
}
main().catch(e => { document.body.dataset.error = e.message; console.error(e); });
