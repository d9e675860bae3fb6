"""Who may do what with a lägesbild (docs/security.md, "Lägesbild").

Coordinators and administrators draft, edit, refresh and approve; every member of the
municipality reads the partner version of approved versions; anyone reads the public
version of an approved lägesbild. These build on `trygga.accounts.permissions`.
"""

from trygga.accounts import permissions
from trygga.accounts.models import Role
from trygga.accounts.permissions import AnyUser
from trygga.geography.models import Municipality

EDIT_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def can_edit(user: AnyUser, municipality: Municipality) -> bool:
    """Create, write, refresh the figures of, and approve a lägesbild."""
    return permissions.is_superuser(user) or bool(
        permissions.roles(user, municipality) & EDIT_ROLES
    )


def can_read_partner(user: AnyUser, municipality: Municipality) -> bool:
    """Read the partner version of approved versions: every member."""
    return permissions.is_member(user, municipality)
