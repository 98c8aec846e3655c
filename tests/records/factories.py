"""A client whose journey holds something in every place a journey keeps text, for the
records' tests: notes, reflections, check-ins, experiments, threads, goals, the wheel, the
pulse, the closing review, a mentor's comment, a portal link and messages sent and waiting."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.booking.models import BookedBy, Booking, MoveRequest, MoveStatus
from arcwise.clients.models import Client
from arcwise.conversations.models import Author, Message
from arcwise.designs.intake_spec import IntakeQuestion, QuestionKind, question_record
from arcwise.designs.models import DesignVersion
from arcwise.insights.mentoring import mentor_grant, review_comment_add
from arcwise.intake.services import intake_save, intake_submit
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    PulseAnswer,
    Session,
    SessionStatus,
    Thread,
    ThreadKind,
)
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.portal.models import (
    CycleStep,
    ExperimentCheckIn,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
)
from arcwise.portal.services import portal_link_send
from arcwise.sponsors.models import ProgressSummary, Sponsorship, SummaryStatus
from tests.journeys.factories import START, days, make_journey
from tests.outcomes.summary_factories import (
    CLOSED_ON,
    adaptation_make,
    journey_close,
    outcomes_fill,
    private_notes_plant,
)

# Written into the journey's text; none may survive disposal or erasure.
REFLECTION = "REFLECTION-ANSWER I noticed I rescue when I am afraid"
CHECK_IN = "CHECK-IN-ANSWER I said no to the board"
BEFORE_SESSION = "BEFORE-SESSION my manager asked about the move"
THREAD = "THREAD-TEXT ask about the sister"
WHERE_IT_WENT = "WHERE-IT-WENT became an experiment"
COMMENT = "MENTOR-COMMENT the orient phase ran long"
ADAPTATION = "ADAPTATION-REASON moving home to run the family business"
INTAKE_ANSWER = "INTAKE-ANSWER to sleep through a launch week"


def _intake(journey: Journey) -> None:
    """The client's intake, answered and sent before the first session."""
    hopes = IntakeQuestion(key="hopes", kind=QuestionKind.TEXT, prompt="What do you hope for?")
    DesignVersion.objects.filter(pk=journey.design_version_id).update(
        intake=[question_record(hopes)]
    )
    intake_save(journey=journey, answers={"hopes": INTAKE_ANSWER}, expected_revision=0)
    intake_submit(journey=journey, expected_revision=1)


MESSAGE = "MESSAGE-TEXT my sister called about the business again"


def full_journey(coach: User, client: Client, *, mentor: User | None = None) -> Journey:
    """A closed journey (ended on CLOSED_ON) with text in every place a journey keeps it."""
    journey = make_journey(coach, client)
    private_notes_plant(journey)
    outcomes_fill(journey)
    adaptation_make(journey, ADAPTATION)
    sessions = list(Session.objects.filter(journey=journey).order_by("starts_at"))
    held = sessions[0]
    ReflectionRequest.objects.create(
        journey=journey,
        session=held,
        phase=held.phase,
        position=0,
        step=CycleStep.REFLECTION,
        prompt="What did you notice?",
        due_on=START + days(3),
        answer=REFLECTION,
        answered_at=timezone.now(),
    )
    SessionCheckIn.objects.create(session=held, journey=journey, since_last=BEFORE_SESSION)
    # The client booked the first session's time, and asked to move the second.
    Booking.objects.create(
        session=held,
        practice=journey.practice,
        coach=coach,
        starts_at=held.starts_at,
        held_until=held.starts_at + timedelta(minutes=held.minutes + 15),
        booked_by=BookedBy.CLIENT,
        # Held since, so it holds no time (several such journeys share one coach's week).
        released_at=held.starts_at + timedelta(minutes=held.minutes),
    )
    MoveRequest.objects.create(
        session=sessions[1],
        journey=journey,
        from_starts_at=sessions[1].starts_at,
        to_starts_at=sessions[1].starts_at + timedelta(days=30),
        status=MoveStatus.DECLINED,
        decided_at=timezone.now(),
    )
    experiment = Experiment.objects.create(
        journey=journey,
        session=held,
        title="Say no to the board",
        what_to_try="Decline one request",
        by_when=START + days(10),
        status=ExperimentStatus.DONE,
        debrief="It was easier than feared",
        closed_at=timezone.now(),
    )
    ExperimentCheckIn.objects.create(experiment=experiment, tried="yes", what_happened=CHECK_IN)
    Thread.objects.create(journey=journey, session=held, kind=ThreadKind.QUESTION, text=THREAD)
    Thread.objects.create(
        journey=journey,
        session=held,
        kind=ThreadKind.INSIGHT,
        text="A closed one",
        closed_at=timezone.now(),
        where_it_went=WHERE_IT_WENT,
    )
    PulseAnswer.objects.create(journey=journey, week_of=START, scale="Energy", value=6)
    _intake(journey)
    thread = Thread.objects.filter(journey=journey, closed_at=None).first()
    Message.objects.create(
        journey=journey, author=Author.CLIENT, body=MESSAGE, send_token=uuid4(), thread=thread
    )
    # A summary for a sponsor, which the client sent back with a note.
    sponsorship = Sponsorship.objects.create(
        practice=journey.practice, journey=journey, organisation="Harbour Analytics"
    )
    ProgressSummary.objects.create(
        sponsorship=sponsorship,
        text=f"{client.name} has found her footing with the new team.",
        status=SummaryStatus.CHANGES,
        client_note=f"Please say less about {client.name.split()[0]}'s first month",
        answered_at=timezone.now(),
    )
    if mentor is not None:
        mentor_grant(journey=journey, mentor=mentor, by=coach)
        review_comment_add(journey=journey, mentor=mentor, text=COMMENT)
    assert held.status == SessionStatus.HELD
    closed = journey_close(journey, on=CLOSED_ON)
    _messages(closed, client)
    return closed


def _messages(journey: Journey, client: Client) -> None:
    """A reminder sent to the client, one still waiting, and a portal link sent."""
    sent = enqueue(
        dedupe_key=f"test-sent:{journey.public_id}",
        kind=NudgeKind.SESSION_REMINDER,
        to=client.email,
        subject="Your coaching session",
        body=f"Hello {client.name}, a reminder of your session.",
        journey=journey,
        client=client,
    )
    Nudge.objects.filter(pk=sent.pk).update(sent_at=timezone.now() - timedelta(days=30))
    enqueue(
        dedupe_key=f"test-waiting:{journey.public_id}",
        kind=NudgeKind.REFLECTION_REQUEST,
        to=client.email,
        subject="A reflection",
        body=f"Hello {client.name}, {REFLECTION}",
        journey=journey,
        client=client,
    )
    if not PortalLink.objects.filter(client=client).exists():
        portal_link_send(client=client, sent_by=journey.coach, from_link="", site_url="http://t/")
