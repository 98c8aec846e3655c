"""The account's token page: list one's tokens in the current practice, make one (its text
is shown once, on the answer to the POST), revoke one (docs/api.md)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.models import CLIENT_ROLES
from arcwise.accounts.sections import AccountSection
from arcwise.accounts.tenancy import member_required
from arcwise.api.forms import READ_WRITE, TokenForm
from arcwise.api.models import AccessToken
from arcwise.api.tokens import AlreadyMade, NoSuchToken, token_create, token_revoke
from arcwise.errors import DomainError


@require_http_methods(["GET", "POST"])
@member_required
def token_list(request: MemberRequest) -> HttpResponse:
    may_write = request.membership.role in CLIENT_ROLES
    form = TokenForm(posted(request), may_write=may_write)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = token_create(
                request.user,
                request.practice,
                form.cleaned_data["name"],
                form.cleaned_data["access"] == READ_WRITE,
                form_token=form.cleaned_data["form_token"],
            )
        except AlreadyMade as done:
            messages.info(request, done.message)
            return redirect("tokens:list")
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            made = (token, raw)
            form = TokenForm(may_write=may_write)
    tokens = AccessToken.objects.filter(person=request.user, practice=request.practice)
    context = {"form": form, "tokens": tokens, "made": made, "may_write": may_write}
    status = 400 if form.errors else 200
    return render(request, "api/tokens.html", context, status=status)


@require_POST
@member_required
def token_revoke_view(request: MemberRequest, token_id: UUID) -> HttpResponse:
    try:
        token = token_revoke(request.user, request.practice, token_id)
    except NoSuchToken:
        raise Http404("No such token") from None
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"“{token.name}” is revoked: no tool can use it any more.")
    return redirect("tokens:list")


def tokens_account_section(request: MemberRequest) -> AccountSection | None:
    """The account page's way to the token page: for every member."""
    if getattr(request, "membership", None) is None:
        return None
    return AccountSection("api/_tokens_section.html")
