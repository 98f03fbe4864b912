"""`spacebot export-taught`: the examples taught with /teach, written into facts/ for review.

Each example is appended to its fact's `questions.en` or `questions.ru` array, in the file that
holds the fact, with a comment saying it was taught and when. Nothing is written unless the whole
directory still passes `check-facts` afterwards, so the result can be reviewed as a plain diff and
committed as it is.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.domain import Fact, Problem, TaughtExample
from bot.core.facts import load_facts
from bot.core.taught import example_owner, with_taught

_HEADER = re.compile(r"^\s*\[")  # the next [table] or [[array]] ends a fact's block
_FACT_HEADER = re.compile(r"^\s*\[\[\s*fact\s*\]\]")


@dataclass(frozen=True)
class Exported:
    example: TaughtExample
    file: str


@dataclass(frozen=True)
class ExportResult:
    written: tuple[Exported, ...] = ()
    already: int = 0  # taught examples facts/ already holds (exported before)
    skipped: tuple[tuple[TaughtExample, str], ...] = ()  # with the reason
    problems: tuple[Problem, ...] = ()  # non-empty: nothing was written


def toml_string(text: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's; DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def insert_example(lines: list[str], fact: Fact, lang: str, value: str, comment: str) -> str | None:
    """Add `value` (a TOML string) at the end of the fact's questions.<lang> array in a facts
    file's lines, with `comment` after it; the reason when it cannot."""
    start = fact.line - 1  # the fact's `id = ...` line
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    opener = re.compile(rf"^\s*questions\s*\.\s*{lang}\s*=\s*\[")
    at = next((i for i in range(start, end) if opener.match(lines[i])), None)
    if at is None:
        return f"no `questions.{lang} = [` line under {fact.file}:{fact.line}; add it by hand"
    if lines[at].rstrip().endswith("]"):  # a one-line array: questions.en = ["a", "b"]
        line = lines[at].rstrip()
        inner = line[line.index("[") + 1 : -1].strip()
        separator = "" if not inner or inner.endswith(",") else ", "
        lines[at] = f"{line[:-1].rstrip()}{separator}{value}]  # {comment}\n"
        return None
    close = next((i for i in range(at + 1, end) if lines[i].strip().startswith("]")), None)
    if close is None:
        return f"cannot find the end of questions.{lang} under {fact.file}:{fact.line}"
    last = next(
        (i for i in range(close - 1, at, -1) if lines[i].strip() and lines[i].strip()[0] != "#"),
        at,
    )
    text = lines[last].rstrip()
    if last != at and not (text.endswith(",") or text.split("#")[0].rstrip().endswith(",")):
        lines.insert(close, "  ,\n")  # TOML allows the separator on a line of its own
        close += 1
    lines.insert(close, f"  {value},  # {comment}\n")
    return None


def export_taught(directory: Path, taught: Sequence[TaughtExample]) -> ExportResult:
    """Write each taught example facts/ lacks into `directory`; all or nothing."""
    loaded = load_facts(directory)
    if loaded.factset is None:
        return ExportResult(problems=loaded.problems)
    factset = loaded.factset
    files: dict[str, list[str]] = {}
    written: list[Exported] = []
    skipped: list[tuple[TaughtExample, str]] = []
    already = 0
    current = factset
    for example in taught:
        fact = current.fact(example.fact_id)
        if fact is None:
            skipped.append((example, f"{directory} has no fact '{example.fact_id}'"))
            continue
        owner = example_owner(current, example.question)
        if owner == example.fact_id:
            already += 1
            continue
        if owner is not None:
            skipped.append((example, f"{owner} in {directory} has this question already"))
            continue
        lines = files.setdefault(
            fact.file, Path(fact.file).read_text(encoding="utf-8").splitlines(keepends=True)
        )
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        # Lines move as examples go in: find the fact again in the edited text each time.
        here = dataclasses.replace(fact, line=_fact_line(lines, fact.id))
        comment = f"taught {example.at:%Y-%m-%d}"
        value = toml_string(example.question)
        reason = insert_example(lines, here, example.lang.value, value, comment)
        if reason is not None:
            skipped.append((example, reason))
            continue
        written.append(Exported(example, fact.file))
        current = with_taught(current, [example])
    if not written:
        return ExportResult((), already, tuple(skipped))
    problems = _validate(directory, files)
    if problems:
        return ExportResult((), already, tuple(skipped), problems)
    for name, lines in files.items():
        _write_atomically(Path(name), "".join(lines))
    return ExportResult(tuple(written), already, tuple(skipped))


def _fact_line(lines: list[str], fact_id: str) -> int:
    """The line of `id = "<fact_id>"` inside a [[fact]] (an entity may share the id)."""
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(fact_id)}[\"']")
    in_fact = False
    for number, line in enumerate(lines, start=1):
        if _HEADER.match(line):
            in_fact = bool(_FACT_HEADER.match(line))
        elif in_fact and pattern.match(line):
            return number
    raise LookupError(fact_id)  # load_facts found it, so the text has it


def _validate(directory: Path, edited: dict[str, list[str]]) -> tuple[Problem, ...]:
    """check-facts on a copy of `directory` with the edits applied."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / directory.name
        shutil.copytree(directory, copy)
        for name, lines in edited.items():
            (copy / Path(name).name).write_text("".join(lines), encoding="utf-8")
        return load_facts(copy).problems


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
