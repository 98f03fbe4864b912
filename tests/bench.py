"""`make bench`: speed, memory and accuracy in one table, beside a plain rapidfuzz baseline.

Each stage runs in its own process so that its peak RSS is its own. Synthetic content comes from a
fixed seed, so a rerun gives the same accuracy figures (timings vary with the machine).

    python -m tests.bench            # the whole table
    python -m tests.bench --stage X  # one stage, as JSON (used by the table)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.core.domain import Confidence, Fact, FactKind, FactSet, Lang
from bot.core.facts import load_facts
from bot.core.matcher import Matcher
from tests.eval.harness import (
    EVAL_FILE,
    FALLBACK,
    HELDOUT_FILE,
    Outcomed,
    Report,
    evaluate,
    load_items,
)
from tests.scratch import scratch_settings

REPO = Path(__file__).resolve().parents[1]
SEED = 20211005  # launch day
BASELINE_CUTOFF = 80.0  # extractOne's score_cutoff: the fixed cutoff the baseline answers above
CLI_BATCH = 2000
BASELINE_TIMED = 100  # questions timed through the baseline


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


# -- synthetic content -----------------------------------------------------------------------


def synthetic_words(rng: random.Random, n: int) -> list[str]:
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_facts(n_examples: int, per_fact: int = 10, seed: int = SEED) -> list[Fact]:
    """Facts about nothing, worded from a made-up vocabulary: load without meaning."""
    rng = random.Random(seed)
    vocab = synthetic_words(rng, 20_000)
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like, as real words are
    # Summed once: choices() sums `weights` on every call, which took a minute for 100k questions.
    cum_weights = list(itertools.accumulate(weights))
    facts: list[Fact] = []
    seen: set[str] = set()  # the validator rightly rejects a question used by two facts
    for i in range(max(1, n_examples // per_fact)):
        batch: list[str] = []
        while len(batch) < per_fact:
            question = (
                " ".join(rng.choices(vocab, cum_weights=cum_weights, k=rng.randint(4, 8))) + "?"
            )
            if question not in seen:
                seen.add(question)
                batch.append(question)
        questions = tuple(batch)
        facts.append(
            Fact(
                id=f"synthetic-{i}",
                topic="synthetic",
                kind=FactKind.FACT,
                questions={
                    Lang.EN: questions[: per_fact // 2],
                    Lang.RU: questions[per_fact // 2 :],
                },
                answer={Lang.EN: "Synthetic.", Lang.RU: "Синтетика."},
                keywords=(),
                entities=(),
                sources=("https://example.org/",),
                verified=dt.date(2026, 11, 24),
                confidence=Confidence.HIGH,
            )
        )
    return facts


def shipped() -> FactSet:
    factset = load_facts(REPO / "facts").factset
    assert factset is not None, "facts/ is invalid: run spacebot check-facts"
    return factset


def with_synthetic(base: FactSet, n_examples: int) -> FactSet:
    extra = tuple(synthetic_facts(n_examples))
    return FactSet(base.facts + extra, base.entities, base.topics, f"synthetic-{n_examples}")


def write_synthetic_toml(directory: Path, n_facts: int) -> None:
    """n_facts synthetic facts as valid TOML, 1,000 to a file."""
    facts = synthetic_facts(n_facts * 10)
    for start in range(0, len(facts), 1000):
        chunk = facts[start : start + 1000]
        lines = [f'[topic]\nid = "synthetic-{start}"\ntitle = {{ en = "S", ru = "С" }}\n']
        for f in chunk:
            lines.append(
                f'[[fact]]\nid = "{f.id}"\nverified = 2026-11-24\nentities = []\n'
                f'keywords = []\nsources = ["https://example.org/"]\n'
                f"questions.en = {json.dumps(list(f.questions[Lang.EN]))}\n"
                f"questions.ru = {json.dumps(list(f.questions[Lang.RU]))}\n"
                f'answer.en = "Synthetic."\nanswer.ru = "Синтетика."\n'
            )
        (directory / f"synthetic-{start:05d}.toml").write_text("\n".join(lines), encoding="utf-8")


# -- the baseline ----------------------------------------------------------------------------


class Baseline:
    """Plain rapidfuzz: extractOne with WRatio over every example question, a fixed cutoff."""

    def __init__(self, factset: FactSet) -> None:
        self.questions: list[str] = []
        self.owner: list[str] = []
        for fact in factset.facts:
            for questions in fact.questions.values():
                for q in questions:
                    self.questions.append(q)
                    self.owner.append(fact.id)
        self.kind = {f.id: f.kind for f in factset.facts}

    def answer(self, text: str) -> tuple[str, float]:
        found = process.extractOne(
            text, self.questions, scorer=fuzz.WRatio, score_cutoff=BASELINE_CUTOFF
        )
        if found is None:
            return FALLBACK, 0.0
        fact = self.owner[found[2]]
        return (FALLBACK if self.kind[fact] is FactKind.OUT_OF_SCOPE else fact), found[1]


# -- stages ----------------------------------------------------------------------------------


def timed(
    fn: Callable[[str], object], questions: list[str], rounds: int = 3, warm: bool = True
) -> dict[str, float]:
    if warm:
        for q in questions:  # warm caches
            fn(q)
    samples: list[float] = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - started)
    return {"p50_ms": percentile(samples, 0.5) * 1000, "p99_ms": percentile(samples, 0.99) * 1000}


def report_dict(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "in_scope_en": report.accuracy(lang="en", in_scope=True),
        "in_scope_ru": report.accuracy(lang="ru", in_scope=True),
        "rejection": report.rejection_rate,
        "clarify": report.clarify_rate,
        "confident_wrong": report.confident_wrong_rate,
        "overall": report.accuracy(),
        "n": len(report.results),
    }
    for scope in report.scopes:
        out[f"rejection:{scope}"] = report.accuracy(in_scope=False, scope=scope)
    for kind in report.kinds:
        out[f"kind:{kind}"] = report.accuracy(kind=kind)
    for lang in ("en", "ru"):
        out[f"lang:{lang}"] = report.accuracy(lang=lang)
    return out


async def stage_accuracy() -> dict[str, Any]:
    from bot.app import open_service
    from bot.settings import load_settings

    out: dict[str, Any] = {}
    baseline = Baseline(shipped())
    for name, path in (("dev", EVAL_FILE), ("heldout", HELDOUT_FILE)):
        items = load_items(path)
        # A fresh service per set: follow-up context must not leak from one set into the other.
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(
                REPO / "config" / "settings.toml",
                _env_file=None,
                store={"path": Path(tmp) / "bench.sqlite3"},
            )
            async with open_service(settings) as service:
                ours = await evaluate(service, items)
        base = Report([Outcomed(item, *baseline.answer(item.question)) for item in items])
        out[name] = {"ours": report_dict(ours), "baseline": report_dict(base)}
    return out


def stage_latency(n_examples: int) -> dict[str, Any]:
    factset = with_synthetic(shipped(), n_examples) if n_examples else shipped()
    started = time.perf_counter()
    matcher = Matcher(factset)
    build = time.perf_counter() - started
    questions = [i.question for i in load_items()]
    ours = timed(matcher.match, questions)
    # The baseline scans every example per question: a fixed subset keeps the bench bounded.
    base = timed(Baseline(factset).answer, questions[:BASELINE_TIMED], rounds=1, warm=False)
    return {"ours": ours, "baseline": base, "build_s": build, "rss_mb": peak_rss_mb()}


async def stage_reload(n_synthetic_facts: int) -> dict[str, Any]:
    from bot.app import open_service

    with tempfile.TemporaryDirectory() as tmp:
        settings = scratch_settings(Path(tmp))
        facts = settings.facts.dir
        async with open_service(settings) as service:
            if n_synthetic_facts:
                # Written by a child process: generating them here raised this process's peak
                # RSS from about 81 to 105 MB before the reload began, which the figure would
                # have charged to the reload.
                writer = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "tests.bench", "--write-synthetic", str(facts),
                    str(n_synthetic_facts), cwd=REPO,
                )  # fmt: skip
                assert await writer.wait() == 0, "writing the synthetic facts failed"
            else:
                film = facts / "film.toml"
                film.write_text(film.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            started = time.perf_counter()
            report = await service.reload("bench")
            seconds = time.perf_counter() - started
            assert report.ok, report.problems[:3]
    return {"seconds": seconds, "rss_mb": peak_rss_mb()}


def stage_cli() -> dict[str, Any]:
    items = load_items()
    lines = [items[i % len(items)].question for i in range(CLI_BATCH)]
    with tempfile.TemporaryDirectory() as tmp:
        env = {"SPACEBOT_STORE__PATH": str(Path(tmp) / "cli.sqlite3"), "PATH": ""}
        cmd = [sys.executable, "-m", "bot", "ask", "--json"]
        started = time.perf_counter()
        subprocess.run(
            cmd, input="hi\n", text=True, capture_output=True, env=env, cwd=REPO, check=True
        )
        startup = time.perf_counter() - started
        started = time.perf_counter()
        done = subprocess.run(
            cmd,
            input="\n".join(lines) + "\n",
            text=True,
            capture_output=True,
            env=env,
            cwd=REPO,
            check=True,
        )
        wall = time.perf_counter() - started
    answered = len(done.stdout.splitlines())
    assert answered == CLI_BATCH, f"{answered} answers for {CLI_BATCH} questions"
    return {
        "qps": CLI_BATCH / wall,
        "qps_after_startup": CLI_BATCH / max(wall - startup, 1e-9),
        "startup_s": startup,
    }


STAGES: dict[str, Callable[[], Any]] = {
    "accuracy": lambda: asyncio.run(stage_accuracy()),
    "latency-0": lambda: stage_latency(0),
    "latency-1k": lambda: stage_latency(1_000),
    "latency-10k": lambda: stage_latency(10_000),
    "latency-100k": lambda: stage_latency(100_000),
    "reload-facts": lambda: asyncio.run(stage_reload(0)),
    "reload-10k": lambda: asyncio.run(stage_reload(10_000)),
    "cli": stage_cli,
}


def run_stage(name: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--stage", name],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench stage {name} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# -- the table -------------------------------------------------------------------------------


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def ratio(ours: float, base: float, higher_is_better: bool = True) -> str:
    if base == 0:
        return "—"
    return f"×{ours / base:.2f}" if higher_is_better else f"×{base / ours:.2f} faster"


def table() -> None:
    started = time.perf_counter()
    results = {name: run_stage(name) for name in STAGES}
    rows: list[tuple[str, str, str, str, str]] = []

    def add(label: str, o: str, b: str = "", r: str = "", target: str = "") -> None:
        rows.append((label, o, b, r, target))

    for name, title in (
        ("dev", "tests/eval/questions.jsonl"),
        ("heldout", "tests/eval/heldout.jsonl, written blind, never tuned on"),
    ):
        acc = results["accuracy"][name]
        accuracy_rows(add, f"ACCURACY ({acc['ours']['n']} questions, {title})", acc)
    add("LATENCY (in process, per question)", "", "", "", "")
    latency_and_more(add, results)

    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip()
        print(line)
    print(
        f"\n(seed {SEED}; baseline: extractOne + WRatio over all example questions, cutoff "
        f"{BASELINE_CUTOFF:g}; {time.perf_counter() - started:.0f} s)"
    )


Add = Callable[..., None]
SCOPE_LABELS = {"rejection:near": "near the topic", "rejection:far": "far from the topic"}


def accuracy_rows(add: Add, title: str, acc: dict[str, Any]) -> None:
    ours, base = acc["ours"], acc["baseline"]
    add(title, "spacebot", "baseline", "ratio", "target")
    for key, label, target in (
        ("in_scope_en", "top-1, in-scope English", "≥ 97%"),
        ("in_scope_ru", "top-1, in-scope Russian", "≥ 95%"),
        ("rejection", "out-of-scope rejected", "≥ 97%"),
    ):
        add(label, pct(ours[key]), pct(base[key]), ratio(ours[key], base[key]), target)
        if key == "rejection":
            for scope in sorted(k for k in ours if k.startswith("rejection:")):
                add(
                    "  " + SCOPE_LABELS.get(scope, scope),
                    pct(ours[scope]), pct(base[scope]), ratio(ours[scope], base[scope]),
                )  # fmt: skip
    add("clarify rate (in-scope)", pct(ours["clarify"]), pct(base["clarify"]))
    add(
        "confident wrong answers",
        pct(ours["confident_wrong"]),
        pct(base["confident_wrong"]),
        "",
        "≤ 1%",
    )
    for key in sorted(k for k in ours if k.startswith(("kind:", "lang:"))):
        add(
            f"  {key.replace(':', ' ')}",
            pct(ours[key]),
            pct(base[key]),
            ratio(ours[key], base[key]),
        )


def latency_and_more(add: Add, results: dict[str, Any]) -> None:
    for name, label, target in [
        ("latency-0", "shipped facts", "p99 ≤ 1 ms"),
        ("latency-1k", "+1k synthetic examples", ""),
        ("latency-10k", "+10k synthetic examples", ""),
        ("latency-100k", "+100k synthetic examples", "p99 ≤ 5 ms"),
    ]:
        lat = results[name]
        add(
            f"{label}: p50 / p99",
            f"{lat['ours']['p50_ms']:.2f} / {lat['ours']['p99_ms']:.2f} ms",
            f"{lat['baseline']['p50_ms']:.2f} / {lat['baseline']['p99_ms']:.2f} ms",
            ratio(lat["ours"]["p99_ms"], lat["baseline"]["p99_ms"], higher_is_better=False),
            target,
        )
        add("  index build, peak RSS", f"{lat['build_s']:.2f} s, {lat['rss_mb']:.0f} MB")
    add("RELOAD", "", "", "", "")
    add(
        "reload facts/ (validate, store, swap)",
        f"{results['reload-facts']['seconds'] * 1000:.0f} ms",
        "",
        "",
        "",
    )
    add(
        "reload + 10k synthetic facts", f"{results['reload-10k']['seconds']:.2f} s", "", "", "≤ 1 s"
    )
    add(
        "  peak RSS of that process",
        f"{results['reload-10k']['rss_mb']:.0f} MB",
        "",
        "",
        "< 150 MB",
    )
    cli = results["cli"]
    add("THROUGHPUT", "", "", "", "")
    add(
        f"`spacebot ask` batch of {CLI_BATCH}",
        f"{cli['qps']:.0f} q/s",
        f"startup {cli['startup_s']:.2f} s",
        f"{cli['qps_after_startup']:.0f} q/s after startup",
    )
    add("peak RSS, shipped facts", f"{results['latency-0']['rss_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", choices=sorted(STAGES))
    parser.add_argument(
        "--write-synthetic", nargs=2, metavar=("DIR", "N"), help="write N synthetic facts to DIR"
    )
    args = parser.parse_args()
    if args.write_synthetic:
        directory, n = args.write_synthetic
        write_synthetic_toml(Path(directory), int(n))
    elif args.stage:
        print(json.dumps(STAGES[args.stage]()))
    else:
        table()


if __name__ == "__main__":
    main()
