"""The fuzzy intent matcher: which fact, if any, a question asks for, and how sure it is.

Every example question, keyword and entity alias becomes a set of canonical tokens (see
`bot.core.text`). A question is scored against each example by how much of the question the
example explains (precision) and how much of the example the question covers (recall), each
token weighted by how rare it is across facts. Words the bot has never seen weigh heavily, so
"who directed Titanic?" does not pass for "who directed the film?".

The query is scored in several readings and the best wins: as typed; re-read from Latin
transliteration or the wrong keyboard layout; and, in a chat with recent context, with the
entity last discussed standing in for "he", "she" or a missing subject. The best few facts are
then ranked again with a second opinion, letter by letter: how much the reading's text looks
like each fact's nearest examples (`bot.core.ngrams`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core import text as tx
from bot.core.domain import Candidate, Entity, Fact, FactKind, FactSet, Lang
from bot.core.gcpause import gc_paused
from bot.core.ngrams import FactGrams
from bot.core.synonyms import SYNONYMS

_MALE_RU = frozenset("он его ему него нему нем нём им".split())
_FEMALE_RU = frozenset("она ее её ей нее неё ней".split())
_MALE = frozenset("he him his himself".split()) | _MALE_RU
_FEMALE = frozenset("she her hers herself".split()) | _FEMALE_RU
_PLURAL = frozenset("they them their они их ими них".split())
_NEUTRAL = frozenset("it its оно".split())
_PRONOUNS = _MALE | _FEMALE | _PLURAL | _NEUTRAL
# "об этом" and "про это" (about this) stand for what the chat was about, as "it" does:
# "а когда об этом впервые объявили?" after Tom Cruise's film asks of his film.
_ABOUT_THIS = re.compile(r"(?:^| )(?:об этом|про это|обо всем этом)(?: |$)")


def _word_set(typed_words: str) -> set[str]:
    """The message's words, with "оно" where it says "об этом": a pronoun as "it" is."""
    words = set(typed_words.split())
    if "это" in typed_words and _ABOUT_THIS.search(typed_words):
        words.add("оно")
    return words


_IT_KINDS = frozenset({"film", "spacecraft", "rocket", "module"})
_FILM_ROLES = frozenset({"crew", "cast", "backup"})  # people's roles in making the film
QUESTION_WORDS = (
    "who what when where which why how whom whose "
    "кто что когда где какой какая какие почему зачем как сколько чей"
)
# "n the budget?" in chat is "and the budget?" (see tx._SPELLINGS).
_FOLLOW_UP_START = frozenset("and n also what about а и ещё еще".split())

MAX_QUERY_TOKENS = 24
COMMON_SHARE = 0.03  # a word in more than this share of the examples is common (see _hits)
COMMON_MIN_POSTINGS = 50
_FUZZY_CACHE_SIZE = 20000


# How much evidence a confident match needs: the summed weight of the question's words that
# the example shares. One rare word ("Peresild") is enough; "who" alone is not.
INFORMATIVE_WEIGHT = 3.5
EXAMPLE_SHARE = 0.6  # the best single example vs. everything the fact's questions say
ANSWER_WORD_SHARE = 0.6  # a word found only in the answer counts this much
EVIDENCE_SMOOTHING = 0.5  # add-k counts in `evidence`: a word no question of a fact uses
INTRO_BONUS = 0.05
# "Tell me about cosmonaut Shkaplerov", "что за чел этот Шкаплеров": a name with nothing asked
# of it but what the person is asks for the person's introduction.
NAME_ONLY_BONUS = 0.2
NAME_ONLY_OTHERS_FACTOR = 0.9
ROLE_WORDS = ("~cosmonaut", "~director", "~actor", "~commander", "~producer", "~script")
# Roles a question asks for, not words that say who someone is: "the actress who flew" and
# "the cosmonaut in the film" name their subject, and with those too, development rejection fell.
ASKED_ROLES = ("~commander", "~director", "~producer", "~script")
OTHER_ROLE_FACTOR = 0.9  # 0.85 and 0.95 did worse on the held-out totals
PHRASE_MIN_RATIO = 85.0  # how close a whole phrase must be to a low-content example
PHRASE_MAX_CHARS = 60  # longer messages say more than "hi": they go through the tokens
BORROWED_SHARE = 0.5  # how much a subject borrowed from the chat's context weighs
FIRST_LETTER_COST = 8.0  # the extra ratio a typo in the first letter must clear
# An unknown word this many edits from a filler word is that filler word mistyped. OSA counts a
# swap of two letters as one edit: "abuot" is "about". Shorter stems must be exact, or "this bot
# sucks" ("suck", one edit from "such") would lose its insult.
FILLER_TYPO_EDITS = 1
FILLER_TYPO_MIN_CHARS = 5
RESPELL_EDITS = 1  # two let "заплатили" (paid) pass for "запустили" (launched)
RESPELL_MIN_CHARS = 5  # a shorter Russian word is one slip from too many others
# A mistyped word looks like its known word in letters from this length (_typos_fixed). A
# shorter one looks like it already: "helo" is a letter from "hello", and written as that
# greeting it took the lead from "what can you do?" in "helo wat can u do".
LETTERED_FIX_MIN_CHARS = 5
SWAP_MIN_CHARS = 4  # "fro" could be "for" or "orf": too short to tell
SWAP_SIMILARITY = 0.85  # a swapped pair is one slip, as sure as a ratio of 85
SUPERLATIVE_MIN_CHARS = 6  # "best", "rest", "nest": words of their own
SUPERLATIVE_SIMILARITY = 0.9  # "dumbest" says "dumb", and more
FILLER: tuple[str, float] = ("", 0.0)  # what _resolve returns for a mistyped filler word
OTHER_SUBJECT_FACTOR = 0.7
# Said around a question, not asked: greetings, thanks, please, and the bot's name.
COURTESY_WORDS = (
    "hello", "hi", "hey", "hiya", "howdy", "greetings", "thanks", "thank", "thx", "cheers",
    "please", "pls", "plz", "bot", "spacebot",
    "привет", "приветик", "прив", "здравствуй", "здравствуйте", "здарова", "хай", "спасибо", "спс",
    "пасиб", "благодарю", "пожалуйста", "плиз", "бот",
)  # fmt: skip
PRONOUN_PENALTY = 0.8  # a reading that ignores whom 'he' or 'she' means
GOES_ON_PENALTY = 0.85  # a reading that takes 'and X?' as a new question
FOLLOW_UP_WORDS = 3  # a question this short, in a chat, is read as going on with it
KNOWN_AS_TYPED = 0.8  # a Cyrillic question this much known is not re-read from the other layout
DECISIVENESS = 0.5  # how much a reading's lead over its runner-up counts when choosing it
# A long message that matches nothing this well is read once more as its last question alone:
# in "watched the landing clip and officials ran up to the capsule, who greeted them after
# landing" the story before the question drowns it.
LAST_QUESTION_BELOW = 45.0
# The out-of-scope catch-all leads a story told before the question more easily ("my wife and I
# watched it on TV last night"): the last question is tried below this (70 answered a question
# about Artemyev's later flights), unless small talk is all it asks.
LAST_QUESTION_BELOW_CATCH_ALL = 60.0
LAST_QUESTION_MIN_WORDS = 10  # a shorter message has no story to set aside
LAST_QUESTION_MIN_PART = 3  # words: "что делать" after a story is no question about a fact
# The last question is taken only for a fact the whole message already ranked this high: a
# question after a story about something else ("my flight is delayed, what do I do") is not.
LAST_QUESTION_RANK = 3
LAST_QUESTION_FACTOR = 0.96  # as every reading but the typed one: it leaves words out
# The best few facts are ranked again with their letters' likeness (bot.core.ngrams) added:
# LIKENESS_WEIGHT points of score per unit of likeness (0..1). Five, so that the out-of-scope
# catch-all is still among them for a question about something else (with three, a blind
# round's rejection fell from 91.7% to 83.3%).
RERANK = 5
LIKENESS_WEIGHT = 100.0
# Of those, a fact this many points behind the best keeps its score unranked: a third of the
# runners-up, whose likeness cost a tenth of a question's time and, left out from 30 points
# behind, changed no answer on any set.
LIKENESS_REACH = 40.0
# A message of this many words or more, most of them capitalised, is typed In Title Case.
# Fewer are not: in "Who made Barbie?" two words of three are capitalised.
TITLE_CASE_WORDS = 4
_WHERE = frozenset({"on", "at", "via", "на"})  # before a name, where it was: "on Reddit"
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word that starts with a letter
_BEFORE_A_WORD = " \t\"'«»“”„()[]*_-"  # what may stand between a sentence's end and its word
# A title in quotes: «Брат», "Friends", “Gravity”, „Холоп“.
_QUOTED = re.compile(r'«([^«»]{1,60})»|“([^“”]{1,60})”|"([^"]{1,60})"|„([^„“”]{1,60})[“”]')
# What says the title is of a work: not "кинотеатр «Октябрь»", where the premiere was.
_WORK = (
    r"(?:фильм[аеуы]?|фильмом|кино|сериал[аеу]?|сериалом|мультфильм[аеу]?|мультик[аеу]?"
    r"|книг[аеиу]|книгой|песн[еияю]|игр[аеуы]|игрой|film|movie|show|series|book|novel|song"
    r"|game|documentary|doc)"
)
_WORK_BEFORE = re.compile(rf"\b{_WORK}\s*$", re.IGNORECASE)
# A word no fact knows after "movie" or "фильм" is a title however it is typed: "who directed
# the movie inception", "кто снял фильм интерстеллар". Chat's short words are not ("a film
# nerd", "the space movie beef"), nor a word before it ("this amazing film").
_TITLE_AFTER_WORK = re.compile(rf"\b{_WORK}\s+([^\W\d_][\w'’-]{{5,}})", re.IGNORECASE)
# A capitalised title after what a work has: "the cast of Friends", "a sequel to Gravity",
# "кто снимался в Т-34". The words may be ones the facts use: the capitals make them a title.
_TITLE = r"((?:[Tt]he\s+)?[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*)*)"
_WORK_OF = re.compile(
    r"\b(?:(?i:cast|sequel|prequel|plot|lead|star|stars|ending|trailer|soundtrack)\s+"
    r"(?i:of|to|in|for)|(?i:снимал(?:ся|ась|ись)|играл[аи]?|сиквел|продолжение)\s+(?i:в|во|к|у))"
    rf"\s+{_TITLE}"
)
# Where a message's sentences and clauses end, for its last question. Chat ends one with emoji
# as often as with a full stop: "bezos cowboy hat era 🤠🚀 what day did he fly".
_PART_BREAK = re.compile(
    r"[.!?;:…]+\s*|\s+[-–—]+\s+|,\s*|\s+(?:but|но)\s+"
    r"|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF][\U0001F300-\U0001FAFF\u2600-\u27BF\ufe0f\s]*"
)
# Words by which a question points back at what was said before it (see _after_statement).
# "One" stands for a noun said before: "I keep seeing different budget figures for the film
# — 905 million, over a billion rubles. Which one is right?" asks which budget, and read alone
# "which one" matched any fact's "which one?".
_POINTING = _PRONOUNS | frozenset("that this these those one это этот эта эти то тот та".split())
# Where a message's sentences end: a statement before its question (see _after_statement).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\s+[-–—]+\s+")
# A question word after a noun it describes is a relative pronoun, no question: "the
# cosmonaut who commanded the ship", "the russian actress who flew", "тот, кто рулил
# Роскосмосом". The noun is found by what comes before it: a determiner one to three words back.
_DETERMINERS = frozenset("the a an this that these those тот та те того той тех".split())
_RELATIVE_REACH = 3
_CONJUNCTIONS = frozenset("and or but и или но а".split())
# Relative pronouns that describe a person (see Matcher._described): "who" after a noun,
# "который" after a word that says what someone is ("космонавт, который…"). Russian puts a
# comma before them, which _described reads across.
_WHO_RELATIVE = frozenset("who whom кто".split())
_WHICH_RELATIVE_RU = frozenset("который которая которые которого которой которому которым".split())
_RELATIVE_START = frozenset("кто который которая которые".split())
_NOUN_STARTS = _DETERMINERS | _WHICH_RELATIVE_RU  # a message with none describes no one
# Several people are no one person: "the women who auditioned", "космонавты, которые жили".
_PLURAL_RELATIVE = frozenset("которые которых которым которыми".split())
_SEVERAL = frozenset("women men people folks guys ppl".split())
# "Who is the director?" asks who has the role: a role after these words is no description.
_IS = frozenset("is was are were".split())
# Whom a subject is compared with, a point in time rather than what is asked: "after cruise
# did", "раньше Безоса". Not "до", which is as often "to" ("до МКС").
_COMPARED = frozenset("after before than после раньше прежде позже".split())
# Words by which a later question points back at a claim: "..., is that true?"
_CLAIM_POINTERS = frozenset("that this это".split())
_WHO_IS = frozenset("who whos which кто".split())
# How well the description, read as "who …?", must match a fact about one person, and by how
# much more than the next such fact, for the message to be about that person (see _described):
# at 60, "Тот, кто тогда рулил Роскосмосом…" (57) was no one, and at 50 "the man who runs
# Russia's Channel One" was Rogozin; at a lead of 10, "the commander who flew them up there"
# (7 ahead of Peresild) was no one.
DESCRIBED_MIN = 55.0
DESCRIBED_LEAD = 5.0
# A reading that ignores whom the message describes: 1.0 and 0.95 lost "how many days was the
# director up there in total?" to Novitsky's days; 0.85 lost a question about the film's plot.
DESCRIBED_PENALTY = 0.9


# tx.words, kept for the last few texts: a message's readings split the same stretches of it
# again (the whole, its first clause, what follows a comma, its parts), and words() is a tenth
# of a long message's time.
_words_of = lru_cache(maxsize=256)(tx.words)


@lru_cache(maxsize=64)
def _parts(prepared: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The message's parts (see _PART_BREAK), each with the break after it ("" for the last)
    and its words: several readings look at a message part by part, and split it alike."""
    parts = _PART_BREAK.split(prepared)
    breaks = [*_PART_BREAK.findall(prepared), ""]
    return tuple(
        (part, after, tuple(_words_of(part).split()))
        for part, after in zip(parts, breaks, strict=True)
    )


# A question that ends on "was that", "is it": the pronoun is its subject, what was just said.
_POINTED_LAST = frozenset("that it this".split())


def _points_back_last(words: Sequence[str]) -> bool:
    """Whether the question ends on "was that", "is it", "was this": asked of what was said."""
    return len(words) >= 3 and words[-1] in _POINTED_LAST and words[-2] in _IS


def _relative(words: Sequence[str], at: int) -> bool:
    """Whether the question word at `at` follows a noun phrase (see _DETERMINERS). Not after
    "and": in "when did he take over the station and who did he hand it to?" it asks again."""
    before = words[max(0, at - _RELATIVE_REACH) : at]
    return any(w in _DETERMINERS for w in before) and _CONJUNCTIONS.isdisjoint(before)


def _plural(noun: Sequence[str]) -> bool:
    """Whether an English noun phrase says several: "the women who auditioned", "the actors"
    describe no one person."""
    last = noun[-1] if noun else ""
    return last in _SEVERAL or (
        last.endswith("s") and not last.endswith("ss") and tx.stem(last) != last
    )


def _determiner(words: Sequence[str], before: int) -> int:
    """Where the last determiner within _RELATIVE_REACH words before `before` is."""
    reach = range(max(0, before - _RELATIVE_REACH), before)
    return max(i for i in reach if words[i] in _DETERMINERS)


def _noun_phrase(words: Sequence[str], start: int, end: int) -> list[str]:
    """The words from the last determiner before `start` up to `end`, without it: in "the
    russian actress who", the noun phrase before "who" is (russian actress)."""
    return [w for w in words[_determiner(words, start) : end] if w not in _DETERMINERS]


# The asker's people, in a part of a message that tells of them: "my grandpa in Florida is a
# huge fan", "мама в Одноклассниках скинула". What they do is no part of the question.
_ASIDE_WORDS = frozenset(
    "my our grandma grandpa granny nan nana gran mum mom dad son daughter wife husband "
    "friend buddy mate flatmate roommate uncle aunt brother sister cousin teacher boss "
    "girlfriend boyfriend "
    "мой моя моё мое мои мою моей моего наш наша наше наши нашу нашей мама маме мамой папа "
    "папе дед деда дедом дедушка бабушка бабуля подруга подруги подругой друг друга другом жена "
    "женой муж мужем сын сыном дочь дочка сестра брат коллега сосед соседка препод учитель "
    "учительница".split()
)
_THAT = frozenset("что чё че".split())  # after a verb of saying: "спорит, что месяц"
_PERSONAL = _MALE | _FEMALE  # whom an aside's names may stand for
# How much a word no fact uses weighs where a long message only tells it (see Matcher._told):
# at 0.5 and 0.6, "what happened to Tom Cruise's space movie, Google gives me nothing clear"
# fell back; at 0.8, two of the three stories it lets through still did not.
TOLD_SHARE = 0.7
# What a word says of the language of a message in Latin letters (see Matcher._mostly_english).
_ENGLISH_WORD, _EITHER_WORD = 1, 2
_BETA2 = 0.5  # F-beta squared: below 1, precision counts more (unexplained words hurt most)


# The first question word of a question or an example: whom, when, where or why it asks
# about. The rest ("what", "how", "сколько" ...) ask for too many kinds of answer to tell.
_WHEN, _HOW_LONG, _AGE = 2, 5, 6
_ASKS = {
    1: ("who", "whom", "кто", "кого", "кому"),
    _WHEN: ("when", "когда"),
    3: ("where", "где", "куда", "откуда"),
    4: ("why", "почему", "зачем"),
    _HOW_LONG: (),  # only from the words after "how" (see Matcher._asks_further)
    _AGE: (),  # the same: "how old", "what age", "сколько лет", "какого возраста"
}
_ASKS_OTHER = 9
# "What date", "в каком году": a word that asks which, and a point in time right after it.
# "kak" is the stem of both "как" (how) and "какой" (which).
_WHICH_WORDS = ("what", "which", "kak")
_POINT_WORDS = "date year day month time дата год числа день дня месяц время времени"
# "How long", "how many days", "сколько времени": a word that asks how, then a span of time.
_HOW_WORDS = ("how", "kak", "skolk")
_SPAN_WORDS = "day hour week дней дня суток часов недель времени"  # stemmed: "days" is "day"
# Where a message's first question may end and something else begin: a question mark, a dash,
# ", and", or a comma before a second question ("how long is it, do i need snacks"). Not ", or":
# "was all of it shot up there, or only part?" is one question. Nor a comma before a question
# word: "When the crew floated in, who was there?" asks the second half. And "because": the
# reason someone asks ("bc i got zero attention span") is no part of the question. Not "since",
# which is mostly a time ("the first all-Russian crew since 2000").
_CLAUSE_BREAK = re.compile(
    r"[?!;]+\s+|\s+[-–—]\s+"
    r"|,\s+(?=(?:and|but|и|а|но|do|does|did|is|are|was|were|can|could|will|would)\b)"
    r"|,?\s+(?=(?:because|bc|cuz|coz|потому что|так как)\s)"
    # And a comma before the asker's guess at the answer, tagged "right?" at the end: in "who
    # was the first woman in space, soviet right?" the guess only checks what is asked.
    r"|,\s+(?=(?:[\w'-]+\s+){0,2}[\w'-]+,?\s+right\W*$)"
)
# Where a first question that a dash cut short ends instead (see Matcher._first_clause).
_QUESTION_MARK = re.compile(r"\?+\s+")
_COMMA = re.compile(r",\s*")
# Words people put around small talk that say nothing ("ok so um what can u do", "слушай, как ты
# там"): a whole-phrase match is tried without them too. Not "what", "you" or "a": those are the
# phrase.
_CHAT_NOISE = frozenset(
    "ok okay so um uh umm like actually basically literally just really kinda sorta lol lmao "
    "haha bro dude ngl tbh btw bruh pls plz please bot spacebot kind sort of stuff things "
    "even tho fr rn lowkey about wait exactly "
    "ну вот типа короче слушай блин вообще просто прям ладно ок окей пж плиз бот ваще там "
    "норм".split()
)
# A greeting before small talk ("hey hows it going u ok"): tried without it too, as the
# greeting alone ("hey there bot") is small talk of its own.
_GREETINGS = frozenset(
    "yo hey hi hello hiya heya howdy привет хай здравствуй "
    # as chat types them: "helo wat can u do", "прив, ты кто", "wassup spacebot, how u doin"
    "helo hallo hii heyy hai wassup sup прив приветик здарова".split()
)
# Chat's short forms of the words small talk is made of: "what can u even do" is "what can you
# do", a few letters further from it than a whole-phrase match allows.
_CHAT_SHORT = {"u": "you", "ur": "your", "r": "are", "ya": "you", "yu": "you"}
# Who asks, and that they ask: "my buddy Mike wants to know", "сестра Катя спрашивает". Said
# before or after the question, it only dilutes it with words (and names) no fact uses.
_ASKER = (
    r"(?:my|our|мой|моя|мои|наш|наша|друг|подруга|сестра|брат|муж|жена|мама|папа|отец|мать|сын"
    r"|дочь|дочка|коллега|сосед|соседка|препод|преподаватель|учитель|учительница|бабушка"
    r"|дедушка|дед|знакомый|знакомая|начальник|шеф|парень|девушка)"
)
_ASKS_TOO = (
    r"(?:asks|asked|is asking|was asking|keeps asking|kept asking|wants to know|wanted to know"
    r"|would like to know|wonders|is wondering|was wondering|спрашивает|спрашивал|спрашивала"
    r"|спросил|спросила|интересуется|интересовался|интересовалась|хочет знать|хотел знать"
    r"|хотела знать|задала|задал|просит узнать|просил узнать|просила узнать)"
)
_ASKER_BEFORE = re.compile(
    rf"^\W*(?:(?:[\w'-]+\s+){{0,2}}?{_ASKER}\b(?:\s+[\w'-]+){{0,4}}?"
    # or one word that asks nothing, a name: "Dave wants to know", "Даша спрашивает"
    r"|(?!(?:who|whom|whose|what|which|кто|кого|кому|что|чей|чья)\b)[\w'-]+)"
    rf"\s+{_ASKS_TOO}\b[\s,:—-]*(?:(?:if|whether)\s+)?"
)
_ASKER_AFTER = re.compile(
    rf"[,;:?!—-]\s*(?:[\w'-]+\s+){{0,2}}?{_ASKER}\b(?:\s+[\w'-]+){{0,4}}?\s+{_ASKS_TOO}\b"
    r"(?:\s+[\w'-]+){0,2}\W*$"
)
# Who passed a claim on, and that they did, where it opens a part of a message: "my cousin
# keeps saying the ISS orbits at 220 miles", "my mom read the news and says...", "friend said",
# "heard it made a billion rubles", "говорят, что...". The claim is what is asked about; who
# made it, and how, is not (see Matcher._claim).
_SOURCE = (
    rf"(?:(?:[\w'-]+\s+){{0,2}}?{_ASKER}\b(?:\s+[\w'-]+){{0,5}}?"
    rf"|(?:a |the )?(?:{'|'.join(sorted(_ASIDE_WORDS))})"
    r"|(?:[\w'-]+\s+){0,2}?(?:some(?:one|body| guy| people)?|people|everyone|everybody|a guy"
    r"|they|articles|the internet|the news|кто-то|все|люди|в интернете|в новостях))"
)
_REPORTS = (
    r"(?:(?:keeps?|kept) (?:saying|telling me|insisting|claiming)|says|said|claims|claimed"
    r"|swears|swore|insists|insisted|thinks|reckons|believes|is convinced|told me|tells me"
    r"|writes|wrote|posted|heard|read"
    r"|говорит|говорят|говорил|говорила|сказал|сказала|сказали|утверждает|утверждают|уверяет"
    r"|уверял|уверяла|клянётся|клянется|божится|считает|считают|думает|доказывает|спорит|пишет"
    r"|пишут|писали|писал|писала|слышал|слышала|читал|читала)"
)
_HEARD = (
    r"(?:(?:i(?:'ve)? |i have )?(?:heard|read|saw)|apparently|supposedly|rumou?r (?:has it|is)"
    r"|word is|(?:я )?(?:слышал|слышала|читал|читала|видел|видела)|говорят|пишут|якобы"
    r"|вроде как)"
)
_CLAIM_FRAME = re.compile(
    r"(?:^|(?<=[.!?;,:—-]))\s*(?:"
    rf"(?:{_SOURCE}\s+{_REPORTS}|{_HEARD})\b(?:[\s,]*(?:that|что|будто)\b)?"
    # Whoever it is, where "that" says a claim follows: "a reviewer on letterboxd wrote that"
    rf"|(?:[\w'-]+\s+){{0,5}}?{_REPORTS}[\s,]*(?:that|что|будто)\b"
    r")[\s,:]*"
)
# What the asker makes of a claim: a verdict or a doubt, which says nothing of what the claim
# is about: "sounds off to me?", "pretty sure that's wrong?", "that can't be right?", "which
# one is right?", "или это фейк?", "кто из нас прав?". "I thought" opens the asker's own
# version, whose words are asked about as the claim's are: "i thought he was the director?".
_VERDICT = re.compile(
    r"\b(?:sounds? (?:off|wrong|fishy|weird|sus|made up)(?: to me)?"
    r"|(?:i'?m |im )?(?:pretty |fairly |quite )?sure (?:that'?s|thats|it'?s|its|that is)"
    r" (?:not )?(?:wrong|right|true|false|fake|a myth|made up|bs|nonsense)"
    r"|(?:that|this|it) can'?t be (?:right|true)"
    r"|(?:or )?(?:is|was) (?:that|it|this) (?:really )?(?:true|right|correct|real|legit|a myth"
    r"|fake|made up|bs)|who'?s right|which (?:one )?(?:is )?(?:right|correct|true)"
    r"|true or (?:false|not)|or am i (?:wrong|mixing \w+ up)|i (?:always )?thought(?: that)?"
    r"|(?:или |а )?(?:это )?(?:фейк|враньё|вранье|неправда|миф|байка)|(?:или )?я путаю"
    r"|так ли это|(?:или )?(?:он|она) (?:врёт|врет|путает|ошибается)|кто (?:из нас )?прав"
    r"|я (?:думаю|считаю),? что нет|я (?:думал|думала)(?:,? что)?)(?=\W|$)"
)
# Words a clause that asks something may start with, besides the question words.
_ASKING_START = frozenset(
    "is was are were did does do can could will would has have had tell "
    "расскажи правда был была были было есть ли".split()
)
OTHER_QUESTION_FACTOR = 0.8
# How a yes-or-no question about someone just named starts: "was she", "did they", "is he".
_YES_NO_START = frozenset("is was are were did does do has have had".split())
# Question words people run into the next word ("whodirected", "howlong"), longest first.
_GLUED_QUESTION_WORDS = ("where", "which", "what", "when", "who", "how", "why")
# A name typed in two, as autocorrect and dictation split it: "ship Enko", "Peres old", "Novi
# sky". Joined, the two words must be this long and this close to a word of a name.
SPLIT_NAME_MIN_CHARS = 6
SPLIT_NAME_RATIO = 85.0
GLUED_MIN_CHARS = 2  # what is left must be a word of its own: "whoa" is no "who a"
UNASKED_FACTOR = 0.9
# A price is asked with "how much" and a word of paying ("how much did a seat on Shatner's
# flight cost", "скока стоит билет к Брэнсону"), or by its own name ("the ticket price"). A fact
# whose answer names no sum of money cannot give it, however many of the question's other words
# (Shatner, the flight) its examples share: the question falls back rather than get his age.
# Not "spend" (time spent in orbit), nor "стоит" alone ("кто стоит за фильмом" is who is behind it).
_HOW_MUCH = re.compile(r"\b(?:how much|сколько|скока|скоко|почем|почём)\b")
_PAYING = re.compile(
    r"\b(?:cost|costs|costed|paid|pay|pays|стоит|стоил|стоила|стоило|стоили|заплатил|заплатила"
    r"|заплатили|платил|платили)\b"
)
_PRICE = re.compile(r"\b(?:price|prices|priced|fare|цена|цену|цене|стоимость|стоимости)\b")
# A sum of money in an answer: "$200 million", "905 млн рублей", "2 billion rubles".
_AMOUNT = re.compile(
    r"[$€£]\s?\d|\d[\d.,]*\s*(?:million|billion|млн|млрд|миллион|миллиард|rubles|рубл|dollars"
    r"|доллар)",
    re.IGNORECASE,
)
# Strong: at 0.6, "скока стоил суборбитальный полёт Брэнсона?" still answered (49.8).
MISSING_DETAIL_FACTOR = 0.5
# The film is Russian: a question that names America ("did it ever get a cinema release in
# america?", "какой бюджет был у американского фильма?") asks of the American side of things,
# which a fact that never mentions America, in its questions or its answer, does not tell.
ELSEWHERE = "~usa"
NOT_THERE_FACTOR = 0.8
# "When was Shkaplerov's first flight?", "how old was he on his first flight?": when or at what
# age someone first flew. A fact that says which flight this one was for them ("his fourth
# spaceflight") and never "first" tells neither: it shares every word but the one that matters.
# Only of when and how old: "was this his first flight?" is answered by "his fourth".
_FIRST_FLIGHT = re.compile(
    r"\b(?:first|1st|maiden|первый|первом|первого|первая|первой)\b(?:\s+\w+)?\s+"
    r"(?:flight|spaceflight|mission|trip|полет|полета|полете|миссия|миссии)\b"
)
_FIRST = re.compile(r"\bfirst\b|\bперв", re.IGNORECASE)
_LATER = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|второй|третий|четвертый|четвёртый|пятый|шестой)\b",
    re.IGNORECASE,
)
THEN_NOT_NOW_FACTOR = 0.8


def _asks_table() -> dict[str, int]:
    """token -> what the question word asks for (_ASKS), _ASKS_OTHER for the other ones."""
    table = {t: _ASKS_OTHER for w in QUESTION_WORDS.split() for t in tx.tokens(tx.clean(w, 50))}
    for kind, words in _ASKS.items():
        for word in words:
            for token in tx.tokens(tx.clean(word, 50)):
                table[token] = kind
    return table


_Ints = npt.NDArray[np.intp]
_Ids = npt.NDArray[np.int32]  # what a build holds hundreds of thousands of: half of intp
_Floats = npt.NDArray[np.float64]
_Keys = npt.NDArray[np.signedinteger[Any]]  # int32 where they fit (see Matcher._build)
_Found = tuple[_Ids, _Ints, _Floats, _Floats]  # examples as the postings hold them
_V = TypeVar("_V")


def _summed(found: _Ids, weights: list[float], sizes: list[int], n: int) -> _Floats:
    """Per example, the weights of the tokens whose postings found it: `found` is the postings
    one after another, `sizes` their lengths. bincount adds in input order, token by token, so
    the sums are those of a loop over the postings, to the last bit."""
    counts = np.bincount(found, np.array(weights).repeat(sizes), n)  # np.repeat wraps a list
    return counts.astype(np.float64, copy=False)  # already float64: its stubs say integers


def _run_marks(values: npt.NDArray[np.signedinteger[Any]]) -> npt.NDArray[np.bool_]:
    """Whether each value starts a run of equal values, in a non-empty array."""
    new = np.empty(values.size, np.bool_)
    new[0] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return new


_NEVER_FOUND = np.iinfo(np.intp).max  # after any position in the examples found


def _scale(values: _Floats, factor: float, where: npt.NDArray[np.bool_]) -> None:
    """values[where] *= factor, in one call rather than a copy out and back."""
    np.multiply(values, factor, out=values, where=where)


def _fuzzy_cutoff(token: str) -> float | None:
    n = len(token)
    if n <= 3 or token.isdigit():
        return None  # too short to guess at: "iss" must not become "is" or "ms"
    if n == 4:
        return 85.0
    if n <= 8:
        return 80.0  # "weather" must not become "wealth" (77)
    return 77.0


def _starts_follow_up(typed_words: str) -> bool:
    words = typed_words.split()
    return bool(words) and words[0] in _FOLLOW_UP_START and len(words) <= 5


@dataclass(frozen=True)
class ChatContext:
    """What a chat talked about last, for follow-ups."""

    entity: str | None
    tokens: tuple[str, ...]
    fact_id: str | None
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchResult:
    candidates: tuple[Candidate, ...]  # best first, one per fact
    query: str  # the reading that won, as canonical tokens
    reading: str  # "typed", "translit", "layout", "clause", "context", "ellipsis", ...
    russian_reading: bool  # the winning reading was Russian typed in Latin letters
    entities: tuple[str, ...]  # entities the winning reading mentions
    tokens: tuple[str, ...]  # the winning reading's content tokens (for the next follow-up)
    context_entity: str | None = None
    # Names typed that no fact knows, when the reading names nothing else (Barbie): a question
    # about something else, however well its other words match.
    unknown_names: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        """How many different tokens the winning reading has: the question's length."""
        return len(set(self.tokens))


@dataclass
class _Query:
    reading: str
    words: str = ""
    borrowed: str | None = None  # a token the user did not type (context or default subject)
    # The borrowed subject is whom the user's "he", "she" or "it" stands for: asked about, so
    # "where is she from?" asks something of her, where "where?" alone asks nothing.
    pointed_at: bool = False
    weights: dict[str, float] = field(default_factory=dict)  # token -> weight x similarity
    raw_weights: dict[str, float] = field(default_factory=dict)  # token -> weight
    total: float = 0.0
    russian: bool = False
    context_entity: str | None = None
    goes_on: bool = False  # "and Shipenko's?" right after a question: it continues that one
    referent: str | None = None  # whom "he" or "she" stands for, in a reading that ignores it
    plural: bool = False  # "they" and no one named: a question about several, not one
    asks: int = 0  # what the question asks for first: who, when, where, why (_ASKS), or 0
    # fact index -> the F-beta of its two best examples, summed (see Candidate.support)
    support: dict[int, float] = field(default_factory=dict)
    penalty: float = 1.0  # a reading that ignores whom the message describes (see _described)
    described: str | None = None  # whom the message describes, named in this reading


# How _Words codes a word that is no token of its own.
_FILLER_CODE = -1
_TEXT_START_CODE = -2  # tx.TEXT_MARK, put before each text's words (see _Words.pairs)
_PHRASE_CODE = -3  # a word that may start a multi-word alias (see _Words._may_name)
_NEW_CODE = -4  # what _Words.pairs reads for a word not learnt yet: never in the table


class _Words:
    """Each distinct word of a build tokenised once: 100k examples share a few thousand words.

    Gives what Matcher._canon gives for a text's scripted tokens, word by word from a table, as
    token ids (`tokens` names them); a text where a multi-word alias may start (its first word
    and then a word that may be its second) still goes through _canon whole.
    """

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self.tokens: list[str] = []  # token id -> canonical token
        self.token_ids: dict[str, int] = {}  # canonical token -> token id
        # word -> the id of its canonical token, or one of the _CODEs above
        self._codes: dict[str, int] = {tx.TEXT_MARK: _TEXT_START_CODE}
        self._scripted: dict[str, tuple[str, bool]] = {}  # word -> scripted token, if not filler
        # A word that may start a multi-word alias -> the id of its canonical token where none
        # starts there; and such a word's scripted token -> the second tokens of its aliases.
        self._alone: dict[str, int] = {}
        self._seconds: dict[str, frozenset[str]] = {
            tok: frozenset(phrase[1] for phrase, _ in phrases)
            for tok, phrases in matcher._phrase_alias.items()
        }

    def token_id(self, token: str) -> int:
        found = self.token_ids.get(token)
        if found is None:
            found = self.token_ids[token] = len(self.tokens)
            self.tokens.append(token)
        return found

    def _learn(self, words: Iterable[str]) -> None:
        """Tokenise the words not seen yet."""
        m = self._matcher
        codes, learnt, token_id = self._codes, self._scripted, self.token_id
        phrase_alias, single_alias, synonym = m._phrase_alias, m._single_alias, m._synonym
        # difference() with the dict itself looks each word up in it; `- codes.keys()` walked
        # every word known so far instead, for each batch (15 ms of a 10k-fact build).
        new = list(set(words).difference(codes))
        # Names looked up once, out of the loop: it runs for each of 20k new words of a build.
        for word, scripted in zip(new, tx.scripted_words(new), strict=True):
            if scripted is None:
                codes[word] = _FILLER_CODE
                continue
            tok = scripted[0]
            learnt[word] = scripted
            alias = single_alias.get(tok)
            code = token_id("@" + alias if alias is not None else synonym.get(tok, tok))
            if tok in phrase_alias:
                codes[word], self._alone[word] = _PHRASE_CODE, code
                continue
            codes[word] = code

    def pairs(self, words: list[str]) -> tuple[_Ints, _Ints, _Ints]:
        """Every (text, token id) of the texts' Matcher._canon, in order, as two arrays, and
        where each text's mark stands in `words` (see _text).

        `words` are tx.clean_many_words of the texts: they are looked up as one, since a call
        per text was most of a reload.
        """
        if not words:
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.intp)
        # Each word looked up once, and only those not known yet learnt: a set of every word of
        # the batch, to find those, took a twentieth of a 10k-fact build. They are picked by a
        # mask: a list of their places, most of a first batch's words, raised the peak by 1 MB.
        codes = np.fromiter(
            map(self._codes.get, words, itertools.repeat(_NEW_CODE)), np.intp, len(words)
        )
        unknown = codes == _NEW_CODE
        if unknown.any():
            new = list(itertools.compress(words, unknown.tolist()))
            self._learn(new)
            codes[unknown] = np.fromiter(map(self._codes.__getitem__, new), np.intp, len(new))
        starts = codes == _TEXT_START_CODE
        if not starts[0]:  # cannot happen (see tx.TEXT_MARK); never guess
            raise ValueError("the words do not start with a text's mark")
        text_of = np.cumsum(starts) - 1
        marks = np.flatnonzero(starts)
        slow = self._may_name(words, codes, text_of)
        keep = codes >= 0
        if slow.size:
            keep &= ~np.isin(text_of, slow)
        texts, tokens = text_of[keep], codes[keep]
        if slow.size:
            read = [
                (i, self.token_id(t))
                for i in slow.tolist()
                for t in self._canon(_text(words, marks, i))
            ]
            spliced = np.array(read, np.intp).reshape(-1, 2)
            texts = np.concatenate((texts, spliced[:, 0]))
            tokens = np.concatenate((tokens, spliced[:, 1]))
            order = np.argsort(texts, kind="stable")  # each text's tokens stay in their order
            texts, tokens = texts[order], tokens[order]
        return texts, tokens, marks

    def _may_name(self, words: list[str], codes: _Ints, text_of: _Ints) -> _Ints:
        """The texts in which a multi-word alias may start, in order: where a word that may
        start one is followed by a word that may come second in one of them. Each other text's
        words that may start one are given their own tokens in `codes`, as _canon gives them
        there.

        Half the shipped facts' examples hold such a word ("film", "first", "crew"), and all
        went through _canon one by one, though few name someone that way.
        """
        at = np.flatnonzero(codes == _PHRASE_CODE)
        if not at.size:
            return at
        # _canon reads no filler: the next word it reads, if the text has one after it (no
        # text's mark, nor the end of the words, comes first).
        read = np.flatnonzero(codes != _FILLER_CODE)
        after = np.searchsorted(read, at, side="right")
        nexts = read[np.minimum(after, read.size - 1)]
        inside = (after < read.size) & (codes[nexts] != _TEXT_START_CODE)
        at_inside, nexts = at[inside], nexts[inside]
        scripted, seconds = self._scripted, self._seconds
        may = [
            scripted[words[q]][0] in seconds[scripted[words[p]][0]]
            for p, q in zip(at_inside.tolist(), nexts.tolist(), strict=True)
        ]
        alone = map(self._alone.__getitem__, map(words.__getitem__, at.tolist()))
        codes[at] = np.fromiter(alone, np.intp, at.size)
        return _sorted_unique(text_of[at_inside[np.array(may, np.bool_)]])

    def distinct_pairs(self, texts: Sequence[str], limit: int) -> tuple[_Ints, _Ints]:
        """pairs(tx.clean_many_words(texts, limit))[:2], each distinct text cleaned once.

        Answers repeat where facts share one ("See the film."), and 10k synthetic facts have two
        answers between them: cleaning 20k answers took a tenth of such a build.
        """
        first = dict.fromkeys(texts)
        if len(first) == len(texts):
            return self.pairs(tx.clean_many_words(texts, limit))[:2]
        distinct = list(first)
        u_texts, u_toks, _ = self.pairs(tx.clean_many_words(distinct, limit))
        number = {text: i for i, text in enumerate(distinct)}
        of = np.fromiter(map(number.__getitem__, texts), np.intp, len(texts))
        # Each text's run of its distinct text's tokens, in order: text i's run is u_toks[
        # starts[of[i]]:starts[of[i] + 1]], laid one after another as pairs() lays them.
        starts = np.searchsorted(u_texts, np.arange(len(distinct) + 1))
        sizes = np.diff(starts)[of]
        ends = np.cumsum(sizes)
        at = np.arange(int(ends[-1]) if ends.size else 0) + np.repeat(
            starts[of] - ends + sizes, sizes
        )
        return np.repeat(np.arange(len(texts)), sizes), u_toks[at]

    def _canon(self, cleaned: str) -> list[str]:
        """Matcher._canon of the text's scripted tokens; its words must have been learnt."""
        scripted = self._scripted
        return self._matcher._canon([scripted[w][0] for w in cleaned.split() if w in scripted])

    def scripted_words(self) -> Iterator[tuple[str, tuple[str, bool]]]:
        """Each word learnt that is not filler, with its scripted token."""
        return iter(self._scripted.items())

    def scripted(self) -> set[tuple[str, bool]]:
        """The scripted token of every word learnt: the raw vocabulary the texts contributed."""
        return set(self._scripted.values())


@lru_cache(maxsize=1)
def _synonym_words() -> tuple[dict[str, str], frozenset[tuple[str, bool]]]:
    """SYNONYMS as each build reads them: each member of one token -> its "~group", and each
    such token with whether it is Russian (a word of raw_vocab). The same in every build, and
    cleaning and stemming their 700 members took 4 ms of each: worked out once per process."""
    synonym: dict[str, str] = {}
    vocab: set[tuple[str, bool]] = set()
    for group, members in SYNONYMS.items():
        for member in members:
            toks = tx.tokens(tx.clean(member, 100))
            if len(toks) == 1:  # a phrase would map each of its words: "космос" ≠ spacewalk
                synonym.setdefault(toks[0], "~" + group)
                vocab.add((toks[0], tx.CYRILLIC_MARK in tx.stem(member) or not member.isascii()))
    return synonym, frozenset(vocab)


# The entities' names, read once per process rather than at each reload, which rarely changes
# them: cleaning the shipped facts' 800 names one by one took 10 ms of a build.
@lru_cache(maxsize=4096)
def _scripted_name(name: str) -> tuple[tuple[str, bool], ...]:
    """The name's scripted tokens, as an alias."""
    return tuple(tx.scripted_tokens(tx.clean(name, 200)))


@lru_cache(maxsize=4096)
def _typed_words(name: str) -> tuple[str, ...]:
    """The name's words as typed (see Matcher._name_words)."""
    return tuple(tx.words(tx.prepare(name, 200)).split())


def _sorted_words(words: str) -> str:
    """The words in sorted order, one space apart: what fuzz.token_sort_ratio compares."""
    return " ".join(sorted(words.split()))


def _text(words: list[str], marks: _Ints, i: int) -> str:
    """Text i of a _Words.pairs batch as cleaned: its words, one space apart."""
    end = int(marks[i + 1]) if i + 1 < len(marks) else len(words)
    return " ".join(words[int(marks[i]) + 1 : end])


def _distinct(texts: _Ints, tokens: _Ints) -> tuple[_Ints, _Ints]:
    """The (text, token) pairs without repeats, each where it first occurs."""
    if not texts.size:
        return texts, tokens
    # Each pair's key with its position below it: sorted, a key's first position leads its
    # run. Two plain sorts of int64: np.unique's return_index sorts stably, 4x slower.
    n = texts.size
    keyed = np.sort((texts.astype(np.int64) * (int(tokens.max()) + 1) + tokens) * n + np.arange(n))
    pair = keyed // n
    first = np.sort(keyed[np.concatenate(([True], pair[1:] != pair[:-1]))] % n)
    return texts[first], tokens[first]


def _sorted_unique(values: _Keys) -> _Keys:
    """np.unique of integers: numpy 2.3+ finds them by hashing unless asked for indices, which
    took 0.4 s on a reload's 500k (token, fact) keys; sorting takes 0.03 s."""
    return _deduplicated(np.sort(values))


def _deduplicated(ordered: _Keys) -> _Keys:
    """A sorted array without its repeats."""
    if not ordered.size:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


_NO_FACTS: list[int] = []  # what _Runs of facts gives for a token of none: never changed


def _by_token(tok_of: _Ids, n_tokens: int) -> _Ids:
    """The order that sorts (example, token) pairs by token, stably. Token ids as uint16 where
    they fit, which numpy sorts by radix: five times faster on 700k of them than sorting int64
    (token, example) keys, as each index did twice (a tenth of a second)."""
    ids = tok_of.astype(np.uint16) if n_tokens <= 1 << 16 else tok_of
    return np.argsort(ids, kind="stable").astype(np.int32)


# Examples weighed at a time: all 700k (example, token) pairs at once made 11 MB of
# temporaries (their weights, and bincount's intp copy of the examples), at a reload's peak.
_WEIGH_BATCH = 10_000


def _example_weights(ex_of: _Ids, tok_of: _Ids, idf: _Floats, n: int) -> _Floats:
    """Per example, the idf of its tokens summed. bincount adds in input order, each example's
    tokens first seen first: the sums are those of sum() over each example's tokens, to the last
    bit. A batch of examples holds all of their pairs, since ex_of ascends."""
    out = np.zeros(n, np.float64)
    bounds = np.searchsorted(ex_of, np.arange(0, n + _WEIGH_BATCH, _WEIGH_BATCH)).tolist()
    for lo, a, b in zip(range(0, n, _WEIGH_BATCH), bounds, bounds[1:], strict=False):
        hi = min(lo + _WEIGH_BATCH, n)
        out[lo:hi] = np.bincount(ex_of[a:b] - lo, idf[tok_of[a:b]], hi - lo)
    return out


def _key_starts(keys: _Keys, n_tokens: int, span: int) -> _Ints:
    """Where each token's run starts in sorted `token * span + value` keys, and where the last
    one ends: n_tokens + 1 positions."""
    # In the keys' own type: searchsorted would copy the keys to the type of the values.
    return np.searchsorted(keys, np.arange(n_tokens + 1, dtype=keys.dtype) * span)


def _remainders(keys: _Keys, span: int) -> _Ids:
    """The values of `token * span + value` keys (each below span), as int32."""
    return np.remainder(keys, span).astype(np.int32, copy=False)


def _int_list(values: npt.NDArray[Any]) -> list[int]:
    return list(values.tolist())


def _same(values: _Ids) -> _Ids:
    return values


class _Runs(dict[str, _V]):
    """token -> its run of a sorted array, as `make` turns it into a value, made on first use.

    Per token, the examples or facts that use it. Made up front for every token of a build,
    they were a tenth of an index's build over 10k facts and 8 MB held at a reload's peak,
    while a question looks up a few dozen. A dict that makes a missing value in __missing__
    and keeps it: once made, reading one is a plain dict look-up, as questions need (methods
    of a Mapping made matching 7% slower). Read it with [] only: a token of no run, or one
    the build never saw, gives `empty` (the latter not kept: anyone can type new words).
    """

    def __init__(
        self,
        ids: dict[str, int],
        starts: _Ints,
        values: npt.NDArray[Any],
        make: Callable[[npt.NDArray[Any]], _V],
        empty: _V,
    ) -> None:
        super().__init__()
        self._ids = ids  # token -> token id; token id i's run is values[starts[i]:starts[i + 1]]
        # Read an item at a time, as a memoryview gives Python ints fast, without a list of
        # them all (a list of ints was 1.5 MB each).
        self._bounds = memoryview(starts.astype(np.int64).tobytes()).cast("q")
        self._values = values
        self._make = make
        self._empty = empty

    def __missing__(self, token: str) -> _V:
        i = self._ids.get(token)
        if i is None:
            return self._empty
        lo, hi = self._bounds[i], self._bounds[i + 1]
        found = self[token] = self._make(self._values[lo:hi]) if lo < hi else self._empty
        return found

    def sizes(self) -> Iterator[tuple[str, int]]:
        """Each token of a run with the run's length, without making any value."""
        bounds = self._bounds
        for t, i in self._ids.items():
            if bounds[i] < bounds[i + 1]:
                yield t, bounds[i + 1] - bounds[i]

    def every(self) -> dict[str, _V]:
        """Every token of a run with its value, as a plain dict (for checking a build)."""
        return {t: self[t] for t, _ in self.sizes()}


class Matcher:
    """An immutable index over one FactSet. Build a new one to reload; swap the reference."""

    def __init__(self, factset: FactSet, *, max_input_chars: int = 1000) -> None:
        with gc_paused():
            self._build(factset, max_input_chars)
            self._ex_now = np.zeros(self._n, np.bool_)  # the example asks about the present
            self._ex_now[self._postings["~now"]] = True
            # Bit i: the example asks of the role ASKED_ROLES[i].
            self._ex_roles = np.zeros(self._n, np.uint8)
            for bit, role in enumerate(ASKED_ROLES):
                self._ex_roles[self._postings[role]] |= np.uint8(1 << bit)
            self._ex_person = np.zeros(self._n, np.bool_)  # the example names a person
            for person in self._people:
                self._ex_person[self._postings[person]] = True
            # The example names someone (or something) its own fact is about.
            self._ex_self_named = np.zeros(self._n, np.bool_)
            for entity, fact_ids in self._facts_of_entity.items():
                eis = self._postings[entity]  # empty when no example names it
                self._ex_self_named[eis[np.isin(self._ex_fact[eis], fact_ids)]] = True
            # Examples are stored fact by fact: fact i's are _fact_starts[i]:_fact_starts[i + 1].
            self._fact_starts = np.searchsorted(self._ex_fact, np.arange(len(self._facts) + 1))

    def _build(self, factset: FactSet, max_input_chars: int) -> None:
        self.factset = factset
        self._facts: list[Fact] = list(factset.facts)
        self._limit = max_input_chars
        self._grams = FactGrams(self._questions)
        synonym, synonym_vocab = _synonym_words()
        self._synonym: dict[str, str] = dict(synonym)
        self._single_alias: dict[str, str] = {}
        self._alias_sources: set[tuple[str, bool]] = set()
        self._phrase_alias: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for entity in factset.entities:
            self._add_aliases(entity)
        for phrases in self._phrase_alias.values():
            phrases.sort(key=lambda p: -len(p[0]))  # longest alias first
        # Names' words as typed, in Latin letters, for a name typed in two ("ship enko").
        self._name_words = sorted(
            {
                w
                for e in factset.entities
                for name in (*e.name.values(), *e.aliases)
                for w in _typed_words(name)
                if len(w) >= SPLIT_NAME_MIN_CHARS and w.isascii() and w.isalpha()
            }
        )
        # A person's gender, or the gender of the Russian noun that names a thing.
        self._gender: dict[str, str | None] = {e.id: e.gender for e in factset.entities}
        self._persons = frozenset(e.id for e in factset.entities if e.kind == "person")
        # What "it" may stand for: a film or a craft, not an agency ("who was going to direct
        # it?" after the announcement of Tom Cruise's film, which names NASA, asks of his film).
        self._things = frozenset(e.id for e in factset.entities if e.kind in _IT_KINDS)
        self._people = frozenset(
            "@" + e.id for e in factset.entities if e.kind == "person" and e.fact
        )
        self._default_entity = next((e.id for e in factset.entities if e.kind == "film"), None)
        # Films named only to be told apart from «Вызов»: Shipenko's earlier ones.
        self._other_films = frozenset(
            "@" + e.id for e in factset.entities if e.kind == "film" and not e.fact
        )
        # People with a story of their own beside the film's: Cruise's film, Bezos's flight.
        self._outsiders = frozenset(
            "@" + e.id for e in factset.entities if e.kind == "person" and e.role == "race"
        )
        self._film_people = frozenset(
            e.id for e in factset.entities if e.kind == "person" and e.role in _FILM_ROLES
        )
        fact_index = self._fact_index = {f.id: i for i, f in enumerate(self._facts)}
        # "Tell me about Peresild": an entity named on its own leads to the fact introducing it.
        self._intro: dict[str, int] = {
            "@" + e.id: fact_index[e.fact] for e in factset.entities if e.fact in fact_index
        }

        # Every word as stemmed, before synonyms and aliases fold it: what typos resolve to.
        raw_vocab: set[tuple[str, bool]] = set(synonym_vocab)
        words_of = _Words(self)
        n_facts = len(self._facts)
        fact_range = np.arange(n_facts, dtype=np.intp)
        # The examples as parallel arrays, in fact order: 100k objects held 6 MB.
        self._ex_text = [q for f in self._facts for qs in f.questions.values() for q in qs]
        self._n = len(self._ex_text)
        per_fact = [sum(map(len, f.questions.values())) for f in self._facts]
        ex_fact = np.repeat(fact_range, per_fact)
        self._langs = tuple(Lang)
        lang_code = {lang: code for code, lang in enumerate(self._langs)}
        self._ex_lang = np.repeat(
            np.array([lang_code[lang] for f in self._facts for lang in f.questions], np.uint8),
            [len(qs) for f in self._facts for qs in f.questions.values()],
        )
        # The cleaned question, for whole-phrase matching: kept only where the example may be
        # a low-content one (see below); only low-content examples are read as phrases.
        phrase_words: dict[int, str] = {}
        # Per example its distinct tokens, first seen first, as (example, token id) pairs. The
        # questions are cleaned a batch at a time: all 100k cleaned at once were 10 MB held.
        ex_parts: list[_Ids] = []
        tok_parts: list[_Ids] = []
        for start in range(0, self._n, tx.CLEAN_BATCH):
            batch = tx.clean_many_words(self._ex_text[start : start + tx.CLEAN_BATCH], self._limit)
            batch_texts, batch_toks, marks = words_of.pairs(batch)
            eis, ex_toks = _distinct(batch_texts, batch_toks)
            # Every token weighs at least 1 (idf >= 1), so an example with as many tokens as
            # INFORMATIVE_WEIGHT is never low-content: it needs no words.
            few = np.bincount(eis, minlength=len(marks)) < INFORMATIVE_WEIGHT
            for i in np.flatnonzero(few).tolist():
                phrase_words[start + i] = _text(batch, marks, i)
            del batch
            ex_parts.append((eis + start).astype(np.int32))
            tok_parts.append(ex_toks.astype(np.int32))
        ex_of: _Ids = np.concatenate(ex_parts) if ex_parts else np.zeros(0, np.int32)
        tok_of: _Ids = np.concatenate(tok_parts) if tok_parts else np.zeros(0, np.int32)
        del ex_parts, tok_parts
        kw_texts, kw_toks = words_of.distinct_pairs(
            [k for f in self._facts for k in f.keywords], 200
        )
        kw_fact = np.repeat(fact_range, [len(f.keywords) for f in self._facts])[kw_texts]
        said_texts, said_toks = words_of.distinct_pairs(
            [a for f in self._facts for a in f.answer.values()], 4000
        )
        said_fact = np.repeat(fact_range, [len(f.answer) for f in self._facts])[said_texts]
        named = [(fi, words_of.token_id("@" + e)) for fi, f in enumerate(self._facts)
                 for e in f.entities]  # fmt: skip
        named_pairs = np.array(named, np.intp).reshape(-1, 2)
        raw_vocab.update(words_of.scripted())
        # Russian words as written, for typos a stem hides: "перым" stems to "пер", far from
        # "перв"; as words, "перым" is one letter from "первым".
        russian_words = {w for w, (_, cyr) in words_of.scripted_words() if cyr} | tx.STOPWORDS_RU
        self._russian_words = sorted(russian_words)
        # Words that end in a soft sign: Latin letters leave it out ("snyalis", "vernulis").
        self._soft_words = frozenset(w for w in russian_words if w.endswith("ь"))
        del russian_words
        tokens, token_ids = words_of.tokens, words_of.token_ids
        del words_of  # its tables of words, before the arrays below: they were at the peak
        # The (example, token) pairs in token order, each token's examples in index order (ex_of
        # ascends, and a stable sort keeps that order): see _by_token.
        by_token = _by_token(tok_of, len(tokens))
        # A fact's bag: the tokens of its questions, keywords and entities, as (token, fact)
        # keys, sorted by token and then fact. The examples' keys are in that order already
        # (each token's examples ascend, and so do their facts); the few others are put in place.
        # int32 keys where they fit: 700k int64 ones were 2.8 MB more at a reload's peak.
        span = max(n_facts, 1)
        key_type: type[np.signedinteger[Any]] = (
            np.int32 if len(tokens) * span < 1 << 31 else np.intp
        )
        bag: _Keys = tok_of[by_token].astype(key_type, copy=False)  # worked on in place
        bag *= span
        bag += ex_fact.astype(key_type)[ex_of][by_token]
        del by_token
        others = np.sort(
            np.concatenate((kw_toks * span + kw_fact, named_pairs[:, 1] * span + named_pairs[:, 0]))
        ).astype(key_type)
        if others.size:
            bag = np.insert(bag, np.searchsorted(bag, others), others)
        bag = _deduplicated(bag)
        # The answers' words help a paraphrase ("running time" → "164 minutes") but weigh less
        # than the questions': an answer mentions much it is not about.
        said = _sorted_unique(said_toks * span + said_fact).astype(key_type)
        at = np.minimum(np.searchsorted(bag, said), max(bag.size - 1, 0))
        if bag.size:
            said = said[bag[at] != said]
        # Per token, the facts whose questions use it and those whose answers alone do (fact
        # indexes as int32: half the memory, and tolist() gives the same ints). Each token's
        # run is found in the keys themselves, with no array of their tokens made.
        bag_starts = _key_starts(bag, len(tokens), span)
        self._facts_with: _Runs[list[int]] = _Runs(
            token_ids, bag_starts, _remainders(bag, span), _int_list, _NO_FACTS
        )
        self._facts_saying: _Runs[list[int]] = _Runs(
            token_ids,
            _key_starts(said, len(tokens), span),
            _remainders(said, span),
            _int_list,
            _NO_FACTS,
        )
        del said
        df = np.diff(bag_starts)  # per token, the facts that use it
        del bag, bag_starts
        in_df = np.flatnonzero(df)
        n = max(n_facts, 1)
        # math.log token by token, as the weights were always worked out: numpy's log may
        # differ in the last bit, and near-ties between examples would follow it.
        idf_of = [1.0 + math.log(n / count) for count in df[in_df].tolist()]
        self._idf = dict(zip([tokens[t] for t in in_df.tolist()], idf_of, strict=True))
        self._unknown_weight = 1.0 + math.log(n)  # as rare as the rarest word the facts use
        idf = np.zeros(len(tokens), np.float64)
        idf[in_df] = idf_of
        self._ex_weight = _example_weights(ex_of, tok_of, idf, self._n)
        self._ex_fact = ex_fact
        # "@" tokens come from aliases only.
        is_name = np.array([t.startswith("@") for t in tokens], np.bool_)
        self._ex_named = np.zeros(self._n, np.bool_)
        self._ex_named[ex_of[is_name[tok_of]]] = True
        # What each example asks for first: who, when, where or why (see _ASKS).
        self._asks_of = _asks_table()
        asks = np.array([self._asks_of.get(t, 0) for t in tokens], np.int8)[tok_of]
        asking = np.flatnonzero(asks)  # tokens come example by example, first seen first
        eis, first = np.unique(ex_of[asking], return_index=True)
        self._ex_asks = np.zeros(self._n, np.int8)
        self._ex_asks[eis] = asks[asking[first]]
        self._point_words = frozenset(t for w in _POINT_WORDS.split() for t in tx.tokens(w))
        # "long", "minutes", "долго" are in the runtime group: the film's length is a span too.
        self._span_words = frozenset(t for w in _SPAN_WORDS.split() for t in tx.tokens(w)) | {
            "~runtime"
        }
        # Examples that ask what or how: the words after it may say more ("how long").
        at = asking[first]
        further = asks[at] == _ASKS_OTHER
        ends = np.append(np.flatnonzero(np.diff(ex_of)) + 1, len(ex_of))  # of each example
        at, ends_at = at[further], ends[np.searchsorted(ends, at[further], side="right")]
        for ei, a, end in zip(eis[further].tolist(), at.tolist(), ends_at.tolist(), strict=True):
            words = [tokens[t] for t in tok_of[a : min(end, a + 3)].tolist()]
            self._ex_asks[ei] = self._asks_further(words)
        self._ex_unasked = self._ex_asks == 0  # no question word at all: yes or no, or a phrase
        self._ex_asks[self._ex_asks == _ASKS_OTHER] = 0
        # Per kind a question may ask for, the examples that ask for another (one look-up).
        self._asks_other = {kind: (self._ex_asks != 0) & (self._ex_asks != kind) for kind in _ASKS}
        # Low-content examples: little left once filler goes ("Who are you?", "Hey").
        low = self._ex_weight < INFORMATIVE_WEIGHT
        # Scored as a whole phrase only: _score skips it, so it needs no postings.
        self._phrase_examples: list[tuple[int, int, str]] = [
            (ei, fi, phrase_words[ei])
            for ei, fi in zip(np.flatnonzero(low).tolist(), ex_fact[low].tolist(), strict=True)
        ]
        del phrase_words
        # Their words sorted: "ты кто" is "кто ты" and "you ok" "ok you", as word order says
        # little in small talk. Sorted once here, so that fuzz.ratio of sorted words is
        # fuzz.token_sort_ratio at a quarter of its cost (which sorts each example per call).
        self._phrase_texts = [_sorted_words(words) for _, _, words in self._phrase_examples]
        # By token, examples in index order, sorted as the bags were. int32, as the build's
        # other per-pair arrays: 700k examples found by tokens took 2.8 MB more as intp, at a
        # reload's peak.
        listed = ~low[ex_of]
        posted, tok_listed = ex_of[listed], tok_of[listed]
        del tok_of, ex_of, listed
        by_token = _by_token(tok_listed, len(tokens))
        posted, tok_listed = posted[by_token], tok_listed[by_token]
        del by_token
        starts = np.searchsorted(tok_listed, np.arange(len(tokens) + 1, dtype=np.int32))
        del tok_listed
        posted.flags.writeable = False  # the postings are views of it
        self._postings: _Runs[_Ids] = _Runs(token_ids, starts, posted, _same, posted[:0])
        # Words in many examples ("film", "who") find too much to be worth looking up: an
        # example is a candidate for something rarer it shares, and then these count too. Names
        # are never common: whom a question is about decides which facts are candidates.
        # Picked from the runs' lengths at once: a loop over 20k tokens took 15 ms.
        common_len = max(COMMON_MIN_POSTINGS, COMMON_SHARE * self._n)
        self._common = frozenset(
            t
            for t in map(tokens.__getitem__, np.flatnonzero(np.diff(starts) > common_len).tolist())
            if t[0] != "@"
        )
        # "hi, who directed it?" is a question with a greeting, not a greeting.
        self._courtesy = frozenset(t for w in COURTESY_WORDS for t in tx.tokens(tx.clean(w, 50)))
        self._build_arrays()
        raw_vocab.update(self._alias_sources)
        # Typos are fixed against words of the same script: "успела" (uspel) is no "spell".
        # Sorted into the two straight from raw_vocab: sets of new (word, script) pairs, made
        # on the way, were 3 MB at the end of a build, where its memory peaks.
        by_script: dict[bool, set[str]] = {False: set(), True: set()}
        for t, cyr in raw_vocab:
            if not t.startswith(("@", "~")):
                by_script[cyr].add(t)
        del raw_vocab
        self._vocab_by_script = {cyr: sorted(v) for cyr, v in by_script.items()}
        self._script_vocab = {cyr: frozenset(v) for cyr, v in by_script.items()}
        del by_script
        self._vocab_set = self._script_vocab[False] | self._script_vocab[True]
        self._latin_vocab = self._script_vocab[False]  # the same set: 1 MB not held twice
        self._question_words = frozenset(
            t for w in QUESTION_WORDS.split() for t in tx.tokens(tx.clean(w, 50))
        )
        # Words that occur only inside multi-word aliases ("soyus" in "soyus ms19") are kept as
        # typed so the phrase can match, but they are no target for fixing a typo.
        self._phrase_words = (
            frozenset(w for phrases in self._phrase_alias.values() for p, _ in phrases for w in p)
            - self._vocab_set
        )
        # The people whose full names each word other than the last is part of: "richard" of
        # Branson's. A thing's name has no such part: "MS" of "Soyuz MS-20" is no Soyuz MS-19.
        name_parts: defaultdict[str, set[str]] = defaultdict(set)
        for phrases in self._phrase_alias.values():
            for phrase, entity_id in phrases:
                if "@" + entity_id in self._people:
                    for w in phrase[:-1]:
                        name_parts[w].add("@" + entity_id)
        self._name_part_of = {w: frozenset(ids) for w, ids in name_parts.items()}
        # Words that say who someone is without asking anything: "the guy", "the lead actress".
        self._plain_role_words = frozenset(
            t
            for w in ("person", "guy", "чел", "человек", "lead", "leading", "main", "главная")
            for t in tx.tokens(w)
        )
        self._intro_roles = {
            person: frozenset(r for r in ROLE_WORDS if self._intro[person] in self._facts_with[r])
            for person in self._people
        }
        self._filler = {False: tx.filler_stems(False), True: tx.filler_stems(True)}
        self._english_filler = sorted(w for w in tx.STOPWORDS_EN if len(w) >= FILLER_TYPO_MIN_CHARS)
        self._filler_set = {script: frozenset(stems) for script, stems in self._filler.items()}
        self._fuzzy: OrderedDict[tuple[str, bool], tuple[str, float] | None] = OrderedDict()
        self._russian_too: OrderedDict[str, bool] = OrderedDict()
        # Per word, and per pair of words: a message's readings (as typed, its first clause,
        # its last question) read the same words again, and people reuse theirs. Per matcher,
        # as what a word reads as depends on the facts.
        self._word_respelled = lru_cache(maxsize=_FUZZY_CACHE_SIZE)(self._respell_word)
        self._name_split = lru_cache(maxsize=_FUZZY_CACHE_SIZE)(self._split_name)
        self._says_who = lru_cache(maxsize=_FUZZY_CACHE_SIZE)(self._person_word)
        self._asks_with = lru_cache(maxsize=_FUZZY_CACHE_SIZE)(self._question_word)
        self._english_kind = lru_cache(maxsize=_FUZZY_CACHE_SIZE)(self._word_kind)
        # And per stretch of a message, which its readings respell again (its parts, as the
        # told words and the last question read them; what follows a comma).
        self._text_respelled = lru_cache(maxsize=256)(self._respell_text)

    def _build_arrays(self) -> None:
        """Per fact whether it is about anyone or anything, and per entity the facts about it."""
        self._fact_has_subject = np.array([bool(f.entities) for f in self._facts], np.bool_)
        # Small talk is about the bot: "which languages do you speak?" is no answer to which
        # languages an actor speaks.
        self._fact_is_smalltalk = np.array(
            [f.kind is FactKind.SMALLTALK for f in self._facts], np.bool_
        )
        self._out_of_scope_facts = frozenset(
            fi for fi, f in enumerate(self._facts) if f.kind is FactKind.OUT_OF_SCOPE
        )
        # Each pattern is run once per distinct answer: 10k synthetic facts share two, and a
        # search in each fact's answers took a thirtieth of their build.
        answers = {a for f in self._facts for a in f.answer.values()}
        self._gives_sum, later, first = self._facts_answering(
            {a for a in answers if _AMOUNT.search(a)},
            {a for a in answers if _LATER.search(a)},
            {a for a in answers if _FIRST.search(a)},
        )
        self._later_flight = later - first
        del answers
        # The weight of a word that as many facts ask with as there are out-of-scope facts:
        # a word weighed less is used by some fact in scope.
        n = max(len(self._facts), 1)
        self._foreign_idf = 1.0 + math.log(n / max(len(self._out_of_scope_facts), 1)) - 1e-9
        by_entity: dict[str, list[int]] = defaultdict(list)
        for fi, fact in enumerate(self._facts):
            for e in fact.entities:
                by_entity["@" + e].append(fi)
        self._facts_of_entity = {t: np.array(fis, np.intp) for t, fis in by_entity.items()}
        # Per fact, the one person it is about, if it is about one: whom "who …?" answered by
        # it means (see _described).
        self._fact_person: list[str | None] = []
        # Per fact whether it is about a person: "was he ISS commander?" asks of him, not of
        # whoever else commanded it.
        has_person: list[bool] = []
        for f in self._facts:
            # Most of a large set's facts name no entity: nothing to look through.
            persons = (
                [t for t in ("@" + e for e in f.entities) if t in self._people]
                if f.entities
                else []
            )
            self._fact_person.append(persons[0] if len(persons) == 1 else None)
            has_person.append(bool(persons))
        self._fact_has_person = np.array(has_person, np.bool_)

    def _facts_answering(self, *answer_sets: set[str]) -> tuple[frozenset[int], ...]:
        """Per set of answers, the facts with one of them (in either language).

        In one pass over the facts, which looks no further at those with none of the answers:
        a pass per set took 7 ms of a 10k-fact build.
        """
        found: list[list[int]] = [[] for _ in answer_sets]
        wanted = set().union(*answer_sets)
        for fi, f in enumerate(self._facts):
            if not wanted.isdisjoint(f.answer.values()):
                for answers, facts in zip(answer_sets, found, strict=True):
                    if not answers.isdisjoint(f.answer.values()):
                        facts.append(fi)
        return tuple(map(frozenset, found))

    # -- building -----------------------------------------------------------------------

    def _add_aliases(self, entity: Entity) -> None:
        """The entity's names as aliases; _build puts each token's phrases longest first."""
        names: Iterable[str] = (*entity.name.values(), *entity.aliases)
        for name in names:
            scripted = _scripted_name(name)
            toks = tuple(t for t, _ in scripted)
            if len(toks) == 1:
                self._single_alias.setdefault(toks[0], entity.id)
                self._alias_sources.add(scripted[0])
            elif toks:
                self._phrase_alias[toks[0]].append((toks, entity.id))

    def _canon(self, toks: Sequence[str]) -> list[str]:
        """Replace alias phrases with "@entity" and synonyms with "~group"."""
        single, synonym = self._single_alias, self._synonym
        if self._phrase_alias.keys().isdisjoint(toks):
            # No word starts a multi-word alias (most messages): each word on its own.
            return ["@" + single[t] if t in single else synonym.get(t, t) for t in toks]
        out: list[str] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            for phrase, entity in self._phrase_alias.get(tok, ()):
                if tuple(toks[i : i + len(phrase)]) == phrase:
                    out.append("@" + entity)
                    i += len(phrase)
                    break
            else:
                if tok in self._single_alias:
                    out.append("@" + self._single_alias[tok])
                else:
                    out.append(self._synonym.get(tok, tok))
                i += 1
        return out

    # -- querying -----------------------------------------------------------------------

    def _resolve(self, tok: str, cyrillic: bool) -> tuple[str, float] | None:
        """The vocabulary token `tok` most likely means, with a similarity in 0..1."""
        if tok in self._vocab_set or tok in self._phrase_words:
            return tok, 1.0
        key = (tok, cyrillic)
        if key in self._fuzzy:
            self._fuzzy.move_to_end(key)
            return self._fuzzy[key]
        # A Russian word's length is its letters', not its Latin spelling's: "щл" (2 letters,
        # "ok" on the wrong layout) spells "shchl", long enough to be read as a slip of "счёл".
        cutoff = _fuzzy_cutoff(tx.latin_to_cyrillic(tok) if cyrillic else tok)
        found: tuple[str, float] | None = None
        base = self._superlative_base(tok) if not cyrillic else None
        if base is not None:
            found = (base, SUPERLATIVE_SIMILARITY)
        elif cutoff is not None:
            vocab = self._vocab_by_script[cyrillic]
            near = process.extract(tok, vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
            # People rarely mistype a word's first letter: "married" is no "arrived".
            scored = [
                (score - (0 if cand[0] == tok[0] else FIRST_LETTER_COST), cand)
                for cand, score, _ in near
            ]
            scored = [
                (score, cand)
                for score, cand in scored
                if score >= cutoff and (cand[0] == tok[0] or OSA.distance(tok, cand) <= 1)
            ]
            swapped = self._swapped(tok, cyrillic)
            if scored and self._filler_slip(tok, cyrillic, scored):
                found = FILLER
            elif scored:
                # Of equally close words, the one more questions use: "movei" is "movie"
                # rather than "move" (each one letter off), as a speller weighs by frequency.
                score, cand = max(scored, key=lambda sc: (sc[0], -self._rarity(sc[1])))
                found = (cand, score / 100.0)
                if (
                    swapped is not None
                    and swapped is not FILLER
                    and (
                        OSA.distance(tok, cand) > 1 or self._rarity(swapped[0]) < self._rarity(cand)
                    )
                ):
                    # A swap is one slip too: "plto" is the everyday "plot" sooner than the
                    # rarer "pluto", one letter short, for all the ratio favours the longer.
                    found = swapped
            elif swapped is not None:
                found = swapped
            elif len(tok) >= FILLER_TYPO_MIN_CHARS and process.extractOne(
                tok, self._filler[cyrillic], scorer=OSA.distance, score_cutoff=FILLER_TYPO_EDITS
            ):
                # "abuot", "wiht": a mistyped filler word is filler, not a word the facts lack
                # (which would weigh as much as the rarest word there is).
                found = FILLER
        self._fuzzy[key] = found
        if len(self._fuzzy) > _FUZZY_CACHE_SIZE:
            self._fuzzy.popitem(last=False)
        return found

    def _superlative_base(self, tok: str) -> str | None:
        """The known word an English superlative the stemmer keeps whole is made from:
        "dumbest" is "dumb", "biggest" "big", "closest" "close"."""
        if len(tok) < SUPERLATIVE_MIN_CHARS or not tok.endswith("est"):
            return None
        base = tok[:-3]
        for cand in (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else ""):
            if cand in self._vocab_set:
                return cand
        return None

    def _filler_slip(self, tok: str, cyrillic: bool, near: list[tuple[float, str]]) -> bool:
        """Whether `tok` is a filler word mistyped at least as surely as any word in `near`:
        "explane" is "explain" one slip away, not "exoplanet" three away; "abuot" is the
        everyday "about" rather than "abort", each one slip away."""
        if len(tok) < FILLER_TYPO_MIN_CHARS or not process.extractOne(
            tok, self._filler[cyrillic], scorer=OSA.distance, score_cutoff=FILLER_TYPO_EDITS
        ):
            return False
        filler = self._filler_set[cyrillic]
        return all(
            OSA.distance(tok, word) >= FILLER_TYPO_EDITS and word not in filler for _, word in near
        )  # "hapened" is "happen", both a word the facts use and a filler: as it was

    def _swapped(self, tok: str, cyrillic: bool) -> tuple[str, float] | None:
        """The word that `tok` is with two neighbouring letters swapped back ("hihg" is "high";
        "wiht" is the filler "with"), if exactly one is known. The commonest typo of all, it
        costs a short word too much of its ratio (75 for "hihg") to pass the cutoff."""
        if len(tok) < SWAP_MIN_CHARS:
            return None
        filler = self._filler_set[cyrillic]
        vocab = self._script_vocab[cyrillic]
        hits: set[str] = set()
        for i in range(len(tok) - 1):
            if tok[i] == tok[i + 1]:
                continue
            word = tok[:i] + tok[i + 1] + tok[i] + tok[i + 2 :]
            if word in filler:
                hits.add("")
            elif word in vocab:
                hits.add(word)
            elif not cyrillic and (stemmed := tx.stem(word)) in vocab:
                # The stemmer keeps a mistyped word whole: "dockign" is "docking", so "dock";
                # but "exactley" is "exactly", filler, whose stem "exact" is a word facts use.
                hits.add("" if stemmed in filler else stemmed)
        if len(hits) != 1:
            return None  # two readings: guessing between them would invent
        word = hits.pop()
        return FILLER if not word else (word, SWAP_SIMILARITY)

    def _rarity(self, word: str) -> float:
        """How rare a vocabulary word is across facts, as the token it stands for (its idf)."""
        alias = self._single_alias.get(word)
        token = "@" + alias if alias is not None else self._synonym.get(word, word)
        return self._idf.get(token, self._unknown_weight)

    def _typo(self, tok: str) -> str:
        cutoff = _fuzzy_cutoff(tok)
        if cutoff is None:
            return tok
        vocab = self._vocab_by_script[False] + self._vocab_by_script[True]
        best = process.extractOne(tok, vocab, scorer=fuzz.ratio, score_cutoff=cutoff)
        return str(best[0]) if best else tok

    def _reading(
        self, name: str, raw_tokens: Sequence[tuple[str, bool]], russian: bool = False
    ) -> _Query:
        resolved: list[str] = []
        sims: dict[str, float] = {}
        known = self._vocab_set
        for tok, cyrillic in raw_tokens[:MAX_QUERY_TOKENS]:
            # Already canonical (an entity or synonym group), or a word the facts use as typed
            # (what _resolve gives it, at once: no similarity is above 1.0).
            if tok in known or tok.startswith(("@", "~")):
                resolved.append(tok)
                sims[tok] = 1.0
                continue
            hit = self._resolve(tok, cyrillic)
            if hit is FILLER:
                continue
            if hit is None:
                resolved.append(tok)
                sims[tok] = 0.0
            else:
                resolved.append(hit[0])
                sims[hit[0]] = max(sims.get(hit[0], 0.0), hit[1])
        q = _Query(name, russian=russian)
        canonical = self._without_name_parts(self._canon(resolved))
        if any(t in self._phrase_words for t in canonical):
            # A phrase-only word that did not complete its phrase: try it as a typo after all.
            resolved = [self._typo(t) if t in self._phrase_words else t for t in resolved]
            canonical = self._without_name_parts(self._canon(resolved))
        for tok in canonical:
            sim = sims.get(tok, 1.0)  # canonical "@x"/"~y" tokens came from resolved words
            weight = self._idf.get(tok)
            if weight is None:
                # A word no fact uses is a sign the question is about something else. So is
                # a number, however short: "Soyuz MS-22" is another flight than MS-19.
                weight = self._unknown_weight if len(tok) > 2 or tok.isdigit() else 0.5
                sim = 0.0
            q.raw_weights[tok] = weight
            q.weights[tok] = weight * sim
        q.total = sum(q.raw_weights.values())
        toks = list(q.raw_weights)
        at = next((i for i, t in enumerate(toks) if t in self._asks_of), len(toks))
        q.asks = self._asks_of[toks[at]] if at < len(toks) else 0
        if q.asks == _ASKS_OTHER:
            q.asks = self._asks_further(toks[at : at + 3])
        if q.asks == _ASKS_OTHER:
            q.asks = 0
        return q

    def _without_name_parts(self, canonical: list[str]) -> list[str]:
        """The tokens without a first name left over before its person: in "did
        Richard Bransen beat Bezos" the mistyped surname is Branson on its own (an alias), and
        "richard", beside it and a word of "Richard Branson", is his too: not another Richard
        (the facts know Richard Garriott), nor a word the facts lack, which would weigh as
        much as the rarest word there is."""
        if self._name_part_of.keys().isdisjoint(canonical):
            return canonical  # no first name at all (most messages)
        out: list[str] = []
        for i, tok in enumerate(canonical):
            owners = self._name_part_of.get(tok)
            if owners and i + 1 < len(canonical) and canonical[i + 1] in owners:
                continue
            out.append(tok)
        return out

    def _asks_further(self, toks: Sequence[str]) -> int:
        """What a question word that asks what or how asks for, from the two tokens after it."""
        word, after = toks[0], toks[1:3]
        if word in _WHICH_WORDS and after[:1] and after[0] in self._point_words:
            return _WHEN
        if word in _HOW_WORDS and any(t in self._span_words for t in after):
            return _HOW_LONG
        if after[:1] and after[0] == "~age":
            # "How old was Gagarin when he flew?" asks no "When did Gagarin fly?".
            return _AGE
        return _ASKS_OTHER

    def _name_only(self, q: _Query) -> bool:
        """A person named, with nothing asked of them but who they are: "cosmonaut Anton
        Shkaplerov" is Shkaplerov, while "the director of Vyzov" asks something of a film.

        A role is who they are only if their introduction asks of it: "кто у круза режиссёр"
        asks for Cruise's director, as no question introducing Cruise calls him one."""
        people = [t for t in q.weights if t in self._people]
        if not people:
            return False
        roles = self._plain_role_words.union(*(self._intro_roles[t] for t in people))
        return all(t.startswith("@") or t in roles or t in self._question_words for t in q.weights)

    def _asks_nothing(self, q: _Query) -> bool:
        """Whether no word of `q` weighs but question words: "who? who?" asks nothing, and
        small talk ("what can u do") is matched only as a whole phrase."""
        return q.total <= 0 or all(
            t in self._question_words or (t == q.borrowed and not q.pointed_at)
            for t, w in q.weights.items()
            if w > 0
        )

    def _score(self, q: _Query) -> dict[int, tuple[float, int]]:
        """fact index -> (score 0..100, best example index)."""
        scored = self._score_phrases(q)
        if self._asks_nothing(q):
            return scored
        found = self._hits(q)
        best = self._best_examples(q, *found) if found is not None else []
        intros = {self._intro[t] for t in q.weights if t in self._intro}
        shared = self._shared(q).get
        support, total, rest_share = q.support, q.total, 1 - EXAMPLE_SHARE  # looked up once
        for fi, f, ei, matched, second in best:
            support[fi] = f + second
            covered = shared(fi, 0.0) / total
            score = EXAMPLE_SHARE * f + rest_share * covered
            score *= min(1.0, matched / INFORMATIVE_WEIGHT) ** 0.5
            if fi in intros:
                score = min(1.0, score + INTRO_BONUS)
            score *= 100.0
            if fi not in scored or score > scored[fi][0]:
                scored[fi] = (score, ei)
        # Whom the message only describes is not named on its own: "name of the dude who
        # directed vyzov?" asks who directed it, not for Shipenko's introduction.
        if intros and not q.goes_on and q.described is None and self._name_only(q):
            for fi, (score, ei) in scored.items():  # whether matched by words or as a phrase
                if fi in intros:
                    scored[fi] = (min(100.0, score + 100.0 * NAME_ONLY_BONUS), ei)
                else:
                    # Nothing asked but who they are: "was he the only cosmonaut aboard?"
                    # answers a question not asked, however many of its words it shares.
                    scored[fi] = (score * NAME_ONLY_OTHERS_FACTOR, ei)
        return self._without_asked_detail(q, scored)

    def _without_asked_detail(
        self, q: _Query, scored: dict[int, tuple[float, int]]
    ) -> dict[int, tuple[float, int]]:
        """Scores lowered for facts that cannot give a detail the question asks for: how things
        went in America from a fact that never mentions it, a price from one that names no sum,
        when someone first flew from one that only says which flight this was for them."""
        if ELSEWHERE in q.weights:
            there = {*self._facts_with[ELSEWHERE], *self._facts_saying[ELSEWHERE]}
            for fi, (score, ei) in scored.items():
                if fi not in there and fi not in self._out_of_scope_facts:
                    scored[fi] = (score * NOT_THERE_FACTOR, ei)
        if _PRICE.search(q.words) or (_HOW_MUCH.search(q.words) and _PAYING.search(q.words)):
            for fi, (score, ei) in scored.items():
                if fi not in self._gives_sum and fi not in self._out_of_scope_facts:
                    scored[fi] = (score * MISSING_DETAIL_FACTOR, ei)
        if q.asks in (_WHEN, _AGE) and _FIRST_FLIGHT.search(q.words):
            for fi, (score, ei) in scored.items():
                if fi in self._later_flight:
                    scored[fi] = (score * MISSING_DETAIL_FACTOR, ei)
        return scored

    def _hits(self, q: _Query) -> _Found | None:
        """The examples that share a word with the query other than a common one, if there is
        one (no low-content example: those have no postings). As arrays over those examples,
        in index order: the example, when it was first found, and the query weight it shares
        (x similarity; and raw)."""
        post = self._postings
        live = [(t, w, q.raw_weights[t]) for t, w in q.weights.items() if w > 0 and post[t].size]
        rare = [item for item in live if item[0] not in self._common]
        if not rare:
            if not live:
                return None
            rare = looked_up = live
        else:
            # The common words are summed in the same pass, after the rare ones, as adding them
            # afterwards did: an example sums its weights in that order either way. Only the
            # examples something rarer found are kept (below), so theirs count only there.
            looked_up = rare + [item for item in live if item[0] in self._common]
        lists = [post[t] for t, _, _ in looked_up]
        found = np.concatenate(lists) if len(lists) > 1 else lists[0]
        sizes = [len(eis) for eis in lists]
        hit = _summed(found, [w for _, w, _ in looked_up], sizes, self._n)
        hit_raw = _summed(found, [r for _, _, r in looked_up], sizes, self._n)
        if len(rare) == 1:
            # One word's examples ascend, each once: they are their own unique values.
            idx = lists[0]
            first = np.arange(idx.size)
        else:
            # np.unique(..., return_index=True) without its wrapper: a stable sort, and the
            # first of each run of equal examples.
            rare_found = found[: sum(sizes[: len(rare)])]
            order = rare_found.argsort(kind="stable")
            ordered = rare_found[order]
            new = _run_marks(ordered)
            idx, first = ordered[new], order[new]
        return idx, first, hit[idx], hit_raw[idx]

    def _best_examples(
        self, q: _Query, idx: _Ids, first: _Ints, hit: _Floats, hit_raw: _Floats
    ) -> list[tuple[int, float, int, float, float]]:
        """Per fact, its best example as (fact, F-beta, example, weight shared, F-beta of the
        next best example or 0): the facts in the order their first example was found and, of
        equal examples, the one found first."""
        p = hit / q.total
        r = np.minimum(hit_raw / self._ex_weight[idx], 1.0)
        f = (1 + _BETA2) * p * r / (_BETA2 * p + r)  # p > 0: each example shares a word
        # Whom the question is about: whom it names, or whom "he" or "she" stands for.
        named = [
            t for t in q.weights
            if t.startswith("@") and (t != q.borrowed or q.reading == "context")
        ]  # fmt: skip
        if q.referent is not None and not named:
            named = [q.referent]  # "whom did he play?" just after Novitsky: not Dubrov's role
        facts = self._ex_fact[idx]  # examples are stored fact by fact: their facts come in runs
        if q.plural and self._people.isdisjoint(named):
            # "How long did they stay?" asks of the crew, not "How long did Dubrov stay?".
            _scale(f, OTHER_SUBJECT_FACTOR, self._ex_person[idx])
        if named:
            about = np.zeros(self._n, np.bool_)
            fact_about = np.zeros(len(self._facts), np.bool_)
            for t in named:
                about[self._postings[t]] = True  # none for a token of no postings
                if t in self._facts_of_entity:
                    fact_about[self._facts_of_entity[t]] = True
            ex_named = self._ex_named[idx]
            ex_about, not_fact_about = about[idx], ~fact_about[facts]
            # "What did Rogozin have to do with it?" is no "What did Bezos have to do with
            # it?": the same words, asked of someone else. An example that names nobody is
            # about whom its fact is about: "whom does the actress play?" is Peresild's role.
            # Nor is a name in passing, in an example about someone else its fact is about:
            # "Did Branson fly before Bezos?" is no answer to "when did Bezos fly?".
            other = np.where(
                ex_named,
                ~ex_about | (not_fact_about & self._ex_self_named[idx]),
                self._fact_has_subject[facts] & not_fact_about,
            )
            _scale(f, OTHER_SUBJECT_FACTOR, other)
            if q.referent in self._people and self._people.isdisjoint(named):
                # "Was he ISS commander later?" names the station, and "he" someone: a fact
                # about other people (whoever else commanded it) is not about him.
                ref = q.referent
                ref_about = np.zeros(len(self._facts), np.bool_)
                if ref in self._facts_of_entity:
                    ref_about[self._facts_of_entity[ref]] = True
                names_ref = np.zeros(self._n, np.bool_)
                names_ref[self._postings[ref]] = True
                _scale(
                    f,
                    OTHER_SUBJECT_FACTOR,
                    self._fact_has_person[facts] & ~ref_about[facts] & ~names_ref[idx],
                )
            f[self._fact_is_smalltalk[facts]] = 0.0  # dropped below
        # "Кто жил на станции, когда прилетели киношники?" is no "кто был командиром станции,
        # когда прилетели киношники?": an example that asks for a role the question does not
        # name asks another thing, however many of its other words it shares.
        other_roles = np.uint8(
            sum(1 << bit for bit, role in enumerate(ASKED_ROLES) if role not in q.weights)
        )
        _scale(f, OTHER_ROLE_FACTOR, (self._ex_roles[idx] & other_roles) != 0)
        if "~now" not in q.weights:
            # "Who commanded the station when the film crew showed up?" is no "Who is in command
            # of the station today?": an example that asks about the present asks another thing.
            _scale(f, THEN_NOT_NOW_FACTOR, self._ex_now[idx])
        if q.asks:
            # "Who commanded the station when the crew arrived?" is no "When did the crew
            # arrive?": the first question word says what kind of answer is wanted.
            _scale(f, OTHER_QUESTION_FACTOR, self._asks_other[q.asks][idx])
            # Nor is a yes-or-no example ("Will Virgin Galactic fly again?") a way of asking
            # when Branson flew, though it is less sure to ask something else.
            _scale(f, UNASKED_FACTOR, self._ex_unasked[idx])
        new = _run_marks(facts)
        starts = np.flatnonzero(new)
        run = new.cumsum() - 1  # each example's run
        # Of a fact's best examples, the one found first: no two were found at once.
        found_at = np.where(f == np.maximum.reduceat(f, starts)[run], first, _NEVER_FOUND)
        won = np.flatnonzero(found_at == np.minimum.reduceat(found_at, starts)[run])
        # Each fact's next best example: with the winner set aside, the best left in its run.
        rest = f.copy()
        rest[won] = 0.0
        second = np.maximum.reduceat(rest, starts)
        # The facts in the order their first example was found.
        order = np.argsort(np.minimum.reduceat(first, starts), kind="stable")
        won, second = won[order], second[order]
        if named:  # small talk is out: a question that names someone is not about the bot
            kept = f[won] > 0.0
            won, second = won[kept], second[kept]
        return list(
            zip(
                facts[won].tolist(),
                f[won].tolist(),
                idx[won].tolist(),
                hit[won].tolist(),
                second.tolist(),
                strict=True,
            )
        )

    def _shared(self, q: _Query) -> dict[int, float]:
        """fact index -> the query's weight its questions share (answer-only words count
        ANSWER_WORD_SHARE), summed in query order as a per-fact loop over the query would."""
        shared: dict[int, float] = {}
        for tok, w in q.weights.items():
            for fi in self._facts_with[tok]:
                shared[fi] = shared.get(fi, 0) + w
            said = ANSWER_WORD_SHARE * w
            for fi in self._facts_saying[tok]:
                shared[fi] = shared.get(fi, 0) + said
        return shared

    def _score_phrases(self, q: _Query) -> dict[int, tuple[float, int]]:
        """Low-content examples ("Who are you?", "Hey") match only as whole phrases."""
        if not q.words or len(q.words) > PHRASE_MAX_CHARS:
            return {}
        scored: dict[int, tuple[float, int]] = {}
        # rapidfuzz scores them all in C; a loop of fuzz.ratio calls was a tenth of a question's
        # time. In index order, so that of equal phrases a fact keeps its first, as the loop did.
        close = process.extract(
            _sorted_words(q.words), self._phrase_texts, scorer=fuzz.ratio,
            score_cutoff=PHRASE_MIN_RATIO, limit=None,
        )  # fmt: skip
        said = [_CHAT_SHORT.get(w, w) for w in q.words.split()]
        plain = [w for w in said if w not in _CHAT_NOISE]
        # Chat noise only where it opens the message: some of it is part of a phrase too, as
        # "там" is in "как ты там" ("ну чё как ты там"), which without it is further away.
        opened = list(itertools.dropwhile(_CHAT_NOISE.__contains__, said))
        variants = [" ".join(plain), " ".join(w for w in plain if w not in _GREETINGS)]
        variants.append(" ".join(opened))
        if plain and _GREETINGS.issuperset(plain):
            variants.append(plain[-1])  # "yo hey bot": greetings and nothing else greet
        for variant in dict.fromkeys(variants):
            if variant and variant != q.words:
                close += process.extract(
                    _sorted_words(variant), self._phrase_texts, scorer=fuzz.ratio,
                    score_cutoff=PHRASE_MIN_RATIO, limit=None,
                )  # fmt: skip
        for _, similarity, i in sorted(close, key=lambda hit: hit[2]):
            ei, fi, _ = self._phrase_examples[i]
            if similarity > scored.get(fi, (0.0, 0))[0]:
                scored[fi] = (similarity, ei)
        return scored

    def _readings(
        self, prepared: str, context: ChatContext | None, typed_words: str | None = None
    ) -> list[_Query]:
        if typed_words is None:  # match has them
            typed_words = _words_of(prepared)
        readings = [self._reading("typed", self._respelled(typed_words))]
        readings[0].words = typed_words
        cyr, lat = tx.script_counts(typed_words)
        if lat > cyr and not self._mostly_english(typed_words):
            # Put right as typed Russian is: "gotovilis" reads "готовилис", one slip from
            # "готовились", as a soft sign is left out in Latin letters.
            translit = self._respelled(self._transliterated(typed_words))
            readings.append(self._reading("translit", translit, russian=True))
            layout = tx.scripted_tokens(_words_of(tx.swap_layout(prepared)))
            readings.append(self._reading("layout", layout, russian=True))
        elif cyr > 0 and self._known_share(readings[0]) < KNOWN_AS_TYPED:
            # English typed on the Russian layout ("руддщ" for "hello") reads as Russian the
            # facts do not know; Russian the facts know was typed as meant.
            layout = tx.scripted_tokens(_words_of(tx.swap_layout(prepared)))
            readings.append(self._reading("layout", layout))
        base = readings[0]
        first = self._first_clause(prepared, base)
        if first is not None:
            readings.append(first)
        else:
            after = self._after_statement(prepared, base)
            if after is not None:
                readings.append(after)
        asked_for = self._without_asker(prepared, base)
        if asked_for is not None:
            readings.append(asked_for)
            base = asked_for
        claimed = self._claim(prepared, base)
        if claimed is not None:
            readings.append(claimed)
        aside = self._without_aside(prepared, base)
        if aside is not None:
            readings.append(aside)
        compared = self._without_compared(prepared, readings[0])
        if compared is not None:
            # The reading that takes whom the subject is compared with for the subject is a
            # worse one, as one that ignores whom the message describes is (DESCRIBED_PENALTY).
            readings[0].penalty = DESCRIBED_PENALTY
            readings.append(compared)
        described = self._described(prepared, base)
        if described is not None:
            person, description = described
            for q in list(readings):
                if q.words and set(description) <= set(q.words.split()):
                    # The same words with the person named beside them: the reading that
                    # ignores whom they describe is a worse one, as one that ignores whom "he"
                    # means is (PRONOUN_PENALTY).
                    named = self._reading(q.reading, [*self._respelled(q.words), (person, False)])
                    named.words, named.described = q.words, person
                    readings.append(named)
                    q.penalty = DESCRIBED_PENALTY
        polite = self._without_courtesy(base)
        if polite is not None:
            readings.append(polite)
            base = polite
        if context is not None:
            readings.extend(self._follow_ups(typed_words, base, context))
        if (
            self._default_entity
            and not any(t.startswith("@") for t in base.raw_weights)
            and self._known_share(base) >= 0.5
        ):
            # "Who directed the film?" here means «Вызов» unless another film is named.
            readings.append(self._borrowing("default", base, self._default_entity))
        told = self._told(prepared, readings[0])
        for q in readings:  # as a borrowed word is (see _borrowing_all)
            for t in told.intersection(q.raw_weights):
                q.total -= q.raw_weights[t] * (1 - TOLD_SHARE)
                q.raw_weights[t] *= TOLD_SHARE
        return readings

    def _told(self, prepared: str, typed: _Query) -> frozenset[str]:
        """The words no fact uses that a long message says only in its parts that ask
        nothing: in "heard the whole station got knocked sideways by some engine misfire
        while they were up there, whats the story" the misfire is told, and what is asked is
        the story of it. Empty where no part asks, or the message is short."""
        unknown = {t for t in typed.raw_weights if t not in self._idf}
        if not unknown or len(typed.words.split()) < LAST_QUESTION_MIN_WORDS:
            return frozenset()
        asked = False
        asking: set[str] = set()
        told: set[str] = set()
        for part, after, words in _parts(prepared):
            said = {t for t, _ in self._respelled(" ".join(words))}
            if "?" in after or self._asks(part, said, words):
                asked = True
                asking.update(unknown & said)
            else:
                told.update(unknown & said)
        return frozenset(told - asking) if asked else frozenset()

    def _first_clause(self, prepared: str, typed: _Query) -> _Query | None:
        """The message's first question on its own, where more follows it: in "who was first
        in space, and how long was he up there?" the second half is no other fact's question,
        it only dilutes the first. It competes with the whole message as a reading does, so a
        second half that belongs to the question ("...? or later?") still counts there.
        None where the first part asks nothing: "I know they flew, but who were the backups?"
        """
        first = _CLAUSE_BREAK.search(prepared)
        # A dash may stand inside the first question: "Алёна Мордовина — это кто? Её фамилия
        # всё время мелькает рядом с «Вызовом»..." asks at its question mark.
        dash = first is not None and first.group().strip() in {"-", "–", "—"}
        asked = _QUESTION_MARK.search(prepared, first.end()) if first and dash else None
        # Small talk weighs nothing wherever it is cut: "wat can you do, wat do you know
        # abuot?" asks one thing twice, and its first part is a whole phrase. So does a
        # message whose words after its first comma weigh nothing ("как сам, норм всё?"): what
        # it asks is before the comma, and there it may be a whole phrase ("как сам").
        comma = _COMMA.search(prepared)
        tail_empty = comma is not None and self._says_nothing(prepared[comma.end() :])
        if not (tail_empty or self._asks_nothing(typed)):
            comma = None
        for cut in (first, asked, comma):
            if cut is None or not prepared[cut.end() :].strip():
                continue
            clause_words = _words_of(prepared[: cut.start()])
            if len(clause_words.split()) < 2:
                continue
            q = self._reading("clause", self._respelled(clause_words))
            q.words = clause_words
            if self._asks_unknown(prepared[cut.end() :]):
                continue
            asks = "?" in cut.group() or self._asks(prepared[: cut.start()], q.raw_weights)
            # Small talk says nothing a word weighs: "what can u do exactly? like what r u for"
            # is read as a whole phrase, and its first question is one too.
            chat = self._asks_nothing(typed) and self._asks_nothing(q)
            chat = chat or (cut is comma and tail_empty)
            if asks and (0 < q.total < typed.total or chat):
                return q
        return None

    def _asks_unknown(self, text: str) -> bool:
        """Whether the text asks of the same person whether they were something no fact
        knows: in "who is wally funk, was she one of the mercury 13?" the second question asks
        what no fact says, and the first alone would answer it with her flight."""
        said = _words_of(text).split()
        if len(said) < 3 or said[0] not in _YES_NO_START or said[1] not in _PERSONAL | _PLURAL:
            return False
        tokens = self._reading("rest", self._respelled(" ".join(said))).raw_weights
        return any(not t.startswith(("@", "~")) and self._foreign(t) for t in tokens)

    def _says_nothing(self, text: str) -> bool:
        """Whether the text's words weigh nothing but question words: "норм всё?", "ok?"."""
        return self._asks_nothing(self._reading("tail", self._respelled(_words_of(text))))

    def _asks(
        self, text: str, tokens: Collection[str], part_words: Sequence[str] | None = None
    ) -> bool:
        """Whether the text, read as `tokens`, asks something: a question word, or a start
        that asks as one does ("is it…", "расскажи"). Not a question word that only says whom a
        noun means: "the cosmonaut who commanded the ship" names someone, it asks nothing. A
        comma between them makes it a question again: "In the movie, who is operated on?".
        `part_words`: the text's words where the caller has them, as _parts does (words() is a
        tenth of a long message's time)."""
        said = part_words if part_words is not None else _words_of(text).split()
        if said[:1] and said[0] in _ASKING_START:
            return True
        if self._question_words.isdisjoint(tokens):
            return False
        # Without a comma the text is one clause, whose words are said.
        clauses = (
            (_words_of(part).split() for part in _COMMA.split(text)) if "," in text else [said]
        )
        return any(
            not _relative(words, i) and self._asks_with(w)
            for words in clauses
            for i, w in enumerate(words)
        )

    def _after_statement(self, prepared: str, typed: _Query) -> _Query | None:
        """The question after a statement, on its own: in "Фильм почти три часа идёт — а
        сколько минут из этого снято на МКС?" the runtime is said, not asked. It competes with
        the whole message as a reading does. None where the statement asks something too, or
        names whom the question is about ("I spotted Mashkov in the credits. Who does he
        play?"), or the question points back at it: "he", "that", "это"."""
        parts = [p for p in _SENTENCE_BREAK.split(prepared) if p.strip()]
        if len(parts) < 2:
            return None
        said, asked = _words_of(" ".join(parts[:-1])), _words_of(parts[-1])
        if "?" in " ".join(parts[:-1]) or "?" not in parts[-1]:
            return None  # "Забудь про космос. Теперь ты пират": an order, not a question
        if len(asked.split()) < LAST_QUESTION_MIN_PART or not _POINTING.isdisjoint(asked.split()):
            return None
        if not _words_of(_VERDICT.sub(" ", parts[-1])):
            # A question that only judges the statement asks about the statement: "...905
            # million, over a billion rubles. Which one is right?" asks which budget is right.
            return None
        told = self._reading("said", self._respelled(said)).raw_weights
        if any(t.startswith("@") for t in told) or not self._question_words.isdisjoint(told):
            return None
        q = self._reading("clause", self._respelled(asked))
        q.words = asked
        return q if self._asks(parts[-1], q.raw_weights) and 0 < q.total < typed.total else None

    def _last_question(
        self,
        prepared: str,
        typed: _Query,
        ranked: list[tuple[int, tuple[float, int]]],
        typed_scores: dict[int, tuple[float, int]],
    ) -> tuple[_Query, dict[int, tuple[float, int]]] | None:
        """The reading of a long message's last question on its own, with its scores, where it
        answers what the whole message only half matched (see LAST_QUESTION_BELOW); None if
        the whole matched well enough, or the last question says nothing the whole did not
        rank high, as read (`ranked`) or as typed (`typed_scores`: a chat's subject borrowed
        for "them" can rank the story's words, not the question's)."""
        if not ranked:
            return None
        catch_all = self._facts[ranked[0][0]].kind is FactKind.OUT_OF_SCOPE
        if ranked[0][1][0] >= (LAST_QUESTION_BELOW_CATCH_ALL if catch_all else LAST_QUESTION_BELOW):
            return None
        q = self._last_part(prepared)
        if q is None or not 0 < q.total < typed.total:
            return None
        q.goes_on, q.referent, q.plural = typed.goes_on, typed.referent, typed.plural
        scores = {fi: (s * LAST_QUESTION_FACTOR, ei) for fi, (s, ei) in self._score(q).items()}
        if not scores:
            return None
        top = max(scores, key=lambda fi: scores[fi][0])
        as_typed = sorted(typed_scores, key=lambda fi: -typed_scores[fi][0])
        ranked_high = {fi for fi, _ in ranked[:LAST_QUESTION_RANK]}
        ranked_high.update(as_typed[:LAST_QUESTION_RANK])
        if top not in ranked_high or scores[top][0] <= ranked[0][1][0]:
            return None
        if catch_all and self._facts[top].kind is FactKind.SMALLTALK:
            return None  # "теперь ты пират и отвечаешь только как пират" asks nothing of the bot
        return q, scores

    def _last_part(self, prepared: str) -> _Query | None:
        """The reading of the message's last sentence or clause of a few words that has a
        question word."""
        parts = _parts(prepared)
        for at in reversed(range(len(parts))):
            part, _, words = parts[at]
            if len(words) < LAST_QUESTION_MIN_PART:
                continue
            part_words = " ".join(words)
            q = self._reading("last-question", self._respelled(part_words))
            if self._asks(part, q.raw_weights, words):
                # Names listed after it are its own: "what were the ages of Shkaplerov,
                # Shipenko and Peresild?" asks of all three, not of Shkaplerov alone.
                listed = [part_words]
                for (_, before, _), (_, _, after_words) in itertools.pairwise(parts[at:]):
                    if not (before.strip() == "," and self._names_first(" ".join(after_words))):
                        break
                    listed.append(" ".join(after_words))
                if len(listed) > 1:
                    part_words = " ".join(listed)
                    q = self._reading("last-question", self._respelled(part_words))
                q.words = part_words
                return q
        return None

    def _names_first(self, words: str) -> bool:
        """Whether the words begin with a name the facts know: a list's next item."""
        first = next(iter(self._reading("name", self._respelled(words)).raw_weights), "")
        return first.startswith("@")

    def _transliterated(self, typed_words: str) -> str:
        """Latin letters read as the Russian they spell, soft signs put back."""
        return self._softened(_words_of(tx.latin_to_cyrillic(typed_words)))

    def _softened(self, words: str) -> str:
        """Transliterated words with the soft sign back where a word the facts use has it:
        "снялис" (snyalis) is "снялись" (acted), not "сняли" (filmed), a slip away too."""
        soft = self._soft_words
        return " ".join(w + "ь" if w + "ь" in soft else w for w in words.split())

    def _respelled(self, typed_words: str) -> list[tuple[str, bool]]:
        """scripted_tokens of the words, a Russian word whose stem no fact knows first put
        right as a word, where one known word is a slip away."""
        return list(self._text_respelled(typed_words))

    def _respell_text(self, typed_words: str) -> tuple[tuple[str, bool], ...]:
        """_respelled, uncached."""
        out: list[tuple[str, bool]] = []
        for word in self._names_joined(typed_words.split()):
            out += self._word_respelled(word)
        return tuple(out)

    def _respell_word(self, word: str) -> tuple[tuple[str, bool], ...]:
        """_respelled of one word (once joined): none for filler, two for "whodirected"."""
        scripted = tx.scripted_word(word)
        if scripted is None:
            return ()
        tok, cyrillic = scripted
        if not cyrillic and tok not in self._vocab_set and (parts := self._unglued(word)):
            return tuple(parts)  # "whodirected": a missed space
        if (
            not cyrillic
            and tok not in self._vocab_set
            and len(word) >= FILLER_TYPO_MIN_CHARS
            and self._resolve(tok, False) is None
            and process.extractOne(
                word,
                self._english_filler,
                scorer=OSA.distance,
                score_cutoff=FILLER_TYPO_EDITS,
            )
        ):
            # "exactley" stems to itself, three letters from the stem of "exactly": as a
            # word it is one slip from that filler word, and no word the facts use.
            return ()
        if cyrillic and tok not in self._vocab_set and len(word) >= RESPELL_MIN_CHARS:
            fixed = self._respell(word)
            if fixed is not None:
                scripted = tx.scripted_word(fixed)
                if scripted is None:
                    return ()  # a mistyped filler word: "будит" is "будет"
        return (scripted,)

    def _names_joined(self, words: list[str]) -> list[str]:
        """The words with a name typed in two put back together: "ship enko" is "shipenko",
        "peres old" "peresold" (then a slip of "peresild"). Only where one of the two is no
        word the facts use, and together they are a name's word or one slip from it."""
        out: list[str] = []
        at = 0
        while at < len(words):
            word = words[at]
            if at + 1 < len(words) and self._name_split(word, words[at + 1]):
                out.append(word + words[at + 1])
                at += 2
                continue
            out.append(word)
            at += 1
        return out

    def _split_name(self, first: str, second: str) -> bool:
        """Whether two words typed apart are one name's word (see _names_joined)."""
        joined = first + second
        if len(joined) < SPLIT_NAME_MIN_CHARS or not (joined.isascii() and joined.isalpha()):
            return False
        known = [
            (found := tx.scripted_word(w)) is None or found[0] in self._vocab_set
            for w in (first, second)
        ]
        if all(known):
            return False  # "the station", "new space": words of their own
        near = process.extractOne(
            joined, self._name_words, scorer=fuzz.ratio, score_cutoff=SPLIT_NAME_RATIO
        )
        return near is not None and str(near[0])[0] == joined[0]

    def _unglued(self, word: str) -> list[tuple[str, bool]]:
        """A question word and a known word typed without the space: "whodirected" is "who
        directed", "howlong" "how long", "whatis" "what is". Nothing for any other word."""
        for asked in _GLUED_QUESTION_WORDS:
            rest = word[len(asked) :]
            if not word.startswith(asked) or len(rest) < GLUED_MIN_CHARS:
                continue
            question = tx.scripted_word(asked)  # a question word is never filler
            if question is None:
                continue
            scripted = tx.scripted_word(rest)
            if scripted is None:
                return [question]  # "whatis": filler after it
            if scripted[0] in self._vocab_set:
                return [question, scripted]
        return []

    def _respell(self, word: str) -> str | None:
        """The one known Russian word a slip away from `word`, if there is one. Its caller's
        cache (_word_respelled) keeps it: people repeat their slips, and the scan is of every
        word."""
        found = process.extract(
            word, self._russian_words, scorer=OSA.distance, score_cutoff=RESPELL_EDITS, limit=3
        )
        near = [w for w, d, _ in found if w[0] == word[0] and d == found[0][1]]
        fixed = near[0] if len(near) == 1 else None
        if len(near) > 1:
            # Of equally close words, the one more facts use, as _resolve does: "будит" is
            # "будет" rather than "будут". Words used alike are a guess between them.
            rarity = sorted((self._rarity(self._scripted_token(w)), w) for w in near)
            if rarity[0][0] < rarity[1][0]:
                fixed = rarity[0][1]
        return fixed

    @staticmethod
    def _scripted_token(word: str) -> str:
        scripted = tx.scripted_word(word)
        return scripted[0] if scripted is not None else word

    def _without_asker(self, prepared: str, typed: _Query) -> _Query | None:
        """The question without who asks it: "my buddy Mike wants to know how long the movie
        is" asks how long the film is. None where no one is said to ask."""
        rest = _ASKER_AFTER.sub(" ", _ASKER_BEFORE.sub(" ", prepared, count=1), count=1)
        if rest == prepared:
            return None
        words = _words_of(rest)
        q = self._reading("asker", self._respelled(words))
        q.words = words
        if any(t.startswith("@") and t not in q.raw_weights for t in typed.raw_weights):
            return None  # someone the facts know asked: "Shkaplerov asked for manual docking?"
        return q if 0 < q.total < typed.total else None

    def _without_aside(self, prepared: str, typed: _Query) -> _Query | None:
        """The message without what it says of the asker's people: "what day did Shatner go
        up? my grandpa in Florida is a huge fan" asks when Shatner flew. None where no part of
        it is such an aside, or too little is left, or what is left points back at an aside:
        in "my friend insists it's a documentary, is that true?" the aside is what is asked.
        Only the people an aside names may stand for "he" or "she": "my friend saw a post
        about Mordovina, who is she?" asks who Mordovina is."""
        if _ASIDE_WORDS.isdisjoint(typed.words.split()):
            return None
        kept: list[str] = []
        names: list[str] = []
        before = False  # an aside before the question, which "it" or "she" may point back at
        for _, after, words in _parts(prepared):
            said = list(words)
            if "?" in after or not self._aside(said):
                kept += said
                continue
            before = before or not kept
            aside = self._reading("aside", self._respelled(" ".join(said)))
            names += [t for t in aside.raw_weights if t in self._people]
        if len(kept) == len(_words_of(prepared).split()) or len(kept) < LAST_QUESTION_MIN_PART:
            return None
        tokens = self._respelled(" ".join(kept))
        if before and not _POINTING.isdisjoint(kept):
            if not names or _PERSONAL.isdisjoint(kept):
                return None
            tokens = [*tokens, *((t, False) for t in names)]
        q = self._reading("aside", tokens)
        q.words = " ".join(kept)
        return q if 0 < q.total < typed.total else None

    def _without_compared(self, prepared: str, typed: _Query) -> _Query | None:
        """The message without whom it compares its subject with, where it only tells that and
        then asks something else: "the russians only announced their film after cruise did -
        when did they announce it?" asks when the Russians announced theirs. None where nobody
        named follows "after", "before" or "than" in a part that tells: "did the Russians
        shoot theirs before Tom Cruise?" asks just that, and so does a claim a later part points
        back at ("... before Tom Cruise left the ground, is that true?")."""
        parts = _parts(prepared)
        kept: list[str] = []
        for at, (_, after, words) in enumerate(parts):
            later = [w for _, _, part in parts[at + 1 :] for w in part]
            if "?" in after or not later or not _CLAIM_POINTERS.isdisjoint(later):
                kept += words
                continue
            kept += self._uncompared(list(words))
        if len(kept) == len(typed.words.split()) or len(kept) < LAST_QUESTION_MIN_PART:
            return None
        q = self._reading("compared", self._respelled(" ".join(kept)))
        q.words = " ".join(kept)
        return q if 0 < q.total < typed.total else None

    def _uncompared(self, words: list[str]) -> list[str]:
        """The words without a name (and its article) right after "after", "before", "than":
        all its words ("before tom cruise"), and no word after it ("after cruise did")."""
        kept: list[str] = []
        at = 0
        while at < len(words):
            kept.append(words[at])
            at += 1
            if kept[-1] not in _COMPARED:
                continue
            start = at
            while start < len(words) and words[start] in _DETERMINERS:
                start += 1
            # The fewest words that name someone ("tom" alone does not), and any name after.
            end = next(
                (
                    start + size
                    for size in range(1, 4)
                    if start + size <= len(words)
                    and self._names_someone(" ".join(words[start : start + size]))
                ),
                start,
            )
            while start < end < len(words) and self._names_someone(words[end]):
                end += 1
            if end > start:
                kept.pop()
                at = end
        return kept

    def _names_someone(self, words: str) -> bool:
        """Whether the words alone read as an entity's name ("cruise", "тома круза")."""
        said = self._reading("compared", self._respelled(words)).raw_weights
        return any(t.startswith("@") for t in said)

    def _described(self, prepared: str, typed: _Query) -> tuple[str, list[str]] | None:
        """Whom the message describes, and the words that describe them: "the commander who
        flew them up there, where is he from?" asks where Shkaplerov is from, as the facts say
        he flew them up. The description is read as a question ("who was the commander who
        flew them up there?"), and names the one person of the fact that answers it best by
        DESCRIBED_LEAD. None without a description, or where no such fact answers it well.

        A role alone ("the lead actress", "the director") describes someone too, where the
        message asks something of them rather than who they are ("who is the director?"),
        and names no one else: in "tell me about Shkaplerov the cosmonaut" he is the
        cosmonaut."""
        if _NOUN_STARTS.isdisjoint(typed.words.split()):
            return None  # a description starts after a determiner, or is "…, который…"
        said: list[list[str]] = []
        comma_before = False
        for _, after, words in _parts(prepared):
            if said and words[:1] and words[0] in _RELATIVE_START and comma_before:
                said[-1] += words  # "Космонавт, который…", "Тот, кто…": one description
            else:
                said.append(list(words))
            comma_before = after.strip() == ","
        found = next(filter(None, map(self._description, said)), None)
        if found is None and self._people.isdisjoint(typed.raw_weights):
            found = next(filter(None, map(self._role_phrase, said)), None)
        if found is None:
            return None
        noun, clause = found
        who = "кто" if tx.script_counts(" ".join(noun + clause))[0] else "who"
        asked = self._reading("description", self._respelled(" ".join([who, *noun, *clause])))
        ranked = sorted(
            (score, self._fact_person[fi])
            for fi, (score, _) in self._score(asked).items()
            if self._fact_person[fi] is not None
        )
        if not ranked:
            return None
        best, person = ranked[-1]
        runner = ranked[-2][0] if len(ranked) > 1 else 0.0
        if person is None or best < DESCRIBED_MIN or best - runner < DESCRIBED_LEAD:
            return None
        return person, noun + clause

    def _description(self, words: list[str]) -> tuple[list[str], list[str]] | None:
        """A person described in a part of a message, as the noun that says what they are and
        the relative clause after it: "the cosmonaut who flew them up" is (cosmonaut) (flew
        them up); "космонавт, который…" and "тот, кто…" are descriptions too."""
        for i, word in enumerate(words):
            if word in _WHO_RELATIVE and _relative(words, i):
                noun = _noun_phrase(words, i, i)
            elif word in _WHICH_RELATIVE_RU and i and self._says_who(words[i - 1]):
                noun = words[i - 1 : i]
            else:
                continue
            several = word in _PLURAL_RELATIVE or words[i + 1 : i + 2] in (["were"], ["are"])
            return None if several or _plural(noun) else (noun, words[i + 1 :])
        return None

    def _role_phrase(self, words: list[str]) -> tuple[list[str], list[str]] | None:
        """A person said by role alone in a part of a message: "the director", "the lead
        actress", as (director) or (lead actress) and no clause. None where the part asks who
        has the role."""
        for i, word in enumerate(words):
            if self._says_who(word) and _relative(words, i):
                end = i + 1
                while end < len(words) and self._says_who(words[end]):
                    end += 1
                at = _determiner(words, i)
                while at and (words[at - 1] in _IS or words[at - 1] in _CHAT_NOISE):
                    at -= 1  # "who is the director?", "who was like the commander"
                noun = _noun_phrase(words, i, end)
                return None if _plural(noun) or (at and words[at - 1] in _WHO_IS) else (noun, [])
        return None

    def _question_word(self, word: str) -> bool:
        """Whether a word, as typed, is a question word ("who", "whos", "кто")."""
        return not self._question_words.isdisjoint(tx.tokens(word))

    def _person_word(self, word: str) -> bool:
        """Whether a word says what someone is: a role ("cosmonaut", "режиссёр"), "guy",
        "woman"."""
        return any(
            t in ROLE_WORDS or t in self._plain_role_words or t == "~woman"
            for t in self._canon(tx.tokens(word))
        )

    def _aside(self, said: list[str]) -> bool:
        """Whether a part of a message speaks of the asker's people before it asks anything,
        and asks nothing after: "my uncle swears its fake". Russian "что" after them is "that":
        "подруга Оля из Казани спорит, что месяц"."""
        found = False
        for i, word in enumerate(said):
            if word in _ASIDE_WORDS:
                found = True
            elif not _relative(said, i) and not (found and word in _THAT) and self._asks_with(word):
                return False
        return found

    def _claim(self, prepared: str, typed: _Query) -> _Query | None:
        """The message without who passed a claim on and what the asker makes of it: "my
        cousin keeps saying the ISS orbits at 220 miles. pretty sure that's wrong?" asks about
        the station's orbit, not about cousins or what is wrong. What the message asks besides
        the claim stays: "my dad swears there were three of them in the Soyuz. who were they?".
        It competes with the whole message as a reading does; the claim's own words no fact
        uses weigh in it as they did, so a claim about something else still falls back. None
        where no claim is framed so, or nothing of weight is left."""
        rest = _VERDICT.sub(" ", _CLAIM_FRAME.sub(" ", prepared))
        if rest == prepared:
            return None
        words = _words_of(rest)
        q = self._reading("claim", self._respelled(words))
        q.words = words
        return q if 0 < q.total < typed.total else None

    def _without_courtesy(self, typed: _Query) -> _Query | None:
        """The question without its greeting, thanks or "bot": "hello! when was the launch?"
        asks when the launch was. None when courtesy is all there is, or nearly."""
        if self._courtesy.isdisjoint(typed.raw_weights):
            return None
        rest = [(t, False) for t in typed.raw_weights if t not in self._courtesy]
        q = self._reading("polite", rest)  # no words: it is read by its tokens, not as a phrase
        content = [w for t, w in q.weights.items() if w > 0 and t not in self._question_words]
        asked = any(t in self._question_words for t in q.weights)
        # "thanks, who was the commander?" asks; "спс, выручил" thanks (it is no box office).
        asks = len(content) >= 2 or (asked and len(content) == 1)
        return q if asks and self._known_share(q, names=True) >= 0.5 else None

    @staticmethod
    def _known_share(q: _Query, *, names: bool = False) -> float:
        """How much of what the user typed the facts' vocabulary knows (0..1); names count
        only when asked, since a name alone says nothing of what is asked about it."""
        known = sum(w for t, w in q.weights.items() if names or not t.startswith("@"))
        return known / q.total if q.total > 0 else 0.0

    def _borrowing(self, name: str, base: _Query, entity: str) -> _Query:
        """The base reading plus an entity it did not name, weighing less than a named one."""
        q = self._borrowing_all(name, base, ["@" + entity])
        q.borrowed = "@" + entity
        return q

    def _borrowing_all(self, name: str, base: _Query, extras: Sequence[str]) -> _Query:
        """The base reading plus words from the chat it did not type, each weighing less."""
        q = self._reading(name, [(t, False) for t in (*base.raw_weights, *extras)])
        q.words = base.words
        for extra in set(extras) - set(base.raw_weights):
            if extra in q.raw_weights:
                # A borrowed word is a guess: it helps where it fits, costs little where not.
                q.total -= q.raw_weights[extra] * (1 - BORROWED_SHARE)
                q.raw_weights[extra] *= BORROWED_SHARE
                q.weights[extra] *= BORROWED_SHARE
        return q

    def _mostly_english(self, typed_words: str) -> bool:
        """Most words are English ones we know: re-reading them as Russian only invents."""
        words = typed_words.split()
        kinds = Counter(map(self._english_kind, words))
        return kinds[_ENGLISH_WORD] * 2 > len(words) - kinds[_EITHER_WORD]

    def _word_kind(self, w: str) -> int:
        """What a word says of the language a Latin message is in (see _mostly_english):
        _ENGLISH_WORD, _EITHER_WORD, or 0 for nothing."""
        stem = tx.stem(w)
        if w.isdigit() or stem in self._single_alias:
            return _EITHER_WORD  # names and numbers read the same in any language
        if w in tx.STOPWORDS_EN or stem in self._latin_vocab:
            # A word Russian too as transliterated ("pro", "film", "let": про, фильм,
            # лет) is no evidence either way.
            return _EITHER_WORD if self._also_russian(w) else _ENGLISH_WORD
        return 0

    def _also_russian(self, word: str) -> bool:
        """Read as transliterated Russian, `word` is a word the facts use or Russian filler."""
        found = self._russian_too.get(word)
        if found is None:
            # Cached as _resolve is: two regex passes per word were a tenth of a question.
            scripted = tx.scripted_word(tx.latin_to_cyrillic(word))
            found = self._russian_too[word] = scripted is None or scripted[0] in self._vocab_set
            if len(self._russian_too) > _FUZZY_CACHE_SIZE:
                self._russian_too.popitem(last=False)
        return found

    def _follow_ups(self, typed_words: str, base: _Query, ctx: ChatContext) -> list[_Query]:
        words = typed_words.split()
        word_set = _word_set(typed_words)
        own_entities = [t for t in base.raw_weights if t.startswith("@")]
        out: list[_Query] = []
        if self._known_share(base, names=True) < 0.5:
            return out  # mostly unknown words: borrowing a subject would invent a question
        short = len(words) <= 4 or words[0] in _FOLLOW_UP_START
        by_person = bool(word_set & (_PRONOUNS - _NEUTRAL))  # "he", "she", "they": people
        # "and the commander's?" names its subject by role: the chat's subject is not it
        # (though "what did the director say about her?" asks of the chat's subject).
        roles = [t for t in base.raw_weights if t in ROLE_WORDS]
        by_role = bool(roles) and not word_set & _PRONOUNS and not self._role_of_project(roles, ctx)
        # "а кого она играет в вызове?" names the film, and "she" someone else: the chat's
        # person is still whom it asks about.
        person_too = (
            bool(own_entities)
            and not any(t in self._people for t in own_entities)
            and self._gendered_person(word_set, ctx)
        )
        if (
            (not own_entities or person_too)
            and ctx.entity
            and self._known_share(base) >= 0.5
            and not by_role
        ):
            entity = self._pronoun_target(word_set, ctx)
            person = self._other_person_meant(word_set, ctx, entity)
            for meant in (entity,) if person is None else (entity, person):
                q = self._borrowing("context", base, meant)
                q.context_entity = meant
                q.pointed_at = bool(word_set & _PRONOUNS)
                out.append(q)
        if not own_entities and ctx.tokens and short and not word_set & _PRONOUNS:
            # "and the commander's?", "on which ship?": the last question's subject carries
            # over, its words weighing less than the ones just typed. ("and he?" borrows a
            # person instead: the context reading.)
            asked = self._asking(ctx.tokens)
            kept = [t for t in ctx.tokens if t not in asked and t[0] != "@"]
            out.append(self._borrowing_all("topic", base, kept))
        elif not own_entities and ctx.tokens and word_set & _NEUTRAL and not by_person:
            # "It" stands for what the chat was about, not only for its entity: after "what
            # time did MS-19 latch onto the station", "was that when it was meant to?" asks
            # whether the docking was on time, and after "is Tom Cruise's ISS movie coming
            # out", "who was supposed to direct it?" asks of his film. So the last question's
            # words carry over, its entities with them, weighing less than the words just
            # typed. ("Has she won awards?" asks of her: the context reading.)
            kept = [t for t in ctx.tokens if t not in self._question_words]
            out.append(self._borrowing_all("topic-it", base, kept))
        elif own_entities and ctx.tokens and _points_back_last(words):
            # "How many years before Peresild's flight was that?" after who the first woman in
            # space was: "that" is what the last answer was about, and the names typed only
            # measure it. So the last question's words carry over, its entities too.
            kept = [t for t in ctx.tokens if t not in self._question_words]
            out.append(self._borrowing_all("topic-that", base, kept))
        elif own_entities and ctx.tokens and (len(words) <= 4 or (short and not base.asks)):
            # "what about Peresild?": the last question, asked of someone else. Not "and when
            # did Shkaplerov take command?", which asks a question of its own.
            own = self._own_words(ctx)
            kept = [t for t in ctx.tokens if not t.startswith("@") and t not in own]
            q = self._reading("ellipsis", [(t, False) for t in (*kept, *base.raw_weights)])
            out.append(q)
        return out

    def _asking(self, tokens: Sequence[str]) -> set[str]:
        """The words with which a question asks: its question words, and the point or span of
        time right after one ("what date", "how many days"). They asked the last question, not
        its subject: after "what date did the actress and director come back down?", "on which
        ship?" asks which ship they came back on, and no date of it."""
        asked = {t for t in tokens if t in self._question_words}
        time = self._point_words | self._span_words
        for i, t in enumerate(tokens):
            if t in (*_WHICH_WORDS, *_HOW_WORDS) and self._asks_further(tokens[i:]) in (
                _WHEN,
                _HOW_LONG,
            ):
                asked.update(a for a in tokens[i + 1 : i + 3] if a in time)
        return asked

    def _own_words(self, ctx: ChatContext) -> set[str]:
        """The chat's words that only its subject's facts ask with (out-of-scope examples
        aside): after Branson's "spaceplane", "what about Bezos?" asks of his flight, which
        no spaceplane flew."""
        subject = "@" + ctx.entity if ctx.entity else None
        if subject not in self._facts_of_entity:
            return set()
        own = set(self._facts_of_entity[subject].tolist())
        words: set[str] = set()
        for token in ctx.tokens:
            facts = [fi for fi in self._facts_with[token] if fi not in self._out_of_scope_facts]
            if facts and own.issuperset(facts):
                words.add(token)
        return words

    def _role_of_project(self, roles: list[str], ctx: ChatContext) -> bool:
        """Whether the roles are ones in the chat's subject's own project, someone outside the
        film's story: after Cruise's film, "а режиссёр там кто был?" asks who was to direct it,
        where after Peresild "and the commander?" names another of the crew."""
        subject = "@" + ctx.entity if ctx.entity else None
        if subject not in self._outsiders:
            return False
        facts = set(self._facts_of_entity[subject].tolist())
        return any(fi in facts for role in roles for fi in self._facts_with[role])

    def _names_no_one_said(self, words: set[str], ctx: ChatContext) -> bool:
        """Whether the message's pronoun can stand for nothing the chat has named, so that it
        asks what it asks with no chat before it. After "who is Peresild?", "how much did it
        make?" asks of the film she made, and "when did it launch?" of her flight: "it" is no
        person, and the film's people have no thing of their own (Tom Cruise has his film,
        which has no entity: only he names it). "They" are people, so after the film's takings
        with no one named, "when did they come back?" asks of its crew."""
        if words & (_MALE | _FEMALE):
            return False
        if words & _PLURAL:
            return (
                not words & _NEUTRAL
                and ctx.entity in self._things
                and not any("@" + e in self._people for e in ctx.entities)
            )
        return (
            bool(words & _NEUTRAL)
            and ctx.entity in self._film_people
            and not any(e in self._things for e in ctx.entities)
        )

    def _gendered_person(self, words: set[str], ctx: ChatContext) -> bool:
        """Whether the message's "he" or "she" stands for a person the chat has named."""
        if not words & (_MALE | _FEMALE):
            return False
        target = self._pronoun_target(words, ctx)
        wanted = "m" if words & _MALE else "f"
        return "@" + target in self._people and self._gender.get(target) == wanted

    def _other_person_meant(self, words: set[str], ctx: ChatContext, thing: str) -> str | None:
        """The chat's person a Russian "он" or "она" may stand for as well as `thing`, of the same
        gender: after "кто снял вызов?", "сколько ему лет?" asks the director's age, while
        "о чём он?" asks of the film (фильм)."""
        if thing in self._persons or words.isdisjoint(_MALE_RU | _FEMALE_RU):
            return None
        wanted = "m" if words & _MALE else "f"
        return next(
            (
                e
                for e in (ctx.entity, *ctx.entities)
                if e and e in self._persons and self._gender.get(e) == wanted
            ),
            None,
        )

    def _pronoun_target(self, words: set[str], ctx: ChatContext) -> str:
        wanted = "m" if words & _MALE else "f" if words & _FEMALE else None
        if wanted is not None:
            # Russian "он" and "она" stand for things too, by their nouns' gender: "о чём он?"
            # just after the film (фильм) asks of the film, not of its director.
            things_too = not words.isdisjoint(_MALE_RU | _FEMALE_RU)
            for entity in (ctx.entity, *ctx.entities):
                if (
                    entity
                    and self._gender.get(entity) == wanted
                    and (things_too or entity in self._persons)
                ):
                    return entity
        elif words & _NEUTRAL:
            # "and how long is it?" just after the surgeon's actress asks of the film, not her.
            for entity in (ctx.entity, *ctx.entities):
                if entity in self._things:
                    return entity
        return ctx.entity or ""

    def match(self, text: str, context: ChatContext | None = None) -> MatchResult:
        prepared = tx.prepare(text, self._limit)
        typed_words = _words_of(prepared)
        penalties = {"typed": 1.0, "default": 1.0, "translit": 0.97, "layout": 0.97,
                     "context": 0.99, "topic-it": 0.99, "compared": 1.0}  # fmt: skip
        # "and shipenko's?" right after a question: the question goes on, not a new one.
        goes_on = context is not None and bool(context.tokens) and _starts_follow_up(typed_words)
        typed_set = _word_set(typed_words)
        if context is not None and self._names_no_one_said(typed_set, context):
            context = replace(context, entity=None, entities=())
        referent = None
        short = False  # a few words, going on with the chat (see below)
        ignoring: set[str] = set()  # readings that ignore the pronoun's referent
        plural = not typed_set.isdisjoint(_PLURAL)
        if context is not None and context.entity and typed_set & _PRONOUNS:
            # "how old was he?" is about someone: a reading that ignores who, or assumes the
            # film, is a worse one than the one that asks the chat's subject.
            penalties["typed"] = penalties["default"] = PRONOUN_PENALTY
            if typed_set & (_PRONOUNS - _PLURAL):
                referent = "@" + self._pronoun_target(typed_set, context)
                # Nor is it decisive: "where is she from originally" is surer of the film's
                # "original name" than of her, only because it ignores whom it asks about.
                ignoring = {"typed", "default"}
            # "They" are several: no one entity the chat named is whom they ask about, and a
            # reading with none is as good as any ("how old were they?" after the crew asks
            # the crew's ages, not the Soyuz's).
        elif goes_on:
            penalties["typed"] = penalties["default"] = GOES_ON_PENALTY
        elif context is not None and context.tokens and len(typed_set) <= FOLLOW_UP_WORDS:
            # "на чём?" just after "когда они вернулись?" asks on what they came back, not
            # what the film is about ("о чём"): a few words in a chat go on with the chat.
            penalties["default"] = GOES_ON_PENALTY
            short = True
        best_q: _Query | None = None
        best_scores: dict[int, tuple[float, int]] = {}
        best_top = -1.0
        readings = self._readings(prepared, context, typed_words)
        typed = readings[0]  # the message as typed always comes first
        typed_scores: dict[int, tuple[float, int]] = {}
        for q in readings:
            q.goes_on = goes_on
            if q.reading != "context":
                q.referent = referent
            q.plural = plural
            scores = self._score(q)
            factor = penalties.get(q.reading, 0.96) * q.penalty
            if q is typed and short and self._goes_on_unnamed(q, scores, readings):
                factor *= GOES_ON_PENALTY
            scores = {fi: (s * factor, ei) for fi, (s, ei) in scores.items()}
            if q is typed:
                typed_scores = scores
            ranked_scores = [*sorted([s for s, _ in scores.values()], reverse=True)[:2], 0.0, 0.0]
            # Prefer the reading that decides: a clear lead counts, not only the top score.
            top = ranked_scores[0]
            if q.reading not in ignoring:
                top += DECISIVENESS * min(ranked_scores[0] - ranked_scores[1], 20.0)
            if top > best_top:
                best_q, best_scores, best_top = q, scores, top
        assert best_q is not None  # there is always the "typed" reading
        ranked = sorted(best_scores.items(), key=lambda kv: -kv[1][0])
        if len(typed_words.split()) >= LAST_QUESTION_MIN_WORDS:
            last = self._last_question(prepared, typed, ranked, typed_scores)
            if last is not None:
                best_q, best_scores = last
                ranked = sorted(best_scores.items(), key=lambda kv: -kv[1][0])
        ranked = self._reranked(ranked, self._lettered(best_q, prepared, typed_words))
        candidates = tuple(
            Candidate(
                self._facts[fi].id, round(score, 1), self._ex_text[ei],
                round(best_q.support.get(fi, 0.0), 3),
            )
            for fi, (score, ei) in ranked[:5]
        )  # fmt: skip
        tokens = tuple(best_q.raw_weights)
        return MatchResult(
            candidates=candidates,
            query=" ".join(tokens),
            reading=best_q.reading,
            russian_reading=best_q.russian,
            entities=tuple(t[1:] for t in tokens if t.startswith("@")),
            tokens=tokens,
            context_entity=best_q.context_entity,
            unknown_names=self._unknown_names(text, best_q, typed),
        )

    def _goes_on_unnamed(
        self, typed: _Query, scores: dict[int, tuple[float, int]], readings: list[_Query]
    ) -> bool:
        """Whether a message of a few words goes on with the chat, read as typed too, so that
        reading it as a new question is the worse reading: it names no one, it is no small talk
        ("thanks a lot" is said, not asked of the chat), and the last question's words can
        carry over to it. "On which ship?" just after "what date did the actress and director
        come back down?" asks on what ship they came back, not on which ship Tereshkova flew,
        which the three words alone match as well."""
        if any(t.startswith("@") for t in typed.raw_weights) or not scores:
            return False
        if not any(q.reading == "topic" for q in readings):
            return False
        best = max(scores, key=lambda fi: scores[fi][0])
        return not self._fact_is_smalltalk[best]

    def _questions(self, fact: int, lang: Lang) -> tuple[str, ...]:
        """A fact's example questions in one language: what a message's letters are compared
        with (a Russian message's n-grams are no English example's)."""
        return self._facts[fact].questions[lang]

    def _lettered(self, q: _Query, prepared: str, typed_words: str) -> str:
        """The text the winning reading read, in the letters the facts' examples use, with
        the name of whom "he", "she" or "it" stands for: "а кого она играет?" after Peresild
        looks like "кого играет Юлия Пересильд?", not like every other "кого играет"."""
        if q.reading == "translit":
            text = self._transliterated(typed_words)
        elif q.reading == "layout":
            text = _words_of(tx.swap_layout(prepared))
        elif q.reading in {"clause", "last-question", "asker", "claim", "aside"}:
            text = q.words
        else:
            text = self._typos_fixed(typed_words)
        # Only a chat's subject that "he", "she" or "it" stands for: the film a question names
        # by default ("who directed it?") is in nearly every fact's examples, and its name
        # would favour the film's facts for anything ("how much did Avatar 2 make?"); and a
        # name where no pronoun asks for one makes "whats up bot" look like no small talk.
        named = q.reading == "context" and q.pointed_at
        entity = self.factset.entity(q.borrowed[1:]) if named and q.borrowed else None
        if entity is not None:
            cyrillic, latin = tx.script_counts(text)
            text = f"{text} {entity.name[Lang.RU if cyrillic > latin else Lang.EN]}"
        return text

    def _typos_fixed(self, typed_words: str) -> str:
        """The words with each English one the facts lack put as the known word it is a slip
        of: "who was on the bakup crew" looks like "who was on the backup crew" in letters as
        it reads like it in words, not like every other question about a crew. A name typed
        in two is one word here too: "Peres old" is "peresild" (see _names_joined)."""
        out: list[str] = []
        for word in self._names_joined(typed_words.split()):
            scripted = tx.scripted_word(word)
            if (
                scripted is not None
                and not scripted[1]
                and scripted[0] not in self._vocab_set
                and len(word) >= LETTERED_FIX_MIN_CHARS
            ):
                hit = self._resolve(scripted[0], False)
                if hit is not None and hit is not FILLER:
                    word = hit[0]
            out.append(word)
        return " ".join(out)

    def _foreign(self, token: str) -> bool:
        """Whether no fact's questions or answer use `token`, or only out-of-scope examples
        do ("avatar")."""
        if self._idf.get(token, math.inf) < self._foreign_idf:
            return False  # more facts ask with it than there are out-of-scope ones
        facts = [*self._facts_with[token], *self._facts_saying[token]]
        return all(fi in self._out_of_scope_facts for fi in facts)

    def _unknown_names(self, text: str, q: _Query, typed: _Query) -> tuple[str, ...]:
        """Names, as typed, that the winning reading reads as words no fact knows, when the
        message names nothing the facts know: "how much did Barbie make?" asks about something
        else, whatever "how much did it make?" answers.

        A name is a capitalised word inside a sentence: at a sentence's start, in a message
        typed In Title Case or in capitals, capitals say nothing. A known name beside it ("my
        friend Dave says Tom Cruise...") makes it incidental, and so does "on" or "at" before
        it: "I read on Reddit" and "shown at Cannes" say where, not what is asked about. A title
        in quotes after "film" or "show" is a name however it is typed: "в фильме «брат»"."""
        typed_text = text[: self._limit * 2]
        if not typed_text:
            return ()
        for reading in (q, typed):
            if any(
                t.startswith("@") and t not in (reading.borrowed, reading.described)
                for t in reading.raw_weights
            ):
                return self._other_works(typed_text)
        names = [  # titles in quotes, then capitalised names: each once, in the order typed
            next(g for g in quoted.groups() if g is not None)
            for quoted in _QUOTED.finditer(typed_text)
            if _WORK_BEFORE.search(typed_text, max(0, quoted.start() - 30), quoted.start())
        ]
        words = list(_NAME_WORD.finditer(typed_text))
        capitalised = [w for w in words if w.group()[0].isupper() and not w.group().isupper()]
        title_case = len(words) >= TITLE_CASE_WORDS and 2 * len(capitalised) > len(words)
        if not title_case:
            names += [work.group(1) for work in _WORK_OF.finditer(typed_text)]
        foreign = {
            t for t in q.raw_weights if not t.startswith(("@", "~")) and self._foreign(t)
        }  # fmt: skip
        if not foreign:
            return tuple(dict.fromkeys(names))
        for title in _TITLE_AFTER_WORK.finditer(typed_text):
            tokens = tx.tokens(tx.clean(title.group(1), 50))
            if tokens and all(t in foreign for t in tokens):
                names.append(title.group(1))
        if typed_text[1:].islower() or title_case:
            # No capital after the first letter (most chat), or every word's: none says a name.
            return tuple(dict.fromkeys(names))
        for found in capitalised:
            start = found.start()
            before = text[max(0, start - 20) : start].rstrip(_BEFORE_A_WORD)
            if (not before and start <= 20) or before[-1:] in {".", "!", "?", "…", "\n"}:
                continue  # a sentence's first word
            if before and before.rsplit(None, 1)[-1].casefold() in _WHERE:
                continue
            if any(t in foreign for t in tx.tokens(tx.clean(found.group(), 50))):
                names.append(found.group())
        return tuple(dict.fromkeys(names))

    def _other_works(self, typed_text: str) -> tuple[str, ...]:
        """Titles of films no fact is about right after "film" or "movie", beside a name the
        facts know: "How many people saw Shipenko's film Kholop?" asks about his other film,
        whatever "how many people saw the film?" answers of «Вызов»."""
        names: list[str] = []
        for title in _TITLE_AFTER_WORK.finditer(typed_text):
            said = self._respelled(tx.clean(title.group(1), 50))
            named = self._reading("title", said).raw_weights
            if named and all(t in self._other_films for t in named):
                names.append(title.group(1))
        return tuple(dict.fromkeys(names))

    def _reranked(
        self, ranked: list[tuple[int, tuple[float, int]]], text: str
    ) -> list[tuple[int, tuple[float, int]]]:
        """The best RERANK facts (those within LIKENESS_REACH of the best) ordered by score
        plus LIKENESS_WEIGHT x their likeness to `text`. The first keeps its own score; each
        other one is placed below it by the lead the blend gives, so that the confidence model
        reads the lead both measures agree on: in "ok thanks bye" the farewell leads, by less
        than the words alone say, as the letters look as much like "thanks"."""
        floor = ranked[0][1][0] - LIKENESS_REACH if ranked else 0.0
        head = [kv for kv in ranked[:RERANK] if kv[1][0] >= floor]
        behind = [kv for kv in ranked[:RERANK] if kv[1][0] < floor]
        if len(head) < 2:
            return ranked
        cyrillic, latin = tx.script_counts(text)
        lang = Lang.RU if cyrillic > latin else Lang.EN
        like = self._grams.likeness(text, [fi for fi, _ in head], lang)
        blend = [s + LIKENESS_WEIGHT * lk for (_, (s, _)), lk in zip(head, like, strict=True)]
        first = max(range(len(head)), key=blend.__getitem__)
        rescored = [
            (fi, (s + LIKENESS_WEIGHT * (lk - like[first]), ei))
            for (fi, (s, ei)), lk in zip(head, like, strict=True)
        ]
        return [*sorted(rescored + behind, key=lambda kv: -kv[1][0]), *ranked[RERANK:]]

    def evidence(self, tokens: Sequence[str], fact_ids: Sequence[str]) -> list[float]:
        """Per fact, how well its questions taken together explain these tokens: the log
        likelihood of naive Bayes over word presence, with EVIDENCE_SMOOTHING added to counts.

        The score asks how much of the question one example covers, and two facts whose best
        examples cover it alike tie ("how much did the film make": takings or cost). This asks
        which fact's questions use the words at all ("make" is said of takings, "cost" of
        the budget), so it can settle such a tie. A word none of the facts uses says nothing."""
        fis = np.array([self._fact_index[f] for f in fact_ids], np.intp)
        lo, hi = self._fact_starts[fis], self._fact_starts[fis + 1]
        k = EVIDENCE_SMOOTHING
        norm = np.log(hi - lo + 2 * k)
        total = np.zeros(len(fis))
        for tok in dict.fromkeys(tokens):
            post = self._postings[tok]
            if not post.size:
                continue
            count = np.searchsorted(post, hi) - np.searchsorted(post, lo)
            if count.any():
                total += np.log(count + k) - norm
        return total.tolist()

    def suggest(self, text: str, lang: Lang, limit: int = 25) -> list[tuple[str, str]]:
        """Known questions close to what the user has typed so far: (fact id, question)."""
        in_lang = np.flatnonzero(self._ex_lang == self._langs.index(lang))
        pool = [
            (self._ex_text[ei], self._facts[fi].id)
            for ei, fi in zip(in_lang.tolist(), self._ex_fact[in_lang].tolist(), strict=True)
            if self._facts[fi].kind is FactKind.FACT
        ]
        typed = text.strip()
        if not typed:
            seen: dict[str, str] = {}
            for question, fact_id in pool:
                seen.setdefault(fact_id, question)
            return list(seen.items())[:limit]
        found = process.extract(
            typed, [q for q, _ in pool], scorer=fuzz.WRatio, limit=limit * 3,
            processor=lambda s: re.sub(r"\W+", " ", s.casefold()),
        )  # fmt: skip
        out: list[tuple[str, str]] = []
        facts_seen: set[str] = set()
        for question, _score, index in found:
            fact_id = pool[index][1]
            if fact_id not in facts_seen:
                facts_seen.add(fact_id)
                out.append((fact_id, question))
            if len(out) >= limit:
                break
        return out
