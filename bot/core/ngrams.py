"""Character n-gram likeness: how much a question looks like a fact's example questions,
letter by letter rather than word by word.

The matcher scores canonical tokens: a word it does not know, or knows only under another
stem, counts for nothing there. Strings of two to five letters inside each word still share
"dock" with "docking", "shkaplerov" with "shkaplerov's" and "стыковк" with "стыковались",
whatever the word list says. It is the bag-of-character-n-grams model of text classifiers
(scikit-learn's `analyzer="char_wb"`), scored as the mean cosine of a fact's few nearest
examples, with no training: a fact's examples are read the first time the fact is a
candidate, so a reload of 10k facts costs nothing here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bot.core.domain import Lang
from bot.core.facts import question_key

SHORTEST, LONGEST = 2, 5  # letters per n-gram, within a word padded by a space each side
NEAREST = 3  # examples whose likeness is averaged: one close example may be chance
# Facts (in one language) whose n-grams are kept: 20 bytes an n-gram, ~25 kB for ten examples,
# ~90 kB for one of ours (some 35) and 1.1 MB for the out-of-scope catch-all (some 500).
CACHED_FACTS = 512

_HASH_STEP = np.uint64(0x100000001B3)  # FNV's 64-bit prime: spreads code points over 64 bits
_Hashes = npt.NDArray[np.uint64]
_Floats = npt.NDArray[np.floating[Any]]
_Ints = npt.NDArray[np.signedinteger[Any]]


class Profile:
    """Texts' n-grams: each text's distinct n-gram hashes with their weights (1 + log of the
    count, then scaled to unit length), as entries sorted by hash, so that a query's few
    hundred n-grams are found by binary search among a fact's thousands.

    The search is among the distinct hashes, each with where its entries start and how many
    there are: a fact's examples share most n-grams ("who", " th"), so there are a quarter as
    many, and one search finds a hash's entries where two (their first and their end) did."""

    __slots__ = ("counts", "hashes", "rows", "size", "starts", "weights")

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self.hashes: _Hashes  # distinct, ascending
        self.starts: _Ints  # per distinct hash, its first entry
        self.counts: _Ints  # per distinct hash, its entries: one per text that has it
        self.rows: _Ints
        self.weights: _Floats
        if len(texts) == 1:  # a query: its distinct n-grams, in order by hash
            self.hashes, counts = np.unique(_grams(texts, rows=False)[0], return_counts=True)
            self.rows = np.zeros(self.hashes.size, np.intp)
            self.starts = np.arange(self.hashes.size, dtype=np.int32)
            self.counts = np.ones(self.hashes.size, np.int32)
            weights = 1.0 + np.log(counts)
            self.weights = weights / max(float(np.sqrt(weights @ weights)), 1e-12)
        else:
            self._many(texts)

    def _many(self, texts: Sequence[str]) -> None:
        hashes, rows = _grams(texts)
        # One entry per (text, n-gram): sort by text, then hash, and count the runs.
        order = np.lexsort((hashes, rows))
        hashes, rows = hashes[order], rows[order]
        if hashes.size:
            new = np.empty(hashes.size, bool)
            new[0] = True
            new[1:] = (hashes[1:] != hashes[:-1]) | (rows[1:] != rows[:-1])
            starts = np.flatnonzero(new)
            counts = np.diff(np.append(starts, hashes.size))
            hashes, rows = hashes[starts], rows[starts]
            weights = 1.0 + np.log(counts)
        else:
            weights = np.zeros(0)
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(texts)))
        norms[norms == 0] = 1.0
        by_hash = np.argsort(hashes, kind="stable")
        hashes = hashes[by_hash]
        new = np.empty(hashes.size, bool)
        new[:1] = True
        np.not_equal(hashes[1:], hashes[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        self.hashes = hashes[starts]
        self.starts = starts.astype(np.int32)
        self.counts = np.diff(np.append(starts, hashes.size)).astype(np.int32)
        # Weights in 32 bits (rows stay intp: bincount would copy int32 ones on every call).
        self.rows = rows[by_hash]
        self.weights = (weights / norms[rows])[by_hash].astype(np.float32)

    def cosines(self, query: Profile) -> _Floats:
        """Each text's cosine with the query, a Profile of one text."""
        if not query.hashes.size or not self.hashes.size:
            return np.zeros(self.size)
        at_hash = self.hashes.searchsorted(query.hashes)
        np.minimum(at_hash, self.hashes.size - 1, out=at_hash)  # past the last: none there
        lo = self.starts[at_hash]
        found = self.counts[at_hash] * (self.hashes[at_hash] == query.hashes)
        ends = found.cumsum()
        total = int(ends[-1])
        if not total:
            return np.zeros(self.size)
        # The entries lo[i]..lo[i] + found[i] of every query n-gram i, as one array of indices.
        at = np.arange(total) + (lo - ends + found).repeat(found)
        products = self.weights[at] * query.weights.repeat(found)
        sums = np.bincount(self.rows[at], weights=products, minlength=self.size)
        return cast(_Floats, sums)  # numpy's stubs type bincount as counts even with weights


def _grams(texts: Sequence[str], *, rows: bool = True) -> tuple[_Hashes, _Ints]:
    """Every n-gram of every text, hashed, with the index of its text (none without `rows`:
    a query is one text): whole arrays at a time, as a Python loop over a fact's thousands of
    n-grams took milliseconds. An n-gram's hash extends that of its first n - 1 letters, so
    each size costs one pass."""
    # Casefolded, ё as е, words only: as check-facts tells questions apart.
    padded = [f" {words} " if (words := question_key(t)) else "" for t in texts]
    joined = "\0".join(padded)  # no n-gram spans a NUL, so none spans two texts
    points = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.uint64)
    stop = points == 0
    space = points == 32
    hashes = points.copy()
    bad = stop.copy()
    found_hashes: list[_Hashes] = []
    found_at: list[_Ints] = []
    for n in range(2, LONGEST + 1):
        count = points.size - n + 1
        if count <= 0:
            break
        hashes = hashes[:count] * _HASH_STEP ^ points[n - 1 :]
        bad = bad[:count] | stop[n - 1 :]
        if n > 2:
            bad |= space[n - 2 : n - 2 + count]  # a space inside: the n-gram spans two words
        if n >= SHORTEST:
            keep = ~bad
            found_hashes.append(hashes[keep])
            if rows:
                found_at.append(np.flatnonzero(keep))
    if not found_hashes:
        return np.zeros(0, np.uint64), np.zeros(0, np.intp)
    if not rows:
        return np.concatenate(found_hashes), np.zeros(0, np.intp)
    at = np.concatenate(found_at)
    starts = np.cumsum([0, *(len(p) + 1 for p in padded[:-1])])
    text_of = np.searchsorted(starts, at, side="right") - 1
    return np.concatenate(found_hashes), text_of.astype(np.intp)


def likeness(cosines: _Floats) -> float:
    """The mean of the NEAREST best cosines (of all, for a fact with fewer examples)."""
    if cosines.size <= NEAREST:
        return float(cosines.sum()) / cosines.size if cosines.size else 0.0
    return float(np.partition(cosines, -NEAREST)[-NEAREST:].sum()) / NEAREST


class FactGrams:
    """Facts' example n-grams, one profile a fact and language, read on first use and kept
    for the last CACHED_FACTS used: `examples(i, lang)` gives fact i's example questions in
    that language. Safe to share between threads (/accuracy scores in one while chats are
    answered)."""

    def __init__(self, examples: Callable[[int, Lang], Sequence[str]]) -> None:
        self._examples = examples
        self._cache: OrderedDict[tuple[int, Lang], Profile] = OrderedDict()
        self._lock = threading.Lock()

    def profile(self, fact: int, lang: Lang) -> Profile:
        key = (fact, lang)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        made = Profile(self._examples(fact, lang))  # outside the lock: the same either way
        with self._lock:
            self._cache[key] = made
            if len(self._cache) > CACHED_FACTS:
                self._cache.popitem(last=False)
        return made

    def likeness(self, text: str, facts: Sequence[int], lang: Lang) -> list[float]:
        """Per fact, how much `text` looks like its nearest examples in `lang` (0..1)."""
        query = Profile([text])
        return [likeness(self.profile(f, lang).cosines(query)) for f in facts]
