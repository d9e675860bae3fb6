"""Who may do what with a measure: the owner organisation and the coordinators edit it,
partners comment, other members read, the public sees only what is public. Allowed and
refused cases share their setup, so a refusal cannot pass for the wrong reason."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import MunicipalityFactory, OrganisationFactory, member
from trygga.accounts.models import Role
from trygga.audit.models import AuditEvent
from trygga.core.errors import PermissionDenied
from trygga.plans import actions
from trygga.plans.models import Comment, FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people, organisations, measure):
    """The measure is owned by the housing company, with the police as partner."""
    other = OrganisationFactory(municipality=measure.plan.municipality, name="Fritidsgården")
    return {
        "coordinator": people["coordinator"],
        "administrator": people["administrator"],
        "owner": people["reporter"],  # a reporter of the housing company
        "owner_viewer": member(organisations["bostad"], Role.VIEWER, "bostad_lasare"),
        "partner": people["viewer"],  # a viewer of the police
        "other": member(other, Role.REPORTER, "fritid1"),
    }


EDIT = {
    "coordinator": True,
    "administrator": True,
    "owner": True,
    "owner_viewer": False,
    "partner": False,
    "other": False,
}
COMMENT = {
    "coordinator": True,
    "administrator": True,
    "owner": True,
    "owner_viewer": True,
    "partner": True,
    "other": False,
}


@pytest.mark.parametrize("who", list(EDIT))
def test_edit_measure__owner_organisation_and_coordinators_only(cast, measure, who):
    user = cast[who]
    before = AuditEvent.objects.filter(action="measure.updated").count()
    call = lambda: actions.save_measure(  # noqa: E731
        actor=user,
        plan=measure.plan,
        measure=measure,
        title="Ny rubrik",
        partners=list(measure.partners.all()),
        districts=list(measure.districts.all()),
    )
    if EDIT[who]:
        call()
        measure.refresh_from_db()
        assert measure.title == "Ny rubrik"
        assert AuditEvent.objects.filter(action="measure.updated").count() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            call()
        measure.refresh_from_db()
        assert measure.title != "Ny rubrik"


@pytest.mark.parametrize("who", list(EDIT))
def test_follow_up__owner_organisation_and_coordinators_only(cast, measure, who):
    call = lambda: actions.add_followup(  # noqa: E731
        actor=cast[who], measure=measure, date=dt.date(2026, 2, 1), text="Gjort."
    )
    if EDIT[who]:
        call()
        assert FollowUp.objects.filter(measure=measure).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not FollowUp.objects.exists()


@pytest.mark.parametrize("who", list(COMMENT))
def test_comment__partners_and_editors(cast, measure, who):
    call = lambda: actions.add_comment(actor=cast[who], measure=measure, text="Vi hjälper till.")  # noqa: E731
    if COMMENT[who]:
        call()
        assert Comment.objects.get(measure=measure).author == cast[who]
        assert AuditEvent.objects.filter(action="measure.commented").exists()
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not Comment.objects.exists()


def test_owner_cannot_move_the_measure_to_another_organisation(cast, measure, organisations):
    with pytest.raises(PermissionDenied):
        actions.save_measure(
            actor=cast["owner"], plan=measure.plan, measure=measure, owner=organisations["kommun"]
        )
    actions.save_measure(
        actor=cast["coordinator"], plan=measure.plan, measure=measure, owner=organisations["kommun"]
    )
    measure.refresh_from_db()
    assert measure.owner == organisations["kommun"]


@pytest.mark.parametrize("who", ["coordinator", "owner"])
def test_plans_and_new_measures__coordinators_only(cast, plan, organisations, who):
    create = lambda: actions.save_measure(  # noqa: E731
        actor=cast[who],
        plan=plan,
        title="Kameror",
        kind="situational",
        horizon="short",
        owner=organisations["bostad"],
    )
    adopt = lambda: actions.update_plan(actor=cast[who], plan=plan, title="Ny titel")  # noqa: E731
    if who == "coordinator":
        create()
        adopt()
    else:
        with pytest.raises(PermissionDenied):
            create()
        with pytest.raises(PermissionDenied):
            adopt()


def test_pages__buttons_follow_the_rights(client, cast, measure):
    page = f"/0484/atgarder/{measure.plan.pk}/atgard/{measure.pk}/"
    client.force_login(cast["partner"])
    html = client.get(page).content.decode()
    assert "Skicka kommentaren" in html
    assert "Spara uppföljningen" not in html
    assert client.get(page + "redigera/").status_code == 404
    assert (
        client.post(page, {"action": "followup", "f-date": "2026-01-01", "f-text": "x"}).status_code
        == 404
    )
    client.force_login(cast["owner"])
    html = client.get(page).content.decode()
    assert "Spara uppföljningen" in html
    assert client.get(page + "redigera/").status_code == 200
    client.force_login(cast["other"])
    html = client.get(page).content.decode()  # members read every plan
    assert "Skicka kommentaren" not in html
    assert client.post(page, {"action": "comment", "c-text": "hej"}).status_code == 404


def test_pages__non_members_and_anonymous_get_nothing(client, measure):
    outsider_org = OrganisationFactory(
        municipality=MunicipalityFactory(code="0180", name="Stockholm")
    )
    outsider = member(outsider_org, Role.COORDINATOR, "sthlm")
    page = f"/0484/atgarder/{measure.plan.pk}/atgard/{measure.pk}/"
    assert client.get(page).status_code == 302  # to the log-in
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    assert client.get(f"/0484/atgarder/{measure.plan.pk}/uppfoljning.pdf").status_code == 404


def test_attachments__members_only(client, cast, measure):
    from django.core.files.uploadedfile import SimpleUploadedFile

    followup = actions.add_followup(
        actor=cast["owner"],
        measure=measure,
        date=dt.date(2026, 2, 1),
        text="Protokoll",
        files=[SimpleUploadedFile("a.txt", "Anteckningar från mötet".encode())],
    )
    url = f"/0484/atgarder/bilaga/{followup.attachments.get().pk}/"
    client.force_login(cast["other"])
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302
    outsider = member(
        OrganisationFactory(municipality=MunicipalityFactory(code="0180", name="Stockholm")),
        Role.COORDINATOR,
        "sthlm",
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_public_text_with_personal_data_is_refused(cast, measure):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        actions.save_measure(
            actor=cast["coordinator"],
            plan=measure.plan,
            measure=measure,
            description="Ring Anna Andersson på 070-123 45 67.",
            is_public=True,
        )
    assert "description" in error.value.message_dict
    # Not public: the same text may be kept for the partners.
    actions.save_measure(
        actor=cast["coordinator"],
        plan=measure.plan,
        measure=measure,
        description="Ring Anna Andersson på 070-123 45 67.",
        is_public=False,
    )


def test_manual_values__owner_enters_partner_cannot(cast, measure):
    indicator = actions.save_indicator(
        actor=cast["owner"],
        measure=measure,
        name="Lagade inom ett dygn",
        unit="procent",
        source="manual",
        target_value=Decimal(90),
        direction="increase",
    )
    actions.enter_indicator_value(
        actor=cast["owner"], indicator=indicator, date=dt.date(2026, 2, 1), value=Decimal(80)
    )
    with pytest.raises(PermissionDenied):
        actions.enter_indicator_value(
            actor=cast["partner"], indicator=indicator, date=dt.date(2026, 2, 1), value=Decimal(99)
        )
    assert indicator.values.count() == 1
