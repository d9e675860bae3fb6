"""Floors on the measured recall and precision: a regression in a kind fails here.

The floors sit a little below what `bench/redaction.py` measured (docs/benchmarks.md); the
gold set is hand-labelled real text (tests/redaction/data/README.md), the synthetic set is
generated with a fixed seed.
"""

import pytest

from tests.redaction.corpus import gold
from tests.redaction.scoring import score
from tests.redaction.synthetic import synthetic
from trygga.redaction import ADDRESS, EMAIL, NAME, PERSONNUMMER, PHONE, PLATE

#: kind -> (recall floor, precision floor) on the gold set; a kind with no labelled span
#: in the gold set (personnummer) is floored on the synthetic set only.
GOLD_FLOORS = {
    EMAIL: (0.95, 0.95),
    PHONE: (0.95, 0.95),
    PLATE: (0.95, 0.95),
    ADDRESS: (0.95, 0.95),
    NAME: (0.85, 0.90),
}
SYNTHETIC_FLOORS = {
    EMAIL: (0.99, 0.99),
    PERSONNUMMER: (0.99, 0.99),
    PHONE: (0.99, 0.99),
    PLATE: (0.99, 0.99),
    ADDRESS: (0.99, 0.99),
    NAME: (0.96, 0.99),
}


@pytest.fixture(scope="module")
def gold_scores():
    return score((g.text, g.spans) for g in gold())


@pytest.fixture(scope="module")
def synthetic_scores():
    return score(synthetic(2000))


@pytest.mark.parametrize("kind", sorted(GOLD_FLOORS))
def test_gold_set__recall_and_precision_per_kind(gold_scores, kind):
    recall, precision = GOLD_FLOORS[kind]
    s = gold_scores[kind]

    assert s.gold > 0
    assert s.recall >= recall, f"{kind} recall {s.recall:.3f}; missed {s.misses}"
    assert s.precision >= precision, f"{kind} precision {s.precision:.3f}: {s.false_positives}"


@pytest.mark.parametrize("kind", sorted(SYNTHETIC_FLOORS))
def test_synthetic_set__recall_and_precision_per_kind(synthetic_scores, kind):
    recall, precision = SYNTHETIC_FLOORS[kind]
    s = synthetic_scores[kind]

    assert s.recall >= recall, f"{kind} recall {s.recall:.3f}; missed {s.misses[:20]}"
    assert s.precision >= precision, f"{kind} precision {s.precision:.3f}: {s.false_positives}"


def test_gold_set__the_labels_fit_their_texts():
    for text in gold():
        for span in text.spans:
            assert 0 <= span.start < span.end <= len(text.text), text.key
            assert text.text[span.start : span.end].strip() == text.text[span.start : span.end]


def test_gold_set__random_narratives_have_no_false_positives():
    """100 random Södermanland narratives: precision where personal data is rare."""
    texts = [g for g in gold() if g.group == "sod-random"]
    scores = score((g.text, g.spans) for g in texts)

    assert len(texts) == 100
    assert [fp for s in scores.values() for fp in s.false_positives] == []
