"""Turning what people type into comparable tokens, in both languages and both scripts.

The pipeline: NFKC and casefold, ё→е, bot mentions and command prefixes stripped, punctuation
dropped, filler words removed, each word stemmed in its own language (Snowball), then written in
one Latin spelling so that "Пересильд", "Peresild" and "peresil'd" meet. Russian typed in Latin
letters (transliteration) or on the wrong keyboard layout is recovered by the matcher, which
scores the variants this module produces.
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import snowballstemmer

from bot.core.domain import Lang

_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|(?<!\w)@\w+")
_COMMAND = re.compile(r"^\s*/\w+(?:@\w+)?")
_URL = re.compile(r"https?://\S+")
# "the actress's mission": the possessive goes whole after an "s", or "actresss" would squeeze
# to "actres". Elsewhere only the apostrophe goes: "what's" is the chat spelling "whats".
_APOSTROPHE_CHARS = frozenset("’'`ʼ")
# Written to start with the apostrophe, which the regex engine skips to: "(?<=s)[’'`ʼ]s\b|[’'`ʼ]"
# matches the same, but tried its look-behind at every character (2 ms a batch of questions).
_APOSTROPHES = re.compile(r"[’'`ʼ](?:(?<=s.)s\b)?")
_NON_WORD = re.compile(r"[^\w]+")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")

# Cyrillic → Latin: one canonical spelling for matching, close to common English practice.
_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

# Latin → Cyrillic, longest first: how people write Russian without a Russian keyboard.
_LAT_TO_CYR = [
    ("shch", "щ"), ("sch", "щ"), ("tsya", "тся"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iu", "ю"),
    ("ja", "я"), ("ju", "ю"), ("jo", "ё"),
    ("ia", "я"), ("a", "а"), ("b", "б"), ("v", "в"), ("w", "ш"), ("g", "г"), ("d", "д"),
    ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "х"), ("c", "ц"), ("y", "ы"), ("x", "кс"), ("q", "к"),
]  # fmt: skip
_LAT_TO_CYR_RE = re.compile("|".join(re.escape(a) for a, _ in _LAT_TO_CYR))
_LAT_TO_CYR_MAP = dict(_LAT_TO_CYR)

# The same keys on the US and the Russian (ЙЦУКЕН) layouts.
_QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,."
_JCUKEN = "ёйцукенгшщзхъфывапролджэячсмитьбю"
_TO_CYR_LAYOUT = str.maketrans(_QWERTY, _JCUKEN)
_TO_LAT_LAYOUT = str.maketrans(_JCUKEN, _QWERTY)

# Words that carry no meaning for matching: function words, fillers, politeness, chat noise;
# and contractions that, once the apostrophe goes, a typo fix would make another word: "he'll"
# is no "hello", "aren't" no "parent", "won't" no "won"; nor is "lately" "late". "Happen" goes
# in every form: with "happens" a word, "what hapened with the ISS" was put right into it.
# Question words (who, when, сколько ...) and quantity words (many, old, long) are kept: they
# tell facts apart.
# Russian: "а то я проспал" (I slept through it), "пропустил", "прозевал" tell, as "видел"
# does, what the asker did: "а по мск во скока это было а то я проспал" asks the time.
# "Уже" is kept, as "already" is: "кто уже был на МКС, когда прилетели Пересильд с
# Шипенко" asks who was on the station, not who commanded it. "Вчера посмотрел(а)" tells, as
# "видел" and "читал" do, what the asker did before asking: "мама вчера посмотрела этот фильм и
# спрашивает, много ли он собрал" asks the box office. "Конкретно" stresses as "именно" does (a
# word no fact used, a typo fix read it as "конкурент", a rival).
STOPWORDS_EN = frozenset(
    """a an the is was were are be been being am do did does doing done of in on at to for
    and or but so um uh umm uhh er erm hmm like ok okay k please pls plz me my mine myself i
    you your yours yourself tell know wanna gonna gotta just really actually basically
    literally hey yo bro dude lol lmao lmm haha can could would will shall should may might wait
    must it its it's itself this that these those there here some any about with from by as
    into onto up out then than also too very quite s t d ll re ve m
    thing things stuff guys guy kinda sorta mean say says said saying anyone somebody someone
    pray whether if let us we our ours ourselves u ur r ya ye again exactly one's got get
    gets getting have has had having he him his himself she her hers herself they them
    their theirs themselves even ever maybe perhaps probably kind sort through before after
    during while few words word case else anyway anyways any news info information
    quick q true false right correct friend friends heard hear read reading article wonder
    wondering curious question questions answer ton sure yes yeah yep no nope
    not don't dont didn't didnt doesn't doesnt isn't isnt wasn't wasnt all both each other
    such own same only just because until against between above below over under further
    once point happen happened happens happening
    explain describe give show list name wonderin okey oh ah wow omg btw fyi tbh imo idk
    hmmm uhm remind anything something somewhere anywhere everything yet ngl tbf rn tho af
    fr lowkey imho iirc afaik dunno lemme gimme bruh yall smth sth lmk jk ikr hm ooh welp meh
    eh huh nah yup legit totally deadass
    hell arent wont lately
    anybody everybody whoever anyhow though although however seriously honestly guess believe
    seems seem alright excuse definitely certainly simply whenever wherever nutshell brief
    briefly kindly actual
    lets letting""".split()
)
STOPWORDS_RU = frozenset(
    """и в во на а но ли же бы б то это эта этот эти ну вот типа короче короч ок окей ладно
    пожалуйста плиз пж скажи скажите подскажи подскажите расскажи расскажите мне я ты вы
    меня тебя вас нам нас мы с со к ко у о об от до по за из для при про ж уж ещё еще вообще
    просто именно прям прямо слушай слушайте блин вообщем значит там тут так нибудь либо
    хочу хотел хотела хотелось знать интересно можешь можете может был была было были есть
    быть ага угу эй ребят ребята он его ему него нему нем нём им она ее её ей нее неё ней
    они их ими них мой моя мое моё мои твой твоя свой своя свои весь вся все всё всего всех
    всей всю всему всеми
    этого этой этом этих тот та те того той тем том тех себя себе собой да нет не ни или
    чтобы чтоб если потом тоже также даже ведь вроде будто мда хм эх ох ах ой слышал
    слышала говорят пишут писали статье статья правда правильно помню верно вопрос ответ
    хорошо ладненько всем бро братан напомни напомните такое своим своё свое своего своей
    своих своими своему свою читал читала читали прочитал прочитала видел видела рассказать
    рассказывать рассказана рассказано перечисли назови объясни опиши покажи инфа информация
    известно вдруг случае кстати кста походу прикинь реально типо норм вапще собственно
    вобщем вообщето канеш конечно наверное возможно серьезно честно однако извини забыл
    вкратце кратко коротко неа хз мб кмк имхо капец жесть топчик кринж рофл жиза оч офигеть насчет
    насчёт тебе тобой вам вами инфу инфы инфой инфе го конкретно
    вчера посмотрел посмотрела посмотрели смотрел смотрела смотрели
    проспал проспала пропустил пропустила прозевал прозевала""".split()
)


@lru_cache(maxsize=1)
def _invisible() -> re.Pattern[str]:
    """Every format and control character (zero-width, bidi, NUL ...), as one character class."""
    codes = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in {"Cf", "Cc"}]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    return re.compile(f"[{parts}]")


# Line breaks and tabs are control characters that separate words: "Shipenko\nHe" is two.
_SPACES = dict.fromkeys(map(ord, "\n\r\t\v\f"), " ")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    if text.isprintable():  # False for every format and control character (category C*)
        return text
    # Drop zero-width and bidi controls, which people paste in and which split words.
    return _invisible().sub("", text.translate(_SPACES))


def prepare(text: str, limit: int) -> str:
    """Casefolded text without mentions, command prefixes or URLs; punctuation kept.

    Punctuation stays for now because on the Russian layout it is letters: "ж" is ";".
    """
    text = _COMMAND.sub(" ", text[: limit * 2])
    text = _MENTION.sub(" ", text)
    text = _URL.sub(" ", text)
    if "U" in text:
        text = _USA.sub(" USA ", text)
    return _sums_named(_fold(text)[:limit])


# "2+2", "3*4", "2x+5=17": sums, named as such. With the signs dropped as punctuation, the
# digits were left to match what they number: "what's 2+2?" was "Will there be a Challenge 2?".
_SUM = re.compile(r"(?<!\w)\d+(?:[.,]\d+)?[a-zх]?\s*[+*×÷^=]\s*[a-zх]?\d+(?:[.,]\d+)?")
_SUM_SIGNS = "+*×÷^="


def _has_sum_sign(text: str) -> bool:
    # A substring search per sign, in C: a batch of 100k questions is 5 MB.
    return any(sign in text for sign in _SUM_SIGNS)


def _sums_named(text: str) -> str:
    """Prepared text with each sum in it put as one word no fact uses, in its language."""
    if not _has_sum_sign(text) or not _SUM.search(text):
        return text
    return _SUM.sub(" арифметика " if _CYRILLIC.search(text) else " arithmetic ", text)


# Letters typed three times or more ("soooo"), not digits: "2000" is no "20".
_LETTER_RUN = re.compile(r"([^\W\d])\1{2,}")
# "the US", "the U.S.": a country, read before casefolding makes it the filler "us".
# Written to start with its "U", which the regex engine skips to, and then to look behind it:
# "(?<![\w.])(?:U\.S\.(?:A\.)?|USA|US)(?!\w|\.\w)" matches the same, but tried its look-behind at
# every character (3 ms a batch of questions).
_USA = re.compile(r"U(?<![\w.]U)(?:\.S\.(?:A\.)?|SA|S)(?!\w|\.\w)")


# "What is it about?" asks for the plot, though "about" alone is filler ("tell me about her"),
# as it is after tell, know or talk: "what can you tell me about?" asks what the bot covers,
# and after "that": "what was that about?" asks about the event just told, not a story.
# Chat noise may trail it: "whats the movie even about tbh"; chat spells it "abt" or "bout".
_ASKS_PLOT = re.compile(
    r"(?<!\bthat )\b(?:about|abt|bout)(?=(?: (?:tbh|lol|lmao|haha|tho|though|exactly|anyway"
    r"|anyways|again|really|actually|bro|dude|honestly|ngl|fr|rn|then))*$)"
)
# Ending on "about" after these asks what is said of something ("what's everyone talking
# about?", "what did you hear about"), not what a story is about.
_TELLS = re.compile(
    r"\b(?:tell(?:s|ing)?|know(?:s|n)?|talk(?:s|ed|ing)?|ask(?:s|ed|ing)?|chat(?:ting)?"
    r"|say(?:s|ing)?|said|help|hear(?:d|ing)?|read(?:ing)?|think(?:ing)?|thought|care"
    r"|worr(?:y|ied)|complain(?:s|ed|ing)?|write|writing|wrote|forg[eo]t|learn(?:ed|t|ing)?)\b"
)
# "О чём фильм?", "фильм про што": only beside the film, since "о чём ты можешь рассказать?"
# asks what the bot knows. Chat runs the two words into one: "очем фильм", "прочто кино".
_WHAT_RU = r"(?:(?:про|о) (?:что|чем|што|шо|че|чо)|очем|прочто|прошо|проче|прочо)"
_FILM_RU = r"(?:фил[ь]?м\w*|кино|кинцо|киношк\w*|кинчик\w*|вызов\w*|вызв\w*)"
_ASKS_PLOT_RU = (
    # A word may come between: "про что этот фильм", "про что вообще фильм".
    re.compile(rf"\b{_WHAT_RU}(?= (?:\w+ )?{_FILM_RU}\b)"),
    re.compile(rf"\b({_FILM_RU}) {_WHAT_RU}\b"),
)


# "где-то", "кто-нибудь": somewhere, someone. Split at the hyphen they would leave a question
# word ("где", "кто") that asks nothing. On any other word "-то" only stresses it: "премьеру-то".
_INDEFINITE = re.compile(
    r"\b(?:где|кто|кого|кому|кем|ком|что|чего|чему|чем|когда|как|как\w\w|почему|зачем|куда|"
    r"откуда|чей|чья|чье|чьи|сколько)-(?:то|нибудь|либо)\b"
)
_STRESS = re.compile(r"(?<=\w)-то\b")


def _may_have_indefinites(text: str) -> bool:
    # Both patterns need "-то", "-нибудь" or "-либо": without one neither changes anything.
    return "-то" in text or "-нибудь" in text or "-либо" in text


def _drop_indefinites(text: str) -> str:
    if not _may_have_indefinites(text):
        return text
    return _STRESS.sub("", _INDEFINITE.sub(" ", text))


def words(prepared: str) -> str:
    """Prepared text as space-separated words: apostrophes joined, punctuation dropped.

    Letters typed three or more times in a row count once: "soooo" is "so".
    """
    text = _LETTER_RUN.sub(r"\1", _APOSTROPHES.sub("", _drop_indefinites(prepared)))
    return _rephrase(" ".join(_NON_WORD.sub(" ", text).replace("_", " ").split()))


# "Came back", "flew back": a return, as "returned" is ("did the commander come back with
# them?" asks what "did Shkaplerov return with them?" asks).
_COMES_BACK = re.compile(
    r"\b(?:come|came|comes|coming|get|got|gets|getting|fly|flew|flies|flying|go|went|goes"
    r"|going|head|headed|heading) back\b"
)


# "Showed up", "turned up", "pulled up": an arrival ("when the film crew showed up" is when it
# arrived; "who was running the ISS when they pulled up"), but not a place in a list or on a
# screen ("Mashkov shows up in the cast list").
_SHOWS_UP = re.compile(
    r"\b(?:show|showed|shown|shows|showing|turn|turned|turns|turning"
    r"|pull|pulled|pulls|pulling) up\b"
    r"(?! (?:in|on) (?:the |a )?"
    r"(?:cast|credit|film|movie|cinema|theat|screen|list|netflix|trailer))"
)


# "Were did they land", "wer is it": before a verb that asks, "where" typed short, never "were"
# (which "wer" is elsewhere: "how long wer they up there").
_WERE_WHERE = re.compile(r"\bwere?(?= (?:did|do|does|is|was|are|can)\b)")


# "The first guy in space", "the first dude on the moon": the first man, as chat calls him.
# Elsewhere "guy" and "dude" are filler ("the guy who plays the surgeon" is who plays him);
# here, gone, they left "the first in space", as near a first space tourist as Gagarin.
_FIRST_GUY = re.compile(r"\bfirst (?:guy|dude|bloke|fella|fellow|chap)\b")


# "When'd the whole tom cruise x nasa space movie news drop": chat's news drops where the
# examples' news breaks ("When did news of Cruise's space film break?").
_NEWS_DROP = re.compile(r"\bnews (?:drop|drops|dropped|dropping)\b")
# "Who made the final call picking the actress": a call made is a decision ("who made the final
# decision on the film crew"), not a phone call or a call sign.
_MADE_CALL = re.compile(r"\b((?:make|made|makes|making) the (?:(?:final|last|big) )?)call\b")


# "How to train for a 10k", "how do i become a flight attendant": a question of how to do
# something asks for advice, which no fact gives (the bot's help aside: "how do I use this
# bot?"), not how the crew trained. Its words are filler ("to", "do", "i") but for "how". Not
# how to say or spell a name: "how to say vyzov in english" asks for the film's title.
_HOW_TO = re.compile(
    r"\bhow (?:to|do i|can i|should i|do we|can we|should we)\b"
    r"(?! (?:say|said|call|pronounce|spell|write|translate)\b)"
)


# "What other movies has milos bikovic been in": someone's other films are their filmography
# ("Peresild filmography"), not the one film ("what do you know about Bikovic in the film");
# "other" alone is filler.
_OTHER_FILMS = re.compile(r"\bother (?:movies|films|roles|shows|series)\b")
# In Russian the "else" is "ещё" beside the verb: "что она ещё играла?", "кого ещё сыграла
# Пересильд?" ask for her other roles, not whom she plays in the film ("ещё" is filler).
_ELSE_PLAYED_RU = re.compile(
    r"\b(?:что|че|чо|шо|кого|где)(?: \w+)? (?:ещё|еще) (?=(?:играл|сыграл|снимал|снял)\w*)"
)


# "Any big films or shows", "has she won any big awards", "the big premiere night": "big"
# only says they mattered, as "major" does, and was a word those questions shared with no
# example. Not after "how": "how big is the ISS" asks its size.
_BIG = re.compile(r"(?<!\bhow )\bbig (?=\w)")


# "Up there" is in space ("how long were they up there"): both its words are filler, and with
# them gone "how long were they" asked the film's length. Typed short too ("shatner flew while
# they were up ther right?"): the slip is put right only word by word, after this.
_UP_THERE = re.compile(r"\bup (?:there|ther|thre|thr|thaer)\b")


# "Walked in open space", "space walk": a spacewalk, as "открытый космос" is.
_WALKS_IN_SPACE = re.compile(
    r"\bwalk(?:ed|s|ing)? in (?:open |outer )?space\b|\bspace walk(?=s?\b)"
)


# "В двух словах", "in one sentence", "the short version" ("in a nutshell": that one, "briefly"
# and "вкратце" are stopwords): how to answer, not what is asked; "двух словах" would match
# whichever example says the same, and "слово" alone is a word of its own ("что значит слово
# «вызов»?").
_IN_SHORT = re.compile(
    r"\bв (?:двух|2|паре|нескольких) словах\b"
    r"|\bin (?:one|1|a|a single|two|2|a few|few) (?:sentence|sentences|line|lines|words?)\b"
    r"|\b(?:the |a )?short version\b|\bin short\b"
    # "A two-sentence summary", "a one line answer": the same, said of what is asked for.
    r"|\b(?:one|1|two|2|three|3|few) (?:sentence|line|word)s?(?= (?:summary|answer|version"
    r"|description|overview|recap|explanation|rundown)\b)"
    # "Explain vyzov to me like im 5", "in plain english", "простыми словами", "для чайников",
    # "на пальцах": asked plainly, which is again how to answer ("explain" is a stopword), and
    # "im 5" was two words no fact knows.
    r"|\b(?:like|as if) (?:i am|im|i m|iam|i was|im a) (?:5|five|a kid|a child|a baby"
    r"|(?:a )?(?:5|five)(?: year old| yo)?)\b|\beli ?5\b"
    r"|\bin (?:simple|plain|easy|simpler|basic|laymans?|laymens?|normal|human) "
    r"(?:terms|words|english|language|speak)\b|\bfor (?:dummies|idiots)\b"
    r"|\b(?:простыми|простым|понятными|понятным|человеческим|нормальными) (?:словами|языком)\b"
    r"|\bдля (?:чайников|тупых|дебилов)\b|\bна пальцах\b"
    r"|\bкак (?:ребенку|пятилетнему|5 летнему|пятилетке|первокласснику|для ребенка)\b"
)


# "Кто был главным в экипаже?": the commander. Only before a place: in the crew, on board, on the
# ship or the station, since "главная роль" is the lead role and "главный герой" the hero.
_CHIEF_RU = re.compile(r"\bглавн\w*(?= (?:в|на|во) (?:экипаж|корабл|борт|союз|мкс|станци|мс)\w*)")
# The place may come first, as Russian word order lets it: "кто в экипаже главный?", "кто на МКС
# был главный тогда?" (which answered who lived there). Not "главная роль" or "главный герой".
_CHIEF_AFTER_RU = re.compile(
    r"\b((?:в|на|во) (?:экипаж|корабл|борт|союз|мкс|станци|мс)\w* (?:был[аи]? )?)главн\w*"
    r"(?! (?:рол|геро))"
)


# "На чём?" asks on what they travelled; "о чём?" what a story is about. Both leave only "чём"
# once "на" and "о" go as filler, so the first is put in words of its own. "Чом" is how it is
# said, and typed: "на чом вернулись".
_ON_WHAT_RU = re.compile(r"\bна ч[её]м\b|\bна чом\b")
# "Can I type in Russian?", "can u do english": the language a message is written in, not the
# type of a film or something done in Russia.
_WRITES_IN = re.compile(r"\b(?:type(?: in)?|do) (russian|english)\b(?!s)")  # not "do in Russia"
# "В 22-м году", "летом 61-го года": a year said by its last two digits, as Russian speakers
# say it. From 50 it is the last century ("в 61-м" is Gagarin's year), below it this one. Only
# where the case says a year: "в 33 года" and "ему был 41 год" are ages.
_SHORT_YEAR_RU = re.compile(
    r"\b(?:(в|во|к) (\d\d)(?:(?: ?(?:м|ом))?(?= году\b)| ?м\b)"
    r"|(с|со|до|после|от|летом|осенью|зимой|весной|в конце|в начале|в середине) (\d\d)"
    r"(?: ?го)?(?= года\b))"
)


def _full_year(found: re.Match[str]) -> str:
    when, two = (found[1], found[2]) if found[2] else (found[3], found[4])
    return f"{when} {'19' if two >= '50' else '20'}{two}"


# "What about Bezos?", "а как насчёт бюджета?": the last question asked again of something else,
# as "and Bezos?" asks it. Its "what" asks nothing: read as a question word, "what does Mark
# Bezos do?" outscored Bezos's flight after Branson's, and "насчёт" weighed as a word no fact
# knows.
_WHAT_ABOUT = re.compile(
    r"^(?:and |n |а |и )?(?:(?:what|how) about|(?:что|как|чо|че|шо) насчет|насчет) (?=\w)"
)


def _and(found: re.Match[str]) -> str:
    return "а " if _CYRILLIC.search(found.group()) else "and "


# "What does Vyzov mean?", "что значит «Вызов»?": asks what a word means, though "mean" and
# "значит" alone are filler ("I mean", "значит, они полетели"): read without them, both asked
# what the film is.
_MEANS = re.compile(
    r"\b((?:does|did) (?!you\b)(?:\w+ ){1,6})mean(?=(?: in \w+| exactly| literally)?$)"
)
_MEANS_RU = re.compile(r"^((?:а |и )?)(?:что|чо|че|шо) значит\b")


# "What's the deal with the station spinning?", "что за история с разворотом МКС?": what
# happened, not a deal or a film's story ("история" is a plot word, and "deal" no fact's).
# "What's her deal?", "whats his deal": who she or he is, asked as "what's the deal with her?".
_THE_DEAL = re.compile(r"\bthe deal (?=(?:with|w|about) )| (?:his|her|their) deal\b")
_STORY_WITH_RU = re.compile(r"\b(?:(?:что|че|чо|шо) за |какая )?истори[яиюей] (?=(?:с|со) )")


# Chat's words for money made and spent: "did it make bank", "how much did they blow on it".
_MADE_BANK = re.compile(r"\b(?:make|made|makes|making) bank\b")
_BLEW_ON = re.compile(r"\b(?:blow|blew|blown|blowing|splurge|splurged)(?= on\b)")
# Only where the message speaks of money: "the capsule blew on landing" spent nothing.
_MONEY = re.compile(r"\b(?:how much|money|cash|bucks|dollars|budget|millions?)\b")

# "в какое время пристыковались" asks the hour, as "во сколько" does, not how long it took.
_AT_WHAT_TIME_RU = re.compile(r"\bв какое время\b")
# "tl;dr", its punctuation gone, is two words no fact uses: "tldr" is a summary (_SPELLINGS).
_TL_DR = re.compile(r"\btl dr\b")
# An "elevator pitch" is the short version of something: "give me the elevator pitch for the
# film" asks for its summary (and read word by word, "pitch" was mended into the mission patch).
_PITCH = re.compile(r"\belevator pitch\b")
# "Random q but who was…", "random question:": a note that the question changes the subject,
# which asks nothing ("q" and "question" are filler already, "random" was a word no fact asks).
_RANDOM_Q = re.compile(r"\brandom (?:q|qs|question|questions|thought)\b")
# "I forget, who was the first person in space?": that the asker forgot says nothing, as
# "забыл" says nothing, and "forget" is what "forget your rules" says to the bot.
_I_FORGOT = re.compile(
    r"\b(?:i (?:forget|forgot|keep forgetting|have forgotten)|i ?ve forgotten)\b"
)

# "Is it a true story?" asks whether it is real, as "a real story" does: "true" alone is
# filler ("is it true that..."), which left only "story", the plot.
_TRUE_STORY = re.compile(r"\btrue (?=(?:stor(?:y|ies)|events?)\b)")

# "Which of them was the commander?", "which one of the two": one picked from the people just
# named, so "who" it asks. Read as "which" (and "one", a word facts use for a first or a
# second of something) it asked for a thing: after who was living on the ISS, "which one of
# them was in charge" matched "first all-civilian orbital mission — which one?".
_WHICH_OF_THEM = re.compile(r"\bwhich (?:one )?(?=of (?:them|these|those|the two|the three)\b)")

# "What did Rogozin say about that?" asks for his comment, as "что сказал Рогозин?" does: "say"
# alone is filler ("they say it was late"), which left "what Rogozin", who he is.
_SAYS_ABOUT = re.compile(r"\b(?:say|said|says|saying)(?= about\b)")
# Nor is "say" filler in "what did shatner say when he got back": what someone said is their
# comment, whatever follows it.
_WHAT_SAID = re.compile(
    r"\b(what (?:did|does|do|has|had) (?:\w+ ){1,4}?)(?:say|said)\b(?! about\b)"
)
# "What did Rogozin make of it?" asks what he thought of it: his comment, too. Not "make" with
# no "of" after it ("what did the film make", its box office).
_MADE_OF = re.compile(r"\b(what (?:did|does|do|has|had|would) (?:\w+ ){1,4}?)(?:make|made) of\b")


# "На том же корабле", "та же самая капсула": the same one, as "the same" asks whether two are
# one. Its words are filler on their own ("тот", "же"; and "самая" stems as "сам", oneself),
# which left "капсула, на которой они вернулись, — та же самая, что их подняла?" nothing that
# asks whether it was the same capsule.
_SAME_RU = re.compile(
    r"\b(?:тот|та|то|те|того|той|тому|том|тем|теми|тех|ту) же(?: сам(?:ый|ая|ое|ые|ого|ой"
    r"|ом|ому|ым|ыми|ых|ую))?\b"
)


# "На самом деле", "в самом деле": actually, really, filler as "actually" is; its words are not
# ("самом" stems as "сам", oneself, and "деле" as a deed), and outweighed the question they
# stress: "сколько дней они там пробыли на самом деле?".
_ACTUALLY_RU = re.compile(r"\b(?:на|в) самом деле\b")

# "В тот момент", "на тот момент": then, as "тогда" says it ("а главный на станции кто был в тот
# момент?"); "момент" alone is no word the facts ask with. Not "на момент старта", which names
# the moment.
_AT_THAT_MOMENT_RU = re.compile(r"\b(?:в|на) (?:тот|этот) момент\b")

# "До него или после?", "до или после Безоса": which came first, as "раньше" asks it ("Брэнсон
# полетел раньше Безоса?"). Its words are filler but "после", which weighed as a word of its own.
_BEFORE_OR_AFTER_RU = re.compile(r"\bдо (?:(него|нее|неё|них|этого|того) )?или после\b")

# "По времени": time-wise, which the question's own words already ask ("сколько по времени идёт
# кино", "по времени сильно задержались?"); "времени" weighed as a word of its own and read as
# the film's running time.
_TIME_WISE_RU = re.compile(r"\bпо времени\b")

# An actor "служит" in a theatre: is on its company, as "в каком театре играет" asks it. Only
# beside a theatre, since "служил в армии" is military service.
_SERVES_IN_THEATRE_RU = re.compile(r"\b(театр\w*) служ\w*|\bслуж\w* (?=(?:в|во) (?:\w+ )?театр)")


def _plays_in_theatre(match: re.Match[str]) -> str:
    theatre = match.group(1)
    return f"{theatre} играет" if theatre else "играет "


# "Or the other way round", "or vice versa": the same question asked of the two swapped, which
# says nothing the question did not; its words are ones no fact uses and weighed as much as the
# rarest: "was the actress older than the director or the other way round?" fell back.
_OTHER_WAY = re.compile(r"\b(?:or )?(?:(?:the )?other way (?:a)?round|vice versa)\b")


# What the asker needs the answer for: "for a lesson plan", "for my school project", "doing a
# piece on the oct 2021 launch". It says nothing of what is asked, and its words weighed as
# the facts' ("plan" is the Russians' plan to film in orbit; "lesson", one letter off "less").
# Not after "the": "who paid for the project" asks of the film project.
_FOR_WHAT_WORK = (
    r"(?:lesson plan|lesson|class|project|essay|report|article|piece|quiz|presentation"
    r"|assignment|homework|handout|paper|blog post|podcast)s?"
)
_FOR_WHAT = re.compile(rf"\bfor (?:a|an|my|our) (?:\w+ )?{_FOR_WHAT_WORK}\b")
# "Ok let's go, who was the commander", "lets see, how old was she": chat's way into a
# question, which asks nothing; "go" met "going to command" (Cruise's flight), and "let's go"
# was answered with it.
_LETS = re.compile(r"\blets (?:go|see)\b")
_DOING_A = re.compile(
    rf"\b(?:doing|writing|working on) (?:a|an) (?:\w+ )?{_FOR_WHAT_WORK} (?:on|about)\b"
)

# "Which part of Russia is she from?", "what city is he from": where from, as "where is she
# from?" asks ("from" is a stopword). Read as "which" and a place word, it asked which thing:
# a theatre, a city where the premiere was.
_WHICH_PLACE_FROM = re.compile(
    r"\b(?:which|what) (?:part|city|town|region|country|place|village|area)(?: of (?:the )?\w+)?"
    r"(?= (?:\w+ ){1,4}from\b)"
)

# "Ended up acting in it", "did they end up getting there first": in the end, which asks
# nothing; "end" weighed as the facts' word ("the ending", "end of the mission").
_END_UP = re.compile(r"\b(?:end|ends|ended|ending) up\b")

# "The first American ... from his country": the country is the nationality said already, and
# "country" alone asks which country ("Which country was first in space?").
_HIS_COUNTRY = re.compile(r"\b(?:from|of) (?:his|her|their) (?:own )?(?:country|nation)\b")

# "Who'd he hand it off to", "did he pass it on to Marshburn": handed over, as the examples say
# ("who did Shkaplerov hand the station over to?"), where "off" and "pass" were words of their
# own. Only before "to": "hand off" alone is a football play.
_HANDS_OFF = re.compile(
    r"\b(?:hand|hands|handed|handing|pass|passes|passed|passing)((?: \w+){0,3}?) (?:off|on) to\b"
)
# "Кому он сдал станцию", "сдал вахту": handed over, "передал", as the examples say ("кому
# Шкаплеров передал командование станцией?"). Only before what a commander hands over: "сдал
# экзамены" passed exams.
_HANDS_OVER_RU = re.compile(
    r"\bсда(?:л|ла|ли|ет|ст|вал|вала|ть)(?= (?:\w+ )?(?:командовани|станци|мкс|вахт|пост|дела)\w*)"
)

# "Captain kirk broke the oldest person record", "smashed the record": beat it, as the examples
# say ("is it true Shatner beat Wally Funk's record?"); "broke" alone is a failure ("what broke
# during the approach?"). Only "the", "a" or "that" record: "who broke Vande Hei's record" asks
# who came after him, which no fact answers. So in Russian: "обновил рекорд", "побила рекорд".
_BROKE_RECORD = re.compile(
    r"\b(?:break|breaks|broke|broken|breaking|smash|smashed|smashes|smashing|shatter|shattered"
    r"|shatters|shattering|topped|tops|topping)(?= (?:the|a|an|that|this) (?:\w+ ){0,2}records?\b)"
)
_BROKE_RECORD_RU = re.compile(
    r"\b(?:поби\w*|побь\w*|обнови\w*|обновл\w*|переплюну\w*)(?= (?:\w+ ){0,3}рекорд)"
)

# "Wasn't there a thing where the station spun", "that thing when it flipped": the event told
# after it is asked about, and "where" or "when" there asks no place or time.
_THING_WHERE = re.compile(r"\b(?:a|the|that|this) (?:thing (?:where|when)|time where)\b")

# "The whole station started spinning", "начала вращаться": the spin itself, as the examples
# say it ("did the ISS spin out of control"). "Started" alone is a beginning asked of ("when did
# filming start?"), so only before a word of turning.
_STARTED_TURNING = re.compile(
    r"\b(?:start|started|starts|starting|began|begin|begins|begun)(?: to)?"
    r"(?= (?:spin|rotat|turn|tumbl|flip|twirl|whirl|wobbl|drift|roll)\w*\b)"
)
_STARTED_TURNING_RU = re.compile(
    r"\b(?:начал\w*|стал\w*)(?= (?:вращат|крутит|кувырка|поворачиват|разворачиват)\w*)"
)

# "Did they put any actual cosmonauts in the movie", "got real cosmonauts into the film": cast
# them, as the examples say ("are any of the cast real cosmonauts?"); "put" was a word no fact
# knew. Only before the film, as "put" is elsewhere ("put the capsule down").
_PUT_IN_FILM = re.compile(
    r"\b(?:put|puts|putting)(?= (?:\w+ ){0,3}(?:in|into) (?:the|that|this|a|their|it)"
    r"(?: \w+)? (?:movie|film|flick|cast)\b)"
)

# "Who was the main girl in the challenge", "the lead chick", "главная девушка": the lead
# actress, as the examples say ("who is the main actress?"); the chat's word for a woman was
# a word no fact knew, or a woman of another fact ("whos the chick who flew up"). Not the main
# character, which "besides the main girl" is not: that asks the rest of the cast.
_MAIN_GIRL = re.compile(r"\b(main|lead|leading|central) (?:girl|chick|gal|gurl|girlie)\b")
_MAIN_GUY = re.compile(r"\b(main|lead|leading|central) (?:guy|dude|bloke)\b")
_MAIN_GIRL_RU = re.compile(r"\b(главн\w*) (?:девушк|девчонк|тетк|телк)\w*")

# "Who was lined up to direct it", "who was slated to go": meant to, as the examples say ("who
# was supposed to direct Cruise's film?"); "lined" was a word no fact knew.
_LINED_UP = re.compile(r"\b(?:lined|line|lines|lining) up\b")

# "Did the actress throw up in zero g", "threw up", "space sick": sick to the stomach, as the
# examples say it ("Did Peresild get space sick?"); "throw" was a word of its own, and "sick"
# alone is ill ("in case someone got sick"), a backup's reason.
_THROWS_UP = re.compile(
    r"\b(?:throw|throws|threw|thrown|throwing) up\b|\b(?:space|motion) sick(?:ness)?\b"
)

# "Актёры норм играют или кринж?", "Пересильд хорошо сыграла?": how well they act, an
# opinion no fact gives. The adverb is filler elsewhere ("хорошо, кто играет хирурга?"), so
# only right before the verb; without it, the question asked who acts in the film.
_ACTS_WELL_RU = re.compile(
    r"\b(?:норм|нормально|хорошо|плохо|круто|ужасно|убедительно|отстойно|классно|слабо"
    r"|достойно|кринжово|посредственно|бездарно|талантливо)"
    r"(?= (?:(?:он|она|они|там|вообще|все|реально) )?(?:сыгра|игра)\w*)"
)

# "Lifted off", "lifting off": the launch, as "liftoff" is ("how old were they at liftoff?"),
# where "lifted" met only the examples that say "lift off". The bare "lift off" is left as the
# examples say it ("what time did the Soyuz lift off?"): its rarer word "lift" told that
# example from the other launch facts, and a typo-ridden question lost it as "liftoff". "Blast
# off" is a launch already ("blast", synonyms.SYNONYMS).
_LIFTS_OFF = re.compile(r"\b(?:lifts|lifted|lifting) off\b")

# "Who was calling the shots", "who ran the show", "pulling the strings": who was in charge, as
# "who ran the station?" asks; "shots" is a camera's word ("callin" a name's, Collins).
_CALLS_SHOTS = re.compile(
    r"\b(?:call|calls|called|calling|callin|run|runs|ran|running|runnin|pull|pulls|pulled"
    r"|pulling) the (?:shots|show|strings)\b"
)

# "Kurs crapped out", "the autopilot conked out", "gave out on final approach": it failed, as the
# examples say ("did the automatic docking system fail?").
_GAVE_OUT = re.compile(
    r"\b(?:crap|craps|crapped|crapping|conk|conks|conked|conking|peg|pegged|gave|pack|packed"
    r"|konk|konked) out\b"
)

# "Waiting in the wings": a backup, ready to step in, as "on the bench" is (synonyms.SYNONYMS).
_IN_THE_WINGS = re.compile(
    r"\b(?:(?:wait|waits|waited|waiting|stand|stood|standing) )?in the wings\b"
)

# "Put his boot on the moon", "planted his feet on", "step foot on": set foot, as the examples
# say it ("when the first man set foot on the Moon"); "boot" was one letter off "boost".
_SETS_FOOT = re.compile(
    r"\b(?:put|puts|putting|plant|plants|planted|planting|set|sets|setting|step|stepped)"
    r" (?:(?:his|her|their|a|the first|first) )?(?:boot|boots|foot|feet)\b"
)

# "Where does Ernst fit into all this", "how does she fit in": their part in it, as the examples
# ask it ("what's Novitsky's role in all this").
_FITS_IN = re.compile(r"\b(?:fit|fits|fitted) (?:in|into)\b")

# "Signing off", "calling it a night", "that's me done", "I'm off now", "я погнал": a goodbye,
# as "bye" is; each was words no fact knew ("done", "night", "off").
_SIGNING_OFF = re.compile(
    r"\b(?:that s|thats) (?:me|us) (?:done|off|finished|out)\b|\bsigning off\b"
    r"|\bcall(?:ing)? it a (?:night|day)\b"
    r"|\b(?:i m|im|i am) (?:off|done|out)(?: (?:now|then|for (?:now|today|tonight|the night)))?$"
    r"|\bя (?:погнал|погнала|побежал|побежала|отчаливаю|сваливаю|отключаюсь|закругляюсь)"
    r"(?= (?:всем|спасибо|пока|тогда|спать)\b|$)"
)

# "How many rubles did it take to make", "what did it take to shoot, money-wise": it cost, as the
# examples ask; "take" and "make" were words of their own. Only where money is named: "how long
# did it take to make" asks how long the shoot was.
_TOOK_TO_MAKE = re.compile(r"\b(?:did|does|would|will) it take to (?:make|film|shoot|produce)\b")
_MONEY_NAMED = re.compile(
    r"\b(?:rubles?|roubles?|dollars?|bucks|cash|money|millions?|billions?|budget)\b"
)

# "Bit of a weird one", "odd question but", "дурацкий вопрос, но": the asker's word on their own
# question, as "random q" is (_RANDOM_Q), which asks nothing; read alone, it was a question
# of its own ("bit of a weird one, did the iss spin?" weighed "weird" as the facts' words).
_ODD_ONE = re.compile(
    r"\b(?:(?:a )?bit of an? |an? |this is an? |here s an? |heres an? )?(?:weird|odd|strange"
    r"|silly|daft|dumb|stupid|curly|tricky|quick) (?:one|q|qs|question)\b"
    r"|\b(?:странный|дурацкий|глупый|тупой|нубский|быстрый|короткий) вопрос\b"
    r"|\bвопрос на засыпку\b"
)

# "Had nothing to do with it", "no hand in it", "ни при чём": whether they took part, as
# "did Bezos have anything to do with it?" asks ("имел отношение"); "nothing" was a word of
# its own where "anything" is filler.
_NOTHING_TO_DO = re.compile(
    r"\b(?:nothing|nowt|naught|zero) to do with\b|\bno (?=(?:hand|part|role) in\b)"
)
_NOTHING_TO_DO_RU = re.compile(r"\bни при ч[её]м\b|\bне при делах\b|\bне имел\w* отношени\w*")

# Phrases put in words of their own, in this order, each where its hint is in the text (a
# plain `in` is far cheaper than a regex that finds nothing). _may_rephrase reads the hints too.
_Rewrite = tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]]  # hint, pattern, to
_REWRITES: tuple[_Rewrite, ...] = (
    ("back", _COMES_BACK, "return"),
    ("mean", _MEANS, r"\1meaning"),
    ("значит", _MEANS_RU, r"\1что означает"),
    ("deal", _THE_DEAL, ""),
    ("истори", _STORY_WITH_RU, "что случилось "),
    ("bank", _MADE_BANK, "earned"),
    ("walk", _WALKS_IN_SPACE, "spacewalk"),
    # Before "show up": "who ran the show up there" ran it, and arrived nowhere.
    ("the sho", _CALLS_SHOTS, "run"),
    ("the strings", _CALLS_SHOTS, "run"),
    (" up", _SHOWS_UP, "arrive"),
    (" off", _LIFTS_OFF, "liftoff"),
    (" out", _GAVE_OUT, "failed"),
    ("the wings", _IN_THE_WINGS, "standby"),
    (" boot", _SETS_FOOT, "set foot"),
    (" foot", _SETS_FOOT, "set foot"),
    (" feet", _SETS_FOOT, "set foot"),
    ("me done", _SIGNING_OFF, "bye"),
    ("me off", _SIGNING_OFF, "bye"),
    ("me finished", _SIGNING_OFF, "bye"),
    ("me out", _SIGNING_OFF, "bye"),
    ("us done", _SIGNING_OFF, "bye"),
    ("signing off", _SIGNING_OFF, "bye"),
    ("it a night", _SIGNING_OFF, "bye"),
    ("it a day", _SIGNING_OFF, "bye"),
    ("m off", _SIGNING_OFF, "bye"),
    ("m done", _SIGNING_OFF, "bye"),
    ("m out", _SIGNING_OFF, "bye"),
    ("я ", _SIGNING_OFF, "пока"),
    ("to do with", _NOTHING_TO_DO, "anything to do with"),
    ("no hand in", _NOTHING_TO_DO, "a "),
    ("no part in", _NOTHING_TO_DO, "a "),
    ("no role in", _NOTHING_TO_DO, "a "),
    ("при ч", _NOTHING_TO_DO_RU, "имел отношение"),
    ("при делах", _NOTHING_TO_DO_RU, "имел отношение"),
    ("отношени", _NOTHING_TO_DO_RU, "имел отношение"),
    ("fit in", _FITS_IN, "role in"),
    ("fits in", _FITS_IN, "role in"),
    ("fitted in", _FITS_IN, "role in"),
    ("wer", _WERE_WHERE, "where"),
    ("which", _WHICH_OF_THEM, "who "),
    ("about", _SAYS_ABOUT, "comment"),
    ("what ", _WHAT_SAID, r"\1comment"),
    ("make of", _MADE_OF, r"\1comment on"),
    ("made of", _MADE_OF, r"\1comment on"),
    ("up th", _UP_THERE, "in space"),
    ("first ", _FIRST_GUY, "first man"),
    ("big ", _BIG, ""),
    ("other ", _OTHER_FILMS, "filmography"),
    ("ещ", _ELSE_PLAYED_RU, "фильмография "),
    ("how ", _HOW_TO, "how howto"),
    ("news drop", _NEWS_DROP, "news break"),
    (" call", _MADE_CALL, r"\1decision"),
    ("главн", _CHIEF_RU, "командир"),
    ("главн", _CHIEF_AFTER_RU, r"\1командир"),
    ("на ч", _ON_WHAT_RU, "на каком транспорте"),
    ("момент", _AT_THAT_MOMENT_RU, "тогда"),
    ("или после", _BEFORE_OR_AFTER_RU, r"раньше \1"),
    ("по времени", _TIME_WISE_RU, ""),
    ("служ", _SERVES_IN_THEATRE_RU, _plays_in_theatre),
    ("время", _AT_WHAT_TIME_RU, "во сколько"),
    ("forg", _I_FORGOT, "i"),
    ("tl dr", _TL_DR, "summary"),
    ("pitch", _PITCH, "summary"),
    ("random ", _RANDOM_Q, ""),
    ("weird ", _ODD_ONE, ""),
    ("odd ", _ODD_ONE, ""),
    ("strange ", _ODD_ONE, ""),
    ("silly ", _ODD_ONE, ""),
    ("daft ", _ODD_ONE, ""),
    ("dumb ", _ODD_ONE, ""),
    ("stupid ", _ODD_ONE, ""),
    ("curly ", _ODD_ONE, ""),
    ("tricky ", _ODD_ONE, ""),
    ("quick ", _ODD_ONE, ""),
    ("вопрос", _ODD_ONE, ""),
    ("true stor", _TRUE_STORY, "real "),
    ("true event", _TRUE_STORY, "real "),
    ("way round", _OTHER_WAY, ""),
    ("way around", _OTHER_WAY, ""),
    ("vice versa", _OTHER_WAY, ""),
    ("for ", _FOR_WHAT, ""),
    ("lets go", _LETS, ""),
    ("lets see", _LETS, ""),
    ("doing a", _DOING_A, ""),
    ("writing a", _DOING_A, ""),
    ("working on a", _DOING_A, ""),
    ("from", _WHICH_PLACE_FROM, "where"),
    ("end up", _END_UP, ""),
    ("ends up", _END_UP, ""),
    ("ended up", _END_UP, ""),
    ("ending up", _END_UP, ""),
    (" off to", _HANDS_OFF, r"hand\1 over to"),
    (" on to", _HANDS_OFF, r"hand\1 over to"),
    ("сда", _HANDS_OVER_RU, "передал"),
    ("record", _BROKE_RECORD, "beat"),
    ("рекорд", _BROKE_RECORD_RU, "побил"),
    ("thing wh", _THING_WHERE, ""),
    ("time where", _THING_WHERE, ""),
    ("start", _STARTED_TURNING, ""),
    # Whole words: "begin" is in "begino", a made-up word of the 10k synthetic facts, and sent
    # each of their batches text by text through every rewrite.
    ("began ", _STARTED_TURNING, ""),
    ("begin ", _STARTED_TURNING, ""),
    ("begins ", _STARTED_TURNING, ""),
    ("begun ", _STARTED_TURNING, ""),
    ("нача", _STARTED_TURNING_RU, ""),
    ("стал", _STARTED_TURNING_RU, ""),
    ("put ", _PUT_IN_FILM, "cast"),
    ("puts ", _PUT_IN_FILM, "cast"),
    ("putting ", _PUT_IN_FILM, "cast"),
    ("игра", _ACTS_WELL_RU, "качество"),
    ("сыгра", _ACTS_WELL_RU, "качество"),
    ("w up", _THROWS_UP, "nausea"),
    ("wn up", _THROWS_UP, "nausea"),
    ("wing up", _THROWS_UP, "nausea"),
    (" sick", _THROWS_UP, "nausea"),
    ("main ", _MAIN_GIRL, r"\1 actress"),
    ("lead", _MAIN_GIRL, r"\1 actress"),
    ("central ", _MAIN_GIRL, r"\1 actress"),
    ("main ", _MAIN_GUY, r"\1 actor"),
    ("lead", _MAIN_GUY, r"\1 actor"),
    ("central ", _MAIN_GUY, r"\1 actor"),
    ("главн", _MAIN_GIRL_RU, r"\1 актриса"),
    ("lined up", _LINED_UP, "supposed"),
    ("line up", _LINED_UP, "supposed"),
    ("lines up", _LINED_UP, "supposed"),
    ("lining up", _LINED_UP, "supposed"),
    ("s country", _HIS_COUNTRY, ""),
    ("r country", _HIS_COUNTRY, ""),
    ("own country", _HIS_COUNTRY, ""),
    ("russian", _WRITES_IN, r"write in \1"),
    ("english", _WRITES_IN, r"write in \1"),
    (" же", _SAME_RU, "одинаковый"),
    ("год", _SHORT_YEAR_RU, _full_year),
    ("м", _SHORT_YEAR_RU, _full_year),  # "кинчик же в 22-м вышел?": no "году" after it
)


# What "a two-sentence summary" and "a one line answer" may be said of (see _IN_SHORT).
_ANSWER_WORDS = (
    " summary",
    " answer",
    " version",
    " description",
    " overview",
    " recap",
    " explanation",
    " rundown",
)


# What the asked-plainly phrases of _IN_SHORT hold but "in " and "слов": "like im 5",
# "eli5", "for dummies", "простым языком", "для чайников", "на пальцах", "как ребенку".
# Whole enough to be rare: "eli" is in "babeli", one of 10k synthetic facts' made-up words, and
# sent every batch of them through the regex.
_PLAINLY_HINTS = (
    "like i", "as if i", "eli5", "eli 5", "for dumm", "for idiot", "язык", "для чайн", "для туп",
    "для деб", "пальцах", "как реб", "как пят", "как 5", "как перв", "как для",
)  # fmt: skip


def _may_say_short(holds: Callable[[str], bool]) -> bool:
    """Whether a text may hold a phrase of _IN_SHORT, told by `holds`, its `in` (see
    _may_rephrase): a cheap test before the regex, which has no literal start to look for and
    scanned a batch of 5,000 questions in 3 ms. Made-up words hold "line" ("kaline"), so that
    alone let it scan every batch of 10k synthetic facts (a tenth of their build)."""
    return (
        holds("слов")
        or holds("in ")
        or holds("short")
        or any(map(holds, _PLAINLY_HINTS))
        or (
            (holds("sentence") or holds("line") or holds("word")) and any(map(holds, _ANSWER_WORDS))
        )
    )


def _rephrase(text: str, rewrites: Sequence[_Rewrite] = _REWRITES) -> str:
    """Phrases that mean one word ("what is it about" asks for the plot), in joined words.

    `rewrites` are those of _REWRITES that may apply (see _rephrase_part); the rest all do.
    """
    if "about" in text or "насчет" in text:
        text = _WHAT_ABOUT.sub(_and, text)
    if _may_say_short(text.__contains__) and _IN_SHORT.search(text):
        text = " ".join(_IN_SHORT.sub(" ", text).split())
    if "самом деле" in text:
        text = " ".join(_ACTUALLY_RU.sub(" ", text).split())
    if ("bout" in text or "abt" in text) and _ASKS_PLOT.search(text) and not _TELLS.search(text):
        text = _ASKS_PLOT.sub("plot", text)
    for hint, pattern, replacement in rewrites:
        if hint in text:
            text = pattern.sub(replacement, text)
    if " on" in text and ("bl" in text or "splurge" in text) and _MONEY.search(text):
        text = _BLEW_ON.sub("spent", text)
    if "it take to " in text and _MONEY_NAMED.search(text):
        text = _TOOK_TO_MAKE.sub("did it cost", text)
    if "о ч" in text or "о ш" in text or "очем" in text or "проч" in text or "прош" in text:
        # "про что", "о чём", "про што" and their glued forms ("очем"): the only ways in
        before, after = _ASKS_PLOT_RU
        text = after.sub(r"\1 сюжет", before.sub("сюжет", text))
    return text


def clean(text: str, limit: int) -> str:
    """Casefolded words without mentions, command prefixes, URLs or punctuation."""
    return words(prepare(text, limit))


# Joins texts for clean_many. LINE SEPARATOR is whitespace, so no URL or mention runs across it;
# it is no word character, no format or control character, NFKC and casefold keep it, and no
# other character folds into it: each regex stops at it as it would at the end of a text.
_BATCH_SEP = "\u2028"
# Whitespace is left for split() to take, as words() leaves it after _NON_WORD: the same words.
_PUNCTUATION = re.compile(r"[^\w\s]+")


# The ASCII characters that _PUNCTUATION leaves alone, as bytes (see _punctuation_in).
_WORD_OR_SPACE_ASCII = bytes(c for c in range(128) if not _PUNCTUATION.match(chr(c)))


def _punctuation_in(joined: str) -> set[str]:
    """A set holding every character of a batch that _PUNCTUATION takes (and perhaps others).

    set() of the batch took a tenth of a second on 100k questions. Most batches are ASCII but
    for _BATCH_SEP, and there one bytes.translate pass leaves only the punctuation.
    """
    flat = joined.replace(_BATCH_SEP, " ")
    if flat.isascii():
        return set(flat.encode("ascii").translate(None, _WORD_OR_SPACE_ASCII).decode("ascii"))
    return set(joined)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))  # what isprintable() is True for in ASCII


def _printable(text: str) -> bool:
    """text.isprintable(): of an ASCII text, from its bytes, in half the time."""
    if text.isascii():
        return not text.encode().translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


# Texts cleaned at once: 100k questions joined made several copies of 5 MB of text at a time
# (a 70 MB peak in a reload); a few thousand are as fast.
CLEAN_BATCH = 5000


def clean_many(texts: Sequence[str], limit: int) -> list[str]:
    """[clean(t, limit) for t in texts], with each regex run once over a batch of them joined.

    A reload cleans 100k short questions: per-call overhead, not the matching, dominated. Steps
    that cannot change anything are skipped, which the checks before them prove.
    """
    if len(texts) <= CLEAN_BATCH:
        return _clean_batch(texts, limit)
    out: list[str] = []
    for start in range(0, len(texts), CLEAN_BATCH):
        out += _clean_batch(texts[start : start + CLEAN_BATCH], limit)
    return out


def _tripled(text: str) -> list[str]:
    """Each character other than a space that stands three times in a row somewhere."""
    if text.isascii():
        points: npt.NDArray[np.unsignedinteger[Any]] = np.frombuffer(text.encode(), np.uint8)
    else:
        points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    same = points[1:] == points[:-1]
    triples = points[2:][same[1:] & same[:-1] & (points[2:] != ord(" "))]
    return list(map(chr, np.unique(triples).tolist())) if triples.size else []


def _squeeze_runs_of(letter: str, text: str) -> str:
    """What _LETTER_RUN's substitution does to the runs of one letter: each made one letter.

    The regex tries each character for a run's start (6 ms a batch of the shipped facts'
    examples, a few of which have a run: "ССС"); a run of one letter is found from its first
    three, which the regex engine skips to."""
    return re.sub(f"{re.escape(letter * 3)}{re.escape(letter)}*", letter, text)


def _clean_batch(texts: Sequence[str], limit: int) -> list[str]:
    joined = _clean_joined(texts, limit)
    return [clean(t, limit) for t in texts] if joined is None else _split_texts(joined)


def _split_texts(joined: str) -> list[str]:
    """_clean_joined's texts, each finished as clean() finishes it."""
    out = list(map(" ".join, map(str.split, joined.split(_BATCH_SEP))))
    # Asked of the texts as _rephrase reads them, spaced as clean() spaces them: a hint with a
    # space in it stands whole only there ("of her... country" is "of her country").
    joined = _BATCH_SEP.join(out)
    if not _may_rephrase(joined):
        return out
    if len(out) <= _REPHRASE_PART:
        return _rephrase_part(out, joined)
    # A part of the batch at a time: the shipped facts' last 2,300 examples sent the 2,700
    # synthetic ones after them in their batch text by text too. Each part is asked of as the
    # batch was, spaced as clean() spaces it.
    for start in range(0, len(out), _REPHRASE_PART):
        end = start + _REPHRASE_PART
        part = _BATCH_SEP.join(out[start:end])
        if _may_rephrase(part):
            out[start:end] = _rephrase_part(out[start:end], part)
    return out


def _rephrase_part(texts: list[str], joined: str) -> list[str]:
    """list(map(_rephrase, texts)), where `joined` is the texts joined by _BATCH_SEP.

    Each text was asked for each of _REWRITES' 133 hints, a few dozen nanoseconds each: most
    of _rephrase's time (90 ms of each build, on the shipped facts' examples), while a part
    of 256 of them holds some 20 of the hints. A hint the part does not hold is in none of its
    texts: a text that the rewrites of the part's hints leave as it was, all of them would too.
    A text they change is rephrased again with them all, as a rewrite may write another's hint
    ("не ни при чём" becomes "не имел отношение", which the "отношени" rewrite reads).
    """
    rewrites = [rewrite for rewrite in _REWRITES if rewrite[0] in joined]
    out: list[str] = []
    for text in texts:
        rephrased = _rephrase(text, rewrites)
        out.append(text if rephrased == text else _rephrase(text))
    return out


# Texts of a batch that _may_rephrase is asked of again, where the batch as a whole may need
# _rephrase: asking took a tenth of _rephrase's time on 256 synthetic examples (65 µs), and a
# hundredth on 256 shipped ones, where it finds a hint at once.
_REPHRASE_PART = 256


# Each phrase _rephrase looks for holds one of these, or is looked for whole (_may_rephrase):
# " up", "wer", "which", "for ", "from", "what ", "how " and "other " are in too many words
# ("went up", "answer") or examples to send a batch text by text.
_SEARCHED_WHOLE = (" up", "wer", "which", "for ", "from", "what ", "how ", "other ")
_REWRITE_HINTS = tuple(h for h, _, _ in _REWRITES if h not in _SEARCHED_WHOLE)
_REPHRASE_HINTS = ("bout", "abt", "слов", "ч", "ш", "самом деле", *_REWRITE_HINTS)
_ASCII_HINTS = tuple(h for h in _REPHRASE_HINTS if h.isascii())


def _may_rephrase(joined: str) -> bool:
    # Most batches need no call of _rephrase per text. The Cyrillic hints cost nothing on an
    # all-ASCII batch: no scan finds a character its string cannot hold. "In one line" is
    # looked for as the whole phrase: "line" and "word" alone are in too many words ("online",
    # "password", 10k synthetic facts' made-up ones) and sent every batch of a reload text by
    # text (0.1 s more for 10k facts).
    # A batch of ASCII but for its separators holds no Cyrillic hint. `in` cannot tell that of
    # a string the separator makes wider than ASCII, and scanned it whole for each of them
    # (2.5 ms a batch of 5,000 questions, a twentieth of a 10k-fact build).
    flat = joined.replace(_BATCH_SEP, "\n")  # no hint holds either: found in both or neither
    holds = _scanner(flat) if flat.isascii() else joined.__contains__
    return (
        any(map(holds, _ASCII_HINTS if flat.isascii() else _REPHRASE_HINTS))
        or (holds(" on") and _BLEW_ON.search(joined) is not None)
        or (holds("it take to ") and _TOOK_TO_MAKE.search(joined) is not None)
        or (_may_say_short(holds) and _IN_SHORT.search(joined) is not None)
        or (holds("for ") and _FOR_WHAT.search(joined) is not None)
        or (holds("from") and _WHICH_PLACE_FROM.search(joined) is not None)
        or (holds(" up") and _SHOWS_UP.search(joined) is not None)  # "up" is in every "went up"
        or (holds("wer") and _WERE_WHERE.search(joined) is not None)
        or (holds("which") and _WHICH_OF_THEM.search(joined) is not None)
        or (holds("what ") and _WHAT_SAID.search(joined) is not None)
        or (holds("how ") and _HOW_TO.search(joined) is not None)
        or (holds("other ") and _OTHER_FILMS.search(joined) is not None)
    )


def _scanner(ascii_text: str) -> Callable[[str], bool]:
    """`in` of an ASCII text, that first asks whether each pair of adjacent characters of the
    phrase is in the text at all: a phrase is not there if one of its pairs is not.

    `in` scans a batch of 5,000 questions in about 0.1 ms, and _may_rephrase looks for some 50
    phrases, in every batch of a build: a fifth of building 10k synthetic facts' index. Their
    made-up words miss a pair of nearly every phrase ("ou" of "about", "nk" of "bank"), and the
    pairs are all found in one pass over the text's bytes.
    """
    codes = np.frombuffer(ascii_text.encode("ascii"), np.uint8)
    found = np.zeros(1 << 14, np.bool_)  # pair -> in the text, by its two 7-bit codes
    found[(codes[:-1].astype(np.uint16) << 7) | codes[1:]] = True
    pairs = found.tobytes()

    def holds(phrase: str) -> bool:
        if not phrase.isascii():
            return False  # as `in` says of any character the text cannot hold
        if not all(pairs[ord(a) << 7 | ord(b)] for a, b in itertools.pairwise(phrase)):
            return False
        return phrase in ascii_text

    return holds


# Put before each text's words by clean_many_words. No cleaned text holds it: it is a control
# character, and cleaning drops every one of those (see _fold and _clean_joined).
TEXT_MARK = "\x00"


def clean_many_words(texts: Sequence[str], limit: int) -> list[str]:
    """The words of clean_many(texts, limit), each text's after a TEXT_MARK: what
    f"{TEXT_MARK} {f' {TEXT_MARK} '.join(clean_many(texts, limit))}".split() gives ([] for
    no texts). Most batches go without the list of texts: 100k questions' words split into
    texts, joined and split again took a tenth of an index's build."""
    out: list[str] = []
    for start in range(0, len(texts), CLEAN_BATCH):
        batch = texts[start : start + CLEAN_BATCH]
        joined = _clean_joined(batch, limit)
        if joined is not None and not _may_rephrase(joined):
            # split() takes _BATCH_SEP as whitespace: the same words as text by text.
            out += f"{TEXT_MARK} {joined.replace(_BATCH_SEP, f' {TEXT_MARK} ')}".split()
        else:
            cleaned = [clean(t, limit) for t in batch] if joined is None else _split_texts(joined)
            out += f"{TEXT_MARK} {f' {TEXT_MARK} '.join(cleaned)}".split()
    return out


def _clean_joined(texts: Sequence[str], limit: int) -> str | None:
    """The texts cleaned but for _rephrase and their spacing, joined by _BATCH_SEP: split() of
    each part gives the words of clean(). None when a text holds _BATCH_SEP itself."""
    cut = [t[: limit * 2] for t in texts] if max(map(len, texts), default=0) > limit * 2 else texts
    joined = _BATCH_SEP.join(cut)
    if joined.count(_BATCH_SEP) != len(cut) - 1:
        return None  # a text holds the separator (before its cut, clean() has cut it too)
    if "/" in joined:
        # Anchored at each text's start: text by text.
        joined = _BATCH_SEP.join([_COMMAND.sub(" ", t) if "/" in t else t for t in cut])
    ascii_only = all(map(str.isascii, cut))
    if "@" in joined or "<#" in joined:  # every mention has one
        joined = _MENTION.sub(" ", joined)
    if "http" in joined:
        joined = _URL.sub(" ", joined)
    if "U" in joined:
        joined = _USA.sub(" USA ", joined)
    if ascii_only:
        # NFKC keeps ASCII as it is, and casefold() of ASCII is lower(), which is faster (the
        # subs above put only ASCII in). A batch of transliterated questions is ASCII too.
        # Lowered as bytes, where the separator is three bytes no ASCII letter is: the string
        # it makes wider than ASCII was lowered character by character (1 ms a batch).
        joined = joined.encode().lower().decode()
    else:
        joined = unicodedata.normalize("NFKC", joined).casefold().replace("ё", "е")
    # isprintable() is False for every format and control character (category C*), and cheap:
    # translate() is not (a fifth of a second on 100k questions that need none of it).
    if not _printable(joined.replace(_BATCH_SEP, " ")):
        joined = joined.translate(_SPACES)
        # With line breaks made spaces, answers have no such character left, and _invisible()
        # takes a tenth of a second to make (once per process, but that was in a reload).
        if not _printable(joined.replace(_BATCH_SEP, " ")):
            joined = _invisible().sub("", joined)
    prepared = joined.split(_BATCH_SEP)
    if len(prepared) != len(texts):  # cannot happen (see _BATCH_SEP); never guess
        return None
    if max(map(len, prepared), default=0) > limit:
        joined = _BATCH_SEP.join(p[:limit] for p in prepared)
    del prepared
    if _has_sum_sign(joined) and _SUM.search(joined):
        joined = _BATCH_SEP.join(map(_sums_named, joined.split(_BATCH_SEP)))
    # Their hyphenated endings are Russian: an ASCII batch has none to look for.
    if not ascii_only and _may_have_indefinites(joined):
        # Text by text: few hold one, and the patterns scan 100k questions slowly (0.17 s),
        # while they stop at _BATCH_SEP as at a text's end: the same result.
        joined = _BATCH_SEP.join(map(_drop_indefinites, joined.split(_BATCH_SEP)))
    # Character by character rather than by regex: a batch holds a few dozen distinct
    # characters, and str.replace of each was a tenth of the regexes' time on 100k questions.
    chars = _punctuation_in(joined)  # apostrophes are punctuation too
    if not _APOSTROPHE_CHARS.isdisjoint(chars):
        joined = _APOSTROPHES.sub("", joined)  # a regex: a possessive goes with its "s"
    # A run of punctuation becomes several spaces rather than one: split() takes them all.
    for char in chars:
        if _PUNCTUATION.match(char):
            joined = joined.replace(char, " ")
    joined = joined.replace("_", " ")
    # words() squeezes letter runs before it drops punctuation and underscores; afterwards, over
    # the batch, gives the same words (a run is of one word character, which whitespace ends,
    # and squeezing a run of "_" or dropping it both leave a break). Few texts have one: three
    # of a character in a row is looked for first, in an array of code points (the regex over
    # 100k questions took 0.1 s, looking for each character tripled 0.08 s). An ASCII batch is
    # looked at as bytes, a quarter of the code points' size, its separators made spaces: that
    # breaks no run of a letter, and three separators in a row would have made the regex look
    # for one in vain. Then each letter found so is squeezed on its own: squeezing one letter's
    # runs leaves one of it in each, so it neither makes nor joins a run of another.
    for char in _tripled(joined.replace(_BATCH_SEP, " ") if ascii_only else joined):
        if _LETTER_RUN.match(char * 3):  # a letter: "2000" is no "20"
            joined = _squeeze_runs_of(char, joined)
    return joined


def script_counts(text: str) -> tuple[int, int]:
    """(Cyrillic letters, Latin letters) in already-folded text."""
    return len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))


def detect_lang(text: str, locale: str | None) -> Lang:
    """Russian when the text is mostly Cyrillic; English when mostly Latin; else the hint."""
    cyr, lat = script_counts(_fold(text))
    if cyr > lat:
        return Lang.RU
    if lat > cyr:
        return Lang.EN
    return locale_lang(locale)


def locale_lang(locale: str | None) -> Lang:
    if locale and locale.lower().replace("_", "-").split("-")[0] in {"ru", "uk", "be", "kk"}:
        return Lang.RU
    return Lang.EN


_CYR_TO_LAT_TABLE = str.maketrans(_CYR_TO_LAT)


def translit_to_latin(word: str) -> str:
    # str.translate: what a join of _CYR_TO_LAT.get(ch, ch) over the characters gives, in C.
    return word.translate(_CYR_TO_LAT_TABLE)


# "y" after a vowel, and before none, is й: "domoy" is домой, "novyy" новый, "moya" моя.
_SHORT_I = re.compile(r"(?<=[aeiouy])y(?![aeiou])")


# Volapuk, the chat transliteration of the years before Cyrillic keyboards: "4" before a letter
# is ч ("4asov" is "часов"), as "w" is ш ("wipenko"). Not at a word's end: "inspiration4".
_FOUR_AS_CH = re.compile(r"(?<![0-9])4(?=[a-z])")


def latin_to_cyrillic(text: str) -> str:
    """Undo common transliteration: "kto rezhisser" → "кто режиссер"."""
    if "4" in text:
        text = _FOUR_AS_CH.sub("ch", text)
    return _LAT_TO_CYR_RE.sub(lambda m: _LAT_TO_CYR_MAP[m.group(0)], _SHORT_I.sub("j", text))


def swap_layout(text: str) -> str:
    """Retype text as if the other keyboard layout had been on: "ghbdtn" ↔ "привет"."""
    cyr, lat = script_counts(text)
    return text.translate(_TO_CYR_LAYOUT if lat >= cyr else _TO_LAT_LAYOUT)


# Chat spellings of words the facts spell out. Question words glued to "is" keep their
# question ("whats" asks "what", not nothing), and "што" must not be fixed into "стоил".
_SPELLINGS = {
    "whats": "what", "wats": "what", "wat": "what", "whos": "who", "hows": "how",
    "wheres": "where", "whens": "when", "whys": "why", "whyd": "why", "howd": "how",
    "whod": "who", "whatd": "what", "whered": "where", "abt": "about", "bout": "about",
    "wen": "when", "whn": "when", "wher": "where", "wht": "what", "wut": "what", "wot": "what",
    "hw": "how", "hwo": "who", "waht": "what", "wtf": "what", "teh": "the", "goin": "going",
    "doin": "doing", "nothin": "nothing", "somethin": "something",
    "hrs": "hours", "hr": "hour", "mins": "minutes", "yrs": "years", "yr": "year",
    "ppl": "people", "govt": "government", "uni": "university",
    # Chat's short forms: "how long is it bc i got zero attention span", "peresild n shipenko".
    "bc": "because", "cuz": "because", "coz": "because", "bcuz": "because", "b4": "before",
    "n": "and", "tldr": "summary", "ty": "thanks", "tysm": "thanks", "thx": "thanks",
    "thnks": "thanks", "thnx": "thanks", "thanx": "thanks", "thanku": "thanks",
    "w": "with", "em": "them", "rly": "really", "thot": "thought", "wre": "were", "soo": "so",
    "yuo": "you", "oct": "october", "wer": "were", "els": "else",
    # "can my nan txt u in russian": chat's short word for what the examples say in full
    # ("Can I write to you in Russian?").
    "txt": "write", "txting": "writing",
    # "who rode along with bezos on his flight": chat rides where the examples go ("who went
    # up with jeff bezos").
    "rode": "went",
    # "someone needs surgery in space rite?" ends on the tag "right?", filler: not a ritual.
    "rite": "right",
    # A bot's commands, not a commander: both stem to "command", and "what commands do you
    # have?" was answered with the Soyuz commander's biography.
    "commands": "cmds", "cmd": "cmds",
    # Russian words that stem to a synonym's stem: "летит" (flies) and "летом" (in summer) to
    # "лет" (years, an age), "стоя" (standing) to "стоит" (costs). Each to a word of its own
    # meaning that stems apart.
    "летит": "летает", "летят": "летают", "летим": "летаем", "летишь": "летаешь",
    "лето": "летний", "летом": "летний", "лете": "летний", "стоя": "стоймя",
    # "иди ты со своим кино" is no question about an idea ("идею", "идеи"), which stems the same.
    "идеи": "идея", "идею": "идея", "иди": "идти", "идите": "идти", "иду": "идти",
    "идем": "идти",
    "што": "что", "шо": "что", "чо": "что", "че": "что", "скок": "сколько",
    "скока": "сколько", "скоко": "сколько", "сколко": "сколько", "щас": "сейчас",
    "ваще": "вообще", "слышь": "слушай", "слыш": "слушай", "кароче": "короче",
    "кароч": "короч",
    # Chat's words for what the facts say in full: "о чём кинчик", "на какой высоте мкска",
    # "кто у круза режик", "первая тётка в космосе", "ты по-русски шаришь или тока по англ".
    # Keys as cleaned text has them, "ё" folded to "е": "тётка" arrives as "тетка".
    "кинчик": "фильм", "кинчика": "фильма", "кинцо": "фильм", "мкска": "мкс", "мкски": "мкс",
    "мкске": "мкс", "мкску": "мкс", "режик": "режиссер", "режика": "режиссера",
    "режиком": "режиссером", "тетка": "женщина", "движуха": "проект",
    "движуху": "проект", "движухи": "проекта", "шаришь": "понимаешь", "шарить": "понимать",
    "шарит": "понимает", "тока": "только", "токо": "только", "инглиш": "английский",
    "видос": "видео", "видоса": "видео", "лан": "ладно", "плз": "пожалуйста",
    "какова": "какой", "каков": "какой", "каково": "какой", "чья": "чей",
    "чье": "чей", "чьи": "чей", "чьих": "чей", "чьим": "чей", "стряслось": "случилось",
    "рулил": "управлял", "рулить": "управлять", "рулили": "управляли", "запулили": "запустили",
    "пришвартовался": "пристыковался", "пришвартовались": "пристыковались", "ярд": "миллиард",
    "замутили": "сделали", "замутил": "сделал",
    # Chat's "fell off" for a system that failed ("автоматика отвалилась"), which a typo fix
    # read as "оставалась" (stayed).
    "отвалилась": "отказала", "отвалился": "отказал", "отвалилось": "отказало",
    "отвалились": "отказали",
    # The perfective "сыграл" (played) stems apart from "играет" (plays), which most examples
    # use: "кто сыграл хирурга?" shared only "кто" and the surgeon with "кто играет хирурга?".
    "сыграл": "играл", "сыграла": "играла", "сыграли": "играли", "сыграть": "играть",
    "сыграет": "играет", "сыгравший": "игравший", "сыгравшая": "игравшая",
    # Words whose vowel drops or moves as they decline stem apart in each form: "день" to
    # "ден", "дня" to "дня", "дней" to "дне", so "сколько денй" (a slip of "дней") met no
    # example that says "дней". Each form to the word: these count how long they stayed.
    "дня": "день", "дней": "день", "дни": "день", "дням": "день", "днями": "день",
    "днях": "день", "дню": "день", "днем": "день",
    # "забили на фильм": gave it up, not forgot ("забыли"), which stems the same.
    "забили": "забросили", "забил": "забросил",
    "када": "когда", "кагда": "когда", "кгда": "когда", "превед": "привет", "каво": "кого",
    "чево": "чего", "чиво": "чего",
    "англ": "английский", "вбухать": "потратить", "вбухали": "потратили", "вбухал": "потратил",
    # "eto" in Latin letters reads "ето": an "э" people type as "e".
    "ето": "это", "ета": "эта", "етот": "этот", "ети": "эти", "етом": "этом", "етой": "этой",
    "етого": "этого",
    # English verbs' irregular past forms, which the stemmer leaves as they are: "who ran the
    # station when the film crew arrived?" is "who runs it?", "shatnr flew to space" flies.
    # Only these three: folding "came", "took", "made", "went", "shot" and 40 more like them
    # into their verbs as well cost held-out questions (English 92.2%, not 92.6%; rejection
    # 96.7%, not 97.0%).
    "ran": "run", "flew": "fly", "flown": "fly",
    # Russian verb forms that stem apart from the form the examples use: "снимут ли третий
    # фильм" (they will shoot) from "снимет ли Шипенко третий фильм", the imperfective "о чём
    # тебя можно спрашивать" from "о чём тебя можно спросить".
    "снимут": "снимет", "спрашивать": "спросить",
    # "Прибыл" (arrived) stems as "прибыли" does, which is also a profit's ("сколько прибыли"),
    # so "arrive" (synonyms.SYNONYMS) leaves it out; its forms that only arrive are "прилетел":
    # "кто находился на МКС, когда туда прибыл «Союз»" asks what "когда прилетели" asks.
    "прибыл": "прилетел", "прибыла": "прилетела", "прибыло": "прилетело",
    # Chat's clipped "стыкануться" (to dock): "когда стыканулись?" is "когда состыковались?".
    "стыканулись": "состыковались", "стыканулся": "состыковался", "стыканулась": "состыковалась",
    "стыкнулись": "состыковались", "стыкнулся": "состыковался", "стыкнулась": "состыковалась",
    # "По мск", "msk": Moscow time, as the examples say it ("во сколько по Москве стартовали?",
    # "what time was liftoff in Moscow?"); "мск" was a word only one example used.
    "мск": "москве", "msk": "moscow",
    # Chat's clipping of "professional": "is it all pro actors", "only one pro cosmonaut".
    "pro": "professional", "pros": "professionals",
    # "Движок", chat's word for an engine: "из за чьих движков" asks of the engines
    # ("двигатели «Союза» развернули станцию?"), and "движков" was a word no fact knew.
    "движок": "двигатель", "движка": "двигателя", "движку": "двигателю",
    "движком": "двигателем", "движке": "двигателе", "движки": "двигатели",
    "движков": "двигателей", "движкам": "двигателям", "движками": "двигателями",
    "движках": "двигателях",
    # "МКС крутило" (the station spun) stems as "крутой" (cool) does: the word of the same
    # spin that stems apart (synonyms.SYNONYMS).
    "крутило": "крутануло",
    # "Байк", chat's clipping of Байконур ("звал на байк"). Only these forms: "байка" is a tale.
    "байк": "байконур", "байке": "байконуре",
    # Chat's idioms for what the examples say plainly, each with its forms: "раскошелиться" and
    # "отстегнуть" are to spend; "заправлял всем", "верховодил" to be in charge, as "рулил" is;
    # "махнула в космос" flew; "отсняли" filmed; "распишите" asks to tell; "эта троица" is the
# crew of three, as "the trio" is; "that fella" a guy (filler), not "fell" stemmed.
    "раскошелиться": "потратить", "раскошелились": "потратили", "раскошелился": "потратил",
    "раскошелилась": "потратила", "раскошелятся": "потратят", "раскошелилось": "потратило",
    "отстегнули": "потратили", "отстегнул": "потратил", "отстегнуть": "потратить",
    "отстегнула": "потратила",
    "заправлял": "руководил", "заправляла": "руководила", "заправляли": "руководили",
    "заправляет": "руководит", "заправлять": "руководить", "верховодил": "руководил",
    "верховодила": "руководила", "верховодили": "руководили", "рулит": "управляет",
    "рулила": "управляла", "рулят": "управляют", "порулить": "управлять",
    "махнула": "полетела", "махнул": "полетел", "махнули": "полетели", "махнуть": "полететь",
    "отсняли": "сняли", "отснял": "снял", "отсняла": "сняла", "отснять": "снять",
    "отснято": "снято", "распишите": "расскажите", "распиши": "расскажи",
    "троица": "экипаж", "троицы": "экипажа", "троицу": "экипаж", "троице": "экипажу",
    "троицей": "экипажем", "trio": "crew",
    "fella": "guy", "fellas": "guys", "feller": "guy",
}  # fmt: skip


def _stemmer(language: str) -> Any:
    stemmer = snowballstemmer.stemmer(language)
    if hasattr(stemmer, "maxCacheSize"):
        # PyStemmer's own cache of 10k words (stem() has an lru_cache for what people type)
        # made stemming an index's 20k new words four times slower: 60 ms, not 15.
        stemmer.maxCacheSize = 0
    return stemmer


_STEM_EN = _stemmer("english")
_STEM_RU = _stemmer("russian")


# English stems spelt as a Russian word's transliteration, given a spelling of their own:
# "started spinning" is no "старт" (a launch), which Latin letters spell "start".
_ENGLISH_STEMS = {"start": "begin"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """One word → its stem in its own language, spelled in Latin letters."""
    word = _SPELLINGS.get(word, word)
    if _CYRILLIC.search(word):
        if word in STOPWORDS_RU or len(word) == 1:  # a lone letter: "66-й", a stray key
            return ""
        stemmed = translit_to_latin(str(_STEM_RU.stemWord(word)))
        if word.endswith(("ся", "сь")) and len(word) > 4:
            # The stemmer drops the reflexive ending, but it changes the verb: "снял фильм"
            # directed the film, "снялся в фильме" acted in it.
            stemmed += "'s"
        return CYRILLIC_MARK + stemmed
    if word in STOPWORDS_EN:
        return ""
    if word.isdigit() or len(word) <= 2:
        return word
    stemmed = str(_STEM_EN.stemWord(word))
    return _ENGLISH_STEMS.get(stemmed, stemmed)


def filler_stems(cyrillic: bool) -> list[str]:
    """The filler words of one script as stems, for telling a mistyped "abuot" from a new word."""
    if cyrillic:
        return sorted({translit_to_latin(str(_STEM_RU.stemWord(w))) for w in STOPWORDS_RU})
    return sorted({str(_STEM_EN.stemWord(w)) for w in STOPWORDS_EN if w.isalpha()})


CYRILLIC_MARK = "\u0001"  # marks a stem that came from a Cyrillic word, for script-aware typos


def scripted_word(word: str, *, cached: bool = True) -> tuple[str, bool] | None:
    """One cleaned word as scripted_tokens gives it; None for filler. Without `cached`, stem's
    cache is neither read nor filled: an index's build stems each of its words once, and 20k
    of them held 3 MB in the cache, at a reload's peak, for words few people type."""
    token = stem(word) if cached else stem.__wrapped__(word)
    if not token:
        return None
    cyrillic = token.startswith(CYRILLIC_MARK)
    return token.removeprefix(CYRILLIC_MARK), cyrillic


def scripted_words(words: Sequence[str]) -> list[tuple[str, bool] | None]:
    """[scripted_word(w, cached=False) for w in words], each language's words stemmed in one
    call: an index's build stems 20k new words, and a call to stem() per word cost more than
    the stemming (0.1 s of a 10k-fact reload)."""
    tokens: list[str] = []
    russian: list[int] = []  # where the tokens of Russian words still to stem are
    english: list[int] = []  # the same, for English words
    for word in words:
        word = _SPELLINGS.get(word, word)
        if not word.isascii() and _CYRILLIC.search(word):  # isascii() first: 5x faster
            if word in STOPWORDS_RU or len(word) == 1:
                word = ""
            else:
                russian.append(len(tokens))
        elif word in STOPWORDS_EN:
            word = ""
        elif not (word.isdigit() or len(word) <= 2):
            english.append(len(tokens))
        tokens.append(word)
    stems = _STEM_RU.stemWords([tokens[i] for i in russian])
    for i, stemmed in zip(russian, stems, strict=True):
        word = tokens[i]
        stemmed = translit_to_latin(str(stemmed))
        if word.endswith(("ся", "сь")) and len(word) > 4:
            stemmed += "'s"  # as stem() marks a reflexive verb
        tokens[i] = CYRILLIC_MARK + stemmed
    for i, stemmed in zip(english, _STEM_EN.stemWords([tokens[i] for i in english]), strict=True):
        tokens[i] = _ENGLISH_STEMS.get(str(stemmed), str(stemmed))
    return [
        (t.removeprefix(CYRILLIC_MARK), t.startswith(CYRILLIC_MARK)) if t else None for t in tokens
    ]


def scripted_tokens(cleaned: str) -> list[tuple[str, bool]]:
    """Stemmed, Latin-spelled tokens of cleaned text, filler removed, each with a flag: True
    when the word was Cyrillic. Typos are fixed within a script: "успела" is no "spell"."""
    out: list[tuple[str, bool]] = []
    for word in cleaned.split():
        token = stem(word)
        if token:
            cyrillic = token.startswith(CYRILLIC_MARK)
            out.append((token.removeprefix(CYRILLIC_MARK), cyrillic))
    return out


def tokens(cleaned: str) -> list[str]:
    """Stemmed, Latin-spelled tokens of cleaned text, filler removed."""
    return [token for token, _ in scripted_tokens(cleaned)]
