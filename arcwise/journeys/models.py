"""Running journeys: one client's engagement under one published design version.

A journey passes through phase runs (revisiting a phase makes a second run), holds sessions
and experiments, and records every deliberate deviation from its design as an adaptation.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion, Phase
from arcwise.journeys import text_limits
from arcwise.privacy.fields import EncryptedTextField


class JourneyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"
    ENDED_EARLY = "ended_early", "Ended early"


OPEN_STATUSES = (JourneyStatus.ACTIVE, JourneyStatus.PAUSED, JourneyStatus.CLOSING)
ENDED_STATUSES = (JourneyStatus.CLOSED, JourneyStatus.ENDED_EARLY)


# Messages a client gets in seven days unasked (session reminders always go): three by default.
DEFAULT_WEEKLY_MESSAGE_CAP = 3
MIN_WEEKLY_MESSAGE_CAP = 1
MAX_WEEKLY_MESSAGE_CAP = 14


class FeeBasis(models.TextChoices):
    PAID = "paid", "Paid"
    PRO_BONO = "pro_bono", "Pro bono"


class EndReason(models.TextChoices):
    WITHDREW = "withdrew", "The client withdrew"
    GOALS_MET = "goals_met", "Goals met early"
    REFERRED = "referred", "Referred on"
    NO_CONTACT = "no_contact", "No contact"
    OTHER = "other", "Other"


class Journey(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="journeys")
    # RESTRICT, not PROTECT: a client, coach or design version with journeys cannot be
    # deleted on its own (the journeys are history), but deleting the whole practice deletes
    # them together with their journeys.
    client = models.ForeignKey(Client, on_delete=models.RESTRICT, related_name="journeys")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="journeys"
    )
    design_version = models.ForeignKey(
        DesignVersion, on_delete=models.RESTRICT, related_name="journeys"
    )
    status = models.CharField(
        max_length=12, choices=JourneyStatus.choices, default=JourneyStatus.DRAFT
    )
    # The agreement, in the client's words where it matters.
    goals = EncryptedTextField(max_length=text_limits.GOALS_LIMIT)
    start_date = models.DateField()
    planned_end = models.DateField()
    cadence_days = models.PositiveSmallIntegerField()
    session_minutes = models.PositiveSmallIntegerField(default=60)
    confidentiality = EncryptedTextField(blank=True, max_length=text_limits.CONFIDENTIALITY_LIMIT)
    fee_basis = models.CharField(max_length=8, choices=FeeBasis.choices, default=FeeBasis.PAID)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # While paused: the day it paused and the return the coach expects.
    paused_on = models.DateField(null=True, blank=True)
    paused_until = models.DateField(null=True, blank=True)
    # How it ended: the day, and what shifted (closed) or why it stopped (ended early).
    ended_on = models.DateField(null=True, blank=True)
    what_shifted = EncryptedTextField(blank=True, max_length=text_limits.CLOSING_WORDS_LIMIT)
    ended_because = models.CharField(max_length=16, blank=True)
    # When its words were removed (records' disposal or erasure): none are kept after that.
    text_removed_at = models.DateTimeField(null=True, blank=True)
    # The client's weekly 0-10 scales, in their words: the design's, or the coach's own.
    pulse_scales = models.JSONField(default=list, blank=True)
    # Messages reaching the client in any seven days unasked: prompts wait at the cap.
    weekly_message_cap = models.PositiveSmallIntegerField(default=DEFAULT_WEEKLY_MESSAGE_CAP)
    # Raised by every change of state or plan: a form carries the revision it was made from.
    revision = models.PositiveIntegerField(default=1)
    # Made by the plan page, sent back by "Start the journey": a repeat finds this journey.
    start_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The momentum state insights last judged (only insights/alerts.py writes these), blank
    # until first judged; written compare-and-set on the old state, so two planners cannot
    # both see one change. The time is null for the first judgement: found, not seen happening.
    momentum_state = models.CharField(max_length=16, blank=True)
    momentum_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("start_date")),
                name="journey_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=JourneyStatus.values), name="journey_status_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(cadence_days__gte=1, cadence_days__lte=56),
                name="journey_cadence_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    weekly_message_cap__gte=MIN_WEEKLY_MESSAGE_CAP,
                    weekly_message_cap__lte=MAX_WEEKLY_MESSAGE_CAP,
                ),
                name="journey_message_cap_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_basis__in=FeeBasis.values), name="journey_fee_basis_is_known"
            ),
        ]
        indexes = [
            # Serves the caseload: one coach's open journeys.
            models.Index(fields=["practice", "coach", "status"], name="journey_caseload"),
        ]

    def __str__(self) -> str:
        return f"journey {self.public_id}"

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PhaseRun(models.Model):
    """A journey's passage through one phase. Revisiting a phase makes another run."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="phase_runs")
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, related_name="runs")
    sequence = models.PositiveSmallIntegerField()
    entered_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    planned_weeks = models.PositiveSmallIntegerField()
    readiness_note = EncryptedTextField(blank=True, max_length=text_limits.READINESS_NOTE_LIMIT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "sequence"], name="run_sequence_unique"),
            # A journey is in one phase at a time.
            models.UniqueConstraint(
                fields=["journey"], condition=models.Q(left_on=None), name="one_open_run"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on=None) | models.Q(left_on__gte=models.F("entered_on")),
                name="run_leaves_after_it_enters",
            ),
        ]
        ordering = ["journey", "sequence"]

    def __str__(self) -> str:
        return f"run {self.sequence} of {self.journey_id}"


class PlanStage(models.Model):
    """One stretch of the living plan: the phase under way (position 1) or one still ahead.
    Replaced as a whole each time the plan changes; the past lives in phase runs."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="plan_stages")
    position = models.PositiveSmallIntegerField()
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, related_name="+")
    starts = models.DateField()
    ends = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="plan_stage_unique"),
            models.UniqueConstraint(fields=["journey", "phase"], name="plan_stage_phase_once"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="plan_stage_has_days"
            ),
        ]
        ordering = ["journey", "position"]

    def __str__(self) -> str:
        return f"stage {self.position} of {self.journey_id}"


class AdaptationKind(models.TextChoices):
    EXTEND = "extend", "Extended a phase"
    REVISIT = "revisit", "Revisited a phase"
    SKIP = "skip", "Skipped a phase"
    INSERT_SESSION = "insert_session", "Inserted a session"
    PAUSE = "pause", "Paused the journey"
    RESUME = "resume", "Resumed the journey"
    END = "end", "Ended the journey early"
    MOVE_VERSION = "move_version", "Moved to a newer design version"
    HANDOVER = "handover", "Handed to another coach"


class Adaptation(models.Model):
    """A deliberate deviation from the design, with the reason it was right."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="adaptations")
    kind = models.CharField(max_length=16, choices=AdaptationKind.choices)
    # Often says something of the client's life ("moving home to run the family business").
    reason = EncryptedTextField(max_length=200)
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, null=True, related_name="+")
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # What else the coach chose, in words for the log: "its sessions join Experiment".
    detail = models.CharField(max_length=200, blank=True)
    on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="adaptation_has_a_reason"),
            models.CheckConstraint(
                condition=models.Q(kind__in=AdaptationKind.values), name="adaptation_kind_is_known"
            ),
        ]
        ordering = ["journey", "on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"
    SUSPENDED = "suspended", "Suspended (paused)"


class Session(models.Model):
    """A coaching session of a journey. Notes are the coach's alone: sensitive personal data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="sessions")
    # The design phase the session is planned in, and the run it happened in once held.
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, related_name="+")
    phase_run = models.ForeignKey(
        PhaseRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    inserted = models.BooleanField(default=False)  # added beyond the design's plan
    notes = EncryptedTextField(blank=True, max_length=text_limits.SESSION_NOTES_LIMIT)
    key_insights = EncryptedTextField(blank=True, max_length=text_limits.SESSION_RECORD_LIMIT)
    agreements = EncryptedTextField(blank=True, max_length=text_limits.SESSION_RECORD_LIMIT)
    # Raised by every save of the record; a save based on an older one is refused.
    record_version = models.PositiveIntegerField(default=1)
    record_saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SessionStatus.values), name="session_status_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=10, minutes__lte=480), name="session_length_sane"
            ),
        ]
        indexes = [
            # Serves "next session" and session lists of a journey, in time order.
            models.Index(fields=["journey", "starts_at"], name="session_by_journey_time"),
        ]
        ordering = ["journey", "starts_at"]

    def __str__(self) -> str:
        return f"session {self.public_id}"


class ExperimentStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Experiment(models.Model):
    """A between-session practice agreed in a session: what to try, by when."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="experiments")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="experiments"
    )
    title = models.CharField(max_length=120)
    what_to_try = EncryptedTextField(max_length=text_limits.WHAT_TO_TRY_LIMIT)
    by_when = models.DateField()
    status = models.CharField(
        max_length=8, choices=ExperimentStatus.choices, default=ExperimentStatus.OPEN
    )
    # What was learned, written by the coach when the experiment is marked done or dropped.
    debrief = EncryptedTextField(blank=True, max_length=text_limits.DEBRIEF_LIMIT)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Made by the session page, sent back by "Agree the experiment": a repeat adds nothing.
    agree_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExperimentStatus.values),
                name="experiment_status_is_known",
            ),
            # Only a closed experiment has a debrief. The service asks for one on closing;
            # experiments closed before debriefs existed have none, so it is not forced here.
            models.CheckConstraint(
                condition=models.Q(status=ExperimentStatus.OPEN, closed_at=None, debrief="")
                | ~models.Q(status=ExperimentStatus.OPEN),
                name="only_closed_experiments_have_a_debrief",
            ),
        ]
        ordering = ["journey", "by_when", "created_at"]

    def __str__(self) -> str:
        return self.title


class ThreadKind(models.TextChoices):
    INSIGHT = "insight", "Insight"
    AGREEMENT = "agreement", "Agreement"
    QUESTION = "question", "Question"


class Thread(models.Model):
    """Something said in a session and not yet followed up, open until the coach closes it
    with where it went: what a coach would otherwise carry in their head."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="threads")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(max_length=10, choices=ThreadKind.choices)
    text = EncryptedTextField(max_length=text_limits.THREAD_TEXT_LIMIT)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # One line on where it went, written when the coach closes the thread.
    where_it_went = EncryptedTextField(max_length=text_limits.WHERE_IT_WENT_LIMIT, blank=True)
    # Raised by every change; the close form carries the version it was made from.
    version = models.PositiveIntegerField(default=1)
    # Made when the session page renders and sent back by "Keep this thread", so a repeat of
    # the same form opens nothing twice.
    open_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ThreadKind.values), name="thread_kind_is_known"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="thread_has_text"),
            # Closed exactly when it says where it went.
            models.CheckConstraint(
                condition=models.Q(closed_at=None, where_it_went="")
                | (~models.Q(closed_at=None) & ~models.Q(where_it_went="")),
                name="closed_thread_says_where_it_went",
            ),
        ]
        ordering = ["journey", "opened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"

    def is_open(self) -> bool:
        return self.closed_at is None


class PulseAnswer(models.Model):
    """The client's answer on one pulse scale for one week (the week's Monday)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="pulse_answers")
    week_of = models.DateField()
    scale = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Answering again in the same week changes that week's answer, never adds one.
            models.UniqueConstraint(
                fields=["journey", "week_of", "scale"], name="pulse_answer_once_a_week"
            ),
            models.CheckConstraint(
                condition=models.Q(value__lte=10), name="pulse_answer_from_0_to_10"
            ),
        ]
        ordering = ["journey", "week_of", "scale"]

    def __str__(self) -> str:
        return f"{self.scale}: {self.value} in the week of {self.week_of}"
