from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from arcwise.conversations.links import Piece, pieces_of
from arcwise.conversations.templatetags.message_text import message_text


def test_a_web_address_becomes_a_link_and_the_full_stop_after_it_does_not() -> None:
    assert pieces_of("See https://example.org/a?b=1. Then") == [
        Piece("See "),
        Piece("https://example.org/a?b=1", is_link=True),
        Piece(". Then"),
    ]


def test_only_http_and_https_addresses_become_links() -> None:
    for text in ("javascript:alert(1)", "data:text/html,hi", "ftp://example.org", "https://"):
        assert all(not piece.is_link for piece in pieces_of(text)), text


def test_markup_in_a_message_is_shown_as_text_and_links_open_nothing_of_ours() -> None:
    html = message_text('<script>x</script> http://e.org/"onmouseover=1\nnext')
    assert "<script>" not in html
    assert '<a href="http://e.org/" rel="nofollow noopener">http://e.org/</a>' in html
    assert "&quot;onmouseover=1<br>next" in html


ADDRESSES = st.builds(
    lambda host, path: f"https://{host}.org/{path}",
    st.text("abcdefghij", min_size=1, max_size=8),
    st.text("abc/?=&-_", max_size=10),
)
WORDS = st.text(st.characters(codec="utf-8", exclude_characters="<>\"'"), max_size=20)


@given(st.lists(st.one_of(ADDRESSES, WORDS), max_size=6))
def test_the_pieces_give_the_text_back_and_every_link_is_an_http_address(parts: list[str]) -> None:
    text = " ".join(parts)
    pieces = pieces_of(text)
    assert "".join(piece.text for piece in pieces) == text
    assert all(p.text.startswith(("http://", "https://")) for p in pieces if p.is_link)
