"""Problems that are not IMR denials (Covered California, Medi-Cal eligibility, bills, access, drug
costs, Medicare discharges, dental, workers' comp): where each goes, and the words that name it.

Reads bot/knowledge_data/problem_kinds.yml (destinations, steps, deadlines, with fact ids; Spanish text
in es/problem_kinds.yml) and problem_cues.yml (the words). The card keeps `problem: other` and names
the kind in `problem_detail`. Validated like the rest of the knowledge: a bad edit fails at load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Pattern, Tuple

from bot import knowledge as kn
from bot.knowledge import Agency, Clock, Contact, Knowledge, StepPlan
from bot.language import fold

FILE = "problem_kinds.yml"
CUES_FILE = "problem_cues.yml"
PATHWAYS = (
    "eligibility_appeal",
    "state_hearing",
    "financial_assistance",
    "fast_appeal",
    "dwc_imr",
    "complaint",
    "medicare_help",
    "plan_appeal",
    "ccs_appeal",
    "get_covered",
)
# Tried in this order: "experimental" often also says "not necessary", and an emergency story often
# says the ER or the ambulance "wasn't needed".
REASONS = ("experimental", "emergency_payment", "medical_necessity")
# Sentences: split after . ! ? or a line break (a story told over several lines).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class KindRoute:
    coverages: Optional[Tuple[str, ...]]  # None: any coverage
    table: bool  # use the decision table's row for problem "other"
    agency: Optional[str]
    pathway: Optional[str]
    when: Optional[str]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    routes: Tuple[KindRoute, ...]
    first_step: str
    deadline: Optional[str]
    steps: Optional[StepPlan]
    medi_cal_steps: Optional[StepPlan]
    also_call: Tuple[str, ...]
    medi_cal_also_call: Tuple[str, ...]
    implies_coverage: Optional[str]
    asking: str
    medi_cal_first_step: Optional[str] = None  # the first step on the kind's own Medi-Cal route
    card_detail: Optional[str] = (
        None  # the card's problem_detail id, when the shared taxonomy files the kind under another
    )

    @property
    def needs_coverage(self) -> bool:
        return any(r.table or r.coverages for r in self.routes)


@dataclass(frozen=True)
class Takeover:
    """A case with this coverage whose words are in the `when` group is routed as `kind` (or, keeping
    its problem, with the program detail `coverage_detail`), whatever its problem was read as (a
    Medicare discharge must not become a 60-day appeal)."""

    kind: Optional[str]
    coverages: Tuple[str, ...]
    when: str
    unless: Tuple[str, ...]  # problems or kinds already read that keep their own route
    only: Tuple[str, ...] = ()  # if given, only these problems or kinds are taken over
    coverage_detail: Optional[str] = None


@dataclass(frozen=True)
class Kinds:
    agencies: Dict[str, Agency]
    contacts: Dict[str, Contact]
    clocks: Dict[str, Clock]
    kinds: Dict[str, Kind]
    strong: frozenset
    cues: Dict[str, Tuple[Pattern[str], ...]]
    strong_cues: Dict[str, Tuple[Pattern[str], ...]]
    strong_together: Dict[str, Tuple[Tuple[Pattern[str], ...], ...]]
    unless: Dict[str, Tuple[Pattern[str], ...]]
    together: Dict[str, Tuple[Tuple[Pattern[str], ...], ...]]
    reasons: Dict[str, Tuple[Pattern[str], ...]]
    groups: Dict[str, Tuple[Pattern[str], ...]]
    takeovers: Tuple[Takeover, ...] = ()


def _pattern(r: "kn._Reader", cue: str, path: str) -> Pattern[str]:
    for name, words in r.data.get("words", {}).items():
        cue = cue.replace(f"<{name}>", words)
    try:
        # Whole words: no letter or digit just before or after (a cue may start with "$").
        return re.compile(rf"(?<!\w)(?:{cue})(?!\w)")
    except re.error as error:
        raise r.fail(path, f"not a valid pattern: {error}") from None


def _patterns(r: "kn._Reader", node: Iterable, path: str) -> Tuple[Pattern[str], ...]:
    compiled = tuple(_pattern(r, cue, f"{path}[{i}]") for i, cue in enumerate(node or ()))
    if not compiled:
        raise r.fail(path, "needs at least one cue")
    return compiled


def _together(r: "kn._Reader", node: Iterable, path: str) -> Tuple[Tuple[Pattern[str], ...], ...]:
    """`together` cues: lists of patterns that must all be somewhere in the story (any sentences)."""
    found = []
    for i, parts in enumerate(node or ()):
        if not isinstance(parts, list) or len(parts) < 2:
            raise r.fail(f"{path}[{i}]", "a `together` cue is a list of at least two patterns")
        found.append(tuple(_pattern(r, part, f"{path}[{i}]") for part in parts))
    return tuple(found)


def _cues(directory: Path, kinds: Iterable[str]) -> Tuple[frozenset, Tuple[Dict, Dict, Dict, Dict], Dict, Dict, Dict]:
    r = kn._read(directory, CUES_FILE)
    node = r.get(r.data, "kinds", "", dict)
    if set(node) != set(kinds):
        raise r.fail("kinds", f"must list exactly {', '.join(kinds)} (in the order they are tried)")
    cues = {
        key: _patterns(r, r.get(raw, "cues", f"kinds.{key}", list), f"kinds.{key}.cues") for key, raw in node.items()
    }
    together = {
        key: _together(r, r.get(raw, "together", f"kinds.{key}", list, optional=True), f"kinds.{key}.together")
        for key, raw in node.items()
    }
    strong = frozenset(key for key, raw in node.items() if r.get(raw, "strong", f"kinds.{key}", bool))
    # `strong_cues`: words that decide like a strong kind's, for a kind that is otherwise weak.
    strong_cues = {
        key: _patterns(r, raw["strong_cues"], f"kinds.{key}.strong_cues")
        for key, raw in node.items()
        if raw.get("strong_cues")
    }
    strong_together = {
        key: _together(r, raw["strong_together"], f"kinds.{key}.strong_together")
        for key, raw in node.items()
        if raw.get("strong_together")
    }
    # `unless`: words anywhere in the story that make a weak kind's cues not count ("the plan denied
    # my surgery... I've waited months" is a denial, not a wait).
    unless = {key: _patterns(r, raw["unless"], f"kinds.{key}.unless") for key, raw in node.items() if raw.get("unless")}
    reasons_node = r.get(r.data, "reasons", "", dict)
    if set(reasons_node) != set(REASONS):
        raise r.fail("reasons", f"must be exactly {', '.join(REASONS)}")
    reasons = {key: _patterns(r, value, f"reasons.{key}") for key, value in reasons_node.items()}
    groups = {key: _patterns(r, value, f"groups.{key}") for key, value in r.get(r.data, "groups", "", dict).items()}
    return strong, (cues, strong_cues, strong_together, unless), together, reasons, groups


def load(directory: Path = kn.KNOWLEDGE_DIR, language: str = "en", base: Optional[Knowledge] = None) -> Kinds:
    r = kn._read(directory, FILE)
    if language != "en":
        r = kn._translate(r, directory, language)
    base = base or kn.load(directory, language)
    agencies: Dict[str, Agency] = {}
    for key, raw in r.get(r.data, "agencies", "", dict).items():
        path = f"agencies.{key}"
        r.facts(raw, path)
        phone = r.phone(raw, "phone", path, optional=True)
        if key in base.agencies:
            raise r.fail(path, "is already in agencies.yml: one place for every number")
        agencies[key] = Agency(
            key=key,
            name=r.text(raw, "name", path),
            short_name=r.text(raw, "short_name", path),
            phone=phone,
            phone_words=None,
            tty=r.phone(raw, "tty", path, optional=True),
            website=r.url(raw, "website", path),
            form=r.url(raw, "form", path),
            hours=r.text(raw, "hours", path, optional=True),
            notes=tuple(" ".join(n.split()) for n in r.get(raw, "notes", path, list)),
            sources=kn._sources(r, raw, path),
        )
    contacts: Dict[str, Contact] = {}
    for key, raw in r.get(r.data, "contacts", "", dict).items():
        path = f"contacts.{key}"
        r.facts(raw, path)
        contacts[key] = Contact(
            key,
            r.text(raw, "name", path),
            r.phone(raw, "phone", path),
            r.phone(raw, "tty", path, optional=True),
            r.url(raw, "website", path),
        )
    every_agency = {**base.agencies, **agencies}

    def fill(text: Optional[str], where: str) -> Optional[str]:
        return None if text is None else kn._fill_placeholders(" ".join(text.split()), where, every_agency, contacts)

    clocks: Dict[str, Clock] = {}
    for key, raw in r.get(r.data, "clocks", "", dict).items():
        path = f"clocks.{key}"
        days = r.get(raw, "days", path, int)
        dated = r.text(raw, "dated", path)
        if days <= 0 or "{date}" not in dated:
            raise r.fail(path, "needs days above 0 and a `dated` text with {date}")
        clocks[key] = Clock(
            key,
            0,
            days,
            fill(r.text(raw, "text", path), path),
            fill(dated, path),
            r.facts(raw, path),
            kn._sources(r, {"sources": raw.get("sources")}, path),
        )

    def step_plan(raw: Mapping, key: str, path: str) -> Optional[StepPlan]:
        steps = r.get(raw, key, path, list, optional=True)
        if not steps:
            return None
        use = tuple(r.get(raw, "use_clocks", path, list))
        for clock in use:
            r.one_of(clock, tuple(clocks), f"{path}.use_clocks")
        named = [a for a in every_agency.values() if "{" + a.key + "." in "".join(steps)]  # the agencies the steps name
        sources = tuple(dict.fromkeys(s for a in named for s in a.sources))
        return StepPlan(tuple(fill(s, f"{path}.{key}") for s in steps), use, r.facts(raw, path), sources)

    kinds: Dict[str, Kind] = {}
    for key, raw in r.get(r.data, "kinds", "", dict).items():
        path = f"kinds.{key}"
        routes = []
        for i, route in enumerate(r.get(raw, "routes", path, list)):
            rpath = f"{path}.routes[{i}]"
            coverage = route.get("coverage")
            table = coverage == "table"
            covers = (
                None
                if coverage in ("any", "table")
                else tuple(r.one_of(c, kn.COVERAGES, rpath) for c in coverage or ())
            )
            agency = None if table else r.one_of(route.get("agency"), tuple(every_agency), f"{rpath}.agency")
            pathway = None if table else r.one_of(route.get("pathway"), PATHWAYS, f"{rpath}.pathway")
            routes.append(KindRoute(covers, table, agency, pathway, route.get("when")))
        if not (routes[-1].table or routes[-1].coverages is None) or routes[-1].when:
            raise r.fail(f"{path}.routes", "the last route must fit every coverage (any or table) without `when`")
        also = tuple(r.get(raw, "also_call", path, list))
        medi_also = tuple(r.get(raw, "medi_cal_also_call", path, list, optional=True) or ())
        for contact in also + medi_also:
            if contact not in contacts:
                raise r.fail(f"{path}.also_call", f"{contact!r} is not in contacts")
        implied = r.get(raw, "implies_coverage", path, str, optional=True)
        kind = Kind(
            key=key,
            label=r.text(raw, "label", path),
            routes=tuple(routes),
            first_step=fill(r.text(raw, "first_step", path), path),
            deadline=fill(r.text(raw, "deadline", path, optional=True), path),
            steps=step_plan(raw, "steps", path),
            medi_cal_steps=step_plan(raw, "medi_cal_steps", path),
            also_call=also,
            medi_cal_also_call=medi_also,
            implies_coverage=None if implied is None else r.one_of(implied, kn.COVERAGES, f"{path}.implies_coverage"),
            asking=r.text(raw, "asking", path),
            medi_cal_first_step=fill(r.text(raw, "medi_cal_first_step", path, optional=True), path),
            card_detail=r.get(raw, "card_detail", path, str, optional=True),
        )
        for route in kind.routes:  # a new destination needs its own steps (the old ones have theirs)
            if route.agency in agencies and not (
                kind.steps or (kind.medi_cal_steps and route.coverages == ("medi_cal_managed_care",))
            ):
                raise r.fail(f"{path}.steps", f"needed for {route.agency}")
        kinds[key] = kind
    strong, (cues, strong_cues, strong_together, unless), together, reasons, groups = _cues(directory, kinds)
    for kind in kinds.values():
        for route in kind.routes:
            if route.when and route.when not in groups:
                raise r.fail(f"kinds.{kind.key}.routes", f"`when: {route.when}` is not a group in {CUES_FILE}")
    return Kinds(
        agencies,
        contacts,
        clocks,
        kinds,
        strong,
        cues,
        strong_cues,
        strong_together,
        unless,
        together,
        reasons,
        groups,
        _takeovers(kn._read(directory, CUES_FILE), kinds, groups),
    )


def _takeovers(r: "kn._Reader", kinds: Mapping[str, Kind], groups: Mapping) -> Tuple[Takeover, ...]:
    """problem_cues.yml `takeovers`: coverage + words that decide the kind, whatever else was read."""
    found = []
    for i, raw in enumerate(r.get(r.data, "takeovers", "", list, optional=True) or ()):
        path = f"takeovers[{i}]"
        detail = raw.get("coverage_detail")
        kind = None if detail else r.one_of(raw.get("kind"), tuple(kinds), f"{path}.kind")
        when = r.one_of(raw.get("when"), tuple(groups), f"{path}.when")
        covers = tuple(r.one_of(c, kn.COVERAGES, f"{path}.coverage") for c in raw.get("coverage") or ())
        named = tuple(kinds) + REASONS + ("plan_service",)
        unless = tuple(r.one_of(k, named, f"{path}.unless") for k in raw.get("unless") or ())
        only = tuple(r.one_of(k, named, f"{path}.only") for k in raw.get("only") or ())
        if not covers:
            raise r.fail(f"{path}.coverage", "names the coverages it applies to")
        found.append(Takeover(kind, covers, when, unless, only, detail))
    return tuple(found)


@lru_cache(maxsize=None)
def default(language: str = "en") -> Kinds:
    return load(language=language, base=kn.default(language))


# ---------------------------------------------------------------- understanding


def sentences(text: str) -> List[str]:
    return [s for s in (part.strip() for part in SENTENCE_END.split(text or "")) if s]


def _folded(text: str) -> str:
    """Lower case, no accents, and a phone's curly apostrophe as a plain one ("don’t")."""
    return fold(text).replace("\u2019", "'").replace("\u2018", "'")


def _matches(patterns: Iterable[Pattern[str]], folded: str) -> bool:
    return any(p.search(folded) for p in patterns)


@dataclass(frozen=True)
class Reading:
    """What the words of a message say about the problem, sentence by sentence."""

    problem: Optional[str]  # one of the four problem ids, or None when the words say nothing
    detail: Optional[str]  # a problem_detail kind when problem is "other"
    sentences: int  # how many sentences the message has
    decisive: Optional[int]  # which sentence decided (0-based), or None


def read(text: str, kinds: Optional[Kinds] = None) -> Reading:
    """The problem that the decisive sentence states.

    A strong kind (or a `strong_cues` cue, or `strong_together` words) named anywhere decides (workers' comp, Medi-Cal
    eligibility, a Medicare ambulance bill...); otherwise a
    sentence that gives a denial reason decides, experimental first; otherwise any other kind named
    in a sentence; last, a kind whose `together` words are all in the story.
    """
    kinds = kinds or default()
    parts = [_folded(s) for s in sentences(text)] or [""]
    found_kind: Dict[str, int] = {}
    found_strong: Dict[str, int] = {}
    found_reason: Dict[str, int] = {}
    for i, part in enumerate(parts):
        for key, patterns in kinds.cues.items():
            if key not in found_kind and _matches(patterns, part):
                found_kind[key] = i
        for key, patterns in kinds.strong_cues.items():
            if key not in found_strong and _matches(patterns, part):
                found_strong[key] = i
        for key, patterns in kinds.reasons.items():
            if key not in found_reason and _matches(patterns, part):
                found_reason[key] = i
    whole = " ".join(parts)
    for key in kinds.cues:  # the cue file's order: the most specific first
        if key in found_kind and key in kinds.strong:
            return Reading("other", key, len(parts), found_kind[key])
        if key in found_strong:
            return Reading("other", key, len(parts), found_strong[key])
        found = _together_found(kinds.strong_together.get(key, ()), parts, whole)
        if found is not None:
            return Reading("other", key, len(parts), found)
    for key in REASONS:
        if key in found_reason:
            return Reading(key, None, len(parts), found_reason[key])
    for key in kinds.cues:
        if key in found_kind and not _matches(kinds.unless.get(key, ()), whole):
            return Reading("other", key, len(parts), found_kind[key])
    for key, groups in kinds.together.items():
        if _matches(kinds.unless.get(key, ()), whole):
            continue
        found = _together_found(groups, parts, whole)
        if found is not None:
            return Reading("other", key, len(parts), found)
    return Reading(None, None, len(parts), None)


def _together_found(groups, parts: List[str], whole: str) -> Optional[int]:
    """The sentence where the first `together` group whose words are all in the story begins."""
    for group in groups:
        if all(p.search(whole) for p in group):
            return next((i for i, part in enumerate(parts) if group[0].search(part)), 0)
    return None


def names_kind(kind: str, text: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    """Whether one sentence of the text names this kind with its own cues (whatever else it names)."""
    kinds = kinds or default()
    return any(_matches(kinds.cues[kind], fold(s)) for s in sentences(text or ""))


def in_group(group: str, text: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    kinds = kinds or default()
    return _matches(kinds.groups[group], _folded(text or ""))


def taken_over(case, kinds: Optional[Kinds] = None):
    """The case as routed because of its coverage and words (problem_cues.yml `takeovers`): with
    the kind of problem, or the program detail, they decide. The problem already read stays when
    it is in `unless` (or not in `only`)."""
    kinds = kinds or default()
    current = case.problem if case.problem != "other" else case.problem_detail or "plan_service"
    for rule in kinds.takeovers:
        if (
            case.coverage not in rule.coverages
            or current in (rule.kind,) + rule.unless
            or (rule.only and current not in rule.only)
        ):
            continue
        if rule.coverage_detail and case.coverage_detail == rule.coverage_detail:
            continue
        if in_group(rule.when, case.problem_words, kinds):
            if rule.coverage_detail:
                return replace(case, coverage_detail=rule.coverage_detail)
            return replace(case, problem="other", problem_detail=rule.kind)
    return case


def card_detail(detail: Optional[str], kinds: Optional[Kinds] = None) -> Optional[str]:
    """The card's `problem_detail` id for a kind (the shared taxonomy's id)."""
    kind = (kinds or default()).kinds.get(detail or "")
    return kind.card_detail or kind.key if kind else detail


def needs_coverage(detail: Optional[str], kinds: Optional[Kinds] = None) -> bool:
    """Whether the coverage question changes the answer for this kind (always, for no kind)."""
    kind = (kinds or default()).kinds.get(detail or "")
    return kind is None or kind.needs_coverage


# A plain service complaint ("plan_service": no kind named) about a Medicare plan is a Medicare problem
# that is not a denial (F12.43: Medicare Advantage and Part D complaints go to the plan's grievance
# process or the Medicare Complaint Form, with HICAP's help).
SERVICE_KIND_BY_COVERAGE = {"medicare": "medicare_non_denial"}


def service_kind(coverage: Optional[str]) -> Optional[str]:
    return SERVICE_KIND_BY_COVERAGE.get(coverage or "")


def implied_coverage(detail: Optional[str], kinds: Optional[Kinds] = None) -> Optional[str]:
    kind = (kinds or default()).kinds.get(detail or "")
    return kind.implies_coverage if kind else None


# ---------------------------------------------------------------- routing


def _pick(kind: Kind, coverage: str, words: Optional[str], kinds: Kinds) -> KindRoute:
    for route in kind.routes:
        if route.coverages is not None and coverage not in route.coverages:
            continue
        if route.when and not in_group(route.when, words, kinds):
            continue
        return route
    raise AssertionError("the loader requires a last route that fits")  # pragma: no cover


def route_kind(case, kb: Knowledge):
    """The referral for a problem that is not an IMR denial (problem `other` with a kind)."""
    from bot.routing import Case, Referral, route  # routing calls this module for these cases

    kinds = default(kb.language)
    kind = kinds.kinds[case.problem_detail]
    chosen = _pick(kind, case.coverage, case.problem_words, kinds)
    medi_cal = case.coverage == "medi_cal_managed_care"
    contacts = [kinds.contacts[c] for c in kind.also_call + (kind.medi_cal_also_call if medi_cal else ())]
    if chosen.table:
        base = route(Case(case.coverage, "other", case.fair_hearing, case.coverage_detail, case.plan_name), kb)
        step = kind.first_step if base.agency.key != "HEALTH_PLAN" else f"{base.first_step} {kind.first_step}"
        contacts = list(base.contacts) + [c for c in contacts if c not in base.contacts]
        return replace(
            base, case=case, first_step=step, contacts=tuple(contacts), sources=_sources(base.agency, contacts)
        )
    agency = kinds.agencies.get(chosen.agency) or kb.agencies[chosen.agency]
    first_step = (
        kind.medi_cal_first_step if medi_cal and kind.medi_cal_first_step and chosen.coverages else kind.first_step
    )
    if agency.key in ("DMHC", "CDI", "HICAP"):
        base = route(Case(case.coverage if agency.key != "HICAP" else "medicare", "other"), kb)
        contacts = list(base.contacts) + [c for c in contacts if c not in base.contacts]
        return replace(
            base,
            case=case,
            agency=agency,
            pathway=chosen.pathway,
            first_step=first_step,
            contacts=tuple(contacts),
            sources=_sources(agency, contacts),
        )
    return Referral(
        case=case,
        agency=agency,
        pathway=chosen.pathway,
        first_step=first_step,
        deadlines=(kind.deadline,) if kind.deadline else (),
        extras=(),
        contacts=tuple(contacts),
        sources=_sources(agency, contacts),
    )


def _sources(agency: Agency, contacts: Iterable[Contact]) -> Tuple[str, ...]:
    sources = list(agency.sources)
    for contact in contacts:
        if contact.website and contact.website not in sources:
            sources.append(contact.website)
    return tuple(sources)


def step_plan(referral, kb: Knowledge) -> Optional[StepPlan]:
    """The steps for a kind's referral, or None to use the agency's usual steps."""
    kind = default(kb.language).kinds.get(referral.case.problem_detail or "")
    if kind is None:
        return None
    if (
        kind.medi_cal_steps
        and referral.case.coverage == "medi_cal_managed_care"
        and referral.agency.key not in ("DMHC", "CDI", "HICAP")
    ):
        return kind.medi_cal_steps
    if (
        kind.steps
        and (referral.agency.key, referral.pathway) not in kb.step_plans
        or kind.steps
        and referral.agency.key == "HICAP"
    ):
        return kind.steps
    return None


def clock(key: str, kb: Knowledge) -> Clock:
    return kb.clocks.get(key) or default(kb.language).clocks[key]


def label(detail: Optional[str], kb: Knowledge) -> Optional[str]:
    kind = default(kb.language).kinds.get(detail or "")
    return kind.label if kind else None


def asking(detail: Optional[str], kb: Knowledge) -> Optional[str]:
    kind = default(kb.language).kinds.get(detail or "")
    return kind.asking if kind else None
