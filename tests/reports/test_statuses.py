"""The status table: every status maps to Open311 and mySociety, and the moves are sound."""

from trygga.reports.statuses import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUS_TABLE,
    TRANSITIONS,
    Status,
    can_move,
    statuses_for_open311,
)

MYSOCIETY = {
    "OPEN",
    "INVESTIGATING",
    "IN_PROGRESS",
    "ACTION_SCHEDULED",
    "FIXED",
    "CLOSED",
    "DUPLICATE",
    "NOT_COUNCILS_RESPONSIBILITY",
    "NO_FURTHER_ACTION",
    "INTERNAL_REFERRAL",
}


def test_status_table__every_status_has_an_entry_in_both_tables():
    assert set(STATUS_TABLE) == set(Status)
    assert set(TRANSITIONS) == set(Status)


def test_status_table__maps_to_open311_open_or_closed_and_a_mysociety_name():
    for status, info in STATUS_TABLE.items():
        assert info.open311 in ("open", "closed"), status
        assert info.extended in MYSOCIETY, status
    assert {s.value for s in Status} == OPEN_STATUSES | CLOSED_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert statuses_for_open311("open") == {"received", "in_progress", "action_scheduled"}


def test_status_table__the_statuses_that_end_without_a_fix_need_a_note():
    required = {s for s, info in STATUS_TABLE.items() if info.note_required}
    assert required == {Status.CLOSED_NOT_FIXED, Status.NOT_OURS}


def test_transitions__nothing_returns_to_received_and_closed_reports_reopen_to_in_progress():
    for status, targets in TRANSITIONS.items():
        assert Status.RECEIVED not in targets
        assert status not in targets
        if status.value in CLOSED_STATUSES:
            assert Status.IN_PROGRESS in targets
    assert can_move("received", "fixed")
    assert not can_move("fixed", "not_ours")
    assert can_move("forwarded", "fixed")
    assert not can_move("duplicate", "fixed")
