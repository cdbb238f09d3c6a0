// A "Chart" view for YASR results, drawn here as SVG: no charting library, nothing from another
// host (YASR's own chart plugin loads Google Charts, which this offline, CSP-bound page cannot).
// It offers itself when a result has a numeric column (at most MAX_ROWS rows) and draws one
// horizontal bar per row: the label is the row's first non-numeric value (an IRI's label where
// query-page.js knows it), the length the chosen numeric column. Registered before YASGUI starts.
const CHART_MAX_ROWS = 200;
const NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger)$/;
const SVG_NS = "http://www.w3.org/2000/svg";

function numericColumns(variables, bindings) {
  return variables.filter((v) =>
    bindings.some((b) => b[v]) &&
    bindings.every((b) => !b[v] || (b[v].type !== "uri" && NUMERIC.test(b[v].datatype || "")))
  );
}

class ResultChart {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5; // below the table (10): never the default view
    this.label = document.documentElement.lang === "en" ? "Chart" : "Grafiek";
    this.chosen = null;
  }

  rows() {
    const results = this.yasr.results;
    const variables = (results && results.getVariables()) || [];
    const bindings = (results && results.getBindings && results.getBindings()) || [];
    return { variables, bindings };
  }

  canHandleResults() {
    const { variables, bindings } = this.rows();
    return bindings.length > 0 && bindings.length <= CHART_MAX_ROWS &&
      numericColumns(variables, bindings).length > 0;
  }

  getIcon() {
    const icon = document.createElementNS(SVG_NS, "svg");
    icon.setAttribute("viewBox", "0 0 16 16");
    icon.setAttribute("aria-hidden", "true");
    for (const [y, w] of [[2, 14], [7, 9], [12, 5]]) {
      const bar = document.createElementNS(SVG_NS, "rect");
      Object.entries({ x: 1, y: y, width: w, height: 3, fill: "currentColor" })
        .forEach(([k, v]) => bar.setAttribute(k, v));
      icon.append(bar);
    }
    return icon;
  }

  labelOf(binding) {
    if (!binding) return "";
    if (binding.type === "uri" && typeof labelCache !== "undefined" && labelCache.get(binding.value)) {
      return labelCache.get(binding.value);
    }
    return binding.value;
  }

  async draw() {
    const { variables, bindings } = this.rows();
    const numbers = numericColumns(variables, bindings);
    const value = numbers.includes(this.chosen) ? this.chosen : numbers[0];
    const labelVar = variables.find((v) => !numbers.includes(v)) || null;
    if (labelVar && typeof fetchLabels === "function") {
      const iris = bindings.map((b) => b[labelVar]).filter((t) => t && t.type === "uri");
      try { await fetchLabels(iris.map((t) => t.value)); } catch (e) { /* IRIs stay */ }
    }
    const box = document.createElement("div");
    box.className = "result-chart";
    if (numbers.length > 1) box.append(this.picker(numbers, value));
    box.append(this.svg(bindings, labelVar, value));
    this.yasr.resultsEl.append(box);
  }

  picker(numbers, value) {
    const label = document.createElement("label");
    label.textContent = (document.documentElement.lang === "en" ? "Column" : "Kolom") + ": ";
    const select = document.createElement("select");
    for (const v of numbers) select.append(new Option("?" + v, v, false, v === value));
    select.addEventListener("change", () => {
      this.chosen = select.value;
      this.yasr.draw(); // YASR empties resultsEl and calls draw() again
    });
    label.append(select);
    return label;
  }

  svg(bindings, labelVar, value) {
    const width = 640, row = 36, bar = 14;
    const numbers = bindings.map((b) => (b[value] ? Number(b[value].value) : NaN));
    const largest = Math.max(0, ...numbers.filter((n) => !Number.isNaN(n)));
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${row * bindings.length + 4}`);
    svg.setAttribute("width", "100%");
    svg.setAttribute("role", "img");
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = "?" + value + (labelVar ? " / ?" + labelVar : "");
    svg.append(title);
    bindings.forEach((b, i) => {
      const n = numbers[i];
      const text = document.createElementNS(SVG_NS, "text");
      text.setAttribute("x", "0");
      text.setAttribute("y", String(i * row + 13));
      text.setAttribute("font-size", "13");
      const name = labelVar ? this.labelOf(b[labelVar]) : String(i + 1);
      const figure = document.createElementNS(SVG_NS, "tspan");
      figure.setAttribute("font-weight", "bold");
      figure.textContent = Number.isNaN(n) ? "—" : n.toLocaleString(document.documentElement.lang);
      text.append(name + " ", figure);
      const rect = document.createElementNS(SVG_NS, "rect");
      const w = Number.isNaN(n) || largest <= 0 || n <= 0 ? 0 : (n / largest) * width;
      Object.entries({ class: "bar", x: 0, y: i * row + 17, width: w.toFixed(1), height: bar,
        fill: "#1f5f99", "data-value": Number.isNaN(n) ? "" : String(n) })
        .forEach(([k, v]) => rect.setAttribute(k, v));
      svg.append(text, rect);
    });
    return svg;
  }
}
Yasr.registerPlugin("chart", ResultChart);
