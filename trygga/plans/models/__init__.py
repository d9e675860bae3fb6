"""The models of the action plan: see each module."""

from trygga.plans.models.indicators import (
    Direction,
    Indicator,
    IndicatorArea,
    IndicatorSource,
    IndicatorValue,
    TrendPeriod,
)
from trygga.plans.models.measures import (
    Attachment,
    BudgetLine,
    Comment,
    FollowUp,
    Gender,
    Horizon,
    Measure,
    MeasureKind,
    MeasureStatus,
)
from trygga.plans.models.structure import (
    ActionPlan,
    ActionPlanVersion,
    Cause,
    CauseKind,
    LongTermModel,
    Phase,
    PlanKind,
    PlanStatus,
    Problem,
)

__all__ = [
    "ActionPlan",
    "ActionPlanVersion",
    "Attachment",
    "BudgetLine",
    "Cause",
    "CauseKind",
    "Comment",
    "Direction",
    "FollowUp",
    "Gender",
    "Horizon",
    "Indicator",
    "IndicatorArea",
    "IndicatorSource",
    "IndicatorValue",
    "LongTermModel",
    "Measure",
    "MeasureKind",
    "MeasureStatus",
    "Phase",
    "PlanKind",
    "PlanStatus",
    "Problem",
    "TrendPeriod",
]
