"""`spacebot` as a person runs it: real subprocesses over a temp store and a copy of facts/."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import REPO


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = REPO,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin, capture_output=True, text=True, cwd=cwd, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )  # fmt: skip


@pytest.fixture
def env(tmp_path: Path, facts_dir: Path) -> dict[str, str]:
    return {
        "SPACEBOT_FACTS__DIR": str(facts_dir),
        "SPACEBOT_STORE__PATH": str(tmp_path / "cli.sqlite3"),
    }


def test_ask_names_the_director_and_a_source(env: dict[str, str]) -> None:
    done = run("ask", "who directed the film?", env=env)
    assert done.returncode == 0, done.stderr
    assert "Klim Shipenko" in done.stdout
    assert "https://" in done.stdout


def test_ask_in_russian_answers_in_russian(env: dict[str, str]) -> None:
    done = run("ask", "--json", "кто режиссёр фильма?", env=env)
    record = json.loads(done.stdout)
    assert record["lang"] == "ru"
    assert record["outcome"] == "answer"
    assert "Шипенко" in record["answer"]


def test_ask_falls_back_on_the_weather(env: dict[str, str]) -> None:
    record = json.loads(run("ask", "--json", "what's the weather in Paris?", env=env).stdout)
    assert record["outcome"] == "fallback"
    assert record["fact_id"] is None


def test_ask_json_has_every_field_and_the_explanation(env: dict[str, str]) -> None:
    record = json.loads(run("ask", "--json", "when did they launch?", env=env).stdout)
    assert set(record) >= {"question", "lang", "outcome", "fact_id", "score", "answer",
                           "options", "sources", "explanation"}  # fmt: skip
    assert 0 <= record["score"] <= 100
    explanation = record["explanation"]
    assert explanation["best"]["example"]
    assert 0 <= explanation["confidence"] <= 1
    assert explanation["answer_confidence"] > explanation["clarify_confidence"]
    assert explanation["answer_threshold"] == 45  # config/settings.toml


def test_ask_json_says_when_an_out_of_scope_example_decided(env: dict[str, str]) -> None:
    """The confidence of a catch-all match is the chance that it is out of scope: the flag says
    so, lest a high confidence on a fallback read as a bug."""
    lines = "who directed titanic?\nwho directed the film?\n"
    records = [
        json.loads(x) for x in run("ask", "--json", stdin=lines, env=env).stdout.splitlines()
    ]
    assert [r["outcome"] for r in records] == ["fallback", "answer"]
    assert [r["explanation"]["out_of_scope"] for r in records] == [True, False]


def test_ask_json_says_when_small_talk_matched_whole_decided(env: dict[str, str]) -> None:
    lines = "how are you\nwho directed the film?\n"
    records = [
        json.loads(x) for x in run("ask", "--json", stdin=lines, env=env).stdout.splitlines()
    ]
    assert [r["outcome"] for r in records] == ["smalltalk", "answer"]
    assert [r["explanation"]["small_talk"] for r in records] == [95, None]


def test_ask_json_names_the_names_no_fact_knows(env: dict[str, str]) -> None:
    lines = "how much did Barbie make at the box office?\nhow much did the film make?\n"
    records = [
        json.loads(x) for x in run("ask", "--json", stdin=lines, env=env).stdout.splitlines()
    ]
    assert [r["outcome"] for r in records] == ["fallback", "answer"]
    assert [r["explanation"]["unknown_names"] for r in records] == [["Barbie"], []]


def test_commands_work_in_an_ask_session(env: dict[str, str]) -> None:
    lines = "who directed titanic?\n/why\n/topics\n"
    done = run("ask", "--session", stdin=lines, env=env)
    assert "bot-out-of-scope" in done.stdout  # /why explains the fallback
    assert "Out of scope" in done.stdout
    assert "/film" in done.stdout  # /topics lists the overviews


def test_batch_mode_answers_each_line_in_order(env: dict[str, str]) -> None:
    lines = "who directed the film?\n\nкогда премьера?\nwhat's the weather?\n"
    done = run("ask", "--json", stdin=lines, env=env)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in records] == [
        "who directed the film?", "когда премьера?", "what's the weather?"
    ]  # fmt: skip


def test_session_keeps_context_and_plain_batch_does_not(env: dict[str, str]) -> None:
    lines = "who was the commander of Soyuz MS-19?\nand how old was he?\n"
    with_session = [json.loads(x) for x in run("ask", "--json", "--session", stdin=lines,
                                                env=env).stdout.splitlines()]  # fmt: skip
    assert "49" in with_session[1]["answer"]
    assert with_session[1]["explanation"]["context_entity"] == "shkaplerov"
    alone = [json.loads(x) for x in run("ask", "--json", stdin=lines, env=env).stdout.splitlines()]
    assert alone[1]["explanation"]["context_entity"] is None


def test_check_facts_passes_on_the_shipped_facts() -> None:
    done = run("check-facts", str(REPO / "facts"))
    assert done.returncode == 0
    assert "OK" in done.stdout


def test_check_facts_reports_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[topic]\nid = "x"\ntitle = { en = "X" }\n')
    done = run("check-facts", str(tmp_path))
    assert done.returncode == 1
    assert "bad.toml:3: topic.title.ru: required field is missing" in done.stderr


def test_an_invalid_config_is_one_line_and_exit_2(tmp_path: Path, env: dict[str, str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[matcher]\nanswer_confidence = 'high'\n")
    done = run("--config", str(config), "ask", "hi", env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "matcher.answer_confidence" in lines[0]


def test_broken_facts_with_no_good_revision_exit_1(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "x.toml").write_text("not toml [")
    env = {"SPACEBOT_FACTS__DIR": str(tmp_path / "facts"),
           "SPACEBOT_STORE__PATH": str(tmp_path / "x.sqlite3")}  # fmt: skip
    done = run("ask", "hi", env=env)
    assert done.returncode == 1
    assert "x.toml:1: TOML syntax" in done.stderr
    assert "no good revision" in done.stderr


def test_run_without_tokens_opens_the_console_chat(env: dict[str, str]) -> None:
    done = run("run", stdin="who directed the film?\n/why\n/quit\n", env=env)
    assert done.returncode == 0, done.stderr
    assert "spacebot>" in done.stdout
    assert "Klim Shipenko" in done.stdout
    assert "film-director" in done.stdout  # /why


def test_chat_numbers_the_options_and_a_digit_picks_one(env: dict[str, str]) -> None:
    done = run("chat", stdin="/film\n1\n/quit\n", env=env)
    assert "  1. " in done.stdout
    assert done.stdout.count("Sources:") >= 2


def test_tokens_never_reach_the_log(env: dict[str, str], tmp_path: Path) -> None:
    secret = "123456:SECRET-token-value"
    config = tmp_path / "c.toml"
    config.write_text('[log]\nlevel = "DEBUG"\n')
    done = run("--config", str(config), "ask", "hi", env={**env, "TELEGRAM_TOKEN": secret})
    assert secret not in done.stdout + done.stderr


# -- admin and privacy commands ------------------------------------------------------------------

TAUGHT = 'what\'s "zorblat" \\ flimflam?'  # quotes and a backslash: the TOML must escape them


def edit_director(facts_dir: Path) -> None:
    film = facts_dir / "film.toml"
    text = film.read_text(encoding="utf-8")
    film.write_text(text.replace("Klim Shipenko directed", "Klim Shipenko [edited] directed", 1))


def live_revisions(store: Path) -> tuple[int, str]:
    with sqlite3.connect(store) as db:
        [(count,)] = db.execute("SELECT COUNT(*) FROM revisions").fetchall()
        [(live,)] = db.execute("SELECT value FROM meta WHERE key = 'live_revision'").fetchall()
    return count, live


def test_reload_check_prints_the_diff_and_the_accuracy_and_applies_nothing(
    env: dict[str, str], facts_dir: Path
) -> None:
    assert run("ask", "hi", env=env).returncode == 0  # revision 1 in the store
    edit_director(facts_dir)
    done = run("reload", "--check", env=env)
    assert done.returncode == 0, done.stderr
    assert "Dry run: facts/ is valid; revision 1 stays live" in done.stdout
    assert "~ film-director" in done.stdout
    assert re.search(
        r"Accuracy on tests/eval/questions\.jsonl \(\d+ questions\): \d+\.\d% → \d+\.\d%",
        done.stdout,
    )
    assert live_revisions(Path(env["SPACEBOT_STORE__PATH"])) == (1, "1")


def test_reload_check_exits_1_and_names_the_problem_when_facts_are_invalid(
    env: dict[str, str], facts_dir: Path
) -> None:
    assert run("ask", "hi", env=env).returncode == 0
    (facts_dir / "film.toml").write_text('[topic]\nid = "film"\nanwser = 1\n', encoding="utf-8")
    done = run("reload", "--check", env=env)
    assert done.returncode == 1
    assert "facts/ is invalid" in done.stderr
    assert "film.toml" in done.stderr
    assert live_revisions(Path(env["SPACEBOT_STORE__PATH"])) == (1, "1")


def test_reload_without_check_is_a_usage_error(env: dict[str, str]) -> None:
    done = run("reload", env=env)
    assert done.returncode == 2
    assert "--check" in done.stderr


def test_export_taught_writes_examples_check_facts_accepts_once(
    env: dict[str, str], facts_dir: Path
) -> None:
    chat = run("chat", stdin=f"/teach film-director {TAUGHT}\n/quit\n", env=env)
    assert "Taught:" in chat.stdout, chat.stdout + chat.stderr
    before = (facts_dir / "film.toml").read_text(encoding="utf-8")
    done = run("export-taught", env=env)
    assert done.returncode == 0, done.stderr
    assert "1 written, 0 already" in done.stdout
    after = (facts_dir / "film.toml").read_text(encoding="utf-8")
    [added] = [line for line in after.splitlines() if "taught" in line and "zorblat" in line]
    assert added.startswith('  "what\'s \\"zorblat\\" \\\\ flimflam?",  # taught 20')
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    checked = run("check-facts", str(facts_dir))
    assert checked.returncode == 0, checked.stderr
    fact = tomllib.loads(after)["fact"]
    [director] = [f for f in fact if f["id"] == "film-director"]
    assert director["questions"]["en"][-1] == TAUGHT
    again = run("export-taught", env=env)
    assert "0 written, 1 already" in again.stdout
    assert (facts_dir / "film.toml").read_text(encoding="utf-8") == after


def test_export_taught_writes_nothing_into_an_invalid_facts_dir(
    env: dict[str, str], facts_dir: Path, tmp_path: Path
) -> None:
    run("chat", stdin=f"/teach film-director {TAUGHT}\n/quit\n", env=env)
    target = tmp_path / "review"
    target.mkdir()
    (target / "x.toml").write_text("not toml [", encoding="utf-8")
    done = run("export-taught", str(target), env=env)
    assert done.returncode == 1
    assert "nothing written" in done.stderr
    assert (target / "x.toml").read_text(encoding="utf-8") == "not toml ["


def test_purge_user_deletes_that_persons_questions(env: dict[str, str]) -> None:
    store = Path(env["SPACEBOT_STORE__PATH"])
    run("ask", "what's the weather in Paris?", env=env)  # asked as cli:cli
    done = run("purge", "--user", "cli:cli", env=env)
    assert done.returncode == 0, done.stderr
    assert "deleted 1 question(s)" in done.stdout
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT COUNT(*) FROM questions").fetchall() == [(0,)]
        [(action, detail)] = db.execute("SELECT action, detail FROM audit").fetchall()
    assert (action, detail) == ("purge", "one cli user")
    assert b"weather in Paris" not in store.read_bytes()


@pytest.mark.parametrize("user", ["tg:123", "telegram:", "123"])
def test_purge_refuses_a_user_it_cannot_read(env: dict[str, str], user: str) -> None:
    done = run("purge", "--user", user, env=env)
    assert done.returncode == 2
    assert "expected <platform>:<id>" in done.stderr


def test_sighup_reloads_a_running_bot(env: dict[str, str], facts_dir: Path) -> None:
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=REPO, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )  # fmt: skip
    assert bot.stdin is not None
    assert bot.stderr is not None
    try:
        seen = wait_for_line(bot.stderr, "serving:")
        edit_director(facts_dir)
        bot.send_signal(signal.SIGHUP)
        seen += wait_for_line(bot.stderr, "SIGHUP: applied")
        bot.stdin.write("who directed the film?\n/quit\n")
        bot.stdin.flush()
        out, err = bot.communicate(timeout=30)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
    assert bot.returncode == 0, seen + err
    assert "SIGHUP: applied: revision 2 (+0 ~1 -0)" in seen
    assert "Klim Shipenko [edited] directed" in out


def wait_for_line(stream: IO[str], needle: str, timeout: float = 30) -> str:
    """Read `stream` until a line contains `needle`; everything read so far."""
    seen: list[str] = []
    done = threading.Event()

    def read() -> None:
        for line in stream:
            seen.append(line)
            if needle in line:
                done.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(timeout), f"no {needle!r} within {timeout}s:\n{''.join(seen)}"
    return "".join(seen)


def test_ask_into_a_closed_pipe_stops_quietly(env: dict[str, str]) -> None:
    """`spacebot ask < questions | head -1`: once the reader has gone, the rest is not
    wanted; the batch stops without a traceback (as `cat` or `grep` would)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )  # fmt: skip
    assert proc.stdin is not None
    assert proc.stdout is not None
    proc.stdin.write(b"who directed the film?\n" * 2000)
    proc.stdin.close()
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes, as `head -1` does
    assert proc.stderr is not None
    with proc.stderr:
        err = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Traceback" not in err
    assert proc.returncode == 1
