"""The domain: plain frozen values shared by the core and every adapter.

Nothing here imports a platform library. Adapters translate platform events into an
`Inbound` and render the `Reply` that `AnswerService.handle` returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Lang(StrEnum):
    EN = "en"
    RU = "ru"


LANGS: tuple[Lang, ...] = (Lang.EN, Lang.RU)


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class FactKind(StrEnum):
    FACT = "fact"
    SMALLTALK = "smalltalk"
    # Examples of what the bot does not cover (other films, weather, homework). Matching one is
    # a confident "not mine": the reply is the fallback, never this fact's text.
    OUT_OF_SCOPE = "out-of-scope"


class Outcome(StrEnum):
    """What kind of reply the core produced; adapters choose the rendering by it."""

    ANSWER = "answer"  # a confident match: text is the fact's answer
    CLARIFY = "clarify"  # close candidates: `options` holds up to three of them
    SMALLTALK = "smalltalk"  # greeting, thanks, help: a short friendly reply
    FALLBACK = "fallback"  # out of scope or unsure: says what the bot can answer
    INFO = "info"  # a command's output (/topics, /why, /stats, an overview ...)
    REFUSED = "refused"  # an admin command from someone who is not an admin
    COOLDOWN = "cooldown"  # the user asks too fast: one polite notice per window
    SILENT = "silent"  # nothing to send (unaddressed group message, flood past the notice)


class ChatKind(StrEnum):
    PRIVATE = "private"  # a DM, or the console: every message is addressed to the bot
    GROUP = "group"  # a group or guild channel: only mentions, replies and commands count


class Command(StrEnum):
    """Commands every adapter offers. The core does the work; adapters only route."""

    START = "start"
    HELP = "help"
    ASK = "ask"
    TOPICS = "topics"
    WHY = "why"
    FILM = "film"
    CREW = "crew"
    MISSION = "mission"
    RACE = "race"
    FACT = "fact"  # a button press or a choice: `Inbound.text` is the fact id
    RELOAD = "reload"
    UNANSWERED = "unanswered"
    STATS = "stats"
    TEACH = "teach"  # `Inbound.text` is "<fact id> <question>"
    AUDIT = "audit"


# Overview commands and the facts topic each one shows.
TOPIC_COMMANDS: dict[Command, str] = {
    Command.FILM: "film",
    Command.CREW: "crew",
    Command.MISSION: "mission",
    Command.RACE: "race",
}

ADMIN_COMMANDS: frozenset[Command] = frozenset(
    {Command.RELOAD, Command.UNANSWERED, Command.STATS, Command.TEACH, Command.AUDIT}
)


@dataclass(frozen=True)
class CommandSpec:
    """How a command is advertised on a platform (setMyCommands, app_commands)."""

    command: Command
    description: dict[Lang, str]
    admin: bool = False
    argument: str | None = None  # the name of the free-text argument, if any


@dataclass(frozen=True)
class Entity:
    """Something facts talk about: a person, a spacecraft, a place, the film."""

    id: str
    kind: str
    name: dict[Lang, str]
    aliases: tuple[str, ...] = ()
    fact: str | None = None  # the fact that introduces it (a bio, a description)
    gender: str | None = None  # "f" / "m" for persons: lets "she"/"он" find them
    role: str | None = None  # for persons: "crew", "cast", "iss-crew", "backup", ...


@dataclass(frozen=True)
class Fact:
    id: str
    topic: str
    kind: FactKind
    questions: dict[Lang, tuple[str, ...]]
    answer: dict[Lang, str]
    keywords: tuple[str, ...]
    entities: tuple[str, ...]
    sources: tuple[str, ...]
    verified: dt.date
    confidence: Confidence = Confidence.HIGH
    file: str = ""
    line: int = 0

    def title(self, lang: Lang) -> str:
        """A short heading: the fact's first example question in that language."""
        return self.questions[lang][0]


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict[Lang, str]
    summary: str | None = None  # the fact shown by the topic's overview command
    featured: tuple[str, ...] = ()  # facts offered as buttons under the overview


@dataclass(frozen=True)
class FactSet:
    """One complete, validated revision of the content in facts/."""

    facts: tuple[Fact, ...]
    entities: tuple[Entity, ...]
    topics: tuple[Topic, ...]
    content_hash: str
    _facts_by_id: dict[str, Fact] = field(init=False, repr=False, compare=False)
    _entities_by_id: dict[str, Entity] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen, so the lookup tables are set once here rather than rebuilt per call.
        object.__setattr__(self, "_facts_by_id", {f.id: f for f in self.facts})
        object.__setattr__(self, "_entities_by_id", {e.id: e for e in self.entities})

    def fact(self, fact_id: str) -> Fact | None:
        return self._facts_by_id.get(fact_id)

    def entity(self, entity_id: str) -> Entity | None:
        return self._entities_by_id.get(entity_id)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


@dataclass(frozen=True)
class Inbound:
    """One message from a person, as every adapter hands it to the core."""

    text: str
    platform: str  # "console", "cli", "telegram", "discord"
    chat: str  # the chat, channel or DM id: follow-up context lives per chat
    user: str  # the platform's user id; stored only as a salted hash
    locale: str | None = None  # the platform's language hint ("ru", "en-US"), if any
    mentioned: bool = False  # in a group: the bot was @mentioned or replied to
    chat_kind: ChatKind = ChatKind.PRIVATE
    command: Command | None = None  # set when the user used a command; args in `text`


@dataclass(frozen=True)
class Option:
    """A choice offered to the user: a clarify candidate or an overview button."""

    fact_id: str
    label: str


@dataclass(frozen=True)
class Candidate:
    fact_id: str
    score: float
    example: str  # the example question or alias that scored best
    # The match of the fact's two best examples, summed (0..2; 0 when matched as a whole
    # phrase): a question asked of a fact in many ways finds more than one of them.
    support: float = 0.0


@dataclass(frozen=True)
class Explanation:
    """Why the matcher decided what it did: what /why and `ask --json` show."""

    query: str  # the normalised query the matcher scored
    best: Candidate | None
    runner_up: Candidate | None
    confidence: float  # the confidence model's chance that `best` is right (0..1)
    answer_confidence: float  # what answers
    clarify_confidence: float  # what asks which was meant, in a close call
    clarify_threshold: float  # the score a close call needs to ask
    margin: float  # how close the next fact must be for a close call
    evidence_margin: float  # the lead in word evidence that settles a close call
    context_entity: str | None = None  # set when a follow-up borrowed the chat's entity
    evidence: float | None = None  # the lead in word evidence that settled a close call
    support_margin: float = 0.0  # the lead in example support that settles a close call
    support: float | None = None  # the lead in example support that settled a close call
    # An out-of-scope example matched best, or close to the best: the fallback, whatever the
    # confidence (which is then the chance that the catch-all is right).
    out_of_scope: bool = False
    # Small talk matched at least this closely decided: answered whatever the confidence.
    small_talk: float | None = None
    answer_threshold: float = 0.0  # the score the best fact needs to be answered
    # Names the question asks about that no fact knows ("Barbie"): the fallback, however sure.
    unknown_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    outcome: Outcome
    text: str
    lang: Lang = Lang.EN
    options: tuple[Option, ...] = ()
    sources: tuple[str, ...] = ()
    fact_id: str | None = None
    topic: str | None = None
    title: str | None = None
    score: float = 0.0
    confidence: Confidence | None = None
    explanation: Explanation | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the facts, located as precisely as the parser allows."""

    file: str
    line: int | None
    fact_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.fact_id:
            parts.append(f"fact '{self.fact_id}'")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


@dataclass(frozen=True)
class Accuracy:
    """The matcher's accuracy on the evaluation set (tests/eval) before and after a reload."""

    before: float | None  # None: there was nothing live to measure
    after: float
    questions: int
    eval_file: Path  # the set measured: the service may be given another than the default


@dataclass(frozen=True)
class ReloadReport:
    ok: bool
    revision: int | None  # the live revision after the reload (for a dry run: still live)
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    dry_run: bool = False  # nothing was applied: this is what `/reload confirm` would do
    accuracy: Accuracy | None = None  # None when no evaluation set ships here
    stale_preview: bool = False  # a confirm found facts/ different from what was previewed
    rolled_back_from: int | None = None  # set by /reload rollback: the revision it left


@dataclass(frozen=True)
class TaughtExample:
    """A question an admin taught with /teach: an extra example of one fact."""

    fact_id: str
    lang: Lang
    question: str
    platform: str
    user_hash: str  # the admin, as a salted hash
    at: dt.datetime


@dataclass(frozen=True)
class AuditEntry:
    """One admin action: who (a salted hash), what, when, and how it ended."""

    at: dt.datetime
    platform: str  # "telegram", "discord", "console", "cli", or "signal" for SIGHUP
    user_hash: str  # empty for the operator at the shell and for signals
    action: str  # "teach", "reload", "reload confirm", "reload rollback", "purge", ...
    detail: str
    result: str


@dataclass(frozen=True)
class MissedQuestion:
    """A logged question the bot could not answer outright (a fallback or a clarify)."""

    at: dt.datetime
    platform: str
    text: str
    outcome: Outcome


@dataclass(frozen=True)
class PurgeCounts:
    """Rows deleted for one person by `spacebot purge --user`."""

    questions: int = 0
    taught: int = 0
    audit: int = 0


@dataclass(frozen=True)
class LoggedQuestion:
    """A row of the question log, as the service hands it to the store."""

    at: dt.datetime
    platform: str
    chat_kind: ChatKind
    user_hash: str
    lang: Lang
    text: str
    outcome: Outcome
    fact_id: str | None
    score: float


@dataclass(frozen=True)
class Stats:
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_platform: dict[str, int] = field(default_factory=dict)
    top_facts: tuple[tuple[str, int], ...] = ()
    revision: int | None = None
