"""One error body for every refusal the API gives (docs/api.md):

    {"error": {"status": 404, "code": "not_found", "message": "…", "fields": {"name": "…"}}}

`fields` names each input that was refused and why; it is empty when no one input is at
fault. Nothing else is ever in an error body: no traceback, no SQL, no stored text.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from arcwise.errors import DomainError

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


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "error": {
            "status": status,
            "code": CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_")),
            "message": message,
            "fields": fields or {},
        }
    }
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_name(location: Any) -> str:
    # ninja gives ("body", "payload", "name") or ("query", "status"): the person's input is
    # the last part; the "payload" wrapper is ninja's, not theirs.
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
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

    @api.exception_handler(HttpError)
    def refused(request: HttpRequest, error: HttpError) -> HttpResponse:
        return problem(api, request, error.status_code, str(error.message))

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, error: Http404) -> HttpResponse:
        return problem(api, request, 404, "There is nothing here that this token may see.")

    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, error: DomainError) -> HttpResponse:
        fields = {error.field: error.message} if error.field else {}
        return problem(api, request, 422, error.message, fields)
