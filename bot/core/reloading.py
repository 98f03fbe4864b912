"""Which revision of facts/ is live: at startup, on a reload (dry run or applied) and on a
rollback. Each change is saved in the store, then swapped in whole."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time

from bot.core.accuracy import AccuracyMeter
from bot.core.domain import Fact, FactSet, Problem, ReloadReport
from bot.core.facts import load_facts
from bot.core.live import Live, LiveFacts
from bot.core.store import Store
from bot.settings import FactsSettings

# The service's logger name: what operators' log filters and the warnings metric already know.
log = logging.getLogger("bot.core.service")

# Set by a rollback: the content hash of facts/ that was rolled back from. While facts/ still
# holds exactly that, a restart keeps serving the rolled-back-to revision instead of re-applying.
ROLLBACK_META = "rolled_back_from"


class FactsUnavailable(Exception):
    """facts/ is invalid and the store has no good revision to fall back on."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the facts")
        self.problems = problems


class Reloader:
    def __init__(
        self, store: Store, facts: FactsSettings, live: LiveFacts, accuracy: AccuracyMeter
    ) -> None:
        self._store = store
        self._facts = facts
        self._live = live
        self._accuracy = accuracy
        self._pending: str | None = None  # the content hash a /reload dry run showed

    @property
    def pending(self) -> str | None:
        return self._pending

    async def start(self) -> None:
        """Put facts/ live; if it is invalid, serve the store's last good revision."""
        result = await asyncio.to_thread(load_facts, self._facts.dir)
        stored = await self._store.live_revision()
        if result.factset is None:
            if stored is None:
                raise FactsUnavailable(result.problems)
            for problem in result.problems:
                log.error("facts: %s", problem)
            log.error(
                "facts/ is invalid (%d problems): serving the last good revision %d from the store",
                len(result.problems),
                stored[0],
            )
            rev, base = stored
        else:
            base = result.factset
            rolled_back_from = await self._store.get_meta(ROLLBACK_META)
            if stored is not None and stored[1].content_hash == base.content_hash:
                rev = stored[0]
            elif stored is not None and rolled_back_from == base.content_hash:
                log.warning(
                    "facts/ still holds what /reload rollback undid: serving revision %d; "
                    "/reload confirm (or SIGHUP) puts facts/ live again",
                    stored[0],
                )
                rev, base = stored
            else:
                rev = await self._store.save_revision(base, "startup")
                if rolled_back_from is not None:
                    await self._store.delete_meta(ROLLBACK_META)
        factset, matcher = await self._live.index(base)
        self._live.serving = Live(rev, factset, matcher, base)

    async def preview(self) -> ReloadReport:
        """A dry run: what `/reload confirm` would change, and the accuracy before and after.

        Works before `start` too (`spacebot reload --check`): then "before" is the store's live
        revision. Nothing is written and the live index is not touched.
        """
        async with self._live.lock:
            return await self._preview()

    async def _preview(self) -> ReloadReport:
        started = time.perf_counter()
        old = self._live.serving or await self._stored_live()
        revision = old.revision if old else None
        result = await asyncio.to_thread(load_facts, self._facts.dir)
        if result.factset is None:
            self._pending = None
            return ReloadReport(
                False, revision, problems=result.problems, dry_run=True,
                seconds=time.perf_counter() - started,
            )  # fmt: skip
        new = result.factset
        self._pending = new.content_hash
        if old is not None and new.content_hash == old.base.content_hash:
            return ReloadReport(True, revision, dry_run=True, seconds=time.perf_counter() - started)
        empty = FactSet((), (), (), "")
        added, changed, removed = diff_facts(old.base if old else empty, new)
        accuracy = await self._accuracy.compare(old, new)
        return ReloadReport(
            True, revision, added, changed, removed, dry_run=True, accuracy=accuracy,
            seconds=time.perf_counter() - started,
        )  # fmt: skip

    async def _stored_live(self) -> Live | None:
        stored = await self._store.live_revision()
        if stored is None:
            return None
        factset, matcher = await self._live.index(stored[1])
        return Live(stored[0], factset, matcher, stored[1])

    async def reload(self, by: str, *, expected: str | None) -> ReloadReport:
        """Re-read facts/; put it live only if valid. Questions in flight finish on the old one.

        No dry run: this is what SIGHUP does. With `expected` (a content hash, as `/reload
        confirm` passes the one its dry run showed), facts/ is applied only if it still is that;
        otherwise the report is a fresh dry run marked `stale_preview`, and nothing changes.
        """
        async with self._live.lock:
            started = time.perf_counter()
            result = await asyncio.to_thread(load_facts, self._facts.dir)
            if result.factset is None:
                return self._failed(result.problems, started)
            content = result.factset.content_hash
            if expected not in {None, content} and content != self._live.current.base.content_hash:
                return dataclasses.replace(await self._preview(), stale_preview=True)
            return await self._apply(result.factset, by, started)

    def _failed(self, problems: tuple[Problem, ...], started: float) -> ReloadReport:
        for problem in problems:
            log.warning("reload: %s", problem)
        return ReloadReport(
            False,
            self._live.current.revision,
            problems=problems,
            seconds=time.perf_counter() - started,
        )

    async def _apply(self, new: FactSet, by: str, started: float) -> ReloadReport:
        old = self._live.current
        self._pending = None
        added, changed, removed = diff_facts(old.base, new)
        if new.content_hash == old.base.content_hash:
            return ReloadReport(True, old.revision, seconds=time.perf_counter() - started)
        # The store's write and the matcher's build run in threads of their own (they overlap
        # only where a second core is free), and the revision goes live, in the store and
        # here, only once the build has succeeded.
        indexing = asyncio.ensure_future(self._live.index(new))
        try:
            rev = await self._store.save_revision(new, by, live=False)
        except BaseException:
            await asyncio.gather(indexing, return_exceptions=True)  # let the build finish
            raise
        try:
            factset, matcher = await indexing
        except BaseException:
            await self._store.discard_revision(rev)
            raise
        await self._store.set_live_revision(rev)
        self._live.serving = Live(rev, factset, matcher, new)  # one assignment: the swap is atomic
        if await self._store.get_meta(ROLLBACK_META) is not None:
            await self._store.delete_meta(ROLLBACK_META)
        log.info("reload by %s: revision %d (+%d ~%d -%d)", by, rev, len(added),
                 len(changed), len(removed))  # fmt: skip
        return ReloadReport(
            True, rev, added, changed, removed, seconds=time.perf_counter() - started
        )

    async def rollback(self, by: str) -> ReloadReport | None:
        """Put back the revision that was live before this one; None when there is none."""
        async with self._live.lock:
            started = time.perf_counter()
            old = self._live.current
            previous = await self._store.previous_revision(old.revision)
            if previous is None:
                return None
            base = await self._store.read_revision(previous)
            factset, matcher = await self._live.index(base)
            await self._store.set_live_revision(previous)
            if await self._store.get_meta(ROLLBACK_META) is None:
                # What facts/ held when the first rollback began: a restart must not re-apply it.
                await self._store.set_meta(ROLLBACK_META, old.base.content_hash)
            self._live.serving = Live(previous, factset, matcher, base)
            self._pending = None
            added, changed, removed = diff_facts(old.base, base)
            log.warning("rollback by %s: revision %d -> %d", by, old.revision, previous)
            return ReloadReport(
                True, previous, added, changed, removed, seconds=time.perf_counter() - started,
                rolled_back_from=old.revision,
            )  # fmt: skip


def diff_facts(old: FactSet, new: FactSet) -> tuple[tuple[str, ...], ...]:
    """Ids added, changed and removed between two revisions (a moved line is no change)."""

    def body(f: Fact) -> Fact:
        return dataclasses.replace(f, file="", line=0)

    old_ids = {f.id: f for f in old.facts}
    new_ids = {f.id: f for f in new.facts}
    added = tuple(sorted(set(new_ids) - set(old_ids)))
    removed = tuple(sorted(set(old_ids) - set(new_ids)))
    changed = tuple(
        sorted(i for i in set(old_ids) & set(new_ids) if body(old_ids[i]) != body(new_ids[i]))
    )
    return added, changed, removed
