"""The ops endpoint: /healthz and /metrics over 127.0.0.1, off unless `[ops] listen` is set."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import json
import logging
import os
import signal
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self, TextIO

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.adapters.base import Health
from bot.adapters.console import ConsoleAdapter
from bot.adapters.telegram_adapter import TelegramAdapter
from bot.app import open_service
from bot.core.domain import Command, Inbound, Outcome
from bot.core.service import AnswerService
from bot.ops import Metrics, OpsServer
from bot.settings import ConfigError, OpsSettings, TelegramSettings, load_settings
from tests.adapters.discord_support import running
from tests.conftest import CONFIG, MakeSettings
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.running_bot import bot_env, running_bot
from tests.fakes.telegram_api import FakeTelegram, User

LOOPBACK = OpsSettings(listen="127.0.0.1:0")  # port 0: any free port


@dataclass
class StubAdapter:
    """Just enough of an adapter for /healthz."""

    name: str
    state: Health = field(default_factory=lambda: Health(True, None))

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def serve(self, stop: asyncio.Event) -> None:
        await stop.wait()

    def health(self) -> Health:
        return self.state


async def get(server: OpsServer, path: str) -> tuple[int, str, str]:
    """(status, content type, body) of GET http://127.0.0.1:<port><path>."""
    assert server.port is not None, "the endpoint is not listening"
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{server.port}{path}") as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus text, or None if it is not there."""
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return None


# -- settings ------------------------------------------------------------------------------------


def test_the_endpoint_is_off_by_default() -> None:
    settings = load_settings(CONFIG, _env_file=None)
    assert settings.ops.listen == ""
    assert settings.ops.address is None


@pytest.mark.parametrize(
    ("listen", "address"),
    [("127.0.0.1:9108", ("127.0.0.1", 9108)), ("[::1]:9108", ("::1", 9108)), ("", None)],
)
def test_listen_is_host_and_port(listen: str, address: tuple[str, int] | None) -> None:
    assert OpsSettings(listen=listen).address == address


@pytest.mark.parametrize("listen", ["9108", ":9108", "localhost", "127.0.0.1:http", "h:70000"])
def test_a_bad_listen_value_is_a_configuration_error(listen: str) -> None:
    with pytest.raises(ConfigError, match=r"ops\.listen"):
        load_settings(CONFIG, _env_file=None, ops={"listen": listen})


# -- /healthz ------------------------------------------------------------------------------------


async def test_healthz_is_200_when_every_adapter_is_connected_and_503_otherwise(
    service: AnswerService,
) -> None:
    telegram, discord = StubAdapter("telegram"), StubAdapter("discord")
    async with OpsServer(LOOPBACK, service, [telegram, discord], Metrics()) as server:
        status, kind, body = await get(server, "/healthz")
        assert status == 200
        assert kind.startswith("application/json")
        data = json.loads(body)
        assert data["status"] == "ok"
        assert data["revision"] == service.revision
        assert data["adapters"]["telegram"] == {"connected": True, "last_update": None}

        discord.state = Health(False, dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
        status, _, body = await get(server, "/healthz")
        assert status == 503
        data = json.loads(body)
        assert data["status"] == "unavailable"
        assert data["adapters"]["discord"] == {
            "connected": False,
            "last_update": "2026-01-02T03:04:05+00:00",
        }
        assert data["adapters"]["telegram"]["connected"] is True


async def test_the_endpoint_closes_on_exit_and_a_busy_port_is_logged_not_fatal(
    service: AnswerService, caplog: pytest.LogCaptureFixture
) -> None:
    async with OpsServer(LOOPBACK, service, [], Metrics()) as first:
        assert first.port is not None
        taken = OpsSettings(listen=f"127.0.0.1:{first.port}")
        async with OpsServer(taken, service, [], Metrics()) as second:
            assert second.port is None
        assert "ops: cannot listen on 127.0.0.1:" in caplog.text
        port = first.port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "still listening after exit"


# -- /metrics ------------------------------------------------------------------------------------


async def test_metrics_count_questions_latency_reloads_and_errors(
    make_settings: MakeSettings, facts_dir: Path
) -> None:
    metrics = Metrics()
    settings = make_settings(cooldown={"max_questions": 2, "window_seconds": 600})
    async with (
        open_service(settings, metrics) as service,
        OpsServer(LOOPBACK, service, [StubAdapter("telegram")], metrics) as server,
    ):
        for _ in range(3):  # two answers, then the cooldown notice
            await service.handle(Inbound("who directed the film?", "telegram", "c1", "u1"))
        await service.handle(Inbound("what's the weather in Paris?", "discord", "c2", "u2"))
        assert (await service.reload("test")).ok  # unchanged: still a good reload
        (facts_dir / "broken.toml").write_text("[[fact]]\nid = 'x'\n", encoding="utf-8")
        assert not (await service.reload("test")).ok
        logging.getLogger("bot.test").error("something broke")
        logging.getLogger("bot.test").warning("something odd")

        status, kind, text = await get(server, "/metrics")
    assert status == 200
    assert kind.startswith("text/plain")  # the Prometheus text format
    assert sample(text, "spacebot_questions_total", platform="telegram", outcome="answer") == 2
    assert sample(text, "spacebot_questions_total", platform="telegram", outcome="cooldown") == 1
    assert sample(text, "spacebot_questions_total", platform="discord", outcome="fallback") == 1
    assert sample(text, "spacebot_answer_seconds_count", platform="telegram") == 3
    assert sample(text, "spacebot_answer_seconds_bucket", platform="discord", le="+Inf") == 1
    assert sample(text, "spacebot_reloads_total", result="ok") == 1
    assert sample(text, "spacebot_reloads_total", result="failed") == 1
    assert sample(text, "spacebot_errors_total", logger="bot.test") == 1
    assert sample(text, "spacebot_warnings_total", logger="bot.test") == 1
    assert sample(text, "spacebot_facts_revision") == service.revision
    assert sample(text, "spacebot_adapter_connected", adapter="telegram") == 1


async def test_a_core_that_raises_is_counted_as_an_error_outcome(
    make_settings: MakeSettings,
) -> None:
    metrics = Metrics()
    async with open_service(make_settings(), metrics) as service:
        service._live.serving = None  # as if never started: handle raises
        with pytest.raises(RuntimeError):
            await service.handle(Inbound("who directed the film?", "telegram", "c", "u"))
    assert (
        metrics.registry.get_sample_value(
            "spacebot_questions_total", {"platform": "telegram", "outcome": "error"}
        )
        == 1
    )


async def test_the_registry_is_the_endpoints_own() -> None:
    from prometheus_client import REGISTRY

    Metrics()
    Metrics()  # a second one does not clash with the first: neither is the global registry
    assert REGISTRY.get_sample_value("spacebot_questions_total") is None


# -- the adapters' health ------------------------------------------------------------------------


async def wait_for_status(server: OpsServer, status: int, within: float = 10.0) -> dict[str, Any]:
    """Polls /healthz until it answers `status`; returns its body."""
    deadline = time.monotonic() + within
    while True:
        got, _, body = await get(server, "/healthz")
        if got == status:
            data: dict[str, Any] = json.loads(body)
            return data
        if time.monotonic() > deadline:
            raise AssertionError(f"/healthz stayed {got} for {within}s: {body}")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def telegram_running(
    fake: FakeTelegram, service: AnswerService
) -> AsyncIterator[TelegramAdapter]:
    adapter = TelegramAdapter(
        TelegramSettings(api_base_url=fake.base_url), SecretStr(fake.token), service,
        poll_timeout=10, send_backoff=0.01,
    )  # fmt: skip
    stop = asyncio.Event()
    async with adapter:
        task = asyncio.create_task(adapter.serve(stop))
        try:
            await asyncio.wait_for(adapter.ready.wait(), 5)
            yield adapter
        finally:
            stop.set()
            await asyncio.wait_for(task, 5)


async def test_the_real_adapters_report_their_connection_and_last_update(
    service: AnswerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with FakeTelegram() as tg, FakeDiscord() as dc:
        telegram = TelegramAdapter(
            TelegramSettings(api_base_url=tg.base_url), SecretStr(tg.token), service
        )
        assert telegram.health() == Health(False, None), "not connected before serving"
        async with (
            telegram_running(tg, service) as telegram,
            running(dc, service) as discord,
            OpsServer(LOOPBACK, service, [telegram, discord], Metrics()) as server,
        ):
            data = await wait_for_status(server, 200)
            assert data["adapters"]["telegram"] == {"connected": True, "last_update": None}
            assert data["adapters"]["discord"]["connected"] is True

            # getUpdates fails: Telegram is reported down until polling works again.
            tg.fail("getUpdates", "500")
            tg.kick()
            data = await wait_for_status(server, 503)
            assert data["adapters"]["telegram"]["connected"] is False
            assert data["adapters"]["discord"]["connected"] is True
            ann = User(id=501, first_name="Ann")
            tg.send_text(tg.private_chat(ann), ann, "who directed the film?")
            await tg.wait_calls("sendMessage", within=10)
            data = await wait_for_status(server, 200)
            assert data["adapters"]["telegram"]["last_update"] is not None

            await dc.message("who directed the film?", author_id=77, channel_id=6_001)
            await dc.wait_for(lambda: dc.message_requests(), what="the answer")
            data = await wait_for_status(server, 200)
            assert data["adapters"]["discord"]["last_update"] is not None
        assert not discord.health().connected, "closed after serving"
        assert not telegram.health().connected


@pytest.fixture
def pipe() -> Iterator[tuple[TextIO, TextIO]]:
    """A console's stdin, and the end a test types into."""
    reader, writer = os.pipe()
    with open(reader, encoding="utf-8") as stdin, open(writer, "w", encoding="utf-8") as feed:
        yield stdin, feed


async def test_the_console_is_connected_while_it_serves(
    service: AnswerService, pipe: tuple[TextIO, TextIO]
) -> None:
    stdin, feed = pipe
    console = ConsoleAdapter(service, stdin, io.StringIO())
    assert not console.health().connected
    async with console:
        stop = asyncio.Event()
        task = asyncio.create_task(console.serve(stop))
        await wait(lambda: console.health().connected)
        feed.write("who directed the film?\n")
        feed.flush()
        await wait(lambda: console.health().last_update is not None)
        stop.set()
        await asyncio.wait_for(task, 5)
    assert not console.health().connected
    feed.close()  # ends the console's reader thread


async def wait(condition: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        await asyncio.sleep(0.01)


# -- the whole bot -------------------------------------------------------------------------------


async def healthy(base: str, within: float = 10.0) -> dict[str, Any]:
    """Polls /healthz until it answers 200 (discord.py is ready a moment after the fake)."""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.get(f"{base}/healthz") as response:
                if response.status == 200:
                    data: dict[str, Any] = await response.json()
                    return data
                assert time.monotonic() < deadline, await response.text()
            await asyncio.sleep(0.05)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_spacebot_run_serves_healthz_and_metrics_when_configured(
    tmp_path: Path, facts_dir: Path
) -> None:
    port = free_port()
    async with FakeTelegram() as telegram, FakeDiscord() as discord:
        env = bot_env(telegram, discord, facts_dir, tmp_path / "ops.sqlite3",
                      SPACEBOT_OPS__LISTEN=f"127.0.0.1:{port}")  # fmt: skip
        async with running_bot(telegram, discord, env) as bot:
            person = User(id=501, first_name="Ann")
            telegram.send_text(telegram.private_chat(person), person, "who directed the film?")
            await telegram.wait_calls("sendMessage", within=10)
            base = f"http://127.0.0.1:{port}"
            health = await healthy(base)
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"{base}/metrics") as response,
            ):
                metrics = await response.text()
            bot.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(bot.communicate(), 10)
    assert bot.returncode == 0, stderr.decode()[-2000:]
    assert set(health["adapters"]) == {"telegram", "discord"}
    assert all(a["connected"] for a in health["adapters"].values())
    assert health["adapters"]["telegram"]["last_update"] is not None
    assert sample(metrics, "spacebot_questions_total", platform="telegram", outcome="answer") == 1
    assert sample(metrics, "spacebot_adapter_connected", adapter="discord") == 1
    assert sample(metrics, "spacebot_facts_revision") == health["revision"]
    assert f"ops: /healthz and /metrics on http://127.0.0.1:{port}" in stderr.decode()


async def test_without_listen_nothing_is_served(make_settings: MakeSettings) -> None:
    """The default: no server and a plain AnswerService, as before the endpoint existed."""
    async with open_service(make_settings()) as service:
        assert type(service) is AnswerService
        reply = await service.handle(Inbound("", "console", "c", "u", command=Command.HELP))
        assert reply.outcome is Outcome.INFO
