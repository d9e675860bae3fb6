"""trygga.accounts.selectors: the reads behind the API's municipality scoping."""

import pytest

from tests.factories import OrganisationFactory, UserFactory
from trygga.accounts.selectors import (
    get_municipality_for_member,
    member_municipalities,
    organisations_of,
)
from trygga.core.errors import NotFound


def test_member_municipalities__member_own_outsider_theirs_anonymous_none(
    people, outsider, municipality, stockholm, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    assert member_municipalities(people["viewer"]) == [municipality]
    with django_assert_num_queries(2):  # municipalities, counties
        found = member_municipalities(outsider)
        assert found[0].county.name == "Stockholms län"
    assert found == [stockholm]
    assert member_municipalities(AnonymousUser()) == []


def test_get_municipality_for_member__member_allowed_others_refused_alike(
    people, outsider, municipality
):
    assert get_municipality_for_member(people["viewer"], "0484") == municipality
    messages = set()
    for viewer, code in ((outsider, "0484"), (people["viewer"], "9999")):
        with pytest.raises(NotFound) as excinfo:
            get_municipality_for_member(viewer, code)
        messages.add(str(excinfo.value))
    assert len(messages) == 1


def test_get_municipality_for_member__inactive__not_found_even_for_superuser(municipality):
    root = UserFactory(username="root", is_superuser=True)
    assert get_municipality_for_member(root, "0484") == municipality
    municipality.is_active = False
    municipality.save()
    with pytest.raises(NotFound):
        get_municipality_for_member(root, "0484")


def test_organisations_of__active_ones_by_name(organisations, municipality, stockholm):
    OrganisationFactory(municipality=municipality, name="Aktiv förening", is_active=False)
    OrganisationFactory(municipality=stockholm, name="Annan kommuns")
    assert [o.name for o in organisations_of(municipality)] == [
        "Kommunfastigheter",
        "Polisen Eskilstuna",
        "Trygga Eskilstuna",
    ]
