"""The client's side: magic links into the portal, reflections asked for after a session,
and check-ins on experiments. Nothing here is a coach's note; the portal shows only these."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.designs.models import Phase
from arcwise.designs.spec import TEXT_LENGTH
from arcwise.journeys.models import Experiment, Journey, Session
from arcwise.privacy.fields import EncryptedTextField
from arcwise.text_fields import LimitedTextField

# The longest answer a client may give to one question, in characters (forms state it, the
# database checks it); a reflection's prompt is a design's text, at most as long as a design allows.
ANSWER_LIMIT = 5000
PROMPT_LIMIT = TEXT_LENGTH


class PortalLink(models.Model):
    """A secret link that opens one client's portal. Only the token's SHA-256 is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The coach who sent it; empty when the client asked for a fresh link themselves.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by_client = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="portal_link_expires_after_it_is_made",
            ),
        ]
        indexes = [
            # Serves the fresh-link rate limit: a client's self-requested links of the last hour.
            models.Index(
                fields=["client", "created_at"],
                condition=models.Q(requested_by_client=True),
                name="portal_link_requests",
            ),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"portal link {self.public_id}"

    def is_usable(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class PortalClosure(models.Model):
    """The coach closed this client's portal (revoked their links). Until the coach sends a
    new link from the client's page, which removes this row, no link is made for the client
    (not in a reminder, not on the client's request) and none opens the portal."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="portal_closure")
    closed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"portal closed for {self.client_id}"


class CycleStep(models.TextChoices):
    EXPERIENCE = "experience", "Experience"
    REFLECTION = "reflection", "Reflection"
    INTEGRATION = "integration", "Integration"


class ReflectionRequest(models.Model):
    """One reflection prompt asked of the client after a held session, and their answer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="reflection_requests"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="reflection_requests"
    )
    phase = models.ForeignKey(Phase, on_delete=models.RESTRICT, related_name="+")
    # The prompt's place in the phase's list: with the session, what makes a request unique.
    position = models.PositiveSmallIntegerField()
    step = models.CharField(max_length=12, choices=CycleStep.choices)
    prompt = LimitedTextField(max_length=PROMPT_LIMIT)
    due_on = models.DateField()
    answer = EncryptedTextField(blank=True, max_length=ANSWER_LIMIT)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Raised by every save; an autosave made from an older one is refused, not lost.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Marking a session held twice (or held, planned, held) asks each prompt once.
            models.UniqueConstraint(
                fields=["session", "position"], name="reflection_once_per_session_prompt"
            ),
            models.CheckConstraint(
                condition=models.Q(step__in=CycleStep.values), name="reflection_step_is_known"
            ),
        ]
        indexes = [
            # Serves the portal and prep: a journey's requests by due day.
            models.Index(fields=["journey", "due_on"], name="reflection_by_journey"),
        ]
        ordering = ["due_on", "position"]

    def __str__(self) -> str:
        return f"reflection {self.public_id}"


class Tried(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "Not yet"


class ExperimentCheckIn(models.Model):
    """The client's word on an experiment: tried it? what happened? what got in the way?"""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    experiment = models.OneToOneField(Experiment, on_delete=models.CASCADE, related_name="check_in")
    tried = models.CharField(max_length=8, choices=Tried.choices, blank=True)
    what_happened = EncryptedTextField(blank=True, max_length=ANSWER_LIMIT)
    in_the_way = EncryptedTextField(blank=True, max_length=ANSWER_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tried__in=[*Tried.values, ""]), name="check_in_tried_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"check-in on {self.experiment_id}"


class SessionCheckIn(models.Model):
    """The client's few lines before a session: what has happened since, what they want
    from it. Asked in the portal from CHECK_IN_OPENS_DAYS before the session; the answers
    head the coach's session prep."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="client_check_in"
    )
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="session_check_ins")
    since_last = EncryptedTextField(blank=True, max_length=ANSWER_LIMIT)
    want_from_session = EncryptedTextField(blank=True, max_length=ANSWER_LIMIT)
    arriving_with = EncryptedTextField(blank=True, max_length=ANSWER_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Raised by every save; an autosave made from an older one is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"check-in before session {self.session_id}"

    def is_answered(self) -> bool:
        return any((self.since_last, self.want_from_session, self.arriving_with))


# The portal asks its pre-session questions from this many days before a session (in the
# client's time zone) until it starts: close enough to say what has happened since.
CHECK_IN_OPENS_DAYS = 2
# The questions, in the client's words; the coach's prep shows them with the answers.
CHECK_IN_QUESTIONS = {
    "since_last": "What has happened since our last session?",
    "want_from_session": "What do you want from this session?",
    "arriving_with": "Anything else your coach should know before you meet?",
}
