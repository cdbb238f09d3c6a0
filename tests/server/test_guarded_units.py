"""sparql/guarded.py: what GuardedService.execute hands to a service, checked on a recording
subclass (no store, no worker, no external store)."""

from __future__ import annotations

import pytest
from support import aio

from regiodeal.namespaces import PREFIX_IRIS
from regiodeal.settings import Settings
from regiodeal.sparql import results
from regiodeal.sparql.guard import QueryFacts, QueryRefused
from regiodeal.sparql.guarded import GuardedService
from regiodeal.sparql.service import Answer, Job, QueryScope

RAN = Answer(200, "text/plain", b"ran")


class Recorder(GuardedService):
    """Says the query has form `form` (or refuses it) and records what it is asked to run."""

    def __init__(self, form: str | None = "SELECT", refusal: str | None = None) -> None:
        self.settings = Settings(max_result_rows=17)
        self.form, self.refusal = form, refusal
        self.checked: list[tuple[str, QueryScope]] = []
        self.jobs: list[tuple[Job, QueryFacts]] = []

    async def _check(self, query: str, scope: QueryScope) -> QueryFacts:
        self.checked.append((query, scope))
        if self.refusal:
            raise QueryRefused(self.refusal)
        return QueryFacts(form=self.form, from_graphs=["urn:g"])

    async def _answer(self, job: Job, facts: QueryFacts) -> Answer:
        self.jobs.append((job, facts))
        return RAN


def test_a_checked_query_runs_as_a_job_with_the_negotiated_types_and_the_scope() -> None:
    service = Recorder()
    scope = QueryScope(["urn:d"], ["urn:n1", "urn:n2"], "http://us/sparql")
    answer = aio.run(service.execute("SELECT * {}", results.CSV, scope))
    assert answer is RAN
    assert service.checked == [("SELECT * {}", scope)]
    [(job, facts)] = service.jobs
    assert facts == QueryFacts(form="SELECT", from_graphs=["urn:g"])
    assert job == Job(
        query="SELECT * {}",
        tabular_type=results.CSV,
        graph_type=None,  # text/csv offers no graph format
        cap=17,  # Settings.max_result_rows
        default_graphs=["urn:d"],
        named_graphs=["urn:n1", "urn:n2"],
        prefixes=PREFIX_IRIS,  # Turtle output uses the project's prefixes
        base_iri="http://us/sparql",
    )
    assert job.max_bytes is None


def test_no_scope_is_the_stores_default_graph_and_no_base() -> None:
    service = Recorder(form="CONSTRUCT")
    assert aio.run(service.execute("CONSTRUCT {} WHERE {}", results.TURTLE)) is RAN
    assert service.checked == [("CONSTRUCT {} WHERE {}", QueryScope())]
    [(job, _)] = service.jobs
    assert (job.tabular_type, job.graph_type) == (None, results.TURTLE)
    assert (job.default_graphs, job.named_graphs, job.base_iri) == (None, None, None)


def test_no_accept_header_negotiates_both_first_offers() -> None:
    service = Recorder(form=None)
    aio.run(service.execute("whatever", None))
    [(job, _)] = service.jobs
    # the first offer of each list (results.TABULAR_TYPES, results.GRAPH_TYPES)
    assert (job.tabular_type, job.graph_type) == (results.JSON, results.TURTLE)


def test_a_refused_query_is_400_and_never_runs() -> None:
    service = Recorder(refusal="SERVICE <http://x/> is not in the allow-list")
    answer = aio.run(service.execute("SELECT * {}", None))
    assert (answer.status, answer.media_type) == (400, "text/plain")
    assert answer.body == b"Query refused: SERVICE <http://x/> is not in the allow-list"
    assert service.jobs == []


@pytest.mark.parametrize(
    ("form", "accept", "offers"),
    [
        ("SELECT", results.TURTLE, ", ".join(results.TABULAR_TYPES)),
        ("CONSTRUCT", results.CSV, ", ".join(results.GRAPH_TYPES)),
    ],
)
def test_an_unacceptable_result_type_is_406_and_never_runs(
    form: str, accept: str, offers: str
) -> None:
    service = Recorder(form=form)
    answer = aio.run(service.execute("q", accept))
    assert (answer.status, answer.media_type) == (406, "text/plain")
    message = f"Not Acceptable: a {form} result can be sent as one of: {offers}"
    assert answer.body == message.encode()
    assert service.jobs == []
