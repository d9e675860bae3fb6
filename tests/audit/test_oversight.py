"""The administrators' audit log page, its CSV download, `trygga audit-export`, and the
page of who may see what: reachable by the municipality's administrators only, scoped to
the municipality, and themselves audited."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from trygga.audit.log import record
from trygga.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(people, municipality, stockholm, outsider):
    ours = record(
        actor=people["coordinator"],
        action=AuditAction.EVENT_CREATED,
        municipality=municipality,
        details={"note": '=HYPERLINK("http://x")'},
    )
    theirs = record(actor=outsider, action=AuditAction.EVENT_CREATED, municipality=stockholm)
    member_login = record(actor=people["reporter"], action=AuditAction.USER_LOGGED_IN)
    stranger_login = record(actor=outsider, action=AuditAction.USER_LOGGED_IN)
    return {
        "ours": ours,
        "theirs": theirs,
        "member_login": member_login,
        "stranger_login": stranger_login,
    }


def test_audit_page__who_may_open_it(client, people, outsider, municipality):
    url = f"/{municipality.code}/granskning/"
    client.force_login(people["administrator"])
    assert client.get(url).status_code == 200
    client.force_login(people["coordinator"])
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_audit_page__shows_this_municipality_and_its_members_only(
    client, people, municipality, rows
):
    client.force_login(people["administrator"])
    page = client.get(f"/{municipality.code}/granskning/")
    shown = {row.pk for row in page.context["page"].object_list}
    assert rows["ours"].pk in shown
    assert rows["member_login"].pk in shown
    assert rows["theirs"].pk not in shown
    assert rows["stranger_login"].pk not in shown
    listed = AuditEvent.objects.filter(action=AuditAction.AUDIT_LISTED).get()
    assert listed.actor == people["administrator"]
    # Also the administrator's own log-in (a member's row about no municipality).
    assert listed.details["count"] == len(shown) == 3


def test_audit_page__filters_by_action_and_actor(client, people, municipality, rows):
    client.force_login(people["administrator"])
    page = client.get(
        f"/{municipality.code}/granskning/", {"action": "user.logged_in", "actor": "rapport"}
    )
    assert [row.pk for row in page.context["page"].object_list] == [rows["member_login"].pk]


def test_audit_page__reversed_dates__error_names_the_field(client, people, municipality):
    client.force_login(people["administrator"])
    page = client.get(
        f"/{municipality.code}/granskning/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert page.context["page"] is None
    assert "Slutdatumet ligger före startdatumet" in page.content.decode()


def test_audit_csv__rows_with_formulas_defused_and_export_logged(
    client, people, municipality, rows
):
    client.force_login(people["administrator"])
    response = client.get(f"/{municipality.code}/granskning.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {row["åtgärd"] for row in table} == {"event.created", "user.logged_in"}
    assert "HYPERLINK" in text
    created = next(row for row in table if row["åtgärd"] == "event.created")
    assert created["detaljer"].startswith("{")  # JSON, not a formula
    exported = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert exported.details["count"] == len(table) == 3  # with the administrator's log-in


def test_access_page__members_roles_and_model(client, people, municipality, outsider):
    client.force_login(people["administrator"])
    page = client.get(f"/{municipality.code}/behorigheter/")
    html = page.content.decode()
    assert page.status_code == 200
    for username in ("admin1", "samordnare1", "rapportor1", "lasare1"):
        assert username in html
    assert "stockholmare" not in html
    assert "Importera händelser från fil" in html
    assert AuditEvent.objects.filter(action=AuditAction.MEMBERS_LISTED).count() == 1
    client.force_login(people["viewer"])
    assert client.get(f"/{municipality.code}/behorigheter/").status_code == 403


def test_audit_export_command__writes_range_and_logs_itself(tmp_path, rows, municipality):
    AuditEvent.objects.filter(pk=rows["ours"].pk)  # rows exist from today
    today = datetime.now(tz=UTC).date().isoformat()
    out = tmp_path / "logg.csv"
    call_command("audit_export", "--from", "2020-01-01", "--to", today, "--output", str(out))
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert len(table) == 4
    assert table[0]["tid"] <= table[-1]["tid"]
    row = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert row.details["count"] == 4
    assert row.actor_label == "system (trygga audit-export)"

    call_command(
        "audit_export",
        "--from",
        "2020-01-01",
        "--to",
        today,
        "--municipality",
        municipality.code,
        "--output",
        str(out),
    )
    only = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert {r["kommunkod"] for r in only} == {municipality.code}


def test_audit_export_command__bad_date__names_the_option():
    with pytest.raises(CommandError, match="--from: '2026-13-01' is not a date"):
        call_command("audit_export", "--from", "2026-13-01", "--to", "2026-12-31")
    with pytest.raises(CommandError, match="--to"):
        call_command("audit_export", "--from", "2026-02-01", "--to", "2026-01-01")


def test_write_csv__cells_a_spreadsheet_would_run_are_quoted():
    from trygga.audit.export import write_csv

    row = record(actor=None, action=AuditAction.USER_LOGIN_FAILED, actor_label="=2+2")
    stream = io.StringIO()
    assert write_csv([row], stream) == 1
    [line] = list(csv.DictReader(io.StringIO(stream.getvalue().lstrip("\ufeff"))))
    assert line["aktör"] == "'=2+2"
