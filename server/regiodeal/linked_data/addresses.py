"""Map between graph IRIs (https://w3id.org/regiodeal/id/...) and this server's URLs.

The graph keeps its canonical namespace (settings.base_uri); pages link to this server, at its
public address (regiodeal.urls.public_base_url).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from fastapi import Request

from regiodeal.settings import Settings
from regiodeal.urls import public_base_url

TOOI = "https://identifier.overheid.nl/tooi/id/"
# Path segments we mint (data-conventions.md): letters, digits, '.', '-', '_' and '/'.
SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")
# TOOI IRIs in the graph: .../tooi/id/{kind}/{code}, nothing that could break out of <...>.
SAFE_TOOI = re.compile(r"^https://identifier\.overheid\.nl/tooi/id/[a-z_]+/[A-Za-z0-9_]+$")


def safe_path(path: str) -> bool:
    """A path we could have minted; anything else is simply not one of our resources (404)."""
    return bool(SAFE_PATH.match(path)) and ".." not in path.split("/")


def safe_tooi(iri: str) -> bool:
    return bool(SAFE_TOOI.match(iri))


@dataclass(frozen=True)
class Addresses:
    graph_base: str  # e.g. https://w3id.org/regiodeal/
    public_base: str  # e.g. http://127.0.0.1:8000/ ; always ends with "/"
    lang: str = "nl"

    @classmethod
    def for_request(cls, request: Request, settings: Settings, lang: str = "nl") -> Addresses:
        return cls(settings.base_uri, public_base_url(request, settings), lang)

    @property
    def id_base(self) -> str:
        return self.graph_base + "id/"

    def iri_for_path(self, path: str) -> str:
        return self.id_base + path

    def ours(self, iri: str) -> bool:
        return iri.startswith(self.id_base)

    def _lang_query(self) -> dict[str, str]:
        return {"lang": self.lang} if self.lang != "nl" else {}

    def href(self, iri: str) -> str:
        """Where a page links for `iri`: our /id/ URL, the TOOI organisation page, or the IRI."""
        if self.ours(iri):
            query = urlencode(self._lang_query())
            return (
                self.public_base + "id/" + iri[len(self.id_base) :] + ("?" + query if query else "")
            )
        if iri.startswith(TOOI):
            params = {"iri": iri, **self._lang_query()}
            return self.public_base + "doc/organisatie?" + urlencode(params)
        return iri

    def doc_url(self, iri: str, **params: str) -> str:
        """The /doc/ URL of a resource (with e.g. format=ttl)."""
        if iri.startswith(TOOI):
            return self.public_base + "doc/organisatie?" + urlencode({"iri": iri, **params})
        query = urlencode(params)
        return self.public_base + "doc/" + iri[len(self.id_base) :] + ("?" + query if query else "")

    def page(self, path: str, **params: str) -> str:
        """A page of this site (path without leading '/'), keeping the language."""
        query = urlencode({**params, **self._lang_query()})
        return self.public_base + path + ("?" + query if query else "")

    def query_links(self, query: str) -> dict[str, str]:
        """The SPARQL that produced a page: as a result and in the query editor."""
        q = quote(query, safe="")
        return {
            "sparql": self.public_base + "sparql?query=" + q,
            "editor": self.public_base + "?query=" + q,
        }
