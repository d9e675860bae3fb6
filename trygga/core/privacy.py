"""The register of processing activities (GDPR art. 30) and the retention rules (gallring),
as data that each app registers in its `AppConfig.ready()`.

`trygga gallra` runs every registered `RetentionRule`; `trygga processing-register` writes
the register from the `ProcessingActivity` entries, their rules and the settings in force.
So the register says what the code does, and a new kind of personal data that an app
stores without registering it shows up as missing from the register in review.

Registering (in an app's apps.py):

    def ready(self):
        from trygga.core.privacy import ProcessingActivity, RetentionRule, register
        register(
            ProcessingActivity(code="reports", name=..., purposes=..., ...),
            RetentionRule(code="reports.contacts", activity="reports",
                          removes=_("anmälarens kontaktuppgifter ..."),
                          setting="REPORT_CONTACT_RETENTION_DAYS", purge=purge_contacts),
        )

A rule's `purge(cutoff, dry_run)` removes (or, in a dry run, only counts) what is older
than `cutoff` and returns how many records it removed or would remove; it runs in its own
transaction. It must not write audit rows of its own: the job logs the counts.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings

Purge = Callable[[datetime, bool], int]


@dataclass(frozen=True)
class ProcessingActivity:
    """One entry of the register of processing activities (art. 30.1 b-g)."""

    code: str
    name: Any
    purposes: tuple[Any, ...]
    legal_basis: Any
    data_subjects: tuple[Any, ...]
    data_categories: tuple[Any, ...]
    recipients: tuple[Any, ...]
    # Where the data comes from, and anything the retention rules do not say.
    source: Any = ""
    notes: Any = ""


@dataclass(frozen=True)
class RetentionRule:
    """What is removed, after how long (a setting in days; 0 keeps it), and how."""

    code: str
    activity: str
    removes: Any
    setting: str
    purge: Purge = field(compare=False)

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


_activities: dict[str, ProcessingActivity] = {}
_rules: dict[str, RetentionRule] = {}


def register(*entries: ProcessingActivity | RetentionRule) -> None:
    """Add activities and rules; registering the same code again replaces the entry."""
    for entry in entries:
        if isinstance(entry, ProcessingActivity):
            _activities[entry.code] = entry
        elif isinstance(entry, RetentionRule):
            _rules[entry.code] = entry
        else:
            raise TypeError(f"cannot register {entry!r}")


def activities() -> list[ProcessingActivity]:
    return sorted(_activities.values(), key=lambda a: a.code)


def rules(codes: Iterable[str] | None = None) -> list[RetentionRule]:
    """The registered rules (all, or the named ones), in code order; unknown codes raise."""
    if codes is None:
        return sorted(_rules.values(), key=lambda r: r.code)
    wanted = list(codes)
    unknown = [code for code in wanted if code not in _rules]
    if unknown:
        raise KeyError(", ".join(unknown))
    return [_rules[code] for code in sorted(wanted)]


def rules_of(activity: str) -> list[RetentionRule]:
    return [rule for rule in rules() if rule.activity == activity]
