"""The permission model's table (permissions.CAPABILITIES, shown on the administrators'
page and in docs/security.md) agrees with the predicates that decide access."""

import pytest

from tests.factories import OrganisationFactory, member
from trygga.accounts import permissions
from trygga.accounts.models import Role

pytestmark = pytest.mark.django_db

CHECKS = {
    "log_events": lambda user, m, own, other: permissions.can_log_events(user, m),
    "import": lambda user, m, own, other: permissions.can_import(user, m),
    "read_all_restricted": lambda user, m, own, other: permissions.sees_all_events(user, m),
    "read_own_reports": lambda user, m, own, other: permissions.can_read_reports_of(
        user, m, own.pk
    ),
    "handle_own_reports": lambda user, m, own, other: permissions.can_handle_reports_of(
        user, m, own.pk
    ),
    "manage_reports": lambda user, m, own, other: (
        permissions.can_manage_reports(user, m)
        and permissions.can_handle_reports_of(user, m, other.pk)
    ),
    "oversee": lambda user, m, own, other: permissions.can_oversee(user, m),
    "read_plans": lambda user, m, own, other: permissions.can_read_plans(user, m),
    "coordinate_plans": lambda user, m, own, other: permissions.can_coordinate_plans(user, m),
    "edit_own_measures": lambda user, m, own, other: (
        permissions.can_edit_measure(user, m, own.pk)
        and permissions.can_edit_measure(user, m, other.pk)
        == permissions.can_coordinate_plans(user, m)
    ),
    "comment_measures": lambda user, m, own, other: permissions.can_comment_on_measure(
        user, m, other.pk, {own.pk}
    ),
}


@pytest.mark.parametrize("role", list(Role))
def test_capabilities__match_predicates_for_each_role(municipality, role):
    own = OrganisationFactory(municipality=municipality, name="Egen")
    other = OrganisationFactory(municipality=municipality, name="Annan")
    user = member(own, role)
    for capability in permissions.CAPABILITIES:
        check = CHECKS.get(capability.code)
        if check is None:
            continue
        assert check(user, municipality, own, other) == (role in capability.roles), capability.code


def test_capabilities__every_row_is_checked_or_holds_for_all():
    unchecked = {c.code for c in permissions.CAPABILITIES} - set(CHECKS)
    assert unchecked == {"read_events", "read_own_restricted"}
    for capability in permissions.CAPABILITIES:
        if capability.code in unchecked:
            assert capability.roles == permissions.ALL_ROLES
