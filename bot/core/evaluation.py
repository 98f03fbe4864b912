"""The matcher's evaluation set: what one item is, how it is read, and what counts as right.

One definition serves the /reload dry run (accuracy before and after) and the test suite's
harness and `make bench`, so the three always measure the same thing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.core.domain import Outcome

log = logging.getLogger(__name__)

FALLBACK = "fallback"
CLARIFY = "clarify"


@dataclass(frozen=True)
class EvalItem:
    question: str
    expected: str  # a fact id, or "fallback"
    lang: str = ""
    kind: str = ""
    session: str | None = None  # lines sharing a session are asked in order in one chat
    scope: str = ""  # out of scope "near" the topic or "far" from it, where the set says


def read_eval(path: Path) -> list[EvalItem]:
    """Every item of a JSON Lines file; a malformed line is an error naming it."""
    items: list[EvalItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            session = data.get("session")
            items.append(
                EvalItem(
                    question=str(data["question"]),
                    expected=str(data["expected"]),
                    lang=str(data.get("lang", "")),
                    kind=str(data.get("kind", "")),
                    session=None if session is None else str(session),
                    scope=str(data.get("scope", "")),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{number}: not an evaluation item ({exc})") from None
    return items


def load_eval(path: Path) -> tuple[EvalItem, ...] | None:
    """The evaluation set, or None when it is not here or cannot be read whole (logged)."""
    try:
        return tuple(read_eval(path)) or None
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("cannot read the evaluation set (%s); accuracy not measured", exc)
        return None


def predicted(outcome: Outcome, fact_id: str | None) -> str:
    """What a reply amounts to for scoring: a fact id, "clarify" or "fallback"."""
    if outcome in {Outcome.ANSWER, Outcome.SMALLTALK} and fact_id:
        return fact_id
    if outcome is Outcome.CLARIFY:
        return CLARIFY
    return FALLBACK
