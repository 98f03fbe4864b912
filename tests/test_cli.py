"""`spacebot` as a person runs it: real subprocesses over a temp store and a copy of facts/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert "answer_threshold" in explanation


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
    config.write_text("[matcher]\nanswer_threshold = 'high'\n")
    done = run("--config", str(config), "ask", "hi", env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "matcher.answer_threshold" in lines[0]


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
