"""How a reload, dry run or rollback reads: to the admin in chat and from the CLI, and in one
line for the audit log and SIGHUP's log line."""

from __future__ import annotations

from bot.core.domain import Accuracy, Lang, ReloadReport


def format_report(report: ReloadReport, lang: Lang) -> str:
    """A reload, dry run or rollback as the admin reads it (in chat and from the CLI)."""
    en = lang is Lang.EN
    rev = report.revision
    if not report.ok:
        if report.dry_run:
            head = (
                f"facts/ is invalid: {len(report.problems)} problem(s); revision {rev} stays "
                "live. Fix them, then /reload again."
                if en
                else f"В facts/ ошибки: {len(report.problems)}; остаётся ревизия {rev}. "
                "Исправьте их и повторите /reload."
            )
        else:
            head = (
                f"Reload failed: {len(report.problems)} problem(s); revision {rev} stays live."
                if en
                else f"Перезагрузка не удалась: ошибок {len(report.problems)}; "
                f"остаётся ревизия {rev}."
            )
        shown = [str(p) for p in report.problems[:20]]
        more = len(report.problems) - len(shown)
        return "\n".join([head, *shown, *([f"… +{more}"] if more > 0 else [])])

    def ids(xs: tuple[str, ...]) -> str:
        return ", ".join(xs) if xs else "—"

    diff = f"+ {ids(report.added)}\n~ {ids(report.changed)}\n- {ids(report.removed)}"
    if report.rolled_back_from is not None:
        head = (
            f"Rolled back: revision {report.rolled_back_from} → {rev}. facts/ is unchanged: fix "
            "it before the next /reload confirm or SIGHUP, which would put it back. A restart "
            f"keeps revision {rev} while facts/ stays as it is."
            if en
            else f"Откат: ревизия {report.rolled_back_from} → {rev}. facts/ не изменён: "
            "исправьте его до следующего /reload confirm или SIGHUP, иначе он вернётся. "
            f"Перезапуск оставит ревизию {rev}, пока facts/ тот же."
        )
        return f"{head}\n{diff}"
    stale = ""
    if report.stale_preview:
        stale = (
            "Not applied: facts/ differs from the last dry run (or there was none). "
            "This is what it holds now:\n"
            if en
            else "Не применено: facts/ не совпадает с последним показом (или показа не было). "
            "Вот что в нём сейчас:\n"
        )
    if not (report.added or report.changed or report.removed):
        return stale + (
            f"Facts unchanged: revision {rev}." if en else f"Факты не изменились: ревизия {rev}."
        )
    if report.dry_run:
        if rev is None:
            head = "Dry run: facts/ is valid; nothing is live yet." if en else (
                "Проверка: facts/ без ошибок; живой ревизии ещё нет.")  # fmt: skip
        else:
            head = (
                f"Dry run: facts/ is valid; revision {rev} stays live until you confirm."
                if en
                else f"Проверка: facts/ без ошибок; ревизия {rev} работает до подтверждения."
            )
        tail = (
            "Apply it: /reload confirm (or SIGHUP)." if en
            else "Применить: /reload confirm (или SIGHUP)."
        )  # fmt: skip
        return f"{stale}{head}\n{diff}\n{format_accuracy(report.accuracy, lang)}\n{tail}"
    head = (
        f"Reloaded: revision {rev} ({report.seconds * 1000:.0f} ms)."
        if en
        else f"Перезагружено: ревизия {rev} ({report.seconds * 1000:.0f} мс)."
    )
    return f"{head}\n{diff}"


def format_accuracy(accuracy: Accuracy | None, lang: Lang) -> str:
    en = lang is Lang.EN
    if accuracy is None:
        return (
            "Accuracy: not measured (no evaluation set here)."
            if en
            else "Точность: не измерена (набора для оценки здесь нет)."
        )
    before = "—" if accuracy.before is None else f"{accuracy.before:.1%}"
    label = "Accuracy on" if en else "Точность на"
    unit = "questions" if en else "вопросов"
    measured = f"{accuracy.eval_file} ({accuracy.questions} {unit})"
    return f"{label} {measured}: {before} → {accuracy.after:.1%}"


def summarize(report: ReloadReport) -> str:
    """A reload's result in one line, for the audit log and the SIGHUP log line."""
    if not report.ok:
        return f"invalid: {len(report.problems)} problem(s); revision {report.revision} stays live"
    counts = f"+{len(report.added)} ~{len(report.changed)} -{len(report.removed)}"
    if report.rolled_back_from is not None:
        return f"rolled back: revision {report.rolled_back_from} -> {report.revision} ({counts})"
    if report.stale_preview:
        return f"not applied: facts/ changed since the dry run; new dry run {counts}"
    if not (report.added or report.changed or report.removed):
        return f"unchanged: revision {report.revision}"
    if report.dry_run:
        acc = report.accuracy
        measured = ""
        if acc is not None:
            before = "-" if acc.before is None else f"{acc.before:.1%}"
            measured = f"; accuracy {before} -> {acc.after:.1%}"
        return f"dry run: {counts}{measured}"
    return f"applied: revision {report.revision} ({counts})"
