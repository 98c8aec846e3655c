"""Saving the session record from its form: the notes, insights and agreements, saved unless
they were saved elsewhere since the form was made.

`session_record_submit` takes what the request sent and says what came of it, for the two
ways the page answers: the autosave's status line (htmx), or the whole session page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from arcwise.accounts.models import User
from arcwise.errors import DomainError
from arcwise.journeys.errors import StaleRecord
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Session
from arcwise.journeys.sessions.forms import SessionRecordForm
from arcwise.journeys.sessions.services import session_record_save


@dataclass(frozen=True)
class RecordSubmitted:
    """What one save of the session record came to."""

    form: SessionRecordForm  # as sent, with its problems if any
    session: Session  # as saved, or as it was
    status: int  # 200: saved; 400: the form had a problem; 409: the save was refused
    # The context of the autosave's status line (journeys/_record_status.html).
    status_line: dict[str, object]
    # Set when the record was saved elsewhere meanwhile: that saved version.
    saved_meanwhile: Session | None = None

    @property
    def saved(self) -> bool:
        return self.status == 200


def session_record_submit(*, session: Session, by: User, data: QueryDict) -> RecordSubmitted:
    """Save the record the form sent, or say why not. Nothing typed is ever dropped: a refused
    save leaves the browser's text in place and shows what was saved meanwhile, if anything."""
    form = SessionRecordForm(data)
    if not form.is_valid():
        # An autosave answers in the status line: the typed text stays where it is.
        line: dict[str, object] = {
            "error": f"Not saved. {form_problems(form)}",
            "record_version": data.get("record_version", ""),
        }
        return RecordSubmitted(form, session, 400, line)
    sent = form.cleaned_data
    try:
        saved = session_record_save(
            session=session,
            by=by,
            expected_version=sent["record_version"],
            notes=sent["notes"],
            key_insights=sent["key_insights"],
            agreements=sent["agreements"],
        )
    except StaleRecord as error:
        # The coach sees what was saved meanwhile, and may choose to keep their own text.
        latest = Session.objects.get(pk=session.pk)
        line = {
            "error": error.message,
            "record_version": sent["record_version"],
            "latest_version": latest.record_version,
        }
        form = SessionRecordForm({**data.dict(), "record_version": latest.record_version})
        form.is_valid()
        form.add_error(None, error.message)
        return RecordSubmitted(form, session, 409, line, saved_meanwhile=latest)
    except DomainError as error:
        line = {"error": error.message, "record_version": sent["record_version"]}
        form.add_error(None, error.message)
        return RecordSubmitted(form, session, 409, line)
    line = {"record_version": saved.record_version, "saved_at": saved.record_saved_at}
    return RecordSubmitted(form, saved, 200, line)
