"""Draw the texts of the redaction gold set (run once; its output was then labelled by hand).

    .venv/bin/python -m tests.redaction.select_sample > /tmp/sample.jsonl

Groups (seeded, so the draw can be repeated; `data/README.md` says why):
- `sod-candidates`: every Södermanland narrative whose id is in the unverified regex
  candidates file (22);
- `sod-random`: 100 other Södermanland narratives with a text, drawn with seed 3;
- `other-candidates`: narratives from the rest of Sweden in the candidates file, so the
  rarer kinds occur: every registration-number candidate, 15 street, 12 phone and 12 e-mail
  candidates, drawn with seed 3;
- `helsinki`: Helsinki's descriptions and replies with Swedish or English in them (the 9
  mostly in Swedish or English, then 31 drawn with seed 3 among those with a Swedish or
  English signature, a name after "Terveisin", an "@" or a phone number).

    .venv/bin/python -m tests.redaction.select_sample --held-out > /tmp/held_out.jsonl

- `held-out`: drawn with seed 4 among the texts not drawn above, after the rules were last
  changed: 20 Södermanland narratives, 12 street, 12 phone and 11 e-mail candidates from
  the rest of Sweden, and 10 Helsinki texts from the same pool as above.
"""

from __future__ import annotations

import json
import random
import re
import sys

from tests.redaction.corpus import (
    CANDIDATES,
    digest,
    helsinki_texts,
    police_texts,
    sodermanland_records,
)

SEED = 3


def main() -> None:
    if "--held-out" in sys.argv[1:]:
        held_out()
        return
    for key, group in first_sample():
        emit(key, group)


def emit(key: str, group: str) -> None:
    source, _, rest = key.partition(":")
    text = police_texts()[int(rest)] if source == "polisen" else helsinki_texts()[rest]
    print(json.dumps({"key": key, "group": group, "sha256_16": digest(text), "spans": []}))


def held_out() -> None:
    rng = random.Random(SEED + 1)
    taken = {key for key, _ in first_sample()}
    candidates = [json.loads(line) for line in CANDIDATES.open(encoding="utf-8")]
    sod = {r["id"]: r for r in sodermanland_records()}
    texts = police_texts()
    rows: list[str] = []
    rest = sorted(i for i, r in sod.items() if f"polisen:{i}" not in taken and r.get("body"))
    rows += [f"polisen:{i}" for i in sorted(rng.sample(rest, 20))]
    chosen: set[int] = set()
    for kind, n in (("street_with_number", 12), ("phone_se", 12), ("email", 11)):
        pool = sorted(
            c["id"]
            for c in candidates
            if kind in c["candidates"]
            and c["id"] in texts
            and c["id"] not in sod
            and f"polisen:{c['id']}" not in taken
            and c["id"] not in chosen
        )
        chosen |= set(rng.sample(pool, n))
    rows += [f"polisen:{i}" for i in sorted(chosen)]
    pool_h = sorted(k for k in helsinki_pool() if f"helsinki:{k}" not in taken)
    rows += [f"helsinki:{k}" for k in sorted(rng.sample(pool_h, 10))]
    for key in rows:
        emit(key, "held-out")


def helsinki_pool() -> list[str]:
    signal = re.compile(
        r"Hälsningar|[Rr]egards|Terveisin\s*\n\s*[A-ZÄÖ][a-zäö]+ [A-ZÄÖ]"
        r"|@|\+358|\b0\d{1,2}[ -]?\d{3}"
    )
    return sorted(k for k, t in helsinki_texts().items() if signal.search(t))


def first_sample() -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    candidates = [json.loads(line) for line in CANDIDATES.open(encoding="utf-8")]
    sod = {r["id"]: r for r in sodermanland_records()}
    rows: list[tuple[str, str]] = []

    sod_candidates = sorted(c["id"] for c in candidates if c["id"] in sod)
    rows += [(f"polisen:{i}", "sod-candidates") for i in sod_candidates]
    rest = sorted(i for i, r in sod.items() if i not in set(sod_candidates) and r.get("body"))
    rows += [(f"polisen:{i}", "sod-random") for i in sorted(rng.sample(rest, 100))]

    texts = police_texts()
    other = [c for c in candidates if c["id"] not in sod and c["id"] in texts]
    chosen: set[int] = set()
    for kind, n in (
        ("regplate_like", None),
        ("street_with_number", 15),
        ("phone_se", 12),
        ("email", 12),
    ):
        pool = sorted(c["id"] for c in other if kind in c["candidates"] and c["id"] not in chosen)
        take = pool if n is None else sorted(rng.sample(pool, min(n, len(pool))))
        chosen |= set(take)
    rows += [(f"polisen:{i}", "other-candidates") for i in sorted(chosen)]

    helsinki = helsinki_texts()
    sv = re.compile(r"\b(och|att|är|inte|det|hälsningar|vänliga|tack|gatan|ni)\b", re.I)
    en = re.compile(r"\b(the|and|is|not|thank|regards|please)\b")
    mostly = sorted(
        k for k, t in helsinki.items() if len(sv.findall(t)) >= 2 or len(en.findall(t)) >= 2
    )
    signal = re.compile(
        r"Hälsningar|[Rr]egards|Terveisin\s*\n\s*[A-ZÄÖ][a-zäö]+ [A-ZÄÖ]"
        r"|@|\+358|\b0\d{1,2}[ -]?\d{3}"
    )
    pool = sorted(k for k, t in helsinki.items() if k not in mostly and signal.search(t))
    rows += [(f"helsinki:{k}", "helsinki") for k in mostly + sorted(rng.sample(pool, 31))]

    return rows


if __name__ == "__main__":
    main()
