"""Bounded, seeded fuzz of the public inputs over HTTP (issue #10, "Done when").

Mutated queries to /sparql, mutated deals to /api/validate and mutated parameters to
/api/queries on live servers: no 5xx, no connection to a loopback listener that every SERVICE in
the corpus names, and afterwards exactly the configured number of query workers (none leaked, none
lost). The corpus is generated from a fixed seed; a failure names the input.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import httpx
import pytest

from regiodeal.settings import Settings
from tests.server.test_guard_fuzz import Listener, _mutant
from tests.support.live import LiveServer

SEED = 1202
# 2,200 inputs in all; a validation that parses costs far more than a query, so fewer of them
SPARQL_INPUTS = 1650
VALIDATE_INPUTS = 150
NAMED_INPUTS = 400
DEAL = Path(__file__).resolve().parents[1] / "shapes" / "valid" / "signed-covenant.ttl"
ALPHABET = " \t\n.;,{}()<>#'\"?:$\\@^_-0aZ\u00e9\U0001f600"
LIGHT_QUERIES = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
    "ASK { ?s a ?type }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:p 'a\\u0041' } LIMIT 1",
]


def _byte_mutant(rng: random.Random, text: str, most: int = 4) -> str:
    """Insert, delete or replace a few characters, or cut the text short."""
    chars = list(text)
    for _ in range(rng.randint(1, most)):
        at = rng.randrange(len(chars) + 1)
        kind = rng.random()
        if kind < 0.4:
            chars.insert(at, rng.choice(ALPHABET))
        elif kind < 0.7 and chars:
            del chars[min(at, len(chars) - 1)]
        elif chars:
            chars[min(at, len(chars) - 1)] = rng.choice(ALPHABET)
    if rng.random() < 0.1:
        chars = chars[: rng.randrange(len(chars) + 1)]
    return "".join(chars)


def _sparql_input(rng: random.Random, port: int, n: int) -> str:
    if rng.random() < 0.5:
        return _mutant(rng, port, n)
    return _byte_mutant(rng, rng.choice(LIGHT_QUERIES))


def _worker_count(server: LiveServer) -> int:
    # Workers are started from a thread of the server, so read the children of every thread.
    tasks = Path(f"/proc/{server.process.pid}/task")
    pids = [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]
    count = 0
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        count += b"spawn_main" in command and b"resource_tracker" not in command
    return count


def _settled_worker_count(server: LiveServer, expected: int) -> int:
    deadline = time.monotonic() + 15
    count = _worker_count(server)
    while count != expected and time.monotonic() < deadline:
        time.sleep(0.3)
        count = _worker_count(server)
    return count


def _check(response: httpx.Response, sent: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {sent!r}: {response.text[:300]}"


@pytest.mark.slow  # reason: issue #10 asks for >= 2,000 inputs over HTTP; ~12 s of CPU
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_fuzzed_queries_and_deals_get_no_5xx_and_reach_nothing(small_server: LiveServer) -> None:
    rng = random.Random(SEED)
    listener = Listener()
    try:
        with httpx.Client(timeout=30) as client:
            for n in range(SPARQL_INPUTS):
                query = _sparql_input(rng, listener.port, n)
                _check(client.post(small_server.sparql, data={"query": query}), query)
            deal = DEAL.read_text(encoding="utf-8")
            for _ in range(VALIDATE_INPUTS):
                body = _byte_mutant(rng, deal, most=12)
                response = client.post(
                    small_server.url + "/api/validate",
                    content=body.encode("utf-8", "surrogatepass"),
                    headers={"Content-Type": "text/turtle", "Accept": "application/json"},
                )
                _check(response, body[:200])
    finally:
        listener.close()
    assert listener.connections == 0
    # the query workers and the validation workers: both pools must be back at their size
    defaults = Settings()
    workers = defaults.query_workers + defaults.validation_concurrency
    assert _settled_worker_count(small_server, workers) == workers


def test_fuzzed_named_query_parameters_get_no_5xx(bundled_server: LiveServer) -> None:
    rng = random.Random(SEED + 1)
    values = [
        "\\U00110000",
        "\\UFFFFFFFF",
        "x" * 5000,
        "https://w3id.org/regiodeal/id/deal/delft-west",
        "http://127.0.0.1:9/x> } SERVICE <http://127.0.0.1:9/",
        "'; DROP ALL; '",
        "\u0000",
        "-1",
        "2026-13-45",
        "",
    ]
    with httpx.Client(timeout=30) as client:
        names = [q["name"] for q in client.get(bundled_server.url + "/api/queries").json()]
        for _ in range(NAMED_INPUTS):
            name = rng.choice(names)
            params = {
                key: _byte_mutant(rng, rng.choice(values))
                if rng.random() < 0.5
                else rng.choice(values)
                for key in ("deal", "property", "deal_a", "deal_b", "lang", "theme", "format")
                if rng.random() < 0.5
            }
            response = client.get(f"{bundled_server.url}/api/queries/{name}", params=params)
            _check(response, f"{name} {params}")
