"""Admin tools in the core: /unanswered, /teach, /reload (dry run, confirm, rollback), /audit.

Everything runs against the real service over a real SQLite store and a private copy of facts/.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from pathlib import Path

import pytest

from bot.app import open_service
from bot.core.domain import AuditEntry, ChatKind, Command, Inbound, Lang, LoggedQuestion, Outcome
from bot.core.service import AnswerService, format_report, hash_user
from bot.core.store import SqliteStore
from bot.settings import Settings
from tests.conftest import MakeSettings
from tests.eval.harness import evaluate, load_items

ADMIN = "700100200"  # a Telegram admin in these tests; long enough to grep for
NONSENSE = "zorblat flimflam wibble?"  # no fact has these words: the bot falls back today


def ask(text: str, user: str = "u1", chat: str = "c1") -> Inbound:
    return Inbound(text=text, platform="telegram", chat=chat, user=user)


def admin(command: Command, text: str = "", user: str = ADMIN) -> Inbound:
    return Inbound(text=text, platform="telegram", chat="admins", user=user, command=command)


@pytest.fixture
def settings(make_settings: MakeSettings) -> Settings:
    return make_settings(admins={"telegram": [int(ADMIN)]})


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_everywhere(facts_dir: Path, old: str, new: str) -> None:
    for path in facts_dir.glob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def director_answer(service: AnswerService) -> str:
    fact = service.live.factset.fact("film-director")
    assert fact is not None
    return fact.answer[Lang.EN]


async def missed(store_path: Path, *rows: tuple[str, Outcome, dt.datetime]) -> None:
    """Log questions through a second connection to the service's store, at chosen times."""
    async with SqliteStore(store_path) as store:
        await store.log_questions(
            [
                LoggedQuestion(at, "telegram", ChatKind.PRIVATE, "h", Lang.EN, text, outcome,
                               None, 40.0)
                for text, outcome, at in rows
            ]
        )  # fmt: skip


# -- /unanswered ---------------------------------------------------------------------------------


async def test_unanswered_groups_alike_questions_most_frequent_first_with_counts_and_last_time(
    settings: Settings,
) -> None:
    day = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    async with open_service(settings) as service:
        await missed(
            settings.store.path,
            ("what's the weather in Paris?", Outcome.FALLBACK, day),
            ("Whats the weather in Paris", Outcome.FALLBACK, day + dt.timedelta(hours=1)),
            ("tell me about the crew", Outcome.CLARIFY, day + dt.timedelta(hours=2)),
            ("what is the weather in paris??", Outcome.CLARIFY, day + dt.timedelta(hours=3)),
            ("Tell me about the crew!", Outcome.CLARIFY, day + dt.timedelta(hours=4)),
            ("who won the football world cup", Outcome.FALLBACK, day + dt.timedelta(hours=5)),
            ("what's the weather in Paris?", Outcome.FALLBACK, day + dt.timedelta(hours=6)),
        )
        reply = await service.handle(admin(Command.UNANSWERED))
    head, *lines = reply.text.split("\n")
    assert reply.outcome is Outcome.INFO
    assert head.startswith("Unanswered, most frequent first (3 of 3 groups")
    assert lines == [
        "4× · 2026-11-20 15:30 · clarify 1, fallback 3 · what's the weather in Paris?",
        "2× · 2026-11-20 13:30 · clarify 2 · Tell me about the crew!",
        "1× · 2026-11-20 14:30 · fallback 1 · who won the football world cup",
    ]


async def test_unanswered_shows_n_groups_and_explains_a_bad_n(settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    async with open_service(settings) as service:
        await missed(
            settings.store.path,
            *((text, Outcome.FALLBACK, now) for text in (
                "who won the world cup", "what is the capital of France",
                "how do I bake bread", "recommend a good book",
            )),
        )  # fmt: skip
        two = await service.handle(admin(Command.UNANSWERED, "2"))
        default = await service.handle(admin(Command.UNANSWERED))
        bad = await service.handle(admin(Command.UNANSWERED, "lots"))
    assert len(two.text.split("\n")) == 1 + 2
    assert "(2 of 4 groups" in two.text
    assert len(default.text.split("\n")) == 1 + 4
    assert bad.text.startswith("Usage: /unanswered [n]")


async def test_unanswered_includes_what_users_just_asked_and_got_no_answer_to(
    settings: Settings,
) -> None:
    async with open_service(settings) as service:
        for user in ("a", "b"):
            assert (await service.handle(ask("what's the weather in Paris?", user))).outcome is (
                Outcome.FALLBACK
            )
        assert (await service.handle(ask("who directed the film?"))).outcome is Outcome.ANSWER
        reply = await service.handle(admin(Command.UNANSWERED))
    assert "2× · " in reply.text
    assert "what's the weather in Paris?" in reply.text
    assert "who directed" not in reply.text


# -- /teach -------------------------------------------------------------------------------------


async def test_teach_answers_the_question_at_once(settings: Settings) -> None:
    async with open_service(settings) as service:
        before = await service.handle(ask(NONSENSE))
        taught = await service.handle(admin(Command.TEACH, f"film-director {NONSENSE}"))
        after = await service.handle(ask(NONSENSE, chat="c2"))
        revision = service.revision
    assert before.outcome is Outcome.FALLBACK
    assert taught.text.startswith("Taught: “zorblat flimflam wibble?” → film-director (en)")
    assert after.outcome is Outcome.ANSWER
    assert after.fact_id == "film-director"
    assert revision == 1  # a taught example is no new revision of facts/


async def test_a_taught_example_survives_restarts_reloads_and_rollbacks(
    settings: Settings, facts_dir: Path
) -> None:
    async with open_service(settings) as service:
        await service.handle(admin(Command.TEACH, f"film-director {NONSENSE}"))
    async with open_service(settings) as service:  # a restart
        assert (await service.handle(ask(NONSENSE))).fact_id == "film-director"
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko (Klim) directed")
        report = await service.reload("test")
        assert report.changed == ("film-director",)
        reloaded = await service.handle(ask(NONSENSE, chat="c2"))
        assert "Klim Shipenko (Klim) directed" in reloaded.text
        rolled = await service.rollback("test")
        assert rolled is not None
        assert rolled.revision == 1
        assert (await service.handle(ask(NONSENSE, chat="c3"))).fact_id == "film-director"


async def test_teach_records_the_admin_as_a_salted_hash_and_the_time(settings: Settings) -> None:
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    async with open_service(settings) as service:
        await service.handle(admin(Command.TEACH, f"film-director {NONSENSE}"))
    async with SqliteStore(settings.store.path) as store:
        [example] = await store.taught()
        salt = await store.salt()
    assert (example.fact_id, example.lang, example.question) == ("film-director", Lang.EN, NONSENSE)
    assert example.platform == "telegram"
    assert example.user_hash == hash_user(salt, "telegram", ADMIN)
    assert ADMIN not in example.user_hash
    assert started <= example.at <= dt.datetime.now(dt.UTC)


async def test_teach_detects_the_language_of_the_example(settings: Settings) -> None:
    question = "зорблат флимфлам виббл?"
    async with open_service(settings) as service:
        reply = await service.handle(admin(Command.TEACH, f"film-director {question}"))
        answer = await service.handle(ask(question))
    async with SqliteStore(settings.store.path) as store:
        [example] = await store.taught()
    assert example.lang is Lang.RU
    assert reply.lang is Lang.RU
    assert reply.text.startswith("Добавлено")
    assert (answer.fact_id, answer.lang) == ("film-director", Lang.RU)


async def test_teach_refuses_a_fact_id_that_does_not_exist(settings: Settings) -> None:
    async with open_service(settings) as service:
        reply = await service.handle(admin(Command.TEACH, f"film-directr {NONSENSE}"))
        still = await service.handle(ask(NONSENSE))
    async with SqliteStore(settings.store.path) as store:
        assert await store.taught() == []
    assert "there is no fact 'film-directr'" in reply.text
    assert still.outcome is Outcome.FALLBACK


@pytest.mark.parametrize("variant", [str.strip, str.upper, lambda q: f"  {q.rstrip('?!.')} !! "])
async def test_teach_refuses_a_question_that_is_already_an_example(
    settings: Settings, variant: object
) -> None:
    async with open_service(settings) as service:
        example = service.live.factset.fact("film-cast")
        assert example is not None
        question = variant(example.questions[Lang.EN][1])  # type: ignore[operator]
        reply = await service.handle(admin(Command.TEACH, f"film-director {question}"))
    async with SqliteStore(settings.store.path) as store:
        assert await store.taught() == []
    assert "is already an example of film-cast" in reply.text


async def test_teach_refuses_a_question_that_would_make_two_facts_ambiguous(
    settings: Settings,
) -> None:
    async with open_service(settings) as service:
        director = service.live.factset.fact("film-director")
        assert director is not None
        question = director.questions[Lang.EN][0].rstrip("?") + " then?"
        best = service.live.matcher.match(question).candidates[0]
        assert best.fact_id == "film-director"  # the premise: it already matches that fact
        assert best.score >= settings.matcher.clarify_threshold
        reply = await service.handle(admin(Command.TEACH, f"film-cast {question}"))
        answer = await service.handle(ask(question))
    async with SqliteStore(settings.store.path) as store:
        assert await store.taught() == []
    assert "already matches film-director" in reply.text
    assert "would make film-cast and film-director ambiguous" in reply.text
    assert answer.fact_id == "film-director"


@pytest.mark.parametrize("text", ["", "film-director", "film-director   ?!"])
async def test_teach_without_a_question_explains_the_format(settings: Settings, text: str) -> None:
    async with open_service(settings) as service:
        reply = await service.handle(admin(Command.TEACH, text))
    assert reply.text.startswith("Usage: /teach <fact id> <question>")


@pytest.mark.parametrize(
    ("command", "text"),
    [
        (Command.TEACH, f"film-director {NONSENSE}"),
        (Command.UNANSWERED, ""),
        (Command.AUDIT, ""),
        (Command.RELOAD, ""),
        (Command.RELOAD, "confirm"),
        (Command.RELOAD, "rollback"),
    ],
)
async def test_admin_commands_are_refused_to_everyone_else_and_change_nothing(
    settings: Settings, facts_dir: Path, command: Command, text: str
) -> None:
    async with open_service(settings) as service:
        await service.reload("test")
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Someone else directed")
        await service.reload("test")  # revision 2, so that a rollback would have somewhere to go
        edit(facts_dir / "film.toml", "Someone else directed", "A third person directed")
        await service.handle(admin(Command.RELOAD))  # an admin's dry run is pending
        revision, answer = service.revision, director_answer(service)
        reply = await service.handle(admin(command, text, user="31337"))
        assert reply.outcome is Outcome.REFUSED
        assert (service.revision, director_answer(service)) == (revision, answer)
        assert (await service.handle(ask(NONSENSE))).outcome is Outcome.FALLBACK
        log = await service.handle(admin(Command.AUDIT))
    first = log.text.split("\n")[1]
    assert re.search(rf"telegram:[0-9a-f]{{8}} /{command.value}\b.* → refused: not an admin", first)
    assert "31337" not in log.text


async def test_examples_waiting_for_a_removed_fact_are_warned_of_once_per_change(
    settings: Settings, facts_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.core.service")
    bot_toml = facts_dir / "bot.toml"
    warned: list[int] = []

    def count() -> None:
        warned.append(sum("no longer has" in r.getMessage() for r in caplog.records))

    async with open_service(settings) as service:
        first = await service.handle(admin(Command.TEACH, f"bot-goodbye {NONSENSE}"))
        assert first.text.startswith("Taught:")
        edit(bot_toml, 'id = "bot-goodbye"', 'id = "bot-farewell"')
        await service.reload("test")  # the example now waits for bot-goodbye
        count()
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        await service.handle(admin(Command.RELOAD))  # a dry run
        await service.reload("test")
        taught = await service.handle(admin(Command.TEACH, "film-director plumbus grumbo?"))
        assert taught.text.startswith("Taught:")
        count()  # rebuilt three times, the same example waiting
        edit(bot_toml, 'id = "bot-farewell"', 'id = "bot-goodbye"')
        await service.reload("test")  # its fact is back
        count()
        edit(bot_toml, 'id = "bot-goodbye"', 'id = "bot-farewell"')
        await service.reload("test")  # it waits once more
        count()
    async with open_service(settings):  # a restart tells the operator again
        count()
    assert warned == [1, 1, 1, 2, 3]


# -- /reload: dry run, confirm, rollback ---------------------------------------------------------


async def test_reload_shows_a_dry_run_diff_and_changes_nothing_until_confirmed(
    settings: Settings, facts_dir: Path
) -> None:
    edit(facts_dir / "bot.toml", 'id = "bot-goodbye"', 'id = "bot-farewell"')
    async with open_service(settings) as service:
        live = service.live
        old_answer = director_answer(service)
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        edit(facts_dir / "bot.toml", 'id = "bot-farewell"', 'id = "bot-goodbye"')
        preview = await service.handle(admin(Command.RELOAD))
        assert service.live is live  # the live index was not touched
        during = await service.handle(ask("who directed the film?"))
        confirmed = await service.handle(admin(Command.RELOAD, "confirm"))
        after = await service.handle(ask("who directed the film?", chat="c2"))
        revision = service.revision
    lines = preview.text.split("\n")
    assert lines[0] == "Dry run: facts/ is valid; revision 1 stays live until you confirm."
    assert lines[1:4] == ["+ bot-goodbye", "~ film-director", "- bot-farewell"]
    assert re.fullmatch(
        r"Accuracy on tests/eval/questions\.jsonl \(\d+ questions\): \d+\.\d% → \d+\.\d%", lines[4]
    )
    assert lines[5] == "Apply it: /reload confirm (or SIGHUP)."
    assert during.text == old_answer
    assert confirmed.text.startswith("Reloaded: revision 2")
    assert "~ film-director" in confirmed.text
    assert revision == 2
    assert "Klim Shipenko [edited] directed" in after.text


async def test_the_dry_run_accuracy_is_what_the_eval_harness_measures(
    settings: Settings, facts_dir: Path
) -> None:
    """Before: the harness's own figure for the live facts; after: lower when ids the set expects
    are renamed (every film-* fact becomes movie-*, so those answers no longer count)."""
    async with open_service(settings) as service:
        replace_everywhere(facts_dir, '"film-', '"movie-')
        report = await service.preview_reload()
        harness = await evaluate(service, load_items())
        await service.reload("test")  # the renamed set goes live: its figure is "before" now
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        next_report = await service.preview_reload()
    assert report.ok, report.problems
    assert report.accuracy is not None
    assert report.accuracy.questions == len(load_items())
    assert report.accuracy.before == pytest.approx(harness.accuracy())
    assert report.accuracy.after < report.accuracy.before - 0.05
    assert "film-director" in report.removed
    assert "movie-director" in report.added
    assert next_report.accuracy is not None
    assert next_report.accuracy.before == pytest.approx(report.accuracy.after)


async def test_the_dry_run_accuracy_names_the_evaluation_file_it_measured(
    settings: Settings, facts_dir: Path, tmp_path: Path
) -> None:
    eval_file = tmp_path / "two.jsonl"
    eval_file.write_text(
        '{"question": "who directed the film?", "expected": "film-director"}\n'
        '{"question": "what is the weather in Paris?", "expected": "fallback"}\n',
        encoding="utf-8",
    )
    async with (
        SqliteStore(settings.store.path) as store,
        AnswerService(store, settings, eval_file=eval_file) as service,
    ):
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        report = await service.preview_reload()
    assert report.accuracy is not None
    assert report.accuracy.eval_file == eval_file
    assert report.accuracy.questions == 2
    assert f"Accuracy on {eval_file} (2 questions)" in format_report(report, Lang.EN)


async def test_without_an_eval_set_the_dry_run_says_accuracy_was_not_measured(
    settings: Settings, facts_dir: Path, tmp_path: Path
) -> None:
    async with (
        SqliteStore(settings.store.path) as store,
        AnswerService(store, settings, eval_file=tmp_path / "absent.jsonl") as service,
    ):
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        reply = await service.handle(
            Inbound(text="", platform="console", chat="console", user="console",
                    command=Command.RELOAD)
        )  # fmt: skip
    assert "~ film-director" in reply.text
    assert "Accuracy: not measured (no evaluation set here)." in reply.text


async def test_confirm_applies_only_the_facts_the_dry_run_showed(
    settings: Settings, facts_dir: Path
) -> None:
    async with open_service(settings) as service:
        unasked = await service.handle(admin(Command.RELOAD, "confirm"))  # no dry run yet
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        await service.handle(admin(Command.RELOAD))
        edit(facts_dir / "crew.toml", "Sevastopol", "Sevastopol (Crimea)")  # edited after it
        stale = await service.handle(admin(Command.RELOAD, "confirm"))
        assert service.revision == 1
        confirmed = await service.handle(admin(Command.RELOAD, "confirm"))
    assert unasked.text == "Facts unchanged: revision 1."
    assert stale.text.startswith("Not applied: facts/ differs from the last dry run")
    assert "~ " in stale.text
    assert "film-director" in stale.text
    assert confirmed.text.startswith("Reloaded: revision 2")


async def test_a_dry_run_of_broken_facts_lists_the_problems_and_keeps_the_revision(
    settings: Settings, facts_dir: Path
) -> None:
    async with open_service(settings) as service:
        (facts_dir / "film.toml").write_text('[topic]\nid = "film"\nanwser = 1\n', encoding="utf-8")
        preview = await service.handle(admin(Command.RELOAD))
        confirm = await service.handle(admin(Command.RELOAD, "confirm"))
        answer = await service.handle(ask("who directed the film?"))
        revision = service.revision
    assert preview.text.startswith("facts/ is invalid:")
    assert "revision 1 stays live" in preview.text
    assert "film.toml" in preview.text
    assert confirm.text.startswith("Reload failed:")
    assert (revision, answer.fact_id) == (1, "film-director")


async def test_rollback_steps_back_one_revision_at_a_time_and_keeps_every_revision(
    settings: Settings, facts_dir: Path
) -> None:
    film = facts_dir / "film.toml"
    async with open_service(settings) as service:
        answers = [director_answer(service)]
        for n in (2, 3):
            edit(film, answers[-1][:30], answers[-1][:30] + f" [rev {n}]")
            assert (await service.reload("test")).revision == n
            answers.append(director_answer(service))
        back = await service.handle(admin(Command.RELOAD, "rollback"))
        on_two = await service.handle(ask("who directed the film?"))
        again = await service.handle(admin(Command.RELOAD, "rollback"))
        on_one = await service.handle(ask("who directed the film?", chat="c2"))
        none = await service.handle(admin(Command.RELOAD, "rollback"))
        revision = service.revision
    async with SqliteStore(settings.store.path) as store:
        kept = await store.read_revision(3)
    assert back.text.startswith("Rolled back: revision 3 → 2.")
    assert "~ film-director" in back.text
    assert on_two.text == answers[1]
    assert again.text.startswith("Rolled back: revision 2 → 1.")
    assert on_one.text == answers[0]
    assert none.text == "There is no earlier revision to return to."
    assert revision == 1
    director = kept.fact("film-director")
    assert director is not None
    assert director.answer[Lang.EN] == answers[2]


async def test_a_rollback_holds_across_restarts_until_facts_change_or_a_reload_confirms(
    settings: Settings, facts_dir: Path
) -> None:
    async with open_service(settings) as service:
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        await service.reload("test")
        await service.handle(admin(Command.RELOAD, "rollback"))
    async with open_service(settings) as service:  # facts/ still holds what was rolled back
        assert service.revision == 1
        assert "[edited]" not in director_answer(service)
        await service.handle(admin(Command.RELOAD))
        confirmed = await service.handle(admin(Command.RELOAD, "confirm"))
        assert confirmed.text.startswith("Reloaded: revision 3")
    async with open_service(settings) as service:  # the confirm ended the rollback
        assert service.revision == 3
        await service.handle(admin(Command.RELOAD, "rollback"))
    edit(
        facts_dir / "film.toml", "Klim Shipenko [edited] directed", "Klim Shipenko [alone] directed"
    )
    async with open_service(settings) as service:  # facts/ changed since: it goes live
        assert service.revision == 4
        assert "[alone]" in director_answer(service)


async def audited(store_path: Path, action: str) -> list[AuditEntry]:
    """The audit rows for `action`, once there are some (waiting up to 5 s)."""
    async with SqliteStore(store_path) as store:
        for _ in range(200):
            found = [e for e in await store.audit(50) if e.action == action]
            if found:
                return found
            await asyncio.sleep(0.025)
    return []


async def test_sighup_reloads_at_once_and_is_audited(settings: Settings, facts_dir: Path) -> None:
    async with open_service(settings) as service:
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        service.reload_soon()
        service.reload_soon()  # a second signal while the first runs is not a second reload
        [entry] = await audited(settings.store.path, "reload")
        answer = await service.handle(ask("who directed the film?"))
        revision = service.revision
    assert revision == 2
    assert "[edited]" in answer.text
    assert (entry.platform, entry.user_hash, entry.detail) == ("signal", "", "SIGHUP")
    assert entry.result == "applied: revision 2 (+0 ~1 -0)"


# -- /audit -------------------------------------------------------------------------------------


async def test_audit_shows_who_did_what_when_and_the_result_newest_first(
    settings: Settings, facts_dir: Path
) -> None:
    async with open_service(settings) as service:
        await service.handle(admin(Command.TEACH, f"film-director {NONSENSE}"))
        await service.handle(admin(Command.TEACH, "nope-fact hello there"))
        edit(facts_dir / "film.toml", "Klim Shipenko directed", "Klim Shipenko [edited] directed")
        await service.handle(admin(Command.RELOAD))
        await service.handle(admin(Command.RELOAD, "confirm"))
        await service.handle(admin(Command.STATS, user="12345"))
        reply = await service.handle(admin(Command.AUDIT))
        two = await service.handle(admin(Command.AUDIT, "2"))
    async with SqliteStore(settings.store.path) as store:
        salt = await store.salt()
    me = f"telegram:{hash_user(salt, 'telegram', ADMIN)[:8]}"
    head, *lines = reply.text.split("\n")
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d "
    expected = [
        r"telegram:[0-9a-f]{8} /stats → refused: not an admin",
        rf"{me} /reload confirm → applied: revision 2 \(\+0 ~1 -0\)",
        rf"{me} /reload → dry run: \+0 ~1 -0; accuracy \d+\.\d% -> \d+\.\d%",
        rf"{me} /teach nope-fact hello there → refused: no fact 'nope-fact'",
        rf"{me} /teach film-director {re.escape(NONSENSE)} → ok: film-director \(en\)",
    ]
    assert head == "Admin actions, newest first:"
    assert len(lines) == len(expected)
    for line, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(stamp + pattern, line), line
    assert ADMIN not in reply.text
    assert "12345" not in reply.text
    assert len(two.text.split("\n")) == 1 + 2


async def test_audit_on_an_empty_log_says_so(settings: Settings) -> None:
    async with open_service(settings) as service:
        reply = await service.handle(admin(Command.AUDIT))
        bad = await service.handle(admin(Command.AUDIT, "0"))
    assert reply.text == "The audit log is empty."
    assert bad.text.startswith("Usage: /audit [n]")
