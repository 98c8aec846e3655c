"""`{{ message.body|message_text }}`: a message's text, escaped, with its web addresses as links
and its line breaks kept."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from arcwise.conversations.links import pieces_of

register = template.Library()


@register.filter
def message_text(text: str) -> SafeString:
    parts = [
        format_html('<a href="{}" rel="nofollow noopener">{}</a>', piece.text, piece.text)
        if piece.is_link
        else escape(piece.text)
        for piece in pieces_of(str(text))
    ]
    # Every piece is escaped above; only the line breaks are added as markup.
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308
