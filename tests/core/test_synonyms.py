"""The synonym groups as the matcher reads them: no member of them is silently dropped."""

from __future__ import annotations

import pytest

from bot.core import text as tx
from bot.core.synonyms import SYNONYMS

MEMBERS = [(group, member) for group, members in SYNONYMS.items() for member in members]


@pytest.mark.parametrize(("group", "member"), MEMBERS)
def test_every_member_reads_as_one_word(group: str, member: str) -> None:
    """The matcher maps one token to a group and skips a member that reads as several (a
    phrase would map each of its words: "космос" is no spacewalk), so such a member is dead."""
    assert len(tx.tokens(tx.clean(member, 100))) == 1, f"{group}: {member!r} reads as a phrase"


def test_no_word_belongs_to_two_groups() -> None:
    """The first group to claim a token keeps it: a member of a later group that stems to the
    same token ("casting" is "cast") would stand for the first group, not its own."""
    owner: dict[str, str] = {}
    clashes = []
    for group, member in MEMBERS:
        tokens = tx.tokens(tx.clean(member, 100))
        if len(tokens) != 1:
            continue  # test_every_member_reads_as_one_word
        token = tokens[0]
        if owner.setdefault(token, group) != group:
            clashes.append(f"{member!r} of {group!r} reads as {token!r} of {owner[token]!r}")
    assert not clashes
