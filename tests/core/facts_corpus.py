"""A small valid facts file, and one broken variant per class of mistake the loader reports."""

from __future__ import annotations

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
    "a question twice in one fact": (
        GOOD.replace(
            '["Who directed the film?"]', '["Who directed the film?", "who directed the film"]'
        ),
        "film.toml:18: fact 'film-director': questions.en: 'who directed the film' is repeated in",
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
