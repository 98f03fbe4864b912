"""`make calibrate` writes the fitted numbers where the settings' defaults are."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.eval.calibrate import SETTINGS_PY, examples, write


def test_the_fitted_numbers_replace_the_defaults_and_nothing_else(tmp_path: Path) -> None:
    copy = tmp_path / "settings.py"
    shutil.copy(SETTINGS_PY, copy)
    write([1.5, -2.25, 3.0, 0.125], -4.5, copy)
    before = SETTINGS_PY.read_text(encoding="utf-8").splitlines()
    after = copy.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert [b.strip() for _, b in changed] == [
        "confidence_weights: Weights = (1.5, -2.25, 3, 0.125)",
        "confidence_bias: float = -4.5",
    ]


def test_a_settings_file_without_the_defaults_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "settings.py"
    other.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="cannot find"):
        write([1.0, 1.0, 1.0, 1.0], 0.0, other)
    assert other.read_text(encoding="utf-8") == "x = 1\n"


def test_the_model_is_fit_on_the_questions_it_decides(tmp_path: Path) -> None:
    """A best fact under `answer_threshold` is never answered, however sure the model: such a
    question (the rocket, 44.8, for a Rocket League question) is no example of where its line
    should be, while one that scores above it is."""
    questions = tmp_path / "questions.jsonl"
    lines = [
        {"question": "как поднять ранг в рокет лиге", "expected": "fallback", "lang": "ru"},
        {"question": "who directed the film?", "expected": "film-director", "lang": "en"},
    ]
    questions.write_text(
        "".join(json.dumps({**q, "kind": "direct"}, ensure_ascii=False) + "\n" for q in lines),
        encoding="utf-8",
    )
    rows, right = examples(questions)
    assert (len(rows), right) == (1, [True])


def test_a_question_about_a_name_no_fact_knows_is_not_fit_on(tmp_path: Path) -> None:
    """The bot falls back on "how much did Barbie make?" whatever the model says (see
    MatchResult.unknown_names): fit on as well, its takings-first match would count as a
    confident wrong answer the model must learn to doubt."""
    lines = [
        {"question": q, "expected": e, "lang": "en", "kind": k}
        for q, e, k in [
            ("how much did Barbie make at the box office?", "fallback", "out-of-scope"),
            ("how much did the film make at the box office?", "film-box-office", "direct"),
        ]
    ]
    path = tmp_path / "eval.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    _, right = examples(path)
    assert right == [True]
