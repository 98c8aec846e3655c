"""Keep the secrets that travel in addresses out of the logs.

Some links let their holder in without a password: the client's portal link, an invitation,
a password reset, a sign-up's confirmation, the one-click unsubscribe, and the coach's
calendar feed (a calendar app cannot sign in, so its secret stays in the address for good).
A server's log of requests ("GET /portal/open/<token>/ 302") would hold a working key to
each. `MaskTokens` is a logging filter that rewrites every such path in a record, whatever
the logger, as `/portal/open/[token]/`: settings.LOGGING puts it on the loggers that name
paths (`django.server`, runserver's request log; `django.request`, 4xx and 5xx) and on the
handler every other record reaches; gunicorn.conf.py puts it on gunicorn's access log.
docs/deployment-logs.md says how, and what to do about the proxy in front.

Ground floor: no app imported. tests/test_log_masking.py reverses every URL with a secret in
it and fails when a new one is not masked here.
"""

from __future__ import annotations

import logging
import re

MASK = "[token]"

# (what comes before the secret, what comes after it); the secret is replaced by MASK. "{S}"
# stands for a slash and "{SEG}" for one segment of a path, so that each address is found
# both as written and percent-encoded, as it travels in another's query ("?next=%2F…").
_SECRET_PATHS: tuple[tuple[str, str], ...] = (
    (r"{S}portal{S}open{S}", ""),
    # Not /practice/invitations/<id>/revoke/, whose id opens nothing.
    (r"(?<!{S}practice){S}invitations{S}", ""),
    (r"{S}unsubscribe{S}", ""),
    (r"{S}sign-up{S}confirm{S}", ""),
    (r"{S}calendar{S}(?!reset{S})", r"(?={S}sessions\.ics)"),
    # Django's reset link: /password-reset/<uidb64>/<token>/, then /<uidb64>/set-password/
    # once the token is in the session. Both segments go; "sent" and "complete" have one.
    (r"{S}password-reset{S}", r"(?={S}{SEG})"),
    (r"{S}password-reset{S}" + re.escape(MASK) + r"{S}(?!set-password{S})", ""),
)
# One segment of a path: what a secret in an address can be made of. It ends at a percent
# sign too, so that an encoded slash ends it as a written one does.
_SEGMENT = r"[^/%\s?#&\"'<>]+"
_SLASHES = ("/", "%2[Ff]")
_PATTERNS = tuple(
    re.compile(
        rf"(?P<before>{before.replace('{S}', slash).replace('{SEG}', _SEGMENT)}){_SEGMENT}"
        rf"(?P<after>{after.replace('{S}', slash).replace('{SEG}', _SEGMENT)})"
    )
    for slash in _SLASHES
    for before, after in _SECRET_PATHS
)


def mask_secrets(text: str) -> str:
    """`text` with the secret in every secret-bearing path replaced by "[token]", whether
    the path is written out or percent-encoded."""
    for pattern in _PATTERNS:
        text = pattern.sub(rf"\g<before>{MASK}\g<after>", text)
    return text


def _masked(value: object) -> object:
    return mask_secrets(value) if isinstance(value, str) else value


class MaskTokens(logging.Filter):
    """Rewrites secret-bearing paths in a record's message and arguments; drops nothing.

    Arguments stay arguments (runserver's log reads the status code from them), whether a
    tuple (Django) or a mapping (gunicorn's access log).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _masked(record.msg)
        if isinstance(record.args, dict):
            # In place: gunicorn's atoms are a dict of its own that answers "-" for a
            # header the request did not send.
            for key, value in record.args.items():
                record.args[key] = _masked(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(_masked(value) for value in record.args)
        return True
