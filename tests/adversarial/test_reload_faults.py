"""Reload faults: a facts file cut mid-write, deleted during the reload, unreadable, not a file.

In each case the reload is refused, the old revision keeps answering, and the admin is told which
file and why: by `/reload` (the dry run) in chat, and in the report of an applying reload.
When the fault is repaired, the next reload succeeds.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.domain import Command, Inbound, Outcome
from bot.core.service import AnswerService

Break = Callable[[Path, pytest.MonkeyPatch], str]  # breaks the file; returns the expected reason


def truncated(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])  # a writer died halfway
    return ""  # TOML syntax or a missing field, depending on where the cut fell


def deleted_during_reload(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The file is listed, then deleted just before the loader reads it."""
    read_bytes = Path.read_bytes

    def vanishing(self: Path) -> bytes:
        if self == path and self.exists():
            self.unlink()
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", vanishing)
    return os.strerror(errno.ENOENT)


def unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """chmod 000; where that does not stop the reader (root), the read fails as it would."""
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the read fail as it would
        read_bytes = Path.read_bytes

        def denied(self: Path) -> bytes:
            if self == path:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    return os.strerror(errno.EACCES)


def a_directory(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path.unlink()
    path.mkdir()
    (path / "inside.txt").write_text("not facts", encoding="utf-8")
    return os.strerror(errno.EISDIR)


BREAKS: dict[str, Break] = {
    "truncated-mid-write": truncated,
    "deleted-during-reload": deleted_during_reload,
    "permission-denied": unreadable,
    "replaced-by-a-directory": a_directory,
}

ADMIN = Inbound("", "console", "console", "console", command=Command.RELOAD)


async def answers(service: AnswerService) -> str:
    reply = await service.handle(Inbound("who directed the film?", "telegram", "c", "u"))
    assert reply.outcome is Outcome.ANSWER
    assert reply.fact_id == "film-director"
    return reply.text


def restore(path: Path, good: bytes) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    path.write_bytes(good)
    path.chmod(0o644)


@pytest.mark.parametrize("name", list(BREAKS))
async def test_a_broken_reload_keeps_the_old_revision_and_tells_the_admin(
    service: AnswerService, facts_dir: Path, name: str
) -> None:
    path = facts_dir / "film.toml"
    good = path.read_bytes()
    revision = service.revision
    before = await answers(service)

    with pytest.MonkeyPatch.context() as patch:  # an applying reload (SIGHUP, /reload confirm)
        reason = BREAKS[name](path, patch)
        report = await service.reload("test")
    assert not report.ok
    assert report.revision == revision
    problems = "\n".join(str(p) for p in report.problems)
    assert "film.toml" in problems
    assert reason in problems
    assert service.revision == revision
    assert await answers(service) == before

    restore(path, good)
    with pytest.MonkeyPatch.context() as patch:  # the admin's /reload: a dry run
        reason = BREAKS[name](path, patch)
        told = await service.handle(ADMIN)
    assert "film.toml" in told.text
    assert reason in told.text
    assert service.revision == revision
    assert await answers(service) == before

    restore(path, good)
    repaired = await service.reload("test")
    assert repaired.ok, repaired.problems
    assert await answers(service) == before
