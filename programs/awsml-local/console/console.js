// awsml-local's console: reads the JSON endpoints below /console/api/ and draws the pages.
// Every piece of data is put in the page with textContent or as an SVG attribute: entity names
// are user data, never markup. The metrics come computed from the server (the C++ that answers
// the API); this script only picks rows and draws.
"use strict";

const token = document.querySelector('meta[name="console-token"]').content;
const main = document.getElementById("main");
const SVG = "http://www.w3.org/2000/svg";
const POLL_MS = 2000;
let pollTimer = null;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function formatTime(value) {
  if (value === undefined || value === null) return "";
  const date = new Date(typeof value === "number" ? value * 1000 : value);
  return isNaN(date) ? String(value) : date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function fixed(value, digits = 4) {
  return typeof value === "number" ? value.toFixed(digits) : "";
}

function status(value) {
  return el("span", { class: "status-" + (value || "") }, value || "");
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

async function postJson(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Console-Token": token },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.message || response.statusText);
  return answer;
}

function show(...nodes) {
  const focused = document.activeElement && document.activeElement.id;
  main.replaceChildren(...nodes);
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

function failure(error) {
  return el("p", { class: "alert", role: "alert" }, error.message || String(error));
}

function details(pairs) {
  const list = el("dl", { class: "details" });
  for (const [name, value] of pairs) {
    if (value === undefined || value === null || value === "") continue;
    list.append(el("dt", {}, name), el("dd", {}, value));
  }
  return list;
}

function table(headings, rows, attributes) {
  return el("table", attributes || {},
    el("thead", {}, el("tr", {}, ...headings.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) =>
      c instanceof Node && c.tagName === "TD" ? c : el("td", {}, c))))));
}

function number(value, digits) {
  return el("td", { class: "number" }, digits === undefined ? String(value) : fixed(value, digits));
}

function terminal(statusValue) {
  return ["COMPLETED", "FAILED", "DELETED"].includes(statusValue);
}

function poll(render, again) {
  clearTimeout(pollTimer);
  if (again) pollTimer = setTimeout(render, POLL_MS);
}

// --- charts -------------------------------------------------------------------------------------

/// Vertical bars: series is [{values, className}] drawn side by side over the same bins.
function barChart(id, series, binLabel, options = {}) {
  const width = options.width || 420, height = options.height || 180, left = 36, bottom = 22;
  const bins = series[0].values.length;
  const top = Math.max(1, ...series.flatMap((s) => s.values));
  const plotWidth = width - left - 6, plotHeight = height - bottom - 8;
  const chart = svg("svg", { id, width, height, role: "img", viewBox: `0 0 ${width} ${height}`,
    "aria-label": options.label || id });
  chart.append(svg("line", { class: "axis", x1: left, y1: 8 + plotHeight, x2: width - 6, y2: 8 + plotHeight }));
  chart.append(svg("text", { x: 2, y: 16 }, String(top)));
  chart.append(svg("text", { x: 2, y: 8 + plotHeight }, "0"));
  const slot = plotWidth / bins, barWidth = Math.max(1, (slot - 2) / series.length);
  series.forEach((s, k) => s.values.forEach((count, i) => {
    const barHeight = (count / top) * plotHeight;
    chart.append(svg("rect", { class: "bar " + (s.className || ""), "data-count": count,
      x: left + i * slot + 1 + k * barWidth, y: 8 + plotHeight - barHeight,
      width: barWidth, height: barHeight }, svg("title", {}, `${binLabel(i)}: ${count}`)));
  }));
  for (const i of [0, Math.floor(bins / 2), bins - 1])
    chart.append(svg("text", { x: left + i * slot, y: height - 6 }, binLabel(i)));
  return chart;
}

/// Horizontal bars of named counts (category counts, per-class F1).
function labelledBars(id, entries, format) {
  const rowHeight = 18, labelWidth = 130, width = 420;
  const height = rowHeight * entries.length + 6;
  const top = Math.max(1e-9, ...entries.map((e) => e.value));
  const chart = svg("svg", { id, width, height, role: "img", viewBox: `0 0 ${width} ${height}` });
  entries.forEach((entry, i) => {
    const y = 3 + i * rowHeight;
    const label = entry.label.length > 20 ? entry.label.slice(0, 19) + "…" : entry.label;
    chart.append(svg("text", { x: 2, y: y + 12 }, label));
    chart.append(svg("rect", { class: "bar " + (entry.className || ""), "data-count": entry.value,
      x: labelWidth, y, height: rowHeight - 4,
      width: Math.max(1, ((width - labelWidth - 60) * entry.value) / top) },
      svg("title", {}, `${entry.label}: ${format(entry.value)}`)));
    chart.append(svg("text", { x: width - 56, y: y + 12 }, format(entry.value)));
  });
  return chart;
}

function card(title, ...content) {
  return el("div", { class: "chart" }, el("h3", {}, title), ...content);
}

// --- the lists ----------------------------------------------------------------------------------

const KINDS = [
  { key: "DataSources", path: "data-sources", title: "Data sources", id: "DataSourceId" },
  { key: "MLModels", path: "ml-models", title: "ML models", id: "MLModelId" },
  { key: "Evaluations", path: "evaluations", title: "Evaluations", id: "EvaluationId" },
  { key: "BatchPredictions", path: "batch-predictions", title: "Batch predictions", id: "BatchPredictionId" },
];
const COMPARISONS = [["EQ", "equal to"], ["NE", "not equal to"], ["GT", "greater than"],
  ["GE", "greater than or equal to"], ["LT", "less than"], ["LE", "less than or equal to"],
  ["Prefix", "starting with"]];

/// A list's form: Describe*'s FilterVariable (its options, the kind's own, come with the first
/// answer), one comparison and its value, SortOrder. Built once, so that typing survives polling.
function listForm(kind, refresh) {
  const id = (name) => `${name}-${kind.key}`;
  const variable = el("select", { id: id("variable") }, el("option", { value: "" }, "CreatedAt (default)"));
  const comparison = el("select", { id: id("comparison") },
    ...COMPARISONS.map(([value, text]) => el("option", { value }, `${text} (${value})`)));
  const value = el("input", { id: id("value"), type: "search", size: 18 });
  const order = el("select", { id: id("order") },
    el("option", { value: "asc" }, "ascending"), el("option", { value: "dsc" }, "descending"));
  const form = el("form", { class: "list-controls", id: id("filter"), role: "search",
    "aria-label": kind.title + ": filter and order" },
    el("label", { for: variable.id }, "Filter and sort by "), variable, " ",
    el("label", { for: comparison.id }, "comparison "), comparison, " ",
    el("label", { for: value.id }, "value "), value, " ",
    el("label", { for: order.id }, "order "), order, " ",
    el("button", { type: "submit", id: id("apply") }, "Apply"));
  form.query = () => {
    const query = new URLSearchParams();
    if (variable.value) query.set("FilterVariable", variable.value);
    if (value.value !== "") query.set(comparison.value, value.value);
    query.set("SortOrder", order.value);
    return query.toString();
  };
  form.offer = (variables) => {
    if (variable.options.length > 1) return;
    for (const name of variables || []) variable.append(el("option", { value: name }, name));
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  return form;
}

function listTable(kind, entities) {
  const rows = entities.map((e) => [
    el("a", { href: `/${kind.path}/${encodeURIComponent(e[kind.id])}` }, e.Name || e[kind.id]),
    e[kind.id], status(e.Status), formatTime(e.CreatedAt), formatTime(e.LastUpdatedAt), e.Message || ""]);
  return entities.length
    ? table(["Name", "Id", "Status", "Created", "Last updated", "Message"], rows, { id: "list-" + kind.key })
    : el("p", { id: "list-" + kind.key }, "None.");
}

function renderLists() {
  const lists = KINDS.map((kind) => {
    const count = el("span", { id: "count-" + kind.key });
    const results = el("div", { id: "results-" + kind.key }, "Loading...");
    const list = { kind, count, results };
    list.form = listForm(kind, () => refreshList(list));
    return list;
  });
  show(el("h1", {}, "Entities"),
    ...lists.flatMap((l) => [el("h2", {}, l.kind.title, " ", l.count), l.form, l.results]));
  const refreshAll = async () => {
    await Promise.all(lists.map(refreshList));
    poll(refreshAll, true); // statuses change while lifecycles run
  };
  refreshAll();
}

async function refreshList(list) {
  const path = `/console/api/lists/${list.kind.path}?${list.form.query()}`;
  const asked = (list.asked = (list.asked || 0) + 1);
  let answer;
  try { answer = await getJson(path); }
  catch (error) {
    if (asked !== list.asked) return; // a later query's answer shows instead
    list.count.textContent = "";
    list.results.replaceChildren(failure(error));
    return;
  }
  if (asked !== list.asked) return;
  list.form.offer(answer.FilterVariables);
  const entities = answer.Results || [];
  list.count.textContent = `(${entities.length}${answer.NextToken ? "+" : ""})`;
  list.results.replaceChildren(listTable(list.kind, entities));
  if (answer.NextToken) list.results.append(el("p", {}, "The first 100 only: narrow the filter to see others."));
}

// --- a data source ------------------------------------------------------------------------------

function schemaTable(schemaText) {
  let schema;
  try { schema = JSON.parse(schemaText); } catch (e) { return el("pre", {}, schemaText); }
  const rows = (schema.attributes || []).map((a) => [a.attributeName, a.attributeType,
    a.attributeName === schema.targetAttributeName ? "target"
      : a.attributeName === schema.rowId ? "row id" : ""]);
  return table(["Attribute", "Type", "Role"], rows, { class: "schema" });
}

function attributeChart(attribute) {
  const charts = [];
  if (attribute.histogram && attribute.histogram.length) {
    const low = attribute.minimum, high = attribute.maximum, bins = attribute.histogram.length;
    const step = (high - low) / bins;
    charts.push(barChart("histogram-" + attribute.name, [{ values: attribute.histogram }],
      (i) => (low + i * step).toPrecision(3), { label: "histogram of " + attribute.name }));
  } else if (attribute.topValues && attribute.topValues.length) {
    charts.push(labelledBars("counts-" + attribute.name,
      attribute.topValues.map((v) => ({ label: v.value, value: v.count })), String));
  }
  const facts = [["Type", attribute.type], ["Missing values", String(attribute.missing)],
    ["Invalid values", String(attribute.invalid)]];
  if (typeof attribute.mean === "number")
    facts.push(["Minimum", fixed(attribute.minimum, 3)], ["Median", fixed(attribute.median, 3)],
      ["Maximum", fixed(attribute.maximum, 3)], ["Mean", fixed(attribute.mean, 3)],
      ["Standard deviation", fixed(attribute.standardDeviation, 3)]);
  return card(attribute.name, details(facts), ...charts);
}

async function renderDataSource(id) {
  let answer;
  try { answer = await getJson("/console/api/data-sources/" + encodeURIComponent(id)); }
  catch (error) { show(failure(error)); return; }
  const ds = answer.DataSource;
  const nodes = [el("h1", {}, "Data source: " + (ds.Name || ds.DataSourceId)),
    details([["Id", ds.DataSourceId], ["Status", status(ds.Status)], ["Message", ds.Message],
      ["Location", ds.DataLocationS3], ["Rearrangement", ds.DataRearrangement],
      ["Size (bytes)", ds.DataSizeInBytes], ["Files", ds.NumberOfFiles],
      ["Statistics computed", ds.ComputeStatistics ? "yes" : "no"],
      ["Created", formatTime(ds.CreatedAt)], ["Last updated", formatTime(ds.LastUpdatedAt)]]),
    el("h2", {}, "Schema"), ds.DataSourceSchema ? schemaTable(ds.DataSourceSchema) : el("p", {}, "None.")];
  if (answer.Statistics) {
    nodes.push(el("h2", {}, `Data insights (${answer.Statistics.records} records)`),
      el("div", { class: "charts", id: "insights" }, ...answer.Statistics.attributes.map(attributeChart)));
  } else if (terminal(ds.Status)) {
    nodes.push(el("p", {}, "No statistics: the data source was created without ComputeStatistics, or failed."));
  }
  show(...nodes);
  poll(() => renderDataSource(id), !terminal(ds.Status));
}

// --- a model ------------------------------------------------------------------------------------

function recipeView(recipeText) {
  let recipe;
  try { recipe = JSON.parse(recipeText); } catch (e) { return el("pre", {}, recipeText); }
  const rows = [];
  for (const section of ["groups", "assignments"])
    for (const [name, value] of Object.entries(recipe[section] || {})) rows.push([section, name, value]);
  for (const output of recipe.outputs || []) rows.push(["outputs", "", output]);
  return table(["Section", "Name", "Expression"], rows, { class: "recipe" });
}

function predictForm(model) {
  let schema = null;
  try { schema = JSON.parse(model.Schema || ""); } catch (e) { schema = null; }
  const form = el("form", { class: "predict", id: "predict-form" });
  const inputs = [];
  for (const a of (schema && schema.attributes) || []) {
    if (a.attributeName === schema.targetAttributeName) continue;
    const input = el("input", { id: "predict-" + a.attributeName, name: a.attributeName, type: "text" });
    inputs.push(input);
    form.append(el("div", {}, el("label", { for: input.id }, `${a.attributeName} (${a.attributeType})`), input));
  }
  const result = el("div", { id: "predict-result", role: "status" });
  form.append(el("button", { type: "submit" }, "Predict"), result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const record = {};
    for (const input of inputs) if (input.value !== "") record[input.name] = input.value;
    try {
      const answer = await postJson(`/console/api/ml-models/${encodeURIComponent(model.MLModelId)}/predict`,
                                    { Record: record });
      const p = answer.Prediction || {};
      result.replaceChildren(details([["Predicted label", p.predictedLabel],
        ["Predicted value", p.predictedValue === undefined ? "" : String(p.predictedValue)],
        ["Scores", p.predictedScores ? JSON.stringify(p.predictedScores) : ""]]));
    } catch (error) {
      result.replaceChildren(failure(error));
    }
  });
  return form;
}

async function renderModel(id) {
  let answer;
  try { answer = await getJson("/console/api/ml-models/" + encodeURIComponent(id)); }
  catch (error) { show(failure(error)); return; }
  const m = answer.MLModel;
  const endpoint = m.EndpointInfo || {};
  const endpointButton = el("button", { type: "button", id: "create-endpoint" }, "Create real-time endpoint");
  const endpointMessage = el("span", { role: "status" });
  endpointButton.addEventListener("click", async () => {
    try {
      await postJson(`/console/api/ml-models/${encodeURIComponent(m.MLModelId)}/endpoint`, {});
      renderModel(id);
    } catch (error) { endpointMessage.replaceChildren(failure(error)); }
  });
  const nodes = [el("h1", {}, "ML model: " + (m.Name || m.MLModelId)),
    details([["Id", m.MLModelId], ["Type", m.MLModelType], ["Status", status(m.Status)],
      ["Message", m.Message], ["Training data source", m.TrainingDataSourceId],
      ["Score threshold", m.ScoreThreshold === undefined ? "" : String(m.ScoreThreshold)],
      ["Size (bytes)", m.SizeInBytes], ["Created", formatTime(m.CreatedAt)],
      ["Last updated", formatTime(m.LastUpdatedAt)]]),
    el("h2", {}, "Training parameters"),
    table(["Parameter", "Value"], Object.entries(m.TrainingParameters || {}), { class: "parameters" }),
    el("h2", {}, "Recipe"), m.Recipe ? recipeView(m.Recipe) : el("p", {}, "None."),
    el("h2", {}, "Schema"), m.Schema ? schemaTable(m.Schema) : el("p", {}, "None."),
    el("h2", {}, "Real-time endpoint"),
    el("p", { id: "endpoint-status" }, endpoint.EndpointStatus || "NONE"),
    ["NONE", undefined].includes(endpoint.EndpointStatus) ? el("p", {}, endpointButton, " ", endpointMessage) : null];
  if (endpoint.EndpointStatus === "READY") nodes.push(el("h2", {}, "Predict"), predictForm(m));
  show(...nodes);
  poll(() => renderModel(id), !terminal(m.Status) || endpoint.EndpointStatus === "UPDATING");
}

// --- an evaluation ------------------------------------------------------------------------------

const METRICS = [["accuracy", "Accuracy"], ["precision", "Precision"], ["recall", "Recall"],
  ["false-positive-rate", "False positive rate", "FalsePositiveRate"], ["f1", "F1 score", "F1"]];

function binaryView(answer, evaluation) {
  const view = answer.Binary;
  const rows = view.Thresholds, steps = rows.length - 1, bins = view.Histogram.Bins;
  const histogram = barChart("score-histogram", [
    { values: view.Histogram.Negative, className: "negative" },
    { values: view.Histogram.Positive, className: "positive" }],
    (i) => (i / bins).toFixed(2), { width: 640, height: 220, label: "score histograms" });
  const plotLeft = 36, plotWidth = 640 - 36 - 6;
  const line = svg("line", { class: "threshold-line", y1: 8, y2: 220 - 22 });
  histogram.append(line);

  const size = 240, pad = 28, span = size - 2 * pad;
  const px = (x) => pad + x * span, py = (y) => size - pad - y * span;
  const roc = svg("svg", { id: "roc", width: size, height: size, role: "img", viewBox: `0 0 ${size} ${size}`,
    "aria-label": "ROC curve" },
    svg("line", { class: "axis", x1: pad, y1: size - pad, x2: size - pad, y2: size - pad }),
    svg("line", { class: "axis", x1: pad, y1: pad, x2: pad, y2: size - pad }),
    svg("line", { class: "diagonal", x1: px(0), y1: py(0), x2: px(1), y2: py(1) }),
    svg("polyline", { class: "roc-curve", points: view.Roc.map(([x, y]) => `${px(x)},${py(y)}`).join(" ") }),
    svg("text", { x: pad, y: size - 6 }, "false positive rate"),
    svg("text", { x: 2, y: 14 }, "true positive rate"));
  const point = svg("circle", { class: "roc-point", r: 4 });
  roc.append(point);

  const slider = el("input", { type: "range", id: "threshold", min: 0, max: steps, step: 1,
    "aria-describedby": "threshold-value" });
  const valueText = el("output", { id: "threshold-value", for: "threshold" });
  const cells = {};
  const counts = el("p", { id: "confusion" });
  const metricRows = METRICS.map(([key, label]) => {
    cells[key] = el("td", { class: "number", id: "metric-" + key });
    return el("tr", {}, el("th", { scope: "row" }, label), cells[key]);
  });
  function select(step) {
    const row = rows[step];
    slider.value = step;
    slider.setAttribute("aria-valuetext", row.Threshold.toFixed(2));
    valueText.textContent = row.Threshold.toFixed(2);
    for (const [key, , field] of METRICS) {
      const value = row[field || key[0].toUpperCase() + key.slice(1)];
      cells[key].textContent = value.toFixed(4);
      cells[key].dataset.value = String(value);
    }
    counts.textContent = `True positives ${row.TruePositives}, false positives ${row.FalsePositives}, ` +
      `true negatives ${row.TrueNegatives}, false negatives ${row.FalseNegatives}`;
    const x = plotLeft + row.Threshold * plotWidth;
    line.setAttribute("x1", x); line.setAttribute("x2", x);
    point.setAttribute("cx", px(row.FalsePositiveRate)); point.setAttribute("cy", py(row.Recall));
  }
  slider.addEventListener("input", () => select(Number(slider.value)));
  const saved = answer.ScoreThreshold === undefined ? 0.5 : answer.ScoreThreshold;
  select(Math.round(saved * steps));

  const save = el("button", { type: "button", id: "save-threshold" }, "Save as the model's score threshold");
  const message = el("span", { id: "save-message", role: "status" });
  save.addEventListener("click", async () => {
    const threshold = rows[Number(slider.value)].Threshold.toFixed(2);
    try {
      await postJson(`/console/api/ml-models/${encodeURIComponent(evaluation.MLModelId)}/score-threshold`,
                     { ScoreThreshold: threshold });
      message.replaceChildren(el("span", { class: "ok" }, `Saved: ScoreThreshold ${threshold}.`));
    } catch (error) { message.replaceChildren(failure(error)); }
  });

  return [el("h2", {}, "Score distribution"),
    el("p", {}, "Records whose true value is 0 (blue) and 1 (orange), by the score the model gave them; " +
      "the red line is the threshold."),
    card("Scores", histogram),
    el("div", { class: "slider" }, el("label", { for: "threshold" }, "Score threshold "), slider, " ", valueText),
    el("div", { class: "charts" },
      card("At this threshold", el("table", { class: "metrics" }, el("tbody", {}, ...metricRows)), counts),
      card("ROC curve", roc, el("p", {}, "AUC ", el("strong", { id: "auc", "data-value": String(view.AUC) },
        fixed(view.AUC))))),
    el("p", {}, save, " ", message)];
}

function multiclassView(view) {
  const header = ["true \\ predicted", ...view.Classes];
  const rows = view.Matrix.map((counts, i) => [el("th", { scope: "row" }, view.Classes[i]),
    ...counts.map((c) => number(c))]);
  const matrix = el("table", { id: "confusion-matrix" },
    el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells))));
  return [el("h2", {}, "Confusion matrix"), matrix,
    el("h2", {}, "F1 score per class"),
    card("Average F1 " + fixed(view.AverageF1),
      labelledBars("per-class-f1", view.PerClass.map((c) => ({ label: c.Label, value: c.F1 })),
        (v) => v.toFixed(3)))];
}

function regressionView(view) {
  const r = view.Residuals;
  return [el("h2", {}, "Residuals (predicted - true)"),
    card("Residual histogram", barChart("residual-histogram", [{ values: r.Counts }],
      (i) => (r.Low + i * r.Width).toPrecision(3))),
    details([["RMSE", el("span", { id: "rmse" }, fixed(view.RMSE))],
      ["Baseline RMSE (always the mean, " + fixed(view.BaselineValue, 3) + ")",
        el("span", { id: "baseline-rmse" }, fixed(view.BaselineRMSE))],
      ["Records", String(view.Records)]])];
}

async function renderEvaluation(id) {
  let answer;
  try { answer = await getJson("/console/api/evaluations/" + encodeURIComponent(id)); }
  catch (error) { show(failure(error)); return; }
  const e = answer.Evaluation;
  const metrics = (e.PerformanceMetrics && e.PerformanceMetrics.Properties) || {};
  const nodes = [el("h1", {}, "Evaluation: " + (e.Name || e.EvaluationId)),
    details([["Id", e.EvaluationId], ["Status", status(e.Status)], ["Message", e.Message],
      ["ML model", el("a", { href: "/ml-models/" + encodeURIComponent(e.MLModelId || "") }, e.MLModelId || "")],
      ["Model type", answer.MLModelType],
      ["Data source", el("a", { href: "/data-sources/" + encodeURIComponent(e.EvaluationDataSourceId || "") },
        e.EvaluationDataSourceId || "")],
      ...Object.entries(metrics).map(([k, v]) => [k, el("span", { class: "api-metric", "data-name": k }, v)]),
      ["Created", formatTime(e.CreatedAt)], ["Last updated", formatTime(e.LastUpdatedAt)]])];
  if (answer.Binary) nodes.push(...binaryView(answer, e));
  if (answer.Multiclass) nodes.push(...multiclassView(answer.Multiclass));
  if (answer.Regression) nodes.push(...regressionView(answer.Regression));
  show(...nodes);
  poll(() => renderEvaluation(id), !terminal(e.Status));
}

// --- a batch prediction -----------------------------------------------------------------------

async function renderBatchPrediction(id) {
  let answer;
  try { answer = await getJson("/console/api/batch-predictions/" + encodeURIComponent(id)); }
  catch (error) { show(failure(error)); return; }
  const b = answer.BatchPrediction;
  const count = (value, id) => (value === undefined ? "" : el("span", { id }, String(value)));
  show(el("h1", {}, "Batch prediction: " + (b.Name || b.BatchPredictionId)),
    details([["Id", b.BatchPredictionId], ["Status", el("span", { id: "batch-status" }, status(b.Status))],
      ["Message", b.Message],
      ["ML model", el("a", { href: "/ml-models/" + encodeURIComponent(b.MLModelId || "") }, b.MLModelId || "")],
      ["Data source", el("a", { href: "/data-sources/" + encodeURIComponent(b.BatchPredictionDataSourceId || "") },
        b.BatchPredictionDataSourceId || "")],
      ["Input data", b.InputDataLocationS3],
      ["Output URI", el("code", { id: "output-uri" }, b.OutputUri || "")],
      ["Records", count(b.TotalRecordCount, "total-records")],
      ["Invalid records", count(b.InvalidRecordCount, "invalid-records")],
      ["Compute time (ms)", b.ComputeTime === undefined ? "" : String(b.ComputeTime)],
      ["Created", formatTime(b.CreatedAt)], ["Started", formatTime(b.StartedAt)],
      ["Finished", formatTime(b.FinishedAt)], ["Last updated", formatTime(b.LastUpdatedAt)]]));
  poll(() => renderBatchPrediction(id), !terminal(b.Status));
}

// --- routing ------------------------------------------------------------------------------------

function route() {
  const path = location.pathname;
  const match = /^\/(data-sources|ml-models|evaluations|batch-predictions)\/([^/]+)$/.exec(path);
  if (path === "/") return renderLists();
  if (!match) return show(failure(new Error("No such page.")));
  const id = decodeURIComponent(match[2]);
  if (match[1] === "data-sources") return renderDataSource(id);
  if (match[1] === "ml-models") return renderModel(id);
  if (match[1] === "batch-predictions") return renderBatchPrediction(id);
  return renderEvaluation(id);
}

route();
