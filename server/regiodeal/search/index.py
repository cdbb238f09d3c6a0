"""The search index: SQLite FTS5 (standard library) with the trigram tokenizer, in memory.

Trigrams make every query a substring search (case-insensitive), in Dutch or English alike. A
query with a typo ("delfd west") matches no substring; then the index is asked for any of the
query's trigrams and the candidates are ranked by how much of the query they share with their
name (difflib), so near misses still come first. Built once from SPARQL rows (`build`); read by
many requests at once under a lock (sqlite3 connections are not shared between threads freely).

Kept in the store directory as `search-index.sqlite` (`save`), with the key of the data it was
built from (`regiodeal.search.rows.index_key`: the sources' fingerprint and the index's query);
a server on a reused store copies it back into memory (`load`, well under a second at 1,500
synthetic deals) instead of querying the graph and inserting every row again (26 s there, and
more than the query time limit on a loaded machine, issue #16).
"""

from __future__ import annotations

import difflib
import html
import os
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from regiodeal.namespaces import RD

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# Type IRI -> kind, most specific first: a ministry is also an org:Organization.
KINDS: tuple[tuple[str, str], ...] = (
    (f"{RD}RegioDeal", "deal"),
    (f"{RD}Ministry", "ministry"),
    (f"{RD}FocusArea", "programme"),
    (f"{RD}Programme", "programme"),
    (f"{RD}Intervention", "intervention"),
    (f"{RD}Goal", "goal"),
    (f"{RD}IntendedResult", "result"),
    (f"{RD}SourceDocument", "document"),
    (f"{RD}DocumentPart", "document"),
    (f"{RD}Tranche", "tranche"),
    (f"{RD}Municipality", "organisation"),
    (f"{RD}Province", "organisation"),
    (f"{RD}Alliance", "organisation"),
    (f"{RD}PublicBody", "organisation"),
    (f"{ORG}Organization", "organisation"),
    (f"{RD}Wijk", "place"),
    (f"{RD}Region", "place"),
    (f"{RD}Area", "place"),
    (f"{SKOS}Concept", "theme"),
)
KIND_ORDER = (
    "deal",
    "organisation",
    "ministry",
    "theme",
    "programme",
    "intervention",
    "goal",
    "result",
    "tranche",
    "place",
    "document",
)
NAME_PROPERTIES = (
    "label",
    "prefLabel",
    "title",
    "name",
    "abbreviation",
)  # local names; the rest is text
MIN_QUERY = 3  # trigrams: shorter queries are matched on names by prefix instead
MAX_CANDIDATES = 400
OPEN, CLOSE = "\x02", "\x03"  # snippet markers, turned into <mark> after escaping
SEARCH_INDEX = "search-index.sqlite"  # its copy in the store directory


Row = tuple[str, str, str, str, str, str, float]  # kind, iri, labels, names, snippet, score


@dataclass(frozen=True)
class Hit:
    kind: str
    iri: str
    label: str
    snippet_html: str  # escaped text with <mark>…</mark> around the match
    score: float


def _kind(types: Iterable[str]) -> str | None:
    present = set(types)
    for type_iri, kind in KINDS:
        if type_iri in present:
            return kind
    return None


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


@dataclass
class Entry:
    iri: str
    types: set[str]
    names: dict[str, list[str]]  # lang ("" for none) -> names
    texts: list[str]


def entries_from_rows(rows: Iterable[dict[str, str]]) -> list[Entry]:
    """Rows of SEARCH_QUERY (?s ?type ?p ?text ?lang) grouped per resource."""
    found: dict[str, Entry] = {}
    for row in rows:
        entry = found.setdefault(row["s"], Entry(row["s"], set(), {}, []))
        entry.types.add(row["type"])
        text = row.get("text")
        if not text:
            continue
        if _local(row["p"]) in NAME_PROPERTIES:
            names = entry.names.setdefault(row.get("lang", ""), [])
            if text not in names:
                names.append(text)
        elif text not in entry.texts:
            entry.texts.append(text)
    return list(found.values())


class SearchIndex:
    def __init__(self, db: sqlite3.Connection | None = None) -> None:
        """An empty index, or the one in `db` (an in-memory database `load` filled)."""
        self._lock = threading.Lock()
        self.size = 0
        self._vocabulary: set[str] = set()
        self._by_start: dict[tuple[str, int], list[str]] = {}
        if db is not None:
            self._db = db
            names = [row[0] for row in db.execute("SELECT names FROM docs")]
            self._learn(_words(names))
            self.size = len(names)
            return
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, iri UNINDEXED, "
            "label_nl UNINDEXED, label_en UNINDEXED, names, body, tokenize='trigram')"
        )

    def add(self, entries: Iterable[Entry]) -> None:
        rows = []
        for entry in entries:
            kind = _kind(entry.types)
            if kind is None or (kind == "theme" and "/thema/" not in entry.iri):
                continue  # code-list values (statuses, roles) are no search results
            any_names = [n for names in entry.names.values() for n in names]
            fallback = (
                any_names[0]
                if any_names
                else _short(entry.texts[0] if entry.texts else _local(entry.iri))
            )
            label_nl = (entry.names.get("nl") or entry.names.get("") or [fallback])[0]
            label_en = (entry.names.get("en") or [label_nl])[0]
            names = " | ".join(dict.fromkeys(any_names)) or fallback
            rows.append((kind, entry.iri, label_nl, label_en, names, "\n".join(entry.texts)))
        words = _words(row[4] for row in rows)
        with self._lock:
            self._learn(words)
            self._db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._db.commit()
            self.size += len(rows)

    def _learn(self, words: set[str]) -> None:
        """Add the names' words to the vocabulary the typo correction picks from."""
        for word in sorted(words - self._vocabulary):
            self._by_start.setdefault((word[0], len(word)), []).append(word)
        self._vocabulary |= words

    def save(self, path: Path, key: str) -> None:
        """Write the index to `path` with `key` (what it was built from): whole, then renamed, so
        a server starting at the same time never reads half of it."""
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.unlink(missing_ok=True)
        try:
            target = sqlite3.connect(partial)
            try:
                with self._lock:
                    self._db.backup(target)
                target.execute("CREATE TABLE saved_for (key TEXT NOT NULL)")
                target.execute("INSERT INTO saved_for VALUES (?)", (key,))
                target.commit()
            finally:
                target.close()
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, key: str) -> SearchIndex | None:
        """The index saved in `path` for `key`, copied into memory; None when there is none, it
        was saved for other data (another key) or it cannot be read (a damaged file)."""
        if not path.is_file():
            return None
        db = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                saved = source.execute("SELECT key FROM saved_for").fetchall()
                if saved != [(key,)]:
                    db.close()
                    return None
                source.backup(db)
            finally:
                source.close()
            db.execute("DROP TABLE saved_for")
            return cls(db)
        except sqlite3.Error:  # not a database, damaged, or without our tables
            db.close()
            return None

    def search(self, text: str, lang: str = "nl", per_kind: int = 10) -> dict[str, list[Hit]]:
        """Hits grouped by kind (in KIND_ORDER), best first within each kind.

        Every word (of 3 letters or more) as a substring; failing that, the words spelled as the
        nearest word of the index's names ("Twnete" -> "twente"); failing that, names sharing
        trigrams with the query, ranked by similarity.
        """
        query = " ".join(text.split())
        if not query:
            return {}
        words = [w for w in query.split() if len(w) >= MIN_QUERY]
        with self._lock:
            if not words:
                rows = self._short(query)
            else:
                rows = self._exact(words)
                if not rows:
                    corrected = self._corrected(words)
                    if corrected != [w.lower() for w in words]:
                        rows = self._exact(corrected)
                if not rows:
                    rows = self._fuzzy(query.lower())
        return self._grouped(rows, lang, per_kind)

    def _grouped(self, rows: list[Row], lang: str, per_kind: int) -> dict[str, list[Hit]]:
        groups: dict[str, list[Hit]] = {}
        for kind, iri, label_nl, label_en, names, snippet, score in rows:
            label = label_en if lang == "en" else label_nl
            group = groups.setdefault(kind, [])
            if len(group) < per_kind:
                group.append(Hit(kind, iri, label, _marked(snippet or names), score))
        return {kind: groups[kind] for kind in KIND_ORDER if kind in groups}

    def _corrected(self, words: list[str]) -> list[str]:
        """Each word not in the names' vocabulary replaced by its nearest word there (same first
        letter, length within two), if one is close enough."""
        fixed = []
        for word in (w.lower() for w in words):
            if word in self._vocabulary:
                fixed.append(word)
                continue
            pool = [
                known
                for size in range(len(word) - 2, len(word) + 3)
                for known in self._by_start.get((word[0], size), ())
            ]
            close = difflib.get_close_matches(word, pool, n=1, cutoff=0.7)
            fixed.append(close[0] if close else word)
        return fixed

    def _exact(self, words: list[str]) -> list[Row]:
        phrase = " ".join('"' + word.replace('"', '""') + '"' for word in words)  # all of them
        # Names count ten times the text (bm25 weights per column; lower rank is better).
        return [
            (*row[:6], 1000.0 - float(row[6]))
            for row in self._db.execute(
                "SELECT kind, iri, label_nl, label_en, names, "
                f"snippet(docs, -1, '{OPEN}', '{CLOSE}', '…', 16), "
                "bm25(docs, 0, 0, 0, 0, 10.0, 1.0) AS rank "
                "FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
                (phrase, MAX_CANDIDATES),
            )
        ]

    def _short(self, query: str) -> list[Row]:
        like = query.replace("%", "").replace("_", "") + "%"
        return [
            (*row, "", 500.0)
            for row in self._db.execute(
                "SELECT kind, iri, label_nl, label_en, names FROM docs "
                "WHERE label_nl LIKE ? OR label_en LIKE ? LIMIT ?",
                (like, like, MAX_CANDIDATES),
            )
        ]

    def _fuzzy(self, lowered: str) -> list[Row]:
        """Candidates sharing any trigram with the query, ranked by similarity of their names."""
        grams = {lowered[i : i + 3] for i in range(len(lowered) - 2)}
        grams = {g for g in grams if g.strip() and '"' not in g}
        if not grams:
            return []
        match = "names : (" + " OR ".join(f'"{g}"' for g in sorted(grams)) + ")"
        candidates = self._db.execute(
            "SELECT kind, iri, label_nl, label_en, names FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs, 0, 0, 0, 0, 1.0, 0.0) LIMIT ?",
            (match, MAX_CANDIDATES),
        ).fetchall()
        scored = []
        for kind, iri, label_nl, label_en, names in candidates:
            score = max(_similarity(lowered, name) for name in names.split(" | "))
            if score >= 0.6:
                scored.append((kind, iri, label_nl, label_en, names, "", score))
        return sorted(scored, key=lambda row: -row[6])


def _words(names: Iterable[str]) -> set[str]:
    """The names' words of 3 letters or more, lower case: the typo correction's vocabulary."""
    return {word for name in names for word in re.findall(r"\w{3,}", name.lower())}


def _similarity(query: str, name: str) -> float:
    """How well the query matches the best-fitting stretch of `name` (0..1)."""
    name = name.lower()
    if len(name) <= len(query) + 2:
        return difflib.SequenceMatcher(None, query, name).ratio()
    width = len(query)
    best = 0.0
    for start in range(0, len(name) - width + 1):
        window = name[start : start + width]
        if window[0] != query[0] and start:
            continue
        best = max(best, difflib.SequenceMatcher(None, query, window).ratio())
    return best


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _marked(snippet: str) -> str:
    return html.escape(snippet).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
