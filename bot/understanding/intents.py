"""The NLU's intents as the case sees them: which state a problem, which are side turns."""

from __future__ import annotations

from typing import Optional

from bot.language import fold
from bot.nonsense import is_nonsense
from bot.understanding.words import GREETING_WORDS, emergency_now

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
