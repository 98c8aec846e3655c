"""Everything held about one client, as plain JSON-ready dictionaries: the client, and each
of their journeys with every row it holds. `docs/export.md` describes every field.

Read in a fixed number of queries however many journeys, sessions or answers there are:
the client's journeys with everything prefetched, their mentors' comments, and the client's
own portal links and messages. Text is read through the ORM, so it is the words as written
(or "(removed)" where disposal or erasure took them).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch

from arcwise.booking.models import MoveRequest
from arcwise.clients.models import Client
from arcwise.conversations.models import Message
from arcwise.insights.models import ReviewComment
from arcwise.intake.models import IntakeAnswer
from arcwise.journeys.models import (
    Adaptation,
    Experiment,
    Journey,
    PhaseRun,
    PlanStage,
    PulseAnswer,
    Session,
    Thread,
)
from arcwise.nudges.models import KINDS_WITH_SIGN_IN_LINKS, LINK_REMOVED, Nudge
from arcwise.outcomes.models import LEVELS, Goal, WheelArea
from arcwise.portal.models import PortalLink, ReflectionRequest, SessionCheckIn
from arcwise.records.export_parts import (
    Data,
    booking_data,
    disposal_data,
    intake_data,
    move_data,
    plain,
    review_data,
)

FORMAT = "arcwise-client-export"
FORMAT_VERSION = 1


def _id(row: Any) -> str | None:
    return None if row is None else str(row.public_id)


def client_journeys(client: Client) -> list[Journey]:
    """The client's journeys, oldest first, with every row the export reads. 19 queries."""
    return list(
        Journey.objects.filter(client=client)
        .select_related("coach", "design_version", "closing_review", "disposal", "intake")
        .prefetch_related(
            Prefetch("phase_runs", PhaseRun.objects.select_related("phase").order_by("sequence")),
            Prefetch("plan_stages", PlanStage.objects.select_related("phase").order_by("position")),
            Prefetch(
                "sessions",
                Session.objects.select_related("phase", "booking")
                .prefetch_related(
                    Prefetch("move_requests", MoveRequest.objects.order_by("asked_at", "pk"))
                )
                .order_by("starts_at", "pk"),
            ),
            Prefetch(
                "adaptations", Adaptation.objects.select_related("phase").order_by("on", "pk")
            ),
            Prefetch(
                "experiments",
                Experiment.objects.select_related("session", "check_in").order_by("by_when", "pk"),
            ),
            Prefetch(
                "threads", Thread.objects.select_related("session").order_by("opened_at", "pk")
            ),
            Prefetch("pulse_answers", PulseAnswer.objects.order_by("week_of", "scale")),
            Prefetch("scaled_goals", Goal.objects.prefetch_related("ratings").order_by("position")),
            Prefetch(
                "wheel_areas", WheelArea.objects.prefetch_related("ratings").order_by("position")
            ),
            Prefetch(
                "reflection_requests",
                ReflectionRequest.objects.select_related("session").order_by("due_on", "position"),
            ),
            Prefetch(
                "session_check_ins",
                SessionCheckIn.objects.select_related("session").order_by("created_at", "pk"),
            ),
            Prefetch("nudges", Nudge.objects.order_by("due_at", "pk")),
            Prefetch("intake_answers", IntakeAnswer.objects.order_by("pk")),
            Prefetch("conversation_messages", Message.objects.order_by("pk")),
        )
        .order_by("start_date", "created_at", "pk")
    )


def client_data(client: Client, journeys: list[Journey], files: dict[int, Data]) -> Data:
    """`client.json`: the client, their portal links and messages, and where each journey's
    file and summary are. Two queries."""
    links = PortalLink.objects.filter(client=client).order_by("created_at", "pk")
    own_messages = Nudge.objects.filter(client=client, journey=None).order_by("due_at", "pk")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "practice": client.practice.name,
        "client": {
            "id": str(client.public_id),
            "name": client.name,
            "email": client.email,
            "time_zone": client.time_zone,
            "notes": client.notes,
            "created_at": plain(client.created_at),
            "archived_at": plain(client.archived_at),
            "reminders_off_at": plain(client.reminders_off_at),
        },
        "journeys": [files[j.pk] for j in journeys],
        "portal_links": [
            {
                "created_at": plain(link.created_at),
                "expires_at": plain(link.expires_at),
                "revoked_at": plain(link.revoked_at),
                "requested_by_client": link.requested_by_client,
            }
            for link in links
        ],
        "messages": [message_data(n) for n in own_messages],
    }


def message_data(nudge: Nudge) -> Data:
    # A waiting message with a sign-in link would let whoever holds the file into the portal.
    body = nudge.body
    if nudge.kind in KINDS_WITH_SIGN_IN_LINKS and nudge.sent_at is None and body:
        body = LINK_REMOVED
    return {
        "kind": nudge.kind,
        "to": nudge.to_address,
        "subject": nudge.subject,
        "body": body,
        "due_at": plain(nudge.due_at),
        "sent_at": plain(nudge.sent_at),
        "failed_at": plain(nudge.failed_at),
    }


def comments_by_journey(journeys: list[Journey]) -> dict[int, list[Data]]:
    """Mentors' comments on the journeys (without the mentor: they saw a pseudonym). One query."""
    found: dict[int, list[Data]] = defaultdict(list)
    rows = ReviewComment.objects.filter(journey__in=journeys).select_related("phase_run")
    for comment in rows.order_by("created_at", "pk"):
        found[comment.journey_id].append(
            {
                "text": comment.text,
                "created_at": plain(comment.created_at),
                "phase_run": comment.phase_run.sequence if comment.phase_run else None,
            }
        )
    return found


def journey_data(journey: Journey, comments: list[Data], summary: str | None) -> Data:
    """`journeys/<id>.json`: one journey with every row it holds, from what is prefetched."""
    version = journey.design_version
    return {
        "id": str(journey.public_id),
        "status": journey.status,
        "coach": {"name": journey.coach.name, "email": journey.coach.email},
        "design": {"name": version.name, "version": version.number},
        "summary_pdf": summary,
        "agreement": {
            "goals": journey.goals,
            "start_date": plain(journey.start_date),
            "planned_end": plain(journey.planned_end),
            "cadence_days": journey.cadence_days,
            "session_minutes": journey.session_minutes,
            "confidentiality": journey.confidentiality,
            "fee_basis": journey.fee_basis,
        },
        "created_at": plain(journey.created_at),
        "started_at": plain(journey.started_at),
        "paused_on": plain(journey.paused_on),
        "paused_until": plain(journey.paused_until),
        "ended_on": plain(journey.ended_on),
        "ended_because": journey.ended_because,
        "what_shifted": journey.what_shifted,
        "pulse_scales": list(journey.pulse_scales or []),
        "weekly_message_cap": journey.weekly_message_cap,
        "phase_runs": [
            {
                "sequence": run.sequence,
                "phase": run.phase.name,
                "entered_on": plain(run.entered_on),
                "left_on": plain(run.left_on),
                "planned_weeks": run.planned_weeks,
                "readiness_note": run.readiness_note,
            }
            for run in journey.phase_runs.all()
        ],
        "plan": [
            {
                "position": s.position,
                "phase": s.phase.name,
                "starts": plain(s.starts),
                "ends": plain(s.ends),
            }
            for s in journey.plan_stages.all()
        ],
        "sessions": [_session(s) for s in journey.sessions.all()],
        "session_check_ins": [
            {
                "session": _id(c.session),
                "since_last": c.since_last,
                "want_from_session": c.want_from_session,
                "arriving_with": c.arriving_with,
                "updated_at": plain(c.updated_at),
            }
            for c in journey.session_check_ins.all()
        ],
        "reflections": [
            {
                "session": _id(r.session),
                "step": r.step,
                "prompt": r.prompt,
                "due_on": plain(r.due_on),
                "answer": r.answer,
                "answered_at": plain(r.answered_at),
            }
            for r in journey.reflection_requests.all()
        ],
        "experiments": [_experiment(e) for e in journey.experiments.all()],
        "threads": [
            {
                "session": _id(t.session),
                "kind": t.kind,
                "text": t.text,
                "opened_at": plain(t.opened_at),
                "closed_at": plain(t.closed_at),
                "where_it_went": t.where_it_went,
            }
            for t in journey.threads.all()
        ],
        "conversation": [
            {
                "author": m.author,
                "written_at": plain(m.created_at),
                "text": m.body,
                "became_thread": m.thread_id is not None,
                "became_experiment": m.experiment_id is not None,
            }
            for m in journey.conversation_messages.all()
        ],
        "adaptations": [
            {
                "kind": a.kind,
                "on": plain(a.on),
                "reason": a.reason,
                "phase": a.phase.name if a.phase else None,
                "weeks": a.weeks,
                "detail": a.detail,
                "created_at": plain(a.created_at),
            }
            for a in journey.adaptations.all()
        ],
        "goals": [_goal(g) for g in journey.scaled_goals.all()],
        "wheel": [
            {
                "position": area.position,
                "name": area.name,
                "ratings": [
                    {
                        "moment": r.moment,
                        "value": r.value,
                        "by_coach": r.by_coach,
                        "rated_at": plain(r.rated_at),
                    }
                    for r in sorted(area.ratings.all(), key=lambda r: (r.rated_at, r.pk))
                ],
            }
            for area in journey.wheel_areas.all()
        ],
        "pulse_answers": [
            {
                "week_of": plain(p.week_of),
                "scale": p.scale,
                "value": p.value,
                "answered_at": plain(p.answered_at),
            }
            for p in journey.pulse_answers.all()
        ],
        "intake": intake_data(journey),
        "closing_review": review_data(journey),
        "mentor_comments": comments,
        "messages": [message_data(n) for n in journey.nudges.all()],
        "disposal": disposal_data(journey),
    }


def _session(session: Session) -> Data:
    return {
        "id": str(session.public_id),
        "phase": session.phase.name,
        "starts_at": plain(session.starts_at),
        "minutes": session.minutes,
        "status": session.status,
        "inserted": session.inserted,
        "notes": session.notes,
        "key_insights": session.key_insights,
        "agreements": session.agreements,
        "record_saved_at": plain(session.record_saved_at),
        "booking": booking_data(session),
        "moves_asked": [move_data(move) for move in session.move_requests.all()],
    }


def _experiment(experiment: Experiment) -> Data:
    try:
        check_in = experiment.check_in
    except Experiment.check_in.RelatedObjectDoesNotExist:
        check_in = None
    return {
        "session": _id(experiment.session),
        "title": experiment.title,
        "what_to_try": experiment.what_to_try,
        "by_when": plain(experiment.by_when),
        "status": experiment.status,
        "debrief": experiment.debrief,
        "closed_at": plain(experiment.closed_at),
        "check_in": None
        if check_in is None
        else {
            "tried": check_in.tried,
            "what_happened": check_in.what_happened,
            "in_the_way": check_in.in_the_way,
            "updated_at": plain(check_in.updated_at),
        },
    }


def _goal(goal: Goal) -> Data:
    return {
        "position": goal.position,
        "text": goal.text,
        "weight": goal.weight,
        "levels": {str(level): goal.level_words(level) for level, _, _ in LEVELS},
        "ratings": [
            {"moment": r.moment, "rater": r.rater, "level": r.level, "rated_at": plain(r.rated_at)}
            for r in sorted(goal.ratings.all(), key=lambda r: (r.rated_at, r.pk))
        ],
    }
