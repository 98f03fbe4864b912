"""The answer service: what every adapter's users get, decided once."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import open_service
from bot.core.domain import ChatKind, Command, Inbound, Lang, Outcome
from bot.core.live import LiveFacts
from bot.core.service import AnswerService, FactsUnavailable
from bot.core.store import SqliteStore
from tests.conftest import OFFERS, MakeSettings
from tests.core.facts_corpus import BROKEN


def ask(text: str, **kw: object) -> Inbound:
    fields: dict[str, object] = {"platform": "telegram", "chat": "c1", "user": "u1"}
    fields.update(kw)
    return Inbound(text=text, **fields)  # type: ignore[arg-type]


async def test_a_plain_question_gets_the_fact_with_sources(service: AnswerService) -> None:
    reply = await service.handle(ask("who directed the film?"))
    assert reply.outcome is Outcome.ANSWER
    assert reply.fact_id == "film-director"
    assert "Shipenko" in reply.text
    assert reply.sources
    assert all(s.startswith("https://") for s in reply.sources)
    assert reply.lang is Lang.EN


async def test_a_russian_question_gets_a_russian_answer(service: AnswerService) -> None:
    reply = await service.handle(ask("кто режиссёр фильма?", locale="en"))
    assert reply.outcome is Outcome.ANSWER
    assert reply.lang is Lang.RU
    assert "Шипенко" in reply.text


@pytest.mark.parametrize(
    "text",
    ["what's the weather in Paris?", "who directed Titanic?", "asdkjhasd qwpoeiru", "what's 2+2?"],
)
async def test_out_of_scope_gets_the_honest_fallback(service: AnswerService, text: str) -> None:
    reply = await service.handle(ask(text))
    assert reply.outcome is Outcome.FALLBACK
    assert reply.fact_id is None
    assert "/topics" in reply.text


async def test_a_message_with_no_words_gets_the_help_text(service: AnswerService) -> None:
    reply = await service.handle(ask("😀😀😀 ?!"))
    assert reply.outcome is Outcome.INFO
    assert "/topics" in reply.text


async def test_greetings_are_small_talk_not_facts(service: AnswerService) -> None:
    reply = await service.handle(ask("привет"))
    assert reply.outcome is Outcome.SMALLTALK
    assert reply.lang is Lang.RU


async def test_an_unaddressed_group_message_is_ignored(service: AnswerService) -> None:
    group = {"chat_kind": ChatKind.GROUP}
    assert (await service.handle(ask("who directed the film?", **group))).outcome is Outcome.SILENT
    mentioned = await service.handle(ask("who directed the film?", mentioned=True, **group))
    assert mentioned.outcome is Outcome.ANSWER
    command = await service.handle(ask("", command=Command.HELP, **group))
    assert command.outcome is Outcome.INFO


async def test_a_story_with_a_question_is_answered_in_a_chat_about_something_else(
    service: AnswerService,
) -> None:
    """The console session that found it: the question after the story, asked in the same chat
    as one about the station's commander, fell back."""
    await service.handle(ask("who was the iss commander when they showed up", chat="s"))
    reply = await service.handle(
        ask(
            "watched the landing clip and a bunch of officials ran up to the capsule, who greeted"
            " them after landing",
            chat="s",
        )
    )
    assert reply.outcome is Outcome.ANSWER
    assert reply.fact_id == "return-welcome"


async def test_the_issue_s_own_follow_up_is_about_the_crew_s_commander(
    service: AnswerService,
) -> None:
    """ "who was the commander?" is the Soyuz's: answered with the station's commander, "and
    how old was he?" then asked Pesquet's age, which no fact gives, and fell back."""
    first = await service.handle(ask("who was the commander?", chat="c"))
    assert first.fact_id == "shkaplerov-bio"
    follow = await service.handle(ask("and how old was he?", chat="c"))
    assert follow.outcome is Outcome.ANSWER
    assert follow.fact_id == "crew-ages"


async def test_a_follow_up_to_a_question_the_bot_asked_about_goes_on_with_that_question(
    service: AnswerService,
) -> None:
    """Unsure whether "what date did they come back down?" asked when they landed or on what,
    the bot asks which was meant; "on which ship?" then goes on with the question, not with
    whatever the chat was about before it (here nothing: it fell back)."""
    first = await service.handle(
        ask("what date did the actress and director come back down?", chat="d")
    )
    assert first.outcome is Outcome.CLARIFY
    follow = await service.handle(ask("on which ship?", chat="d"))
    assert follow.outcome is Outcome.ANSWER
    assert follow.fact_id == "return-spacecraft"


async def test_the_follow_up_remembers_the_chat_not_other_chats(service: AnswerService) -> None:
    await service.handle(ask("who was the commander of Soyuz MS-19?", chat="a"))
    follow = await service.handle(ask("and how old was he?", chat="a"))
    assert follow.outcome is Outcome.ANSWER
    assert "49" in follow.text
    elsewhere = await service.handle(ask("and how old was he?", chat="b"))
    assert elsewhere.explanation is None or elsewhere.explanation.context_entity is None


async def test_why_explains_the_last_match_in_this_chat(service: AnswerService) -> None:
    none_yet = await service.handle(ask("", command=Command.WHY))
    assert "yet" in none_yet.text
    await service.handle(ask("who directed the film?"))
    why = await service.handle(ask("", command=Command.WHY))
    assert why.outcome is Outcome.INFO
    for part in ("film-director", "Runner-up", "Confidence", "answers at ≥", "with a score ≥ 45",
                 "asks which"):  # fmt: skip
        assert part in why.text


async def test_overviews_offer_buttons_into_their_topic(service: AnswerService) -> None:
    for command in (Command.FILM, Command.CREW, Command.MISSION, Command.RACE):
        reply = await service.handle(ask("", command=command))
        assert reply.outcome is Outcome.INFO
        assert reply.options
        assert reply.text
    topics = await service.handle(ask("", command=Command.TOPICS))
    assert "/film" in topics.text
    assert "/race" in topics.text


async def test_choosing_an_option_answers_it(service: AnswerService) -> None:
    reply = await service.handle(ask("film-plot", command=Command.FACT))
    assert reply.outcome is Outcome.ANSWER
    assert reply.fact_id == "film-plot"
    gone = await service.handle(ask("no-such-fact", command=Command.FACT))
    assert gone.outcome is Outcome.INFO
    assert gone.fact_id is None


async def test_button_presses_past_the_chat_limit_forget_the_least_recently_used_chats(
    make_settings: MakeSettings,
) -> None:
    """A press answers in the language its chat was last answered in, else in the locale's: so a
    remembered chat gets Russian here, and a forgotten one English."""
    limit = 3
    chats = [f"chat-{n}" for n in range(2 * limit)]

    def press(chat: str, locale: str | None = None) -> Inbound:
        return ask("film-plot", chat=chat, user=chat, locale=locale, command=Command.FACT)

    settings = make_settings()
    async with (
        SqliteStore(settings.store.path) as store,
        AnswerService(store, settings, max_chats=limit) as service,
    ):
        for chat in chats:
            await service.handle(press(chat, locale="ru"))
        # Newest first, so that each remembered chat is asked before a forgotten one's press
        # (itself remembered) pushes a chat out.
        langs = [(await service.handle(press(chat))).lang for chat in reversed(chats)]
    assert langs == [Lang.RU] * limit + [Lang.EN] * limit


async def test_crew_member_by_name_or_choice(service: AnswerService) -> None:
    by_name = await service.handle(ask("Peresild", command=Command.CREW))
    assert by_name.fact_id == "peresild-bio"
    people = service.people("ru")
    assert any(o.fact_id == "shkaplerov-bio" and "Шкаплеров" in o.label for o in people)


async def test_admin_commands_refuse_everyone_but_admins(
    make_settings: MakeSettings, caplog: pytest.LogCaptureFixture
) -> None:
    async with open_service(make_settings(admins={"telegram": [42]})) as service:
        with caplog.at_level(logging.WARNING):
            refused = await service.handle(ask("", command=Command.RELOAD, user="user-7"))
        assert refused.outcome is Outcome.REFUSED
        assert "refused /reload" in caplog.text
        assert "user-7" not in caplog.text  # logged as a salted hash, never the raw id
        allowed = await service.handle(ask("", command=Command.STATS, user="42"))
        assert allowed.outcome is Outcome.INFO
        service.grant_admin("telegram", "user-7")
        assert (await service.handle(ask("", command=Command.STATS, user="user-7"))).outcome is (
            Outcome.INFO
        )


async def test_the_cooldown_sends_one_notice_then_silence(make_settings: MakeSettings) -> None:
    settings = make_settings(cooldown={"max_questions": 3, "window_seconds": 60})
    async with open_service(settings) as service:
        outcomes = [(await service.handle(ask("hi", user="flood"))).outcome for _ in range(6)]
        other = await service.handle(ask("hi", user="calm"))
    assert outcomes[:3] == [Outcome.SMALLTALK] * 3
    assert outcomes[3:] == [Outcome.COOLDOWN, Outcome.SILENT, Outcome.SILENT]
    assert other.outcome is Outcome.SMALLTALK


async def test_reload_reports_added_changed_and_removed(
    service: AnswerService, facts_dir: Path
) -> None:
    first = service.revision
    bot_file = facts_dir / "bot.toml"
    text = bot_file.read_text(encoding="utf-8")
    text = text.replace('id = "bot-goodbye"', 'id = "bot-farewell"', 1)
    bot_file.write_text(text, encoding="utf-8")
    film = facts_dir / "film.toml"
    film.write_text(film.read_text(encoding="utf-8").replace("Klim Shipenko", "Klim  Shipenko", 1))
    report = await service.reload("test")
    assert report.ok
    assert report.revision == first + 1
    assert report.added == ("bot-farewell",)
    assert report.removed == ("bot-goodbye",)
    assert report.changed
    again = await service.reload("test")
    assert again.ok
    assert again.revision == report.revision
    assert not again.added


async def test_a_broken_reload_keeps_the_old_facts_answering_throughout(
    service: AnswerService, facts_dir: Path
) -> None:
    """Questions keep arriving while a reload with a broken file fails: none of them fails."""
    revision = service.revision
    (facts_dir / "film.toml").write_text('[topic]\nid = "film"\nanwser = 1\n', encoding="utf-8")

    async def asking() -> list[Outcome]:
        return [(await service.handle(ask("who directed the film?", platform="cli"))).outcome
                for _ in range(30)]  # fmt: skip

    outcomes, report = await asyncio.gather(asking(), service.reload("test"))
    assert not report.ok
    assert report.revision == revision
    assert any("film.toml" in str(p) for p in report.problems)
    assert set(outcomes) == {Outcome.ANSWER}
    reply = await service.handle(ask("", command=Command.RELOAD, platform="console"))
    assert "stays live" in reply.text
    assert "film.toml" in reply.text


async def test_a_reload_whose_index_fails_leaves_the_old_revision_live_everywhere(
    service: AnswerService,
    facts_dir: Path,
    make_settings: MakeSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store writes the new revision while the matcher builds: a failed build must not
    leave it live in the store, or a restart would serve what never went live."""
    revision = service.revision
    film = facts_dir / "film.toml"
    film.write_text(film.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def broken(self: object, factset: object) -> None:
        raise MemoryError("no room for the index")

    with monkeypatch.context() as patch:
        patch.setattr(LiveFacts, "build_matcher", broken)
        with pytest.raises(MemoryError):
            await service.reload("test")
    assert service.revision == revision
    assert (await service.handle(ask("who directed the film?"))).fact_id == "film-director"
    assert await service.get_meta("live_revision") == str(revision)
    with sqlite3.connect(make_settings().store.path) as db:  # the unfinished revision is gone
        assert db.execute("SELECT id FROM revisions").fetchall() == [(revision,)]
        assert db.execute("SELECT DISTINCT revision FROM facts").fetchall() == [(revision,)]
    report = await service.reload("test")  # and the next reload puts it live
    assert report.ok
    assert report.revision is not None
    assert report.revision > revision
    assert await service.get_meta("live_revision") == str(report.revision)


async def test_a_good_reload_swaps_while_questions_keep_arriving(
    service: AnswerService, facts_dir: Path
) -> None:
    film = facts_dir / "film.toml"
    film.write_text(film.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    crew = facts_dir / "crew.toml"
    crew.write_text(crew.read_text(encoding="utf-8").replace("Sevastopol", "Sevastopol,", 1))

    async def asking() -> list[str | None]:
        return [(await service.handle(ask("who directed the film?", platform="cli"))).fact_id
                for _ in range(30)]  # fmt: skip

    facts, report = await asyncio.gather(asking(), service.reload("test"))
    assert report.ok
    assert report.changed
    assert set(facts) == {"film-director"}


async def test_startup_with_broken_facts_serves_the_stored_revision(
    make_settings: MakeSettings, facts_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings()
    async with open_service(settings) as service:
        good = service.revision
    (facts_dir / "crew.toml").write_bytes(b"\xff\xfe not utf-8")
    with caplog.at_level(logging.ERROR):
        async with open_service(settings) as service:
            assert service.revision == good
            reply = await service.handle(ask("who directed the film?"))
    assert reply.fact_id == "film-director"
    assert "serving the last good revision" in caplog.text
    assert "crew.toml" in caplog.text


async def test_startup_with_broken_facts_and_no_revision_refuses(
    make_settings: MakeSettings, facts_dir: Path
) -> None:
    (facts_dir / "crew.toml").write_text("[[fact]]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(FactsUnavailable) as caught:
        async with open_service(make_settings()):
            pass
    assert any("crew.toml" in str(p) for p in caught.value.problems)


async def test_the_question_log_hashes_users_and_stays_readable(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings()
    async with open_service(settings) as service:
        await service.handle(ask("what's the weather in Paris?", user="123456789"))
        await service.flush()
        stats = await service.handle(ask("", command=Command.UNANSWERED, platform="console"))
    assert "weather in Paris" in stats.text
    raw = settings.store.path.read_bytes() + (
        settings.store.path.with_name(settings.store.path.name + "-wal").read_bytes()
        if settings.store.path.with_name(settings.store.path.name + "-wal").exists()
        else b""
    )
    assert b"123456789" not in raw


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01", "<b>hi</b> & @everyone", "‮evil", "a" * 100_000, "/" * 5000],
)
async def test_hostile_text_never_raises(service: AnswerService, text: str) -> None:
    reply = await service.handle(ask(text))
    assert reply.outcome in set(Outcome)


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
async def test_each_broken_facts_file_is_named_and_the_old_revision_keeps_answering(
    service: AnswerService, facts_dir: Path, case: str
) -> None:
    text, expected = BROKEN[case]
    path = facts_dir / "film.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    revision = service.revision
    report = await service.reload("test")
    assert not report.ok
    assert report.revision == revision
    assert expected in "\n".join(str(p) for p in report.problems)
    reply = await service.handle(ask("who directed the film?"))
    assert reply.fact_id == "film-director"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("when did Soyuz MS-19 launch?", "кто режиссёр фильма?", "film-director"),
        ("What do we know about the Tom Cruise film in space?",
         "and how much would it have cost?", "cruise-budget"),
        ("who was the commander of Soyuz MS-19?", "and how old was he?", "crew-ages"),
        # "он" may be the film (фильм) or its director: the age is a person's
        ("кто снял вызов?", "а сколько ему лет?", "crew-ages"),
        ("что за фильм вызов?", "о чём он?", "film-plot"),
    ],
)  # fmt: skip
async def test_in_a_conversation_the_film_is_still_the_default_but_pronouns_follow_the_chat(
    service: AnswerService, first: str, then: str, expected: str
) -> None:
    await service.handle(ask(first, platform="cli"))
    reply = await service.handle(ask(then, platform="cli"))
    assert reply.outcome is Outcome.ANSWER
    assert reply.fact_id == expected


TAKINGS_OR_COST = """[topic]
id = "film"
title = { en = "The film", ru = "Фильм" }
summary = "film-takings"

[[fact]]
id = "film-takings"
verified = 2026-11-20
entities = []
keywords = []
sources = ["https://en.wikipedia.org/wiki/The_Challenge_(2023_film)"]
questions.en = ["How much did it make at the box office?", "What did the film make worldwide?",
  "Did it make money?", "What did it make in cinemas?", "How much did the movie make in Russia?"]
questions.ru = ["Сколько собрал фильм?"]
answer.en = "Takings."
answer.ru = "Сборы."

[[fact]]
id = "film-cost"
verified = 2026-11-20
entities = []
keywords = []
sources = ["https://en.wikipedia.org/wiki/The_Challenge_(2023_film)"]
questions.en = ["How much did it cost to make?", "What was the budget?",
  "How much did the production cost?", "Was it expensive?", "What did it cost?"]
questions.ru = ["Сколько стоил фильм?"]
answer.en = "Cost."
answer.ru = "Бюджет."
"""

NOT_OURS = """
[[fact]]
id = "bot-out-of-scope"
kind = "out-of-scope"
verified = 2026-11-20
entities = []
keywords = []
sources = []
questions.en = ["How much did it make, that Avatar?", "How much did Titanic make?"]
questions.ru = ["Сколько собрал «Аватар»?"]
answer.en = "-"
answer.ru = "-"
"""


@pytest.mark.parametrize(
    ("evidence_margin", "outcome", "fact_id"),
    [(1.0, Outcome.ANSWER, "film-takings"), (100.0, Outcome.CLARIFY, None)],
)
async def test_a_close_call_is_settled_by_which_fact_s_questions_use_the_words(
    make_settings: MakeSettings,
    tmp_path: Path,
    evidence_margin: float,
    outcome: Outcome,
    fact_id: str | None,
) -> None:
    """ "How much did it make?": the cost's best example ("How much did it cost to make?") and
    the takings' score within `margin` of each other (the letters' likeness puts the takings a
    few points ahead), but five takings questions say "make" and one cost question does. With
    that lead over `evidence_margin` the takings answer; without, it asks."""
    facts = tmp_path / "tie"
    facts.mkdir()
    (facts / "film.toml").write_text(TAKINGS_OR_COST, encoding="utf-8")
    # The examples' support comes first; above 2 (two perfect examples) it never settles, and
    # what is left to test is the words' evidence. Two facts alone score high, so the
    # confidence model would answer outright: here it never does, nor is too unsure to ask.
    settings = make_settings(
        facts={"dir": facts},
        matcher={"evidence_margin": evidence_margin, "support_margin": 3.0,
                 "answer_confidence": 1.0, "clarify_confidence": 0.0, "margin": 10.0},
    )  # fmt: skip
    async with open_service(settings) as service:
        reply = await service.handle(ask("how much did it make"))
        why = await service.handle(ask("", command=Command.WHY))
    assert reply.explanation is not None
    assert reply.explanation.best is not None
    assert reply.explanation.runner_up is not None
    assert {reply.explanation.best.fact_id, reply.explanation.runner_up.fact_id} == {
        "film-takings",
        "film-cost",
    }
    assert reply.outcome is outcome
    assert reply.fact_id == fact_id
    if outcome is Outcome.ANSWER:
        assert reply.explanation.best.fact_id == "film-takings"
        assert reply.explanation.evidence is not None
        assert reply.explanation.evidence >= evidence_margin
        assert "settled by the words" in why.text
    else:
        assert reply.explanation.best.fact_id == "film-takings"  # the scores' order, untouched
        assert {o.fact_id for o in reply.options} == {"film-takings", "film-cost"}
        assert "settled" not in why.text


async def test_a_close_call_with_an_out_of_scope_example_is_never_settled(
    make_settings: MakeSettings, tmp_path: Path
) -> None:
    """Out-of-scope examples are a catch-all, not one way of asking: when one comes close, the
    words' evidence settles nothing, even with a low `evidence_margin` that the out-of-scope
    entry's few "make" questions would clear; nor does the bot ask which was meant."""
    facts = tmp_path / "tie"
    facts.mkdir()
    (facts / "film.toml").write_text(TAKINGS_OR_COST + NOT_OURS, encoding="utf-8")
    # The letters put the catch-all's "How much did it make, that Avatar?" 15 points ahead: a
    # wider margin keeps the takings in the close call.
    matcher = {"evidence_margin": 0.5, "margin": 20.0}
    settings = make_settings(facts={"dir": facts}, matcher=matcher)
    async with open_service(settings) as service:
        reply = await service.handle(ask("how much did it make"))
    assert reply.explanation is not None
    assert reply.explanation.best is not None
    close = reply.explanation.best.score - 20.0
    assert reply.explanation.runner_up is not None
    assert reply.explanation.runner_up.score >= close  # a close call it is
    assert reply.outcome is Outcome.FALLBACK  # not the takings, nor "did you mean"
    assert reply.explanation.evidence is None


# -- a fallback's offer, taken by a "yes" ------------------------------------------------------


@pytest.fixture
async def offering(make_settings: MakeSettings) -> AsyncIterator[AnswerService]:
    """The started core, never answering or asking which: every fallback offers its best fact."""
    async with open_service(make_settings(matcher=OFFERS)) as started:
        yield started


@pytest.mark.parametrize("yes", ["yes", "Yes!", "yep", "да", "ага, это", "yes please"])
async def test_a_yes_after_a_fallback_s_offer_takes_the_offered_fact(
    offering: AnswerService, yes: str
) -> None:
    """Typing "yes" does what the offer's button does: the offered fact, answered."""
    offer = await offering.handle(ask("who directed the film?"))
    assert [o.fact_id for o in offer.options] == ["film-director"]
    taken = await offering.handle(ask(yes))
    assert (taken.outcome, taken.fact_id) == (Outcome.ANSWER, "film-director")
    assert taken.lang is Lang.EN, "in the language the question was asked in"


@pytest.mark.parametrize(
    "between", [None, "what's the weather in Paris?", "who directed the film?"]
)  # fmt: skip
async def test_a_yes_takes_only_the_offer_just_made_and_only_once(
    offering: AnswerService, between: str | None
) -> None:
    """A yes with no offer pending (taken already, or none since the last question) is asked
    like any other message: it never answers a fact offered earlier."""
    await offering.handle(ask("how long is the film?"))
    if between is None:
        await offering.handle(ask("yes"))  # takes it
    else:
        await offering.handle(ask(between, chat="other"))  # another chat's offer is theirs
        await offering.handle(ask("hi"))  # small talk: no offer
    again = await offering.handle(ask("yes"))
    assert again.fact_id != "film-runtime"


async def test_an_offer_gone_in_a_reload_is_not_taken(
    offering: AnswerService, facts_dir: Path
) -> None:
    offer = await offering.handle(ask("how long is the film?"))
    assert [o.fact_id for o in offer.options] == ["film-runtime"]
    film = facts_dir / "film.toml"
    text = film.read_text(encoding="utf-8")
    start = text.index('id = "film-runtime"')
    block_start = text.rindex("[[fact]]", 0, start)
    block_end = text.find("[[fact]]", start)
    film.write_text(text[:block_start] + text[block_end:], encoding="utf-8")
    report = await offering.reload("admin")
    assert report.ok, report
    assert report.removed == ("film-runtime",)
    taken = await offering.handle(ask("yes"))
    assert taken.fact_id != "film-runtime"
