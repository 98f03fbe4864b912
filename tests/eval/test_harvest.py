"""`python -m tests.eval.harvest`: a share of the development set moved into facts/ as examples."""

from __future__ import annotations

import json
from pathlib import Path

from bot.core.domain import Lang
from bot.core.facts import load_facts
from tests.eval.harvest import harvest, harvested

SHARE = 0.5
# New wordings, none an example already: which of them the hash harvests is fixed.
ASKED = [
    ("so who actually sat in the director's chair for vyzov", "film-director", "en"),
    ("which guy called the shots behind the camera on the challenge", "film-director", "en"),
    ("hey who was the film's director again", "film-director", "en"),
    ("remind me who made vyzov, the director i mean", "film-director", "en"),
    ("кто там у вызова режиссёр был, напомни", "film-director", "ru"),
    ("а режиссёр у фильма про орбиту кто", "film-director", "ru"),
    ("what's the best pizza topping", "fallback", "en"),
    ("who won the 1998 world cup final", "fallback", "en"),
]


def write_set(path: Path, extra: list[dict[str, str]]) -> None:
    rows = [
        {"question": q, "expected": e, "lang": lang, "kind": "paraphrase"} for q, e, lang in ASKED
    ]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*rows, *extra]), encoding="utf-8"
    )


def test_the_hash_decides_and_both_sides_are_in_the_sample() -> None:
    """The sample below is worth testing with: some of it moves and some stays."""
    moving = [harvested(q, SHARE) for q, _, _ in ASKED]
    assert any(moving)
    assert not all(moving)
    assert not any(harvested(q, 0.0) for q, _, _ in ASKED)
    assert all(harvested(q, 1.0) for q, _, _ in ASKED)


def test_harvested_questions_become_their_facts_examples_and_leave_the_set(
    tmp_path: Path, facts_dir: Path
) -> None:
    """Each harvested question is an example of the fact it expects (out of scope: the
    catch-all's), the facts still load, and the set keeps the rest: follow-ups, Latin letters,
    typos, and what the matcher does not read as typed."""
    eval_file = tmp_path / "questions.jsonl"
    kept_kinds = [
        {"question": "and who directed it?", "expected": "film-director", "lang": "en",
         "kind": "follow-up", "session": "x-1"},
        {"question": "kto rezhisser vyzova", "expected": "film-director", "lang": "ru",
         "kind": "transliterated"},
        {"question": "who direted vyzov", "expected": "film-director", "lang": "en",
         "kind": "typo"},
        # Not read as typed: a slip the typo fixer puts right, in either language, and a
        # message the matcher reads without who asks it.
        {"question": "who was the diretcor of vyzov", "expected": "film-director",
         "lang": "en", "kind": "paraphrase"},
        {"question": "кто был режисером вызова", "expected": "film-director", "lang": "ru",
         "kind": "slang"},
        {"question": "my mum keeps asking me this, who directed vyzov?",
         "expected": "film-director", "lang": "en", "kind": "paraphrase"},
    ]  # fmt: skip
    write_set(eval_file, kept_kinds)
    moving = [(q, e, lang) for q, e, lang in ASKED if harvested(q, 1.0)]

    moved = harvest(facts_dir, eval_file, share=1.0)

    assert moved == len(moving) == len(ASKED)
    factset = load_facts(facts_dir).factset
    assert factset is not None, "the facts still pass check-facts"
    for question, expected, lang in ASKED:
        fact = factset.fact("bot-out-of-scope" if expected == "fallback" else expected)
        assert fact is not None
        assert question in fact.questions[Lang(lang)]
    left = [json.loads(line)["question"] for line in eval_file.read_text().splitlines()]
    assert left == [k["question"] for k in kept_kinds]


def test_a_share_moves_only_the_questions_its_hash_picks_and_once(
    tmp_path: Path, facts_dir: Path
) -> None:
    """Run again, it moves nothing: the questions left are the ones the hash keeps."""
    eval_file = tmp_path / "questions.jsonl"
    write_set(eval_file, [])
    picked = [q for q, _, _ in ASKED if harvested(q, SHARE)]

    assert harvest(facts_dir, eval_file, share=SHARE) == len(picked)
    left = [json.loads(line)["question"] for line in eval_file.read_text().splitlines()]
    assert left == [q for q, _, _ in ASKED if q not in picked]
    assert harvest(facts_dir, eval_file, share=SHARE) == 0
