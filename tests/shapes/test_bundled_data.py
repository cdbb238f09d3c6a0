"""All bundled data conforms to the shapes (warnings allowed, and listed in the output).

Each deal file is validated on its own, in the context of the whole published graph and the
reference data, as `regiodeal validate data/ttl/deals/X.ttl` does; source and reference files
are validated too (their document parts, tranches and funding sources). The web publications
(data/ttl/web) are validated with every deal and source file, as one graph: they add facts to
seed deals and to each other (one file per publication), so only the union describes a deal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regiodeal.settings import get_settings
from regiodeal.validation import PublishedContext, validate_files

SETTINGS = get_settings()
FILES = sorted(
    p
    for folder in ("deals", "sources", "reference")
    for p in (SETTINGS.data_dir / folder).glob("*.ttl")
)
WEB = sorted((SETTINGS.data_dir / "web").glob("*.ttl"))


@pytest.fixture(scope="module")
def published() -> PublishedContext:
    return PublishedContext.from_settings(SETTINGS)


def test_there_is_data() -> None:
    assert any(p.parent.name == "deals" for p in FILES)


# Slow on purpose (~10-15 s on 2 cores): pySHACL over the union of every deal, source and web
# file, the one run that judges what the web publications add to the seed deals together.
WEB_UNION = pytest.param(
    [p for p in FILES if p.parent.name != "reference"] + WEB,
    id="web (with deals and sources)",
    marks=pytest.mark.slow,
)


@pytest.mark.parametrize(
    "paths",
    [pytest.param([p], id=f"{p.parent.name}/{p.stem}") for p in FILES] + [WEB_UNION],
)
def test_bundled_file_conforms(paths: list[Path], published: PublishedContext) -> None:
    report = validate_files(paths, published)
    for warning in report.warnings:  # shown with -rA / on failure: what the warnings are
        print(
            f"WARNING {warning.shape.split('#')[-1]} {warning.focus}: {warning.message.get('en')}"
        )
    violations = [
        (f.shape.split("#")[-1], f.focus, f.text("message", "en")) for f in report.violations
    ]
    assert violations == []
