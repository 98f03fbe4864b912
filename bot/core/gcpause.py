"""Pausing the cyclic garbage collector while a large structure is built.

Loading 10k facts allocates about a million objects that all stay alive. Each of those
allocations counts towards the collector's thresholds, so it keeps walking the growing heap and
finds nothing to free: a third of a large reload went there. Reference counting still frees
everything acyclic meanwhile; cycles made during the pause are collected after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic collections inside the block (the setting is per process, not per thread)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
