"""A question to a reply: match, decide (answer, clarify or fall back), remember the chat for
follow-ups and /why; and the per-user cooldown in front of it all."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core import phrases
from bot.core.confidence import probability
from bot.core.domain import (
    Candidate,
    Command,
    Explanation,
    Fact,
    FactKind,
    FactSet,
    Inbound,
    Lang,
    Option,
    Outcome,
    Reply,
)
from bot.core.live import Live, LiveFacts
from bot.core.matcher import ChatContext, MatchResult
from bot.core.questionlog import QuestionLog
from bot.core.text import clean, detect_lang, locale_lang
from bot.settings import MatcherSettings

MAX_CHATS = 10_000  # contexts and cooldowns kept in memory, least recently used dropped


def verdict(result: MatchResult, cfg: MatcherSettings) -> Literal["answer", "clarify", "fallback"]:
    """What the match alone decides: answer the best fact, ask which was meant, or fall back.

    The best fact is answered when the confidence model is sure enough of it and it scores
    `answer_floor` or more. Short of that, a close call (the next fact within `margin`)
    that is not a long shot asks which was meant; anything else falls back: a clarify on a
    question the bot cannot answer is no help.
    """
    candidates = result.candidates
    if not candidates:
        return "fallback"
    sure = confidence(result, cfg)
    if sure >= cfg.answer_confidence and candidates[0].score >= answer_floor(result.words, cfg):
        return "answer"
    best = candidates[0].score
    lead = best - (candidates[1].score if len(candidates) > 1 else 0.0)
    if sure >= cfg.clarify_confidence and best >= cfg.clarify_threshold and lead < cfg.margin:
        return "clarify"
    return "fallback"


def answer_floor(words: int, cfg: MatcherSettings) -> float:
    """The least score answered, for a question of `words` different words: a long one scores
    less for the same match ("someone told me the whole station got knocked out of position
    while the movie people were there" found its fact at 42.7, sure of it at 0.79)."""
    return cfg.long_answer_threshold if words >= cfg.long_question_words else cfg.answer_threshold


def confidence(result: MatchResult, cfg: MatcherSettings) -> float:
    """The configured model's chance that the best candidate is the right answer."""
    return probability(result.candidates, result.words, cfg.confidence_weights, cfg.confidence_bias)


def settled(
    live: Live, result: MatchResult, cfg: MatcherSettings
) -> tuple[Candidate, Candidate, Literal["support", "evidence"], float] | None:
    """A close call settled: (chosen, next, by what, its lead), or None to ask.

    When the best examples of several facts score within `margin` of the best, the one
    answered is, first, the fact whose two best examples together match best, if it leads the
    next by `support_margin` (one close example is chance; two are a way of asking); else the
    fact whose questions as a whole best explain the query's words, if it leads the next by
    `evidence_margin`. Never when one of them is out of scope: those examples are a catch-all,
    not one way of asking.
    """
    cands = result.candidates
    if not cands:
        return None
    floor = max(cands[0].score - cfg.margin, cfg.clarify_threshold)
    close = [c for c in cands if c.score >= floor]
    if len(close) < 2 or any(_catch_all(live, c) for c in close):
        return None
    if all(c.support > 0 for c in close):  # a fact matched as a whole phrase has no support
        most, next_most = sorted(close, key=lambda c: -c.support)[:2]
        if most.support - next_most.support >= cfg.support_margin:
            return most, next_most, "support", most.support - next_most.support
    evidence = live.matcher.evidence(result.tokens, [c.fact_id for c in close])
    first, second = sorted(range(len(close)), key=lambda i: -evidence[i])[:2]
    lead = evidence[first] - evidence[second]
    if lead < cfg.evidence_margin:
        return None
    return close[first], close[second], "evidence", lead


def _greeted(live: Live, close: Sequence[Candidate], cfg: MatcherSettings) -> bool:
    """Small talk matched at `smalltalk_threshold` with no out-of-scope example in the close
    call: answered whatever the model says (see MatcherSettings)."""
    if not close or close[0].score < cfg.smalltalk_threshold:
        return False
    fact = live.factset.fact(close[0].fact_id)
    return (
        fact is not None
        and fact.kind is FactKind.SMALLTALK
        and not any(_catch_all(live, c) for c in close)
    )


def _small_talk(live: Live, candidate: Candidate | None) -> bool:
    """Whether the candidate is small talk (no for none)."""
    fact = live.factset.fact(candidate.fact_id) if candidate else None
    return fact is not None and fact.kind is FactKind.SMALLTALK


def _catch_all(live: Live, candidate: Candidate) -> bool:
    """Whether the candidate is an out-of-scope example (or no fact of this revision)."""
    fact = live.factset.fact(candidate.fact_id)
    return fact is None or fact.kind is FactKind.OUT_OF_SCOPE


def reply_lang(text: str, locale: str | None, result: MatchResult) -> Lang:
    if result.russian_reading and result.candidates:
        return Lang.RU
    return detect_lang(text, locale)


def fact_reply(fact: Fact, lang: Lang, outcome: Outcome, score: float) -> Reply:
    return Reply(
        outcome=outcome,
        text=fact.answer[lang],
        lang=lang,
        sources=fact.sources,
        fact_id=fact.id,
        topic=fact.topic,
        title=fact.title(lang),
        score=score,
        confidence=fact.confidence,
    )


def suggestion(
    live: Live, close: Sequence[Candidate], sure: float, lang: Lang, cfg: MatcherSettings
) -> Option | None:
    """The fact a fallback may still offer: the best, when it is a fact (not small talk) that
    the confidence model half believes, and no out-of-scope example is as close: then the
    question reads as one the bot does not answer, and offering a fact would be noise."""
    best = close[0]
    fact = live.factset.fact(best.fact_id)
    if (
        fact is None
        or fact.kind is not FactKind.FACT
        or sure < cfg.suggest_confidence
        or best.score < cfg.suggest_threshold
        or any(_catch_all(live, c) for c in close)
    ):
        return None
    return Option(fact.id, fact.title(lang))


def decide(live: Live, result: MatchResult, lang: Lang, cfg: MatcherSettings) -> Reply:
    cands = result.candidates
    best = cands[0] if cands else None
    runner = cands[1] if len(cands) > 1 else None
    sure = confidence(result, cfg)
    explanation = Explanation(
        query=result.query,
        best=best,
        runner_up=runner,
        confidence=round(sure, 3),
        answer_confidence=cfg.answer_confidence,
        answer_threshold=answer_floor(result.words, cfg),
        clarify_confidence=cfg.clarify_confidence,
        clarify_threshold=cfg.clarify_threshold,
        margin=cfg.margin,
        context_entity=result.context_entity,
        evidence_margin=cfg.evidence_margin,
        support_margin=cfg.support_margin,
    )
    # The facts of a close call: the best and those within `margin` of it.
    close = [c for c in cands if c.score >= cands[0].score - cfg.margin]
    decided = verdict(result, cfg)
    greeted = _greeted(live, close, cfg)
    # Sure that one of two close facts is meant, or unsure enough to ask: either way, which
    # one is for the examples' support or the words to say, not a point of score. Not small
    # talk matched whole: "whats up bot" is greeted back, though "what is this bot?" is close.
    if (
        decided != "fallback"
        and not greeted
        and (close_call := settled(live, result, cfg)) is not None
    ):
        best, runner, by, lead = close_call
        decided = "answer"
        lead = round(lead, 2)
        explanation = dataclasses.replace(
            explanation, best=best, runner_up=runner,
            support=lead if by == "support" else None, evidence=lead if by == "evidence" else None,
        )  # fmt: skip
    # A close call with an out-of-scope example is not asked about: the catch-all is no way of
    # asking a fact, so "did you mean ...?" would offer what was not asked.
    if decided == "clarify" and any(_catch_all(live, c) for c in close):
        decided = "fallback"
        explanation = dataclasses.replace(explanation, out_of_scope=True)
    if decided != "answer" and greeted:
        decided = "answer"
        explanation = dataclasses.replace(explanation, small_talk=cfg.smalltalk_threshold)
    # "How much did Barbie make?" is no question about this film's takings: whatever the
    # words match, a name no fact knows says the question is about something else. Small talk
    # stays: "thanks Dave" is thanks (and so is a greeting matched whole, `greeted`). A fallback
    # the confidence already decided offers nothing either: no "did you mean the film's cast?".
    if result.unknown_names and not _small_talk(live, best):
        decided = "fallback"
        explanation = dataclasses.replace(explanation, unknown_names=result.unknown_names)
    if best is None or decided == "fallback":
        if best is not None and not (explanation.out_of_scope or explanation.unknown_names):
            offered = suggestion(live, close, sure, lang, cfg)
            if offered is not None:
                return Reply(
                    Outcome.FALLBACK, phrases.say("suggest", lang), lang, options=(offered,),
                    score=best.score, explanation=explanation,
                )  # fmt: skip
        score = best.score if best else 0.0
        return Reply(
            Outcome.FALLBACK, phrases.say("fallback", lang), lang, score=score,
            explanation=explanation,
        )  # fmt: skip
    fact = live.factset.fact(best.fact_id)
    assert fact is not None  # candidates come from this factset
    if fact.kind is FactKind.OUT_OF_SCOPE:
        return Reply(
            Outcome.FALLBACK, phrases.say("fallback", lang), lang, score=best.score,
            explanation=dataclasses.replace(explanation, out_of_scope=True),
        )  # fmt: skip
    if decided == "answer":
        outcome = Outcome.SMALLTALK if fact.kind is FactKind.SMALLTALK else Outcome.ANSWER
        reply = fact_reply(fact, lang, outcome, best.score)
        return dataclasses.replace(reply, explanation=explanation)
    # Every fact of the close call (none out of scope, or this fell back), even one under
    # `clarify_threshold`: the verdict asked because the next fact is within `margin`, and a
    # list of one would not ask which.
    options = tuple(
        Option(c.fact_id, f.title(lang)) for c in close[:3] if (f := live.factset.fact(c.fact_id))
    )
    return Reply(
        Outcome.CLARIFY, phrases.say("clarify", lang), lang, options=options,
        score=best.score, explanation=explanation,
    )  # fmt: skip


# -- chat memory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChatState:
    at: float
    context: ChatContext | None
    explanation: Explanation | None
    question: str
    lang: Lang
    offered: str | None = None  # the fact the last fallback offered, for a "yes" to take


def context_for(fact_id: str, result: MatchResult | None, factset: FactSet) -> ChatContext:
    fact = factset.fact(fact_id)
    fact_entities = fact.entities if fact else ()
    mentioned = result.entities if result else ()
    borrowed = (result.context_entity,) if result and result.context_entity else ()
    ranked = tuple(dict.fromkeys((*mentioned, *borrowed, *fact_entities)))
    entity = ranked[0] if ranked else None
    return ChatContext(entity, result.tokens if result else (), fact_id, ranked)


def next_state(
    factset: FactSet,
    question: str,
    lang: Lang,
    result: MatchResult,
    reply: Reply,
    previous: ChatState | None,
    at: float,
) -> ChatState:
    """What a chat remembers after a reply (pure: the /reload dry run replays it too)."""
    context = previous.context if previous else None
    if reply.fact_id is not None and reply.outcome is Outcome.ANSWER:
        context = context_for(reply.fact_id, result, factset)
    elif reply.outcome is Outcome.CLARIFY and result.entities:
        # Unsure which fact, but sure whom the user named: follow-ups are about them.
        context = ChatContext(result.entities[0], result.tokens, None, result.entities)
    elif reply.outcome is Outcome.CLARIFY:
        # Unsure which fact, but sure what the question was about: "on which ship?" just after
        # "what date did the actress and director come back down?" asks on what they came
        # back, whichever of the two facts the bot offered. Whom the chat named stays.
        entity, entities = (context.entity, context.entities) if context else (None, ())
        context = ChatContext(entity, result.tokens, None, entities)
    offered = (
        reply.options[0].fact_id if reply.outcome is Outcome.FALLBACK and reply.options else None
    )
    return ChatState(at, context, reply.explanation, question[:300], lang, offered)


def taken_offer(
    factset: FactSet, state: ChatState | None, text: str, at: float
) -> tuple[Reply, ChatState] | None:
    """A "yes" just after a fallback offered a fact takes it, as its button would: the reply
    and what the chat remembers then. None for anything else, which is asked as usual."""
    if state is None or state.offered is None or clean(text, 100) not in phrases.YES:
        return None
    fact = factset.fact(state.offered)
    if fact is None:  # gone in a reload since it was offered
        return None
    return chosen(factset, fact, state.lang, state, at)


def chosen(
    factset: FactSet, fact: Fact, lang: Lang, previous: ChatState | None, at: float
) -> tuple[Reply, ChatState]:
    """A fact the user picked (a button, a number, a "yes" to an offer): its answer, and what
    the chat remembers then: follow-ups about that fact; /why still of the question asked."""
    reply = fact_reply(fact, lang, Outcome.ANSWER, 100.0)
    context = context_for(fact.id, None, factset)
    explanation = previous.explanation if previous else None
    question = previous.question if previous else fact.title(lang)
    return reply, ChatState(at, context, explanation, question, lang)


class ChatMemory:
    """What each chat last asked, for follow-ups and /why; forgotten after `ttl` seconds, and
    the least recently used chat forgotten past `max_chats`."""

    def __init__(self, ttl: float, clock: Callable[[], float], max_chats: int = MAX_CHATS) -> None:
        self._ttl, self._clock, self._max_chats = ttl, clock, max_chats
        self._chats: OrderedDict[str, ChatState] = OrderedDict()

    def get(self, key: str) -> ChatState | None:
        state = self._chats.get(key)
        if state is None:
            return None
        if self._clock() - state.at > self._ttl:
            del self._chats[key]
            return None
        return state

    def put(self, key: str, state: ChatState) -> None:
        # No opt-out: anyone can open a new chat, so every write counts against the bound.
        self._chats[key] = state
        self._chats.move_to_end(key)
        if len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)


class Cooldown:
    """At most N questions per user in a sliding window of M seconds; one notice past that."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._noticed: dict[str, float] = {}

    def check(self, key: str) -> Outcome | None:
        """None to go ahead, COOLDOWN for the one notice, SILENT after it."""
        now = self._clock()
        times = self._seen.setdefault(key, deque())
        self._seen.move_to_end(key)
        while times and now - times[0] >= self._window:
            times.popleft()
        if len(self._seen) > MAX_CHATS:
            old, _ = self._seen.popitem(last=False)
            self._noticed.pop(old, None)
        if len(times) < self._limit:
            times.append(now)
            self._noticed.pop(key, None)
            return None
        if key in self._noticed and now - self._noticed[key] < self._window:
            return Outcome.SILENT
        self._noticed[key] = now
        return Outcome.COOLDOWN


# -- the answerer ---------------------------------------------------------------------------


class Answerer:
    def __init__(
        self,
        live: LiveFacts,
        chats: ChatMemory,
        questions: QuestionLog,
        cfg: MatcherSettings,
        clock: Callable[[], float],
    ) -> None:
        self._live = live
        self._chats = chats
        self._questions = questions
        self._cfg = cfg
        self._clock = clock

    async def answer(self, msg: Inbound) -> Reply:
        limit = self._cfg.max_input_chars
        text = msg.text[: limit * 2]
        if not clean(text, limit):
            lang = locale_lang(msg.locale) if not text.strip() else detect_lang(text, msg.locale)
            key = "ask_empty" if msg.command is Command.ASK else "help"
            return Reply(Outcome.INFO, phrases.say(key, lang), lang)
        live = self._live.current
        key = f"{msg.platform}:{msg.chat}"
        state = self._chats.get(key)
        if (taken := taken_offer(live.factset, state, text, self._clock())) is not None:
            reply, after = taken
            self._chats.put(key, after)
            self._questions.record(msg, reply.lang, reply)
            return reply
        result = live.matcher.match(text, state.context if state else None)
        lang = reply_lang(text, msg.locale, result)
        reply = decide(live, result, lang, self._cfg)
        at = self._clock()
        self._chats.put(key, next_state(live.factset, text, lang, result, reply, state, at))
        self._questions.record(msg, lang, reply)
        return reply

    def suggest(self, text: str, locale: str | None, limit: int = 25) -> tuple[Option, ...]:
        """Known questions that best match a partly typed one (autocomplete)."""
        lang = detect_lang(text, locale) if text.strip() else locale_lang(locale)
        found = self._live.current.matcher.suggest(text[:200], lang, limit)
        return tuple(Option(fact_id, question) for fact_id, question in found)

    async def top_answers(self, text: str, locale: str | None, limit: int = 5) -> tuple[Reply, ...]:
        """The best few answers to a question, for inline results; none when out of scope."""
        live = self._live.current
        result = live.matcher.match(text)
        lang = reply_lang(text, locale, result)
        threshold = self._cfg.clarify_threshold
        return tuple(
            fact_reply(fact, lang, Outcome.ANSWER, c.score)
            for c in result.candidates[:limit]
            if c.score >= threshold
            and (fact := live.factset.fact(c.fact_id)) is not None
            and fact.kind is FactKind.FACT
        )
