"""The SPARQL 1.1 Protocol at /sparql, as a router that mounts into any FastAPI app.

Queries via GET, POST form-encoded and POST application/sparql-query; `default-graph-uri` and
`named-graph-uri` select graphs of the store (never fetched from the web). Read-only: SPARQL Update
is refused with 403. Without a query, GET answers the Service Description. The work is done by the
`SparqlService` at `request.app.state.sparql`, which the app creates at start-up.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request, Response

from regiodeal.sparql.embedded import SparqlService, text_answer
from regiodeal.sparql.negotiation import negotiate
from regiodeal.sparql.service_description import SERIALISERS, service_description
from regiodeal.sparql.worker import Answer

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
TRUNCATED_HEADER = "X-Regiodeal-Truncated"
MESSAGE_HEADER = "X-Regiodeal-Message"
EXPOSED_HEADERS = [TRUNCATED_HEADER, MESSAGE_HEADER]
TEXT_TYPES = ("text/", "application/sparql-results+xml", "application/rdf+xml", "application/n-")

READ_ONLY = (
    "This endpoint is read-only: SPARQL Update is not accepted. "
    "Query with the `query` parameter or an application/sparql-query body."
)

QUERY_DOC = (
    "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). Without it: service description."
)
GRAPH_DOC = "IRI of a graph of this store for the query's dataset (repeatable); never fetched."


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def to_response(answer: Answer) -> Response:
    media_type = answer.media_type
    if media_type.startswith(TEXT_TYPES) or media_type.endswith("json"):
        media_type += "; charset=utf-8"
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED_HEADER] = "true"
        headers[MESSAGE_HEADER] = (
            f"results truncated to the first {answer.count} (REGIODEAL_MAX_RESULT_ROWS)"
        )
    return Response(answer.body, status_code=answer.status, media_type=media_type, headers=headers)


def _error(exc: ProtocolError) -> Response:
    return to_response(text_answer(exc.status, str(exc)))


def _one_query(params: list[tuple[str, str]]) -> str | None:
    if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in params):
        raise ProtocolError(403, READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, "Bad Request: more than one `query` parameter")
    return queries[0] if queries else None


def _graphs(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def _content_type(request: Request) -> tuple[str, str]:
    """Media type and charset (lower-case; charset '' when absent)."""
    header = request.headers.get("content-type", "")
    fields = [f.strip() for f in header.split(";")]
    charset = ""
    for param in fields[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return fields[0].lower(), charset


def _decode(body: bytes, charset: str) -> str:
    if charset not in ("", "utf-8", "utf8"):
        raise ProtocolError(415, f"Unsupported charset {charset!r}: send the query as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(
            400, f"Bad Request: the request body is not valid UTF-8 ({exc})"
        ) from exc


async def _post_params(request: Request) -> list[tuple[str, str]]:
    """All protocol parameters of a POST: URL query string plus form body or direct query."""
    url_params = list(request.query_params.multi_items())
    media_type, charset = _content_type(request)
    body = await request.body()
    if media_type == SPARQL_UPDATE:
        raise ProtocolError(403, READ_ONLY)
    if media_type == FORM:
        text = _decode(body, charset)
        return url_params + parse_qsl(text, keep_blank_values=True)
    if media_type == SPARQL_QUERY:
        if any(name == "query" for name, _ in url_params):
            raise ProtocolError(400, "Bad Request: query both in the URL and in the body")
        return [*url_params, ("query", _decode(body, charset))]
    raise ProtocolError(
        415,
        f"Unsupported Media Type {media_type or '(none)'!r}: POST a query as {FORM} "
        f"(query=...) or as {SPARQL_QUERY}",
    )


def _service(request: Request) -> SparqlService:
    return request.app.state.sparql


def endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _describe_service(request: Request) -> Response:
    offers = tuple(SERIALISERS)
    media_type = negotiate(request.headers.get("accept"), offers)
    if media_type is None:
        return to_response(
            text_answer(406, f"Not Acceptable: the service description is in {offers}")
        )
    graph = service_description(endpoint_url(request), _service(request).info)
    body = graph.serialize(format=SERIALISERS[media_type], encoding="utf-8")
    return to_response(Answer(200, media_type, body))


async def _answer(request: Request, params: list[tuple[str, str]]) -> Response:
    query = _one_query(params)
    if query is None:
        if request.method == "POST":
            raise ProtocolError(400, "Bad Request: no `query` parameter")
        return _describe_service(request)
    defaults = _graphs(params, "default-graph-uri")
    named = _graphs(params, "named-graph-uri")
    has_dataset = bool(defaults or named)
    answer = await _service(request).execute(
        query,
        request.headers.get("accept"),
        default_graphs=defaults if has_dataset else None,
        named_graphs=named if has_dataset else None,
        base_iri=endpoint_url(request),
    )
    return to_response(answer)


class SparqlRouter(APIRouter):
    """`/sparql` (path configurable): SPARQL 1.1 Protocol, query operation only."""

    def __init__(self, path: str = "/sparql", **kwargs) -> None:
        super().__init__(tags=["SPARQL"], **kwargs)

        @self.get(
            path, summary="SPARQL query (GET) or service description", response_class=Response
        )
        async def sparql_get(
            request: Request,
            query: Annotated[str | None, Query(description=QUERY_DOC)] = None,
            default_graph_uri: Annotated[
                list[str] | None, Query(alias="default-graph-uri", description=GRAPH_DOC)
            ] = None,
            named_graph_uri: Annotated[
                list[str] | None, Query(alias="named-graph-uri", description=GRAPH_DOC)
            ] = None,
        ) -> Response:
            # Documented for OpenAPI; read raw below, as the protocol needs repeated names intact.
            try:
                return await _answer(request, list(request.query_params.multi_items()))
            except ProtocolError as exc:
                return _error(exc)

        @self.post(
            path,
            summary="SPARQL query (POST form or application/sparql-query)",
            response_class=Response,
            openapi_extra={
                "requestBody": {
                    "content": {
                        FORM: {
                            "schema": {
                                "type": "object",
                                "properties": {"query": {"type": "string"}},
                                "required": ["query"],
                            }
                        },
                        SPARQL_QUERY: {"schema": {"type": "string"}},
                    }
                }
            },
        )
        async def sparql_post(request: Request) -> Response:
            try:
                return await _answer(request, await _post_params(request))
            except ProtocolError as exc:
                return _error(exc)
