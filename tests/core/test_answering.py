"""The decision on a match's scores: answer, ask which was meant, or fall back."""

from __future__ import annotations

import pytest

from bot.core import phrases
from bot.core.answering import confidence, decide, verdict
from bot.core.commands import explain
from bot.core.domain import Candidate, Lang, Outcome
from bot.core.facts import load_facts
from bot.core.live import Live
from bot.core.matcher import Matcher, MatchResult
from bot.settings import MatcherSettings, load_settings
from tests.conftest import CONFIG, REPO

CFG = load_settings(CONFIG, _env_file=None).matcher


def matched(*candidates: Candidate, words: int = 0) -> MatchResult:
    """A match of `candidates`, for a question of `words` different words. Without words the
    words' evidence is even, so only the examples' support can settle a close call."""
    return MatchResult(candidates, "", "typed", False, (), tuple(f"w{i}" for i in range(words)))


def cands(
    best: float,
    runner_up: float | None,
    support: tuple[float, float] = (1.0, 1.0),
    words: int = 5,
) -> MatchResult:
    """A match of the two films' facts, for a question of `words` different words."""
    first = Candidate("film-runtime", best, "how long is the film?", support[0])
    if runner_up is None:
        return matched(first, words=words)
    second = Candidate("film-budget", runner_up, "how much did the film cost?", support[1])
    return matched(first, second, words=words)


def sure_at(answer: float, clarify: float) -> MatcherSettings:
    return CFG.model_copy(update={"answer_confidence": answer, "clarify_confidence": clarify})


@pytest.mark.parametrize("candidates", [cands(90, 40), cands(60, 58), cands(50, None)])
def test_the_model_s_confidence_answers_at_its_threshold_and_not_a_hair_below(
    candidates: MatchResult,
) -> None:
    sure = confidence(candidates, CFG)
    assert verdict(candidates, sure_at(sure, sure)) == "answer"
    assert verdict(candidates, sure_at(sure + 1e-9, 0.0)) != "answer"


@pytest.mark.parametrize(("best", "expected"), [(44.9, "fallback"), (45.0, "answer")])
def test_however_sure_the_model_a_best_fact_scoring_under_the_threshold_is_not_answered(
    best: float, expected: str
) -> None:
    """Two words of a long question shared with one example leave a clear lead and no match
    worth answering: `answer_threshold` (45) is the least score that is answered."""
    assert CFG.answer_threshold == 45
    assert verdict(cands(best, None), sure_at(0.0, 0.0)) == expected


@pytest.mark.parametrize(
    ("words", "best", "expected"),
    [(7, 44.9, "fallback"), (8, 44.9, "answer"), (8, 40.0, "answer"), (8, 39.9, "fallback")],
)
def test_a_long_question_is_answered_from_a_lower_score(
    words: int, best: float, expected: str
) -> None:
    """Every word an example lacks counts against it, so a question of `long_question_words`
    (8) different words or more needs only `long_answer_threshold` (40): "someone told me the
    whole station got knocked out of position while the movie people were there" found its
    fact at 42.7."""
    assert (CFG.long_question_words, CFG.long_answer_threshold) == (8, 40)
    assert verdict(cands(best, None, words=words), sure_at(0.0, 0.0)) == expected


@pytest.mark.parametrize(
    ("runner_up", "best", "clarify_confidence", "expected"),
    [
        (CFG.clarify_threshold + 1 - CFG.margin + 1, CFG.clarify_threshold + 1, 0.0, "clarify"),
        (CFG.clarify_threshold + 1 - CFG.margin, CFG.clarify_threshold + 1, 0.0, "fallback"),
        (CFG.clarify_threshold - 2, CFG.clarify_threshold - 1, 0.0, "fallback"),
        (CFG.clarify_threshold + 1 - CFG.margin + 1, CFG.clarify_threshold + 1, 1.0, "fallback"),
    ],
)
def test_short_of_sure_only_a_close_call_that_is_no_long_shot_asks_which(
    runner_up: float, best: float, clarify_confidence: float, expected: str
) -> None:
    """The next fact within `margin`, the best at `clarify_threshold` and the confidence at
    `clarify_confidence`: only then is "which did you mean?" worth asking."""
    candidates = cands(best, runner_up)
    assert verdict(candidates, sure_at(1.0, clarify_confidence)) == expected


@pytest.mark.parametrize(
    ("weaker", "stronger"),
    [
        (cands(60, 50), cands(70, 60)),  # a higher score, the same lead
        (cands(70, 65), cands(70, 55)),  # a longer lead
        (cands(70, 60, (0.8, 0.8)), cands(70, 60, (1.4, 1.4))),  # two examples matching
        (cands(70, 60, (1.0, 1.2)), cands(70, 60, (1.2, 1.0))),  # more support than the next
        (cands(60, 50, words=4), cands(60, 50, words=12)),  # as much matched of a longer question
    ],
)
def test_the_calibrated_model_is_surer_the_more_the_candidates_say_so(
    weaker: MatchResult, stronger: MatchResult
) -> None:
    """The shipped weights point the way each of the five signs does: a calibration that
    learnt otherwise learnt from too few questions. A long question scores lower for all it
    means as much, each of its words counting against the examples."""
    assert confidence(weaker, CFG) < confidence(stronger, CFG)


def test_no_candidate_is_the_fallback() -> None:
    assert verdict(matched(), CFG) == "fallback"


# -- close calls -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live() -> Live:
    factset = load_facts(REPO / "facts").factset
    assert factset is not None
    return Live(1, factset, Matcher(factset), factset)


TOP = CFG.clarify_threshold + 5  # a close call: both within `margin`


# A margin a float holds exactly, so that a lead of exactly the margin is tested as such; and
# unsure enough to ask, so that what settles the close call is what is tested.
EXACT = CFG.model_copy(update={"support_margin": 0.125, "clarify_confidence": 0.0})


@pytest.mark.parametrize(("lead", "settles"), [(0.125, True), (0.125 - 2**-10, False)])
def test_a_close_call_goes_to_the_fact_two_of_whose_examples_match(
    live: Live, lead: float, settles: bool
) -> None:
    """Scores a point apart say nothing; a fact whose next best example matches too, by
    `support_margin` more, is the one asked about, even from second place."""
    runtime = Candidate("film-runtime", TOP, "how long is the film?", 1.0)
    budget = Candidate("film-budget", TOP - 1, "how much did the film cost?", 1.0 + lead)
    result = matched(runtime, budget)
    assert verdict(result, EXACT) == "clarify"
    reply = decide(live, result, Lang.EN, EXACT)
    if settles:
        assert (reply.outcome, reply.fact_id) == (Outcome.ANSWER, "film-budget")
        assert reply.explanation is not None
        assert reply.explanation.support == pytest.approx(lead, abs=0.01)
        assert "settled by the examples" in explain("?", reply.explanation, Lang.EN)
    else:
        assert reply.outcome is Outcome.CLARIFY
        assert reply.explanation is not None
        assert "settled" not in explain("?", reply.explanation, Lang.EN)


def test_a_close_call_sure_enough_to_answer_still_answers_the_better_supported_fact(
    live: Live,
) -> None:
    """The model is sure one of two facts a hair apart is meant; which one, the examples'
    support says, as it does when the bot would otherwise ask."""
    runtime = Candidate("film-runtime", 86.0, "how long is the film?", 1.45)
    budget = Candidate("film-budget", 85.9, "how much did the film cost?", 1.66)
    sure = sure_at(confidence(matched(runtime, budget), CFG), 0.0)  # whatever it says
    assert verdict(matched(runtime, budget), sure) == "answer"
    reply = decide(live, matched(runtime, budget), Lang.EN, sure)
    assert (reply.outcome, reply.fact_id) == (Outcome.ANSWER, "film-budget")


@pytest.mark.parametrize("runner_up", [TOP - 1, CFG.clarify_threshold - 0.5])
def test_asking_which_was_meant_offers_every_fact_of_the_close_call(
    live: Live, runner_up: float
) -> None:
    """The runner-up within `margin` is offered even under `clarify_threshold`: "did you mean"
    with one option would not ask which of two was meant."""
    runtime = Candidate("film-runtime", TOP, "how long is the film?", 1.0)
    budget = Candidate("film-budget", runner_up, "how much did the film cost?", 1.0)
    assert verdict(matched(runtime, budget), EXACT) == "clarify"
    reply = decide(live, matched(runtime, budget), Lang.EN, EXACT)
    assert reply.outcome is Outcome.CLARIFY
    assert [o.fact_id for o in reply.options] == ["film-runtime", "film-budget"]


def test_a_phrase_match_has_no_support_to_compare(live: Live) -> None:
    """A fact matched as a whole phrase ("hi") has support 0: that is no evidence against it."""
    greeting = Candidate("bot-greeting", TOP, "hi", 0.0)
    runtime = Candidate("film-runtime", TOP - 1, "how long is the film?", 1.5)
    assert decide(live, matched(greeting, runtime), Lang.EN, EXACT).outcome is Outcome.CLARIFY


@pytest.mark.parametrize(
    ("said", "fact"),
    [("how are you", "bot-how-are-you"), ("hello how are you", "bot-how-are-you")],
)
def test_small_talk_matched_whole_is_answered_whatever_the_confidence(
    live: Live, said: str, fact: str
) -> None:
    """A greeting matched in full has no second example behind it, which the model doubts; at
    `smalltalk_threshold` it is greeted back all the same, and /why says why."""
    result = live.matcher.match(said)
    assert confidence(result, CFG) < CFG.answer_confidence  # the model alone falls back
    reply = decide(live, result, Lang.EN, CFG)
    assert (reply.outcome, reply.fact_id) == (Outcome.SMALLTALK, fact)
    assert reply.explanation is not None
    assert "Small talk matched at ≥ 95" in explain(said, reply.explanation, Lang.EN)
    never = CFG.model_copy(update={"smalltalk_threshold": 101.0})
    assert decide(live, result, Lang.EN, never).outcome is Outcome.FALLBACK


def test_small_talk_matched_whole_is_not_settled_away_by_a_close_fact(live: Live) -> None:
    """ "What is this bot?" can score close to "whats up bot" with more support from its
    examples; the greeting matched whole is still what is answered. (Built by hand: the
    matcher's own figures for "whats up bot" moved out of a close call as its rules grew.)"""
    greeting = Candidate("bot-how-are-you", 100.0, "What's up?", 1.185)
    close = Candidate("bot-help", 100.0 - CFG.margin / 2, "What is this bot?", 1.641)
    assert close.support - greeting.support > CFG.support_margin
    asked = matched(greeting, close, words=3)  # "whats up bot": close enough to ask
    assert verdict(asked, CFG) != "fallback"
    reply = decide(live, asked, Lang.EN, CFG)
    assert (reply.outcome, reply.fact_id) == (Outcome.SMALLTALK, "bot-how-are-you")
    said = live.matcher.match("whats up bot")
    assert decide(live, said, Lang.EN, CFG).fact_id == "bot-how-are-you"


def test_small_talk_with_an_out_of_scope_example_as_close_is_no_greeting(live: Live) -> None:
    greeting = Candidate("bot-greeting", 100.0, "Hey there", 0.0)
    oos = Candidate("bot-out-of-scope", 100.0 - CFG.margin, "who directed titanic?", 1.0)
    assert decide(live, matched(greeting, oos), Lang.EN, CFG).outcome is Outcome.FALLBACK
    assert decide(live, matched(greeting), Lang.EN, CFG).outcome is Outcome.SMALLTALK


def test_out_of_scope_in_a_close_call_is_never_settled(live: Live) -> None:
    """The out-of-scope examples are a catch-all: outscoring them by support proves nothing."""
    oos = Candidate("bot-out-of-scope", TOP, "who directed titanic?", 1.0)
    director = Candidate("film-director", TOP - 1, "who directed the film?", 1.9)
    assert decide(live, matched(oos, director), Lang.EN, CFG).outcome is Outcome.FALLBACK


@pytest.mark.parametrize("lang", [Lang.EN, Lang.RU])
def test_why_says_an_out_of_scope_example_decided_whatever_the_confidence(
    live: Live, lang: Lang
) -> None:
    """A catch-all match is sure of itself: /why says it was out of scope, lest a confidence
    of 0.9 on an "I don't know" read as a bug."""
    titanic = live.matcher.match("who directed titanic?")
    reply = decide(live, titanic, lang, CFG)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.explanation is not None
    assert reply.explanation.out_of_scope
    assert ("Вне темы" if lang is Lang.RU else "Out of scope") in explain(
        "?", reply.explanation, lang
    )
    answered = decide(live, live.matcher.match("who directed the film?"), lang, CFG)
    assert answered.explanation is not None
    assert not answered.explanation.out_of_scope
    assert "Out of scope" not in explain("?", answered.explanation, Lang.EN)


def test_a_close_call_with_an_out_of_scope_example_falls_back_rather_than_asks(
    live: Live,
) -> None:
    """ "What time is it where you are?" scores a landing time and a catch-all example alike:
    asking "did you mean the landing time?" of a question the bot cannot answer is no help."""
    runtime = Candidate("film-runtime", TOP, "how long is the film?", 1.0)
    oos = Candidate("bot-out-of-scope", TOP - 1, "what time is it in Moscow?", 1.0)
    assert verdict(matched(runtime, oos), EXACT) == "clarify"
    reply = decide(live, matched(runtime, oos), Lang.EN, EXACT)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.explanation is not None
    assert reply.explanation.out_of_scope


def test_support_sums_a_fact_s_two_best_examples(live: Live) -> None:
    """Asked the way two of its examples ask, a fact's support is above what one example
    gives (1 at most), and that settles a close call its best example alone cannot."""
    result = live.matcher.match("bro whats the russian space movie even about")
    first, second = result.candidates[:2]
    assert first.score - second.score < CFG.margin  # a close call by the scores
    assert first.support > 1.0  # two examples' worth: one matches 1 at most
    assert first.support - second.support >= CFG.support_margin
    reply = decide(live, result, Lang.EN, CFG)
    assert (reply.outcome, reply.fact_id) == (Outcome.ANSWER, "film-plot")


@pytest.mark.parametrize(
    ("asked", "lang", "fact"),
    [
        ("кто командовал станцией, когда прибыла съёмочная группа?", Lang.RU,
         "crew-iss-commander"),
        ("когда съёмочная группа прибыла на станцию?", Lang.RU, "docking-time"),
        ("when did the film crew arrive at the ISS?", Lang.EN, "docking-time"),
    ],
)  # fmt: skip
def test_the_first_question_word_says_what_kind_of_answer_is_wanted(
    live: Live, asked: str, lang: Lang, fact: str
) -> None:
    """ "Who commanded the station when the crew arrived?" shares most of its words with "When
    did the crew arrive at the station?", but asks who, not when."""
    reply = decide(live, live.matcher.match(asked), lang, CFG)
    assert (reply.outcome, reply.fact_id) == (Outcome.ANSWER, fact)


def test_the_second_half_of_an_either_or_question_belongs_to_it(live: Live) -> None:
    """The words "or just part" tell how much of it was shot up there from what the film is:
    the two facts score close, and the examples of how much settle it."""
    said = "was the whole film shot on the ISS, or just part of it?"
    reply = decide(live, live.matcher.match(said), Lang.EN, CFG)
    assert (reply.outcome, reply.fact_id) == (Outcome.ANSWER, "film-space-scenes")


def test_asked_who_a_close_call_is_never_answered_with_when(live: Live) -> None:
    """Too unsure to settle, the longer wording falls back: never the arrival's time."""
    asked = "кто командовал станцией в тот момент, когда прибыла съёмочная группа?"
    reply = decide(live, live.matcher.match(asked), Lang.RU, CFG)
    assert reply.fact_id != "docking-time"


# -- a fallback that offers its best guess ---------------------------------------------------


def offering(sure: float) -> MatcherSettings:
    """Unsure enough to fall back, and offering a fact from `sure` on."""
    return CFG.model_copy(
        update={"answer_confidence": 1.0, "clarify_confidence": 1.0, "suggest_confidence": sure}
    )


@pytest.mark.parametrize(("above", "offered"), [(0.0, True), (1e-9, False)])
def test_a_fallback_the_model_half_believes_offers_its_best_fact(
    live: Live, above: float, offered: bool
) -> None:
    """Rasa's two-stage fallback: at `suggest_confidence` the fallback still asks "is this what
    you wanted to know?" with the best fact one tap away; a hair below it offers nothing. It
    stays a fallback either way: nothing is asserted."""
    runtime = Candidate("film-runtime", CFG.suggest_threshold, "how long is the film?", 1.0)
    cfg = offering(confidence(matched(runtime), CFG) + above)
    reply = decide(live, matched(runtime), Lang.EN, cfg)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.fact_id is None
    if offered:
        assert [o.fact_id for o in reply.options] == ["film-runtime"]
        assert reply.options[0].label == live.factset.fact("film-runtime").title(Lang.EN)
        assert reply.text == phrases.say("suggest", Lang.EN)
    else:
        assert reply.options == ()
        assert reply.text == phrases.say("fallback", Lang.EN)


@pytest.mark.parametrize(
    "candidates",
    [
        # under `suggest_threshold`, however sure the model is
        (Candidate("film-runtime", CFG.suggest_threshold - 0.1, "how long is the film?", 1.0),),
        # small talk is no answer to offer
        (Candidate("bot-greeting", 60.0, "hi", 0.0),),
        # the catch-all best, or as close as the fact: the question reads as out of scope
        (Candidate("bot-out-of-scope", 60.0, "who directed titanic?", 1.0),),
        (
            Candidate("film-director", 60.0, "who directed the film?", 1.0),
            Candidate("bot-out-of-scope", 60.0 - CFG.margin, "who directed titanic?", 1.0),
        ),
    ],
)
def test_a_fallback_offers_nothing_that_is_not_a_fact_it_half_believes(
    live: Live, candidates: tuple[Candidate, ...]
) -> None:
    reply = decide(live, matched(*candidates), Lang.EN, offering(0.0))
    assert reply.outcome is Outcome.FALLBACK
    assert reply.options == ()


@pytest.mark.parametrize(
    ("asked", "lang", "fact"),
    [
        ("Which three people flew up together on Soyuz MS-19?", Lang.EN, "crew-overview"),
        ("Расскажи в двух словах про киношку, которую на МКС снимали", Lang.RU, "film-overview"),
    ],
)  # fmt: skip
def test_a_paraphrase_the_bot_does_not_answer_is_offered_in_its_language(
    live: Live, asked: str, lang: Lang, fact: str
) -> None:
    """With config/settings.toml's offer thresholds, a wording the bot does not answer (here:
    never answers) is one tap from its answer, offered in the question's language."""
    never = CFG.model_copy(update={"answer_confidence": 1.0, "clarify_confidence": 1.0})
    reply = decide(live, live.matcher.match(asked), lang, never)
    assert reply.outcome is Outcome.FALLBACK
    assert [o.fact_id for o in reply.options] == [fact]
    assert reply.text == phrases.say("suggest", lang)


@pytest.mark.parametrize(
    ("question", "names", "lang"),
    [
        ("how much did Barbie make at the box office?", ("Barbie",), Lang.EN),
        ("How much did Oppenheimer make?", ("Oppenheimer",), Lang.EN),
        ("who wrote the script for Ad Astra?", ("Ad", "Astra"), Lang.EN),
        ("а сколько собрал Чебурашка?", ("Чебурашка",), Lang.RU),
        # Known, but only from out-of-scope examples: no fact of the bot's is about Avatar.
        ("how much did Avatar 2 make at the box office", ("Avatar",), Lang.EN),
        # A title in quotes after "film" or "show" names a work, lower case or a word some fact
        # uses ("брат", of Bezos's brother) though it be.
        ("кто сыграл главную роль в фильме «Брат»", ("Брат",), Lang.RU),
        ("кто сыграл главную роль в фильме «брат»", ("брат",), Lang.RU),
        ("кто снимался в фильме «брат» и в сериале «брат»", ("брат",), Lang.RU),  # named once
        ('who is in the cast of the show "Friends"?', ("Friends",), Lang.EN),
        # A word no fact knows after "movie" or "фильм" names a work, typed in lower case.
        ("who directed the movie inception?", ("inception",), Lang.EN),
        ("how long is the movie titanic", ("titanic",), Lang.EN),
        ("кто снял фильм интерстеллар", ("интерстеллар",), Lang.RU),
        # A capitalised title after what a work has, though the facts use its words.
        ("who is in the cast of Friends", ("Friends",), Lang.EN),
        ("is there a sequel to Gravity planned", ("Gravity",), Lang.EN),
        ("who plays the lead in The Expanse", ("The Expanse",), Lang.EN),
        ("кто снимался в Т-34", ("Т-34",), Lang.RU),
    ],
)
def test_a_question_about_a_name_no_fact_knows_falls_back_and_offers_nothing(
    live: Live, question: str, names: tuple[str, ...], lang: Lang
) -> None:
    """ "How much did Barbie make?" shares every word but one with the film's takings, and that
    one says what it asks about: the honest reply is the fallback, with no "did you mean
    the film's takings?", and /why names the name."""
    result = live.matcher.match(question)
    assert result.unknown_names == names
    reply = decide(live, result, lang, CFG)
    assert reply.outcome is Outcome.FALLBACK
    assert reply.options == ()
    assert reply.explanation is not None
    assert reply.explanation.unknown_names == names
    assert names[0] in explain(question, reply.explanation, lang).splitlines()[-1]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Where it was read or seen, not what is asked about.
        ("I read on Reddit that the docking was done manually, why?", "docking-manual"),
        ("Watched it on Kinopoisk yesterday — who directed it?", "film-director"),
        ("видел на Кинопоиске, сколько собрал фильм?", "film-box-office"),
        # Beside a name the facts know.
        ("how old was Peresild, my friend Dave asks", "crew-ages"),
        # A sentence's first word, capitalised as every first word is.
        ("wow. Amazing film! who directed it?", "film-director"),
        # Typed In Title Case: capitals say nothing.
        ("Who Is The Director Of This Amazing Film?", "film-director"),
        ("How Much Did This Awesome Film Make At The Box Office?", "film-box-office"),
        # The film's own title in quotes, even mistyped, and a quote that is no title.
        ("кто сыграл главную роль в фильме «Вызов»", "film-heroine"),
        ("кто снял фильм «Вызав»?", "film-director"),
        ("правда, что «Союз МС-19» стыковали вручную? почему?", "docking-manual"),
        ("премьера прошла в кинотеатре «Октябрь»?", "film-premiere"),  # a cinema, no work
        # After what a work has, our film's name, or capitals that say nothing.
        ("who is in the cast of The Challenge", "film-cast"),
        ("Who Is In The Cast Of The Film?", "film-cast"),
        # Chat's short words after "movie" or "фильм" name nothing, nor a word before it.
        ("это документалка или худ фильм?", "film-genre"),
        ("how long is this amazingly long movie", "film-runtime"),
        ("as a film nerd: how many hours of material did they shoot up there?", "film-footage"),
        ("bruh what happened with the whole hollywood vs russia space movie beef", "race-overview"),
    ],
)
def test_a_name_the_bot_does_not_know_that_is_not_what_is_asked_about_is_answered_past(
    live: Live, question: str, expected: str
) -> None:
    result = live.matcher.match(question)
    assert result.unknown_names == ()
    assert decide(live, result, Lang.EN, CFG).fact_id == expected


def test_thanks_to_someone_the_bot_does_not_know_is_still_thanks(live: Live) -> None:
    assert decide(live, live.matcher.match("thanks Dave!"), Lang.EN, CFG).outcome is (
        Outcome.SMALLTALK
    )
