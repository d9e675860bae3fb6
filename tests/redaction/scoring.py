"""Span-level scores of `redact()` against labelled spans, matched by overlap.

A found span and a labelled span *match* when they share at least one character and have the
same kind. Per kind:
- recall = labelled personal spans matched / labelled personal spans;
- precision = found spans that match a labelled personal span / found spans that are not
  *neutral*; a found span is neutral when it overlaps a labelled organisation contact
  (`personal=False`: a police press line, a city office's address), which the redactor
  removes by design but which is not personal data;
- `redacted` = labelled personal spans overlapped by a found span of any kind (what a reader
  of the public text cannot see, whatever the kind).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tests.redaction.corpus import GoldSpan
from trygga.redaction import PRIORITY, Span, redact


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0
    true_positives: int = 0  # found spans matching a personal gold span
    matched_gold: int = 0  # personal gold spans matched by a found span of their kind
    redacted_gold: int = 0  # personal gold spans overlapped by any found span
    neutral: int = 0  # found spans on an organisation's contact
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = self.found - self.neutral
        return self.true_positives / judged if judged else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(samples: Iterable[tuple[str, tuple[GoldSpan, ...]]]) -> dict[str, KindScore]:
    scores = {kind: KindScore() for kind in PRIORITY}
    for text, gold in samples:
        found: tuple[Span, ...] = redact(text).spans
        personal = [g for g in gold if g.personal]
        for g in personal:
            s = scores[g.kind]
            s.gold += 1
            over = [f for f in found if _overlaps(f.start, f.end, g.start, g.end)]
            s.redacted_gold += bool(over)
            if any(f.kind == g.kind for f in over):
                s.matched_gold += 1
            else:
                s.misses.append(text[g.start : g.end])
        for f in found:
            s = scores[f.kind]
            s.found += 1
            labelled = [g for g in gold if _overlaps(f.start, f.end, g.start, g.end)]
            if any(g.personal and g.kind == f.kind for g in labelled):
                s.true_positives += 1
            elif any(not g.personal for g in labelled):
                s.neutral += 1
            else:
                s.false_positives.append(f.original)
    return scores
