"""A query service double for router tests: answers one fixed Answer and records each call."""

from __future__ import annotations

from dataclasses import dataclass, field

from regiodeal.sparql.service import Answer, GraphCounts, QueryScope


@dataclass
class Recorder:
    answer: Answer
    counts: GraphCounts = field(default_factory=GraphCounts)
    local_store: None = None
    asked: list[tuple[str, str | None, QueryScope | None]] = field(default_factory=list)

    async def execute(self, query: str, accept: str | None, scope: QueryScope | None = None):
        self.asked.append((query, accept, scope))
        return self.answer

    async def close(self) -> None:
        pass
