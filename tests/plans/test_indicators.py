"""Computed indicators against hand counts, the honest sentence from the exact test, and
indicators that follow the data: change the events and the value changes with them."""

import datetime as dt
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from scipy import stats

from tests.factories import NYFORS_POINT, EventFactory, SourceFactory
from tests.plans.conftest import AS_OF, graffiti, nyfors, vandalism
from trygga.analysis import change
from trygga.events.models import Confidentiality
from trygga.geography.selectors import point_assigner
from trygga.plans import actions
from trygga.plans.indicators import NO_EFFECT_YET, evaluate, windows

pytestmark = pytest.mark.django_db


def add_vandalism(municipality, day, n, confidentiality=Confidentiality.OPEN):
    assigner = point_assigner(municipality)
    where = assigner.assign([NYFORS_POINT[0]], [NYFORS_POINT[1]])
    for _ in range(n):
        EventFactory(
            municipality=municipality,
            category=vandalism(),
            source=SourceFactory(),
            occurred_from=datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC),
            lon=NYFORS_POINT[0],
            lat=NYFORS_POINT[1],
            district_id=int(where.district_id[0]),
            h3_cell=int(where.cell[0]),
            confidentiality=confidentiality,
        )


def test_windows__current_window_has_the_baseline_length_and_ends_yesterday(indicator):
    assert windows(indicator, AS_OF) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    # Shortly after the baseline the window starts the day after it, never inside it.
    assert windows(indicator, dt.date(2025, 3, 1))[2:] == (
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 28),
    )
    *_, c_from, c_to = windows(indicator, dt.date(2025, 1, 1))
    assert c_from > c_to  # nothing after the baseline yet


def test_event_count__baseline_latest_and_trend_equal_hand_counts(indicator):
    result = evaluate(indicator, as_of=AS_OF)
    assert (result.baseline, result.latest) == (2.0, 6.0)
    # Tertials 2024-T1 .. 2025-T3: 2 in Jan 2024, 6 in Jan-Mar 2025.
    assert [p.label for p in result.trend] == [
        "2024-T1",
        "2024-T2",
        "2024-T3",
        "2025-T1",
        "2025-T2",
        "2025-T3",
    ]
    assert [p.value for p in result.trend] == [2, 0, 0, 6, 0, 0]
    assert not any(p.partial for p in result.trend)
    assert result.target_reached is False


def test_event_count__verdict_is_the_exact_test_and_says_no_effect_yet(indicator):
    result = evaluate(indicator, as_of=AS_OF)
    expected = change.compare_counts(
        [6], [2], exposure=365 / 365.25, baseline_exposure=366 / 365.25
    )
    # 6 against 2: the exact test cannot tell this from chance.
    assert expected.verdict[0] in ("too_few", "no_change")
    assert result.verdict == expected.verdict[0]
    assert result.sentence == NO_EFFECT_YET
    assert result.no_effect_yet
    assert result.p_value == pytest.approx(
        stats.binomtest(6, 8, 365 / (365 + 366)).pvalue, rel=1e-9
    )
    assert "Skadegörelse i Nyfors" in result.detail


def test_event_count__a_sure_decrease_is_better_but_claims_no_cause(indicator, data):
    add_vandalism(data, dt.date(2024, 5, 5), 38)  # baseline 40, follow-up 6
    result = evaluate(indicator, as_of=AS_OF)
    assert (result.baseline, result.latest) == (40.0, 6.0)
    assert result.verdict == "better"
    assert "statistiskt säker" in result.sentence
    assert "inte ensam" in result.sentence
    assert not result.no_effect_yet


def test_event_count__a_sure_increase_is_worse(indicator, data):
    add_vandalism(data, dt.date(2025, 9, 1), 30)
    result = evaluate(indicator, as_of=AS_OF)
    assert result.latest == 36.0
    assert result.verdict == "worse"
    assert "fel håll" in result.sentence


def test_event_count__follows_the_events(indicator, data):
    before = evaluate(indicator, as_of=AS_OF)
    add_vandalism(data, dt.date(2025, 11, 20), 4)
    after = evaluate(indicator, as_of=AS_OF)
    assert (before.latest, after.latest) == (6.0, 10.0)
    assert after.trend[-1].value == 4


def test_event_rate__per_1000_residents_of_the_district(indicator, people, data):
    actions.save_indicator(
        actor=people["coordinator"],
        measure=indicator.measure,
        indicator=indicator,
        source="event_rate",
        unit="per 1 000 invånare",
    )
    result = evaluate(indicator, as_of=AS_OF)
    population = nyfors(data).population
    assert result.baseline == pytest.approx(2 / population * 1000)
    assert result.latest == pytest.approx(6 / population * 1000)


def test_whole_municipality_and_all_categories(indicator, people):
    actions.save_indicator(
        actor=people["coordinator"],
        measure=indicator.measure,
        indicator=indicator,
        area="municipality",
        category=None,
    )
    result = evaluate(indicator, as_of=AS_OF)
    # 2024: 2 + 10 = 12; 2025: 6 + 2 + 3 + 7 + 1 = 19 (the police feed is a signal, not counted).
    assert (result.baseline, result.latest) == (12.0, 19.0)


def test_public__small_counts_hidden_and_no_verdict_on_them(indicator):
    result = evaluate(indicator, audience="public", as_of=AS_OF)
    assert result.baseline is None  # 2 < k = 5
    assert result.verdict == "hidden"
    assert result.trend[0].value is None
    assert result.trend[1].value == 0  # a zero is not a small count


def test_public__counts_only_events_allowed_in_public_statistics(indicator, data):
    add_vandalism(data, dt.date(2024, 6, 1), 20, confidentiality=Confidentiality.PARTNERS)
    assert evaluate(indicator, as_of=AS_OF).baseline == 22.0
    assert evaluate(indicator, audience="public", as_of=AS_OF).baseline is None


def test_baseline_before_the_first_event__no_effect_claimed(indicator, people):
    actions.save_indicator(
        actor=people["coordinator"],
        measure=indicator.measure,
        indicator=indicator,
        baseline_from=dt.date(2023, 1, 1),
        baseline_to=dt.date(2023, 12, 31),
    )
    result = evaluate(indicator, as_of=dt.date(2025, 1, 1))
    assert result.verdict == "no_baseline"
    assert result.sentence.startswith("Ingen effekt kan visas ännu")


def test_manual_indicator__values_with_who_and_when(measure, people):
    indicator = actions.save_indicator(
        actor=people["coordinator"],
        measure=measure,
        name="Andel som känner sig trygga",
        unit="procent",
        source="manual",
        source_note="Trygghetsmätningen",
        baseline_value=Decimal("61"),
        baseline_from=dt.date(2024, 1, 1),
        baseline_to=dt.date(2024, 12, 31),
        target_value=Decimal("70"),
        direction="increase",
    )
    actions.enter_indicator_value(
        actor=people["reporter"],
        indicator=indicator,
        date=dt.date(2025, 12, 1),
        value=Decimal("66"),
        note="Enkät 2025",
    )
    result = evaluate(indicator, as_of=AS_OF)
    assert (result.baseline, result.latest, result.target) == (61.0, 66.0, 70.0)
    assert result.verdict == "untested"
    assert result.entries[0].entered_by == "rapportor1"
    assert result.progress == pytest.approx(5 / 9)
    assert evaluate(indicator, audience="public", as_of=AS_OF).entries == ()


def test_manual_values_refused_on_a_computed_indicator(indicator, people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        actions.enter_indicator_value(
            actor=people["coordinator"],
            indicator=indicator,
            date=dt.date(2025, 1, 1),
            value=Decimal(3),
        )
    assert "value" in error.value.message_dict


def test_graffiti_in_froslunda_is_a_second_area(indicator, people, data):
    from trygga.geography.models import District

    froslunda = District.objects.get(municipality=data, name="Fröslunda")
    actions.save_indicator(
        actor=people["coordinator"],
        measure=indicator.measure,
        indicator=indicator,
        category=graffiti(),
        district=froslunda,
    )
    result = evaluate(indicator, as_of=AS_OF)
    assert (result.baseline, result.latest) == (10.0, 7.0)
