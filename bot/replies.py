"""What the assistant says: questions with buttons, referrals, answers. Channel-neutral dicts.

Wording is plain (grade 6-8) and short. Every fact in a reply (agency, number, deadline, rule) is
read from the knowledge data; this module only arranges it.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional

from bot.knowledge import Agency, Knowledge, default
from bot.routing import Referral, human_line
from bot.understanding import plan_entry

Reply = Dict[str, Any]


def _button(title: str, intent: str, **entities: str) -> Dict[str, str]:
    payload = f"/{intent}" + (json.dumps(entities) if entities else "")
    return {"title": title, "payload": payload}


def _coverage_buttons(kb: Knowledge, unsure_title: str = "I'm not sure") -> List[Dict[str, str]]:
    buttons = [_button(label, "inform_coverage", coverage_type=key) for key, label in kb.coverages.items() if key != "unknown"]
    return buttons + [_button(unsure_title, "dont_know")]


def _problem_buttons(kb: Knowledge) -> List[Dict[str, str]]:
    return [_button(p.label, f"problem_{key}") for key, p in kb.problems.items()]


def _call_line(agency: Agency) -> str:
    number = f"{agency.phone_words} ({agency.phone})" if agency.phone_words else agency.phone
    line = f"Call {agency.name} at {number}"
    if agency.tty:
        line += f" (TTY {agency.tty})"
    line += "."
    if agency.hours:
        line += f" Hours: {agency.hours.rstrip('.')}."
    return line


def ask(slot: str, slots: Mapping[str, Any], kb: Optional[Knowledge] = None, after_denial: bool = False) -> Reply:
    """The question for a form slot, reworded after a 'not sure' or an unclear answer.

    `after_denial`: the person just said the plan said no, so ask for the reason, not what happened.
    """
    kb = kb or default()
    attempts = slots.get("attempts") or {}
    retry = attempts.get("slot") == slot and attempts.get("count", 0) > 0
    unsure = retry and attempts.get("reason") == "unsure"
    sorry = "Sorry, I didn't catch that. " if retry and not unsure else ""

    if slot == "problem":
        text = "What happened with your health plan? Pick the closest one, or tell me in your own words."
        if after_denial:
            text = "I'm sorry. What reason did the plan give? Your denial letter usually says. Pick the closest one."
        if retry:
            text = (f"{sorry}That's OK. Your denial letter usually says why the plan said no. "
                    "If none of these fit, pick \"Something else\".")
        return {"text": text, "buttons": _problem_buttons(kb)}

    if slot == "coverage":
        pending = slots.get("coverage_pending")
        plan = plan_entry(slots.get("plan"), kb)
        if pending == "ppo_company" and not retry:
            return {"text": "Which company is your PPO from?", "buttons": [
                _button("Anthem Blue Cross or Blue Shield", "inform_coverage", coverage_type="anthem_or_blue_shield_ppo"),
                _button("Another company", "inform_coverage", coverage_type="other_ppo_or_insurance"),
                _button("I'm not sure", "dont_know")]}
        if pending == "hmo_or_ppo" and plan and not retry:
            return {"text": f"Is your {plan.name} plan an HMO or a PPO? Your member ID card often says.", "buttons": [
                _button("HMO", "inform_coverage", coverage_type="hmo"),
                _button("PPO", "inform_coverage", coverage_type=plan.ppo_coverage or "other_ppo_or_insurance"),
                _button("I'm not sure", "dont_know")]}
        if unsure:
            return {"text": f"{kb.faq['coverage_help']} Pick one, or \"Still not sure\".",
                    "buttons": _coverage_buttons(kb)[:-1] + [_button("Still not sure", "inform_coverage", coverage_type="unknown")]}
        named = f" your {plan.name} plan" if plan and pending == "plan_kind" else ""
        return {"text": f"{sorry}What kind of health coverage is{named or ' it'}?", "buttons": _coverage_buttons(kb)}

    if slot == "coverage_detail":
        return {"text": f"{sorry}Which kind of coverage is it?", "buttons": [
            _button(kind.label, "inform_coverage", coverage_type=key) for key, kind in kb.other_kinds.items()]}

    if slot == "fair_hearing":
        text = "Have you already asked for a State Fair Hearing about this problem?"
        if retry:
            text = (f"{sorry}A State Fair Hearing is a Medi-Cal hearing that you ask the state for. "
                    "Have you already asked for one about this problem?")
        return {"text": text, "buttons": [_button("Yes", "affirm"), _button("No", "deny"), _button("I'm not sure", "dont_know")]}

    raise ValueError(f"no question for slot {slot!r}")


def referral(ref: Referral, kb: Optional[Knowledge] = None) -> Reply:
    """The referral message: where to go, what to do first, deadlines, and the card payload."""
    kb = kb or default()
    agency = ref.agency
    parts: List[str] = []
    if agency.key == "HEALTH_PLAN":
        parts.append(f"Contact your health plan. {' '.join(agency.notes)}")
        for contact in ref.contacts:
            site = f" or go to {contact.website}" if contact.website else ""
            parts.append(f"You can also call {contact.name} at {contact.phone}{site}.")
    else:
        parts.append(" ".join([f"Where to go: {agency.short_name}.", _call_line(agency), *agency.notes]))
    parts.append(f"What to do first: {ref.first_step}")
    if ref.deadlines:
        parts.append("Deadlines: " + " ".join(ref.deadlines))
    if ref.imr:
        parts.append(f"{kb.faq['imr']['cost']} {kb.faq['imr']['effect']}")
    if agency.form:
        parts.append(f"The form: {agency.form}")
    elif agency.website:
        parts.append(f"More information: {agency.website}")
    if agency.key != "HEALTH_PLAN":
        for contact in ref.contacts:
            tty = f" (TTY {contact.tty})" if contact.tty else ""
            parts.append(f"Also: {contact.name}, {contact.phone}{tty}.")
    parts.extend(ref.extras)
    plan = plan_entry(ref.case.plan_name, kb)
    if plan and plan.coverage == ref.case.coverage and ref.case.coverage not in ("medicare", "medi_cal_managed_care"):
        # The coverage came from the plan's name alone (Kaiser -> HMO): say so, and how to correct it.
        parts.append(f"I went by the plan name {plan.name}. If it is a Medicare or Medi-Cal plan, tell me and I will change the answer.")
    return {"text": "\n\n".join(parts), "custom": ref.card()}


def imr_answer(topic: str, kb: Optional[Knowledge] = None) -> Reply:
    """Answers to 'what is an IMR', 'does it cost', 'who reviews it'."""
    imr = (kb or default()).faq["imr"]
    texts = {
        "what": f"{imr['what']} {imr['when']}",
        "cost": f"{imr['cost']} {imr['effect']}",
        "who": f"{imr['who']} {imr['effect']}",
    }
    return {"text": texts[topic]}


def handoff(coverage: Optional[str], problem: Optional[str], kb: Optional[Knowledge] = None) -> Reply:
    agency = human_line(coverage, problem, kb)
    return {"text": f"To talk to a person: {_call_line(agency)} {' '.join(agency.notes)}".strip()}


def emergency(kb: Optional[Knowledge] = None) -> Reply:
    kb = kb or default()
    return {"text": f"{kb.faq['emergency']} When you are safe, come back and I will help with your health plan."}


def not_understood(kb: Optional[Knowledge] = None, out_of_scope: bool = False) -> Reply:
    """For input outside a question: say what I can do, offer the options and a number to call."""
    kb = kb or default()
    dmhc = kb.agencies["DMHC"]
    opening = ("Sorry, I can only help with problems with a health plan in California."
               if out_of_scope else "Sorry, I didn't understand that.")
    text = (f"{opening} I can tell you where to go if your plan denied, changed or delayed care, or won't pay "
            f"for emergency care. What happened? You can also call {dmhc.short_name} at {dmhc.phone}.")
    return {"text": text, "buttons": _problem_buttons(kb)}


def greeting(kb: Optional[Knowledge] = None) -> Reply:
    return {"text": ("Hi! I help Californians when a health plan denies, changes or delays care, or won't pay "
                     "for emergency care. I'll ask a few short questions and tell you where to go. "
                     "Please don't share your name, member ID or other personal details.")}


def deleted(kb: Optional[Knowledge] = None) -> Reply:
    dmhc = (kb or default()).agencies["DMHC"]
    return {"text": ("I deleted our conversation. Nothing you told me is kept. If you still need help, "
                     f"say hi to start again, or call {dmhc.short_name} at {dmhc.phone}.")}


def service_trouble(kb: Optional[Knowledge] = None) -> Reply:
    """When something inside the assistant fails: still a number to call, and the 911 advice."""
    kb = kb or default()
    dmhc = kb.agencies["DMHC"]
    return {"text": (f"Sorry, I'm having trouble right now. Please call {dmhc.short_name} at {dmhc.phone} "
                     f"(TTY {dmhc.tty}). They can tell you where to go. {kb.faq['emergency']}")}
