"""What a person said about their coverage (the recognised plan and coverage words) -> slot updates."""

from __future__ import annotations

import re

from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Tuple

from bot.knowledge import GazetteerEntry, Knowledge, default
from bot.language import fold
from bot.understanding.words import doubted, filler, hypothetical, negated

ENTITY_LABELS = ("plan", "coverage_type")
# `coverage_pending` after "it's not an HMO" with no plan that settles it: the coverage question leaves
# the HMO out, and a plan sold as both named next is its PPO (probe en37).
NOT_HMO = "not_hmo"
# The marketplace: named after a carrier ("Oscar", then "es de Covered California") it tells where the
# plan was bought, not another plan; the carrier stays (probe s11 B08).
MARKETPLACES = ("covered_california",)
# Words around a plan's first word in a short answer to the coverage question ("it's just Sharp", "es
# Sharp creo"), and first words that name something else ("Gold" is a metal tier, "Blue" two plans).
GENERIC_FIRST_WORDS = frozenset(
    "the gold silver bronze platinum covered california central care health blue cal cen tri santa pers l la".split()
)


def lookup(values: Iterable[str], kb: Optional[Knowledge] = None) -> List[GazetteerEntry]:
    """Gazetteer entries for recognised entity values, in order, without repeats."""
    index = (kb or default()).names
    found: List[GazetteerEntry] = []
    for value in values:
        entry = index.get(" ".join(str(value).lower().split()))
        if entry is not None and entry not in found:
            found.append(entry)
    return found


def named_values(entities: Iterable[Mapping[str, Any]], text: str) -> List[Any]:
    """The plan and coverage words the person named (not those they negated: "it's not an HMO", nor
    the kinds they are not sure of: "no sé si es HMO o PPO", probe es03, nor those only supposed:
    "what if my plan is self funded?", probe s9)."""
    return [
        e.get("value")
        for e in entities
        if e.get("entity") in ENTITY_LABELS
        and e.get("value")
        and not negated(e, text)
        and not hypothetical(e, text)
        and not (e.get("entity") == "coverage_type" and doubted(e, text))
    ]


def first_word_plan(text: str, kb: Knowledge) -> List[str]:
    """A known plan named by its first word alone at the coverage question ("Sharp", "it's just SCAN"):
    that plan (probe s11 B01). Only a short answer whose one other word is filler, and only a first
    word that belongs to one plan and means nothing else: "sharp pain" is not a plan."""
    words = [w for w in re.findall(r"\w[\w'-]*", fold(text)) if not filler(w)]
    if len(words) != 1 or len(words[0]) < 3 or words[0] in GENERIC_FIRST_WORDS:
        return []
    owners = {e.key for alias, e in kb.names.items() if e.label == "plan" and alias.split()[0] == words[0]}
    owners |= {e.key for e in kb.gazetteer if e.label == "plan" and fold(e.name).split()[0] == words[0]}
    return [next(iter(owners))] if len(owners) == 1 else []


def coverage_updates(
    values: List[Any], entities: Iterable[Mapping[str, Any]], text: str, slots: Mapping[str, Any], kb: Knowledge
) -> Dict[str, Any]:
    """Slot updates for the coverage words of one message, negated plan names included."""
    updates = resolve_coverage(lookup(values, kb), slots, kb)
    last = lookup(_last_sentence(entities, text), kb)
    said_last = resolve_coverage(last, slots, kb) if last else {}
    kind = kb.coverage_kinds.get(updates.get("coverage") or "")
    # ... unless the last sentence names no carrier and no kind: "Anthem denied it. We bought it through
    # Covered California, it's a PPO" is Anthem's PPO (probe s11 A01), not "another PPO".
    tells = any(e.coverage or e.ppo_coverage for e in last)
    if (
        tells
        and said_last.get("coverage") not in (None, updates.get("coverage"))
        and not (kind and (kind.beats_plan_names or kind.has_kinds))
    ):
        # "NOT Anthem... Sutter Health Plus maybe? no wait that's an HMO. It's an Aetna PPO." (probe
        # en14): the last sentence that names the coverage, and decides it, wins; a program named
        # anywhere (Medicare, Medi-Cal) still beats a plan's name.
        updates = said_last
    not_named = lookup(
        [e.get("value") for e in entities if e.get("entity") == "plan" and e.get("value") and negated(e, text)], kb
    )
    if (
        not_named
        and updates.get("coverage_pending") == "ppo_company"
        and all(e.ppo_coverage == "anthem_or_blue_shield_ppo" for e in not_named)
    ):
        # "a PPO, but not Anthem or Blue Shield": the other PPOs' row (seed: CDI).
        updates.update(coverage="other_ppo_or_insurance", coverage_pending=None)
    gone = [e for e in entities if e.get("entity") == "coverage_type" and (negated(e, text) or doubted(e, text))]
    not_kinds = {e.coverage for e in lookup([e.get("value") for e in gone], kb)} - {None}
    if slots.get("coverage_pending") == NOT_HMO and updates.get("coverage_pending") == "hmo_or_ppo":
        not_kinds.add("hmo")  # "not an HMO" said before the plan's name
    if not_kinds:
        _not_this_kind(not_kinds, kind_in_doubt(entities, text), slots, updates, kb)
    return updates


def kind_in_doubt(entities: Iterable[Mapping[str, Any]], text: str) -> bool:
    """Whether the person says they are not sure of the kind ("no sé si es HMO o PPO", probe es03)."""
    return any(e.get("entity") == "coverage_type" and doubted(e, text) for e in entities)


def _not_this_kind(
    not_kinds: Set[str], unsure: bool, slots: Mapping[str, Any], updates: Dict[str, Any], kb: Knowledge
) -> None:
    """ "It's not an HMO" (probe en37, es03): for a plan sold as an HMO or a PPO, what is left is its
    PPO (nothing left to ask); a kind already taken that the person now says is wrong is forgotten
    and asked again (the plan's HMO-or-PPO question), unless another kind was named just now."""
    merged = {**slots, **updates}
    plan = kb.plan(merged.get("plan"))
    both = plan is not None and plan.ppo_coverage is not None
    if not merged.get("coverage") and not merged.get("coverage_pending") and not_kinds == {"hmo"} and not unsure:
        updates["coverage_pending"] = NOT_HMO
        return
    if merged.get("coverage") not in not_kinds and merged.get("coverage_pending") != "hmo_or_ppo":
        return
    if updates.get("coverage") is not None and updates["coverage"] not in not_kinds:
        return
    if both and not_kinds == {"hmo"} and not unsure:
        updates.update(coverage=plan.ppo_coverage, coverage_pending=None, coverage_detail=None)
    else:
        updates.update(coverage=None, coverage_pending="hmo_or_ppo" if both else None, coverage_detail=None)


def _last_sentence(entities: Iterable[Mapping[str, Any]], text: str) -> List[Any]:
    """The plan and coverage words named in the last sentence that names any, when more than one
    sentence does (else nothing)."""
    named = [e for e in entities if isinstance(e.get("start"), int) and e.get("value") in named_values([e], text)]
    sentence = {id(e): len(re.findall(r"[.!?;]\s", text[: e["start"]])) for e in named}
    if len(set(sentence.values())) < 2:
        return []
    last = max(sentence.values())
    return [e.get("value") for e in named if sentence[id(e)] == last]


def resolve_coverage(
    entries: List[GazetteerEntry], slots: Mapping[str, Any], kb: Optional[Knowledge] = None
) -> Dict[str, Any]:
    """Slot updates for what the person just said about their coverage.

    Program words beat plan names ("Kaiser Medicare" is Medicare); a PPO needs its company (seed:
    Anthem Blue Cross / Blue Shield PPOs go to DMHC, other PPOs to CDI); a plan name alone decides
    the coverage only where the gazetteer says facts.md supports it.
    """
    kb = kb or default()
    if not entries:
        return {}
    # The carrier tells more than the marketplace: "Covered California with Blue Shield" is Blue Shield.
    plans = sorted((e for e in entries if e.label == "plan"), key=lambda e: not (e.coverage or e.ppo_coverage))
    stored_plan = kb.plan(slots.get("plan"))
    plan = plans[0] if plans else stored_plan
    if slots.get("coverage") and plans and all(e is stored_plan for e in plans) and len(entries) == len(plans):
        return {}  # the same plan named again: what is known about its kind stays
    updates: Dict[str, Any] = {"plan": plan.key if plan else None, "coverage_pending": None}

    def decided(coverage: str, detail: Optional[str] = None) -> Dict[str, Any]:
        return {**updates, "coverage": coverage, "coverage_detail": detail}

    for program in (c.key for c in kb.coverage_kinds.values() if c.beats_plan_names):
        if any(e.coverage == program for e in entries):
            # "es el medi-cal de orange county" after "CalOptima": the county-run plan's detail stays (probe s11 S17).
            kept = slots.get("coverage_detail") if slots.get("coverage") == program else None
            return decided(program, _program_detail(program, entries, kb) or kept)
    for coverage in (c.key for c in kb.coverage_kinds.values() if c.has_kinds):
        # the kind said ("federal employee program") before a place named ("I work for the VA hospital", probe s13 11 e43)
        other = sorted((e for e in entries if e.coverage == coverage), key=lambda e: e.label != "coverage_type")
        if other:
            return decided(coverage, next((e.detail for e in other if e.detail), None))
    direct = [e for e in entries if e.label == "coverage_type" and e.coverage]
    if direct:
        return decided(direct[0].coverage)
    said_ppo = any(e.needs == "ppo_company" for e in entries)
    if said_ppo or (plans and slots.get("coverage_pending") == "ppo_company"):
        return _ppo(*_ppo_company(plans, plan, stored_plan), updates)
    carrier = _carrier_on_marketplace(plans, stored_plan)
    if carrier is not None:
        # F5.10: the DMHC oversees most Covered California plans and forwards the others; which one this
        # is, nobody here can know: the DMHC Help Center (issue 14), never a third question (probe s11 B08).
        return {**updates, "plan": carrier.key, "coverage": "unknown", "coverage_detail": None}
    if plans:
        if plan.coverage:
            return decided(plan.coverage)
        pending = "hmo_or_ppo" if plan.ppo_coverage else "plan_kind"
        return {**updates, "coverage": None, "coverage_pending": pending}
    return {}


def _carrier_on_marketplace(plans: List[GazetteerEntry], stored: Optional[GazetteerEntry]) -> Optional[GazetteerEntry]:
    """A carrier of unknown kind (neither its coverage nor its PPO's known: "Oscar") bought on the
    marketplace, whichever was said first."""
    named = plans + ([stored] if stored is not None else [])
    carriers = [e for e in named if e.key not in MARKETPLACES]
    if len(carriers) == len(named) or not carriers or carriers[0].coverage or carriers[0].ppo_coverage:
        return None
    return carriers[0]


def _ppo_company(
    plans: List[GazetteerEntry], plan: Optional[GazetteerEntry], stored: Optional[GazetteerEntry]
) -> Tuple[List[GazetteerEntry], Optional[GazetteerEntry]]:
    """The plans a PPO's company is read from: "it's a PPO through Covered California" after Anthem was
    named is Anthem's PPO, not another PPO (probe s13 11 e05); the marketplace sells, the carrier decides."""
    if plans and all(e.key in MARKETPLACES for e in plans) and stored is not None and stored.key not in MARKETPLACES:
        return [stored], stored
    return plans, plan


def _ppo(plans: List[GazetteerEntry], plan: Optional[GazetteerEntry], updates: Dict[str, Any]) -> Dict[str, Any]:
    """A PPO: the company that sells it decides ("I have Kaiser? No wait, it's Blue Shield now, the PPO")."""
    plan = next((e for e in reversed(plans) if e.ppo_coverage), plan)
    updates = {**updates, "plan": plan.key if plan else None}
    if plan is None:
        return {**updates, "coverage": None, "coverage_pending": "ppo_company"}
    # a CalPERS PPO is self-funded: other coverage of its own kind (F5.11)
    detail = plan.detail if plan.ppo_coverage == "other_coverage" else None
    return {**updates, "coverage": plan.ppo_coverage or "other_ppo_or_insurance", "coverage_detail": detail}


def _program_detail(program: str, entries: List[GazetteerEntry], kb: Knowledge) -> Optional[str]:
    """Medi-Medi, Medi-Cal Rx or a county-run Medi-Cal plan (routing.yml program_details): they change
    the answer. A detail's coverage named together with its `named_with` coverages means the detail
    (Medicare and Medi-Cal named together are a Medi-Medi plan, F4.9)."""
    details = kb.program_details
    found = next((e.detail for e in entries if e.coverage == program and e.detail in details), None)
    named = {e.coverage for e in entries}
    together = (
        d.key for d in details.values() if d.coverage == program and d.named_with and named >= set(d.named_with)
    )
    return found if found is not None else next(together, None)
