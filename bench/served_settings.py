"""The production settings (DEBUG off) for the load run of `make bench`, served on loopback
over plain HTTP: the cookies may travel without TLS and nothing redirects to HTTPS. Static
files are named as in development, so no `collectstatic` is needed; the load run fetches
none of them.

Passwords are checked with a cheap hash (the seeded coaches' are made with it): Argon2's
deliberate cost, 50 coaches signing in within five seconds on two workers, queued every
page behind it for half the minute, and the run is there to measure the pages.
"""

from arcwise.settings import *  # noqa: F403
from arcwise.settings import STORAGES

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
