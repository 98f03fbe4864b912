"""Everything the bot says that is not a fact, in both languages."""

from __future__ import annotations

from bot.core.domain import Command, CommandSpec, Lang

EXAMPLES: dict[Lang, tuple[str, ...]] = {
    Lang.EN: (
        "Who directed the film?",
        "When did Soyuz MS-19 launch?",
        "Did Tom Cruise ever film in space?",
    ),
    Lang.RU: (
        "Кто снял фильм «Вызов»?",
        "Когда стартовал «Союз МС-19»?",
        "Снимал ли Том Круз кино в космосе?",
    ),
}

_TEXT: dict[str, dict[Lang, str]] = {
    "welcome": {
        Lang.EN: "Hi! I answer questions about «The Challenge» («Вызов», 2023), the first feature "
        "film shot in orbit: its crew, their Soyuz MS-19 flight to the ISS, and the race to film "
        "in space. Ask me, for example:",
        Lang.RU: "Привет! Я отвечаю на вопросы о фильме «Вызов» (2023), первом художественном "
        "фильме, снятом на орбите: о его экипаже, полёте «Союза МС-19» к МКС и о гонке за "
        "съёмки в космосе. Спросите, например:",
    },
    "help": {
        Lang.EN: "Ask a question in plain words, in English or Russian. /topics lists what I know; "
        "/film, /crew, /mission and /race give short overviews; /why explains my last answer.",
        Lang.RU: "Задайте вопрос обычными словами, по-русски или по-английски. /topics — что я "
        "знаю; /film, /crew, /mission и /race — краткие обзоры; /why — почему я так ответил.",
    },
    "fallback": {
        Lang.EN: "Sorry, I don't know that. I only answer questions about the film «The "
        "Challenge», its crew, the Soyuz MS-19 flight and the race to film in space. Try /topics, "
        "or ask, for example: “Who directed the film?”",
        Lang.RU: "Извините, этого я не знаю. Я отвечаю только на вопросы о фильме «Вызов», его "
        "экипаже, полёте «Союза МС-19» и гонке за съёмки в космосе. Попробуйте /topics или "
        "спросите, например: «Кто снял фильм?»",
    },
    "suggest": {
        Lang.EN: "I'm not sure I can answer that. Is this what you wanted to know?",
        Lang.RU: "Не уверен, что могу на это ответить. Может быть, вы хотели узнать это?",
    },
    "clarify": {
        Lang.EN: "I'm not sure what you mean. Did you mean one of these?",
        Lang.RU: "Я не совсем понял вопрос. Вы имели в виду одно из этого?",
    },
    "cooldown": {
        Lang.EN: "You're asking faster than I can keep up. Please wait a little, then ask again.",
        Lang.RU: "Вы спрашиваете слишком быстро. Подождите немного и спросите снова.",
    },
    "refused": {
        Lang.EN: "Sorry, only the bot's admins can do that.",
        Lang.RU: "Извините, это могут делать только администраторы бота.",
    },
    "ask_empty": {
        Lang.EN: "Ask me something after the command, e.g. /ask who directed the film?",
        Lang.RU: "Напишите вопрос после команды, например: /ask кто снял фильм?",
    },
    "topics": {Lang.EN: "I can tell you about:", Lang.RU: "Я могу рассказать о:"},
    "why_none": {
        Lang.EN: "I haven't answered anything in this chat yet.",
        Lang.RU: "Я ещё ничего не отвечал в этом чате.",
    },
    "unknown_fact": {
        Lang.EN: "That answer is no longer available; please ask again.",
        Lang.RU: "Этого ответа больше нет; спросите, пожалуйста, ещё раз.",
    },
    "hedge": {
        Lang.EN: "Note: this is not fully confirmed.",
        Lang.RU: "Важно: это не до конца подтверждено.",
    },
    "unanswered_none": {
        Lang.EN: "No unanswered questions.",
        Lang.RU: "Вопросов без ответа нет.",
    },
    "unanswered_usage": {
        Lang.EN: "Usage: /unanswered [n], where n (1–50) is how many groups to show.",
        Lang.RU: "Формат: /unanswered [n], где n (1–50) — сколько групп показать.",
    },
    "audit_none": {
        Lang.EN: "The audit log is empty.",
        Lang.RU: "Журнал действий пуст.",
    },
    "audit_usage": {
        Lang.EN: "Usage: /audit [n], where n (1–50) is how many entries to show.",
        Lang.RU: "Формат: /audit [n], где n (1–50) — сколько записей показать.",
    },
    "teach_usage": {
        Lang.EN: "Usage: /teach <fact id> <question>, e.g. /teach film-director who shot the "
        "movie? The fact id is in /why.",
        Lang.RU: "Формат: /teach <id факта> <вопрос>, например: /teach film-director кто снимал "
        "кино? Id факта показывает /why.",
    },
    "reload_usage": {
        Lang.EN: "Usage: /reload shows what would change; /reload confirm applies it; "
        "/reload rollback returns to the previous revision.",
        Lang.RU: "Формат: /reload показывает, что изменится; /reload confirm применяет; "
        "/reload rollback возвращает предыдущую ревизию.",
    },
    "rollback_none": {
        Lang.EN: "There is no earlier revision to return to.",
        Lang.RU: "Более ранней ревизии нет.",
    },
}


# What a user types to take the fact a fallback offered ("Is this what you wanted to know?"),
# as `text.clean` leaves it: a yes, in either language, and nothing more.
YES = frozenset(
    "yes|yeah|yep|yup|y|ya|sure|yes please|yeah please|yes that one|that one|exactly|correct|right"
    "|да|ага|угу|ну да|да да|конечно|да это|да пожалуйста|именно|точно|верно|ага это".split("|")
)


def say(key: str, lang: Lang) -> str:
    return _TEXT[key][lang]


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(Command.START, {Lang.EN: "Welcome and example questions",
                                Lang.RU: "Приветствие и примеры вопросов"}),
    CommandSpec(Command.HELP, {Lang.EN: "How to use this bot", Lang.RU: "Как пользоваться ботом"}),
    CommandSpec(Command.ASK, {Lang.EN: "Ask a question", Lang.RU: "Задать вопрос"},
                argument="question"),
    CommandSpec(Command.FILM, {Lang.EN: "The film «The Challenge»", Lang.RU: "Фильм «Вызов»"}),
    CommandSpec(Command.CREW, {Lang.EN: "The crew and cast", Lang.RU: "Экипаж и актёры"},
                argument="member"),
    CommandSpec(Command.MISSION, {Lang.EN: "The Soyuz MS-19 flight",
                                  Lang.RU: "Полёт «Союза МС-19»"}),
    CommandSpec(Command.RACE, {Lang.EN: "The race to film in space",
                               Lang.RU: "Гонка за съёмки в космосе"}),
    CommandSpec(Command.TOPICS, {Lang.EN: "What I can answer", Lang.RU: "О чём я знаю"}),
    CommandSpec(Command.WHY, {Lang.EN: "Explain the last answer",
                              Lang.RU: "Почему был такой ответ"}),
    CommandSpec(Command.RELOAD, {Lang.EN: "Reload the facts: preview, confirm, rollback (admins)",
                                 Lang.RU: "Перезагрузить факты: показ, confirm, rollback (админы)"},
                admin=True, argument="action"),
    CommandSpec(Command.UNANSWERED, {Lang.EN: "Questions without an answer, grouped (admins)",
                                     Lang.RU: "Вопросы без ответа по группам (админы)"},
                admin=True, argument="count"),
    CommandSpec(Command.TEACH, {Lang.EN: "Teach a question: <fact id> <question> (admins)",
                                Lang.RU: "Научить вопросу: <id факта> <вопрос> (админы)"},
                admin=True, argument="example"),
    CommandSpec(Command.STATS, {Lang.EN: "Usage statistics (admins)",
                                Lang.RU: "Статистика (админы)"}, admin=True),
    CommandSpec(Command.AUDIT, {Lang.EN: "The log of admin actions (admins)",
                                Lang.RU: "Журнал действий админов (админы)"},
                admin=True, argument="count"),
)  # fmt: skip
