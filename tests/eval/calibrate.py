"""Fit the confidence model (bot/core/confidence.py) on the development set: `make calibrate`.

Each question of tests/eval/questions.jsonl asked on its own (follow-ups need the chat they
were asked in, so they are left out) whose best candidate is a fact of ours is one example:
its features, and whether that fact is the expected one. The held-out set is never used.
With --write, the numbers replace the defaults in bot/settings.py; print-only otherwise.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.core.answering import answer_floor
from bot.core.confidence import FEATURES, features, fit
from bot.core.domain import FactKind
from bot.core.facts import load_facts
from bot.core.matcher import Matcher
from bot.settings import load_settings
from tests.eval.harness import EVAL_FILE, load_items

REPO = Path(__file__).resolve().parents[2]
SETTINGS_PY = REPO / "bot" / "settings.py"
_WEIGHTS = re.compile(r"(confidence_weights: Weights = )\([^)]*\)")
_BIAS = re.compile(r"(confidence_bias: float = )[-0-9.e]+")


def examples(eval_file: Path = EVAL_FILE) -> tuple[list[tuple[float, ...]], list[bool]]:
    """(features, right) for every stand-alone question whose best candidate is a fact that
    scores `answer_floor` or more: the questions whose answer the model decides."""
    factset = load_facts(REPO / "facts").factset
    assert factset is not None, "facts/ is invalid: run spacebot check-facts"
    matcher = Matcher(factset)
    cfg = load_settings(REPO / "config" / "settings.toml", _env_file=None).matcher
    catch_all = {f.id for f in factset.facts if f.kind is FactKind.OUT_OF_SCOPE}
    rows: list[tuple[float, ...]] = []
    right: list[bool] = []
    for item in load_items(eval_file):
        if item.session:
            continue
        result = matcher.match(item.question)
        candidates = result.candidates
        if not candidates or candidates[0].fact_id in catch_all or result.unknown_names:
            continue  # the fallback either way: nothing for the model to decide
        if candidates[0].score < answer_floor(result.words, cfg):
            # Never answered, however sure the model: fit on as well, these far-off questions
            # (most of them wrong) pulled its line up for the in-scope ones that are answered.
            continue
        rows.append(features(candidates, result.words))
        right.append(candidates[0].fact_id == item.expected)
    return rows, right


def calibrated() -> tuple[list[float], float]:
    rows, right = examples()
    weights, bias = fit(rows, right)
    return [round(w, 4) for w in weights], round(bias, 4)


def write(weights: list[float], bias: float, path: Path = SETTINGS_PY) -> None:
    text = path.read_text(encoding="utf-8")
    numbers = ", ".join(f"{w:g}" for w in weights)
    text, n_weights = _WEIGHTS.subn(rf"\g<1>({numbers})", text)
    text, n_bias = _BIAS.subn(rf"\g<1>{bias:g}", text)
    if (n_weights, n_bias) != (1, 1):
        raise SystemExit(f"{path}: cannot find the confidence defaults to replace")
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="put the numbers in bot/settings.py")
    args = parser.parse_args()
    rows, right = examples()
    weights, bias = calibrated()
    print(f"{len(rows)} questions, {sum(right)} with the right fact first")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:14} {w:+.4f}")
    print(f"  {'bias':14} {bias:+.4f}")
    if args.write:
        write(weights, bias)
        print(f"written to {SETTINGS_PY.relative_to(REPO)}")


if __name__ == "__main__":
    main()
