"""HTTP content negotiation: pick the best media type we offer for an Accept header (RFC 9110)."""

from __future__ import annotations

from collections.abc import Sequence

from regiodeal.sparql.results import ALIASES


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, q) pairs; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media_range = fields[0].lower()
        if not media_range:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media_range, q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching `offer` (exact beats type/* beats */*)."""
    best: tuple[int, float] | None = None
    kind = offer.split("/")[0]
    for media_range, q in ranges:
        canonical = ALIASES.get(media_range, media_range)
        if canonical == offer:
            specificity = (
                3 if media_range == offer else 2
            )  # an alias ranks just below the real name
        elif media_range == f"{kind}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if best is None or (specificity, q) > best:
            best = (specificity, q)
    return best[1] if best else 0.0


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The acceptable offer with the highest q; ties go to the earlier offer. None if none fits."""
    ranges = parse_accept(accept)
    scored = [(_quality(offer, ranges), -i, offer) for i, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None
