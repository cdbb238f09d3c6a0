"""What both query services do before a query runs: the guard's check and the result-type
negotiation. A refused query is a 400 answer, an unacceptable result type a 406; what remains is
a `Job` for the implementation to run (in a worker, or forwarded to an external store).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from regiodeal.namespaces import PREFIX_IRIS
from regiodeal.settings import Settings
from regiodeal.sparql.guard import QueryFacts, QueryRefused
from regiodeal.sparql.negotiation import negotiate_result_types
from regiodeal.sparql.service import Answer, Job, QueryScope, Scope, text_answer


class GuardedService(ABC):
    """`execute` of the QueryService contract; subclasses say how to check and how to run."""

    settings: Settings

    async def execute(self, query: str, accept: str | None, scope: Scope = None) -> Answer:
        """Check, negotiate and run a query; never raises for a bad query or a failing store."""
        scope = scope or QueryScope()
        try:
            facts = await self._check(query, scope)
        except QueryRefused as exc:
            return text_answer(400, f"Query refused: {exc}")
        types = negotiate_result_types(facts.form, accept)
        if isinstance(types, Answer):
            return types
        tabular, graph = types
        job = Job(
            query=query,
            tabular_type=tabular,
            graph_type=graph,
            cap=self.settings.max_result_rows,
            default_graphs=scope.default_graphs,
            named_graphs=scope.named_graphs,
            prefixes=PREFIX_IRIS,
            base_iri=scope.base_iri,
        )
        return await self._answer(job, facts)

    @abstractmethod
    async def _check(self, query: str, scope: QueryScope) -> QueryFacts:
        """The guard's facts about the query; QueryRefused if it may not run here."""

    @abstractmethod
    async def _answer(self, job: Job, facts: QueryFacts) -> Answer:
        """Run the checked, negotiated query."""
