"""This server's public address: the one place that decides it.

The graph keeps its canonical namespace (settings.base_uri); links a client follows (pages,
downloads, the SPARQL endpoint) go to where this server answers: settings.public_base_url behind
a proxy, else the address the request came in on.
"""

from __future__ import annotations

from starlette.requests import Request

from regiodeal.settings import Settings


def public_base_url(request: Request, settings: Settings) -> str:
    """The server's public base URL, always ending in '/'."""
    public = settings.public_base_url or str(request.base_url)
    return public.rstrip("/") + "/"
