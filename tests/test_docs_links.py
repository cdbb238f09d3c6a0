"""README.md and docs/ are self-contained: every relative link, and every `../` path they name,
is a file or directory inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regiodeal.settings import REPO_ROOT

PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
RELATIVE_SPAN = re.compile(r"`(\.\./[^`\s]+)`")


def targets(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    links = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]
    return links + RELATIVE_SPAN.findall(text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_paths_stay_inside_the_repository(page: Path) -> None:
    broken = []
    for target in targets(page):
        resolved = (page.parent / target).resolve()
        if not resolved.is_relative_to(REPO_ROOT) or not resolved.exists():
            broken.append(target)
    assert broken == [], f"{page.name} names paths outside the repository or missing"
