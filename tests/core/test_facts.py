"""The facts loader: the shipped content is valid, and every class of mistake is located."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.core.domain import LANGS, Confidence, FactKind
from bot.core.facts import _norm_question, _norm_questions, _parse, load_facts
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
    [["Who?", "Кто снял «Вызов»?", "ß-word, ΣΑΣ!", "", "  a\tb  "], ["one\nline two", "x"], []],
    ids=["one a line", "a question of two lines", "none"],
)
def test_questions_are_keyed_together_as_each_alone(questions: list[str]) -> None:
    """The duplicate check keys every question in one pass: the keys must be each one's own."""
    assert _norm_questions(questions) == [_norm_question(q) for q in questions]
