"""Tables of a lägesbild: one shape for the page, the PDF, CSV and XLSX.

A table is a plain dict stored with the content: `columns` (key, label, kind) and `rows`
(each a list of cells in column order, with a row `kind`). A cell is a number, a text,
None (no value: "–") or `HIDDEN` (suppressed: ".."). `display` formats a cell as the page
and the PDF show it; `csv_bytes` and `xlsx_bytes` write the same cells, so an export is
what the screen shows.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from trygga.analysis import wording

HIDDEN = ".."

# Column kinds: how a value is written. "count" columns hold published counts only.
# "cells" counts grid cells (hot spots) and "residents" a population: not counts of events.
TEXT, COUNT, RATE, MEAN, RATIO, P, WEIGHT, CELLS, RESIDENTS = (
    "text", "count", "rate", "mean", "ratio", "p", "weight", "cells", "residents",
)  # fmt: skip
NUMERIC = frozenset({COUNT, RATE, MEAN, RATIO, P, WEIGHT, CELLS, RESIDENTS})


def column(key: str, label: str, kind: str = TEXT) -> dict[str, str]:
    return {"key": key, "label": label, "kind": kind}


def table(
    table_id: str,
    title: str,
    columns: list[dict[str, str]],
    rows: list[dict[str, Any]],
    *,
    note: str = "",
) -> dict[str, Any]:
    """rows: each {"cells": [...], "kind": "district"|"group"|"total"|...}."""
    for row in rows:
        if len(row["cells"]) != len(columns):
            raise ValueError(f"table {table_id}: a row has {len(row['cells'])} cells")
    return {"id": table_id, "title": title, "columns": columns, "rows": rows, "note": note}


def row(cells: list[Any], kind: str = "row", **extra: Any) -> dict[str, Any]:
    return {"cells": cells, "kind": kind, **extra}


def display(value: Any, kind: str) -> str:
    """A cell as the page shows it (Swedish number format)."""
    if value is None:
        return "–"
    if value == HIDDEN:
        return HIDDEN
    if kind == TEXT or isinstance(value, str):
        return str(value)
    number = float(value)
    if not math.isfinite(number):
        return wording.format_decimal(number)
    if kind in (COUNT, CELLS, RESIDENTS):
        return wording.format_decimal(number, 0)
    if kind in (RATE, MEAN, WEIGHT):
        return wording.format_decimal(number, 1)
    if kind == RATIO:
        return wording.format_significant(number)
    if kind == P:
        return wording.format_p(number)
    return str(value)


def export_value(value: Any, kind: str) -> Any:
    """A cell for CSV and XLSX: numbers stay numbers (rounded as shown), texts as shown."""
    if value is None:
        return ""
    if value == HIDDEN or kind == TEXT or isinstance(value, str):
        return str(value)
    number = float(value)
    if not math.isfinite(number):
        return ""
    if kind in (COUNT, CELLS, RESIDENTS):
        return round(number)
    if kind in (RATE, MEAN, WEIGHT):
        return round(number, 1)
    if kind == RATIO:
        return float(wording.format_significant(number).replace(",", ".").replace("\u00a0", ""))
    return round(number, 4)


def csv_bytes(data: dict[str, Any]) -> bytes:
    """The table as CSV (UTF-8 with BOM so spreadsheet programs read å, ä, ö; comma-separated)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c["label"] for c in data["columns"]])
    kinds = [c["kind"] for c in data["columns"]]
    for r in data["rows"]:
        writer.writerow([export_value(v, k) for v, k in zip(r["cells"], kinds, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables: list[dict[str, Any]], *, title: str) -> bytes:
    """Every table on a sheet of its own, in document order; a first sheet names them."""
    book = Workbook()
    index = book.active
    index.title = "Innehåll"
    index.append([title])
    index["A1"].font = Font(bold=True, size=13)
    used: set[str] = {"Innehåll"}
    for data in tables:
        name = _sheet_name(data["title"], used)
        index.append([name, data["title"]])
        sheet = book.create_sheet(name)
        sheet.append([data["title"]])
        sheet["A1"].font = Font(bold=True)
        sheet.append([c["label"] for c in data["columns"]])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        kinds = [c["kind"] for c in data["columns"]]
        for r in data["rows"]:
            sheet.append([export_value(v, k) for v, k in zip(r["cells"], kinds, strict=True)])
        if data.get("note"):
            sheet.append([])
            sheet.append([data["note"]])
        for i, col in enumerate(data["columns"], start=1):
            width = max(
                [len(str(col["label"]))]
                + [len(display(r["cells"][i - 1], col["kind"])) for r in data["rows"]]
            )
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 6), 40)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Tabell"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name
