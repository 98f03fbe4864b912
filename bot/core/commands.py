"""The commands anyone may use: /start, /help, /topics and the topic commands, /fact (a button
press), /crew and /why."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from bot.core import phrases
from bot.core.answering import ChatMemory, chosen, fact_reply
from bot.core.domain import (
    TOPIC_COMMANDS,
    Candidate,
    Command,
    Explanation,
    Inbound,
    Lang,
    Option,
    Outcome,
    Reply,
)
from bot.core.live import LiveFacts
from bot.core.questionlog import QuestionLog
from bot.core.text import locale_lang


class UserCommands:
    def __init__(
        self,
        live: LiveFacts,
        chats: ChatMemory,
        questions: QuestionLog,
        clock: Callable[[], float],
    ) -> None:
        self._live = live
        self._chats = chats
        self._questions = questions
        self._clock = clock

    def run(self, msg: Inbound, cmd: Command, arg: str, lang: Lang) -> Reply:
        if cmd is Command.START:
            examples = "\n".join(f"• {q}" for q in phrases.EXAMPLES[lang])
            return Reply(Outcome.INFO, f"{phrases.say('welcome', lang)}\n\n{examples}", lang)
        if cmd is Command.HELP:
            return Reply(Outcome.INFO, phrases.say("help", lang), lang)
        if cmd is Command.TOPICS:
            return self._topics(lang)
        if cmd is Command.WHY:
            return self._why(msg, lang)
        if cmd is Command.FACT:
            return self._chosen_fact(msg, arg, lang)
        if cmd is Command.CREW and arg:
            return self._crew_member(msg, arg, lang)
        if cmd in TOPIC_COMMANDS:
            return self._overview(TOPIC_COMMANDS[cmd], lang)
        return self._topics(lang)

    def people(self, locale: str | None) -> tuple[Option, ...]:
        """The film's crew and cast, for a choice list: each with the fact about them."""
        lang = locale_lang(locale)
        fs = self._live.current.factset
        return tuple(
            Option(e.fact, e.name[lang])
            for e in fs.entities
            if e.kind == "person" and e.role in {"crew", "cast"} and e.fact and fs.fact(e.fact)
        )

    def _topics(self, lang: Lang) -> Reply:
        fs = self._live.current.factset
        lines = [phrases.say("topics", lang)]
        options: list[Option] = []
        commands = {topic: cmd for cmd, topic in TOPIC_COMMANDS.items()}
        for topic in fs.topics:
            cmd = commands.get(topic.id)
            if cmd is None:
                continue
            lines.append(f"• /{cmd.value}: {topic.title[lang]}")
            summary = fs.fact(topic.summary) if topic.summary else None
            if summary is not None:
                options.append(Option(summary.id, topic.title[lang]))
        return Reply(Outcome.INFO, "\n".join(lines), lang, options=tuple(options))

    def _overview(self, topic_id: str, lang: Lang) -> Reply:
        fs = self._live.current.factset
        topic = fs.topic(topic_id)
        if topic is None:
            return self._topics(lang)
        summary = fs.fact(topic.summary) if topic.summary else None
        options = tuple(
            Option(f.id, f.title(lang)) for fid in topic.featured if (f := fs.fact(fid))
        )
        if summary is None:
            return Reply(Outcome.INFO, topic.title[lang], lang, options=options, topic=topic.id)
        reply = fact_reply(summary, lang, Outcome.INFO, 100.0)
        return dataclasses.replace(reply, title=topic.title[lang], options=options)

    def _chosen_fact(self, msg: Inbound, fact_id: str, lang: Lang) -> Reply:
        fact = self._live.current.factset.fact(fact_id)
        if fact is None:
            return Reply(Outcome.INFO, phrases.say("unknown_fact", lang), lang)
        key = f"{msg.platform}:{msg.chat}"
        previous = self._chats.get(key)
        # A button press carries no text to read a language from: answer as the chat last spoke.
        lang = previous.lang if previous else locale_lang(msg.locale)
        reply, state = chosen(self._live.current.factset, fact, lang, previous, self._clock())
        self._chats.put(key, state)
        self._questions.record(dataclasses.replace(msg, text=fact.title(lang)), lang, reply)
        return reply

    def _crew_member(self, msg: Inbound, arg: str, lang: Lang) -> Reply:
        fs = self._live.current.factset
        if fs.fact(arg) is not None:
            return self._chosen_fact(msg, arg, lang)
        result = self._live.current.matcher.match(arg)
        for entity_id in result.entities:
            entity = fs.entity(entity_id)
            if entity is not None and entity.fact:
                return self._chosen_fact(msg, entity.fact, lang)
        return self._overview("crew", lang)

    def _why(self, msg: Inbound, lang: Lang) -> Reply:
        state = self._chats.get(f"{msg.platform}:{msg.chat}")
        if state is None or state.explanation is None:
            return Reply(Outcome.INFO, phrases.say("why_none", lang), lang)
        lang = state.lang  # explain in the language the question was answered in
        return Reply(Outcome.INFO, explain(state.question, state.explanation, lang), lang)


def explain(question: str, e: Explanation, lang: Lang) -> str:
    """The /why text: what was matched, how well, against what thresholds."""
    ru = lang is Lang.RU

    def cand(label_en: str, label_ru: str, c: Candidate | None) -> str:
        label = label_ru if ru else label_en
        if c is None:
            return f"{label}: —"
        return f"{label}: {c.fact_id} ← “{c.example}” ({c.score:.1f})"

    lines = [
        ("Вопрос" if ru else "Question") + f": “{question}”",
        ("Разбор" if ru else "Read as") + f": {e.query or '—'}",
        cand("Best match", "Лучшее совпадение", e.best),
        cand("Runner-up", "Второе место", e.runner_up),
        (
            f"Уверенность: {e.confidence:.2f} (отвечаю при ≥ {e.answer_confidence:g} и балле ≥"
            f" {e.answer_threshold:g}; при близких баллах, второе место в пределах {e.margin:g}"
            f" и балл ≥ {e.clarify_threshold:g}, переспрашиваю при ≥ {e.clarify_confidence:g})"
            if ru
            else f"Confidence: {e.confidence:.2f} (answers at ≥ {e.answer_confidence:g} with a"
            f" score ≥ {e.answer_threshold:g}; a close call, the runner-up within {e.margin:g}"
            f" and the score ≥ {e.clarify_threshold:g}, asks which at ≥"
            f" {e.clarify_confidence:g})"
        ),
    ]
    if e.evidence is not None:
        lines.append(
            ("Близкие баллы; решили слова" if ru else "Close scores, settled by the words")
            + f": +{e.evidence:g} (≥ {e.evidence_margin:g})"
        )
    if e.support is not None:
        lines.append(
            ("Близкие баллы; решили примеры" if ru else "Close scores, settled by the examples")
            + f": +{e.support:g} (≥ {e.support_margin:g})"
        )
    if e.out_of_scope:
        lines.append(
            "Вне темы: лучше всех или почти так же совпал пример того, о чём я не рассказываю,"
            " поэтому ответ — «не знаю», какой бы ни была уверенность"
            if ru
            else "Out of scope: an example of what I don't cover matched best or as close, so"
            " the reply is the fallback, whatever the confidence"
        )
    if e.unknown_names:
        names = ", ".join(e.unknown_names)
        lines.append(
            f"Не знаю, о ком или о чём это: {names}. Ни один мой факт их не знает, поэтому ответ"
            " — «не знаю»"
            if ru
            else f"Names I know nothing about: {names}. No fact of mine is about them, so the"
            " reply is the fallback"
        )
    if e.small_talk is not None:
        lines.append(
            f"Светская беседа: совпадение ≥ {e.small_talk:g}, отвечаю при любой уверенности"
            if ru
            else f"Small talk matched at ≥ {e.small_talk:g}: answered whatever the confidence"
        )
    if e.context_entity:
        lines.append(("Из контекста" if ru else "From context") + f": {e.context_entity}")
    return "\n".join(lines)
