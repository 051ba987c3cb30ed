"""The NLU's intents as the case sees them: which state a problem, which are side turns."""

from __future__ import annotations

from typing import Optional

from bot import followups, named_numbers
from bot.language import fold
from bot.nonsense import is_nonsense
from bot.understanding.words import GREETING_WORDS, HELP_WORDS, RESTART_WORDS, emergency_now

PROBLEM_INTENTS = {
    "problem_medical_necessity": "medical_necessity",
    "problem_experimental": "experimental",
    "problem_emergency_payment": "emergency_payment",
    "problem_other": "other",
}
# Intents answered on the side by a rule; an open question is asked again afterwards.
SIDE_INTENTS = {
    "ask_imr_what",
    "ask_imr_cost",
    "ask_imr_who",
    "human_handoff",
    "medical_emergency",
    "bot_challenge",
    "greet",
    "thank",
    "goodbye",
    "restart",
    "delete_conversation",
    "inform_date",
    "switch_language",
    "ask_followup",
    "ask_steps",
    "ask_summary",
    "ask_dates",
    "ask_question",
}
YES_NO = {"affirm": "requested", "deny": "not_requested"}
# Follow-up topics that are facts of the case or need the route: said at a question, they are part
# of the answer (the referral uses them), not a side question.
CASE_TOPICS = ("urgent", "deadline", "plan_never_answered")
# Side intents that a first message stating its problem is often taken for ("DOB 04/12/1968, Blue
# Shield denied...", "they are discharging my dad, how do I stop it?"): read for the problem when none
# is known yet.
TELLING_INTENTS = ("inform_date", "ask_followup")


def side_intent(intent: Optional[str], text: str) -> bool:
    """Whether a message is a side turn that leaves the open question as it was."""
    if intent == "greet":  # a button or the widget's opening "/greet" is always one
        return (text or "").startswith("/") or bool(GREETING_WORDS.search(fold(text or "")))
    if intent == "medical_emergency" and is_nonsense(text) and not emergency_now(text):
        return False  # nonsense the NLU read as an emergency is an unclear answer (actions.answers.ActionEmergency)
    return intent in SIDE_INTENTS


def asks_to_start_over(text: str) -> bool:
    """Whether a message read as "restart" really asks to forget the case: the "/restart" payload (a
    button, the SMS keyword, typed by hand) or the words of `restart` in any language."""
    text = (text or "").strip()
    return text.startswith("/restart") or bool(RESTART_WORDS.search(fold(text)))


def asks_for_help(text: str) -> bool:
    """Whether a message asks for help ("help", "i need help", "ayuda"): at an open question, the
    question explained; never the whole greeting again."""
    return not (text or "").startswith("/") and bool(HELP_WORDS.search(fold(text or "")))


def asks_aside(text: str) -> bool:
    """Whether a message is a question about the process ("what's a TTY?", "what's the ombudsman
    number") that is answered on the side while a question is open; not a fact of the case."""
    if named_numbers.asked(text):
        return True
    return followups.topic(text) not in (None,) + CASE_TOPICS and followups.is_question(text)
