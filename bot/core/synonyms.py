"""Synonym groups: the words people use for one thing, in both languages and both scripts.

The matcher reads every member of a group as the group's token ("~film"), so that "movie",
"кино" and "flick" all match an example that says "film". Data, not code: a new way of saying a
thing goes here, with a comment that quotes the message it was seen in.
"""

from __future__ import annotations

# Synonym groups: any member stands for the group. Written as people type them; each is put
# through the same pipeline as questions, so stems and both scripts line up.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "film": (
        "film", "movie", "flick", "picture", "кино", "фильм", "кинофильм", "картина", "кинолента",
        "фильмец", "киношка",
    ),
    "iss": ("iss", "station", "мкс", "станция"),
    "launch": (
        "launch", "launched", "liftoff", "blastoff", "takeoff", "старт", "запуск",
        "стартовал", "стартовали", "стартовать", "запустили", "запускали", "взлетели", "взлёт",
        "пуск", "стартанул", "стартанули", "blast", "blasted",
    ),
    "director": (
        "director", "directed", "filmmaker", "helm", "helmed", "режиссер", "режиссёр", "режиссура",
        "режиссировал",
    ),
    "actor": ("actress", "actor", "actors", "актриса", "актер", "актёр", "актёры", "performer"),
    # The cast is everyone in the film, not its actress: "who is in the cast?" is no
    # "who is the lead actress?".
    "cast": ("cast", "каст", "актерский", "ensemble", "lineup"),
    # A roster is who was in a crew: "the full roster of who was in the capsule".
    "crew": ("crew", "roster"),
    "cosmonaut": ("cosmonaut", "astronaut", "космонавт", "астронавт", "spaceman", "космонавтка"),
    "commander": (
        "commander", "commanded", "captain", "charge", "boss", "skipper", "командир", "командовал",
        "led", "командование", "руководил", "возглавил", "возглавлял",
    ),
    "spacecraft": (
        "spacecraft", "spaceship", "ship", "capsule", "корабль", "капсула", "vessel", "craft",
        "аппарат",
    ),
    # "LV", "РН": the jargon's launch vehicle, "ракета-носитель" ("what was the LV for MS-19").
    "rocket": ("rocket", "booster", "launcher", "ракета", "ракетоноситель", "носитель", "lv", "рн"),
    "spaceport": ("spaceport", "cosmodrome", "космодром", "launchpad"),
    "land": (
        "landing", "land", "landed", "touchdown", "приземление", "посадка", "приземлились",
        "приземлился", "сели", "приземлилась", "splashdown",
    ),
    "dock": (
        "dock", "docking", "docked", "стыковка", "пристыковались", "состыковались",
        "пристыковался", "стыковался", "пристыковка", "причалил", "причалили", "latch", "latched",
        "attach", "attached", "plug", "plugged", "berth", "berthed",
        # "Which port did they slot into": docked there.
        "slot", "slotted",
    ),
    "age": ("age", "old", "aged", "возраст", "лет", "older", "younger", "старше", "моложе"),
    "budget": (
        "budget", "cost", "costs", "spent", "spend", "price", "expensive", "бюджет", "стоимость",
        "стоил", "стоило", "потратили", "обошелся", "обошлось", "цена", "pricey", "cheap",
        "дорого", "дорогой", "затраты", "расходы", "дешево",
    ),
    "gross": (
        "gross", "grossed", "earn", "earned", "earnings", "revenue", "сборы", "собрал",
        "заработал", "кассовые", "касса", "заработали", "окупился", "rake", "raked", "profit",
        "profitable", "boxoffice", "recoup", "recouped", "выручка", "доход", "срубил", "прибыль",
    ),
    "plot": (
        "plot", "story", "storyline", "synopsis", "сюжет", "история", "premise", "содержание",
        "фабула",
    ),
    "runtime": (
        "runtime", "duration", "length", "long", "minutes", "длится", "длительность",
        "продолжительность", "хронометраж", "минут", "lengthy", "длинный", "долго",
    ),
    "script": (
        "script", "screenplay", "screenwriter", "сценарий", "сценарист", "сценаристы", "writer",
        "wrote", "penned", "scriptwriter", "сценаристка",
    ),
    "producer": ("producer", "produced", "producers", "продюсер", "продюсеры", "продюсировал"),
    "altitude": (
        "altitude", "high", "height", "высота", "высоте", "высоко", "distance", "расстояние",
    ),
    "release": (
        "release", "released", "вышел", "прокат", "релиз", "debut", "debuted", "вышла",
        # "Его в 2022 в прокат выпустили?": released, as the distributor says it.
        "выпустили", "выпустил", "выпущен", "выпущена",
    ),
    # EVA and ВКД (внекорабельная деятельность) are the jargon's spacewalk.
    "spacewalk": ("spacewalk", "spacewalks", "открытый", "открытом", "eva", "вкд"),
    "woman": ("woman", "female", "женщина", "women", "lady", "girl", "женский"),
    "backup": (
        "backup", "backups", "understudy", "understudies", "reserve", "spare", "standby",
        "replacement", "substitute", "дублер", "дублерша", "дублеры", "запасной", "запасная",
        "резервный", "заменить", "замена", "резерв", "дублировал", "дублирующий", "подменить",
        "подменял", "подменяла", "подмена",
        # A sports reserve "on the bench": "or was she just on the bench?"
        "bench", "benched",
        # "Waiting in the wings" (tx._IN_THE_WINGS), "в запасе", "на подхвате": ready to step in.
        "запасе", "подхвате",
    ),
    "training": (
        "training", "trained", "train", "preparation", "prepare", "prepared", "prep", "course",
        "подготовка", "готовились", "готовилась", "тренировались", "тренировка", "тренировали",
    ),
    # Not "casting" itself: it stems to "cast", the cast group's word. Read as "audition" it
    # lost two development answers ("was she in the castng?") and won none.
    "casting": (
        "audition", "auditions", "кастинг", "отбор", "претендентки", "applicants",
        "applied", "конкурс", "заявки",
    ),
    "hatch": ("hatch", "hatches", "люк", "люки", "door", "doors", "дверь"),
    "sequel": ("sequel", "продолжение", "сиквел"),
    "premiere": ("premiere", "premiered", "премьера", "премьерный"),
    "documentary": ("documentary", "doc", "docu", "docudrama", "документальный", "документалка"),
    "rich": (
        "billionaire", "billionaires", "multimillionaire", "wealthy", "миллиардер", "миллиардеры",
        "мультимиллионер", "богатый", "rich", "richest", "tycoon", "mogul", "millionaire", "богач",
        "олигарх", "богатство",
    ),
    "undock": (
        "undock", "undocked", "undocking", "detach", "detached", "unhook", "отстыковался",
        "отстыковались", "расстыковка", "depart", "departed", "departure", "separate", "separated",
        "отчалил", "отстыковка", "расстыковались",
    ),
    "return": (
        "return", "returned", "вернулись", "вернулся", "вернулась", "возвращение", "возвращались",
        "вернуться", "возврат", "обратно",
    ),
    "died": ("died", "dead", "death", "умер", "погиб", "скончался", "смерть"),
    "money": ("money", "cash", "bucks", "moolah"),
    "dengi": ("деньги", "денег", "бабки", "бабло", "бабосы", "лавэ", "баксы", "кэш"),
    "stay": (
        "stay", "stayed", "remain", "remained", "пробыли", "пробыл", "пробыла", "тусили",
        "chill", "chilled", "chilling", "stint",  # "how long did his stint in orbit last"
        "зависали", "торчали", "проторчал",
        # Where they slept, as chat says it: "bunked on the ISS", "kipped aboard".
        "bunked", "kipped",
    ),
    "cinema": ("cinema", "theater", "theatre", "кинотеатр", "кинозал", "multiplex"),
    "plan": (
        "plan", "planned", "intend", "intended", "планирует", "планировали", "планируется", "план",
        "намерен",
    ),
    "cancel": (
        "cancel", "cancelled", "scrap", "scrapped", "shelve", "shelved", "axed", "abandoned",
        "отменили", "отменён", "заморозили", "заморожен", "свернули",
        # Chat's words for it: "сняли или слили?", "забили на фильм" (see tx._SPELLINGS).
        "слили", "забросили", "заглох",
        # "Quietly binned", "canned", "зарубили", "похоронили": scrapped, as chat says it.
        "binned", "canned", "ditched", "mothballed", "зарубили", "похоронили", "прикрыли",
    ),
    "first": ("first", "earliest", "pioneer", "trailblazer"),
    "born": (
        "born", "hometown", "birthplace", "родом", "родился", "уроженец",
        # "Where does he hail from": where he comes from.
        "hail", "hails", "hailed",
    ),
    "spin": (
        "spin", "spun", "tumble", "tumbled", "rotate", "rotated", "rotation", "tilt", "tilted",
        "flip", "flipped", "развернуло", "развернулась", "повернулась", "вращалась", "кувыркалась",
        "разворот",
        # Chat's words for the same: "станцию крутануло", "she was twirling". Not "закрутило":
        # the examples say it of Nauka's misfire too, which no fact answers.
        "крутануло", "крутилась", "крутиться", "вращало", "вращаться",
        "повернуло", "кувыркаться", "twirl", "twirled", "whirl", "whirled", "wobble", "wobbled",
    ),
    "fund": (
        "finance", "financed", "funding", "sponsor", "sponsored", "bankrolled", "финансировал",
        "финансирование", "спонсировал", "спонсор",
    ),
    "audience": (
        "audience", "viewers", "spectators", "moviegoers", "admissions", "зрители", "публика",
    ),
    "heroine": ("heroine", "protagonist", "героиня"),
    "debris": ("debris", "junk", "мусор", "обломки"),
    "weightless": ("weightless", "weightlessness", "microgravity", "невесомость"),
    "award": ("award", "prize", "награда", "премия"),
    "tweet": ("tweet", "tweeted", "twitter", "твит", "твиттер", "твитнул"),
    "delay": (
        "delay", "delayed", "late", "задержка", "задержали", "опоздание", "опоздала", "holdup",
        "postponed", "slipped", "перенесли", "опоздали", "задержался",
    ),
    "biography": ("biography", "bio", "биография"),
    "job": ("job", "profession", "occupation", "профессия", "специальность"),
    # "Bezos's rocket outfit": chat's word for a company.
    "company": ("company", "firm", "компания", "фирма", "контора", "outfit"),
    "invite": (
        "invite", "invited", "invitation", "пригласил", "приглашение", "приглашали", "позвали",
    ),
    # Not "прибыли": it is also profit ("прибыль"), and "прибыл" stems with it.
    "arrive": (
        "arrive", "arrived", "arrival", "прилёт", "прилетели", "прилетают", "прибытие",
    ),
    "supposed": ("supposed", "meant", "slated"),  # "who was meant to direct it": no meaning asked
    "beat": (
        "beat", "outrun", "outpace", "outpaced", "обогнали", "опередили", "обскакали",
        # "Has anyone beaten his record since?": the stemmer leaves "beaten" a word of its own.
        "beaten", "beating",
        # Chat's idioms for it: "pipped Cruise to the post", "outdid", "обставили", "уделали".
        "pip", "pipped", "pips", "outdid", "outdo", "outdone", "обставили", "обставил", "уделали",
        "уделал", "переплюнули", "переплюнул",
    ),
    "rival": (
        "rival", "rivalry", "competitor", "соревнование", "соперничество", "соревновались",
        "конкурент", "соперник",
    ),
    "moon": ("moon", "lunar", "луна"),
    "choose": (
        "choose", "chose", "chosen", "select", "selected", "pick", "picked", "выбрали", "выбирали",
        "отобрали",
    ),
    "approve": ("approve", "approved", "approval", "утвердили", "одобрила"),
    "tv": ("tv", "television", "телевидение", "телеканал"),
    "cameraman": ("cameraman", "cinematographer", "оператор", "кинооператор"),
    "relocate": (
        "relocate", "relocated", "relocation", "redock", "redocked", "перестыковка",
        "перестыковали", "переставили",
    ),
    "famous": ("famous", "renowned", "знаменит", "знаменитая", "известная"),
    "fiction": ("fiction", "fictional", "fictitious", "вымысел", "выдуманная"),
    "emergency": ("emergency", "incident", "mishap", "авария", "инцидент", "происшествие", "чп"),
    "festival": ("festival", "fest", "фестиваль", "кинофестиваль"),
    "education": (
        "study", "studied", "school", "university", "college", "education", "учился",
        "университет", "институт", "вуз", "образование", "универ",
    ),
    "filmography": ("filmography", "фильмография"),
    "founder": ("founder", "owner", "владелец", "основатель", "хозяин"),
    # Not "американка": "первая американка в космосе" (Sally Ride) is no first American.
    "usa": (
        "usa", "america", "american", "americans", "сша", "америка", "штаты", "американец",
        "американцы", "американский", "амеры", "америкосы", "yank", "yanks", "yankee",
    ),
    "flight": ("flight", "flights", "spaceflight", "spaceflights", "trip", "полёт", "полет"),
    "people": ("people", "persons", "человек", "люди", "людей", "народ", "народу", "народа"),
    "aboard": ("aboard", "board", "onboard", "борт", "борту", "борта"),
    # Surgery, as the noun and the verb the stemmer does not join: "операция" is "operats",
    # "оперируют" is "operir" ("про что фильм, кого там оперируют").
    "operate": (
        "operate", "operated", "operation", "operating", "surgery", "операция", "операцию",
        "оперировать", "оперируют", "оперировали", "прооперировать", "оперирует", "оперировал",
        "оперировала",
    ),
    # How the capsule came to rest: upright, or tipped over on its side, as asked either way
    # ("сел ровно или завалился на бок?" asks whether it landed upright).
    # Not "ровно" (evenly), which is as often "exactly": "во сколько ровно стартовали?"; nor
    # "sideways", said of the station ("knocked sideways by an engine misfire").
    "upright": (
        "upright", "vertical", "vertically", "вертикально", "стоя", "бок", "боку", "завалился",
        "завалилась", "опрокинулся", "опрокинулась",
    ),
    # "Apart from Peresild" is "besides Peresild": someone left out of what is asked.
    "besides": ("besides", "apart", "except"),
    # The film's injured cosmonaut is its patient: "the cosmonaut who played the patient".
    "injured": ("injured", "injury", "patient"),
    # A part that failed, in the words people use: "wat broke on the soyuz before it docked",
    # "did the autopilot glitch", "автоматика отказала" ("отвалилась": tx._SPELLINGS).
    "fail": (
        "fail", "failed", "failure", "malfunction", "malfunctioned", "glitch", "glitched", "broke",
        "broken", "отказ", "отказала", "отказал", "отказало", "сломалась", "сломался",
        "сломалось", "поломка",
        # Chat's "went kaput", "Курс накрылся", "автоматика сдохла", "глюкнула".
        "kaput", "накрылся", "накрылась", "накрылось", "сдох", "сдохла", "сдохло", "глюкнул",
        "глюкнула", "глюкнуло", "отрубилась", "отрубился",
    ),
    # Sick to the stomach, in the words people use: "did she puke", "её тошнило", "укачивало".
    "nausea": (
        "nausea", "nauseous", "queasy", "vomit", "vomited", "vomiting", "puke", "puked", "barf",
        "barfed", "spacesick", "тошнило", "тошнота", "укачивало", "укачало", "рвало", "мутило",
        "блевала", "блевал", "блевать", "стошнило",
    ),
    # How someone took it, in the words people use: "was mordovina salty", "she must be
    # bitter", "обиделась, что не полетела?". What anyone felt is in no fact's answer.
    "upset": (
        "upset", "salty", "bitter", "jealous", "disappointed", "disappointment", "envious",
        "обиделась", "обиделся", "обидно", "расстроилась", "расстроился", "расстроена",
        "завидовала", "завидовал",
    ),
    "now": ("now", "today", "currently", "nowadays", "сейчас", "сегодня", "теперь", "нынче"),
}  # fmt: skip
