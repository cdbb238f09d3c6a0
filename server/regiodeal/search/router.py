"""/zoeken and /search: the search box of every page (base.html). HTML for a browser, JSON with
?format=json or Accept: application/json. Nothing to search in: the index built at start-up."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from regiodeal.deps import PublicBaseDep, SearchIndexDep, SettingsDep
from regiodeal.sparql.negotiation import HTML, negotiate
from regiodeal.templating import page_lang, render_page

KIND_NAMES = {
    "deal": ("Regio Deals", "Regio Deals"),
    "organisation": ("Organisaties", "Organisations"),
    "ministry": ("Ministeries", "Ministries"),
    "theme": ("Thema's", "Themes"),
    "programme": ("Programma's en focusgebieden", "Programmes and focus areas"),
    "intervention": ("Interventies", "Interventions"),
    "goal": ("Doelen", "Goals"),
    "result": ("Beoogde resultaten", "Intended results"),
    "tranche": ("Tranches", "Tranches"),
    "place": ("Plaatsen en gebieden", "Places and areas"),
    "document": ("Brondocumenten en passages", "Source documents and passages"),
}
MAX_QUERY = 200  # characters searched for; the rest is ignored


router = APIRouter(include_in_schema=False)


def _href(iri: str, base_uri: str, public_base: str, lang: str) -> str:
    suffix = "?lang=en" if lang == "en" else ""
    if iri.startswith(base_uri + "id/"):
        return public_base + "doc/" + iri[len(base_uri) + 3 :] + suffix
    if iri.startswith("https://identifier.overheid.nl/tooi/id/"):
        return public_base + "doc/organisatie?iri=" + iri + ("&lang=en" if lang == "en" else "")
    return iri


@router.get("/zoeken")
@router.get("/search")
async def search(
    request: Request,
    index: SearchIndexDep,
    settings: SettingsDep,
    public_base: PublicBaseDep,
    q: str = "",
    lang: str | None = None,
    format: Annotated[str | None, Query(description="html or json")] = None,
) -> Response:
    chosen = page_lang(lang or ("en" if request.url.path == "/search" else "nl"))
    text = q[:MAX_QUERY]
    groups = index.search(text, chosen)
    wants_json = format == "json" or (
        format is None
        and negotiate(request.headers.get("accept"), (HTML, "application/json"))
        == "application/json"
    )
    results = [
        {
            "kind": kind,
            "title": KIND_NAMES[kind][chosen == "en"],
            "hits": [
                {
                    "iri": hit.iri,
                    "label": hit.label,
                    "href": _href(hit.iri, settings.base_uri, public_base, chosen),
                    "snippet": hit.snippet_html,
                }
                for hit in hits
            ],
        }
        for kind, hits in groups.items()
    ]
    if wants_json:
        return JSONResponse({"query": text, "lang": chosen, "groups": results})
    title = ("Zoeken" if chosen == "nl" else "Search") + (f": {text}" if text else "")
    return render_page(
        request,
        "search.html",
        lang=chosen,
        site_root=public_base,
        title=title,
        search_text=text,
        groups=results,
        count=sum(len(group["hits"]) for group in results),
    )
