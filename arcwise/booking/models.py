"""A coach's published week, the slots sessions hold in it, moves waiting for the coach, and
video links.

Two bookings of one coach never overlap, buffer included: on PostgreSQL an exclusion
constraint on `tstzrange(starts_at, held_until)` per coach refuses the second (migration
0002); on SQLite every booking write first locks the coach's `Availability` row, so
bookings of one coach take turns and each checks inside its transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.journeys.models import Journey, Session

MAX_BUFFER_MINUTES = 120
MAX_NOTICE_HOURS = 14 * 24
VIDEO_LINK_LIMIT = 500


class Availability(models.Model):
    """A coach's weekly availability in one practice, in their own zone. Its row is what
    every booking of theirs locks first."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The zone the ranges are on the wall clock of: the coach's when they published.
    time_zone = models.CharField(max_length=64)
    buffer_minutes = models.PositiveSmallIntegerField(default=15)
    notice_hours = models.PositiveSmallIntegerField(default=24)
    # Raised by every save of the week; the form carries the version it was made from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "coach"], name="availability_once"),
            models.CheckConstraint(
                condition=models.Q(buffer_minutes__lte=MAX_BUFFER_MINUTES),
                name="availability_buffer_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(notice_hours__lte=MAX_NOTICE_HOURS),
                name="availability_notice_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"availability of {self.coach_id}"


class AvailableRange(models.Model):
    """Available every `weekday` (Monday 0) from `starts` to `ends` on the coach's clock."""

    availability = models.ForeignKey(Availability, on_delete=models.CASCADE, related_name="ranges")
    weekday = models.PositiveSmallIntegerField()
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="range_weekday_known"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="range_ends_after_start"
            ),
        ]
        ordering = ["availability", "weekday", "starts"]

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts}-{self.ends}"


class BookedBy(models.TextChoices):
    CLIENT = "client", "The client"
    COACH = "coach", "The coach"


class Booking(models.Model):
    """The time a session holds in its coach's week: from its start to its end plus the
    coach's buffer (`held_until`). Released when the session is no longer planned."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="booking")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    held_until = models.DateTimeField()
    booked_by = models.CharField(max_length=8, choices=BookedBy.choices)
    booked_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_until__gt=models.F("starts_at")),
                name="booking_holds_some_time",
            ),
            models.CheckConstraint(
                condition=models.Q(booked_by__in=BookedBy.values), name="booking_by_known"
            ),
        ]
        indexes = [
            # Serves the free-slot read: one coach's held time in a window.
            models.Index(fields=["coach", "starts_at"], name="booking_by_coach_time"),
        ]

    def __str__(self) -> str:
        return f"booking of {self.session_id}"


class MoveStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the coach"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MoveRequest(models.Model):
    """A client's wish to move a session outside its phase's window: the coach decides."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="move_requests")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    # The time the session had when asked (a move meanwhile makes the request stale).
    from_starts_at = models.DateTimeField()
    to_starts_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=MoveStatus.choices, default=MoveStatus.WAITING)
    asked_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            # One question at a time: asking again while one waits is refused by the database.
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(status="waiting"),
                name="one_waiting_move_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MoveStatus.values), name="move_status_known"
            ),
        ]
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"move of {self.session_id} to {self.to_starts_at}"


class VideoLink(models.Model):
    """Where a session is held online: for the whole journey (`session` empty) or for one
    session, which then uses it instead."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.URLField(max_length=VIDEO_LINK_LIMIT)
    # Raised by every change; the form carries the version it was made from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["journey"], condition=models.Q(session=None), name="one_journey_link"
            ),
            models.CheckConstraint(
                condition=models.Q(url__startswith="https://")
                | models.Q(url__startswith="http://"),
                name="video_link_is_http",
            ),
        ]

    def __str__(self) -> str:
        return self.url
