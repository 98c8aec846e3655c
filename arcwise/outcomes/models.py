"""What a journey set out to change and what changed: the client's goals scaled with Goal
Attainment Scaling, a wheel of self-ratings, and the closing review that ends a journey well.

Ratings are kept per moment (baseline, mid-way, close) and per rater (coach, client): both
views stay side by side, neither overwrites the other."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.journeys.models import EndReason, Journey
from arcwise.privacy.fields import EncryptedTextField

GOAL_TEXT_LIMIT = 300
LEVEL_TEXT_LIMIT = 300
AREA_NAME_LIMIT = 40
CLOSING_TEXT_LIMIT = 4000
MIN_WEIGHT = 1
MAX_WEIGHT = 5
MIN_AREAS = 3
MAX_AREAS = 10
MAX_GOALS = 6


class Moment(models.TextChoices):
    BASELINE = "baseline", "At the start"
    MIDWAY = "midway", "Mid-way"
    CLOSE = "close", "At close"


class Rater(models.TextChoices):
    COACH = "coach", "Coach"
    CLIENT = "client", "Client"


# The five levels of a goal, from -2 to +2: the field that holds each level's words, and how
# the level is named to a coach and a client.
LEVELS: tuple[tuple[int, str, str], ...] = (
    (-2, "much_less", "Much less than expected"),
    (-1, "less", "Less than expected"),
    (0, "expected", "The expected outcome"),
    (1, "more", "More than expected"),
    (2, "much_more", "Much more than expected"),
)
LEVEL_NAMES = {level: name for level, _, name in LEVELS}


class Goal(models.Model):
    """One of the agreement's goals, in the client's words, with its five levels described."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="scaled_goals")
    position = models.PositiveSmallIntegerField()
    text = EncryptedTextField(max_length=GOAL_TEXT_LIMIT)
    weight = models.PositiveSmallIntegerField(default=1)
    much_less = EncryptedTextField(max_length=LEVEL_TEXT_LIMIT, blank=True)
    less = EncryptedTextField(max_length=LEVEL_TEXT_LIMIT, blank=True)
    expected = EncryptedTextField(max_length=LEVEL_TEXT_LIMIT, blank=True)
    more = EncryptedTextField(max_length=LEVEL_TEXT_LIMIT, blank=True)
    much_more = EncryptedTextField(max_length=LEVEL_TEXT_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="goal_position_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=MIN_WEIGHT, weight__lte=MAX_WEIGHT),
                name="goal_weight_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"goal {self.public_id}"

    def level_words(self, level: int) -> str:
        """What the client would notice at `level` (-2 to +2), as the coach wrote it."""
        field = {value: field for value, field, _ in LEVELS}[level]
        return str(getattr(self, field))

    def is_scaled(self) -> bool:
        """Every level is described, so the goal can be rated."""
        return all(getattr(self, field).strip() for _, field, _ in LEVELS)


class GoalRating(models.Model):
    """Where one rater puts one goal at one moment: a level from -2 to +2."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    rater = models.CharField(max_length=6, choices=Rater.choices)
    level = models.SmallIntegerField()
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "moment", "rater"], name="goal_rating_once_per_moment"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=-2, level__lte=2), name="goal_rating_level_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(moment__in=Moment.values), name="goal_rating_moment_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(rater__in=Rater.values), name="goal_rating_rater_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rater} rating at {self.moment}"


class WheelArea(models.Model):
    """A named area of the client's life or work, rated 0 to 10 at the start and at close."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="wheel_areas")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=AREA_NAME_LIMIT)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="wheel_area_position"),
            models.UniqueConstraint(fields=["journey", "name"], name="wheel_area_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class WheelRating(models.Model):
    """The client's 0 to 10 rating of one area at one moment. The coach may type in what the
    client said in a session; `by_coach` keeps that visible."""

    area = models.ForeignKey(WheelArea, on_delete=models.CASCADE, related_name="ratings")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    value = models.PositiveSmallIntegerField()
    by_coach = models.BooleanField(default=False)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "moment"], name="wheel_rating_once_per_moment"),
            models.CheckConstraint(
                condition=models.Q(value__lte=10), name="wheel_rating_value_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(moment__in=Moment.values), name="wheel_rating_moment_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} at {self.moment}"


class ReviewKind(models.TextChoices):
    FULL = "full", "Closing review"
    SHORT = "short", "Ending early"


class ReviewStep(models.TextChoices):
    """The steps of the review, in order. A review is saved at the step it reached."""

    LOOSE_ENDS = "loose_ends", "Loose ends"
    RATINGS = "ratings", "Closing ratings"
    SHIFTED = "shifted", "What has shifted"
    FORWARD = "forward", "What the client takes forward"
    CLOSE = "close", "The closing date"


class ClosingReview(models.Model):
    """The guided review that closes a journey (or, in short form, ends it early).

    It is saved step by step; the journey closes only at the last step. The client's words
    are asked for through the portal (`client_asked_at`) and kept as they wrote them.
    """

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="closing_review")
    kind = models.CharField(max_length=5, choices=ReviewKind.choices, default=ReviewKind.FULL)
    step = models.CharField(
        max_length=10, choices=ReviewStep.choices, default=ReviewStep.LOOSE_ENDS
    )
    # Ending early: why, from the journey's end reasons, and the line for the adaptation log.
    because = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    because_note = EncryptedTextField(max_length=200, blank=True)
    coach_words = EncryptedTextField(blank=True, max_length=CLOSING_TEXT_LIMIT)
    client_words = EncryptedTextField(blank=True, max_length=CLOSING_TEXT_LIMIT)
    takes_forward = EncryptedTextField(blank=True, max_length=CLOSING_TEXT_LIMIT)
    client_asked_at = models.DateTimeField(null=True, blank=True)
    client_answered_at = models.DateTimeField(null=True, blank=True)
    closing_date = models.DateField(null=True, blank=True)
    # Raised by every save, so a second tab's save of an older page is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReviewKind.values), name="review_kind_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(step__in=ReviewStep.values), name="review_step_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"closing review of {self.journey_id}"

    def is_complete(self) -> bool:
        return self.completed_at is not None


class MeasureSet(models.Model):
    """Which edit of a journey's goals and wheel areas a form was made from.

    Each counter is raised by every save of its list, so a second tab's (or a second
    click's) save of an older page is refused instead of overwriting the first. No row yet
    means nothing was ever saved: both at 0.
    """

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="measure_set")
    goals_version = models.PositiveIntegerField(default=0)
    areas_version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"measures of {self.journey_id}"
