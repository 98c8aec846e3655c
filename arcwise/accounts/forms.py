"""Forms for signing up, signing in, inviting, accepting invitations and password resets."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from arcwise.accounts.models import Role, User
from arcwise.accounts.outgoing import PASSWORD_RESET, AccountMail, mail_write
from arcwise.forms_common import SafeTextForm
from arcwise.ui.timezones import time_zone_choices


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("initial", "UTC")
        kwargs.setdefault("help_text", "Session times are shown to you in this time zone.")
        super().__init__(**kwargs)
        self.widget.attrs["data-guess-time-zone"] = ""


class NewPasswordMixin(SafeTextForm):
    """A new password checked against the configured rules, with the user it belongs to."""

    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password and not only digits.",
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        candidate = User(
            email=self.data.get(self.add_prefix("email"), ""),
            name=self.data.get(self.add_prefix("name"), ""),
        )
        password_validation.validate_password(password, candidate)
        return password


class SignUpForm(NewPasswordMixin):
    name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    practice_name = forms.CharField(
        label="Name of your practice",
        max_length=120,
        help_text="You can invite other coaches and a mentor to it later.",
    )
    time_zone = TimeZoneField(label="Your time zone")
    # The form this sign-up was sent from: sent twice, it is one sign-up and one e-mail.
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["name", "email", "password", "practice_name", "time_zone"]


class SignInForm(SafeTextForm):
    email = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class InvitationForm(SafeTextForm):
    email = forms.EmailField(label="E-mail of the person to invite")
    role = forms.ChoiceField(
        choices=[(Role.COACH, "Coach"), (Role.MENTOR, "Mentor"), (Role.SPONSOR, "Sponsor")],
        initial=Role.COACH,
        help_text=(
            "Coaches work with clients. Mentors see only the structure of journeys a coach "
            "shares with them, never notes or who the client is. Sponsors, the organisation "
            "paying for an engagement, see only what a journey's three-way agreement shows "
            "them."
        ),
    )


class AcceptAsNewUserForm(NewPasswordMixin):
    name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    time_zone = TimeZoneField(label="Your time zone")

    field_order = ["name", "password", "time_zone"]


class MemberRoleForm(SafeTextForm):
    role = forms.ChoiceField(choices=Role.choices)


class AccountForm(SafeTextForm):
    name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    time_zone = TimeZoneField(label="Your time zone")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name


class OutboxPasswordResetForm(SafeTextForm, PasswordResetForm):
    """Django's reset form, but the e-mail is an outbox row for the sender to send."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        mail_write(
            AccountMail(
                # Each request is its own message, as the reset quota counts them. Not the
                # token: keys stay in the table after the body with the link is blanked.
                dedupe_key=f"password-reset:{uuid.uuid4()}",
                kind=PASSWORD_RESET,
                to=to_email,
                subject=subject,
                body=loader.render_to_string(email_template_name, context),
                user=context["user"],
            )
        )
