"""Taught examples: how /teach tidies a question, what counts as one already known, and how
the examples an admin taught join a revision's facts."""

from __future__ import annotations

import dataclasses
import logging
import unicodedata
from collections.abc import Sequence

from bot.core.domain import LANGS, FactSet, Lang, TaughtExample
from bot.core.facts import question_key as facts_question_key  # check-facts' duplicate rule
from bot.core.text import clean

# The service's logger name: what operators' log filters and the warnings metric already know.
log = logging.getLogger("bot.core.service")

MAX_TAUGHT_CHARS = 300


def tidy_question(text: str) -> str:
    """A question as it is taught: no control or invisible characters, single spaces, capped."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf"} or ch == "\n")
    return " ".join(kept.split())[:MAX_TAUGHT_CHARS].strip()


def _question_keys(question: str) -> set[str]:
    """How two questions count as the same: check-facts' rule, and the matcher's reading."""
    keys = {"facts:" + facts_question_key(question), "clean:" + clean(question, MAX_TAUGHT_CHARS)}
    return {k for k in keys if not k.endswith(":")}


def example_owner(factset: FactSet, question: str) -> str | None:
    """The fact that already has `question` (or one that reads the same) as an example."""
    wanted = _question_keys(question)
    for fact in factset.facts:
        for lang in LANGS:
            for q in fact.questions.get(lang, ()):
                if wanted & _question_keys(q):
                    return fact.id
    return None


def with_taught(base: FactSet, taught: Sequence[TaughtExample]) -> FactSet:
    """`base` with each taught example appended to its fact's questions.

    An example whose fact is gone from facts/ waits in the store (it comes back with the fact);
    one facts/ now holds itself (say, after export-taught) is not added twice.
    """
    if not taught:
        return base
    seen = {k for f in base.facts for lang in LANGS for q in f.questions.get(lang, ())
            for k in _question_keys(q)}  # fmt: skip
    extra: dict[str, dict[Lang, list[str]]] = {}
    for example in taught:
        if base.fact(example.fact_id) is None:
            continue  # WaitingWarning tells the operator, once
        keys = _question_keys(example.question)
        if not keys or keys & seen:
            continue
        seen |= keys
        extra.setdefault(example.fact_id, {}).setdefault(example.lang, []).append(example.question)
    if not extra:
        return base
    facts = tuple(
        dataclasses.replace(
            f,
            questions={
                lang: (*f.questions.get(lang, ()), *extra[f.id].get(lang, ())) for lang in LANGS
            },
        )
        if f.id in extra
        else f
        for f in base.facts
    )
    # The content hash stays that of facts/: taught examples are not a new revision.
    return FactSet(facts, base.entities, base.topics, base.content_hash)


class WaitingWarning:
    """Warns that taught examples wait in the store for facts that facts/ no longer has.

    Every rebuild of the live index merged the taught examples and warned again, though nothing
    had changed: each /teach, dry run and reload repeated it and counted in the warnings metric.
    The operator can act only on which examples wait, so that is the condition: warn when an
    example starts waiting, not again while it waits, and again if it waits once more after its
    fact came back. Fewer examples waiting is good news, not a warning.
    """

    def __init__(self) -> None:
        self._warned: frozenset[TaughtExample] = frozenset()

    def check(self, base: FactSet, taught: Sequence[TaughtExample]) -> None:
        waiting = frozenset(e for e in taught if base.fact(e.fact_id) is None)
        if waiting - self._warned:
            n = len(waiting)
            log.warning("%d taught example(s) name facts that facts/ no longer has; kept", n)
        self._warned = waiting
