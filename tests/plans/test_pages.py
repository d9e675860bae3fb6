"""The staff pages and the public transparency page through the test client: every page
renders, forms name the field they refuse, and the public page shows only what is public."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trygga.audit.models import AuditEvent
from trygga.plans import actions
from trygga.plans.models import Attachment, FollowUp, Measure, Problem

pytestmark = pytest.mark.django_db


def url(plan, rest=""):
    return f"/0484/atgarder/{plan.pk}/{rest}"


def test_pages__every_staff_page_renders_for_a_coordinator(client, people, indicator):
    plan = indicator.measure.plan
    client.force_login(people["coordinator"])
    measure = indicator.measure
    for path in (
        "/0484/atgarder/",
        "/0484/atgarder/modell/",
        url(plan),
        url(plan, "redigera/"),
        url(plan, "problem/fran-lagesbild/"),
        url(plan, "problem/ny/"),
        url(plan, "atgard/ny/"),
        url(plan, f"atgard/{measure.pk}/"),
        url(plan, f"atgard/{measure.pk}/redigera/"),
        url(plan, f"atgard/{measure.pk}/indikator/ny/"),
        url(plan, f"atgard/{measure.pk}/indikator/{indicator.pk}/"),
        url(plan, "uppfoljning/"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b'style="' not in response.content, path  # the CSP allows no inline style
        assert b"<script>" not in response.content, path


def test_problem_from_lagesbild__copies_figures_triangle_and_causes(client, people, plan):
    client.force_login(people["coordinator"])
    page = client.get(url(plan, "problem/fran-lagesbild/"))
    choices = page.context["form"].fields["source"].choices
    assert len(choices) == 1
    response = client.post(url(plan, "problem/fran-lagesbild/"), {"source": choices[0][0]})
    problem = Problem.objects.get(plan=plan)
    assert response.status_code == 302
    assert problem.title == "Skadegörelse vid Nyfors centrum"
    assert (problem.category.code, problem.district.name) == ("vandalism", "Nyfors")
    assert (problem.date_from, problem.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert problem.lagesbild_version == 1
    # The lägesbild's own figures: 6 in 2025 against 2 in 2024 for vandalism in Nyfors.
    assert problem.figures["observed"] == 6
    assert "Skadegörelse i Nyfors" in problem.figures["sentence"]
    assert problem.offender == "Grupper av unga kvällstid."
    causes = {(c.text, c.parent.text if c.parent else None) for c in problem.causes.all()}
    assert causes == {
        ("Få vuxna på kvällstid", None),
        ("Fritidsgården stänger 21", "Få vuxna på kvällstid"),
        ("Trasig belysning", None),
    }
    # The coordinator sorts a cause into the social ones; the situational tree keeps the rest.
    client.post(
        url(plan, f"problem/{problem.pk}/"),
        {
            "title": problem.title,
            "category": problem.category.pk,
            "district": problem.district.pk,
            "situational_causes": "Trasig belysning",
            "social_causes": "Få vuxna på kvällstid\n  Fritidsgården stänger 21",
        },
    )
    kinds = {c.text: c.kind for c in problem.causes.all()}
    assert kinds == {
        "Trasig belysning": "situational",
        "Få vuxna på kvällstid": "social",
        "Fritidsgården stänger 21": "social",
    }


def test_measure_form__budget_rows_and_errors_name_the_field(client, people, plan, organisations):
    client.force_login(people["coordinator"])
    data = {
        "title": "Fler fältassistenter",
        "kind": "social",
        "horizon": "long",
        "owner": organisations["kommun"].pk,
        "gender": "all",
        "status": "planned",
        "age_from": "15",
        "age_to": "12",
        "budget_year_0": "2026",
        "budget_planned_0": "800000",
        "budget_spent_0": "",
    }
    response = client.post(url(plan, "atgard/ny/"), data)
    assert response.status_code == 200
    assert "Åldern till får inte vara lägre" in response.content.decode()
    data["age_to"] = "20"
    data["partners"] = [organisations["polis"].pk]
    response = client.post(url(plan, "atgard/ny/"), data)
    measure = Measure.objects.get(title="Fler fältassistenter")
    assert response.status_code == 302
    assert [(b.year, b.planned, b.spent) for b in measure.budget.all()] == [
        (2026, Decimal(800000), None)
    ]
    assert list(measure.partners.all()) == [organisations["polis"]]


def test_followup__with_attachment_changes_status_and_is_audited(client, people, measure):
    client.force_login(people["reporter"])  # the owner organisation's member
    pdf = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post(
        url(measure.plan, f"atgard/{measure.pk}/"),
        {
            "action": "followup",
            "f-date": "2026-03-01",
            "f-text": "Tolv ärenden lagade inom ett dygn.",
            "f-status": "done",
            "f-attachments": [pdf],
        },
    )
    assert response.status_code == 302
    followup = FollowUp.objects.get(measure=measure)
    measure.refresh_from_db()
    assert measure.status == "done"
    attachment = Attachment.objects.get(followup=followup)
    assert (attachment.name, attachment.content_type) == ("protokoll.pdf", "application/pdf")
    download = client.get(f"/0484/atgarder/bilaga/{attachment.pk}/")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert download["Content-Disposition"] == 'attachment; filename="protokoll.pdf"'
    assert AuditEvent.objects.filter(
        action="measure.followed_up", target_id=str(measure.pk)
    ).exists()


def test_followup__refuses_a_program_named_pdf_and_says_which_file(client, people, measure):
    client.force_login(people["coordinator"])
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = client.post(
        url(measure.plan, f"atgard/{measure.pk}/"),
        {"action": "followup", "f-date": "2026-03-01", "f-text": "Text", "f-attachments": [fake]},
    )
    assert response.status_code == 200
    assert "rapport.pdf: innehållet är inte en PDF-fil." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_followup__refuses_a_file_over_the_limit(client, people, measure, settings):
    settings.PLAN_ATTACHMENT_MAX_MB = 1
    client.force_login(people["coordinator"])
    big = SimpleUploadedFile("stor.txt", b"a" * (1024 * 1024 + 1), content_type="text/plain")
    response = client.post(
        url(measure.plan, f"atgard/{measure.pk}/"),
        {"action": "followup", "f-date": "2026-03-01", "f-text": "Text", "f-attachments": [big]},
    )
    assert "stor.txt: filen är större än 1 MB." in response.content.decode()


def test_adopt__needs_an_approved_lagesbild_and_records_the_body(client, people, measure):
    plan = measure.plan
    client.force_login(people["coordinator"])
    response = client.post(
        url(plan, "anta/"),
        {"body": "Kommunstyrelsen", "decision_date": "2026-03-10", "reference": "KS § 41"},
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Version 1 är antagen och låst."]
    version = plan.versions.get()
    assert (version.number, version.body, version.decision_reference) == (
        1,
        "Kommunstyrelsen",
        "KS § 41",
    )
    assert version.lagesbild_version.number == 1
    assert version.snapshot["measures"][0]["title"] == "Snabb lagning av skadegörelse"
    # A change and a second adoption: version 2 says what changed.
    actions.save_measure(
        actor=people["coordinator"],
        plan=plan,
        measure=measure,
        partners=list(measure.partners.all()),
        districts=list(measure.districts.all()),
        budget=[actions.Budget(2026, Decimal(600000), Decimal(120000))],
        title="Snabb lagning av skadegörelse",
    )
    client.post(url(plan, "anta/"), {"body": "Kommunstyrelsen", "decision_date": "2026-09-01"})
    second = plan.versions.get(number=2)
    assert any("budgeten är nu 600" in c for c in second.changes)
    page = client.get(url(plan))
    assert "Version 2: Kommunstyrelsen" in page.content.decode()


def test_public_page__shows_only_public_adopted_measures_without_names(
    client, people, indicator, organisations
):
    plan = indicator.measure.plan
    secret = actions.save_measure(
        actor=people["coordinator"],
        plan=plan,
        title="Intern kartläggning",
        kind="social",
        horizon="short",
        owner=organisations["kommun"],
        responsible="Anna Andersson",
        is_public=False,
    )
    assert client.get("/0484/trygghetsarbete/").context["reports"] == []  # not adopted yet
    actions.adopt_plan(
        actor=people["coordinator"],
        plan=plan,
        body="Kommunstyrelsen",
        decision_date=dt.date(2026, 3, 1),
    )
    later = actions.save_measure(
        actor=people["coordinator"],
        plan=plan,
        title="Ny idé efter beslutet",
        kind="social",
        horizon="short",
        owner=organisations["kommun"],
        is_public=True,
    )
    page = client.get("/0484/trygghetsarbete/").content.decode()
    assert "Snabb lagning av skadegörelse" in page
    assert secret.title not in page
    assert later.title not in page
    detail = client.get(f"/0484/trygghetsarbete/{plan.pk}/").content.decode()
    assert "Snabb lagning av skadegörelse" in detail
    assert "Förvaltaren" not in detail
    assert "Anna Andersson" not in detail
    assert "500" in detail  # the money is public
    assert 'style="' not in detail
    assert "<script>" not in detail
