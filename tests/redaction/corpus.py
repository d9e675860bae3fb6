"""The real texts of the redaction gold set, read from the project's shared data folder.

The gold file (`data/gold.jsonl`) holds no text, only where each text comes from and the
labelled spans: the texts are real police narratives and citizen replies with real names,
and the repository publishes none of them. `gold()` joins the two and checks, by a hash,
that the text is the one that was labelled.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
POLICE = SHARED_DATA / "polisen_events"
SODERMANLAND = POLICE / "event_pages_text_sodermanland.jsonl"
ALL_POLICE = POLICE / "event_pages_text_all.jsonl.gz"
CANDIDATES = SHARED_DATA / "free_text_and_pii" / "police_texts_regex_pii_candidates.jsonl"
HELSINKI = (
    SHARED_DATA / "open311" / "helsinki_real_feedback" / "helsinki_feedback_georeport_shaped.json"
)
GOLD = Path(__file__).parent / "data" / "gold.jsonl"


@dataclass(frozen=True)
class GoldSpan:
    kind: str
    start: int
    end: int
    personal: bool = True  # False: an organisation's contact (data/README.md), neither hit nor miss


@dataclass(frozen=True)
class GoldText:
    key: str  # "polisen:410744" or "helsinki:<service_request_id>:<field>"
    group: str  # how it was drawn (data/README.md)
    text: str
    spans: tuple[GoldSpan, ...]


def police_text(record: dict) -> str:
    """A narrative as one text: title, preamble and body on their own lines (no author)."""
    return "\n".join(record.get(k) or "" for k in ("title", "preamble", "body"))


def sodermanland_records() -> list[dict]:
    with SODERMANLAND.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@cache
def police_texts() -> dict[int, str]:
    """All 81,829 narratives by event id."""
    with gzip.open(ALL_POLICE, "rt", encoding="utf-8") as f:
        return {r["id"]: police_text(r) for r in map(json.loads, f)}


@cache
def helsinki_texts() -> dict[str, str]:
    """Helsinki's descriptions and replies, keyed "<service_request_id>:<field>"."""
    records = json.loads(HELSINKI.read_text(encoding="utf-8"))
    texts = {}
    for r in records:
        for field in ("description", "status_notes"):
            if r.get(field):
                texts[f"{r['service_request_id']}:{field}"] = r[field]
    return texts


def text_for(key: str) -> str:
    source, _, rest = key.partition(":")
    if source == "polisen":
        return police_texts()[int(rest)]
    if source == "helsinki":
        return helsinki_texts()[rest]
    raise ValueError(f"gold key {key!r}: unknown source {source!r}")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def gold() -> Iterator[GoldText]:
    with GOLD.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            row = json.loads(line)
            text = text_for(row["key"])
            if digest(text) != row["sha256_16"]:
                raise ValueError(f"{GOLD.name} line {number}: the text of {row['key']} changed")
            spans = tuple(
                GoldSpan(s["kind"], s["start"], s["end"], s["personal"]) for s in row["spans"]
            )
            yield GoldText(row["key"], row["group"], text, spans)
