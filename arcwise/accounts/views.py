"""Sign-in and out, the practice page, invitations and the practice switcher (sign-up is in
sign_up_views.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts import queries, services
from arcwise.accounts.forms import (
    AcceptAsNewUserForm,
    AccountForm,
    InvitationForm,
    MemberRoleForm,
    OutboxPasswordResetForm,
    SignInForm,
)
from arcwise.accounts.http import ArcwiseRequest, MemberRequest, client_address, posted
from arcwise.accounts.middleware import CURRENT_PRACTICE_SESSION_KEY
from arcwise.accounts.models import Invitation, Membership, Role, User
from arcwise.accounts.navigation import landing_url
from arcwise.accounts.sections import account_sections, practice_sections
from arcwise.accounts.tenancy import get_scoped_or_404, member_required
from arcwise.errors import DomainError

OWNERS = (Role.OWNER,)
# The practice page lists every member with their e-mail address: a sponsor, from outside
# the practice, sees only their own sponsor pages.
PRACTICE_PAGE_ROLES = (Role.OWNER, Role.COACH, Role.MENTOR)


@require_http_methods(["GET"])
def home(request: ArcwiseRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "accounts/welcome.html")
    if request.membership is None:
        return render(request, "no_practice.html", status=403)
    return redirect(landing_url(request.membership.role))


def _next_url(request: ArcwiseRequest) -> str | None:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@require_http_methods(["GET", "POST"])
def sign_in(request: ArcwiseRequest) -> HttpResponse:
    form = SignInForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in_attempt(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                address=client_address(request),
                now=timezone.now(),
            )
        except services.SignInThrottled as error:
            form.add_error(None, error.message)
            status = 429
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            login(request, user)
            return redirect(_next_url(request) or "home")
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; e-mails are capped per mailbox and per network address, and
    written to the outbox in the transaction that counts the request."""

    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        try:
            with transaction.atomic():
                services.password_reset_request(
                    email=form.cleaned_data["email"],
                    address=client_address(self.request),
                    now=timezone.now(),
                )
                return super().form_valid(form)
        except services.ResetThrottled as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password through the e-mailed link: it ends any sign-in lock, and signs
    the person in, because the link is the way in that a stranger's guesses cannot close."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = True

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_reset_complete(user=form.user)
        return response


@require_POST
def sign_out(request: ArcwiseRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:sign_in")


@require_http_methods(["GET"])
@member_required(roles=PRACTICE_PAGE_ROLES)
def practice(request: MemberRequest) -> HttpResponse:
    return _practice_page(request, InvitationForm())


def _practice_page(request: MemberRequest, form: InvitationForm, status: int = 200) -> HttpResponse:
    context = {
        "members": queries.members_of(request.practice),
        "invitations": (
            queries.open_invitations_of(request.practice) if request.membership.is_owner else []
        ),
        "form": form,
        "roles": Role.choices,
        "sections": practice_sections(request),
    }
    return render(request, "accounts/practice.html", context, status=status)


@require_POST
@member_required(roles=OWNERS)
def invitation_create(request: MemberRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                practice=request.practice,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                site_url=request.build_absolute_uri("/"),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("accounts:practice")
    return _practice_page(request, form, status=200)


@require_POST
@member_required(roles=OWNERS)
def invitation_revoke(request: MemberRequest, invitation_id: UUID) -> HttpResponse:
    invitation = get_scoped_or_404(Invitation, request, public_id=invitation_id)
    try:
        services.invitation_revoke(invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("accounts:practice")


def _member_for(request: MemberRequest, member_id: UUID) -> Membership:
    return get_scoped_or_404(
        Membership.objects.select_related("user"), request, public_id=member_id
    )


@require_POST
@member_required(roles=OWNERS)
def member_change_role(request: MemberRequest, member_id: UUID) -> HttpResponse:
    membership = _member_for(request, member_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose owner, coach, mentor or sponsor.")
        return redirect("accounts:practice")
    try:
        services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
    except services.MemberHoldsWork as error:
        messages.error(request, error.message)
        return redirect(error.blockers[0].url)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        role = membership.get_role_display().lower()
        article = "an" if role[0] in "aeiou" else "a"
        messages.success(request, f"{membership.user.name} is now {article} {role}.")
    return redirect("accounts:practice")


@require_POST
@member_required(roles=OWNERS)
def member_remove(request: MemberRequest, member_id: UUID) -> HttpResponse:
    membership = _member_for(request, member_id)
    try:
        services.membership_remove(membership=membership)
    except services.MemberHoldsWork as error:
        # Straight to the page where the owner settles it (handing over open journeys).
        messages.error(request, error.message)
        return redirect(error.blockers[0].url)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:practice")
    if membership.user_id == request.user.pk:
        request.session.pop(CURRENT_PRACTICE_SESSION_KEY, None)
        messages.success(request, f"You have left {request.practice.name}.")
        return redirect("home")
    messages.success(request, f"{membership.user.name} is no longer a member of this practice.")
    return redirect("accounts:practice")


@require_http_methods(["GET", "POST"])
@login_required
def account(request: MemberRequest) -> HttpResponse:
    initial = {"name": request.user.name, "time_zone": request.user.time_zone}
    form = AccountForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.account_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("accounts:account")
    context = {"form": form, "sections": account_sections(request)}
    return render(request, "accounts/account.html", context)


@require_POST
@member_required
def practice_switch(request: MemberRequest, practice_id: UUID) -> HttpResponse:
    membership = queries.membership_in(request.user, practice_id)
    if membership is None:
        raise Http404("Not a member of that practice")
    request.session[CURRENT_PRACTICE_SESSION_KEY] = str(membership.practice.public_id)
    messages.success(request, f"You are now working in {membership.practice.name}.")
    return redirect(landing_url(membership.role))


@require_http_methods(["GET", "POST"])
def invitation(request: ArcwiseRequest, token: str) -> HttpResponse:
    found = services.invitation_find(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    try:
        services.invitation_check_open(found, now=timezone.now())
    except DomainError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": error.message}, status=410
        )
    if request.user.is_authenticated:
        return _accept_as_signed_in(request, found)
    return _accept_as_newcomer(request, found)


def _accept_as_signed_in(request: ArcwiseRequest, found: Invitation) -> HttpResponse:
    assert isinstance(request.user, User)
    error_message = None
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=found, user=request.user)
        except DomainError as error:
            error_message = error.message
        else:
            request.session[CURRENT_PRACTICE_SESSION_KEY] = str(membership.practice.public_id)
            messages.success(request, f"You have joined {membership.practice.name}.")
            return redirect(landing_url(membership.role))
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": found, "error_message": error_message},
    )


def _accept_as_newcomer(request: ArcwiseRequest, found: Invitation) -> HttpResponse:
    if queries.account_exists(found.email):
        sign_in_url = f"{reverse('accounts:sign_in')}?next={request.path}"
        return render(
            request,
            "accounts/invitation_sign_in.html",
            {"invitation": found, "sign_in_url": sign_in_url},
        )
    form = AcceptAsNewUserForm(posted(request), initial={"email": found.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_as_new_user(invitation=found, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[CURRENT_PRACTICE_SESSION_KEY] = str(found.practice.public_id)
            messages.success(request, f"Welcome to {found.practice.name}.")
            return redirect("home")
    return render(request, "accounts/invitation_new_user.html", {"invitation": found, "form": form})
