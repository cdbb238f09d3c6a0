// The YASGUI query page (/): a file, since the Content-Security-Policy allows no inline script.
// Same-origin endpoint; the class/property autocompleters are off because they call lov.linkeddata.es.
const endpoint = new URL("sparql", document.baseURI).href;
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: true,
  endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
  yasqe: { autocompleters: ["variables"] },
  populateFromUrl: false, // ?query= is handled below, in a tab of its own
});
openQueryFromUrl();
// The linked-data pages link to /?query=… for the SPARQL that produced them: open that query
// in a new tab (the user's other tabs stay), then drop it from the address bar so that a
// reload does not open it again.
function openQueryFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const query = params.get("query");
  if (!query) return;
  const tab = yasgui.addTab(true, { ...Yasgui.Tab.getDefaults(), name: "Page query" });
  tab.setQuery(query);
  params.delete("query");
  const rest = params.toString();
  history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : ""));
}
fetch(new URL("api/queries", document.baseURI)).then((r) => r.json()).then((queries) => {
  const list = document.getElementById("examples");
  for (const q of queries) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#"; link.dataset.query = q.name;
    link.textContent = q.title.en || q.title[""] || q.name;
    link.title = q.title.nl || "";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const tab = yasgui.addTab(true, { ...Yasgui.Tab.getDefaults(), name: link.textContent });
      tab.setQuery(q.sparql);
    });
    item.append(link);
    list.append(item);
  }
});
