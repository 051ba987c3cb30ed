"""A second problem told after the referral: "also my Medi-Cal got cancelled last month", "another
thing, the hospital sent me a $9,000 bill", "otra cosa, ...". It is a new case, not a correction of
the first: the problem is read as if it were told first, the person's coverage is kept (only what the
new route needs is asked), and the first case is kept for the summary (`last_case["earlier"]`).

A correction ("actually", "sorry, I meant") and a question ("also, what about the bill?") keep their
own handling (actions/extract.py). The words are each language's `new_problem` list
(bot/knowledge_data/words/<language>.yml), looked for in the message's first few words.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional

from bot.knowledge import words
from bot.knowledge.words import pieces
from bot.language import fold
from bot.understanding.words import CORRECTION

_WORDS = tuple(words.default().values())
# "also ...", "and another thing: ...", "my Medi-Cal also got cancelled": within the first words.
LEAD_WORDS = 4
OPENING = re.compile(rf"^\W*([\w']+\W+){{0,{LEAD_WORDS}}}?({pieces('new_problem', _WORDS)})\b")
# The slots of the problem itself: a new problem starts them again. The coverage and the plan are
# the person's, and stay unless the new message names others.
PROBLEM_SLOTS = ("problem", "problem_detail", "problem_guess", "problem_confirmed", "fair_hearing", "attempts")
# ... and what belonged to the first problem's letter and questions.
CONTEXT_RESET = {
    "problem_words": None,
    "letter_words": None,
    "letter_date": None,
    "letter_deadline": None,
    "awaiting": None,
}
# What is kept of an earlier case: enough to route it again (bot.context.case) for the summary.
EARLIER_KEYS = ("coverage", "problem", "problem_detail", "coverage_detail", "fair_hearing", "plan")
MAX_EARLIER = 3


def announced(text: str) -> bool:
    """Whether a message says it brings another problem, and corrects nothing."""
    folded = fold(text or "")
    return not folded.startswith("/") and bool(OPENING.search(folded)) and not CORRECTION.search(folded)


def fresh(slots: Mapping[str, Any]) -> Dict[str, Any]:
    """The slots as they would be for a first message with the same coverage: no problem yet."""
    return {**slots, **{name: None for name in PROBLEM_SLOTS}, **CONTEXT_RESET}


def start(before: Mapping[str, Any], told: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The slot updates that start the new case, or None when the message told no problem after all
    (`told`: what it says, read against `fresh(before)`). `last_case` then holds only the earlier
    cases, so the next referral is announced as the new problem's, not as a correction."""
    if not told.get("problem"):
        return None
    earlier = earlier_cases(before.get("last_case"))
    if before.get("problem"):
        earlier.append({key: before.get(key) for key in EARLIER_KEYS})
    return {
        **{name: None for name in PROBLEM_SLOTS},
        **CONTEXT_RESET,
        **told,
        "last_case": {"earlier": earlier[-MAX_EARLIER:]},
    }


def earlier_cases(last_case: Any) -> List[Dict[str, Any]]:
    """The cases referred before the current one in this conversation (oldest first)."""
    found = (last_case or {}).get("earlier") if isinstance(last_case, Mapping) else None
    return [dict(case) for case in found or () if isinstance(case, Mapping)]


def pending(last_case: Any) -> bool:
    """Whether a new problem was told and has not had its referral yet."""
    return isinstance(last_case, Mapping) and bool(last_case.get("earlier")) and not last_case.get("problem")
