"""The SPARQL 1.1 Protocol at /sparql, as a router that mounts into any FastAPI app.

Queries via GET, POST form-encoded and POST application/sparql-query; `default-graph-uri` and
`named-graph-uri` select graphs of the store (never fetched from the web). Read-only: SPARQL Update
is refused with 403. Without a query, GET answers the Service Description. `format=` or `output=`
(json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml, or a media type) override Accept. The
work is done by the app's query service (deps.QueryServiceDep).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request, Response

from regiodeal.deps import QueryServiceDep
from regiodeal.sparql import results
from regiodeal.sparql.negotiation import ALIASES, negotiate, parse_content_type
from regiodeal.sparql.service import Answer, QueryError, QueryScope, QueryService, text_answer
from regiodeal.sparql.service_description import SERIALISERS, service_description

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
# `format=` / `output=` as Fuseki and Virtuoso users' scripts send them: each name stands for an
# Accept header, covering both result kinds where the name fits both (json, xml), since the
# query's form is known only once it is parsed (in the worker). A media type is taken as is.
OUTPUT_NAMES = {
    "json": f"{results.JSON}, {results.JSONLD};q=0.9",
    "xml": f"{results.XML}, {results.RDFXML};q=0.9",
    "csv": results.CSV,
    "tsv": results.TSV,
    "turtle": results.TURTLE,
    "ttl": results.TURTLE,
    "ntriples": results.NTRIPLES,
    "nt": results.NTRIPLES,
    "n-triples": results.NTRIPLES,
    "jsonld": results.JSONLD,
    "json-ld": results.JSONLD,
    "rdfxml": results.RDFXML,
    "rdf": results.RDFXML,
}
OUTPUT_PARAMS = ("format", "output")
OUTPUT_DOC = (
    "Result format, overriding Accept (as Fuseki and Virtuoso take it): "
    + ", ".join(OUTPUT_NAMES)
    + ", or a media type"
)


def to_response(answer: Answer) -> Response:
    media_type = answer.media_type
    if media_type.startswith(TEXT_TYPES) or media_type.endswith("json"):
        media_type += "; charset=utf-8"
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED_HEADER] = "true"
        headers[MESSAGE_HEADER] = answer.message or (
            f"results truncated to the first {answer.count} (REGIODEAL_MAX_RESULT_ROWS)"
        )
    return Response(answer.body, status_code=answer.status, media_type=media_type, headers=headers)


def _one_query(params: list[tuple[str, str]]) -> str | None:
    if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in params):
        raise QueryError(403, READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise QueryError(400, "Bad Request: more than one `query` parameter")
    return queries[0] if queries else None


def _graphs(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise QueryError(415, f"Unsupported charset {charset!r}: send the query as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(400, f"Bad Request: the request body is not valid UTF-8 ({exc})") from exc


async def _post_params(request: Request) -> list[tuple[str, str]]:
    """All protocol parameters of a POST: URL query string plus form body or direct query."""
    url_params = list(request.query_params.multi_items())
    media_type, charset = parse_content_type(request.headers.get("content-type"))
    body = await request.body()
    if media_type == SPARQL_UPDATE:
        raise QueryError(403, READ_ONLY)
    if media_type == FORM:
        text = _decode(body, charset)
        return url_params + parse_qsl(text, keep_blank_values=True)
    if media_type == SPARQL_QUERY:
        if any(name == "query" for name, _ in url_params):
            raise QueryError(400, "Bad Request: query both in the URL and in the body")
        return [*url_params, ("query", _decode(body, charset))]
    raise QueryError(
        415,
        f"Unsupported Media Type {media_type or '(none)'!r}: POST a query as {FORM} "
        f"(query=...) or as {SPARQL_QUERY}",
    )


def endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _accept(request: Request, params: list[tuple[str, str]]) -> str | None:
    """The Accept header, or what `format=` / `output=` stands for (400 for an unknown name)."""
    asked = [value.strip() for name, value in params if name in OUTPUT_PARAMS and value.strip()]
    if not asked:
        return request.headers.get("accept")
    value = asked[0]
    if value.lower() in OUTPUT_NAMES:
        return OUTPUT_NAMES[value.lower()]
    known = (*results.TABULAR_TYPES, *results.GRAPH_TYPES, *ALIASES)
    if value.split(";")[0].strip().lower() in known:
        return value
    shown = value[:80]
    raise QueryError(
        400, f"Bad Request: unknown format {shown!r}; use one of {', '.join(OUTPUT_NAMES)}"
    )


def _describe_service(request: Request, service: QueryService, accept: str | None) -> Response:
    offers = tuple(SERIALISERS)
    media_type = negotiate(accept, offers, ALIASES)
    if media_type is None:
        return to_response(
            text_answer(406, f"Not Acceptable: the service description is in {offers}")
        )
    graph = service_description(endpoint_url(request), service.counts)
    body = graph.serialize(format=SERIALISERS[media_type], encoding="utf-8")
    return to_response(Answer(200, media_type, body))


async def _answer(
    request: Request, service: QueryService, params: list[tuple[str, str]]
) -> Response:
    query = _one_query(params)
    accept = _accept(request, params)
    if query is None:
        if request.method == "POST":
            raise QueryError(400, "Bad Request: no `query` parameter")
        return _describe_service(request, service, accept)
    defaults = _graphs(params, "default-graph-uri")
    named = _graphs(params, "named-graph-uri")
    has_dataset = bool(defaults or named)
    scope = QueryScope(
        default_graphs=defaults if has_dataset else None,
        named_graphs=named if has_dataset else None,
        base_iri=endpoint_url(request),
    )
    answer = await service.execute(query, accept, scope)
    return to_response(answer)


router = APIRouter(tags=["SPARQL"])


@router.get("/sparql", summary="SPARQL query (GET) or service description", response_class=Response)
async def sparql_get(
    request: Request,
    service: QueryServiceDep,
    query: Annotated[str | None, Query(description=QUERY_DOC)] = None,
    default_graph_uri: Annotated[
        list[str] | None, Query(alias="default-graph-uri", description=GRAPH_DOC)
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None, Query(alias="named-graph-uri", description=GRAPH_DOC)
    ] = None,
    format: Annotated[str | None, Query(description=OUTPUT_DOC)] = None,
    output: Annotated[str | None, Query(description=OUTPUT_DOC)] = None,
) -> Response:
    # Documented for OpenAPI; read raw below, as the protocol needs repeated names intact.
    try:
        return await _answer(request, service, list(request.query_params.multi_items()))
    except QueryError as exc:
        return to_response(exc.answer())


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or application/sparql-query)",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "format": {"type": "string", "description": OUTPUT_DOC},
                            "output": {"type": "string", "description": OUTPUT_DOC},
                        },
                        "required": ["query"],
                    }
                },
                SPARQL_QUERY: {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(request: Request, service: QueryServiceDep) -> Response:
    try:
        return await _answer(request, service, await _post_params(request))
    except QueryError as exc:
        return to_response(exc.answer())


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql_other() -> Response:
    # Without this route the framework's 405 names only the first route's method (Allow: GET).
    response = to_response(text_answer(405, "Method Not Allowed: query with GET or POST"))
    response.headers["Allow"] = "GET, POST"
    return response
