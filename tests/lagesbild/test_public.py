"""The public version: nothing in it is a count from 1 to k - 1.

Walks every number of the stored public content, every number a person can read on the
public page (outside elements marked as not counts: dates, rates, axis ticks), and every
count cell of the CSV and XLSX exports.
"""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.lagesbild.conftest import make_events
from trygga.events.models import Confidentiality
from trygga.lagesbild.builder import build
from trygga.lagesbild.collect import Spec
from trygga.lagesbild.tables import COUNT, HIDDEN

pytestmark = pytest.mark.django_db
YEAR = ("year", __import__("datetime").date(2025, 1, 1), __import__("datetime").date(2025, 12, 31))
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SKIP = {"script", "style", "title", "desc", "time", "head"}


def allowed(value, k):
    if value in (None, HIDDEN, "", "–"):
        return True
    number = float(value)
    return number == 0 or number >= k


def walk_content(content, k):
    """Every count of the stored content: table count columns, chart series, map, summary."""
    seen = 0
    for table in content["tables"]:
        for i, column in enumerate(table["columns"]):
            if column["kind"] != COUNT:
                continue
            for row in table["rows"]:
                assert allowed(row["cells"][i], k), (table["id"], column["label"], row["cells"])
                seen += 1
    charts = content["charts"]
    for value in [
        *charts["trend"]["current"],
        *charts["trend"]["previous"],
        *charts["categories"]["values"],
    ]:
        assert allowed(value, k), value
    if content["audience"] == "public":
        flat = [v for row in charts["pattern"]["values"] for v in row]
        assert all(allowed(v, k) for v in flat), flat
    for district in content["map"]["districts"]:
        assert allowed(district["count"], k), district
        if district["count"] == HIDDEN:
            assert district["rate"] == HIDDEN  # a rate would give the count away
    assert all("count" not in cell for cell in content["map"]["hotspots"]["cells"])
    assert allowed(content["summary"]["total"], k)
    return seen


class Numbers(HTMLParser):
    """The numbers a reader sees, outside elements marked data-nc and outside scripts."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.numbers: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        skip = tag in SKIP or any(name == "data-nc" for name, _ in attrs)
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            return
        # Numbers as the page writes them: "1 234" with a (no-break) space between groups.
        for match in re.finditer(r"\d{1,3}(?:[\u00a0 ]\d{3})+(?!\d)|\d+", data):
            self.numbers.append(match.group())


def page_numbers(html):
    body = html[html.index("<main") :]
    parser = Numbers()
    parser.feed(body)
    return [int(re.sub(r"\D", "", n)) for n in parser.numbers]


@pytest.fixture
def open_events(municipality):
    make_events(municipality, confidentiality=Confidentiality.OPEN)
    return municipality


def test_public_content_hides_every_count_below_k_and_what_would_reveal_it(open_events):
    content = build(Spec(open_events, *YEAR))
    public = content["public"]
    assert public["k"] == 5
    assert walk_content(public, 5) > 50
    table = next(t for t in public["tables"] if t["id"] == "district_category")
    rows = {r["cells"][0]: r["cells"][1:] for r in table["rows"]}
    # Columns Klotter, Skadegörelse, Totalt. Nyfors 2/6/8, Fröslunda 7/3/10, Centrum 0/1/1.
    assert rows["Nyfors"][0] == HIDDEN
    assert rows["Fröslunda"][1] == HIDDEN
    assert rows["Centrum"][1:] == [HIDDEN, HIDDEN]
    # With 2 and 3 hidden, 6 and 7 must go too, or each row would give its small cell away.
    assert rows["Nyfors"][1] == HIDDEN
    assert rows["Fröslunda"][0] == HIDDEN
    # The partner version of the same events shows them all.
    partner = next(t for t in content["partner"]["tables"] if t["id"] == "district_category")
    assert {r["cells"][0]: r["cells"][1:] for r in partner["rows"]}["Nyfors"] == [2, 6, 8]


def test_public_version_counts_only_events_open_for_public_statistics(hand_events):
    content = build(Spec(hand_events, *YEAR), audiences=("public",))
    assert content["public"]["summary"]["total"] == 0  # the hand-made events are partner-only
    police = next(t for t in content["public"]["tables"] if t["id"] == "police")
    assert police["rows"][-1]["cells"] == ["Totalt", HIDDEN]  # 2 police events: below k


def test_k_comes_from_the_settings(open_events, settings):
    settings.SMALL_COUNT_K = 2
    public = build(Spec(open_events, *YEAR), audiences=("public",))["public"]
    assert public["k"] == 2
    walk_content(public, 2)
    police = next(t for t in public["tables"] if t["id"] == "police")
    assert police["rows"][-1]["cells"] == ["Totalt", 2]  # hidden with k = 5, shown with k = 2


def test_nothing_a_reader_sees_on_the_public_page_or_in_its_exports_is_below_k(
    client, open_events, people
):
    from trygga.lagesbild import actions
    from trygga.lagesbild.models import Lagesbild

    lagesbild = actions.create_lagesbild(
        actor=people["coordinator"], municipality=open_events, kind="year", date_from=YEAR[1]
    )
    actions.update_lagesbild(
        actor=people["coordinator"],
        lagesbild=lagesbild,
        public_summary="Skadegörelsen ökade under året, mest i de prioriterade stadsdelarna.",
        assessment="Fritext som bara samverkansparterna ser: Kalle på Torget 3.",
    )
    actions.approve_lagesbild(
        actor=people["coordinator"],
        lagesbild=lagesbild,
        body="KSAU",
        decision_date=YEAR[1].replace(year=2026),
    )
    lagesbild = Lagesbild.objects.get()
    kw = {"code": "0484", "pk": lagesbild.pk}
    html = client.get(reverse("web:lagesbild_public", kwargs=kw)).content.decode()
    assert "Skadegörelsen ökade under året" in html
    assert "Kalle" not in html  # no free text but the public summary
    assert "Fritext" not in html
    numbers = page_numbers(html)
    assert numbers, "the walk found no numbers at all"
    small = [n for n in numbers if 0 < n < 5]
    assert small == [], small
    for table in lagesbild.versions.get().content["public"]["tables"]:
        response = client.get(
            reverse("web:lagesbild_public_csv", kwargs={**kw, "table": table["id"]})
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        for i, column in enumerate(table["columns"]):
            if column["kind"] == COUNT:
                assert all(allowed(r[i], 5) for r in rows[1:]), (table["id"], column["label"], rows)
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(client.get(reverse("web:lagesbild_public_xlsx", kwargs=kw)).content)
    )
    assert len(book.sheetnames) > 5
