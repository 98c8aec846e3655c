"""Calendar files every calendar reads alike: VTIMEZONEs written as yearly rules, read back by
two independent parsers (vobject through dateutil's rrule, and icalendar building the zone
from the file's own VTIMEZONE) on both sides of each clock change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from arcwise.journeys.models import Session, SessionStatus
from arcwise.nudges.feeds import sessions_calendar
from arcwise.nudges.ics_zones import changes_in, vtimezone, yearly_rules
from arcwise.portal.calendar import session_invitation

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

# Wall times on both sides of each clock change, and a December session (the one vobject
# read an hour off from the dated lists).
SIDES = [
    ("Europe/London", datetime(2027, 3, 27, 10, 0)),  # Saturday before the spring change
    ("Europe/London", datetime(2027, 3, 29, 10, 0)),  # Monday after it
    ("Europe/London", datetime(2027, 10, 30, 10, 0)),  # Saturday before the autumn change
    ("Europe/London", datetime(2027, 11, 1, 10, 0)),  # Monday after it
    ("Europe/London", datetime(2026, 12, 14, 9, 30)),
    ("Europe/London", datetime(2040, 7, 2, 9, 30)),  # past 2037, where the old lists stopped
    ("Australia/Sydney", datetime(2027, 4, 3, 10, 0)),  # before daylight saving ends
    ("Australia/Sydney", datetime(2027, 4, 5, 10, 0)),  # after
    ("Australia/Sydney", datetime(2027, 10, 2, 10, 0)),  # before it begins
    ("Australia/Sydney", datetime(2027, 10, 4, 10, 0)),  # after
    ("Asia/Tokyo", datetime(2027, 6, 1, 10, 0)),  # no daylight saving at all
    ("America/Santiago", datetime(2027, 1, 15, 10, 0)),  # no weekday rule: the dated list
]


def _session(starts_at: datetime) -> Session:
    return Session(starts_at=starts_at, minutes=60, status=SessionStatus.PLANNED)


def _by_vobject(body: bytes) -> datetime:
    parsed = vobject.readOne(body.decode())
    start: datetime = parsed.vevent.dtstart.value
    return start.astimezone(UTC)


def _by_icalendar_from_its_vtimezone(body: bytes) -> datetime:
    """icalendar, made to build the zone from the file's VTIMEZONE rather than from the tz
    database by the zone's name, so it reads what the file says."""
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    zones = calendar.timezones
    if not zones:
        return start.astimezone(UTC)  # written in UTC
    zone = zones[0].to_tz(lookup_tzid=False)
    moment: datetime = start.replace(tzinfo=None).replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _files(zone: ZoneInfo, starts_at: datetime) -> list[bytes]:
    session = _session(starts_at)
    feed = sessions_calendar(
        [session], name="Sessions", time_zone=zone.key, summary=lambda s: "Session", now=NOW
    )
    invitation = session_invitation(session, zone=zone, host="arcwise.test")
    return [feed, invitation]


@pytest.mark.parametrize(("key", "wall"), SIDES)
def test_both_parsers_read_every_file_at_the_same_instant(key: str, wall: datetime) -> None:
    zone = ZoneInfo(key)
    starts_at = wall.replace(tzinfo=zone).astimezone(UTC)
    for body in _files(zone, starts_at):
        assert f"TZID={key}:".encode() in body
        assert _by_vobject(body) == starts_at
        assert _by_icalendar_from_its_vtimezone(body) == starts_at
        assert Calendar.from_ical(body).walk("VEVENT")[0].decoded("DTSTART") == starts_at


def test_london_is_written_as_two_yearly_rules_and_no_dated_list() -> None:
    text = vtimezone(ZoneInfo("Europe/London"), year=2026).to_ical().decode()

    assert "RDATE" not in text
    assert "2037" not in text
    spring = "BEGIN:DAYLIGHT\r\nDTSTART:19700329T010000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    autumn = "BEGIN:STANDARD\r\nDTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert spring in text
    assert autumn in text
    assert "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000" in text


def test_sydney_changes_on_the_first_sunday_of_april_and_october() -> None:
    text = vtimezone(ZoneInfo("Australia/Sydney"), year=2026).to_ical().decode()

    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10" in text
    assert "TZNAME:AEDT" in text


def test_a_zone_without_daylight_saving_has_a_single_standard() -> None:
    text = vtimezone(ZoneInfo("Asia/Tokyo"), year=2026).to_ical().decode()

    assert text.count("BEGIN:STANDARD") == 1
    assert "DAYLIGHT" not in text
    assert "RRULE" not in text
    assert "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900" in text


@pytest.mark.parametrize(
    "key", ["Europe/London", "America/New_York", "Australia/Sydney", "Pacific/Auckland"]
)
def test_the_rules_predict_every_change_the_tz_database_has_for_years(key: str) -> None:
    zone = ZoneInfo(key)
    rules = yearly_rules(zone, 2026)
    assert rules is not None
    assert len(rules) == 2
    for year in range(2026, 2045):
        assert sorted(rule.instant(year) for rule in rules) == [
            change.at for change in changes_in(zone, year)
        ]


def test_a_half_hour_change_is_found_to_the_minute() -> None:
    (april, october) = changes_in(ZoneInfo("Australia/Lord_Howe"), 2027)

    assert october.after - october.before == timedelta(minutes=30)
    assert april.at == datetime(2027, 4, 3, 15, 0, tzinfo=UTC)


def test_a_zone_with_changes_that_follow_no_weekday_rule_keeps_the_dated_list() -> None:
    assert yearly_rules(ZoneInfo("America/Santiago"), 2026) is None
    text = vtimezone(ZoneInfo("America/Santiago"), year=2026).to_ical().decode()
    assert "RDATE" in text or text.count("BEGIN:STANDARD") > 1


# Zones of every kind: northern and southern daylight saving, a half-hour change, a change
# at midnight local, Israel's "Friday before the last Sunday", lunar months, none at all;
# each read back by both parsers.
ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Havana",
    "Australia/Sydney",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Asia/Jerusalem",
    "Asia/Kolkata",
    "Africa/Nairobi",
    # No weekday rule fits these: their changes are listed by date.
    "America/Santiago",
    "Africa/Casablanca",
]


@given(
    key=st.sampled_from(ZONES),
    offset=st.integers(min_value=0, max_value=15 * 365 * 24 * 4).map(
        lambda quarters: timedelta(minutes=15 * quarters)
    ),
)
@settings(max_examples=60, derandomize=True)
def test_any_moment_in_any_zone_reads_back_alike_in_both_parsers(
    key: str, offset: timedelta
) -> None:
    starts_at = datetime(2026, 1, 1, tzinfo=UTC) + offset
    body = sessions_calendar(
        [_session(starts_at)],
        name="Sessions",
        time_zone=key,
        summary=lambda s: "Session",
        now=NOW,
    )
    assert _by_vobject(body) == starts_at
    assert _by_icalendar_from_its_vtimezone(body) == starts_at
