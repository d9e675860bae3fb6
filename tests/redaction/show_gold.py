"""Print gold texts with their labelled spans marked: `python -m tests.redaction.show_gold KEY...`.

Spans print as ⟦kind:text⟧, organisation contacts (`personal: false`) as ⟦kind!:text⟧.
"""

import sys

from tests.redaction.corpus import gold


def main() -> None:
    wanted = set(sys.argv[1:])
    for item in gold():
        if wanted and item.key not in wanted:
            continue
        parts, position = [], 0
        for span in item.spans:
            mark = span.kind + ("" if span.personal else "!")
            parts += [
                item.text[position : span.start],
                f"⟦{mark}:{item.text[span.start : span.end]}⟧",
            ]
            position = span.end
        parts.append(item.text[position:])
        print(f"##### {item.key} ({item.group})\n{''.join(parts)}\n")


if __name__ == "__main__":
    main()
