"""A validation worker caps its own heap (REGIODEAL_VALIDATION_MEMORY_MB): an input that needs
more gets a clear 'too large' answer instead of a 500 or a machine out of memory, and the next
input is validated by a fresh worker."""

from __future__ import annotations

import pytest
from support.aio import run

from regiodeal.settings import get_settings
from regiodeal.validation.service import TURTLE, ValidationService, ValidationTooLarge

SMALL = b"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/regiodeal/id/thing/x> rdfs:label "x"@nl .
"""


def big_turtle(triples: int) -> bytes:
    # ~60 bytes a line in the input, several hundred bytes a triple in rdflib's graph
    lines = (f'<urn:x:s{i}> <urn:x:p> "value {i}" .' for i in range(triples))
    return "\n".join(lines).encode()


async def two_inputs(limit_mb: int) -> tuple[BaseException | None, int]:
    settings = get_settings().model_copy(
        update={"validation_memory_mb": limit_mb, "validation_concurrency": 1}
    )
    service = await ValidationService.start(settings)
    try:
        error: BaseException | None = None
        try:
            await service.validate(big_turtle(2_000_000), TURTLE, "big")
        except ValidationTooLarge as exc:
            error = exc
        report = await service.validate(SMALL, TURTLE, "small")
        return error, len(report.findings)
    finally:
        await service.close()


@pytest.mark.slow  # reason: starts a validation worker twice (context and shapes each time)
def test_an_input_over_the_heap_limit_is_too_large_and_the_next_one_is_validated() -> None:
    error, findings = run(two_inputs(limit_mb=256))
    assert isinstance(error, ValidationTooLarge)
    assert "256 MB" in str(error) and "REGIODEAL_VALIDATION_MEMORY_MB" in str(error)
    assert findings == 0  # a label alone breaks no rule: the replacement worker answered


def test_the_limit_is_not_negative() -> None:
    with pytest.raises(ValueError, match="validation_memory_mb"):
        get_settings().model_validate({"validation_memory_mb": -1})
