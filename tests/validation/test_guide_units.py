"""The officials' guide as HTML (validation/guide.py): a small Markdown text and the whole HTML
it must become, written by hand (NL Design System classes, heading anchors, the guide's
relative links turned into the pages that serve them, raw HTML escaped, code focusable)."""

from __future__ import annotations

from regiodeal.validation.guide import render_guide

MARKDOWN = """## Vooraf

# 3. Het `rapport` *lezen*

Zie [de Engelse versie](validation-guide.md), [het sjabloon](../examples/new-deal.yaml), \
[NL](handleiding-validatie.md) en [elders](https://example.org/x).

<script>alert(1)</script>

# Tweede titel

| a | b |
|---|---|
| 1 | 2 |

```yaml
deal:
```

    ingesprongen code
"""

HTML = """<h2 class="nl-heading nl-heading--level-2" id="vooraf">Vooraf</h2>
<h1 class="nl-heading nl-heading--level-1" id="3-het-rapport-lezen">3. Het <code>rapport</code> \
<em>lezen</em></h1>
<p class="nl-paragraph">Zie <a href="/r/validate/guide?lang=en" class="nl-link">de Engelse \
versie</a>, <a href="/r/validate/template" class="nl-link">het sjabloon</a>, \
<a href="/r/validate/guide" class="nl-link">NL</a> en \
<a href="https://example.org/x" class="nl-link">elders</a>.</p>
<p class="nl-paragraph">&lt;script&gt;alert(1)&lt;/script&gt;</p>
<h1 class="nl-heading nl-heading--level-1" id="tweede-titel">Tweede titel</h1>
<table class="utrecht-table utrecht-table--html-table">
<thead>
<tr>
<th>a</th>
<th>b</th>
</tr>
</thead>
<tbody>
<tr>
<td>1</td>
<td>2</td>
</tr>
</tbody>
</table>
<pre><code tabindex="0" class="language-yaml">deal:
</code></pre>
<pre tabindex="0"><code>ingesprongen code
</code></pre>
"""


def test_the_guide_as_html() -> None:
    guide = render_guide(MARKDOWN, "/r/")
    # the first level-1 heading, as plain text (code and emphasis marks dropped); the h2
    # before it and the second h1 do not count
    assert guide.title == "3. Het rapport lezen"
    assert guide.html == HTML


def test_anchors_keep_only_letters_and_digits() -> None:
    guide = render_guide("### --Hé, wereld! 2 Test--\n", "/")
    assert guide.html == (
        '<h3 class="nl-heading nl-heading--level-3" id="h-wereld-2-test">'
        "--Hé, wereld! 2 Test--</h3>\n"
    )
    assert guide.title == ""  # no level-1 heading


def test_links_under_another_root() -> None:
    guide = render_guide("[x](../examples/new-deal.yaml)\n", "https://site.example/rd/")
    assert guide.html == (
        '<p class="nl-paragraph"><a href="https://site.example/rd/validate/template" '
        'class="nl-link">x</a></p>\n'
    )


def test_a_guide_without_headings_has_an_empty_title() -> None:
    assert render_guide("Alleen tekst.\n", "/").title == ""
