// The YASGUI query page (/): a file, since the Content-Security-Policy allows no inline script.
// Every tab queries this server's /sparql: YASGUI's own default is dbpedia.org, which a new tab
// would get from Yasgui.defaults and a tab restored from localStorage from what it saved.
// The class/property autocompleters are off because they call lov.linkeddata.es.
const endpoint = new URL("sparql", document.baseURI).href;
const lang = document.documentElement.lang || "nl";
Yasgui.defaults.requestConfig.endpoint = endpoint; // what Tab.getDefaults() (no instance) gives
if (lang === "nl") dutchResultTables();
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: false, // a new tab gets `endpoint`, never what another tab was set to
  endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
  persistenceId: "regiodeal", // this page's own localStorage key, not one shared by path
  yasqe: { autocompleters: ["variables"] },
  populateFromUrl: false, // ?query= is handled below, in a tab of its own
});
homeAllTabs();
openQueryFromUrl();
// On a phone the examples fold away above the editor, leaving it the width of the screen.
if (window.matchMedia("(max-width: 48rem)").matches) {
  document.querySelector(".examples details").open = false;
}

// Tabs restored from localStorage keep the endpoint they were saved with (dbpedia.org in
// earlier versions of this page, or any the user typed): point them all here.
function homeAllTabs() {
  for (const id of Object.keys(yasgui._tabs)) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }
}

function openTab(name, query) {
  const tab = yasgui.addTab(true, { name: name, requestConfig: { endpoint: endpoint } });
  tab.setQuery(query);
  return tab;
}

// The linked-data pages link to /?query=… for the SPARQL that produced them: open that query
// in a new tab (the user's other tabs stay), then drop it from the address bar so that a
// reload does not open it again.
function openQueryFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const query = params.get("query");
  if (!query) return;
  openTab(lang === "nl" ? "Paginaquery" : "Page query", query);
  params.delete("query");
  const rest = params.toString();
  history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : ""));
}

fetch(new URL("api/queries", document.baseURI)).then((r) => r.json()).then((queries) => {
  const list = document.getElementById("examples");
  for (const q of queries) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#"; link.dataset.query = q.name; link.className = "nl-link";
    link.textContent = q.title[lang] || q.title.en || q.title[""] || q.name;
    const description = q.description || {};
    link.title = description[lang] || description.en || description[""] || "";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openTab(link.textContent, q.sparql);
    });
    item.append(link);
    list.append(item);
  }
});

// Accessibility (found by axe-core, tests/server/test_accessibility_browser.py): YASGUI's hidden
// CodeMirror textarea and its endpoint field have no label, and its "+" button sits inside the
// role="tablist" where only tabs may be. YASGUI inserts new tabs before that button, so it stays
// in place and is announced as a tab that opens a new one. Re-applied whenever YASGUI redraws.
const labels = lang === "nl"
  ? { query: "SPARQL-query", endpoint: "SPARQL-endpoint", add: "Nieuw tabblad" }
  : { query: "SPARQL query", endpoint: "SPARQL endpoint", add: "New tab" };
function labelYasgui(root) {
  for (const area of root.querySelectorAll("textarea:not([aria-label])")) {
    area.setAttribute("aria-label", labels.query);
  }
  for (const field of root.querySelectorAll("input.autocomplete:not([aria-label])")) {
    field.setAttribute("aria-label", labels.endpoint);
  }
  for (const button of root.querySelectorAll(".tabsList button.addTab:not([role])")) {
    button.setAttribute("role", "tab");
    button.setAttribute("aria-selected", "false");
    button.setAttribute("aria-label", labels.add);
  }
}
const yasguiRoot = document.getElementById("yasgui");
labelYasgui(yasguiRoot);
new MutationObserver(() => labelYasgui(yasguiRoot)).observe(yasguiRoot, {
  childList: true, subtree: true,
});

// Result tables: an IRI of this graph links to its page on this server (/doc/…, /def#…, the
// organisation page for a TOOI IRI) rather than to w3id.org or TOOI, and shows its label where
// the graph has one (rdfs:label or skos:prefLabel, in the page's language, else Dutch), with the
// IRI on hover. The labels come from this server's /sparql in one query per rendered table page.
const graphBase = yasguiRoot.dataset.graphBase || "https://w3id.org/regiodeal/";
const idBase = graphBase + "id/";
const ontology = graphBase + "def";
const TOOI_IRI = /^https:\/\/identifier\.overheid\.nl\/tooi\/id\/[a-z_]+\/[A-Za-z0-9_]+$/;
const SAFE_IRI = /^https?:\/\/[^\s<>"{}|\\^`]+$/; // may go between <…> in a query
const langQuery = lang === "en" ? "lang=en" : "";
const labelCache = new Map(); // IRI -> label (or "" when the graph has none)

function pageFor(iri) {
  const site = (path) => new URL(path, document.baseURI).href;
  if (iri.startsWith(idBase)) {
    return site("doc/" + iri.slice(idBase.length)) + (langQuery ? "?" + langQuery : "");
  }
  if (iri === ontology || iri.startsWith(ontology + "#")) return site("def" + iri.slice(ontology.length));
  if (TOOI_IRI.test(iri)) {
    return site("doc/organisatie?iri=" + encodeURIComponent(iri) + (langQuery ? "&" + langQuery : ""));
  }
  return null;
}

function labelQuery(iris) {
  const values = iris.map((iri) => "<" + iri + ">").join(" ");
  return `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?a ?d ?p WHERE {
  VALUES ?s { ${values} }
  OPTIONAL { ?s rdfs:label|skos:prefLabel ?a . FILTER (lang(?a) = "${lang}") }
  OPTIONAL { ?s rdfs:label|skos:prefLabel ?d . FILTER (lang(?d) = "nl") }
  OPTIONAL { ?s rdfs:label|skos:prefLabel ?p . FILTER (lang(?p) = "") }
}`;
}

async function fetchLabels(iris) {
  const wanted = iris.filter((iri) => !labelCache.has(iri) && SAFE_IRI.test(iri)).slice(0, 500);
  if (!wanted.length) return;
  for (const iri of wanted) labelCache.set(iri, "");
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { Accept: "application/sparql-results+json" },
    body: new URLSearchParams({ query: labelQuery(wanted) }),
  });
  if (!response.ok) return;
  for (const row of (await response.json()).results.bindings) {
    const label = row.a || row.d || row.p;
    if (label && !labelCache.get(row.s.value)) labelCache.set(row.s.value, label.value);
  }
}

function showLink(anchor) {
  const iri = anchor.getAttribute("href");
  anchor.dataset.iri = iri;
  anchor.title = iri;
  const target = pageFor(iri);
  if (target) anchor.href = target;
  const label = labelCache.get(iri);
  if (label) {
    anchor.textContent = label;
    // YASR writes "<" and ">" around a full IRI: not around a label
    for (const side of [anchor.previousSibling, anchor.nextSibling]) {
      if (side && side.nodeType === Node.TEXT_NODE && /^\s*[<>]\s*$/.test(side.textContent)) {
        side.textContent = "";
      }
    }
  }
}

let linking = false;
async function linkResults() {
  if (linking) return;
  linking = true;
  try {
    const anchors = [...yasguiRoot.querySelectorAll(".yasr table a.iri:not([data-iri])")];
    if (!anchors.length) return;
    await fetchLabels([...new Set(anchors.map((a) => a.getAttribute("href")))]);
    for (const anchor of anchors) if (!anchor.dataset.iri) showLink(anchor);
  } catch (error) {
    console.warn("labels for the results:", error); // the table keeps its IRIs
  } finally {
    linking = false;
  }
  // links YASR drew while the labels were on their way (another page of the table)
  if (yasguiRoot.querySelector(".yasr table a.iri:not([data-iri])")) setTimeout(linkResults, 0);
}
new MutationObserver(() => {
  if (yasguiRoot.querySelector(".yasr table a.iri:not([data-iri])")) linkResults();
}).observe(yasguiRoot, { childList: true, subtree: true });

// YASR's interface in Dutch on a Dutch page. YASGUI 4.6 has no translations: its result table is
// a DataTables 2 table, whose texts the table plugin takes from its tableConfig.language (set
// here, before the first table is drawn); YASR's own buttons, labels and summary are fixed
// English strings, translated in the DOM below, in the header and controls only (never in a
// result cell, where "Table" may be data).
function dutchResultTables() {
  const table = Yasgui.Yasr.plugins.table;
  if (!table || !table.defaults || !table.defaults.tableConfig) return;
  table.defaults.tableConfig.language = {
    ...table.defaults.tableConfig.language, // YASR's « ‹ › » page buttons stay
    entries: { _: "rijen", 1: "rij" },
    info: "_START_ tot en met _END_ van _TOTAL_ _ENTRIES-TOTAL_",
    infoEmpty: "Geen rijen",
    infoFiltered: "(gefilterd uit _MAX_ _ENTRIES-MAX_)",
    emptyTable: "Geen resultaten",
    zeroRecords: "Geen rijen gevonden",
    lengthMenu: "_MENU_ _ENTRIES_ per pagina",
    lengthLabels: { "-1": "Alle" },
    loadingRecords: "Laden…",
    search: "Zoeken:",
    thousands: ".",
    decimal: ",",
    aria: {
      orderable: ": activeer om te sorteren",
      orderableReverse: ": activeer om omgekeerd te sorteren",
      orderableRemove: ": activeer om niet meer te sorteren",
      paginate: { first: "Eerste", previous: "Vorige", next: "Volgende", last: "Laatste" },
    },
  };
}

const DUTCH = new Map([
  ["Table", "Tabel"],
  ["Response", "Antwoord"],
  ["Simple view", "Eenvoudige weergave"],
  ["Ellipse", "Inkorten"],
  ["Page size:", "Rijen per pagina:"],
  ["All", "Alle"],
  ["Show all", "Alles tonen"],
  ["Filter query results", "Resultaten filteren"],
  ["Download result", "Resultaat downloaden"],
  ["Download not supported", "Downloaden niet mogelijk"],
  ["Run query", "Query uitvoeren"],
  ["Share query", "Query delen"],
  ["Add tab", "Nieuw tabblad"],
  ["Close tab", "Tabblad sluiten"],
  ["Clear endpoint", "Endpoint wissen"],
]);
// YASR's summary: "12 results in 0.05 seconds", "1 result …", "Response in 1 second"
const SUMMARY = /^(?:(\d+) results?|Response)(?: in ([\d.]+) seconds?)?$/;

function dutchSummary(text) {
  const match = SUMMARY.exec(text);
  if (!match) return null;
  const [, count, seconds] = match;
  let dutch = count === undefined ? "Antwoord" : count + (count === "1" ? " resultaat" : " resultaten");
  if (seconds !== undefined) dutch += " in " + seconds.replace(".", ",") + (seconds === "1" ? " seconde" : " seconden");
  return dutch;
}

// Only the parts of YASGUI that are its own interface: the tab bar, the editor's buttons and
// YASR's header (plugin buttons, summary, table controls) and the table's info line and pager.
const CHROME = ".tabsList, .yasqe_buttons, .yasr_header, .dt-info, .dt-paging, .dt-length";

function translateYasgui(root) {
  for (const part of root.querySelectorAll(CHROME)) {
    const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.trim();
      const dutch = DUTCH.get(text) || (part.matches(".yasr_header") && dutchSummary(text));
      if (dutch && dutch !== text) node.nodeValue = node.nodeValue.replace(text, dutch);
    }
    for (const element of [part, ...part.querySelectorAll("[title], [placeholder], [aria-label]")]) {
      for (const name of ["title", "placeholder", "aria-label"]) {
        const value = element.getAttribute(name);
        if (value && DUTCH.has(value)) element.setAttribute(name, DUTCH.get(value));
      }
      // a plugin button's name, "Shows Table view", must hold its visible text (axe-core's
      // label-content-name-mismatch), so it follows the translated label: "Weergave Tabel"
      const view = /^Shows (.+) view$/.exec(element.getAttribute("aria-label") || "");
      if (view) element.setAttribute("aria-label", "Weergave " + (DUTCH.get(view[1]) || view[1]));
    }
  }
}
if (lang === "nl") {
  translateYasgui(yasguiRoot);
  new MutationObserver(() => translateYasgui(yasguiRoot)).observe(yasguiRoot, {
    childList: true, subtree: true, characterData: true,
  });
}
