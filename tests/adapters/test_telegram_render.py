"""Rendering the core's replies as Telegram HTML: escaped, linked, split within the limit.

Every rendered text is checked with the fake server's parser, which refuses what Telegram's
HTML parse mode refuses, so these tests fail on markup Telegram would reject.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.telegram_render import (
    MAX_MESSAGE,
    inline_description,
    keyboard,
    render,
    source_links,
    utf16_len,
)
from bot.core.domain import Option, Outcome, Reply
from tests.fakes.telegram_api import HtmlError, parse_html


def shown(html: str) -> str:
    """What Telegram displays for `html` (raises HtmlError where Telegram would refuse it)."""
    return parse_html(html)[0]


def test_text_is_escaped_and_shown_verbatim() -> None:
    """Markup-like text in an answer is displayed as typed, never interpreted."""
    text = "<b>bold</b> & <script>x</script> &amp; 3 < 4 > 2"
    [(html, markup)] = render(Reply(Outcome.ANSWER, text))
    assert shown(html) == text
    assert "<b>" not in html
    assert markup is None


def test_sources_become_links_named_by_host() -> None:
    """Sources are `<a href>` links showing the host; non-http(s) sources are dropped."""
    reply = Reply(
        Outcome.ANSWER,
        "Klim Shipenko.",
        sources=(
            'https://en.wikipedia.org/wiki/The_Challenge_(2023_film)?a=1&b="2"',
            "https://www.kinopoisk.ru/film/1",
            "javascript:alert(1)",
        ),
    )
    [(html, _)] = render(reply)
    text, entities = parse_html(html)
    assert text == "Klim Shipenko.\n\n🔗 en.wikipedia.org · kinopoisk.ru"
    assert [e["url"] for e in entities] == list(reply.sources[:2])
    assert "javascript" not in html


def test_options_become_one_button_each_with_the_fact_id_as_callback_data() -> None:
    """Clarify options: one button per row, on the last message only."""
    options = (Option("film-director", "Who directed it?"), Option("film-cast", "Who starred?"))
    pages = render(Reply(Outcome.CLARIFY, "Did you mean?\n\n" + "x" * 5000, options=options))
    assert [markup is None for _, markup in pages] == [True, True, False]
    markup = pages[-1][1]
    assert markup is not None
    assert [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard] == [
        [("Who directed it?", "film-director")],
        [("Who starred?", "film-cast")],
    ]


def test_an_option_whose_id_exceeds_64_bytes_is_left_out() -> None:
    """Telegram refuses callback data over 64 bytes; such an option cannot be offered."""
    markup = keyboard((Option("a" * 65, "too long"), Option("ok", "fine")))
    assert markup is not None
    assert [row[0].callback_data for row in markup.inline_keyboard] == ["ok"]
    assert keyboard((Option("ы" * 33, "66 bytes"),)) is None


def test_a_long_answer_is_split_at_paragraph_boundaries() -> None:
    """Paragraphs stay whole when they fit: each message ends where a paragraph ends."""
    paragraphs = [f"{n} " + "word " * 380 for n in range(4)]  # ~1900 characters each
    pages = render(Reply(Outcome.ANSWER, "\n\n".join(p.strip() for p in paragraphs)))
    assert len(pages) == 2
    assert [shown(html).split("\n\n") for html, _ in pages] == [
        [p.strip() for p in paragraphs[:2]],
        [p.strip() for p in paragraphs[2:]],
    ]


def test_an_escaped_entity_is_never_cut_in_half() -> None:
    """Text made of `&` grows fivefold when escaped; the cut falls between entities."""
    pages = render(Reply(Outcome.ANSWER, "&" * 3000))
    assert len(pages) == 4
    assert all(utf16_len(html) <= MAX_MESSAGE for html, _ in pages)
    assert "".join(shown(html) for html, _ in pages) == "&" * 3000


def test_emoji_count_as_two_utf16_units() -> None:
    """4096 astral characters are 8192 units for Telegram: two messages, not one."""
    pages = render(Reply(Outcome.ANSWER, "🚀" * 4096))
    assert len(pages) == 2
    assert all(utf16_len(shown(html)) <= MAX_MESSAGE for html, _ in pages)


def test_nothing_to_show_renders_no_message() -> None:
    """Telegram refuses an empty text, so an empty reply sends nothing."""
    assert render(Reply(Outcome.SILENT, "")) == []
    assert render(Reply(Outcome.INFO, " \n\n ")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short answer.", "Short answer."),
        ("Line one.\n\nLine two.", "Line one. Line two."),
        ("x " * 100, ("x " * 59).strip() + " x…"),
    ],
)
def test_inline_description_is_the_start_of_the_answer(text: str, expected: str) -> None:
    assert inline_description(Reply(Outcome.ANSWER, text)) == expected


def test_source_links_escape_the_url_in_the_attribute() -> None:
    [link] = source_links(('https://example.org/"><script>',))
    assert re.fullmatch(r'<a href="[^"<>]*">example\.org</a>', link)
    assert parse_html(link)[1][0]["url"] == 'https://example.org/"><script>'


# Pieces rather than characters, so that entities, tags and paragraph breaks come up often.
PIECES = [*"ab <>&;\"'#x\n", "\n\n", "🚀", "\u200b", "\u202e", "ё", "&amp;", "<b>", "word " * 20]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    text=TEXT,
    sources=st.lists(st.sampled_from(["https://a.example/?q=<&>", "https://b.example/x"])),
    limit=st.integers(min_value=60, max_value=300),
)
def test_any_text_renders_as_valid_html_within_the_limit(
    text: str, sources: list[str], limit: int
) -> None:
    """Whatever the text: every page parses, fits `limit`, and shows the text's content."""
    pages = render(Reply(Outcome.ANSWER, text, sources=tuple(sources)), limit=limit)
    shown_texts = []
    for html, _ in pages:
        assert utf16_len(html) <= limit
        try:
            shown_texts.append(shown(html))
        except HtmlError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"Telegram would refuse {html!r}: {exc}")
    visible = "".join("".join(shown_texts).split())
    assert "".join(text.split()) in visible
