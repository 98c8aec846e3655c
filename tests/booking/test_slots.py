"""Free times in a coach's week: laid out on the coach's wall clock, so a 09:00 slot stays
09:00 across a clock change; a skipped time is never offered and a doubled one once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from arcwise.booking.slots import (
    STEP,
    Busy,
    Week,
    WeeklyRange,
    clashes,
    free_slots,
    instant_of,
    is_free,
    overlapping,
)

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def _week(*ranges: WeeklyRange, zone: ZoneInfo = LONDON, buffer: int = 0, notice: int = 0) -> Week:
    return Week(zone, ranges, timedelta(minutes=buffer), timedelta(hours=notice))


def _walls(slots: list[datetime], zone: ZoneInfo) -> list[str]:
    return [f"{s.astimezone(zone):%Y-%m-%d %H:%M}" for s in slots]


# --- Clock changes -----------------------------------------------------------------------


def test_a_nine_oclock_slot_stays_nine_oclock_on_both_sides_of_the_spring_change() -> None:
    week = _week(WeeklyRange(4, time(9), time(10)), WeeklyRange(0, time(9), time(10)))

    slots = free_slots(
        week,
        minutes=60,
        first_day=date(2027, 3, 26),
        last_day=date(2027, 3, 29),
        busy=[],
        now=LONG_AGO,
    )

    assert slots == [
        datetime(2027, 3, 26, 9, 0, tzinfo=UTC),  # Friday, GMT
        datetime(2027, 3, 29, 8, 0, tzinfo=UTC),  # Monday, BST: still 09:00 in London
    ]
    assert _walls(slots, LONDON) == ["2027-03-26 09:00", "2027-03-29 09:00"]


def test_a_nine_oclock_slot_stays_nine_oclock_across_the_autumn_change() -> None:
    week = _week(WeeklyRange(5, time(9), time(10)), WeeklyRange(0, time(9), time(10)))

    slots = free_slots(
        week,
        minutes=60,
        first_day=date(2027, 10, 30),
        last_day=date(2027, 11, 1),
        busy=[],
        now=LONG_AGO,
    )

    assert slots == [
        datetime(2027, 10, 30, 8, 0, tzinfo=UTC),
        datetime(2027, 11, 1, 9, 0, tzinfo=UTC),
    ]


def test_a_time_the_clocks_skip_is_never_offered() -> None:
    # Sunday 28 March 2027: London's clocks go from 01:00 to 02:00.
    week = _week(WeeklyRange(6, time(0, 30), time(3, 0)))

    slots = free_slots(
        week,
        minutes=30,
        first_day=date(2027, 3, 28),
        last_day=date(2027, 3, 28),
        busy=[],
        now=LONG_AGO,
    )

    assert _walls(slots, LONDON) == ["2027-03-28 00:30", "2027-03-28 02:00", "2027-03-28 02:30"]
    assert instant_of(date(2027, 3, 28), time(1, 30), LONDON) is None


def test_a_time_the_clocks_show_twice_is_offered_once_as_the_first() -> None:
    # Sunday 31 October 2027: London's clocks go back from 02:00 to 01:00.
    week = _week(WeeklyRange(6, time(1, 0), time(2, 0)))

    slots = free_slots(
        week,
        minutes=30,
        first_day=date(2027, 10, 31),
        last_day=date(2027, 10, 31),
        busy=[],
        now=LONG_AGO,
    )

    assert slots == [
        datetime(2027, 10, 31, 0, 0, tzinfo=UTC),  # 01:00 BST, the first 01:00
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),  # 01:30 BST
    ]


def test_a_southern_coach_keeps_their_wall_time_when_daylight_saving_ends_in_april() -> None:
    week = _week(
        WeeklyRange(5, time(10), time(11)), WeeklyRange(0, time(10), time(11)), zone=SYDNEY
    )

    slots = free_slots(
        week,
        minutes=60,
        first_day=date(2027, 4, 3),
        last_day=date(2027, 4, 5),
        busy=[],
        now=LONG_AGO,
    )

    assert _walls(slots, SYDNEY) == ["2027-04-03 10:00", "2027-04-05 10:00"]
    assert slots[1] - slots[0] == timedelta(days=2, hours=1)


# --- Buffers, notice, busy time ----------------------------------------------------------


def test_the_buffer_keeps_a_gap_on_both_sides_of_a_session() -> None:
    week = _week(WeeklyRange(0, time(9), time(13)), buffer=15)
    busy = [Busy(datetime(2027, 1, 4, 10, 0, tzinfo=UTC), datetime(2027, 1, 4, 11, 0, tzinfo=UTC))]

    slots = free_slots(
        week, minutes=60, first_day=date(2027, 1, 4), last_day=date(2027, 1, 4), busy=busy,
        now=LONG_AGO,
    )  # fmt: skip

    # 09:00 ends at 10:00: no 15-minute gap. 11:00 starts right at the end: no gap either.
    assert _walls(slots, LONDON) == ["2027-01-04 11:30", "2027-01-04 12:00"]


def test_nothing_is_offered_inside_the_notice_period() -> None:
    week = _week(WeeklyRange(0, time(9), time(12)), notice=24)
    now = datetime(2027, 1, 3, 10, 0, tzinfo=UTC)  # Sunday 10:00

    slots = free_slots(
        week, minutes=60, first_day=date(2027, 1, 4), last_day=date(2027, 1, 4), busy=[], now=now
    )

    assert _walls(slots, LONDON) == ["2027-01-04 10:00", "2027-01-04 10:30", "2027-01-04 11:00"]


def test_is_free_answers_for_one_start() -> None:
    week = _week(WeeklyRange(0, time(9), time(12)))
    nine = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)

    assert is_free(week, starts=nine, minutes=60, busy=[], now=LONG_AGO)
    assert not is_free(week, starts=nine + timedelta(minutes=10), minutes=60, busy=[], now=LONG_AGO)
    assert not is_free(week, starts=nine, minutes=60, busy=[Busy(nine, nine + STEP)], now=LONG_AGO)


def test_overlapping_ranges_of_one_day_are_found() -> None:
    morning = WeeklyRange(0, time(9), time(12))
    assert overlapping([morning, WeeklyRange(0, time(11), time(13))]) is not None
    assert overlapping([morning, WeeklyRange(0, time(12), time(13))]) is None
    assert overlapping([morning, WeeklyRange(1, time(10), time(13))]) is None


# --- Properties --------------------------------------------------------------------------

ZONES = st.sampled_from(
    [LONDON, SYDNEY, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo"), ZoneInfo("UTC")]
)


@st.composite
def weekly_ranges(draw: st.DrawFn) -> WeeklyRange:
    start = draw(st.integers(min_value=0, max_value=44)) * 30  # minutes into the day
    length = draw(st.integers(min_value=1, max_value=48 - start // 30)) * 30
    ends = min(start + length, 24 * 60 - 1)
    return WeeklyRange(
        draw(st.integers(min_value=0, max_value=6)),
        time(start // 60, start % 60),
        time(ends // 60, ends % 60),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Week, int, date, date, list[Busy], datetime]:
    zone = draw(ZONES)
    week = Week(
        zone,
        tuple(draw(st.lists(weekly_ranges(), min_size=1, max_size=4))),
        timedelta(minutes=draw(st.sampled_from([0, 10, 15, 30]))),
        timedelta(hours=draw(st.integers(min_value=0, max_value=48))),
    )
    # Windows around both clock changes of either hemisphere.
    first = draw(st.sampled_from([date(2027, 3, 24), date(2027, 10, 27), date(2027, 4, 1)]))
    first += timedelta(days=draw(st.integers(min_value=0, max_value=5)))
    last = first + timedelta(days=draw(st.integers(min_value=0, max_value=9)))
    base = datetime.combine(first, time(0), UTC)
    busy = [
        Busy(start, start + timedelta(minutes=length))
        for start, length in draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=0, max_value=9 * 48).map(
                        lambda n: base + timedelta(minutes=30 * n)
                    ),
                    st.sampled_from([30, 60, 90]),
                ),
                max_size=6,
            )
        )
    ]
    now = base + timedelta(hours=draw(st.integers(min_value=-48, max_value=72)))
    minutes = draw(st.sampled_from([30, 45, 60, 90]))
    return week, minutes, first, last, busy, now


@given(cases())
@settings(derandomize=True)
def test_every_slot_keeps_the_rules_of_the_week(
    case: tuple[Week, int, date, date, list[Busy], datetime],
) -> None:
    week, minutes, first, last, busy, now = case
    slots = free_slots(week, minutes=minutes, first_day=first, last_day=last, busy=busy, now=now)
    length = timedelta(minutes=minutes)

    assert slots == sorted(set(slots))
    for slot in slots:
        local = slot.astimezone(week.zone)
        wall = local.replace(tzinfo=None)
        assert first <= local.date() <= last
        assert slot >= now + week.notice
        assert not clashes(slot, slot + length, busy, week.buffer)
        # On a range's half-hour grid, the session ending (on the wall clock) inside it.
        assert any(
            r.weekday == local.weekday()
            and r.starts <= wall.time()
            and wall + length <= datetime.combine(wall.date(), r.ends)
            and (
                datetime.combine(wall.date(), wall.time()) - datetime.combine(wall.date(), r.starts)
            )
            % STEP
            == timedelta(0)
            for r in week.ranges
        )
        # The wall time it is offered at is the wall time it is: it exists on that day.
        assert instant_of(local.date(), wall.time(), week.zone) == slot


@given(cases())
@settings(derandomize=True)
def test_a_slot_once_taken_is_no_longer_free(
    case: tuple[Week, int, date, date, list[Busy], datetime],
) -> None:
    week, minutes, first, last, busy, now = case
    slots = free_slots(week, minutes=minutes, first_day=first, last_day=last, busy=busy, now=now)
    if not slots:
        return
    taken = slots[len(slots) // 2]
    busy_now = [*busy, Busy(taken, taken + timedelta(minutes=minutes))]

    after = free_slots(
        week, minutes=minutes, first_day=first, last_day=last, busy=busy_now, now=now
    )

    assert taken not in after
    assert set(after) <= set(slots)
