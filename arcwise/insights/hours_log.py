"""A coach's hours log: their held sessions, one row per journey, in the columns a coaching
credential (the ICF's log of coaching experience) asks for.

A coach applying for or renewing a credential keeps this log by hand today; Arcwise already
knows every session they held. Only held sessions count: planned, cancelled, no-show and
suspended sessions were not coaching. Each journey is its own row, because each agreement
says whether its hours are paid or pro bono, and every Arcwise journey is one client
("Individual"). A date range counts only the sessions held inside it, from the first day's
start to the last day's end in the coach's time zone, so a session late on the last evening
counts in the coach's own calendar day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Min, Sum

from arcwise.accounts.models import Practice, User
from arcwise.days import format_day
from arcwise.insights.practice_csv import spreadsheet_safe
from arcwise.journeys.models import FeeBasis, Session, SessionStatus

INDIVIDUAL = "Individual"  # an Arcwise journey is one client's engagement

CSV_HEADER = (
    "Client name",
    "Client contact",
    "Individual or group",
    "First session",
    "Latest session",
    "Sessions held",
    "Paid hours",
    "Pro bono hours",
    "Agreement",
)


def hours(minutes: int) -> str:
    """`minutes` as hours, to two decimals without a trailing zero: 90 → "1.5", 50 → "0.83"."""
    exact = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{exact:.2f}"
    return text[:-1] if text.endswith("0") else text


@dataclass(frozen=True)
class HoursRow:
    """One journey's held sessions inside the range."""

    journey_id: UUID
    client_name: str
    client_email: str
    fee_basis: str
    first_session: date
    latest_session: date
    sessions: int
    minutes: int
    kind: str = INDIVIDUAL

    @property
    def agreement(self) -> str:
        return FeeBasis(self.fee_basis).label

    @property
    def paid_minutes(self) -> int:
        return self.minutes if self.fee_basis == FeeBasis.PAID else 0

    @property
    def pro_bono_minutes(self) -> int:
        return self.minutes if self.fee_basis == FeeBasis.PRO_BONO else 0

    @property
    def paid_hours(self) -> str:
        return hours(self.paid_minutes)

    @property
    def pro_bono_hours(self) -> str:
        return hours(self.pro_bono_minutes)


@dataclass(frozen=True)
class HoursLog:
    """The rows, oldest first session first, and the range they were counted in."""

    rows: list[HoursRow]
    since: date | None = None
    until: date | None = None

    @property
    def sessions(self) -> int:
        return sum(row.sessions for row in self.rows)

    @property
    def clients(self) -> int:
        return len({row.client_email.lower() for row in self.rows})

    @property
    def paid_hours(self) -> str:
        # Summed in minutes, then rounded once: a total of rounded rows could be off by cents.
        return hours(sum(row.paid_minutes for row in self.rows))

    @property
    def pro_bono_hours(self) -> str:
        return hours(sum(row.pro_bono_minutes for row in self.rows))

    @property
    def total_hours(self) -> str:
        return hours(sum(row.minutes for row in self.rows))

    @property
    def range_text(self) -> str:
        """The range in words, for the page and the empty log's sentence."""
        if self.since and self.until:
            return f"from {format_day(self.since)} to {format_day(self.until)}"
        if self.since:
            return f"from {format_day(self.since)}"
        if self.until:
            return f"up to {format_day(self.until)}"
        return "so far"


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first moment of `day` in `zone`."""
    return datetime.combine(day, time.min, tzinfo=zone)


def hours_log(
    *,
    practice: Practice,
    coach: User,
    zone: ZoneInfo,
    since: date | None = None,
    until: date | None = None,
) -> HoursLog:
    """`coach`'s held sessions in `practice`, one row per journey, inside the range (both
    ends inclusive, days in `zone`). One query, however many rows."""
    held = Session.objects.filter(
        journey__practice=practice, journey__coach=coach, status=SessionStatus.HELD
    )
    if since is not None:
        held = held.filter(starts_at__gte=day_start(since, zone))
    if until is not None:
        held = held.filter(starts_at__lt=day_start(until + timedelta(days=1), zone))
    grouped = (
        held.values(
            "journey_id",
            "journey__public_id",
            "journey__client__name",
            "journey__client__email",
            "journey__fee_basis",
        )
        .annotate(
            first=Min("starts_at"),
            latest=Max("starts_at"),
            held=Count("id"),
            minutes=Sum("minutes"),
        )
        .order_by("first", "journey__client__name", "journey_id")
    )
    rows = [
        HoursRow(
            journey_id=row["journey__public_id"],
            client_name=row["journey__client__name"],
            client_email=row["journey__client__email"],
            fee_basis=row["journey__fee_basis"],
            first_session=row["first"].astimezone(zone).date(),
            latest_session=row["latest"].astimezone(zone).date(),
            sessions=row["held"],
            minutes=row["minutes"],
        )
        for row in grouped
    ]
    return HoursLog(rows=rows, since=since, until=until)


def csv_rows(log: HoursLog) -> list[tuple[str | int | float, ...]]:
    """The log as rows of a CSV file: header, one row per journey, totals; every cell safe
    to open in a spreadsheet (a client's name is typed by a person)."""
    rows: list[tuple[str | int, ...]] = [CSV_HEADER]
    rows.extend(
        (
            row.client_name,
            row.client_email,
            row.kind,
            row.first_session.isoformat(),
            row.latest_session.isoformat(),
            row.sessions,
            row.paid_hours,
            row.pro_bono_hours,
            row.agreement,
        )
        for row in log.rows
    )
    rows.append(("Total", "", "", "", "", log.sessions, log.paid_hours, log.pro_bono_hours, ""))
    return [tuple(spreadsheet_safe(cell) for cell in row) for row in rows]
