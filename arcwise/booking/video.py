"""A journey's video link: where its sessions are held online, shown in the portal and
written into every calendar entry of its sessions (LOCATION and URL).

Only http and https addresses are kept: a `javascript:` or `data:` address in a calendar or
a link would run in the reader's hands.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q

from arcwise.booking.models import VIDEO_LINK_LIMIT, VideoLink
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.locking import lock_journey, refuse_if_ended
from arcwise.journeys.models import Journey, Session

_valid = URLValidator(schemes=["http", "https"])


def check_video_link(url: str) -> str:
    """The address, trimmed, if it is an http or https address; a DomainError otherwise."""
    url = url.strip()
    if len(url) > VIDEO_LINK_LIMIT:
        raise DomainError(
            f"A video link is at most {VIDEO_LINK_LIMIT} characters.", field="video_link"
        )
    try:
        _valid(url)
    except ValidationError:
        raise DomainError(
            "Enter a web address starting with https:// (or http://), as your video service "
            "gives it.",
            field="video_link",
        ) from None
    return url


def video_link_of(journey: Journey) -> VideoLink | None:
    return VideoLink.objects.filter(journey=journey, session=None).first()


def video_links_for(sessions: Iterable[Session]) -> dict[int, str]:
    """Each session's link (its own, else its journey's), by session pk: one query."""
    rows = list(sessions)
    journeys = {s.journey_id for s in rows}
    links = VideoLink.objects.filter(
        Q(session_id__in=[s.pk for s in rows]) | Q(journey_id__in=journeys, session=None)
    )
    own = {link.session_id: link.url for link in links if link.session_id is not None}
    shared = {link.journey_id: link.url for link in links if link.session_id is None}
    return {s.pk: own.get(s.pk) or shared.get(s.journey_id, "") for s in rows}


def video_link_save(
    *, journey: Journey, url: str, expected_version: int, session: Session | None = None
) -> VideoLink | None:
    """Set the journey's video link, or `session`'s own (which it uses instead); empty
    removes it. `expected_version` is the version the form showed (0: none): a repeat or a
    second tab changes nothing and says so."""
    url = check_video_link(url) if url.strip() else ""
    with transaction.atomic():
        refuse_if_ended(lock_journey(journey), what="its sessions")
        rows = VideoLink.objects.select_for_update()
        current = rows.filter(journey=journey, session=session).first()
        version = current.version if current else 0
        if version != expected_version:
            raise AlreadyChanged(
                "The video link was changed meanwhile, in another tab or by a second click; "
                "nothing was changed. The page shows it as it is now."
            )
        if current is not None and current.url == url:
            raise AlreadyChanged("The video link is already that address; nothing was changed.")
        if not url:
            if current is not None:
                current.delete()
            return None
        if current is None:
            return VideoLink.objects.create(journey=journey, session=session, url=url)
        VideoLink.objects.filter(pk=current.pk).update(url=url, version=F("version") + 1)
    current.refresh_from_db()
    return current
