"""The facts loader: the shipped content is valid, and every class of mistake is located."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import LANGS, Confidence, Entity, Fact, FactKind, Lang, Topic
from bot.core.facts import _Lines, _norm_questions, _parse, load_facts, question_key
from tests.conftest import REPO
from tests.core.facts_corpus import BROKEN, GOOD, SECOND_FACT


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


def test_the_compiled_parser_reads_what_tomllib_reads() -> None:
    for path in sorted((REPO / "facts").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert _parse(path.name, text) == (tomllib.loads(text), None)


@pytest.mark.parametrize(
    "toml_1_1",
    ["t = { a = 1, }\n", "t = {\n  a = 1\n}\n", 'e = "\\e"\n', "t = 07:32\n"],
    ids=["trailing comma", "multi-line inline table", "escape \\e", "time without seconds"],
)
def test_toml_newer_than_1_0_is_refused_as_tomllib_refuses_it(toml_1_1: str) -> None:
    """tomllib reads TOML 1.0 only: a file must not load here that it would refuse."""
    data, problem = _parse("film.toml", "x = 1\n" + toml_1_1)
    assert data is None
    assert problem is not None
    assert problem.line == 2
    assert problem.message.startswith("TOML syntax: ")


@pytest.mark.parametrize(
    "questions",
    [
        ["Who?", "Кто снял «Вызов»?", "ß-word, ΣΑΣ!", "", "  a\tb  "],
        ["Who?", "", "  a\tb  ", "x\x1fy\x00z", "A_b-C  d!!", " ?"],
        ["one\nline two", "x"],
        [],
    ],
    ids=["one a line", "ascii", "a question of two lines", "none"],
)
def test_questions_are_keyed_together_as_each_alone(questions: list[str]) -> None:
    """The duplicate check keys every question in one pass: the keys must be each one's own."""
    assert _norm_questions(questions) == [question_key(q) for q in questions]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.characters(max_codepoint=0x7F) | st.sampled_from("ёß\u00a0"))))
def test_ascii_questions_are_keyed_as_each_alone(questions: list[str]) -> None:
    """ASCII questions are keyed as bytes: still the keys each one gets alone."""
    assert _norm_questions(questions) == [question_key(q) for q in questions]


# Lines a facts file may hold, valid or not: headers, id keys, other keys, multi-line strings,
# and the odd line breaks (CRLF, U+2028) that splitlines() counts.
_TOML_LINES = st.sampled_from(
    [
        "[topic]", "[[fact]]", "[[entity]]", "  [[ fact ]]", "[fact.answer]", "[[fact.extra]]",
        "[fact.id]", "[[fact.id.x]]", "[identity]", 'id = "a"', '  id="b"', "id . x = 1",
        "ids = 1", 'x.id = "c"', 'questions.en = ["q"]', 'answer.en = """', 'answer.ru = """x"""',
        "text '''", "'''", '"""', "  closing \"\"\" after", "# comment [[fact]]", "", "   ",
        'title = { en = "S", ru = "С" }', 'k = "\u2028"', "\r", "key = 1\r",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_TOML_LINES, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_an_items_id_line_is_where_the_full_index_puts_it(lines: list[str], end: str) -> None:
    """A valid file's facts need only their `id` lines, found from a few lines: each must be
    the line the full index (built when a problem needs one) gives."""
    raw = end.join(lines).encode()
    full, quick = _Lines(raw), _Lines(raw)
    for section in ("fact", "entity", "topic", "identity"):
        for index in range(len(lines) + 1):
            assert quick.id_line(section, index) == full.find(section, index, ["id"])


def test_a_problem_found_after_every_file_is_read_still_has_its_line(tmp_path: Path) -> None:
    """Line numbers come from a file's lines indexed on demand, once all files are read."""
    write(tmp_path, GOOD.replace('fact = "film-director"', 'fact = "nope"'), "a.toml")
    second = SECOND_FACT.replace("What is the film called?", "Who directed the film?")
    write(tmp_path, GOOD[: GOOD.index("[[entity]]")].replace('"film"', '"more"') + second, "b.toml")
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    assert [str(p) for p in load_facts(tmp_path).problems] == [
        f"{a}:10: entity.fact: entity 'shipenko': no fact with id 'nope'",
        f"{b}:13: fact 'film-title': questions.en: 'Who directed the film?' is also an example"
        " of fact 'film-director'",
    ]


def test_the_loaded_facts_are_what_the_files_say(tmp_path: Path) -> None:
    """Each item becomes a domain object as soon as it is checked; nothing is lost on the way."""
    write(tmp_path, GOOD + SECOND_FACT)
    factset = load_facts(tmp_path).factset
    assert factset is not None
    path = str(tmp_path / "film.toml")
    assert factset.topics == (
        Topic("film", {Lang.EN: "The film", Lang.RU: "Фильм"}, "film-director", ()),
    )
    assert factset.entities == (
        Entity("shipenko", "person", {Lang.EN: "Klim Shipenko", Lang.RU: "Клим Шипенко"},
               (), "film-director", None, None),
    )  # fmt: skip
    director = Fact(
        id="film-director", topic="film", kind=FactKind.FACT,
        questions={Lang.EN: ("Who directed the film?",), Lang.RU: ("Кто режиссёр фильма?",)},
        answer={Lang.EN: "Klim Shipenko.", Lang.RU: "Клим Шипенко."}, keywords=("director",),
        entities=("shipenko",),
        sources=("https://en.wikipedia.org/wiki/The_Challenge_(2023_film)",),
        verified=dt.date(2026, 11, 20), confidence=Confidence.HIGH, file=path, line=13,
    )  # fmt: skip
    title = dataclasses.replace(
        director, id="film-title", entities=(), keywords=("title",), line=24,
        questions={Lang.EN: ("What is the film called?",), Lang.RU: ("Как называется фильм?",)},
        answer={Lang.EN: "The Challenge.", Lang.RU: "«Вызов»."},
    )  # fmt: skip
    assert factset.facts == (director, title)


def test_a_fact_verified_after_tomorrow_is_refused(tmp_path: Path) -> None:
    """The latest day allowed is worked out once per file: tomorrow passes, the day after not."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    later = tomorrow + dt.timedelta(days=1)
    text = GOOD.replace("verified = 2026-11-20", f"verified = {tomorrow.isoformat()}")
    write(tmp_path, text)
    assert load_facts(tmp_path).problems == ()
    write(tmp_path, GOOD.replace("verified = 2026-11-20", f"verified = {later.isoformat()}"))
    problems = load_facts(tmp_path).problems
    assert [p.message for p in problems] == [f"{later} is in the future"]
    assert problems[0].field == "verified"
