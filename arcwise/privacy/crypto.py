"""Encrypting and decrypting sensitive text with the configured keys (MultiFernet).

The first key of `settings.ENCRYPTION_KEYS` encrypts; any of them decrypts. A token is
authenticated as well as encrypted: a changed byte is refused, never decrypted to garbage.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UndecryptableText(Exception):
    """Stored text that none of the configured keys opens: a key is missing or it was altered."""


@functools.cache
def _boxes(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[str, ...]:
    return tuple(settings.ENCRYPTION_KEYS)


def encrypt(text: str) -> str:
    """`text` encrypted with the newest key, as URL-safe ASCII."""
    box, _ = _boxes(_keys())
    return box.encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text `token` holds; UndecryptableText when no configured key opens it."""
    box, _ = _boxes(_keys())
    try:
        return box.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise UndecryptableText(
            "Stored text could not be decrypted with any configured key: a key that "
            "encrypted it is missing from ARCWISE_ENCRYPTION_KEYS, or the row was altered."
        ) from None


def is_under_newest_key(token: str) -> bool:
    """Whether the newest key alone opens `token`, so rotation has nothing left to do on it."""
    _, newest = _boxes(_keys())
    try:
        newest.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def reencrypted(token: str) -> str:
    """`token`'s text encrypted again under the newest key (any configured key opens it)."""
    box, _ = _boxes(_keys())
    try:
        return box.rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise UndecryptableText(
            "A stored value could not be re-encrypted: no configured key opens it."
        ) from None


def token_length_limit(characters: int) -> int:
    """The longest token that text of at most `characters` characters encrypts to.

    UTF-8 takes at most four bytes a character; Fernet adds a version byte, an 8-byte time,
    a 16-byte IV, PKCS7 padding to whole 16-byte blocks and a 32-byte HMAC, then base64
    makes every 3 bytes 4 characters. The database checks stored tokens against this.
    """
    plain_bytes = 4 * characters
    raw = 1 + 8 + 16 + 16 * (plain_bytes // 16 + 1) + 32
    return 4 * -(-raw // 3)
