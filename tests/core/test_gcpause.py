"""The collector pause around large builds: on inside, restored after, even on an error."""

from __future__ import annotations

import gc

import pytest

from bot.core.gcpause import gc_paused


def _fail_while_paused() -> None:
    with gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")


def test_the_collector_is_paused_inside_and_back_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="boom"):
        _fail_while_paused()
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
