"""Hostile text: the pieces people (and scripts) send to break a bot, and ways to combine them.

`FRAGMENTS` are the pieces; `hostile_texts` is a Hypothesis strategy of any unicode string up to
100 KB made mostly of them; `CORPUS` is a fixed list built from them with a fixed seed, small
enough to send through the adapters' fakes.
"""

from __future__ import annotations

import random

from hypothesis import strategies as st

MAX_TEXT = 100_000  # characters: the property tests' ceiling

FRAGMENTS: tuple[str, ...] = (
    # control characters, NUL, escapes, line breaks
    "\x00",
    "\x01\x02\x03\x7f",
    "\x1b[31m\x1b[0m",
    "\r\n\r\n",
    "\t\v\f",
    "\u0085\u2028\u2029",
    # invisible and direction-changing characters
    "\u200b",
    "\u200c\u200d",
    "\u2060\ufeff",
    "\u202e",  # right-to-left override
    "\u202d\u202a\u202b\u202c",
    "\u2066\u2067\u2068\u2069",
    "\u200e\u200f\u061c",
    "\u180e\u00ad",
    # combining marks, zalgo, odd scripts
    "e\u0301\u0301\u0301\u0301",
    "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035a",
    "\u0e01\u0e49\u0e49\u0e49\u0e49",
    "\u05d0\u05d1\u05d2 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\ufdfd\u2e3b\ua9c5",
    # emoji: astral, joined, flags, skin tones, variation selectors
    "🚀🎬",
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳\ufe0f\u200d🌈",
    "👍🏽",
    "🇷🇺🇺🇸",
    "𝕏𝕐𝕫",
    "\U0010fffd\U000e0001\U000e0041",
    "\ufffd\ufffe\uffff",
    # markup: HTML, Telegram HTML entities, Markdown, Discord syntax
    "<b>",
    "</b></i></a>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "<tg-spoiler>",
    "&amp;&lt;&gt;&quot;&#0;&#x110000;&bogus;&",
    "<<>>&&",
    "**bold** __under__ *it* ~~del~~",
    "`code` ```block```",
    "||spoiler||",
    "[click](https://evil.example)",
    "> quote\n# head\n- item\n1. item",
    "\\",
    # mentions and commands
    "@everyone @here",
    "<@123456789012345678> <@!123456789012345678> <@&123456789012345678>",
    "<#123456789012345678> <t:0:R> <:e:123>",
    "@SpaceTestBot",
    "/start /reload@SpaceTestBot /ask",
    # injection-shaped text
    "'; DROP TABLE questions; --",
    "%s %d %n {0} {} ${jndi:ldap://x}",
    "../../etc/passwd",
    # real questions, to mix signal into the noise
    "who directed the film?",
    "кто режиссёр фильма?",
    "kto rezhisser filma vyzov",
    "and how old was he?",
)

# Characters Hypothesis draws from besides the fragments: every category (surrogates too, which
# Python strings can hold though no platform sends them) and a few dangerous ones by name.
_ANY_CHAR = st.characters(codec=None, exclude_categories=())
_SPECIAL = st.sampled_from("\x00\u200b\u200d\u202e\u2066\u0301\ufeff<>&@#`*_~|[]()\\/\n\ud800")


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """Any unicode string up to 100 KB: fragments and random characters, often repeated."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.text(_ANY_CHAR, max_size=40),
                st.text(_SPECIAL, max_size=40),
            ),
            max_size=12,
        )
    )
    text = "".join(pieces)
    repeat = draw(st.one_of(st.just(1), st.integers(1, 20), st.integers(1, MAX_TEXT)))
    return (text * repeat)[:MAX_TEXT]


def corpus(seed: int = 20211005, count: int = 40, max_len: int = 1500) -> tuple[str, ...]:
    """A fixed list of hostile messages: every fragment on its own, then seeded mixtures.

    Lengths stay under what a person can send (Telegram 4096, Discord 2000 characters).
    """
    rng = random.Random(seed)
    mixtures = []
    for _ in range(count):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 12)))
        mixtures.append((text * rng.choice((1, 1, 3, 40)))[:max_len])
    return (*FRAGMENTS, *mixtures)


CORPUS = corpus()
