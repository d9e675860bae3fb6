"""docs/security.md's permission table says what permissions.CAPABILITIES says."""

import re
from pathlib import Path

from trygga.accounts import permissions
from trygga.accounts.models import Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
COLUMNS = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.REPORTER, Role.VIEWER]


def test_security_doc__permission_table_matches_capabilities():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)` \|", line)
        if match:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows[match.group(1)] = cells[-len(COLUMNS) :]
    assert set(rows) == {c.code for c in permissions.CAPABILITIES}
    for capability in permissions.CAPABILITIES:
        expected = ["✓" if role in capability.roles else "–" for role in COLUMNS]
        assert rows[capability.code] == expected, capability.code
