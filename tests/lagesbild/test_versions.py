"""Approval freezes a version; later versions list what changed since the last one."""

import datetime as dt
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import NYFORS_POINT, EventFactory
from trygga.events.models import EventCategory
from trygga.geography.selectors import point_assigner
from trygga.lagesbild import actions
from trygga.lagesbild.documents import version_document
from trygga.lagesbild.models import LagesbildVersion, Status

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2026, 2, 1)


@pytest.fixture
def draft(hand_events, people):
    return actions.create_lagesbild(
        actor=people["coordinator"],
        municipality=hand_events,
        kind="year",
        date_from=dt.date(2025, 1, 1),
    )


def more_vandalism(municipality, n):
    where = point_assigner(municipality).assign([NYFORS_POINT[0]], [NYFORS_POINT[1]])
    for _ in range(n):
        EventFactory(
            municipality=municipality,
            category=EventCategory.objects.get(code="vandalism", municipality__isnull=True),
            occurred_from=datetime(2025, 11, 2, 12, tzinfo=UTC),
            lon=NYFORS_POINT[0],
            lat=NYFORS_POINT[1],
            district_id=int(where.district_id[0]),
            h3_cell=int(where.cell[0]),
        )


def test_an_approved_version_never_changes_when_events_change(draft, people, client):
    v1 = actions.approve_lagesbild(
        actor=people["coordinator"], lagesbild=draft, body="KSAU", decision_date=DECIDED
    )
    assert draft.status == Status.APPROVED
    more_vandalism(draft.municipality, 6)
    actions.refresh_figures(actor=people["coordinator"], lagesbild=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT  # the refreshed working copy is the next draft
    assert draft.content["partner"]["summary"]["total"] == 25
    v1.refresh_from_db()
    assert v1.content["partner"]["summary"]["total"] == 19
    client.force_login(people["viewer"])
    url = reverse("web:lagesbild_detail", kwargs={"code": "0484", "pk": draft.pk})
    page = client.get(url + "?v=1").content.decode()
    assert '<span class="lb-big count">19</span>' in page
    with pytest.raises(PermissionError):
        v1.save()
    with pytest.raises(PermissionError):
        v1.delete()


def test_a_later_version_shows_what_changed_since_the_last(draft, people):
    actions.approve_lagesbild(
        actor=people["coordinator"], lagesbild=draft, body="KSAU", decision_date=DECIDED
    )
    more_vandalism(draft.municipality, 6)
    actions.refresh_figures(actor=people["coordinator"], lagesbild=draft)
    actions.update_lagesbild(
        actor=people["coordinator"],
        lagesbild=draft,
        assessment="Skadegörelsen i Nyfors ökade i november.",
    )
    actions.save_problem(
        actor=people["coordinator"],
        lagesbild=draft,
        title="Skadegörelse i Nyfors",
        causes="Mörkt\n  Trasig belysning",
    )
    v2 = actions.approve_lagesbild(
        actor=people["administrator"],
        lagesbild=draft,
        body="Lokala brottsförebyggande rådet",
        decision_date=DECIDED,
    )
    assert v2.number == 2
    from trygga.audit.models import AuditEvent

    approvals = AuditEvent.objects.filter(action="lagesbild.approved", target_id=str(draft.pk))
    assert sorted(a.details["version"] for a in approvals) == [1, 2]
    doc = version_document(v2, "partner")
    texts = [c["text"] for c in doc.changes_since]
    assert doc.previous_version == 1
    assert "Alla händelser: 19 → 25 händelser" in texts
    assert "Skadegörelse: 10 → 16 händelser" in texts
    assert "Nyfors: 8 → 14 händelser" in texts
    assert "Analysen och bedömningen har skrivits om." in texts
    assert "Nytt prioriterat problem: Skadegörelse i Nyfors" in texts
    public = [c["text"] for c in version_document(v2, "public").changes_since]
    assert not any("Analysen" in t or "problem" in t for t in public)  # no free text in public
    assert version_document(LagesbildVersion.objects.get(number=1), "partner").changes_since is None


def test_approval_needs_a_body_and_refuses_personal_data_in_the_public_summary(draft, people):
    with pytest.raises(ValidationError) as caught:
        actions.approve_lagesbild(
            actor=people["coordinator"], lagesbild=draft, body=" ", decision_date=DECIDED
        )
    assert "body" in caught.value.message_dict
    actions.update_lagesbild(
        actor=people["coordinator"],
        lagesbild=draft,
        public_summary="Ring Anna Berg på 070-123 45 67 om du sett något.",
    )
    with pytest.raises(ValidationError) as caught:
        actions.approve_lagesbild(
            actor=people["coordinator"], lagesbild=draft, body="KSAU", decision_date=DECIDED
        )
    assert "public_summary" in caught.value.message_dict
    assert not LagesbildVersion.objects.exists()


def test_the_cause_tree_is_read_from_indented_lines():
    from trygga.lagesbild.render.document import cause_tree

    tree = cause_tree(
        "Brist på vuxna\n  Fritidsgården stängd\n    Besparing\n"
        "  Få nattvandrare\n- Dålig belysning"
    )
    assert [n["text"] for n in tree] == ["Brist på vuxna", "Dålig belysning"]
    assert [n["text"] for n in tree[0]["children"]] == ["Fritidsgården stängd", "Få nattvandrare"]
    assert tree[0]["children"][0]["children"][0]["text"] == "Besparing"
