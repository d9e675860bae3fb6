"""Build the word lists `trygga.redaction` ships in `data/` (run by hand, not at run time).

    .venv/bin/python -m trygga.redaction.build_names --shared ../shared

Reads, from the project's shared data folder:
- SCB's given names in use (`tilltalsnamn-{kvinnor,man}.csv`, 31 Dec 2020, via
  peterdalle/svensktext, open licence): every name with at least `--min-bearers` bearers,
  women and men added up;
- Swedish place names (`geography/ortsnamn_svensktext.csv`, `kommuner_svensktext.csv`);
- Debian's Swedish word list (`apt-get install wswedish`: `/usr/share/dict/swedish`, the
  Den stora svenska ordlistan list), for words that the police rarely write ("sol", "ek");
- the 81,829 police narratives (`polisen_events/event_pages_text_all.jsonl.gz`), only to
  count how often each word is written in lower case, which tells a common word ("björn",
  "sol", "hans", "per") from a name.

Writes `data/names.txt.gz`, one name a line, `name<TAB>flags`, the flags a subset of `w` (a
word common in the narratives), `d` (a word in the dictionary), `p` (a place name) and `r`
(rare: fewer than `--common-bearers` bearers); and
`data/words.txt.gz`, the lower-case words seen at least `--min-common-count` times in the
narratives (a capitalised one is not taken for a surname). Both are sorted, so a rebuild
from the same input is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
NAME_SHAPE = re.compile(r"[A-ZÅÄÖÉÜ][a-zåäöéèëüïáàíóúøæ]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéèëüïáàíóúøæ]+)?")


def read_names(folder: Path, min_bearers: int) -> dict[str, int]:
    bearers: Counter[str] = Counter()
    for sex in ("kvinnor", "man"):
        with (folder / f"tilltalsnamn-{sex}.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                bearers[row["name"]] += int(row["persons"])
    return {n: c for n, c in bearers.items() if c >= min_bearers and NAME_SHAPE.fullmatch(n)}


def read_places(geography: Path) -> set[str]:
    places: set[str] = set()
    with (geography / "ortsnamn_svensktext.csv").open(encoding="utf-8") as f:
        places |= {row["city"].strip() for row in csv.DictReader(f)}
    with (geography / "kommuner_svensktext.csv").open(encoding="utf-8") as f:
        places |= {row["name"].removesuffix(" kommun").strip() for row in csv.DictReader(f)}
    return places


def dictionary_words(wordlist: Path) -> set[str]:
    """The lower-case entries of a word list (Debian's is ISO-8859-1)."""
    raw = wordlist.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return {w for w in text.split() if w.islower()}


def lower_case_counts(narratives: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with gzip.open(narratives, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = " ".join(record.get(k) or "" for k in ("title", "preamble", "body"))
            counts.update(w for w in WORD.findall(text) if w.islower())
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--min-bearers", type=int, default=50)
    parser.add_argument(
        "--min-word-count",
        type=int,
        default=5,
        help="a name seen this often in lower case is also a word",
    )
    parser.add_argument(
        "--min-common-count", type=int, default=20, help="words.txt.gz: words seen this often"
    )
    parser.add_argument("--common-bearers", type=int, default=500)
    parser.add_argument("--wordlist", type=Path, default=Path("/usr/share/dict/swedish"))
    args = parser.parse_args()
    data = args.shared / "data"

    names = read_names(data / "free_text_and_pii" / "swedish_names_scb_2020", args.min_bearers)
    places = read_places(data / "geography")
    lower = lower_case_counts(data / "polisen_events" / "event_pages_text_all.jsonl.gz")
    words = {w for w, c in lower.items() if c >= args.min_word_count}
    dictionary = dictionary_words(args.wordlist)
    common = {w for w, c in lower.items() if c >= args.min_common_count}

    DATA.mkdir(exist_ok=True)
    lines = []
    for name in sorted(names):
        flags = (
            ("w" if name.lower() in words else "")
            + ("d" if name.lower() in dictionary else "")
            + ("p" if name in places else "")
            + ("r" if names[name] < args.common_bearers else "")
        )
        lines.append(f"{name}\t{flags}\n")
    with gzip.GzipFile(DATA / "names.txt.gz", "wb", mtime=0) as f:
        f.write("".join(lines).encode("utf-8"))
    with gzip.GzipFile(DATA / "words.txt.gz", "wb", mtime=0) as f:
        f.write("".join(f"{w}\n" for w in sorted(common)).encode("utf-8"))
    ambiguous = sum(1 for line in lines if set(line.split("\t")[1]) & set("wdp"))
    print(f"{len(lines)} names ({ambiguous} also a word or place), {len(common)} common words")


if __name__ == "__main__":
    main()
