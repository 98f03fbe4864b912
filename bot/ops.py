"""Health and metrics over HTTP: /healthz and /metrics, served only when `[ops] listen` is set.

Neither the core nor the adapters know about this module. When the endpoint is on, the
composition root builds a `MeteredService`, an AnswerService that times and counts every call of
`handle` and `reload` (the adapters get it as the AnswerService they expect), asks each adapter
for its `health()`, and counts the warnings and errors that reach the log.

/healthz  JSON: {"status", "revision", "adapters": {name: {"connected", "last_update"}}};
          200 when every adapter is connected, 503 otherwise.
/metrics  Prometheus text, from a registry of its own (not prometheus-client's global one):
          spacebot_questions_total{platform,outcome}   messages handled (outcome "error": it raised)
          spacebot_answer_seconds{platform}            histogram of the core's time per message
          spacebot_reloads_total{result}               facts reloads, "ok" or "failed"
          spacebot_errors_total{logger}                log records at ERROR or above
          spacebot_warnings_total{logger}              log records at WARNING
          spacebot_facts_revision                      the live facts revision
          spacebot_adapter_connected{adapter}          1 while connected, else 0
          spacebot_adapter_last_update_timestamp_seconds{adapter}  Unix time of the last update
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import Any, Self

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from bot.adapters.base import Adapter
from bot.core.domain import Inbound, ReloadReport, Reply
from bot.core.service import AnswerService
from bot.core.store import Store
from bot.settings import OpsSettings, Settings

log = logging.getLogger(__name__)

# The core answers in about a millisecond; a reload or /stats takes longer.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The counters and histograms, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.questions = Counter(
            "spacebot_questions",
            "Messages the core handled, by platform and outcome (error: the core raised).",
            ("platform", "outcome"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "spacebot_answer_seconds",
            "Time the core took to handle one message.",
            ("platform",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.reloads = Counter(
            "spacebot_reloads",
            "Facts reloads: ok (new revision live, or unchanged) or failed (old one kept).",
            ("result",),
            registry=self.registry,
        )
        self.errors = Counter(
            "spacebot_errors",
            "Log records at ERROR or above, by logger.",
            ("logger",),
            registry=self.registry,
        )
        self.warnings = Counter(
            "spacebot_warnings",
            "Log records at WARNING, by logger.",
            ("logger",),
            registry=self.registry,
        )
        for result in ("ok", "failed"):
            self.reloads.labels(result)  # both series exist from the start, at 0

    def observe(self, platform: str, outcome: str, seconds: float) -> None:
        self.questions.labels(platform, outcome).inc()
        self.latency.labels(platform).observe(seconds)


class MeteredService(AnswerService):
    """The AnswerService, counting and timing each message and reload into `metrics`."""

    def __init__(self, store: Store, settings: Settings, *, metrics: Metrics, **kw: Any) -> None:
        super().__init__(store, settings, **kw)
        self.metrics = metrics

    async def handle(self, msg: Inbound) -> Reply:
        started = time.perf_counter()
        try:
            reply = await super().handle(msg)
        except Exception:
            self.metrics.observe(msg.platform, "error", time.perf_counter() - started)
            raise
        self.metrics.observe(msg.platform, reply.outcome.value, time.perf_counter() - started)
        return reply

    async def reload(self, *args: Any, **kwargs: Any) -> ReloadReport:
        try:
            report = await super().reload(*args, **kwargs)
        except Exception:
            self.metrics.reloads.labels("failed").inc()
            raise
        self.metrics.reloads.labels("ok" if report.ok else "failed").inc()
        return report


class _LogCounter(logging.Handler):
    """Counts the warnings and errors that reach the root logger."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(logging.WARNING)
        self._metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        counter = (
            self._metrics.errors if record.levelno >= logging.ERROR else self._metrics.warnings
        )
        counter.labels(record.name).inc()


class _LiveState:
    """The gauges read at scrape time: the live revision and each adapter's connection."""

    def __init__(self, service: AnswerService, adapters: Sequence[Adapter]) -> None:
        self._service = service
        self._adapters = adapters

    def collect(self) -> Iterable[Metric]:
        revision = GaugeMetricFamily("spacebot_facts_revision", "The live facts revision.")
        revision.add_metric([], self._service.revision)
        connected = GaugeMetricFamily(
            "spacebot_adapter_connected",
            "1 while the adapter is connected to its platform, else 0.",
            labels=["adapter"],
        )
        last = GaugeMetricFamily(
            "spacebot_adapter_last_update_timestamp_seconds",
            "Unix time of the last update the adapter received.",
            labels=["adapter"],
        )
        for adapter in self._adapters:
            health = adapter.health()
            connected.add_metric([adapter.name], 1.0 if health.connected else 0.0)
            if health.last_update is not None:
                last.add_metric([adapter.name], health.last_update.timestamp())
        return [revision, connected, last]


class OpsServer:
    """The HTTP endpoint, from `async with` entry to exit.

    A port that cannot be bound is logged as an error and the bot serves on without the
    endpoint: users' answers matter more than the monitoring.
    """

    def __init__(
        self,
        settings: OpsSettings,
        service: AnswerService,
        adapters: Sequence[Adapter],
        metrics: Metrics,
    ) -> None:
        self._settings = settings
        self._service = service
        self._adapters = tuple(adapters)
        self._metrics = metrics
        self._live = _LiveState(service, self._adapters)
        self._log_counter = _LogCounter(metrics)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the bound port (useful with port 0), once listening

    async def __aenter__(self) -> Self:
        address = self._settings.address
        if address is None:
            return self
        host, port = address
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._scrape)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            await runner.cleanup()
            log.error("ops: cannot listen on %s (%s); serving without /healthz and /metrics",
                      self._settings.listen, exc.strerror or exc)  # fmt: skip
            return self
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self._metrics.registry.register(self._live)
        logging.getLogger().addHandler(self._log_counter)
        log.info("ops: /healthz and /metrics on http://%s:%d", host, self.port)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is None:
            return
        logging.getLogger().removeHandler(self._log_counter)
        self._metrics.registry.unregister(self._live)
        await self._runner.cleanup()
        self._runner = None
        self.port = None

    def health(self) -> tuple[bool, dict[str, Any]]:
        """(all connected, the /healthz body)."""
        adapters: dict[str, dict[str, Any]] = {}
        for adapter in self._adapters:
            health = adapter.health()
            adapters[adapter.name] = {
                "connected": health.connected,
                "last_update": (
                    health.last_update.isoformat(timespec="seconds")
                    if health.last_update is not None
                    else None
                ),
            }
        ok = all(a["connected"] for a in adapters.values())
        body = {
            "status": "ok" if ok else "unavailable",
            "revision": self._service.revision,
            "adapters": adapters,
        }
        return ok, body

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, body = self.health()
        return web.json_response(body, status=200 if ok else 503)

    async def _scrape(self, request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(self._metrics.registry),
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )
