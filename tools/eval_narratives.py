"""The narrative evaluation set (issue 14): people's own stories, sent as a first message through REST.

Each story in tests/narratives/{en,es}.yml is sent as it is. Then the bot is answered the way the
labelled person would: "yes" to a problem said back for confirmation, the labelled coverage
(`coverage_if_asked`) to the coverage question, `fair_hearing_if_asked` (else "no") to the State
Fair Hearing question, "not sure" to anything else it asks. The first referral card decides: its problem kind (`problem`, or
`problem_detail` when the problem is "other") and its destination (`agency`) are compared with the
labels. Reports per language under reports/eval/: accuracy, recall per kind, the confusion matrix
by problem kind, the turns it took and every miss. The set is never used for training.

Also checks every conversation (narratives and the scripted sets) for loops: no question may be
asked more than twice (`max_same_question`).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot.messages import say
from tools.chat import Chat, Webhook
from tools.servers import ROOT

# NARRATIVES_DIR points elsewhere while the set is being written (another worktree).
NARRATIVES = Path(os.environ.get("NARRATIVES_DIR", ROOT / "tests" / "narratives"))
# The held-out sets (tests/narratives/heldout_*.yml) are never used to tune cues or training data.
SETS = {
    "narratives": "en.yml",
    "narratives_es": "es.yml",
    "narratives_heldout": "heldout_en.yml",
    "narratives_heldout_es": "heldout_es.yml",
    # A third set, written in session 7 by someone who never saw the cues, the training data or the
    # other sets (tests/narratives/README.md): the closest to the judges' real accounts.
    "narratives_heldout2": "heldout2_en.yml",
    "narratives_heldout2_es": "heldout2_es.yml",
    # Written in session 8 by someone who never saw the cues, the training data or the other sets, to
    # choose how the kind classifier and the cue words work together (so no longer held out).
    "narratives_dev3": "dev3_en.yml",
    "narratives_dev3_es": "dev3_es.yml",
    # Session 9: 120 more Spanish stories by someone who never saw the cues, the training data or the
    # other sets, modelled on comments under Spanish-language news; measured once blind, then used.
    "narratives_dev4_es": "dev4_es.yml",
    # Session 9: 50 English and 70 Spanish, news retellings in the third person and very long posts.
    "narratives_dev5": "dev5_en.yml",
    "narratives_dev5_es": "dev5_es.yml",
    # Session 10: 60 English and 80 Spanish, text messages, community-group posts, reviews and
    # relatives' accounts, with refusals told without "denied"; measured once blind, then used.
    "narratives_dev6": "dev6_en.yml",
    "narratives_dev6_es": "dev6_es.yml",
    # Session 10: 40 English and 100 Spanish, voice-typed, WhatsApp, advocates' and long stories.
    "narratives_dev7": "dev7_en.yml",
    "narratives_dev7_es": "dev7_es.yml",
    # Session 11: 60 English and 60 Spanish in the judges' styles: forum posts, advice-column letters,
    # advocates' case stories, news quotes; measured once blind, then used.
    "narratives_dev8": "dev8_en.yml",
    "narratives_dev8_es": "dev8_es.yml",
    # Session 11: 90 Spanish, news quotes, readers' comments, advice columns and case stories.
    "narratives_dev9_es": "dev9_es.yml",
    # Session 12: 90 English in the judges' styles (forum, advice column, advocates' cases, news); measured
    # once blind, then used.
    "narratives_dev10": "dev10_en.yml",
    # Session 12: 70 Spanish, news quotes, readers' comments, advice columns, promotoras' cases; blind, then used.
    "narratives_dev11_es": "dev11_es.yml",
    # Session 13: 90 English (forum, advice column, advocates' cases, news, SMS run-ons, relatives) and 70
    # Spanish (readers' comments, phone run-ons, promotoras' cases, news, relatives, complaints); blind, then used.
    "narratives_dev12": "dev12_en.yml",
    "narratives_dev13_es": "dev13_es.yml",
    # Session 14: 80 Spanish (voice notes, public comments at hearings, GoFundMe pages, WhatsApp, radio
    # call-ins, relatives, complaint forms) and 80 English (reviews, GoFundMe, public comments, voice-to-text,
    # caregivers' groups, emails to a legislator, older adults); blind, then used.
    "narratives_dev14_es": "dev14_es.yml",
    "narratives_dev15": "dev15_en.yml",
}
REPORTS = ROOT / "reports" / "eval"
MAX_TURNS = 8
HEARING_ANSWERS = {"requested": "/affirm", "not_requested": "/deny", "unsure": "/dont_know"}
QUESTION_LIMIT = 2


def kind_of(problem: Optional[str], detail: Optional[str]) -> Optional[str]:
    """One label per problem kind: the denial kind, or the kind of 'other' (plain service: plan_service)."""
    if problem == "other":
        return detail or "plan_service"
    return problem


def _answer(reply: List[Dict[str, Any]], story: Dict[str, Any], language: str) -> Optional[str]:
    """What the labelled person answers to the bot's last turn (None: nothing to answer)."""
    payloads = [b["payload"] for m in reply for b in m.get("buttons", [])]
    titles = [b["title"] for m in reply for b in m.get("buttons", [])]
    if say(language, "confirm_no") in titles:
        return "/affirm"
    if any(p.startswith("/inform_coverage") for p in payloads) and not any(
        '"coverage_type": "employer_self_funded"' in p for p in payloads
    ):
        coverage = story.get("coverage_if_asked") or story.get("coverage") or "unknown"
        return "/inform_coverage" + json.dumps({"coverage_type": coverage})
    if any(p.startswith("/inform_coverage") for p in payloads):  # which other coverage
        return "/inform_coverage" + json.dumps({"coverage_type": "other"})
    if "/affirm" in payloads and "/deny" in payloads:  # the State Fair Hearing (labelled, else not asked for)
        return HEARING_ANSWERS[story.get("fair_hearing_if_asked") or "not_requested"]
    if payloads:
        return "/dont_know"
    return None


def max_same_question(chat: Chat) -> int:
    """How many times the same question (a reply with buttons, by its text) was asked."""
    asked = Counter(chat.text(i) for i, reply in enumerate(chat.replies) if any(m.get("buttons") for m in reply))
    return max(asked.values(), default=0)


def run_story(webhook: Webhook, story: Dict[str, Any], language: str) -> Dict[str, Any]:
    chat = Chat(webhook)
    reply = chat.say(story["text"].strip())
    card, confirmed = chat.card(), False
    while card is None and len(chat.replies) < MAX_TURNS:
        answer = _answer(reply, story, language)
        if answer is None:
            break
        confirmed = confirmed or answer == "/affirm"
        reply = chat.say(answer)
        card = chat.card()
        if card is None and chat.text() == chat.text(-2):
            break  # the bot did not understand the story: a person would now say it again in other words
    expected_kind = kind_of(story["problem"], story.get("problem_detail"))
    got_kind = kind_of(card.get("problem"), card.get("problem_detail")) if card else None
    result = {
        "id": story["id"],
        "expected_kind": expected_kind,
        "got_kind": got_kind,
        "expected_destination": story.get("destination"),
        "got_destination": card.get("agency") if card else None,
        "turns": len(chat.replies),
        "confirmed": confirmed,
        "max_same_question": max_same_question(chat),
    }
    result["kind_ok"] = got_kind == expected_kind
    result["destination_ok"] = (
        None if story.get("destination") is None else result["got_destination"] == story["destination"]
    )
    if not (result["kind_ok"] and result["destination_ok"] is not False):
        result["text"] = story["text"].strip()
        result["last_reply"] = chat.text()
    return result


def score(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    labelled = [r for r in results if r["destination_ok"] is not None]
    by_kind: Dict[str, List[bool]] = defaultdict(list)
    confusion: Dict[str, Counter] = defaultdict(Counter)
    for r in results:
        by_kind[r["expected_kind"]].append(r["kind_ok"])
        confusion[r["expected_kind"]][r["got_kind"] or "no_referral"] += 1
    turns = Counter(r["turns"] for r in results)
    return {
        "stories": len(results),
        "problem_kind_accuracy": round(sum(r["kind_ok"] for r in results) / len(results), 3),
        "destination_accuracy": round(sum(r["destination_ok"] for r in labelled) / len(labelled), 3)
        if labelled
        else None,
        "recall_by_kind": {
            k: {"recall": round(sum(v) / len(v), 3), "support": len(v)} for k, v in sorted(by_kind.items())
        },
        "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
        "turns": dict(sorted(turns.items())),
        "confirmed": sum(r["confirmed"] for r in results),
        "max_same_question": max(r["max_same_question"] for r in results),
        "question_limit_ok": float(all(r["max_same_question"] <= QUESTION_LIMIT for r in results)),
    }


def confusion_table(confusion: Dict[str, Dict[str, int]]) -> str:
    """The confusion matrix as a Markdown table: rows are the labels, columns what the bot said."""
    columns = sorted({c for row in confusion.values() for c in row} | set(confusion))
    lines = ["| label \\ got | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for label, row in confusion.items():
        lines.append(f"| {label} | " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def evaluate(
    webhook: Webhook,
    pool: Optional[ThreadPoolExecutor] = None,
    reports: Path = REPORTS,
    names: Optional[List[str]] = None,
) -> Dict[str, Dict[str, Any]]:
    """Every narrative set that exists (or those named), against a running bot; reports under reports/eval/."""
    reports.mkdir(parents=True, exist_ok=True)
    own_pool = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=4)
    scores = {}
    try:
        for name, filename in SETS.items():
            path = NARRATIVES / filename
            if names and name not in names:
                continue
            if not path.exists():
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            language = data.get("language", "en")
            stories = data["narratives"]
            results = list(pool.map(lambda s: run_story(webhook, s, language), stories))
            scores[name] = score(results)
            (reports / f"{name}.json").write_text(
                json.dumps({**scores[name], "results": results}, indent=2, ensure_ascii=False)
            )
            (reports / f"{name}_confusion.md").write_text(confusion_table(scores[name]["confusion"]))
    finally:
        if own_pool:
            pool.shutdown()
    return scores


def report(summary: Dict[str, Any], names: Optional[List[str]] = None) -> None:
    for name in names or SETS:
        if name not in summary:
            print(f"{name}: no set at {NARRATIVES / SETS[name]}")
            continue
        s = summary[name]
        print(
            f"{name}: {s['stories']} stories, problem kind {s['problem_kind_accuracy']:.3f}, destination "
            f"{s['destination_accuracy']}, confirmed {s['confirmed']}, most times one question was asked {s['max_same_question']}"
        )
        for kind, r in s["recall_by_kind"].items():
            print(f"  {kind:24s} recall {r['recall']:.3f} ({r['support']})")


if __name__ == "__main__":  # python -m tools.eval_narratives [set names]: the model loaded here
    import sys

    from tools.local_bot import LocalBot

    wanted = sys.argv[1:] or None  # e.g. `narratives narratives_es`: the development sets only
    unknown = [name for name in wanted or () if name not in SETS]
    if unknown:
        sys.exit(f"unknown narrative sets {unknown}; known: {list(SETS)}")
    with LocalBot() as bot:
        found = evaluate(bot.say, names=wanted)
    report(found, wanted)
