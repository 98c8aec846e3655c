"""Journey pages: enrolment with a proposed plan, the journey and its map, phase moves and
adaptations, sessions with their record, experiments, and session prep."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec
from uuid import UUID, uuid4

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.models import Role
from arcwise.clients.models import Client
from arcwise.designs.diff import compare_designs
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import design_list_for, version_spec
from arcwise.errors import DomainError
from arcwise.http import MemberRequest
from arcwise.journeys import adaptations, enrolment, hooks, services, threads
from arcwise.journeys.endings import CloseForm, EndEarlyForm, HandoverForm, RemoveForm
from arcwise.journeys.forms import (
    AdvanceForm,
    AgreementForm,
    ExperimentForm,
    ExperimentStatusForm,
    RescheduleForm,
    SessionRecordForm,
    SessionStatusForm,
    StartForm,
)
from arcwise.journeys.models import Experiment, Journey, Session, SessionStatus
from arcwise.journeys.moving import MoveVersionForm, version_choice
from arcwise.journeys.queries import (
    JourneyState,
    get_experiment_for,
    get_journey_for,
    get_session_for,
    get_thread_for,
    handover_for,
    journeys_for,
    preview_rows,
)
from arcwise.journeys.schedule import PlanDiff
from arcwise.svg.journey_map import render_journey_map
from arcwise.svg.pulse_chart import render_pulse_chart
from arcwise.tenancy import coaches_only, member_required, scoped

# The rest of a view's arguments, from the URL: `kind`, `session_id`, `experiment_id`.
P = ParamSpec("P")


def with_journey(
    view: Callable[Concatenate[MemberRequest, Journey, P], HttpResponse],
) -> Callable[Concatenate[MemberRequest, UUID, P], HttpResponse]:
    """Pass the view the signed-in coach's journey named in the URL (404 for anyone else)."""

    @wraps(view)
    def wrapper(
        request: MemberRequest, journey_id: UUID, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        return view(request, get_journey_for(request, journey_id), *args, **kwargs)

    return wrapper


def _tz(request: MemberRequest) -> str:
    return request.user.time_zone


# --- Enrolment -----------------------------------------------------------------------------


def _choices(request: MemberRequest) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    clients = scoped(Client, request).filter(archived_at=None).order_by("name")
    designs = [
        (str(row.current.pk), f"{row.current.name} (version {row.current.number})")
        for row in design_list_for(request)
        if row.current is not None
    ]
    return [(str(c.public_id), c.name) for c in clients], designs


def _agreement_form(request: MemberRequest, data: QueryDict | None = None) -> AgreementForm:
    clients, designs = _choices(request)
    initial = {"client": request.GET.get("client", ""), "start_date": timezone.localdate()}
    return AgreementForm(data, clients=clients, designs=designs, initial=initial)


@require_http_methods(["GET", "POST"])
@coaches_only
def journey_new(request: MemberRequest) -> HttpResponse:
    """Agreement, then the proposed plan, then the start: `enrolment` decides which."""
    if request.method != "POST":
        return render(request, "journeys/enrol.html", {"form": _agreement_form(request)})
    enroller = enrolment.Enroller(
        practice=request.practice,
        coach=request.user,
        clients=scoped(Client, request),
        time_zone=_tz(request),
    )
    sent = enrolment.Sent(
        action=enrolment.Action.of(request.POST.get("action")),
        agreement=_agreement_form(request, request.POST or None),
        plan=enrolment.plan_formset(enroller, request.POST),
        start=StartForm(request.POST),
    )
    step = enrolment.next_step(enroller, sent)
    if isinstance(step, enrolment.Started):
        if step.repeat:
            messages.info(request, step.message)
        else:
            messages.success(request, step.message)
        return redirect("journeys:detail", journey_id=step.journey.public_id)
    if isinstance(step, enrolment.PlanStep):
        return render(request, "journeys/plan.html", {"step": step}, status=step.status)
    return render(request, "journeys/enrol.html", {"form": step.form}, status=step.status)


# --- The journey ---------------------------------------------------------------------------


@require_http_methods(["GET"])
@coaches_only
def journey_list(request: MemberRequest) -> HttpResponse:
    """Open journeys by default; `?show=ended` lists the closed and ended ones."""
    listing = journeys_for(request, ended=request.GET.get("show") == "ended")
    return render(request, "journeys/journey_list.html", {"listing": listing})


def _journey_context(
    request: MemberRequest, journey: Journey, state: JourneyState | None = None, **extra: object
) -> dict[str, object]:
    state = state or JourneyState.of(journey)
    return {
        "journey": journey,
        "state": state,
        "map": mark_safe(render_journey_map(state.picture())),  # noqa: S308 - escapes all text
        "pulse_chart": (
            render_pulse_chart(state.pulse, title=f"Weekly pulse: {journey.client.name}")
            if state.journey.pulse_answers.all()
            else None
        ),
        "tz": _tz(request),
        **extra,
    }


@require_http_methods(["GET"])
@coaches_only
@with_journey
def journey_detail(request: MemberRequest, journey: Journey) -> HttpResponse:
    state = JourneyState.of(journey)
    context = _journey_context(
        request,
        journey,
        state,
        advance_form=AdvanceForm(initial={"on": state.today, "revision": journey.revision}),
        adaptations=adaptations.available(state, _tz(request)),
        close_form=CloseForm(initial={"on": state.today, "revision": journey.revision}),
        end_form=EndEarlyForm(initial={"on": state.today, "revision": journey.revision}),
        sections=hooks.journey_sections(state, "journey"),
        experiment_notes=hooks.experiment_notes(state),
    )
    return render(request, "journeys/journey_detail.html", context)


@require_http_methods(["GET"])
@coaches_only
@with_journey
def session_prep(request: MemberRequest, journey: Journey) -> HttpResponse:
    state = JourneyState.of(journey)
    context = _journey_context(
        request,
        journey,
        state,
        sections=hooks.journey_sections(state, "prep"),
        experiment_notes=hooks.experiment_notes(state),
    )
    return render(request, "journeys/prep.html", context)


def _refused(request: MemberRequest, journey: Journey, error: DomainError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("journeys:detail", journey_id=journey.public_id)


def _form_problems(form: forms.Form) -> str:
    return "; ".join(
        f"{form.fields[name].label or name}: {' '.join(str(e) for e in errors)}"
        if name in form.fields
        else " ".join(str(e) for e in errors)
        for name, errors in form.errors.items()
    )


@require_POST
@coaches_only
@with_journey
def phase_advance(request: MemberRequest, journey: Journey) -> HttpResponse:
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {_form_problems(form)}")
        return redirect("journeys:detail", journey_id=journey.public_id)
    try:
        run = services.phase_advance(
            journey=journey,
            readiness_note=form.cleaned_data["readiness_note"],
            on=form.cleaned_data["on"],
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return _refused(request, journey, error)
    messages.success(request, f"The journey has moved on to {run.phase.name}.")
    return redirect("journeys:detail", journey_id=journey.public_id)


def _adaptation_form(
    request: MemberRequest, journey: Journey, kind: str
) -> tuple[JourneyState, adaptations.AdaptationForm]:
    form_class = adaptations.FORMS.get(kind)
    if form_class is None:
        raise Http404("No such adaptation")
    state = JourneyState.of(journey)
    return state, form_class(request.POST, state=state, time_zone=_tz(request))


def _preview_page(
    request: MemberRequest,
    journey: Journey,
    state: JourneyState,
    form: adaptations.AdaptationForm,
    diff: PlanDiff | None,
    *,
    status: int = 200,
) -> HttpResponse:
    rows = preview_rows(state.phase_names, diff) if diff else []
    context: dict[str, object] = {"form": form, "diff": diff, "rows": rows}
    if request.htmx:
        context |= {"journey": journey, "state": state}
        return render(request, "journeys/_adapt_preview.html", context, status=status)
    return render(
        request,
        "journeys/adapt_preview.html",
        _journey_context(request, journey, state, **context),
        status=status,
    )


@require_POST
@coaches_only
@with_journey
def adapt_preview(request: MemberRequest, journey: Journey, kind: str) -> HttpResponse:
    """What an adaptation would do to the plan, to confirm or to change; nothing is saved."""
    state, form = _adaptation_form(request, journey, kind)
    if not form.is_valid():
        return _preview_page(request, journey, state, form, None, status=400)
    try:
        diff = services.plan_preview(journey=journey, change=form.change(), today=state.today)
    except DomainError as error:
        form.add_error(None, error.message)
        return _preview_page(request, journey, state, form, None, status=400)
    return _preview_page(request, journey, state, form, diff)


@require_POST
@coaches_only
@with_journey
def adapt(request: MemberRequest, journey: Journey, kind: str) -> HttpResponse:
    """Make the adaptation the coach saw previewed, if the journey is still as they saw it."""
    state, form = _adaptation_form(request, journey, kind)
    if not form.is_valid():
        return _preview_page(request, journey, state, form, None, status=400)
    try:
        done = services.journey_adapt(
            journey=journey,
            change=form.change(),
            reason=form.cleaned_data["reason"],
            by=request.user,
            today=state.today,
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return _refused(request, journey, error)
    messages.success(request, f"Done, and recorded in the adaptation log. {done.diff.summary()}")
    return redirect("journeys:detail", journey_id=journey.public_id)


@require_POST
@coaches_only
@with_journey
def journey_close(request: MemberRequest, journey: Journey) -> HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"The journey is still open. {_form_problems(form)}")
        return redirect("journeys:detail", journey_id=journey.public_id)
    ending = services.Ending(
        on=form.cleaned_data["on"], what_shifted=form.cleaned_data["what_shifted"]
    )
    try:
        services.journey_close(
            journey=journey,
            ending=ending,
            expected_revision=form.cleaned_data["revision"],
            today=timezone.localdate(),
        )
    except DomainError as error:
        return _refused(request, journey, error)
    messages.success(request, "The journey is closed. Sessions still to come are cancelled.")
    return redirect("journeys:detail", journey_id=journey.public_id)


@require_POST
@coaches_only
@with_journey
def journey_end_early(request: MemberRequest, journey: Journey) -> HttpResponse:
    form = EndEarlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"The journey is still open. {_form_problems(form)}")
        return redirect("journeys:detail", journey_id=journey.public_id)
    ending = services.Ending(
        on=form.cleaned_data["on"],
        because=form.cleaned_data["because"],
        note=form.cleaned_data["note"],
    )
    try:
        services.journey_end_early(
            journey=journey,
            ending=ending,
            by=request.user,
            expected_revision=form.cleaned_data["revision"],
            today=timezone.localdate(),
        )
    except DomainError as error:
        return _refused(request, journey, error)
    messages.success(request, "The journey has ended early; the ending is in the adaptation log.")
    return redirect("journeys:detail", journey_id=journey.public_id)


def _move_page(
    request: MemberRequest,
    journey: Journey,
    version: DesignVersion,
    form: MoveVersionForm,
    *,
    status: int = 200,
) -> HttpResponse:
    state = JourneyState.of(journey)
    phases = list(version.phases.order_by("position"))
    design_diff = compare_designs(
        version_spec(journey.design_version, state.phases), version_spec(version, phases)
    )
    diff = None
    if form.is_bound and form.is_valid():
        try:
            diff = services.version_move_preview(
                journey=journey,
                version=version,
                continue_at=form.cleaned_data["continue_at"],
                today=state.today,
            )
        except DomainError as error:
            form.add_error(None, error.message)
    names = {**state.phase_names, **{p.key: p.name for p in phases}}
    context = _journey_context(
        request,
        journey,
        state,
        version=version,
        form=form,
        design_diff=design_diff,
        diff=diff,
        rows=preview_rows(names, diff) if diff else [],
    )
    return render(request, "journeys/move_version.html", context, status=status)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_journey
def journey_move_version(request: MemberRequest, journey: Journey) -> HttpResponse:
    """The design's changes and their effect on this journey's plan; confirming moves it."""
    data = request.POST if request.method == "POST" else request.GET
    version = version_choice(services.newer_versions(journey), data.get("version"))
    if version is None:
        messages.info(request, "This journey already runs on the newest published version.")
        return redirect("journeys:detail", journey_id=journey.public_id)
    phases = list(version.phases.order_by("position"))
    current = JourneyState.of(journey).current_phase
    initial: dict[str, int | str] = {"version": version.number, "revision": journey.revision}
    if current and any(p.key == current.key for p in phases):
        initial["continue_at"] = current.key
    bound = "continue_at" in data
    confirming = request.method == "POST"
    values = data.dict() if confirming else {**initial, **data.dict()}
    form = MoveVersionForm(
        values if bound else None, phases=phases, initial=initial, confirming=confirming
    )
    if request.method == "GET" or not form.is_valid():
        return _move_page(
            request, journey, version, form, status=200 if form.is_valid() or not bound else 400
        )
    try:
        diff = services.journey_move_version(
            journey=journey,
            version=version,
            continue_at=form.cleaned_data["continue_at"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            today=timezone.localdate(),
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return _refused(request, journey, error)
    messages.success(request, f"The journey now runs on version {version.number}. {diff.summary()}")
    return redirect("journeys:detail", journey_id=journey.public_id)


@require_http_methods(["GET", "POST"])
@coaches_only
def journey_remove(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    """Remove a journey started by mistake: GET shows what goes, POST (with the revision
    the page showed) deletes it."""
    try:
        journey = get_journey_for(request, journey_id)
    except Http404:
        # Removing twice lands here, as does a journey that was never the coach's: the
        # page cannot tell which without saying whether the journey exists, so it says both.
        return render(request, "journeys/journey_gone.html", status=404)
    state = JourneyState.of(journey)
    form = RemoveForm(request.POST or None, initial={"revision": journey.revision})
    if request.method == "POST":
        if not form.is_valid():
            return _refused(request, journey, DomainError("This page is out of date."))
        try:
            removed = services.journey_remove(
                journey=journey,
                expected_revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except services.JourneyGone as error:
            messages.info(request, error.message)
            return redirect("journeys:list")
        except DomainError as error:
            return _refused(request, journey, error)
        messages.success(
            request,
            f"{removed.client_name}'s journey is removed, with its "
            f"{_count(removed.sessions, 'session')} and "
            f"{_count(removed.experiments, 'experiment')}.",
        )
        return redirect("journeys:list")
    context = {
        "journey": journey,
        "state": state,
        "form": form,
        "refusal": services.removal_refusal(journey, state.sessions),
    }
    return render(request, "journeys/remove.html", context)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@require_http_methods(["GET", "POST"])
@member_required(roles=(Role.OWNER,))
def journey_handover(request: MemberRequest, member_id: UUID) -> HttpResponse:
    """The owner hands a leaving member's open journeys to another coach, then removes them."""
    page = handover_for(request, member_id)
    leaving = page.leaving.user
    coaches = [(str(m.public_id), m.user.name) for m in page.coaches]
    initial = {"seen": page.seen, "reason": f"{leaving.name} is leaving the practice."}
    form = HandoverForm(request.POST or None, coaches=coaches, initial=initial)
    if request.method == "POST" and form.is_valid():
        taker = next(m for m in page.coaches if str(m.public_id) == form.cleaned_data["to_coach"])
        try:
            given = services.journeys_hand_over(
                practice=request.practice,
                from_coach=leaving,
                to_coach=taker.user,
                seen=form.cleaned_data["seen"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("journeys:handover", member_id=member_id)
        messages.success(
            request,
            f"{_count(len(given), 'journey')} of {leaving.name} now with {taker.user.name}, "
            f"each logged. You can remove {leaving.name} now.",
        )
        return redirect("accounts:practice")
    status = 400 if form.errors else 200
    context = {"page": page, "form": form}
    return render(request, "journeys/handover.html", context, status=status)


# --- Sessions ------------------------------------------------------------------------------


def with_session(
    view: Callable[Concatenate[MemberRequest, Journey, Session, P], HttpResponse],
) -> Callable[Concatenate[MemberRequest, UUID, UUID, P], HttpResponse]:
    @with_journey
    @wraps(view)
    def wrapper(
        request: MemberRequest,
        journey: Journey,
        session_id: UUID,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> HttpResponse:
        session = get_session_for(request, journey, session_id)
        return view(request, journey, session, *args, **kwargs)

    return wrapper


def _session_page(
    request: MemberRequest,
    journey: Journey,
    session: Session,
    *,
    record_form: SessionRecordForm | None = None,
    experiment_form: ExperimentForm | None = None,
    when_form: RescheduleForm | None = None,
    saved_meanwhile: Session | None = None,
    thread_form: threads.ThreadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    local = timezone.localtime(session.starts_at)
    state = JourneyState.of(journey)
    context = _journey_context(
        request,
        journey,
        state,
        session=session,
        place=state.place_of(session),
        record_form=record_form
        or SessionRecordForm(
            initial={
                "notes": session.notes,
                "key_insights": session.key_insights,
                "agreements": session.agreements,
                "record_version": session.record_version,
            }
        ),
        # A fresh token each time the page renders: a repeat of one form agrees nothing twice.
        experiment_form=experiment_form or ExperimentForm(initial={"token": uuid4()}),
        when_form=when_form
        or RescheduleForm(
            time_zone=_tz(request),
            initial={
                "day": local.date(),
                "at": local.time(),
                "minutes": session.minutes,
                "from_starts_at": RescheduleForm.instant(session.starts_at),
                "from_minutes": session.minutes,
            },
        ),
        experiments=[e for e in journey.experiments.all() if e.session_id == session.pk],
        thread_form=thread_form or threads.ThreadForm(initial={"token": uuid4()}),
        session_threads=state.threads_of(session),
        record_open=journey.is_open() or session.status == SessionStatus.HELD,
        saved_meanwhile=saved_meanwhile,
    )
    return render(request, "journeys/session.html", context, status=status)


@require_http_methods(["GET"])
@coaches_only
@with_session
def session_detail(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    return _session_page(request, journey, session)


@require_POST
@coaches_only
@with_session
def session_record(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    """Save notes, insights and agreements; htmx calls this to autosave as the coach types."""
    form = SessionRecordForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            # An autosave answers in the status line: the typed text stays where it is.
            context: dict[str, object] = {
                "error": f"Not saved. {_form_problems(form)}",
                "record_version": request.POST.get("record_version", ""),
            }
            return render(request, "journeys/_record_status.html", context, status=400)
        return _session_page(request, journey, session, record_form=form, status=400)
    data = form.cleaned_data
    try:
        session = services.session_record_save(
            session=session,
            expected_version=data["record_version"],
            notes=data["notes"],
            key_insights=data["key_insights"],
            agreements=data["agreements"],
        )
    except services.StaleRecord as error:
        # Nothing typed is lost: the browser keeps its text, and the coach sees what was saved
        # meanwhile and may choose to keep theirs.
        latest = Session.objects.get(pk=session.pk)
        if request.htmx:
            context = {
                "error": error.message,
                "record_version": data["record_version"],
                "latest_version": latest.record_version,
            }
            return render(request, "journeys/_record_status.html", context, status=409)
        form = SessionRecordForm({**request.POST.dict(), "record_version": latest.record_version})
        form.is_valid()
        form.add_error(None, error.message)
        return _session_page(
            request, journey, session, record_form=form, saved_meanwhile=latest, status=409
        )
    except DomainError as error:
        if request.htmx:
            context = {"error": error.message, "record_version": data["record_version"]}
            return render(request, "journeys/_record_status.html", context, status=409)
        form.add_error(None, error.message)
        return _session_page(request, journey, session, record_form=form, status=409)
    if request.htmx:
        context = {"record_version": session.record_version, "saved_at": session.record_saved_at}
        return render(request, "journeys/_record_status.html", context)
    messages.success(request, "The session record is saved.")
    return redirect("journeys:session", journey_id=journey.public_id, session_id=session.public_id)


def _back_to_session(journey: Journey, session: Session) -> HttpResponse:
    return redirect("journeys:session", journey_id=journey.public_id, session_id=session.public_id)


@require_POST
@coaches_only
@with_session
def session_status(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    form = SessionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {_form_problems(form)}")
        return _back_to_session(journey, session)
    try:
        services.session_set_status(
            session=session,
            status=form.cleaned_data["status"],
            from_status=form.cleaned_data["from_status"],
        )
    except services.AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The session is marked {session.get_status_display().lower()}.")
    return _back_to_session(journey, session)


@require_POST
@coaches_only
@with_session
def session_reschedule(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    form = RescheduleForm(request.POST, time_zone=_tz(request))
    if form.is_valid():
        try:
            services.session_reschedule(
                session=session,
                starts_at=form.starts_at(),
                minutes=form.cleaned_data["minutes"],
                from_starts_at=form.cleaned_data["from_starts_at"],
                from_minutes=form.cleaned_data["from_minutes"],
            )
        except (services.AlreadyChanged, services.JourneyEnded) as refusal:
            # The form was made from a time, a status or a journey that no longer holds:
            # show the session as it is now, with the reason.
            messages.info(request, refusal.message)
            return _back_to_session(journey, session)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The session is moved.")
            return _back_to_session(journey, session)
    return _session_page(request, journey, session, when_form=form, status=400)


@require_POST
@coaches_only
@with_session
def experiment_agree(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    form = ExperimentForm(request.POST)
    if form.is_valid():
        try:
            services.experiment_agree(session=session, **form.cleaned_data)
        except (services.AlreadyChanged, services.JourneyEnded) as refusal:
            messages.info(request, refusal.message)
            return _back_to_session(journey, session)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"The experiment “{form.cleaned_data['title']}” is agreed.")
            return _back_to_session(journey, session)
    return _session_page(request, journey, session, experiment_form=form, status=400)


def _after_experiment(request: MemberRequest, journey: Journey, experiment: Experiment) -> str:
    """Back to the page the experiment was closed from."""
    back = request.POST.get("back")
    if back == "prep":
        return reverse("journeys:prep", args=[journey.public_id])
    session = next((s for s in journey.sessions.all() if s.pk == experiment.session_id), None)
    if back == "session" and session is not None:
        return reverse("journeys:session", args=[journey.public_id, session.public_id])
    return reverse("journeys:detail", args=[journey.public_id]) + "#experiments"


@require_POST
@coaches_only
@with_journey
def experiment_status(
    request: MemberRequest, journey: Journey, experiment_id: UUID
) -> HttpResponse:
    """Mark an experiment done or dropped, with the debrief: what was learned."""
    experiment = get_experiment_for(journey, experiment_id)
    form = ExperimentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{experiment.title}” is unchanged. {_form_problems(form)}")
        return redirect(_after_experiment(request, journey, experiment))
    try:
        services.experiment_set_status(experiment=experiment, **form.cleaned_data)
    except services.AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, f"“{experiment.title}” is unchanged. {error.message}")
    else:
        messages.success(
            request, f"“{experiment.title}” is {experiment.get_status_display().lower()}."
        )
    return redirect(_after_experiment(request, journey, experiment))


# --- Threads -------------------------------------------------------------------------------


def _threads_of(journey: Journey, session: Session) -> str:
    return reverse("journeys:session", args=[journey.public_id, session.public_id]) + "#threads"


@require_POST
@coaches_only
@with_session
def thread_open(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    """Keep something said in the session as a thread to come back to."""
    form = threads.ThreadForm(request.POST)
    if form.is_valid():
        try:
            threads.thread_open(session=session, **form.cleaned_data)
        except (services.AlreadyChanged, services.JourneyEnded) as refusal:
            messages.info(request, refusal.message)
            return redirect(_threads_of(journey, session))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The thread is kept: session prep lists it until closed.")
            return redirect(_threads_of(journey, session))
    return _session_page(request, journey, session, thread_form=form, status=400)


@require_POST
@coaches_only
@with_journey
def thread_close(request: MemberRequest, journey: Journey, thread_id: UUID) -> HttpResponse:
    """Close a thread with one line on where it went; back to prep, or to its session."""
    thread = get_thread_for(journey, thread_id)
    form = threads.ThreadCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{thread.text}” is still open. {_form_problems(form)}")
    else:
        try:
            threads.thread_close(
                thread=thread,
                where_it_went=form.cleaned_data["where_it_went"],
                from_version=form.cleaned_data["version"],
            )
        except services.AlreadyChanged as repeat:
            messages.info(request, repeat.message)
        except DomainError as error:
            messages.error(request, f"“{thread.text}” is still open. {error.message}")
        else:
            messages.success(request, f"“{thread.text}” is closed.")
    if request.POST.get("back") == "session":
        session = next(s for s in journey.sessions.all() if s.pk == thread.session_id)
        return redirect(_threads_of(journey, session))
    return redirect(reverse("journeys:prep", args=[journey.public_id]) + "#threads-heading")
