"""Reading facts/ into a validated FactSet, or reporting every problem with its location.

Each problem names the file, the line where the parser knows it, the fact id and the field:
    facts/crew.toml:42: fact 'peresild-age': answer.ru: is empty
pydantic checks each file's shape; the cross-file rules (duplicate ids and questions, references
to entities and facts) run over the whole directory, since they cannot be seen one file at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import numpy as np
import toml_rs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from bot.core.domain import (
    LANGS,
    Confidence,
    Entity,
    Fact,
    FactKind,
    FactSet,
    Lang,
    Problem,
    Topic,
)
from bot.core.gcpause import gc_paused

MAX_ANSWER_CHARS = 1500

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _ByLang(_Model):
    en: Text
    ru: Text


class _Answer(_ByLang):
    en: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ANSWER_CHARS)
    ]
    ru: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ANSWER_CHARS)
    ]


class _Questions(_Model):
    en: Annotated[list[Text], Field(min_length=1)]
    ru: Annotated[list[Text], Field(min_length=1)]


class _TopicModel(_Model):
    id: Id
    title: _ByLang
    summary: Id | None = None
    featured: list[Id] = []


class _EntityModel(_Model):
    id: Id
    kind: Literal[
        "person",
        "spacecraft",
        "rocket",
        "place",
        "module",
        "film",
        "organisation",
        "event",
        "system",
    ]
    name: _ByLang
    aliases: list[Text] = []
    gender: Literal["f", "m"] | None = None
    role: Text | None = None
    fact: Id | None = None


@functools.lru_cache(maxsize=4096)
def _is_https(url: str) -> bool:
    """Cached: facts share a few sources, and splitting each fact's took 5% of a 10k-fact load."""
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and " " not in url


class _FactModel(_Model):
    id: Id
    kind: FactKind = FactKind.FACT
    confidence: Confidence = Confidence.HIGH
    verified: dt.date
    entities: list[Id]
    keywords: list[Text]
    sources: list[str]
    questions: _Questions
    answer: _Answer

    @field_validator("sources")
    @classmethod
    def _https(cls, sources: list[str]) -> list[str]:
        for url in sources:
            if not _is_https(url):
                raise ValueError(f"not an https:// URL with a host: {url!r}")
        return sources

    @field_validator("verified")
    @classmethod
    def _not_future(cls, day: dt.date, info: ValidationInfo) -> dt.date:
        # The loader passes the latest day allowed, worked out once per file: today() per fact
        # was 5% of loading 10k facts.
        latest = info.context.get(_LATEST_DAY) if isinstance(info.context, dict) else None
        if day > (latest or _latest_day()):
            raise ValueError(f"{day} is in the future")
        return day


_LATEST_DAY = "latest_day"  # the validation context's key for it


def _latest_day() -> dt.date:
    """The last day a fact may say it was verified on: tomorrow, for any time zone."""
    return dt.date.today() + dt.timedelta(days=1)


@dataclass(frozen=True)
class LoadResult:
    """A FactSet when the directory is valid, else every problem found."""

    factset: FactSet | None
    problems: tuple[Problem, ...]


# What splitlines() ends a line at besides "\n" and "\r\n": the quick scan counts "\n" only.
# Looked for one by one with `in`: a regex of them all went character by character, 5% of
# loading 10k facts.
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# The lines that can decide where an item's id stands: those that may hold a header or an `id`
# key, and those that may open or close a multi-line string. Each pattern starts with a literal,
# which the regex engine looks for fast: one pattern with "^" took a tenth of a load.
_ID_LINE = re.compile(r"\n[^\S\n]*(?:\[|id[^\S\n]*[.=])")
_FIRST_ID_LINE = re.compile(r"[^\S\n]*(?:\[|id[^\S\n]*[.=])")
_TRIPLE_QUOTES = re.compile(r"\"\"\"|'''")
# A line _ID_LINE or _FIRST_ID_LINE starts, as far as its end ("." is anything but "\n"), with
# the line break before it or at the text's start. Two patterns rather than one with "^" and
# re.MULTILINE: that one is tried at every character, five times slower.
_ID_LINE_WHOLE = re.compile(r"\n([^\S\n]*(?:\[|id[^\S\n]*[.=]).*)")
_FIRST_ID_LINE_WHOLE = re.compile(r"[^\S\n]*(?:\[|id[^\S\n]*[.=]).*")
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")

Where = dict[tuple[str, int, str], int]


class _Lines:
    """Where keys stand in a TOML file, since tomllib does not report positions.

    Maps (array name, index, dotted key) to a line: ("fact", 3, "answer.ru") -> 57. Indexing
    every key of 10k facts took a third of a reload, and only a problem needs more than each
    item's `id` line: the whole index is built on the first `find`, from the file's bytes.
    """

    def __init__(self, raw: bytes) -> None:
        self._raw = raw  # valid UTF-8: the loader decoded it before
        self._at: Where | None = None
        self._ids: Where | None = None

    def _full(self) -> Where:
        if self._at is None:
            self._at = _index(enumerate(self._raw.decode().splitlines(), start=1), ids_only=False)
            assert self._at is not None  # only an ids_only scan gives up
        return self._at

    def find(self, section: str, index: int, path: Iterable[str]) -> int | None:
        at = self._full()
        keys = [p for p in path if not p.isdigit()]
        for depth in range(len(keys), -1, -1):
            line = at.get((section, index, ".".join(keys[:depth])))
            if line is not None:
                return line
        return None

    def id_line(self, section: str, index: int, text: str | None = None) -> int | None:
        """find(section, index, ["id"]), from a scan of the few lines that can tell it.

        `text` is the decoded file, when the caller has it at hand.
        """
        if self._ids is None:
            quick = None if self._at else _id_index(self._raw.decode() if text is None else text)
            self._ids = self._full() if quick is None else quick
        line = self._ids.get((section, index, "id"))
        return self._ids.get((section, index, "")) if line is None else line


def _id_index(text: str) -> Where | None:
    """The entries _index makes for headers and `id` keys, from only the lines
    _candidate_lines gives; None when the text has line breaks other than "\\n" or a header
    whose path starts with "id", which would make other lines count."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # one line break to splitlines() too
    if any(c in text for c in _OTHER_BREAKS):
        return None
    return _index(_candidate_lines(text), ids_only=True)


def _candidate_lines(text: str) -> Iterable[tuple[int, str]]:
    """(number, line) for each line the three patterns above find, in order."""
    if '"""' not in text and "'''" not in text:
        return _id_lines(text)
    starts = [m.start() + 1 for m in _ID_LINE.finditer(text)]
    if _FIRST_ID_LINE.match(text):
        starts.insert(0, 0)
    if '"""' in text or "'''" in text:
        quoted = (text.rfind("\n", 0, m.start()) + 1 for m in _TRIPLE_QUOTES.finditer(text))
        starts = sorted(set(starts).union(quoted))
    return _numbered(text, starts)


def _numbered(text: str, starts: list[int]) -> Iterator[tuple[int, str]]:
    number, counted = 1, 0
    for start in starts:
        number += text.count("\n", counted, start)
        counted = start
        end = text.find("\n", start)
        yield number, text[start : len(text) if end < 0 else end]


def _id_lines(text: str) -> Iterable[tuple[int, str]]:
    """_candidate_lines of a text without triple quotes: the lines _ID_LINE and _FIRST_ID_LINE
    find, whole, by one regex, and numbered by where they stand among the line breaks, all
    at once: a line at a time was two thirds of finding 10k facts' id lines."""
    found = list(_ID_LINE_WHOLE.finditer(text))
    lines = [m.group(1) for m in found]
    # A line is numbered 2 + the breaks before the one that precedes it, counted from one such
    # break to the next in C: no array of the text's code points (UTF-32, 4 bytes a character).
    ends = [m.start() for m in found]
    del found
    counts = map(text.count, itertools.repeat("\n"), [0, *ends[:-1]], ends)
    numbers = list(itertools.accumulate(counts, initial=2))[1:]
    first = _FIRST_ID_LINE_WHOLE.match(text)
    if first is not None:
        numbers.insert(0, 1)
        lines.insert(0, first.group())
    return zip(numbers, lines, strict=True)


def _index(numbered: Iterable[tuple[int, str]], *, ids_only: bool) -> Where | None:
    """Each dotted key's first line, per item. With ids_only, only what find(..., ["id"])
    reads (the item's header and its `id` key), or None if a header's path starts with
    "id" (then lines with other keys place "id" too: the caller must read every line)."""
    at: Where = {}
    counts: dict[str, int] = {}
    section, index, prefix = "", -1, ""
    in_multiline = False
    for number, line in numbered:
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        # Only a line starting with "[" can be a header, and such a line is no key: most
        # lines are keys, and skipping the header pattern for them saves a tenth of a reload.
        header = _HEADER.match(line) if line.lstrip()[:1] == "[" else None
        if header:
            name = header.group(1).replace(" ", "")
            head, _, rest = name.partition(".")
            if line.lstrip().startswith("[["):
                counts[name] = counts.get(name, -1) + 1
                section, index, prefix = head, counts[name], rest
            else:
                section, prefix = head, rest
                index = counts.get(head, 0) if rest else 0
            if ids_only and prefix:
                if prefix.partition(".")[0] == "id":
                    return None
                continue
            at.setdefault((section, index, prefix), number)
            continue
        key = _KEY.match(line)
        if key and section:
            dotted = "".join(key.group(1).split())  # split() drops what \s matches
            full = f"{prefix}.{dotted}" if prefix else dotted
            parts = full.split(".")
            if ids_only:
                if parts[0] == "id":
                    at.setdefault((section, index, "id"), number)
            else:
                for depth in range(1, len(parts) + 1):
                    at.setdefault((section, index, ".".join(parts[:depth])), number)
            rest_of_line = line[key.end() :]
            if rest_of_line.count('"""') == 1 or rest_of_line.count("'''") == 1:
                in_multiline = True
    return at


def _decode(path: Path, raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            name, line, None, None, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        )


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse(name: str, text: str) -> tuple[dict[str, Any] | None, Problem | None]:
    try:
        # Compiled, ~5x faster than tomllib on 10k facts, held to the TOML 1.0 that tomllib
        # reads. Its errors differ in wording: tomllib re-reads a file it refuses, so a broken
        # file is reported as before.
        return toml_rs.loads(text, toml_version="1.0.0"), None
    except ValueError:
        pass
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        pos = _TOML_POS.search(message)
        line = int(pos.group(1)) if pos else None
        message = _TOML_POS.sub(lambda m: f"(column {m.group(2)})", message)
        return None, Problem(name, line, None, None, f"TOML syntax: {message}")


def _field_name(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for p in loc:
        if isinstance(p, int):
            parts[-1:] = [f"{parts[-1]}[{p}]"] if parts else [f"[{p}]"]
        else:
            parts.append(p)
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field (a typo?)"
    if kind == "missing":
        return "required field is missing"
    if kind in {"string_too_short", "too_short"}:
        return "is empty"
    msg = str(error["msg"])
    return msg.removeprefix("Value error, ")


def _shape_problems(
    name: str, section: str, index: int, item: object, lines: _Lines, exc: ValidationError
) -> list[Problem]:
    problems: list[Problem] = []
    ident = item.get("id") if isinstance(item, dict) else None
    fact_id = str(ident) if section == "fact" and ident else None
    label = f"entity '{ident}': " if section == "entity" and ident else ""
    for error in exc.errors():
        rest: tuple[int | str, ...] = tuple(error["loc"])
        field = _field_name(rest) if rest else section
        if section != "fact":
            field = f"{section}.{field}" if rest else section
        line = lines.find(section, index, (str(p) for p in rest))
        problems.append(Problem(name, line, fact_id, field, label + _message(dict(error))))
    return problems


@dataclass
class _File:
    """One file's items that passed their own checks, as domain objects: each item's pydantic
    model is dropped once converted (10k facts' models took 32 MB beside the Facts)."""

    name: str
    lines: _Lines
    topic: Topic | None
    entities: list[tuple[int, Entity]]  # (index among the file's [[entity]] tables, entity)
    facts: list[tuple[int, Fact]]
    # Ids written in the file, valid or not: a reference to a broken fact is not "missing".
    declared: set[str] = field(default_factory=set)


def _read_file(
    name: str, text: str, data: dict[str, Any], lines: _Lines, problems: list[Problem]
) -> _File:
    """Check each item on its own, so one bad fact does not hide the rest of the file."""
    file = _File(name, lines, None, [], [])
    for key in data:
        if key not in {"topic", "entity", "fact"}:
            line = lines.find(key, 0, []) or lines.find("", 0, [key])
            problems.append(
                Problem(name, line, None, key, "unknown table (expected topic, entity, fact)")
            )
    raw_topic = data.get("topic")
    topic_id = ""  # a Fact's topic; without a valid [topic] nothing is built from them
    if raw_topic is None:
        problems.append(Problem(name, 1, None, "topic", "the file has no [topic] table"))
    else:
        try:
            t = _TopicModel.model_validate(raw_topic)
        except ValidationError as exc:
            problems.extend(_shape_problems(name, "topic", 0, raw_topic, lines, exc))
        else:
            topic_id = t.id
            file.topic = Topic(
                t.id, {Lang.EN: t.title.en, Lang.RU: t.title.ru}, t.summary, tuple(t.featured)
            )
    for index, raw in _items(name, "entity", data, lines, file, problems):
        try:
            e = _EntityModel.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_shape_problems(name, "entity", index, raw, lines, exc))
            continue
        file.entities.append(
            (index, Entity(
                id=e.id, kind=e.kind, name={Lang.EN: e.name.en, Lang.RU: e.name.ru},
                aliases=tuple(e.aliases), fact=e.fact, gender=e.gender, role=e.role,
            ))
        )  # fmt: skip
    context = {_LATEST_DAY: _latest_day()}
    for index, raw in _items(name, "fact", data, lines, file, problems):
        try:
            f = _FactModel.model_validate(raw, context=context)
        except ValidationError as exc:
            problems.extend(_shape_problems(name, "fact", index, raw, lines, exc))
            continue
        file.facts.append(
            (index, Fact(
                id=f.id, topic=topic_id, kind=f.kind,
                questions={Lang.EN: tuple(f.questions.en), Lang.RU: tuple(f.questions.ru)},
                answer={Lang.EN: f.answer.en, Lang.RU: f.answer.ru},
                keywords=tuple(f.keywords), entities=tuple(f.entities), sources=tuple(f.sources),
                verified=f.verified, confidence=f.confidence, file=name,
                line=lines.id_line("fact", index, text) or 0,
            ))
        )  # fmt: skip
    return file


def _items(
    name: str,
    section: str,
    data: dict[str, Any],
    lines: _Lines,
    file: _File,
    problems: list[Problem],
) -> Iterator[tuple[int, Any]]:
    """The raw [[section]] tables of a file, each id noted as declared."""
    raw_items = data.get(section, [])
    if not isinstance(raw_items, list):
        line = lines.find(section, 0, [])
        problems.append(Problem(name, line, None, section, f"write each one as [[{section}]]"))
        return
    for index, raw in enumerate(raw_items):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            file.declared.add(f"{section}:{raw['id']}")
        yield index, raw


_NOT_WORD = re.compile(r"[^\w\s]")
# For ASCII text, question_key's regex and split() as one byte table: what is no word
# character (nor the newline joining questions) becomes a space; casefold() is lower() there.
_ASCII_WORD = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz\n"
_ASCII_KEY = bytes(c if c in _ASCII_WORD else 32 for c in range(256)).lower()


def question_key(q: str) -> str:
    """What check-facts tells duplicate questions by, and /teach too: casefolded, ё read as е,
    words only (punctuation and spacing ignored)."""
    return " ".join(_NOT_WORD.sub(" ", q.casefold().replace("ё", "е")).split())


def _norm_questions(questions: list[str]) -> list[str]:
    """[question_key(q) for q in questions] with the regex run once over them all: a call
    each cost a quarter of a second on 100k questions. Casefolding and the regex act on each
    character alone and keep the newlines that join the questions, so each comes back whole."""
    joined = "\n".join(questions)
    if joined.count("\n") != len(questions) - 1:  # a question of several lines, or none at all
        return [question_key(q) for q in questions]
    if not joined.isascii():
        folded = _NOT_WORD.sub(" ", joined.casefold().replace("ё", "е"))
        return [" ".join(line.split()) for line in folded.split("\n")]
    # Most questions are ASCII (in English or transliterated): bytes are keyed five times
    # faster, in a few passes over the whole text and none over each question.
    keyed = joined.encode().translate(_ASCII_KEY)
    while b"  " in keyed:
        keyed = keyed.replace(b"  ", b" ")
    return keyed.replace(b" \n", b"\n").replace(b"\n ", b"\n").strip(b" ").decode().split("\n")


def load_facts(directory: Path) -> LoadResult:
    """Read every *.toml in `directory`; return a FactSet only if all of it is valid."""
    with gc_paused():
        return _load_facts(directory)


def _load_facts(directory: Path) -> LoadResult:
    problems: list[Problem] = []
    if not directory.is_dir():
        return LoadResult(None, (Problem(str(directory), None, None, None, "not a directory"),))
    files = sorted(directory.glob("*.toml"))
    if not files:
        return LoadResult(None, (Problem(str(directory), None, None, None, "no *.toml files"),))

    digest = hashlib.sha256()
    parsed: list[_File] = []
    for path in files:
        name = str(path)
        try:
            raw_bytes = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, None, None, None, f"cannot read: {exc.strerror}"))
            continue
        digest.update(path.name.encode() + b"\0" + raw_bytes + b"\0")
        text, problem = _decode(path, raw_bytes, name)
        if text is None:
            problems.append(problem)  # type: ignore[arg-type]  # set whenever text is None
            continue
        data, problem = _parse(name, text)
        if data is None:
            problems.append(problem)  # type: ignore[arg-type]  # set whenever data is None
            continue
        # The lines keep the bytes, not the text: half the size, and decoded only for a problem.
        parsed.append(_read_file(name, text, data, _Lines(raw_bytes), problems))

    problems.extend(_cross_checks(parsed))
    if problems:
        return LoadResult(None, tuple(problems))
    return LoadResult(_build(parsed, digest.hexdigest()), ())


def _cross_checks(parsed: list[_File]) -> list[Problem]:
    problems: list[Problem] = []
    fact_at: dict[str, tuple[str, int | None]] = {}
    entity_at: dict[str, tuple[str, int | None]] = {}
    topic_at: dict[str, str] = {}
    question_at: dict[str, str] = {}

    for p in parsed:
        t = p.topic
        if t is None:
            continue
        if t.id in topic_at:
            line = p.lines.find("topic", 0, ["id"])
            problems.append(
                Problem(
                    p.name,
                    line,
                    None,
                    "topic.id",
                    f"'{t.id}' is also the topic of {topic_at[t.id]}",
                )
            )
        topic_at.setdefault(t.id, p.name)
        for i, e in p.entities:
            line = p.lines.id_line("entity", i)
            if e.id in entity_at:
                first = entity_at[e.id]
                problems.append(
                    Problem(
                        p.name,
                        line,
                        None,
                        "entity.id",
                        f"duplicate entity id '{e.id}' (first at {first[0]}:{first[1]})",
                    )
                )
            entity_at.setdefault(e.id, (p.name, line))
        for i, f in p.facts:
            line = p.lines.id_line("fact", i)
            if f.id in fact_at:
                first = fact_at[f.id]
                problems.append(
                    Problem(
                        p.name,
                        line,
                        f.id,
                        "id",
                        f"duplicate fact id (first at {first[0]}:{first[1]})",
                    )
                )
            fact_at.setdefault(f.id, (p.name, line))

    declared = set().union(*(p.declared for p in parsed)) if parsed else set()
    # What follows each "fact:" and "entity:", sliced off: twice as fast as split() on 10k ids.
    known_facts = set(fact_at) | {d[5:] for d in declared if d.startswith("fact:")}
    known_entities = set(entity_at) | {d[7:] for d in declared if d.startswith("entity:")}
    # Most often no question key repeats, in a file or across files: then no key needs keeping
    # or a loop. Told first from the keys' hashes, as 100k keys kept in a dict were 16 MB at a
    # reload's peak; a hash that repeats (a repeated key, or a rare collision of two) sends
    # every file through the exact check below.
    any_repeats = _hashes_repeat(_file_keys(p) for p in parsed)
    for p in parsed:
        repeats = False
        if any_repeats:
            keys = _file_keys(p)
            owners = dict(zip(keys, (f.id for _, f in p.facts for lang in LANGS
                                     for _ in f.questions[lang]), strict=True))  # fmt: skip
            # Most often no key repeats, in the file or before it: then the file's keys need no
            # loop.
            repeats = len(owners) < len(keys) or not question_at.keys().isdisjoint(owners)
            if not repeats:
                question_at.update(owners)
            del owners
            next_key = iter(keys).__next__
        t = p.topic
        refs = [(t.summary, "topic.summary")] if t else []
        refs += [(x, "topic.featured") for x in (t.featured if t else [])]
        for ref, field_name in refs:
            if ref is not None and ref not in known_facts:
                problems.append(
                    Problem(
                        p.name,
                        p.lines.find("topic", 0, [field_name.split(".")[1]]),
                        None,
                        field_name,
                        f"no fact with id '{ref}'",
                    )
                )
        for i, e in p.entities:
            if e.fact is not None and e.fact not in known_facts:
                problems.append(
                    Problem(
                        p.name,
                        p.lines.find("entity", i, ["fact"]),
                        None,
                        "entity.fact",
                        f"entity '{e.id}': no fact with id '{e.fact}'",
                    )
                )
        for i, f in p.facts:
            for ref in f.entities:
                if ref not in known_entities:
                    problems.append(
                        Problem(
                            p.name,
                            p.lines.find("fact", i, ["entities"]),
                            f.id,
                            "entities",
                            f"no entity with id '{ref}'",
                        )
                    )
            if f.kind is FactKind.FACT and not f.sources:  # small talk and out-of-scope need none
                problems.append(
                    Problem(
                        p.name,
                        p.lines.find("fact", i, ["sources"]),
                        f.id,
                        "sources",
                        "a fact needs at least one source",
                    )
                )
            own: set[str] = set()  # this fact's keys so far: a repeat is a slip, not a second
            for lang in LANGS if repeats else ():
                for q in f.questions[lang]:
                    key = next_key()
                    owner = question_at.setdefault(key, f.id)
                    if owner != f.id:
                        message = f"{q!r} is also an example of fact '{owner}'"
                    elif key in own:
                        message = f"{q!r} is repeated in this fact"
                    else:
                        own.add(key)
                        continue
                    problems.append(
                        Problem(
                            p.name,
                            p.lines.find("fact", i, ["questions", lang.value]),
                            f.id,
                            f"questions.{lang.value}",
                            message,
                        )
                    )
    return problems


def _file_keys(p: _File) -> list[str]:
    """The file's question keys, in the order _cross_checks asks for them: a file at a time,
    as all 100k questions joined at once raised a reload's peak memory by 10 MB."""
    return _norm_questions([q for _, f in p.facts for lang in LANGS for q in f.questions[lang]])


def _hashes_repeat(files_keys: Iterable[list[str]]) -> bool:
    """Whether two of the keys have the same hash(): always so if a key repeats."""
    hashes = [np.fromiter(map(hash, keys), np.int64, len(keys)) for keys in files_keys]
    ordered = np.sort(np.concatenate(hashes)) if hashes else np.zeros(0, np.int64)
    return bool(np.any(ordered[1:] == ordered[:-1]))


def _build(parsed: list[_File], content_hash: str) -> FactSet:
    topics: list[Topic] = []
    for p in parsed:
        assert p.topic is not None  # _build runs only when there were no problems
        topics.append(p.topic)
    return FactSet(
        tuple(f for p in parsed for _, f in p.facts),
        tuple(e for p in parsed for _, e in p.entities),
        tuple(topics),
        content_hash,
    )
