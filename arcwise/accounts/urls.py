from django.contrib.auth import views as auth_views
from django.urls import path

from arcwise.accounts import sign_up_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-up/", sign_up_views.sign_up, name="sign_up"),
    path("sign-up/confirm/", sign_up_views.sign_up_confirm, name="sign_up_confirm"),
    path("sign-up/confirm/<str:token>/", sign_up_views.sign_up_open, name="sign_up_open"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("practice/", views.practice, name="practice"),
    path("practice/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "practice/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "practice/members/<uuid:member_id>/role/",
        views.member_change_role,
        name="member_change_role",
    ),
    path("practice/members/<uuid:member_id>/remove/", views.member_remove, name="member_remove"),
    path("account/", views.account, name="account"),
    path("practice/switch/<uuid:practice_id>/", views.practice_switch, name="practice_switch"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
