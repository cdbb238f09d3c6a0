"""The officials' guide (docs/handleiding-validatie.md, in English docs/validation-guide.md) as
the HTML of the /validate/guide page.

The Markdown is written to be read in the repository too, so its links between the two files and
to the YAML template are relative file names; here they become the pages that serve the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

GUIDES = {"nl": "handleiding-validatie.md", "en": "validation-guide.md"}
# A relative link in the guide -> the path (under the site root) that serves it.
LINKS = {
    "handleiding-validatie.md": "validate/guide",
    "validation-guide.md": "validate/guide?lang=en",
    "../examples/new-deal.yaml": "validate/template",
}


@dataclass(frozen=True)
class Guide:
    title: str  # the first level-1 heading, as text
    html: str


def render_guide(markdown: str, root: str) -> Guide:
    """The guide as HTML; `root` is the site's public base, ending in '/'.

    Raw HTML in the Markdown is escaped, not passed through: the page's only markup is ours."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(markdown)
    title = ""
    for i, token in enumerate(tokens):
        _add_component_class(token)
        if token.type == "heading_open":
            text = _plain(tokens[i + 1])
            token.attrSet("id", _anchor(text))  # sections can be linked: guide#3-het-rapport-lezen
            title = title or (text if token.tag == "h1" else "")
        elif token.type == "inline":
            _rewrite_links(token, root)
    return Guide(title, parser.renderer.render(tokens, parser.options, {}))


# NL Design System components, as the site's templates use them (static/nl-design-system/).
COMPONENTS = {
    "paragraph_open": "nl-paragraph",
    "table_open": "utrecht-table utrecht-table--html-table",
}


def _add_component_class(token: Token) -> None:
    """The component class of a block; a code block gets keyboard focus too, since it scrolls
    sideways when its lines are long (WCAG 2.1.1: a scrollable region must be reachable)."""
    if token.type == "heading_open":
        token.attrSet("class", f"nl-heading nl-heading--level-{token.tag[1]}")
    elif token.type in COMPONENTS:
        token.attrSet("class", COMPONENTS[token.type])
    elif token.type == "fence" or token.type == "code_block":
        token.attrSet("tabindex", "0")


def _plain(inline: Token) -> str:
    return "".join(child.content for child in inline.children or [] if child.content)


def _anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rewrite_links(inline: Token, root: str) -> None:
    for child in inline.children or []:
        if child.type == "link_open":
            child.attrSet("class", "nl-link")
            target = LINKS.get(str(child.attrGet("href")))
            if target is not None:
                child.attrSet("href", root + target)
