"""Every change to an action plan: plans, problems with causes, measures with budget,
follow-ups with attachments, comments, indicators and their values, adoption, and the
long-term model.

Each action takes a keyword-only `actor` (None: the system, e.g. the demo loader), checks
the permission predicates of `trygga.accounts.permissions`, runs in one transaction and
writes its audit row inside it. Text that will be public is checked for personal data
(`trygga.redaction.find_spans`) before it is saved as public.
"""

from trygga.plans.actions.common import Actor
from trygga.plans.actions.measures import (
    INDICATOR_FIELDS,
    MEASURE_FIELDS,
    Budget,
    add_comment,
    add_followup,
    enter_indicator_value,
    save_indicator,
    save_measure,
)
from trygga.plans.actions.plans import (
    PLAN_FIELDS,
    PhaseSpec,
    adopt_plan,
    create_plan,
    save_long_term_model,
    update_plan,
)
from trygga.plans.actions.problems import (
    PROBLEM_FIELDS,
    ProblemSource,
    cause_tree_text,
    delete_problem,
    parse_cause_tree,
    problem_from_lagesbild,
    save_problem,
)

__all__ = [
    "INDICATOR_FIELDS",
    "MEASURE_FIELDS",
    "PLAN_FIELDS",
    "PROBLEM_FIELDS",
    "Actor",
    "Budget",
    "PhaseSpec",
    "ProblemSource",
    "add_comment",
    "add_followup",
    "adopt_plan",
    "cause_tree_text",
    "create_plan",
    "delete_problem",
    "enter_indicator_value",
    "parse_cause_tree",
    "problem_from_lagesbild",
    "save_indicator",
    "save_long_term_model",
    "save_measure",
    "save_problem",
    "update_plan",
]
