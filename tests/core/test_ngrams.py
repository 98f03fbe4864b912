"""Character n-gram likeness: what the matcher's second opinion measures."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core import ngrams
from bot.core.domain import Lang
from bot.core.ngrams import NEAREST, FactGrams, Profile, likeness

HOSTILE = [
    "",
    "   ",
    "\0\0\0",
    "a\0b",
    "@everyone",
    "🚀🚀🚀",
    "x" * 5000,
    "ё" * 7,
    "a",
    "Zalgo: ẑ̸̢a̵͇l̷g̶o̴",
    "кто\u200bкомандир",
    "mixed кириллица and latin",
]


def cosine(a: str, b: str) -> float:
    return float(Profile([a]).cosines(Profile([b]))[0])


def test_a_text_is_wholly_like_itself_and_not_at_all_like_other_letters() -> None:
    assert cosine("who was the commander", "who was the commander") == pytest.approx(1.0)
    assert cosine("who was the commander", "ёжик в тумане") == 0.0


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("Who was THE commander?!", "who was the commander"),
        ("Ёлки, кто командир", "елки кто командир"),
        ("the film directed who", "who directed the film"),  # n-grams stay inside words
    ],
)
def test_case_punctuation_yo_and_word_order_do_not_count(typed: str, known: str) -> None:
    assert cosine(typed, known) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("typed", "known", "other"),
    [
        ("when did they dok", "when did they dock", "when did they land"),
        ("кто командовал кораблем", "кто был командиром корабля", "кто был режиссером фильма"),
        ("shkaplerovs age", "how old was shkaplerov", "how old was peresild"),
    ],
)
def test_a_misspelt_or_inflected_word_still_looks_like_its_own(
    typed: str, known: str, other: str
) -> None:
    assert cosine(typed, known) > cosine(typed, other)


@pytest.mark.parametrize("text", HOSTILE)
def test_texts_profiled_together_score_as_each_would_alone(text: str) -> None:
    """No n-gram spans two texts, whatever they hold: a fact's examples are one profile."""
    texts = ["who directed the film", text, "кто режиссер фильма", text[::-1]]
    query = Profile(["who is the director " + text])
    together = Profile(texts).cosines(query)
    alone = [Profile([t, "zzz"]).cosines(query)[0] for t in texts]
    assert together == pytest.approx(alone, abs=1e-6)
    assert np.all((together >= 0) & (together <= 1 + 1e-6))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_profiles_without_error(text: str) -> None:
    like = FactGrams(lambda *_: [text, "who directed the film"]).likeness(text, [0], Lang.EN)
    assert 0.0 <= like[0] <= 1.0 + 1e-6


def test_likeness_is_the_mean_of_the_nearest_examples() -> None:
    cosines = np.array([0.1, 0.9, 0.2, 0.8, 0.7])
    assert likeness(cosines) == pytest.approx((0.9 + 0.8 + 0.7) / NEAREST)
    assert likeness(np.array([0.6])) == pytest.approx(0.6), "a fact with one example"
    assert likeness(np.zeros(0)) == 0.0


def test_a_fact_is_profiled_once_and_only_the_last_used_are_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ngrams, "CACHED_FACTS", 2)
    read: list[int] = []

    def examples(fact: int, lang: Lang) -> list[str]:
        read.append(fact)
        return [f"question number {fact}", "another question"]

    grams = FactGrams(examples)
    first = grams.likeness("question number 0", [0, 1, 0], Lang.EN)
    assert read == [0, 1]
    grams.likeness("question", [2], Lang.EN)  # evicts fact 1, the least recently used
    assert grams.likeness("question number 0", [0, 1], Lang.EN) == [first[0], first[1]]
    assert read == [0, 1, 2, 1]


def test_a_message_is_compared_with_the_examples_of_its_language_only() -> None:
    questions = {Lang.EN: ["who directed the film"], Lang.RU: ["кто снял фильм"]}
    grams = FactGrams(lambda fact, lang: questions[lang])
    assert grams.likeness("who directed the film", [0], Lang.EN) == [pytest.approx(1.0)]
    assert grams.likeness("who directed the film", [0], Lang.RU) == [0.0]


@pytest.mark.parametrize("text", [*HOSTILE, "who directed the film", "zzzz", "кто снял фильм"])
def test_cosines_are_a_plain_loop_over_the_entries_of_each_shared_ngram(text: str) -> None:
    """A fact's n-grams are found by their distinct hashes: every entry of a hash the query
    has, and no other, summed in the query's order, to the last bit (a hash past the last one,
    or between two, finds nothing)."""
    profile = Profile(["who directed the film", "кто снял фильм", "who was the director", text])
    query = Profile([text + " who directed it"])
    entry_hashes = np.repeat(profile.hashes, profile.counts).tolist()
    expected = [0.0] * profile.size
    for hashed, weight in zip(query.hashes.tolist(), query.weights.tolist(), strict=True):
        for at, entry in enumerate(entry_hashes):
            if entry == hashed:
                expected[int(profile.rows[at])] += float(profile.weights[at]) * weight
    assert profile.cosines(query).tolist() == expected
    assert profile.starts.tolist() == np.cumsum([0, *profile.counts.tolist()])[:-1].tolist()
