"""How easy the assistant's replies are to read, by route and language (`make eval`, issue 12).

Every reply text the assistant can send is scored as it is sent, numbers, agency names and web
addresses included (they count against the formulas; that is reported, not gamed):
- English: Flesch-Kincaid grade (textstat). Limit: grade 8 for every reply; aim: 6 on the referral.
- Spanish: Fernández-Huerta reading ease (textstat), 0-100, higher is easier. It is Flesch's
  reading ease recalibrated for Spanish, so Flesch's grade bands carry over: 60-70 is read at
  grades 8-9, 70-80 at grade 7, 80-90 at grade 6. Limit: 60 for every reply (the match of
  English grade 8); aim: 70 on the referral.
The limits live in tests/thresholds.yml (`readability`); replies past them are listed, and the
evaluation fails on them. Run alone: `python -m tools.eval_readability` (no model needed).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import textstat
import yaml

from bot import action_plan, replies
from bot.knowledge import Knowledge, default
from bot.language import LANGUAGES
from bot.routing import Case, route

THRESHOLDS = Path(__file__).resolve().parents[1] / "tests" / "thresholds.yml"
# The turn the aim applies to: the first answer, where to go.
REFERRAL = "referral"
URL = re.compile(r"https?://\S+")


def route_cases(kb: Knowledge) -> Iterator[Case]:
    """Every case the decision table routes: each row, problem, hearing answer and other-coverage kind."""
    for row in kb.routes:
        for problem in row.problems:
            for kind in kb.other_kinds if row.coverage == "other_coverage" else [None]:
                yield Case(row.coverage, problem, row.fair_hearing, kind)


def _route_name(case: Case) -> str:
    return "/".join(v for v in (case.coverage, case.problem, case.fair_hearing, case.coverage_detail) if v)


def reply_texts(kb: Knowledge) -> Iterator[Tuple[str, str, str]]:
    """(route, reply, text) for every reply in one language: each route's referral turn and what
    comes on request, then the replies that do not depend on the route."""
    letter = date.today() - timedelta(days=20)
    for case in route_cases(kb):
        ref = route(case, kb)
        plan = action_plan.build(ref, kb=kb)
        dated = action_plan.build(ref, letter, kb=kb)
        name = _route_name(case)
        yield name, REFERRAL, replies.referral(ref, kb)["text"]
        yield name, "more", replies.more(ref, kb)["text"]
        # Rasa's REST channel sends each paragraph of a long reply as its own message.
        for n, part in enumerate(replies.steps(ref, plan, kb)["text"].split("\n\n")):
            yield name, f"steps.{n}", part
        if dated.deadlines:
            yield name, "dates", replies.dates(dated, kb)["text"]
        yield name, "question", replies.ask_question(ref, kb)["text"]
        yield name, "after_referral", replies.after_referral(ref, kb)["text"]
    lang = kb.language
    general = {
        "greeting": replies.greeting(kb),
        "emergency": replies.emergency(kb),
        "not_understood": replies.not_understood(kb),
        "out_of_scope": replies.not_understood(kb, out_of_scope=True),
        "deleted": replies.deleted(kb),
        "service_trouble": replies.service_trouble(kb),
        "language_switched": replies.language_switched(kb),
        "acknowledged": replies.acknowledged(kb),
        "no_letter": replies.no_letter(kb),
        "request_before_case": replies.request_before_case(kb),
        "ask_letter_date": replies.ask_letter_date(date.today(), kb),
        **{f"imr_{topic}": replies.imr_answer(topic, kb) for topic in ("what", "cost", "who")},
        **{
            f"ask_{slot}": replies.ask(slot, {}, kb=kb, language=lang)
            for slot in ("problem", "coverage", "coverage_detail", "fair_hearing")
        },
    }
    for key, reply in general.items():
        yield "-", key, reply["text"]


@dataclass(frozen=True)
class Score:
    route: str
    reply: str
    language: str
    value: float
    over: bool
    text: str


def readable(text: str) -> str:
    """The text as it is read: each line of a list or heading is a sentence of its own, and a web
    address is one word (it is tapped, not read). Numbers and names stay as they are."""
    lines = [line.strip(" -") for line in URL.sub("link", text).split("\n") if line.strip(" -")]
    return " ".join(line if line[-1] in ".!?" else f"{line.rstrip(':')}." for line in lines)


def score(text: str, language: str) -> float:
    """English: Flesch-Kincaid grade (lower is easier). Spanish: Fernández-Huerta (higher is easier)."""
    textstat.set_lang(language)
    text = readable(text)
    return textstat.flesch_kincaid_grade(text) if language == "en" else textstat.fernandez_huerta(text)


def _over(value: float, language: str, limits: Dict[str, float]) -> bool:
    return value > limits["en_max_grade"] if language == "en" else value < limits["es_min_fernandez_huerta"]


def evaluate(limits: Optional[Dict[str, float]] = None) -> Tuple[Dict[str, Any], List[Score]]:
    """The summary (per language: worst, mean, referral mean and worst, replies over the limit) and
    every score."""
    limits = limits or yaml.safe_load(THRESHOLDS.read_text())["readability"]
    scores = [
        Score(r, k, lang, round(score(t, lang), 1), _over(score(t, lang), lang, limits), t)
        for lang in LANGUAGES
        for r, k, t in reply_texts(default(lang))
    ]
    summary: Dict[str, Any] = {}
    for lang in LANGUAGES:
        mine = [s for s in scores if s.language == lang]
        referral = [s.value for s in mine if s.reply == REFERRAL]
        worst = max if lang == "en" else min
        summary[lang] = {
            "measure": "flesch_kincaid_grade" if lang == "en" else "fernandez_huerta",
            "replies": len(mine),
            "mean": round(sum(s.value for s in mine) / len(mine), 1),
            "worst": worst(s.value for s in mine),
            "referral_mean": round(sum(referral) / len(referral), 1),
            "referral_worst": worst(referral),
            "over_limit": sum(s.over for s in mine),
        }
    return summary, scores


def check(summary: Dict[str, Any]) -> List[str]:
    """One line for each language with replies past its limit."""
    return [
        f"readability.{lang}: {s['over_limit']} replies past the limit"
        for lang, s in summary.items()
        if s["over_limit"]
    ]


def report(summary: Dict[str, Any], scores: List[Score]) -> str:
    limits = yaml.safe_load(THRESHOLDS.read_text())["readability"]
    lines = []
    for lang, s in summary.items():
        aim = limits["en_referral_aim"] if lang == "en" else limits["es_referral_aim"]
        lines.append(
            f"readability {lang} ({s['measure']}): {s['replies']} replies, mean {s['mean']}, worst {s['worst']}; "
            f"referral mean {s['referral_mean']}, worst {s['referral_worst']} (aim {aim}); {s['over_limit']} past the limit"
        )
    over = {}
    for s in scores:
        if s.over:
            over.setdefault((s.language, s.reply, s.text), []).append(s)
    for (lang, reply, text), same in sorted(over.items()):
        routes = ", ".join(sorted({s.route for s in same}))
        lines.append(f"  OVER {lang} {reply} = {same[0].value} [{routes}]: {text[:90]}")
    return "\n".join(lines)


def main() -> int:
    summary, scores = evaluate()
    print(report(summary, scores))
    return 1 if check(summary) else 0


if __name__ == "__main__":
    sys.exit(main())
