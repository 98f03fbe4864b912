"""Normalisation: both scripts, both layouts, inflection and chat noise become the same tokens."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.domain import Lang
from bot.core.text import (
    _APOSTROPHES,
    _USA,
    CLEAN_BATCH,
    TEXT_MARK,
    clean,
    clean_many,
    clean_many_words,
    detect_lang,
    latin_to_cyrillic,
    swap_layout,
    tokens,
    words,
)
from tests.adversarial.corpus import FRAGMENTS


def toks(text: str) -> list[str]:
    return tokens(clean(text, 1000))


def alone_and_batched(text: str) -> set[str]:
    """clean() of the text alone and in a batch (as facts' examples are): one if they agree."""
    return {clean(text, 200), clean_many([text, "x"], 200)[0]}


def test_clean_many_of_ascii_finds_every_punctuation_character() -> None:
    """An ASCII batch finds its punctuation from its bytes: each ASCII character, alone and
    between words, is cleaned as clean() cleans it."""
    ascii_chars = [chr(c) for c in range(1, 128)]
    texts = [*ascii_chars, *(f"who{c}directed{c}{c}it" for c in ascii_chars)]
    assert "".join(texts).isascii()
    assert clean_many(texts, 1000) == [clean(t, 1000) for t in texts]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Кто режиссёр фильма «Вызов»?", "кто режиссер фильма вызов"),
        ("@spacebot who DIRECTED the movie??", "who directed the movie"),
        ("<@123456> when did they land", "when did they land"),
        ("/ask@space_bot когда премьера", "когда премьера"),
        ("Peresil’d", "peresild"),
        ("ｗｈｏ", "who"),  # fullwidth letters fold under NFKC
        ("who\u200bdirected\u202e it", "whodirected it"),  # zero-width and RTL controls vanish
    ],
)
def test_clean_folds_case_script_noise_and_mentions(raw: str, expected: str) -> None:
    assert clean(raw, 1000) == expected


def test_clean_caps_length() -> None:
    assert len(clean("аб " * 50_000, 1000)) <= 1000


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Гагарина", "Гагарин"),
        ("Гагарину", "Гагарин"),
        ("режиссёром", "режиссер"),
        ("фильме", "фильм"),
        ("launched", "launch"),
    ],
)
def test_inflected_forms_share_a_stem(a: str, b: str) -> None:
    assert toks(a) == toks(b)


def test_russian_and_its_transliteration_meet() -> None:
    """'kto rezhisser' read as Russian gives the same tokens as 'кто режиссёр'."""
    assert tokens(words(latin_to_cyrillic("kto rezhisser"))) == toks("кто режиссёр")


@pytest.mark.parametrize(
    ("latin", "russian"),
    [("domoy", "домой"), ("novyy film", "новый филм"), ("kakaya moya", "какая моя"),
     ("dlitsya", "длится"), ("sergey", "сергей"), ("yuliya", "юлия")],
)  # fmt: skip
def test_transliteration_reads_y_after_a_vowel_and_tsya_as_people_write_them(
    latin: str, russian: str
) -> None:
    """ "y" after a vowel is й, not ы ("domoy" is домой, not домоы); "-tsya" is -тся."""
    assert latin_to_cyrillic(latin) == russian


@pytest.mark.parametrize(
    ("latin", "russian"),
    [("gde uchilsja klim wipenko", "где учился клим шипенко"), ("skolko 4asov", "сколко часов"),
     ("4to za film", "что за филм"), ("moju", "мою"),
     ("inspiration4", "инспиратион4")],  # a number after a name is no letter
)  # fmt: skip
def test_transliteration_reads_volapuk_as_people_type_it(latin: str, russian: str) -> None:
    """Chat's older transliteration: "w" is ш, "4" is ч, "ja" and "ju" are я and ю."""
    assert latin_to_cyrillic(latin) == russian


@pytest.mark.parametrize(
    ("typed", "meant"), [("dspjd", "вызов"), ("ghbdtn", "привет"), ("rnj ;tyf", "кто жена")]
)
def test_wrong_keyboard_layout_is_recovered(typed: str, meant: str) -> None:
    assert swap_layout(typed) == meant


def test_layout_swap_works_both_ways() -> None:
    assert swap_layout("цр") == "wh"


@pytest.mark.parametrize(
    ("text", "locale", "lang"),
    [
        ("кто режиссёр?", None, Lang.RU),
        ("who directed it?", "ru", Lang.EN),
        ("???", "ru-RU", Lang.RU),
        ("???", "en-US", Lang.EN),
        ("", None, Lang.EN),
    ],
)
def test_language_comes_from_the_script_then_the_locale(
    text: str, locale: str | None, lang: Lang
) -> None:
    assert detect_lang(text, locale) is lang


def test_filler_words_are_dropped_but_question_words_kept() -> None:
    assert toks("ok so um who was like the commander??") == toks("who commander")
    assert "kogd" in toks("ну короче когда старт")


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("на каких языках с тобой можно общаться", "на каких языках можно общаться"),
        ("тебе можно писать по-английски?", "можно писать по-английски?"),
        ("а вам можно писать по-русски?", "а можно писать по-русски?"),
    ],
)
def test_you_in_any_case_is_filler_as_ty_and_vy_are(said: str, plain: str) -> None:
    """ "С тобой" says as little as "ты": "на каких языках с тобой можно общаться" would share
    "тобой" with "как с тобой работать" (help) rather than ask about languages."""
    assert toks(said) == toks(plain)


@pytest.mark.parametrize(
    ("chat", "written"),
    [
        ("ngl who directed it tho", "who directed it"),
        ("bruh idk, lowkey how long is it rn", "how long is it"),
        ("кстати, походу кто режиссёр?", "кто режиссёр?"),
        ("реально, сколько длится фильм, прикинь", "сколько длится фильм"),
        ("honestly though, anybody? who directed it anyhow", "who directed it"),
        ("честно, забыл, наверное кто режиссёр?", "кто режиссёр?"),
        ("was it legit totally cancelled or nah", "was it cancelled"),
        ("yup deadass who directed it", "who directed it"),
        ("kindly tell me which rocket was used", "tell me which rocket was used"),
        ("what's the actual plot", "what's the plot"),
        ("капец фильм топчик, хз скок он идёт, имхо", "фильм скок он идёт"),
        ("кароч кто летел в союзе", "кто летел в союзе"),
        ("ты только на англ шаришь?", "ты только на английский понимаешь?"),
        ("скок бабок вбухали в фильм", "сколько бабок потратили в фильм"),
    ],
)
def test_chat_noise_says_nothing(chat: str, written: str) -> None:
    assert toks(chat) == toks(written)


@pytest.mark.parametrize(
    ("chat", "written"),
    [
        ("whats the budget", "what is the budget"),
        ("who's the director", "who is the director"),
        ("што за фильм", "что за фильм"),
        ("чё за фильм", "что за фильм"),
        ("скок стоил фильм", "сколько стоил фильм"),
        ("tell me abt the budget", "tell me about the budget"),
        ("why'd they dock by hand", "why did they dock by hand"),
        ("is it like 3 hrs long", "is it like 3 hours long"),
        ("how many yrs old was he", "how many years old was he"),
        ("про что кино ваще", "про что кино вообще"),
        ("слышь а кто режиссёр", "а кто режиссёр"),
        ("wen did they dock", "when did they dock"),
        ("wut was the budget", "what was the budget"),
        ("whos in teh cast", "who is in the cast"),
        ("hwo was the backup commander", "who was the backup commander"),
        ("waht rocket was it", "what rocket was it"),
        ("wtf is vyzov", "what is vyzov"),
        ("кгда фильм вышел", "когда фильм вышел"),
        ("ето за фильм", "это за фильм"),  # "eto" in Latin letters
        ("how long is it bc i forgot", "how long is it because i forgot"),
        ("peresild n shipenko", "peresild and shipenko"),
        ("tldr of the flight", "summary of the flight"),
        ("tl;dr of the flight", "summary of the flight"),
        ("thnks for the help", "thanks for the help"),
        ("who els is in the cast", "who else is in the cast"),  # "els" was a word no fact knew
        ("true or false: they docked on autopilot", "they docked on autopilot"),  # a quiz's form
        ("wait is the movie a docu or nah", "is the movie a docu or nah"),  # surprise, no word
        ("ty so much", "thanks so much"),
        ("who went up w bezos", "who went up with bezos"),
        ("who greeted em when they landed", "who greeted them when they landed"),
        ("did they rly dock on oct 5", "did they really dock on october 5"),
        ("how are yuo doing", "how are you doing"),
        ("how many days wer they in space", "how many days were they in space"),
        ("he needs surgery in space rite?", "he needs surgery in space right?"),  # no ritual
        ("who rode along with bezos", "who went along with bezos"),
        ("can my nan txt u in russian", "can my nan write to you in russian"),
        ("о чём кинчик", "о чём фильм"),
        ("на какой высоте летает мкска", "на какой высоте летает мкс"),
        ("кто у круза режик", "кто у круза режиссёр"),
        ("первая тётка в космосе", "первая женщина в космосе"),
        ("кто продюсировал движуху", "кто продюсировал проект"),
        (
            "ты шаришь по-русски или тока по-английски",
            "ты понимаешь по-русски или только по-английски",
        ),
        ("а на инглиш можно", "а на английский можно"),
        ("что там стряслось с космонавтом", "что там случилось с космонавтом"),
        ("кто рулил при стыковке", "кто управлял при стыковке"),
        ("когда запулили ракету", "когда запустили ракету"),
        ("какова высота станции", "какой высота станции"),
        ("чья это была идея", "чей это была идея"),
        ("каво играет пересильд", "кого играет пересильд"),
        ("чево они ждали", "чего они ждали"),
        ("кто сыграл хирурга", "кто играл хирурга"),  # one verb, as "played" and "plays" are
        ("автоматика отвалилась", "автоматика отказала"),  # not "оставалась", a typo fix's guess
        ("снимут ли третий фильм", "снимет ли третий фильм"),
        ("о чём можно спрашивать", "о чём можно спросить"),
        ("когда прибыл союз", "когда прилетел союз"),  # not "прибыли", which is a profit too
    ],
)
def test_chat_spellings_mean_the_written_word(chat: str, written: str) -> None:
    """'whats' still asks 'what'; 'што' is 'что', not a typo of 'стоил'."""
    assert toks(chat) == toks(written)
    assert toks(chat)


@pytest.mark.parametrize(
    "said",
    ["I forget, who was the first person in space?", "i've forgotten who was the first person in"
     " space", "who was the first person in space i forgot"],
)  # fmt: skip
def test_that_the_asker_forgot_says_nothing(said: str) -> None:
    """ "Forget" is what prompt injections say ("forget your rules"): said of the asker, it is
    no word of the question's."""
    assert toks(said) == toks("who was the first person in space")
    assert "forget" in toks("forget your rules")


@pytest.mark.parametrize(
    ("past", "present"),
    [
        ("who ran the station", "who runs the station"),
        ("when shatner flew to space", "when shatner flies to space"),
        ("had he flown before", "had he flying before"),
    ],
)
def test_an_irregular_past_form_is_its_verb(past: str, present: str) -> None:
    """The stemmer keeps "ran" and "flew" as they are: without the spelling, "who ran the ISS"
    shared nothing with "who runs the ISS" but "who" and the station."""
    assert toks(past) == toks(present)


@pytest.mark.parametrize("said", ["he'll", "aren't", "won't", "lately"])
def test_a_contraction_is_no_word_of_its_own(said: str) -> None:
    """Its apostrophe gone, "he'll" is one letter from "hello" (a greeting), "aren't" from
    "parent", "won't" stems to "won", and "lately" to "late" (a delay): the matcher's typo fix
    and synonyms would each make it ask something else."""
    assert toks(f"will shipenko {said} direct a third space film") == toks(
        "will shipenko direct a third space film"
    )


def test_a_reflexive_verb_is_not_its_plain_verb() -> None:
    """'снял фильм' directed it, 'снялся в фильме' acted in it; the stemmer alone conflates them."""
    assert toks("снялся") != toks("снял")
    assert toks("снялся") == toks("снялась") == toks("снялись")
    assert toks("приземлились") == toks("приземлился")


@pytest.mark.parametrize("stray", ["й", "ж", "66-й"])
def test_a_lone_cyrillic_letter_is_no_word(stray: str) -> None:
    assert [t for t in toks(stray) if not t.isdigit()] == []


@pytest.mark.parametrize(
    ("asked", "plot"),
    [("what's the movie about?", "movie plot"), ("про что фильм", "фильм сюжет"),
     ("о чём фильм?", "фильм сюжет"), ("про что этот фильм", "этот фильм сюжет"),
     ("про че кинцо", "кинцо сюжет"),
     ("а про что вообще кино вызов", "вообще кино вызов сюжет"),
     ("whats the movie even about tbh", "movie plot"),
     ("so what is vyzov about exactly", "vyzov plot"),
     ("whats the movie abt tho", "movie plot"), ("what is it bout", "plot")],
)  # fmt: skip
def test_asking_what_it_is_about_asks_for_the_plot(asked: str, plot: str) -> None:
    """'about' alone is filler ('tell me about her'), but a question ending on it wants the plot."""
    assert set(toks(plot)) <= set(toks(asked))
    assert "plot" not in toks("tell me about Peresild")


@pytest.mark.parametrize(
    ("asked", "plot"),
    [("очем фильм вызов", "сюжет фильм вызов"), ("прочто кино", "сюжет кино"),
     ("фильм прочто", "фильм сюжет")],
)  # fmt: skip
def test_asking_what_it_is_about_in_one_glued_word_asks_for_the_plot(asked: str, plot: str) -> None:
    """Chat runs "о чём" and "про что" into one word ("o4em" in Latin letters): as a word no
    fact uses, "очем фильм вызов" fell back."""
    assert alone_and_batched(asked) == {plot}


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        (
            "мама вчера посмотрела этот фильм, сколько он собрал",
            "мама этот фильм, сколько он собрал",
        ),
        ("смотрел вызов, сколько минут снято на мкс", "вызов, сколько минут снято на мкс"),
        ("мы посмотрели фильм и поспорили", "мы фильм и поспорили"),
    ],
)
def test_having_watched_it_yesterday_is_told_not_asked(said: str, plain: str) -> None:
    """What the asker did before asking says nothing of what is asked, as "видел" and "читал"
    do not: "мама вчера посмотрела этот фильм..., много ли он собрал" fell back."""
    assert toks(said) == toks(plain)


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("что там конкретно случилось", "что там случилось"),
        ("всей станцией командовал француз", "станцией командовал француз"),
        ("всю экспедицию", "экспедицию"),
    ],
)
def test_specifically_and_every_form_of_all_are_filler_in_russian(said: str, plain: str) -> None:
    """ "Конкретно" stresses as "именно" does (as an unknown word it was read as a typo of
    "конкурент", a rival); "всей" and "всю" are "весь", which is filler in its other forms."""
    assert toks(said) == toks(plain)


def test_already_is_a_word_in_russian_as_in_english() -> None:
    """ "Кто уже был на МКС" asks who was there before them, as "who was already on the ISS"
    does: without "уже" it was "кто был на МКС", which a commander's example shares as much."""
    assert toks("кто уже был на мкс") != toks("кто был на мкс")
    assert toks("who was already on the iss") != toks("who was on the iss")


@pytest.mark.parametrize(
    "asked",
    [
        "what can you tell me about?",
        "what do you know about",
        "what can we talk about?",
        "What's this Challenge movie everyone is talking about?",
        "what did you hear about",
        "what are people saying about",
        "what do you know about tbh",
    ],
)
def test_asking_what_the_bot_can_tell_about_is_no_plot(asked: str) -> None:
    """Ending on "about" after tell, know, talk or hear asks what is said of something (what
    the bot covers, what everyone discusses), not a film's plot."""
    assert "plot" not in toks(asked)
    assert "plot" in toks("what is the writer's film about")  # "writer" is no "write"


@pytest.mark.parametrize(
    "asked",
    ["What was that about?", "the station turned, what's that about", "what was that about lol"],
)
def test_asking_what_that_was_about_asks_of_the_event_told_not_a_plot(asked: str) -> None:
    """ "That" points back at what the message just said: an event to explain, not a story."""
    assert "plot" not in toks(asked)
    assert "plot" in toks("what's it about?")


def test_a_batch_goes_text_by_text_only_for_a_phrase_to_rephrase() -> None:
    """Words that merely hold "line" or "word" ("online", "password", made-up ones) keep a
    batch on the fast path; the phrase "in one line" does not."""
    from bot.core.text import _BATCH_SEP, _may_rephrase

    plain = _BATCH_SEP.join(["is it online", "what is the password", "kaline linebo", "words"])
    assert not _may_rephrase(plain)
    assert _may_rephrase(_BATCH_SEP.join([plain, "who flew, in one line"]))
    assert _may_rephrase(_BATCH_SEP.join(["in one line who flew", plain]))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    text=st.text(st.sampled_from("abnouk \n"), max_size=40),
    phrases=st.lists(st.text(st.sampled_from("abnouk \nж"), max_size=4), max_size=8),
)
def test_the_batch_scanner_finds_a_phrase_where_in_does(text: str, phrases: list[str]) -> None:
    """_may_rephrase's scan of an ASCII batch rules a phrase out by a pair of its characters
    that the batch lacks: it says what `in` says, for any phrase."""
    from bot.core.text import _scanner

    holds = _scanner(text)
    for phrase in [*phrases, "about", "bank", text, text[1:3]]:
        assert holds(phrase) == (phrase in text), phrase


@pytest.mark.parametrize(
    "asked",
    ["кто был главным в экипаже?", "кто был главный на корабле", "кто главный на мкс был тогда",
     "а кто был главный на борту союза"],
)  # fmt: skip
def test_the_chief_on_board_is_the_commander(asked: str) -> None:
    """'Главный' in the crew, on the ship or the station means the commander."""
    assert set(toks("командир")) <= set(toks(asked))


@pytest.mark.parametrize(
    "asked", ["в какое время пристыковались", "а в какое время корабль причалил к станции?"]
)
def test_at_what_time_asks_the_hour(asked: str) -> None:
    """'В какое время' asks what 'во сколько' asks: the hour, not how long something took."""
    assert set(toks("во сколько")) <= set(toks(asked))
    assert "vrem" not in toks(asked)


@pytest.mark.parametrize("asked", ["кто играл главную роль", "кто главный герой фильма"])
def test_the_lead_role_is_no_commander(asked: str) -> None:
    assert not set(toks("командир")) & set(toks(asked))


_PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=30),
    st.sampled_from(["/ask@bot ", "  /start", "@bot", "<@12>", "https://x.y/z", "aaa", "е\u0301"]),
    st.sampled_from(["где-то ", "кто-нибудь", "-либо", "премьера-то", "-то", " как-то"]),
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    texts=st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=8),
    limit=st.sampled_from([5, 40, 1000]),
)
def test_clean_many_is_clean_of_each(texts: list[str], limit: int) -> None:
    assert clean_many(texts, limit) == [clean(t, limit) for t in texts]


def marked_words(cleaned: list[str]) -> list[str]:
    """What clean_many_words promises: each text's words after a TEXT_MARK."""
    return f"{TEXT_MARK} {f' {TEXT_MARK} '.join(cleaned)}".split() if cleaned else []


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    texts=st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=8),
    limit=st.sampled_from([5, 40, 1000]),
)
def test_clean_many_words_are_the_words_of_clean_of_each(texts: list[str], limit: int) -> None:
    assert clean_many_words(texts, limit) == marked_words([clean(t, limit) for t in texts])


def test_clean_many_words_batch_by_batch() -> None:
    """A batch that _rephrase or U+2028 sends text by text, between two that go whole."""
    texts = [f"Soooo, who directed it #{i}?" for i in range(3 * CLEAN_BATCH + 3)]
    texts[CLEAN_BATCH + 1] = "x\u2028y"
    texts[2 * CLEAN_BATCH + 2] = "what is it about"
    assert clean_many_words(texts, 1000) == marked_words([clean(t, 1000) for t in texts])


def test_a_batch_sent_text_by_text_is_asked_of_a_part_at_a_time_as_clean_spaces_it() -> None:
    """A batch with a phrase to rephrase goes text by text only in its parts that hold one; a
    part is asked of as clean() spaces its texts, where "of her... country" holds a hint."""
    texts = ["what is it about", *["x y z"] * 299, "is she famous of her... country"]
    texts += ["she ended... up famous", *["q"] * 300]
    assert clean_many(texts, 1000) == [clean(t, 1000) for t in texts]
    assert clean_many_words(texts, 1000) == marked_words([clean(t, 1000) for t in texts])


@pytest.mark.parametrize("text", ["is she famous of her... country", "she ended... up famous"])
def test_a_batch_whose_only_phrase_stands_whole_once_spaced_is_rephrased(text: str) -> None:
    """A batch is asked whether it holds a phrase to rephrase as clean() spaces its texts: with
    its only one split by punctuation ("her... country"), it was cleaned without rephrasing."""
    assert len(alone_and_batched(text)) == 1


def test_a_text_of_a_batch_that_a_rewrite_changed_is_rephrased_with_every_rewrite() -> None:
    """A batch's texts are asked only for the rewrites whose hints the batch holds, but a rewrite
    may write another's hint: "не ни при чём" gives "не имел отношение", which the "отношени"
    rewrite reads. A text changed is rephrased again with them all, as clean() rephrases it."""
    texts = ["Он не ни при чём", "Кто режиссёр?"]
    assert clean_many(texts, 1000) == [clean(t, 1000) for t in texts]
    assert clean(texts[0], 1000) == "он имел отношение"


def test_a_batch_squeezes_each_letters_runs_as_each_text_alone() -> None:
    """A batch's runs are squeezed a letter at a time, each letter found three times in a row
    in it: as clean() squeezes each text's, and a run of digits or underscores is no letter's."""
    texts = ["ССССР и СССР", "soooo goood", "2000 yeeears", "zzz___aaa", "ⅫⅫⅫ", "ok"]
    assert clean_many(texts, 1000) == [clean(t, 1000) for t in texts]
    assert clean_many(texts, 1000)[:3] == ["ср и ср", "so god", "2000 years"]


# The apostrophe and "US" patterns as first written, looking behind before anything else.
_LOOKING_BEHIND_FIRST = {
    _APOSTROPHES: re.compile(r"(?<=s)[’'`ʼ]s\b|[’'`ʼ]"),
    _USA: re.compile(r"(?<![\w.])(?:U\.S\.(?:A\.)?|USA|US)(?!\w|\.\w)"),
}


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from([*"USAsus.'’`ʼ x1_\n", "U.S.A.", "\u2028"]), max_size=12))
def test_the_patterns_that_start_with_their_first_character_match_as_first_written(
    pieces: list[str],
) -> None:
    """_APOSTROPHES and _USA start with the character the regex engine skips to and look
    behind it after: they match what the patterns that looked behind first matched."""
    text = "".join(pieces)
    for pattern, first_written in _LOOKING_BEHIND_FIRST.items():
        assert pattern.sub("_", text) == first_written.sub("_", text)


def test_clean_many_cleans_batch_by_batch_as_each_alone() -> None:
    """Past CLEAN_BATCH texts, they are cleaned a batch at a time: each still as alone, in order,
    whichever batch holds the one text that must be cleaned by itself (U+2028)."""
    texts = [f"Soooo, who-то #{i}?" for i in range(2 * CLEAN_BATCH + 3)]
    texts[CLEAN_BATCH + 1] = "x\u2028y"
    assert clean_many(texts, 1000) == [clean(t, 1000) for t in texts]


def test_clean_many_keeps_texts_apart() -> None:
    texts = ["see https://a.b/c", "/ask@bot кто", "e\u0301", "soooo", "x\u2028y", "ﬁ" * 30]
    assert clean_many(texts, 20) == [clean(t, 20) for t in texts]
    assert clean_many(["who", "/start who"], 1000) == ["who", "who"]
    phrases = ["о чём фильм?", "про што кино", "what's it about?", "о чём ты можешь рассказать"]
    assert clean_many(phrases, 1000) == [clean(t, 1000) for t in phrases]
    # Only some texts say "где-то" or "премьера-то": those are cleaned of it one by one.
    mixed = ["я где-то читал", "who-то", "премьера-то когда", "кто-нибудь", "как дела", "a-b"]
    assert clean_many(mixed, 1000) == [clean(t, 1000) for t in mixed]
    # Punctuation and apostrophes are replaced character by character, letter runs found by
    # their characters: runs of either, beside or inside words, and spaces tripled by them.
    runs = ["whooo?!?! isn't", "aa.a a_a_a", "___ zzz", "кто - где ... ёёё", "bo b   c"]
    assert clean_many(runs, 1000) == [clean(t, 1000) for t in runs]
    # Answers hold newlines and tabs, which are dropped as every control character is.
    answers = ["line one\nline two", "a\tb\r\nc", "Шипенко.\n\nОн"]
    assert clean_many(answers, 1000) == [clean(t, 1000) for t in answers]
    assert clean_many([*answers, "zero\u200bwidth"], 1000) == [
        clean(t, 1000) for t in [*answers, "zero\u200bwidth"]
    ]


@pytest.mark.parametrize(
    ("indefinite", "plain"),
    [("я где-то читал, что фильм вышел", "что фильм вышел"),
     ("а премьера-то когда?", "а премьера когда?"),
     ("кто-нибудь знает бюджет", "знает бюджет"),
     ("I read somewhere the film came out", "the film came out")],
)  # fmt: skip
def test_somewhere_and_someone_ask_nothing(indefinite: str, plain: str) -> None:
    """'где-то' must not leave 'где' (where) behind, a question word that would change the ask."""
    assert toks(indefinite) == toks(plain)
    assert clean_many([indefinite], 1000) == [clean(indefinite, 1000)]


@pytest.mark.parametrize(
    "text", ["Klim Shipenko\nHe flew", "Klim Shipenko\r\nHe flew", "Klim Shipenko\tHe flew"]
)
def test_a_line_break_or_tab_separates_words(text: str) -> None:
    """Answers hold paragraphs and people paste lines: the words either side stay two words."""
    assert clean(text, 100) == "klim shipenko he flew"
    assert clean_many([text, "who directed\nthe film"], 100) == [
        "klim shipenko he flew",
        "who directed the film",
    ]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("how long was the actress's mission?", "how long was the actress mission"),
        ("the boss’s ship", "the boss ship"),
        ("what's up", "whats up"),  # the apostrophe alone goes: "whats" is a chat spelling
        ("Cruise's film", "cruises film"),
    ],
)
def test_a_possessive_after_an_s_goes_whole_in_one_text_and_in_a_batch(
    typed: str, words: str
) -> None:
    """'actress's' read 'actresss', which squeezed to 'actres': a word no fact has."""
    assert alone_and_batched(typed) == {words}


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("Did the US beat Russia?", "did the usa beat russia"),
        ("the U.S. film", "the usa film"),
        ("US-Russia race", "usa russia race"),
        ("tell us more", "tell us more"),  # the pronoun
        ("USSR or U.S.S.R.", "ussr or u s s r"),  # another country
        ("a USB stick", "a usb stick"),
    ],
)
def test_the_us_in_capitals_is_the_country_not_the_pronoun(typed: str, cleaned: str) -> None:
    """Casefolding made "the US" the filler "us": the country was lost from the question."""
    assert alone_and_batched(typed) == {cleaned}


@pytest.mark.parametrize(
    "said", ["when did they come back", "they flew back home", "he got back to earth"]
)
def test_coming_back_is_a_return(said: str) -> None:
    """ "Came back", "flew back": one word, as "returned" is, so both ask the same."""
    assert "return" in toks(said)
    assert "back" not in toks(said)
    assert "back" in toks("the back of the capsule")


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("what about bezos?", "and bezos"),
        ("And how about the landing?", "and the landing"),
        ("а как насчёт Безоса?", "а безоса"),
        ("А что насчет бюджета", "а бюджета"),
        ("насчёт бюджета что скажешь", "а бюджета что скажешь"),
    ],
)
def test_what_about_at_the_start_goes_on_as_and_does(said: str, cleaned: str) -> None:
    """ "What about Bezos?" asks the last question of Bezos: its "what" asks nothing."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "word", "gone"),
    [
        ("did the movie make bank", "earn", "bank"),
        ("how much did they blow on making it", "spent", "blow"),
        ("how much cash did universal splurge on it", "spent", "splurg"),
    ],
)
def test_chat_words_for_money_made_and_spent(said: str, word: str, gone: str) -> None:
    assert word in toks(said)
    assert gone not in toks(said)


@pytest.mark.parametrize(
    ("said", "word"),
    [
        ("what does vyzov mean", "mean"),
        ("what does the title mean in english?", "mean"),
        ("что значит «Вызов»?", "oznacha"),
        ("а что значит ручная стыковка", "oznacha"),
    ],
)
def test_asking_what_a_word_means_keeps_the_asking(said: str, word: str) -> None:
    """ "Mean" and "значит" are filler on their own; asked what something means, they ask."""
    assert word in toks(said)


@pytest.mark.parametrize(
    "said", ["what do you mean", "i mean who cares", "значит они полетели в октябре"]
)
def test_i_mean_and_so_are_still_filler(said: str) -> None:
    assert not {"mean", "oznacha", "znach"} & set(toks(said))


@pytest.mark.parametrize(
    "said", ["lets talk about the budget", "ok let's go, who was the commander", "letting them fly"]
)
def test_lets_is_filler_not_the_russian_for_years(said: str) -> None:
    """ "Lets" stems to "let", which is also "лет" (years) transliterated: "ok lets go, who was
    the commander" asked the crew's ages."""
    assert set(toks(said)).isdisjoint({"let", "~age"})


@pytest.mark.parametrize(
    ("said", "asked"),
    [("ok lets go, who was the commander", "ok who was the commander"),
     ("let's see, how old was she", "how old was she")],
)  # fmt: skip
def test_lets_go_and_lets_see_ask_nothing(said: str, asked: str) -> None:
    """ "Let's go" and "let's see" lead into a question: "go" met "going to command"."""
    assert toks(said) == toks(asked)
    assert len(alone_and_batched(said)) == 1


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("what was the deal with the station spinning", "what was with the station spinning"),
        ("чё за история с разворотом мкс", "что случилось с разворотом мкс"),
        ("какая история со стыковкой", "что случилось со стыковкой"),
    ],
)
def test_the_deal_with_it_asks_what_happened(said: str, asked: str) -> None:
    assert alone_and_batched(said) == {asked}


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("so mordovina, what's her deal, did she fly", "so mordovina whats did she fly"),
        ("who is shkaplerov whats his deal", "who is shkaplerov whats"),
    ],
)
def test_what_s_her_deal_asks_who_she_is(said: str, asked: str) -> None:
    """ "Deal", a word of one fact's ("a good deal"), took the question from who she is."""
    assert alone_and_batched(said) == {asked}


@pytest.mark.parametrize("said", ["it was a good deal", "расскажи историю фильма"])
def test_a_deal_and_a_films_story_stay(said: str) -> None:
    assert clean(said, 200) == said


def test_blowing_up_or_on_landing_is_no_spending() -> None:
    assert "spent" not in toks("the capsule blew on landing")


@pytest.mark.parametrize("said", ["what is it about", "what about?", "what was that about"])
def test_what_about_with_nothing_after_it_is_no_follow_up(said: str) -> None:
    assert not clean(said, 200).startswith("and")


def test_regarding_in_russian_is_filler() -> None:
    assert toks("что ты знаешь насчёт бюджета") == toks("что ты знаешь о бюджете")


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("how long were they up there", "how long were they in space"),
        ("who lived up there then", "who lived in space then"),
        ("shatner flew while they were up ther", "shatner flew while they were in space"),
    ],
)
def test_up_there_is_in_space(said: str, cleaned: str) -> None:
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("who was the first guy in space", "who was the first man in space"),
        ("the first dude on the moon", "the first man on the moon"),
        ("the guy who plays the surgeon", "the guy who plays the surgeon"),
        ("first guys to dock by hand", "first guys to dock by hand"),
    ],
)
def test_the_first_guy_is_the_first_man(said: str, cleaned: str) -> None:
    """ "Guy" and "dude" are filler, which left "the first in space": the first man, here."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("when did the space movie news drop", "when did the space movie news break"),
        ("when'd the news dropped", "whend the news break"),
        ("the ball dropped", "the ball dropped"),
    ],
)
def test_news_that_drops_breaks(said: str, cleaned: str) -> None:
    """Chat's news drops; the examples' news breaks: "when did news of Cruise's film break?"."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("what did shatner say when he got back", "what did shatner comment when he return"),
        ("what did the roscosmos chief say after", "what did the roscosmos chief comment after"),
        ("what did rogozin say about it", "what did rogozin comment about it"),
        ("they say it was late", "they say it was late"),
    ],
)
def test_what_someone_said_is_their_comment(said: str, cleaned: str) -> None:
    """ "Say" is filler, which left "what did shatner ... when he got back" his return."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("what did rogozin make of it", "what did rogozin comment on it"),
        ("what did the critics make of the film", "what did the critics comment on the film"),
        ("what did the film make", "what did the film make"),  # its takings, no one's view
        ("what is the capsule made of", "what is the capsule made of"),
    ],
)
def test_what_someone_made_of_something_is_their_comment(said: str, cleaned: str) -> None:
    """ "What did Rogozin make of it?" asks his view of it: read as words, "make" was no
    word of his comment, and the question was who he is."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("give me the elevator pitch for the film", "give me a summary of the film"),
        ("random q but who directed it", "who directed it"),
        ("random question: when did they land?", "when did they land?"),
    ],
)
def test_an_elevator_pitch_is_a_summary_and_a_random_question_asks_nothing_more(
    said: str, asked: str
) -> None:
    """The elevator pitch was mended into the mission patch, and "random" (changing the
    subject) weighed as a word no fact knows, and carried over into the next question."""
    assert toks(said) == toks(asked)
    assert len(alone_and_batched(said)) == 1
    assert "random" in toks("the date wasn't random")


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("any big films or shows", "any films or shows"),
        ("has she won any big awards", "has she won any awards"),
        ("how big is the iss", "how big is the iss"),
    ],
)
def test_big_only_says_it_mattered(said: str, cleaned: str) -> None:
    """ "Any big awards" asks for awards, a word the examples use; "how big" asks a size."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("how to train for a 10k", "how howto train for a 10k"),
        ("how do i become a flight attendant", "how howto become a flight attendant"),
        ("how did they train", "how did they train"),
        ("how do they dock", "how do they dock"),
        ("how to say vyzov in english", "how to say vyzov in english"),
    ],
)
def test_how_to_do_something_asks_for_advice(said: str, cleaned: str) -> None:
    """ "How to" and "how do I" ask how the asker may do it, which no fact tells."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("what other movies has he been in", "what filmography has he been in"),
        ("her other films?", "her filmography"),
        ("the other crew", "the other crew"),
    ],
)
def test_someones_other_films_are_their_filmography(said: str, cleaned: str) -> None:
    """ "Other" is filler, which left "what movies has Bikovic been in": the one film."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("who made the final call picking her", "who made the final decision picking her"),
        ("who makes the call", "who makes the decision"),
        ("what was the call sign", "what was the call sign"),
        ("did they call the station", "did they call the station"),
    ],
)
def test_making_the_call_is_deciding(said: str, cleaned: str) -> None:
    """A call made is a decision, not a phone call or a call sign."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("were did they land", "where did they land"),
        ("were is the capsule now", "where is the capsule now"),
        ("wer did they land", "where did they land"),
        ("they were there", "they were there"),
        ("were they scared", "were they scared"),
    ],
)
def test_were_before_a_verb_that_asks_is_where(said: str, cleaned: str) -> None:
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("what did rogozin say about that", "what did rogozin comment about that"),
        ("what nasa said about it", "what nasa comment about it"),
        ("they say it was late", "they say it was late"),  # no "about": filler
        ("write me an essay about space", "write me an essay about space"),
    ],
)
def test_saying_about_something_is_a_comment(said: str, cleaned: str) -> None:
    """ "What did Rogozin say about it?" asks for his comment, as "что сказал Рогозин?" does."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("which of them was the commander", "who of them was the commander"),
        ("which one of them was in charge", "who of them was in charge"),
        ("which one of the two flew first", "who of the two flew first"),
        ("which one was first", "which one was first"),  # no one picked from those named
        ("which of their companies", "which of their companies"),
    ],
)
def test_which_of_them_asks_who(said: str, cleaned: str) -> None:
    """One picked from the people just named: "which of them" asks "who", not for a thing."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("what's 2+2?", "whats arithmetic"),
        ("2 * 3 = ?", "arithmetic"),
        ("реши 2x+5=17", "реши арифметика 17"),
        ("utc+3 launch", "utc 3 launch"),  # no sum: a time zone
        ("soyuz ms-19", "soyuz ms 19"),
    ],
)
def test_a_sum_is_one_word_no_fact_uses(said: str, cleaned: str) -> None:
    """Its digits no longer match what facts number: "2+2" is no "Challenge 2"."""
    assert alone_and_batched(said) == {cleaned}


@pytest.mark.parametrize(
    "said",
    [
        "when the film crew showed up",
        "who was there when they show up",
        "the day they turned up",
        "who was running the iss when they pulled up",
    ],
)
def test_showing_up_is_an_arrival(said: str) -> None:
    """ "When they showed up" asks what "when they arrived" asks."""
    assert "arriv" in toks(said)
    assert "show" not in toks(said)
    assert clean_many([said, "x"], 200)[0] == clean(said, 200)  # examples are cleaned in batches


@pytest.mark.parametrize(
    "said",
    ["mashkov shows up in the cast list", "it showed up on netflix", "turned up in the film"],
)
def test_showing_up_in_a_list_or_on_a_screen_is_no_arrival(said: str) -> None:
    assert "arriv" not in toks(said)


@pytest.mark.parametrize(
    "said", ["who walked in open space first", "the first space walk", "to walk in outer space"]
)
def test_walking_in_space_is_a_spacewalk(said: str) -> None:
    """ "Walk in open space" is one thing, as "spacewalk" and "открытый космос" are."""
    assert toks(said).count("spacewalk") == 1
    assert "walk" not in toks(said)


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("расскажи в двух словах про фильм", "расскажи про фильм"),
        ("в 2 словах о чём фильм", "сюжет фильм"),
        ("what's the plot in one sentence", "whats the plot"),
        ("who flew, in a few words?", "who flew"),
        ("explain the film in 2 lines", "explain the film"),
        ("in one sentence, who flew?", "who flew"),
        ("whats the plot of vyzov, short version pls", "whats the plot of vyzov pls"),
        ("give me the short version: who flew?", "give me who flew"),
        ("in short, who flew?", "who flew"),
    ],
)
def test_asking_for_it_in_short_asks_nothing_more(said: str, asked: str) -> None:
    """ "В двух словах", "in one sentence", "the short version": how to answer, not what is
    asked, so those words match no example that happens to say the same; "слово" and "line"
    alone still count."""
    assert alone_and_batched(said) == {asked}
    assert clean("что значит слово вызов", 200).endswith(" слово вызов")
    assert clean("in line with the plan", 200) == "in line with the plan"


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("whats the plot in a nutshell", "whats the plot"),
        ("briefly, when did they land", "when did they land"),
        ("вкратце, кто полетел?", "кто полетел?"),
        ("кратко: когда сели?", "когда сели?"),
        ("коротко: когда сели?", "когда сели?"),
    ],
)
def test_asking_for_it_briefly_leaves_only_the_question(said: str, asked: str) -> None:
    assert toks(said) == toks(asked)


@pytest.mark.parametrize("said", ["was the whole film shot in space?", "the entire crew"])
def test_whole_and_entire_say_how_much_and_are_kept(said: str) -> None:
    """ "Was the whole film shot up there?" asks how much of it: not filler."""
    assert {"whole", "entir"} & set(toks(said))


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("soooo who directed it", "so who directed it"),
        ("the first since 2000?", "the first since 2000"),  # digits are no typed letters
        ("под 1000000 рублей", "под 1000000 рублей"),
    ],
)
def test_letters_typed_thrice_count_once_but_digits_stay(typed: str, cleaned: str) -> None:
    """ "2000" squeezed to "20" once: the year of Soyuz TM-30 became a word for twenty."""
    assert alone_and_batched(typed) == {cleaned}


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("а он в 22м году вышел?", "а он в 2022 году вышел"),
        ("в 22-м году", "в 2022 году"),
        ("в 21 году", "в 2021 году"),
        ("с 22-го года", "с 2022 года"),
        ("в конце 21 года", "в конце 2021 года"),
        ("летом 61-го года", "летом 1961 года"),  # from 50, the last century
        ("в 61-м году", "в 1961 году"),
        # Ages, not years: "в 33 года" is at 33, and "ему был 41 год" his age.
        ("в 33 года", "в 33 года"),
        ("ему был 41 год", "ему был 41 год"),
        ("в 2021 году", "в 2021 году"),
        ("кинчик же в 22-м вышел?", "кинчик же в 2022 вышел"),  # "-м" says a year alone
        ("в 22-м", "в 2022"),
    ],
)
def test_a_year_said_by_two_digits_is_the_whole_year(typed: str, cleaned: str) -> None:
    assert alone_and_batched(typed) == {cleaned}


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("can i just type in russian?", "can i just write in russian"),
        ("can u do english", "can u write in english"),
        # Not the language a message is written in:
        ("how did it do in russian cinemas", "how did it do in russian cinemas"),
        ("what type of russian rocket was it", "what type of russian rocket was it"),
        ("do russians like the film", "do russians like the film"),
    ],
)
def test_typing_or_doing_a_language_is_writing_in_it(typed: str, cleaned: str) -> None:
    """ "Can u do russian" asks which language to write in, not the film's Russian title."""
    assert alone_and_batched(typed) == {cleaned}


@pytest.mark.parametrize("form", ["дня", "дней", "дни", "днях", "днём", "денй"])
def test_every_form_of_day_meets_the_word(form: str) -> None:
    """ "День", "дня", "дней" stem apart ("ден", "дня", "дне"): each form is the word, and
    so is "денй", a slip of "дней"."""
    assert toks(f"сколько {form}") == toks("сколько день")


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("сколько дней они пробыли на самом деле?", "сколько дней они пробыли?"),
        ("кто он в самом деле", "кто он"),
    ],
)
def test_actually_in_russian_is_filler(said: str, plain: str) -> None:
    assert toks(said) == toks(plain)


@pytest.mark.parametrize(
    ("said", "same"),
    [
        ("на том же корабле", "на тот же корабль"),
        ("та же самая капсула", "тот же капсула"),
    ],
)
def test_the_same_one_is_a_word_of_its_own_in_russian(said: str, same: str) -> None:
    assert toks(said) == toks(same)
    assert toks(said) != toks(said.replace(" же", "").replace(" самая", ""))


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("was the actress older than the director or the other way round?",
         "was the actress older than the director?"),
        ("is Peresild younger than Shipenko, or vice versa", "is Peresild younger than Shipenko"),
        ("did Bezos fly before Branson or the other way around", "did Bezos fly before Branson"),
    ],
)  # fmt: skip
def test_the_other_way_round_asks_nothing_more(said: str, asked: str) -> None:
    """The question asked of the two swapped says nothing new: "way" and "round" weighed as
    words no fact knows, as much as the rarest."""
    assert toks(said) == toks(asked)
    assert len(alone_and_batched(said)) == 1


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("For my lesson plan: who directed the film?", "who directed the film?"),
        ("who flew? it's for a school project", "who flew?"),
        ("need it for our class presentation, when did they land", "need when did they land"),
        ("doing a piece on the launch: who flew?", "the launch: who flew?"),
        ("I'm writing an article about the film, who made it?", "im the film, who made it?"),
        ("give me a two-sentence summary of the film", "give me a summary of the film"),
    ],
)  # fmt: skip
def test_what_the_asker_needs_the_answer_for_asks_nothing(said: str, asked: str) -> None:
    """A lesson plan, a school project, a piece on the launch: why it is asked, not what.
    "Plan" is a word of the Russians' plan to film in orbit, and "lesson" one letter off
    "less"; "two sentence" weighed as words no fact knows. "For the film" is still asked."""
    assert toks(said) == toks(asked)
    assert len(alone_and_batched(said)) == 1
    assert "plan" in toks("what was the plan for the film")


@pytest.mark.parametrize(
    "asked",
    ["which part of Russia is Peresild from?", "what city is Shipenko from originally",
     "which region of the country does she come from"],
)  # fmt: skip
def test_which_place_someone_is_from_asks_where(asked: str) -> None:
    """ "Which city is he from" asks where he is from ("from" is filler): read as "which"
    and a place word, it asked which thing of his, a theatre or a premiere's city."""
    assert "where" in toks(asked)
    assert "which" not in toks(asked)
    assert len(alone_and_batched(asked)) == 1
    assert "where" not in toks("which country was first in space")


@pytest.mark.parametrize(
    "asked",
    ["did the russians end up beating cruise", "which cosmonauts ended up acting in it",
     "she ends up on the station", "ending up in orbit first"],
)  # fmt: skip
def test_ending_up_somewhere_is_no_end(asked: str) -> None:
    """ "Ended up acting in it" says in the end, no ending: "end" is the facts' word for a
    film's ending and a mission's end."""
    assert not {"end", "ending"} & set(toks(asked))
    assert len(alone_and_batched(asked)) == 1
    assert "end" in toks("how does the film end")


@pytest.mark.parametrize(
    ("asked", "plainly"),
    [
        ("explain vyzov to me like im 5", "vyzov"),
        ("what is the challenge, explain like i'm five", "what is the challenge"),
        ("eli5 what the film is", "what the film is"),
        ("what is it about in plain english", "what is it about"),
        ("the challenge in simple terms?", "the challenge"),
        ("the plot for dummies", "the plot"),
        ("объясни простыми словами, что за фильм", "что за фильм"),
        ("про что вызов для чайников", "про что вызов"),
        ("на пальцах: что за фильм", "что за фильм"),
        ("расскажи как ребёнку про вызов", "про вызов"),
    ],
)  # fmt: skip
def test_asking_to_have_it_put_plainly_asks_nothing(asked: str, plainly: str) -> None:
    """ "Like i'm 5", "eli5", "простыми словами", "для чайников": how to answer, as "in short"
    is; "im 5" and "чайников" weighed as words no fact knows. "For kids" still asks."""
    assert toks(asked) == toks(plainly)
    assert len(alone_and_batched(asked)) == 1
    assert "kid" in toks("is the film for kids")


@pytest.mark.parametrize(
    "asked",
    ["who'd he hand it off to", "who did he hand the station off to",
     "did he pass it on to marshburn", "who was it passed on to"],
)  # fmt: skip
def test_handing_off_or_passing_on_is_handing_over(asked: str) -> None:
    """ "Hand it off to", "pass it on to": handed over, as the examples say ("who did Shkaplerov
    hand the station over to?"); "off" and "pass" were words no fact knew."""
    assert "hand" in toks(asked)
    assert not {"off", "pass"} & set(toks(asked))
    assert len(alone_and_batched(asked)) == 1


@pytest.mark.parametrize(
    ("asked", "said"),
    [("кому он сдал станцию", "кому он передал станцию"),
     ("кому сдали командование", "кому передал командование"),
     ("когда он сдал вахту", "когда он передал вахту")],
)  # fmt: skip
def test_handing_the_station_over_in_russian_is_handing_it_over(asked: str, said: str) -> None:
    """ "Сдал станцию" hands it over, as "передал" does; "сдал экзамены" passed exams."""
    assert toks(asked) == toks(said)
    assert toks("сдал экзамены") != toks("передал экзамены")


@pytest.mark.parametrize(
    "asked",
    ["captain kirk broke the oldest person record", "did shatner break the record for the oldest",
     "he smashed the age record", "shatner shattered a record", "he topped that record"],
)  # fmt: skip
def test_breaking_a_record_is_beating_it(asked: str) -> None:
    """ "Broke the record" beats it, as the examples say ("Shatner beat Wally Funk's record");
    "broke" alone is a failure, and "who broke Vande Hei's record" asks of someone after him."""
    assert "beat" in toks(asked)
    assert not {"broke", "break", "smash", "shatter", "top"} & set(toks(asked))
    assert "broke" in toks("what broke during the approach")
    assert "beat" not in toks("who broke mark vande hei's record")


@pytest.mark.parametrize(
    ("asked", "said"),
    [("он обновил рекорд возраста", "он побил рекорд возраста"),
     ("он переплюнул рекорд фанк", "он побил рекорд фанк")],
)  # fmt: skip
def test_breaking_a_record_in_russian_is_beating_it(asked: str, said: str) -> None:
    assert toks(asked) == toks(said)


@pytest.mark.parametrize(
    ("asked", "said"),
    [("wasnt there a thing where the station started spinning", "the station spinning"),
     ("that thing when the iss began to rotate", "the iss rotate"),
     ("the station started tumbling", "the station tumbling"),
     ("did it start to flip", "did it flip"),
     ("станция начала вращаться", "станция вращаться"),
     ("мкс стала крутиться", "мкс крутиться")],
)  # fmt: skip
def test_starting_to_spin_is_the_spin(asked: str, said: str) -> None:
    """ "There was a thing where", "started spinning": the spin is asked about; "where" asks no
    place and "started" no beginning. "When did filming start" still asks its start."""
    assert toks(asked) == toks(said)
    assert len(alone_and_batched(asked)) == 1
    assert "begin" in toks("when did they start filming")
    assert "where" in toks("where did they land")


@pytest.mark.parametrize(
    ("asked", "said"),
    [("по мск во сколько", "по москве во сколько"), ("what time msk", "what time moscow"),
     ("из за чьих движков", "из за чьих двигателей"), ("движок отказал", "двигатель отказал"),
     ("движки союза", "двигатели союза"), ("а то я проспал, когда старт", "когда старт"),
     ("я пропустил, во сколько стыковка", "во сколько стыковка"),
     ("is it all pro actors", "is it all professional actors")],
)  # fmt: skip
def test_chat_clippings_are_the_words_the_facts_use(asked: str, said: str) -> None:
    """ "Мск" is Moscow time, "движок" an engine, "pro" a professional; "а то я проспал" tells
    what the asker did, as "видел" does."""
    assert toks(asked) == toks(said)


@pytest.mark.parametrize(
    ("asked", "said"),
    [("did they put real cosmonauts in the movie", "did they cast real cosmonauts in the movie"),
     ("who was the main girl in the challenge", "who was the main actress in the challenge"),
     ("the lead chick", "the lead actress"), ("the main guy", "the main actor"),
     ("кто главная девчонка в фильме", "кто главная актриса в фильме"),
     ("who was lined up to direct it", "who was supposed to direct it")],
)  # fmt: skip
def test_chat_phrases_are_the_phrases_the_facts_use(asked: str, said: str) -> None:
    """ "Put them in the movie" casts them, "the main girl" is the lead actress, "lined up to"
    is supposed to: "put", "girl" and "lined" were words the examples never used of these."""
    assert toks(asked) == toks(said)
    assert len(alone_and_batched(asked)) == 1
    assert "put" in toks("did they put the capsule down softly")


@pytest.mark.parametrize(
    ("asked", "said"),
    [("did she throw up on the iss", "did she nausea on the iss"),
     ("he threw up after launch", "he nausea after launch"),
     ("did they get space sick", "did they get nausea"),
     ("was she motion sick up there", "was she nausea up there")],
)  # fmt: skip
def test_throwing_up_is_nausea(asked: str, said: str) -> None:
    """ "Throw up", "space sick": sick to the stomach; "throw" was a word of its own, and "sick"
    alone is ill, a backup's reason ("in case someone got sick")."""
    assert toks(asked) == toks(said)
    assert len(alone_and_batched(asked)) == 1
    assert "sick" in toks("in case someone got sick")


@pytest.mark.parametrize(
    ("asked", "said"),
    [("актёры норм играют", "актёры качество играют"),
     ("она хорошо там сыграла", "она качество там сыграла"),
     ("пересильд убедительно играет", "пересильд качество играет")],
)  # fmt: skip
def test_how_well_they_act_is_asked_in_russian(asked: str, said: str) -> None:
    """ "Норм играют", "хорошо сыграла": how well, an opinion; the adverb, filler elsewhere,
    left "who acts". Not "хорошо, кто играет хирурга?", where it only agrees."""
    assert toks(asked) == toks(said)
    assert toks("хорошо, кто играет хирурга") == toks("кто играет хирурга")


@pytest.mark.parametrize(
    ("asked", "said"),
    [("how old were they when they lifted off", "how old were they when they liftoff"),
     ("the soyuz was lifting off at night", "the soyuz was liftoff at night"),
     ("who was calling the shots on the station", "who was run on the station"),
     ("who ran the show up there", "who run up there"),
     ("who pulled the strings", "who run"),
     ("did kurs conk out", "did kurs failed"),
     ("the autopilot crapped out", "the autopilot failed"),
     ("who was waiting in the wings", "who was standby"),
     ("when did armstrong put his boot on the moon", "when did armstrong set foot on the moon"),
     ("where does ernst fit into this", "where does ernst role in this"),
     ("раскошелились на фильм", "потратили на фильм"),
     ("кто всем заправлял", "кто всем руководил"),
     ("она махнула в космос", "она полетела в космос"),
     ("что отсняли на орбите", "что сняли на орбите"),
     ("кто в дублёрах у этой троицы", "кто в дублёрах у этого экипажа")],
)  # fmt: skip
def test_idioms_are_the_words_the_facts_use(asked: str, said: str) -> None:
    """Chat's idioms and their forms ("lifted off", "calling the shots", "conk out", "in the
    wings", "раскошелились", "заправлял") are what the examples
    say plainly; each had been words no fact knew, or a name ("callin" read as Collins)."""
    assert toks(asked) == toks(said)
    assert len(alone_and_batched(asked)) == 1


def test_idioms_keep_their_plain_senses() -> None:
    """The idioms only where they mean it: the bare "lift off" is the examples' own."""
    assert "lift" in toks("what time did the soyuz lift off")


@pytest.mark.parametrize(
    ("asked", "said"),
    [("bit of a weird one, did the iss spin", "did the iss spin"),
     ("odd question but who directed it", "but who directed it"),
     ("a quick one: when did they land", "when did they land"),
     ("дурацкий вопрос, но кто режиссер", "но кто режиссер"),
     ("how many rubles did it take to make the film", "how many rubles did it cost the film"),
     ("ok that's me done", "ok bye"), ("calling it a night", "bye"), ("i'm off now", "bye"),
     ("ладно, я погнал", "ладно, пока")],
)  # fmt: skip
def test_remarks_on_the_question_and_goodbyes_in_idioms(asked: str, said: str) -> None:
    """ "Bit of a weird one", "дурацкий вопрос" say nothing of what is asked; "did it take to
    make" with money named is what it cost; "that's me done", "я погнал" say goodbye. Not how
    long it took to make, which names no money."""
    assert toks(asked) == toks(said)
    assert len(alone_and_batched(asked)) == 1
    assert "cost" not in toks("how long did it take to make the film")
