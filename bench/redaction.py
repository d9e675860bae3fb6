"""Benchmark: how well `trygga.redaction.redact()` finds personal data, and how fast.

    .venv/bin/python bench/redaction.py                  # gold set, 3,000 synthetic texts
    .venv/bin/python bench/redaction.py --synthetic 10000 --misses

Prints, per kind, for the hand-labelled gold set (`tests/redaction/data/gold.jsonl`: real
police narratives and Helsinki replies, labelled by reading; its `held-out` group was
labelled after the rules were last changed and never used to change them) and for the
seeded synthetic set (`tests/redaction/synthetic.py`): labelled spans, found spans, true
positives, precision and recall. Matching is span-level by overlap and kind (see
`tests/redaction/scoring.py`); `neutral` counts found spans on an organisation's own
contact (a police press line), which are redacted by design but are not personal data and
count neither way. Then throughput: `redact()` on all 2,363 Södermanland narratives.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.redaction.corpus import gold, police_text, sodermanland_records
from tests.redaction.scoring import KindScore, score
from tests.redaction.synthetic import synthetic
from trygga.redaction import PRIORITY, redact


def table(title: str, scores: dict[str, KindScore], *, misses: bool) -> None:
    print(f"\n{title}")
    print(
        f"{'kind':21} {'gold':>6} {'found':>6} {'TP':>6} {'neutral':>7} {'precision':>9} "
        f"{'recall':>7} {'redacted':>8}"
    )
    for kind in PRIORITY:
        s = scores[kind]
        redacted = s.redacted_gold / s.gold if s.gold else 1.0
        print(
            f"{kind:21} {s.gold:6d} {s.found:6d} {s.true_positives:6d} {s.neutral:7d} "
            f"{s.precision:9.3f} {s.recall:7.3f} {redacted:8.3f}"
        )
        if misses and (s.misses or s.false_positives):
            print(f"    missed: {s.misses[:15]}")
            print(f"    false positives: {s.false_positives[:15]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", type=int, default=3000, help="synthetic texts")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs (best is shown)")
    parser.add_argument("--misses", action="store_true", help="list misses and false positives")
    args = parser.parse_args()

    print(f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    labelled = list(gold())
    groups = sorted({g.group for g in labelled})
    counts = ", ".join(f"{g} {sum(1 for x in labelled if x.group == g)}" for g in groups)
    table(
        f"Gold set: {len(labelled)} texts ({counts})",
        score((g.text, g.spans) for g in labelled),
        misses=args.misses,
    )
    for name, chosen in (
        ("police narratives", lambda g: g.key.startswith("polisen:")),
        ("Helsinki texts", lambda g: g.key.startswith("helsinki:")),
        ("held-out only", lambda g: g.group.startswith("held-out")),
    ):
        subset = [g for g in labelled if chosen(g)]
        if subset:
            table(
                f"Gold set, {name}: {len(subset)} texts",
                score((g.text, g.spans) for g in subset),
                misses=args.misses,
            )

    samples = synthetic(args.synthetic)
    table(
        f"Synthetic set: {len(samples)} texts (seed in tests/redaction/synthetic.py)",
        score(samples),
        misses=args.misses,
    )

    texts = [police_text(r) for r in sodermanland_records()]
    size = sum(len(t.encode("utf-8")) for t in texts)
    redact("Värm upp: Anna Berg, 070-123 45 67.")  # loads the name list once
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = sum(len(redact(t).spans) for t in texts)
        best = min(best, time.perf_counter() - start)
    print(
        f"\nThroughput: {len(texts)} Södermanland narratives ({size / 1e6:.2f} MB), "
        f"best of {args.repeat}: {best:.2f} s, {len(texts) / best:,.0f} texts/s, "
        f"{size / 1e6 / best:.2f} MB/s, {found} spans"
    )


if __name__ == "__main__":
    main()
