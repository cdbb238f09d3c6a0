"""`/api/queries`: the named queries as a grlc-style API, one OpenAPI path per query.

Paths are generated when the app is created, each with typed query parameters taken from the
query's header, so /openapi.json documents every query and its parameters: this router is the one
built by a function (`queries_router`), as its paths are known only from queries_dir.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Literal, cast

from fastapi import APIRouter, Query, Request, Response

from regiodeal.deps import QueryServiceDep
from regiodeal.sparql import results
from regiodeal.sparql.named_queries import IRI_PATTERN, NamedQuery, Param
from regiodeal.sparql.protocol_router import to_response
from regiodeal.sparql.service import QueryScope, QueryService, text_answer
from regiodeal.sparql.spreadsheet import XLSX, csv_to_xlsx

OUTPUT_FORMATS = {"json": results.JSON, "csv": results.CSV, "xlsx": results.CSV}
FORMAT_DOC = (
    "Output format (overrides the Accept header): json (SPARQL JSON results), csv, or xlsx "
    "(the CSV's cells in an Excel workbook, numbers as numbers)."
)
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Invalid parameter or query error"},
    406: {"description": "Unsupported Accept type"},
    504: {"description": "Query timeout"},
}


def describe(query: NamedQuery, request: Request) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.titles,
        "description": query.descriptions,
        "path": str(request.url_for(f"query_{query.name}")),
        "params": [
            {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
            for p in query.params
        ],
        "sparql": query.sparql,
    }


def _signature_param(param: Param) -> inspect.Parameter:
    extra: dict[str, Any] = {"pattern": IRI_PATTERN} if param.type == "iri" else {}
    default = ... if param.default is None else param.parsed_default()
    return inspect.Parameter(
        param.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=param.python_type,
        default=Query(default, description=param.description or param.type, **extra),
    )


def _accept(request: Request, output: str | None) -> str:
    if output:
        return OUTPUT_FORMATS[output]
    return request.headers.get("accept") or results.JSON


def _endpoint(query: NamedQuery) -> Callable[..., Awaitable[Response]]:
    async def run(request: Request, service: QueryService, **values: object) -> Response:
        output = cast(str | None, values.pop("format", None))  # FastAPI checked: json, csv, xlsx
        try:
            sparql = query.bind(values)
        except ValueError as exc:  # e.g. an IRI pyoxigraph rejects
            return to_response(text_answer(400, f"Bad parameter: {exc}"))
        base = str(request.base_url) + "sparql"
        answer = await service.execute(sparql, _accept(request, output), QueryScope(base_iri=base))
        if output == "xlsx" and answer.status == 200:
            return _workbook(query.name, answer.body)
        return to_response(answer)

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter(
            "service", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=QueryServiceDep
        ),
        *(_signature_param(p) for p in query.params),
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Literal["json", "csv", "xlsx"] | None,
            default=Query(None, description=FORMAT_DOC),
        ),
    ]
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return run


def _workbook(name: str, csv_body: bytes) -> Response:
    # Small tables (a named query's answer is capped at the row limit): converted in the
    # request, as the CSV writer's output is.
    return Response(
        csv_to_xlsx(csv_body.decode("utf-8"), name),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


def queries_router(queries: list[NamedQuery], prefix: str = "/api/queries") -> APIRouter:
    router = APIRouter(prefix=prefix, tags=["Named queries"])

    @router.get("", summary="List the named queries")
    async def list_queries(request: Request) -> list[dict[str, Any]]:
        return [describe(q, request) for q in queries]

    for query in queries:
        router.add_api_route(
            f"/{query.name}",
            _endpoint(query),
            methods=["GET"],
            name=f"query_{query.name}",
            summary=query.title("en"),
            description=query.description("en") or query.title("nl"),
            response_class=Response,
            responses={
                200: {"content": {results.JSON: {}, results.CSV: {}, XLSX: {}}},
                **ERROR_RESPONSES,
            },
        )
    return router
