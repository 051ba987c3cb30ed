"""faq.yml: what the IMR is and costs, what to do in an emergency, who can tell you your coverage."""

from __future__ import annotations

from typing import Any, Dict

from bot.knowledge.reader import _Reader

IMR_QUESTIONS = ("what", "cost", "effect", "who", "when")


def faq(r: _Reader) -> Dict[str, Any]:
    answers = {
        "imr": {k: r.text(r.get(r.data, "imr", "", dict), k, "imr") for k in IMR_QUESTIONS},
        "emergency": r.text(r.get(r.data, "emergency", "", dict), "text", "emergency"),
        "coverage_help": r.text(r.get(r.data, "coverage_help", "", dict), "text", "coverage_help"),
    }
    for section in ("imr", "emergency", "coverage_help"):
        r.facts(r.data[section], section)
    return answers
