"""One error body for every refusal the API gives (docs/api.md):

    {"error": {"status": 404, "code": "not_found", "message": "…", "fields": {"name": "…"}}}

`fields` names each input that was refused and why; it is empty when no one input is at
fault. Nothing else is ever in an error body: no traceback, no SQL, no stored text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

from arcwise.errors import DomainError

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


class Problem(Schema):
    status: int
    code: str
    message: str
    fields: dict[str, str]


class ErrorBody(Schema):
    error: Problem


# Every refusal an operation may give, so the schema documents each one (the rate limit's
# 429 and a bad body's 400 can meet any operation).
REFUSALS = frozenset({400, 401, 403, 404, 409, 413, 422, 429})


def answers(ok: Any, status: int = 200) -> dict[Any, Any]:
    """An operation's `response=`: what it answers when it works, and the one error body."""
    return {status: ok, REFUSALS: ErrorBody}


def body(status: int, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    code = CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


def plain_problem(status: int, message: str, fields: dict[str, str] | None = None) -> HttpResponse:
    """The one error body, for answers made outside ninja (unknown paths, wrong methods)."""
    return HttpResponse(
        json.dumps(body(status, message, fields)), status=status, content_type="application/json"
    )


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(request, body(status, message, fields), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class Refused(HttpError):
    """A refusal that names the inputs at fault, as a form names them beside its fields."""

    def __init__(self, status: int, message: str, fields: dict[str, str]) -> None:
        super().__init__(status, message)
        self.fields = fields


def form_refused(form: Any) -> Refused:
    """A Django form's errors as the API's 422: each field's first message, under its name
    (a problem of the whole form under "body")."""
    fields = {
        ("body" if name == "__all__" else name): str(errors[0])
        for name, errors in form.errors.items()
    }
    return Refused(422, "Some of what was sent cannot be used.", fields)


SOURCES = ("body", "query", "path", "header", "cookie", "form", "file")


def _field_name(location: Any) -> str:
    # ninja gives ("body", "payload", "name"), ("query", "status") or ("file", "file"): the
    # person's input is what follows where it was sent; "payload" is ninja's wrapper.
    parts = [str(part) for part in location]
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    """Answer every refusal with the one error body."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        fields = {
            _field_name(item.get("loc", ())): str(item.get("msg", "")) for item in error.errors
        }
        return problem(api, request, 422, "Some of what was sent cannot be used.", fields)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        return problem(
            api,
            request,
            401,
            "Send a live access token as “Authorization: Bearer arc_…”; "
            "this one is missing, revoked or not yours.",
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(Throttled)
    def too_many(request: HttpRequest, error: Throttled) -> HttpResponse:
        limit = settings.API_RATE_LIMIT
        return problem(
            api,
            request,
            429,
            f"This token may make {limit} requests a minute; wait for the next minute "
            "(Retry-After says how many seconds) and send again.",
        )

    @api.exception_handler(HttpError)
    def refused(request: HttpRequest, error: HttpError) -> HttpResponse:
        message = str(error.message)
        fields = getattr(error, "fields", None) or (
            {"body": message} if error.status_code == 400 else {}
        )
        return problem(api, request, error.status_code, message, fields)

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, error: Http404) -> HttpResponse:
        return problem(api, request, 404, "There is nothing here that this token may see.")

    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, error: DomainError) -> HttpResponse:
        fields = {error.field: error.message} if error.field else {}
        problems = [str(found) for found in getattr(error, "problems", [])]
        if problems:
            fields["file"] = " ".join(problems)
        return problem(api, request, 422, error.message, fields)

    @api.exception_handler(Exception)
    def broken(request: HttpRequest, error: Exception) -> HttpResponse:
        # Logged with its traceback for the operator; the body says nothing of it.
        log.exception("API request failed: %s %s", request.method, request.path)
        return problem(api, request, 500, "Something went wrong on our side; nothing was saved.")


class TextOnlyParser(Parser):
    """JSON bodies whose every string can be stored: JSON may carry a lone surrogate
    ("\\ud800"), which no database column and no encryption takes, so it is refused here
    as bytes that are not text are refused by the forms."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        _refuse_surrogates(data)
        return data


def _refuse_surrogates(value: Any) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("a text holds a lone surrogate, which is not text") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(key)
            _refuse_surrogates(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_surrogates(item)


def json_not_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ninja answers a method a path does not take with Django's plain 405; say it in the one
    error body, keeping the Allow header."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            refusal = plain_problem(
                405, f"This path takes {allowed or 'no other method'}; not {request.method}."
            )
            refusal["Allow"] = allowed
            return refusal
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined] # as ninja's own views are
    return wrapper


@csrf_exempt  # an API path answers a token, never a cookie: no CSRF page, whatever the method
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    return plain_problem(
        404, "There is no such path in the API; /api/v1/docs lists every one there is."
    )
