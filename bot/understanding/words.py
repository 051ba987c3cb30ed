"""The word patterns, in every language (bot/knowledge_data/words/<language>.yml `patterns`), that say
what kind of answer a message is: not sure, a question about the question, a yes or a no, a negated
plan word, an emergency happening now."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from bot.knowledge import words
from bot.knowledge.words import joined, pieces
from bot.language import fold

# The words people write, in every language (bot/knowledge_data/words/<language>.yml `patterns`).
_WORDS = tuple(words.default().values())


def _pattern(key: str) -> "re.Pattern[str]":
    return re.compile(rf"\b({pieces(key, _WORDS)})\b")


# What a greeting looks like: the greet intent during a question counts as a side turn only with one
# of these words, so a message the NLU wrongly calls a greeting ("purple elephants") is an unclear
# answer, counted like any other, and the question is not asked again and again.
GREETING_WORDS = _pattern("greeting")

# Asking to start over: with the "/restart" payload, the only way a message forgets the case. The NLU's
# restart intent alone is not enough ("what's the number again?" was read as one, probe P21).
RESTART_WORDS = _pattern("restart")

# Anger with nothing else said ("this is useless", "no sirves para nada"): met with kind words first.
FRUSTRATION_WORDS = _pattern("frustration")


# Asking for the letter or the form ("write my appeal letter", "llene la forma").
LETTER_WORDS = _pattern("letter_request")


# The plan's letter named in a message ("the letter is dated Nov 3").
LETTER_NAMED = _pattern("letter_named")
DUE_DATE = _pattern("due_date")
# Asking to look up a claim or an account ("can you look up my claim?", "¿me puede buscar mi reclamo?").
LOOKUP_WORDS = _pattern("lookup_request")
# The words around a plan's name in a short answer ("it's just Sharp", "es Sharp creo").
FILLER_WORDS = re.compile(rf"({pieces('answer_filler', _WORDS)})")


def asks_lookup(text: str) -> bool:
    return bool(LOOKUP_WORDS.search(fold(text or "")))


def filler(word: str) -> bool:
    return bool(FILLER_WORDS.fullmatch(word))


def asks_for_letter(text: str) -> bool:
    return bool(LETTER_WORDS.search(fold(text or "")))


def frustrated(text: str) -> bool:
    return bool(FRUSTRATION_WORDS.search(fold(text or "")))


# Asking for help while a question is open ("help", "ayuda", "I'm confused"): the question explained,
# not the greeting again (probe P12).
HELP_WORDS = _pattern("help")

# "I really don't know, my daughter set it up" can be classified as a problem with high confidence
# (it talks about family, like many problem stories). While another question is open, a message
# that says it does not know is taken as "not sure", never as a new problem.
UNSURE_WORDS = _pattern("unsure")
# At the reason question, "they didn't say why" is a "not sure" too (probe P54).
NO_REASON_WORDS = _pattern("no_reason_given")

# A question about the question ("what is a State Fair Hearing?", "¿qué es un HMO?", "is Medi-Cal
# the same as Medicare?") is not an answer: the question is explained and asked again, and the
# words in it ("HMO", "Medicare") fill nothing.
TERM_QUESTION = _pattern("term_question")
# ... asked as a question: with a question mark, or opening the message ("que es eso"); "dicen que
# es self-funded" is an answer. A message that opens with yes or no answers first ("no, what's that?").
QUESTION_OPENING = re.compile(
    rf"^\W*(({pieces('question_fillers', _WORDS)}) )?({pieces('question_opening', _WORDS)})\b"
)
ANSWER_OPENING = re.compile(rf"^\W*({pieces('no', _WORDS)}|{pieces('yes', _WORDS)})\b")
NO_WORDS = joined("no", _WORDS)
# "It's not an HMO", "no es Medi-Cal", "not Anthem or Blue Shield", "I'm not on Medicare yet", "no es
# de Anthem ni de Blue Shield": a negated plan or coverage word (or one listed after the negated one)
# says nothing about the coverage. Up to two small words ("articles": an, on, de...) may come between.
_LINKS = rf"(({pieces('articles', _WORDS)})\s+){{0,2}}"
NEGATION_BEFORE = re.compile(
    rf"\b({pieces('negation', _WORDS)})\s+{_LINKS}"
    rf"(([\w'-]+\s+){{1,3}}({pieces('or_words', _WORDS)})\s+{_LINKS})?$"
)
# A question about the IMR's cost is about the IMR; "I can't afford my share of the drug" is not.
IMR_WORDS = _pattern("imr")

# An emergency happening now, inside a message about the plan ("I'm having chest pain right now and
# my insurance denied the cardiologist"): the 911 advice comes first. Signs that are an emergency
# on their own, and signs that are one when said to be happening now. Past events ("I went to the
# ER for chest pain last month") are not matched.
EMERGENCY_SIGNS = _pattern("emergency")
URGENT_SIGNS = _pattern("urgent")
HAPPENING_NOW = _pattern("happening_now")
DANGER_WORDS = _pattern("danger")
CORRECTION = _pattern("correction")
HEARING_NOT_ASKED = _pattern("hearing_not_asked")
HEARING_ASKED = _pattern("hearing_asked")
MEDI_CAL_ANSWER = re.compile(rf"\W*({pieces('medi_cal_answer', _WORDS)})\W*")  # the whole message
ASKS = re.compile(rf"^\W*({pieces('asks', _WORDS)})\b")


def emergency_now(text: str) -> bool:
    """Whether a message says someone is in danger now (whatever else it says)."""
    folded = fold(text or "")
    return bool(EMERGENCY_SIGNS.search(folded) or (URGENT_SIGNS.search(folded) and HAPPENING_NOW.search(folded)))


def process_question(text: str) -> bool:
    """A question with no word of danger or of the body in it ("who do I call first?", "is that even
    allowed?"): about the process, whatever the NLU called it; never the 911 advice alone (probe s7)."""
    folded = fold(text or "")
    asks = "?" in folded or bool(ASKS.search(folded))
    # "eso es legal? era una emergencia": an emergency told in the past is the bill's, not danger (probe s13 12 es28)
    folded = PAST_EMERGENCY.sub(" ", folded)
    return asks and not emergency_now(text) and not DANGER_WORDS.search(folded)


PAST_EMERGENCY = re.compile(
    r"\b(era|fue|it was|was|it'?s been) (una |an |a real |un caso de )?(emergencia|emergency)\b"
)


# A sentence with its closing mark ("?" stays with its question).
STATEMENTS = re.compile(r"[^.!?\n]+[.!?]*")


def question_not_correction(text: str) -> bool:
    """A question that corrects nothing ("what about the $300 urgent care bill?", "¿Medi-Cal es para
    indocumentados?"): after the referral, it leaves the case as it was (probe s7)."""
    folded = fold(text or "")
    return ("?" in folded or bool(ASKS.search(folded))) and not CORRECTION.search(folded)


def hearing_said(text: str) -> Optional[str]:
    """A State Hearing said asked for ("requested") or not ("not_requested") in a statement ("sorry, I
    have NOT asked for a hearing"); None for a question that corrects nothing or a "not sure". Each
    sentence counts on its own: "ya pedi una audiencia estatal. puedo pedir la IMR tambien?" says it."""
    if not text or text.startswith("/"):
        return None
    for sentence in STATEMENTS.findall(text):
        folded = fold(sentence)
        asked = "?" in folded and not CORRECTION.search(folded)  # "tengo medi-cal y ..." is no question
        if asked or UNSURE_WORDS.search(folded):
            continue
        if HEARING_NOT_ASKED.search(folded):
            return "not_requested"
        if HEARING_ASKED.search(folded):
            return "requested"
    return None


def asks_about_the_question(folded: str) -> bool:
    if ANSWER_OPENING.search(folded) or not TERM_QUESTION.search(folded):
        return False
    return "?" in folded or bool(QUESTION_OPENING.search(folded))


# "not sure if", then at most four words, then the coverage word ("no sé si es HMO o PPO"); not "not sure
# if they'll pay for the surgery my doctor ordered, it's an HMO".
# A kind listed after the doubted one ("not sure if it's an HMO or a PPO") is in doubt too.
DOUBT_BEFORE = re.compile(
    rf"\b({pieces('doubt', _WORDS)})\b((\s+\S+){{0,4}}|(\s+\S+){{0,5}}\s+({pieces('or_words', _WORDS)})"
    rf"(\s+({pieces('articles', _WORDS)}))?)\s*$"
)


# "what if", then at most five words, then the plan or kind ("what if my plan is self funded?").
HYPOTHETICAL_BEFORE = re.compile(rf"\b({pieces('hypothetical', _WORDS)})\b(\s+\S+){{0,5}}\s*$")


def hypothetical(entity: Mapping[str, Any], text: str) -> bool:
    """Whether a plan or coverage word is only supposed ("what if my plan is self funded?", "¿y si es PPO?")."""
    start = entity.get("start")
    return isinstance(start, int) and bool(HYPOTHETICAL_BEFORE.search(fold(text[:start])))


def doubted(entity: Mapping[str, Any], text: str) -> bool:
    """Whether a coverage word comes just after "not sure if" ("no sé si es HMO o PPO", probe es03)."""
    start = entity.get("start")
    return isinstance(start, int) and bool(DOUBT_BEFORE.search(fold(text[:start])))


def negated(entity: Mapping[str, Any], text: str) -> bool:
    start = entity.get("start")
    return isinstance(start, int) and bool(NEGATION_BEFORE.search(fold(text[:start])))
