"""The facts loader: the shipped content is valid, and every class of mistake is located."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.domain import LANGS, Confidence, FactKind
from bot.core.facts import load_facts
from tests.conftest import REPO

GOOD = """[topic]
id = "film"
title = { en = "The film", ru = "Фильм" }
summary = "film-director"

[[entity]]
id = "shipenko"
kind = "person"
name = { en = "Klim Shipenko", ru = "Клим Шипенко" }
fact = "film-director"

[[fact]]
id = "film-director"
verified = 2026-11-20
entities = ["shipenko"]
keywords = ["director"]
sources = ["https://en.wikipedia.org/wiki/The_Challenge_(2023_film)"]
questions.en = ["Who directed the film?"]
questions.ru = ["Кто режиссёр фильма?"]
answer.en = "Klim Shipenko."
answer.ru = "Клим Шипенко."
"""

SECOND_FACT = """
[[fact]]
id = "film-title"
verified = 2026-11-20
entities = []
keywords = ["title"]
sources = ["https://en.wikipedia.org/wiki/The_Challenge_(2023_film)"]
questions.en = ["What is the film called?"]
questions.ru = ["Как называется фильм?"]
answer.en = "The Challenge."
answer.ru = "«Вызов»."
"""


def write(directory: Path, text: str | bytes, name: str = "film.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_shipped_facts_are_valid_and_cover_the_reference() -> None:
    """facts/ loads with no problems, has ~80+ facts, and every fact is bilingual and sourced."""
    result = load_facts(REPO / "facts")
    assert result.problems == ()
    assert result.factset is not None
    facts = result.factset.facts
    assert len(facts) >= 80
    for fact in facts:
        for lang in LANGS:
            assert fact.answer[lang].strip(), fact.id
            assert fact.questions[lang], fact.id
        if fact.kind is FactKind.FACT:
            assert fact.sources, fact.id
            assert all(len(fact.questions[lang]) >= 4 for lang in LANGS), fact.id


def test_low_confidence_facts_hedge_in_both_languages() -> None:
    """A low-confidence answer says it is unconfirmed, never states it flatly."""
    result = load_facts(REPO / "facts")
    assert result.factset is not None
    low = [f for f in result.factset.facts if f.confidence is Confidence.LOW]
    assert low, "the reference has unverified items; they should be present and hedged"
    hedges_en = ("disagree", "not confirmed", "unconfirmed", "unverified", "not officially")
    hedges_ru = ("расход", "не подтвержд", "неподтвержд", "не провер", "официально")
    for fact in low:
        assert any(h in fact.answer["en"].lower() for h in hedges_en), fact.id  # type: ignore[index]
        assert any(h in fact.answer["ru"].lower() for h in hedges_ru), fact.id  # type: ignore[index]


def test_the_article_release_claim_is_corrected() -> None:
    """Asked about a 2022 release, the content says no: 12 April 2023 premiere, 20 April release."""
    result = load_facts(REPO / "facts")
    assert result.factset is not None
    release = [f for f in result.factset.facts if any("2022" in q for q in f.questions["en"])]  # type: ignore[index]
    assert release
    answer = " ".join(f.answer["en"] for f in release)  # type: ignore[index]
    assert "12 April 2023" in answer
    assert "20 April 2023" in answer


def test_a_good_file_loads(tmp_path: Path) -> None:
    write(tmp_path, GOOD + SECOND_FACT)
    result = load_facts(tmp_path)
    assert result.problems == ()
    assert result.factset is not None
    fact = result.factset.fact("film-director")
    assert fact is not None
    assert fact.topic == "film"
    assert fact.line == 13


SECOND_AS_DUPLICATE = SECOND_FACT.replace("film-title", "film-director")
SECOND_SAME_QUESTION = SECOND_FACT.replace("What is the film called?", "who directed the film")
NOT_UTF8 = GOOD.encode().replace("Клим Шипенко.".encode(), "Клим".encode("cp1251"))

# case: (file content, what the report must say)
BROKEN: dict[str, tuple[str | bytes, str]] = {
    "toml syntax": (
        GOOD.replace('id = "film-director"', 'id = "film-director'),
        "film.toml:13: TOML syntax",
    ),
    "typo in a field": (
        GOOD.replace("answer.ru", "anwser.ru"),
        "film.toml:21: fact 'film-director': anwser: unknown field",
    ),
    "missing field": (
        GOOD.replace('keywords = ["director"]\n', ""),
        "fact 'film-director': keywords: required field is missing",
    ),
    "empty answer": (
        GOOD.replace('answer.ru = "Клим Шипенко."', 'answer.ru = "  "'),
        "film.toml:21: fact 'film-director': answer.ru: is empty",
    ),
    "a language missing": (
        GOOD.replace('questions.ru = ["Кто режиссёр фильма?"]\n', ""),
        "fact 'film-director': questions.ru: required field is missing",
    ),
    "duplicate id": (
        GOOD + SECOND_AS_DUPLICATE,
        "film.toml:24: fact 'film-director': id: duplicate fact id (first at",
    ),
    "duplicate question": (
        GOOD + SECOND_SAME_QUESTION,
        "fact 'film-title': questions.en: 'who directed the film' is also an example of",
    ),
    "malformed url": (
        GOOD.replace("https://en.wikipedia.org", "htps:/en.wikipedia.org"),
        "film.toml:17: fact 'film-director': sources: not an https:// URL",
    ),
    "unknown entity": (
        GOOD.replace('entities = ["shipenko"]', 'entities = ["shipenko", "kubrick"]'),
        "film.toml:15: fact 'film-director': entities: no entity with id 'kubrick'",
    ),
    "not utf-8": (NOT_UTF8, "film.toml:21: not UTF-8"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_each_class_of_mistake_is_reported_with_its_location(tmp_path: Path, case: str) -> None:
    """FILE:LINE: fact 'ID': FIELD: message — and nothing loads."""
    text, expected = BROKEN[case]
    write(tmp_path, text)
    result = load_facts(tmp_path)
    assert result.factset is None
    assert expected in "\n".join(str(p) for p in result.problems)


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    broken = GOOD.replace("answer.ru", "anwser.ru") + SECOND_FACT.replace("https://", "ftp://")
    write(tmp_path, broken)
    problems = load_facts(tmp_path).problems
    assert {p.fact_id for p in problems} == {"film-director", "film-title"}
    assert len(problems) == 3  # the typo, the answer it leaves missing, the URL; no echoes


def test_an_empty_or_missing_directory_is_a_problem(tmp_path: Path) -> None:
    assert load_facts(tmp_path / "nope").problems[0].message == "not a directory"
    assert load_facts(tmp_path).problems[0].message == "no *.toml files"
