"""Load and validate the routing knowledge in bot/knowledge/*.yml.

This is the one place where agencies, phone numbers, deadlines and routing rules come from. The
loader refuses data it cannot trust (a missing key, a malformed phone number, a gap or an overlap in
the decision table) with an error that names the file and the key, so a bad edit fails at start-up
and in `make test`, never in front of a person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

KNOWLEDGE_DIR = Path(__file__).parent / "knowledge"
FILES = ("agencies.yml", "routing.yml", "faq.yml", "plans.yml", "next_steps.yml")
# Translations live in bot/knowledge/<language>/<file>, with the same keys as the English file but
# only the text (see `_translate`). plans.yml has no text to translate: names stay as they are.
TRANSLATED_FILES = ("agencies.yml", "routing.yml", "faq.yml", "next_steps.yml")
LANGUAGES = ("en", "es")
# Keys whose values are data, not text: never translated, and a translation may not contain them.
NOT_TEXT = frozenset({
    "phone", "phone_words", "tty", "website", "form", "facts", "sources", "coverage", "agency",
    "pathway", "fair_hearing", "contact", "imr_eligible", "months", "days",
    "routes", "grievance_first", "newer_letter_facts", "use_clocks", "route", "match", "requires",
    "also_call", "medi_cal_also_call", "implies_coverage",  # problem_kinds.yml (bot/problem_kinds.py)
})

# The referral card contract (issue 2): these enumerations are the schema, not facts.
AGENCIES = ("DMHC", "CDI", "HICAP", "MEDI_CAL_OMBUDSMAN", "HEALTH_PLAN", "MEDI_CAL_RX")
PATHWAYS = ("imr", "complaint", "medicare_help", "state_fair_hearing", "plan_appeal")
PROBLEMS = ("medical_necessity", "experimental", "emergency_payment", "other")
COVERAGES = (
    "hmo",
    "anthem_or_blue_shield_ppo",
    "other_ppo_or_insurance",
    "medicare",
    "medi_cal_managed_care",
    "other_coverage",
    "unknown",
)
FAIR_HEARING = ("requested", "not_requested", "unsure")

PHONE = re.compile(r"^(1-\d{3}-\d{3}-\d{4}|911|711)$")
FACT_ID = re.compile(r"^(seed|F\d+\.\d+)$")
PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")
NUMBER = re.compile(r"\d+")
BRACES = re.compile(r"\{[\w.]+\}")
URL = re.compile(r"https?://[^\s)]+")


class KnowledgeError(ValueError):
    """The knowledge data is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    short_name: str
    phone: Optional[str]
    phone_words: Optional[str]
    tty: Optional[str]
    website: Optional[str]
    form: Optional[str]
    hours: Optional[str]
    notes: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    phone: str
    tty: Optional[str]
    website: Optional[str]


@dataclass(frozen=True)
class Problem:
    key: str
    label: str
    imr_eligible: bool


@dataclass(frozen=True)
class OtherKind:
    key: str
    label: str
    contact: Optional[str]
    deadline: Optional[str]
    first_step: Optional[str]


@dataclass(frozen=True)
class ProgramDetail:
    """A kind of Medicare or Medi-Cal coverage that changes the answer (Medi-Medi, Medi-Cal Rx,
    county-run plans); `agency`/`pathway`, when set, replace the decision table's row."""

    key: str
    coverage: str
    agency: Optional[str]
    pathway: Optional[str]
    facts: Tuple[str, ...]


@dataclass(frozen=True)
class Route:
    coverage: str
    problems: Tuple[str, ...]
    agency: str
    pathway: str
    fair_hearing: Optional[str]
    facts: Tuple[str, ...]


@dataclass(frozen=True)
class GazetteerEntry:
    """A word or name people use for their coverage, and what it tells us."""

    key: str
    label: str  # "coverage_type" or "plan": the spaCy entity label
    name: str
    aliases: Tuple[str, ...]
    coverage: Optional[str]
    detail: Optional[str] = None
    ppo_coverage: Optional[str] = None
    needs: Optional[str] = None
    exact_case: Tuple[str, ...] = ()  # matched only written exactly so ("VA", not the Spanish "va")


@dataclass(frozen=True)
class Clock:
    """A deadline that can be counted: `months` or `days` after the date on the plan's letter."""

    key: str
    months: int
    days: int
    text: str
    dated: str  # with {date}
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class StepPlan:
    """The steps in order for one kind of case, and the deadlines that apply to it."""

    steps: Tuple[str, ...]
    clocks: Tuple[str, ...]
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class StepPlans:
    default: StepPlan
    by_kind: Dict[str, StepPlan]
    by_problem: Dict[str, StepPlan]
    by_coverage: Dict[str, StepPlan]
    by_detail: Dict[str, StepPlan]
    plan_silent: Optional[StepPlan]  # the plan did not answer the person's complaint in time


@dataclass(frozen=True)
class Knowledge:
    agencies: Dict[str, Agency]
    contacts: Dict[str, Contact]
    problems: Dict[str, Problem]
    coverages: Dict[str, str]
    other_kinds: Dict[str, OtherKind]
    routes: Tuple[Route, ...]
    first_steps: Dict[Tuple[str, str], Dict[str, str]]
    deadlines: Dict[Tuple[str, str], Optional[str]]
    plan_grievance_deadline: str
    extras: Dict[str, str]
    faq: Dict[str, Any]
    gazetteer: Tuple[GazetteerEntry, ...]
    grievance_first: frozenset  # (agency, pathway) whose default first step is a plan grievance
    have_ready: Tuple[str, ...]
    clocks: Dict[str, Clock]
    newer_letter: str
    step_plans: Dict[Tuple[str, str], StepPlans]
    program_details: Dict[str, ProgramDetail]
    language: str = "en"


class _Reader:
    """Typed access to one YAML file's data that reports `file: key.path` on every error."""

    def __init__(self, filename: str, data: Any) -> None:
        self.filename = filename
        self.data = data

    def fail(self, path: str, problem: str) -> KnowledgeError:
        return KnowledgeError(f"{self.filename}: {path}: {problem}")

    def get(self, node: Any, key: str, path: str, kind: type = str, optional: bool = False) -> Any:
        if not isinstance(node, Mapping):
            raise self.fail(path, "expected a mapping")
        here = f"{path}.{key}" if path else key
        if key not in node:
            if optional:
                return None
            raise self.fail(here, "missing key")
        value = node[key]
        if value is None and optional:
            return None
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.fail(here, f"expected text, got the number {value!r} (quote it)")
        if not isinstance(value, kind):
            raise self.fail(here, f"expected {kind.__name__}, got {type(value).__name__}")
        if kind is str and not value.strip():
            raise self.fail(here, "is empty")
        return value

    def text(self, node: Any, key: str, path: str, optional: bool = False) -> Optional[str]:
        value = self.get(node, key, path, str, optional)
        return " ".join(value.split()) if value is not None else None

    def phone(self, node: Any, key: str, path: str, optional: bool = False) -> Optional[str]:
        value = self.text(node, key, path, optional)
        if value is not None and not PHONE.match(value):
            raise self.fail(f"{path}.{key}", f"phone {value!r} is not written like 1-888-466-2219")
        return value

    def url(self, node: Any, key: str, path: str, optional: bool = True) -> Optional[str]:
        value = self.text(node, key, path, optional)
        if value is not None and not value.startswith(("http://", "https://")):
            raise self.fail(f"{path}.{key}", f"{value!r} is not a web address")
        return value

    def facts(self, node: Any, path: str) -> Tuple[str, ...]:
        ids = self.get(node, "facts", path, list)
        for fact in ids:
            if not isinstance(fact, str) or not FACT_ID.match(fact):
                raise self.fail(f"{path}.facts", f"{fact!r} is not a fact id (seed or F1.2)")
        return tuple(ids)

    def one_of(self, value: Any, allowed: Tuple[str, ...], path: str) -> str:
        if value not in allowed:
            raise self.fail(path, f"{value!r} is not one of {', '.join(allowed)}")
        return value


def _read(directory: Path, name: str) -> _Reader:
    path = directory / name
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError:
        raise KnowledgeError(f"{name}: file is missing from {directory}") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{name}: not valid YAML: {error}") from None
    if not isinstance(data, Mapping):
        raise KnowledgeError(f"{name}: expected a mapping at the top level")
    return _Reader(name, data)


def _has_text(value: Any) -> bool:
    if isinstance(value, str):
        return any(c.isalpha() for c in value)
    if isinstance(value, Mapping):
        return any(_has_text(v) for k, v in value.items() if k not in NOT_TEXT)
    if isinstance(value, list):
        return any(_has_text(v) for v in value)
    return False


def _merge_translation(base: Any, over: Any, path: str, r: _Reader) -> Any:
    """The English data with every text replaced by its translation.

    A translation must translate every text, add nothing that is not text, and keep every number,
    {placeholder} and web address of the English text: a translated deadline cannot say 60 days
    where the English says 6 months.
    """
    if isinstance(base, Mapping):
        if not isinstance(over, Mapping):
            raise r.fail(path or "top level", "expected a mapping, like the English file")
        extra = sorted(k for k in over if k not in base or k in NOT_TEXT)
        if extra:
            raise r.fail(path or "top level", f"not text to translate: {', '.join(map(str, extra))}")
        merged = {}
        for key, value in base.items():
            here = f"{path}.{key}" if path else str(key)
            if key in NOT_TEXT or not _has_text(value):
                merged[key] = value
            elif key not in over:
                raise r.fail(here, "missing translation")
            else:
                merged[key] = _merge_translation(value, over[key], here, r)
        return merged
    if isinstance(base, list):
        if not isinstance(over, list) or len(over) != len(base):
            raise r.fail(path, f"expected a list of {len(base)}, like the English file")
        return [_merge_translation(b, o, f"{path}[{i}]", r) for i, (b, o) in enumerate(zip(base, over))]
    if isinstance(base, str):
        if not isinstance(over, str) or not over.strip():
            raise r.fail(path, "expected a translated text")
        for what, pattern in (("numbers", NUMBER), ("placeholders", BRACES), ("web addresses", URL)):
            if sorted(pattern.findall(base)) != sorted(pattern.findall(over)):
                raise r.fail(path, f"{what} differ from the English text")
        return over
    return base


def _translate(base: _Reader, directory: Path, language: str) -> _Reader:
    overlay = _read(directory / language, base.filename)
    overlay.filename = f"{language}/{base.filename}"
    return _Reader(base.filename, _merge_translation(base.data, overlay.data, "", overlay))


def _agencies(r: _Reader) -> Dict[str, Agency]:
    node = r.get(r.data, "agencies", "", dict)
    if set(node) != set(AGENCIES):
        raise r.fail("agencies", f"must define exactly {', '.join(AGENCIES)}")
    agencies = {}
    for key, raw in node.items():
        path = f"agencies.{key}"
        r.facts(raw, path)
        sources = _sources(r, raw, path)
        agencies[key] = Agency(
            key=key,
            name=r.text(raw, "name", path),
            short_name=r.text(raw, "short_name", path),
            phone=r.phone(raw, "phone", path, optional=key == "HEALTH_PLAN"),
            phone_words=r.text(raw, "phone_words", path, optional=True),
            tty=r.phone(raw, "tty", path, optional=True),
            website=r.url(raw, "website", path),
            form=r.url(raw, "form", path),
            hours=r.text(raw, "hours", path, optional=True),
            notes=tuple(" ".join(n.split()) for n in r.get(raw, "notes", path, list)),
            sources=sources,
        )
    return agencies


def _contacts(r: _Reader) -> Dict[str, Contact]:
    contacts = {}
    for key, raw in r.get(r.data, "contacts", "", dict).items():
        path = f"contacts.{key}"
        r.facts(raw, path)
        contacts[key] = Contact(
            key=key,
            name=r.text(raw, "name", path),
            phone=r.phone(raw, "phone", path),
            tty=r.phone(raw, "tty", path, optional=True),
            website=r.url(raw, "website", path),
        )
    return contacts


def _routes(r: _Reader, coverages: Dict[str, str]) -> Tuple[Route, ...]:
    routes = []
    for i, raw in enumerate(r.get(r.data, "routes", "", list)):
        path = f"routes[{i}]"
        problems = r.get(raw, "problems", path, list)
        for problem in problems:
            r.one_of(problem, PROBLEMS, f"{path}.problems")
        hearing = r.get(raw, "fair_hearing", path, str, optional=True)
        routes.append(
            Route(
                coverage=r.one_of(r.get(raw, "coverage", path), tuple(coverages), f"{path}.coverage"),
                problems=tuple(problems),
                agency=r.one_of(r.get(raw, "agency", path), AGENCIES, f"{path}.agency"),
                pathway=r.one_of(r.get(raw, "pathway", path), PATHWAYS, f"{path}.pathway"),
                fair_hearing=None if hearing is None else r.one_of(hearing, FAIR_HEARING, f"{path}.fair_hearing"),
                facts=r.facts(raw, path),
            )
        )
    _check_table_is_complete(r, routes, coverages)
    return tuple(routes)


def _check_table_is_complete(r: _Reader, routes: List[Route], coverages: Dict[str, str]) -> None:
    """Every coverage x problem (x fair_hearing where rows use it) matches exactly one row."""
    for coverage, problem in product(coverages, PROBLEMS):
        rows = [x for x in routes if x.coverage == coverage and problem in x.problems]
        uses_hearing = any(x.fair_hearing for x in rows)
        for hearing in FAIR_HEARING if uses_hearing else (None,):
            matches = [x for x in rows if x.fair_hearing == hearing]
            case = f"coverage={coverage}, problem={problem}" + (f", fair_hearing={hearing}" if hearing else "")
            if not matches:
                raise r.fail("routes", f"no row for {case}")
            if len(matches) > 1:
                raise r.fail("routes", f"{len(matches)} rows for {case}")


def _gazetteer(r: _Reader, coverages: Dict[str, str], kinds: Tuple[str, ...]) -> Tuple[GazetteerEntry, ...]:
    entries, seen = [], {}
    for section, label in (("coverage_types", "coverage_type"), ("plans", "plan")):
        for key, raw in r.get(r.data, section, "", dict).items():
            path = f"{section}.{key}"
            aliases = tuple(" ".join(str(a).lower().split()) for a in r.get(raw, "aliases", path, list))
            exact = tuple(str(a) for a in r.get(raw, "exact_case", path, list, optional=True) or ())
            for alias in aliases + tuple(a.lower() for a in exact):
                if alias in seen:
                    raise r.fail(f"{path}.aliases", f"{alias!r} is also an alias of {seen[alias]}")
                seen[alias] = path
            coverage = r.get(raw, "coverage", path, str, optional=True)
            if coverage is not None:
                r.one_of(coverage, tuple(coverages), f"{path}.coverage")
            detail = r.get(raw, "detail", path, str, optional=True)
            if detail is not None:
                r.one_of(detail, kinds, f"{path}.detail")
            ppo = r.get(raw, "ppo_coverage", path, str, optional=True)
            if ppo is not None:
                r.one_of(ppo, tuple(coverages), f"{path}.ppo_coverage")
            entries.append(
                GazetteerEntry(
                    key=key,
                    label=label,
                    name=r.text(raw, "name", path, optional=True) or key,
                    aliases=aliases,
                    coverage=coverage,
                    detail=detail,
                    ppo_coverage=ppo,
                    needs=r.get(raw, "needs", path, str, optional=True),
                    exact_case=exact,
                )
            )
    return tuple(entries)


def _fill_placeholders(text: str, where: str, agencies: Dict[str, Agency], contacts: Dict[str, Contact]) -> str:
    """Replace {CDI.phone}-style references so a number is written only in agencies.yml."""

    def lookup(match: "re.Match[str]") -> str:
        owner, field = match.groups()
        record = agencies.get(owner) or contacts.get(owner)
        value = getattr(record, field, None) if record else None
        if not value:
            raise KnowledgeError(f"{where}: unknown reference {match.group(0)}")
        return value

    return PLACEHOLDER.sub(lookup, text)


def load(directory: Path = KNOWLEDGE_DIR, language: str = "en") -> Knowledge:
    """Read and validate every knowledge file in `directory`, with its texts in `language`."""
    if language not in LANGUAGES:
        raise KnowledgeError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    readers = {name: _read(directory, name) for name in FILES}
    if language != "en":
        for name in TRANSLATED_FILES:
            readers[name] = _translate(readers[name], directory, language)
    ag, rt, fq, pl, ns = (readers[name] for name in FILES)
    agencies = _agencies(ag)
    contacts = _contacts(ag)

    def fill(text: Optional[str], where: str) -> Optional[str]:
        return None if text is None else _fill_placeholders(text, where, agencies, contacts)

    problems = {
        key: Problem(key, rt.text(raw, "label", f"problems.{key}"), rt.get(raw, "imr_eligible", f"problems.{key}", bool))
        for key, raw in rt.get(rt.data, "problems", "", dict).items()
    }
    if tuple(problems) != PROBLEMS:
        raise rt.fail("problems", f"must be exactly {', '.join(PROBLEMS)} in that order")
    coverages = {key: rt.text(raw, "label", f"coverages.{key}") for key, raw in rt.get(rt.data, "coverages", "", dict).items()}
    if tuple(coverages) != COVERAGES:
        raise rt.fail("coverages", f"must be exactly {', '.join(COVERAGES)} in that order")

    kinds = {}
    for key, raw in rt.get(rt.data, "other_coverage_kinds", "", dict).items():
        path = f"other_coverage_kinds.{key}"
        rt.facts(raw, path)
        contact = rt.get(raw, "contact", path, str, optional=True)
        if contact is not None and contact not in contacts:
            raise rt.fail(f"{path}.contact", f"{contact!r} is not in agencies.yml contacts")
        kinds[key] = OtherKind(
            key=key,
            label=rt.text(raw, "label", path),
            contact=contact,
            deadline=rt.text(raw, "deadline", path, optional=True),
            first_step=rt.text(raw, "first_step", path, optional=True),
        )

    routes = _routes(rt, coverages)
    details = _program_details(rt, coverages)
    destinations = sorted({(x.agency, x.pathway) for x in routes} | {(d.agency, d.pathway) for d in details.values() if d.agency})
    first_steps, deadlines, grievance_first = {}, {}, set()
    steps_node = rt.get(rt.data, "first_steps", "", dict)
    deadline_node = rt.get(rt.data, "deadlines", "", dict)
    for agency, pathway in destinations:
        path = f"first_steps.{agency}.{pathway}"
        raw = rt.get(rt.get(steps_node, agency, "first_steps", dict), pathway, f"first_steps.{agency}", dict)
        rt.facts(raw, path)
        steps = {"default": fill(rt.text(raw, "default", path), path)}
        for problem, text in (rt.get(raw, "by_problem", path, dict, optional=True) or {}).items():
            rt.one_of(problem, PROBLEMS, f"{path}.by_problem")
            steps[problem] = fill(" ".join(str(text).split()), f"{path}.by_problem.{problem}")
        for detail, text in (rt.get(raw, "by_detail", path, dict, optional=True) or {}).items():
            rt.one_of(detail, tuple(details), f"{path}.by_detail")
            steps[f"detail:{detail}"] = fill(" ".join(str(text).split()), f"{path}.by_detail.{detail}")
        silent = rt.text(raw, "plan_silent", path, optional=True)
        if silent:
            steps["plan_silent"] = fill(silent, f"{path}.plan_silent")
        first_steps[(agency, pathway)] = steps
        if rt.get(raw, "grievance_first", path, bool, optional=True):
            grievance_first.add((agency, pathway))
        dpath = f"deadlines.{agency}"
        deadlines[(agency, pathway)] = fill(rt.text(rt.get(deadline_node, agency, "deadlines", dict), pathway, dpath, optional=True), dpath)

    extras = {
        key: fill(rt.text(rt.get(rt.data, "extras", "", dict), key, "extras"), f"extras.{key}")
        for key in rt.get(rt.data, "extras", "", dict)
    }
    for required in ("anthem_or_blue_shield_ppo", "medi_cal_managed_care_imr", "medi_cal_managed_care_experimental", "medi_cal_unsure_hearing",
                     "medi_cal_not_licensed", "unknown", "urgent", "other_coverage_unsure", "other_coverage_help",
                     "medi_cal_hearing_clock", "medi_cal_keep_services", "medi_cal_county_run", "medi_cal_complaint",
                     "medi_medi", "medicare_dual_hint", "job_plan"):
        rt.text(rt.data["extras"], required, "extras")

    faq = {
        "imr": {k: fq.text(fq.get(fq.data, "imr", "", dict), k, "imr") for k in ("what", "cost", "effect", "who", "when")},
        "emergency": fq.text(fq.get(fq.data, "emergency", "", dict), "text", "emergency"),
        "coverage_help": fq.text(fq.get(fq.data, "coverage_help", "", dict), "text", "coverage_help"),
    }
    for section in ("imr", "emergency", "coverage_help"):
        fq.facts(fq.data[section], section)

    return Knowledge(
        agencies=agencies,
        contacts=contacts,
        problems=problems,
        coverages=coverages,
        other_kinds=kinds,
        routes=routes,
        first_steps=first_steps,
        deadlines=deadlines,
        plan_grievance_deadline=fill(rt.text(deadline_node, "plan_grievance", "deadlines"), "deadlines.plan_grievance"),
        extras=extras,
        faq=faq,
        gazetteer=_gazetteer(pl, coverages, tuple(kinds) + tuple(details)),
        grievance_first=frozenset(grievance_first),
        program_details=details,
        language=language,
        **_next_steps(ns, fill, destinations, kinds, coverages, details),
    )


def _program_details(r: _Reader, coverages: Dict[str, str]) -> Dict[str, ProgramDetail]:
    details = {}
    for key, raw in (r.get(r.data, "program_details", "", dict, optional=True) or {}).items():
        path = f"program_details.{key}"
        target = r.get(raw, "route", path, dict, optional=True) or {}
        details[key] = ProgramDetail(
            key=key,
            coverage=r.one_of(r.get(raw, "coverage", path), tuple(coverages), f"{path}.coverage"),
            agency=r.one_of(target["agency"], AGENCIES, f"{path}.route.agency") if target else None,
            pathway=r.one_of(target["pathway"], PATHWAYS, f"{path}.route.pathway") if target else None,
            facts=r.facts(raw, path),
        )
    return details


def _sources(r: _Reader, raw: Any, path: str) -> Tuple[str, ...]:
    sources = r.get(raw, "sources", path, list)
    for i, source in enumerate(sources):
        r.url({"s": source}, "s", f"{path}.sources[{i}]", optional=False)
    return tuple(sources)


def _next_steps(r: _Reader, fill: Any, destinations: List[Tuple[str, str]], kinds: Dict[str, OtherKind], coverages: Dict[str, str],
                details: Dict[str, ProgramDetail]) -> Dict[str, Any]:
    """next_steps.yml: what to have ready, the countable deadlines, and the steps for every route."""
    have_ready = []
    for i, raw in enumerate(r.get(r.data, "have_ready", "", list)):
        path = f"have_ready[{i}]"
        r.facts(raw, path)
        _sources(r, raw, path)
        have_ready.append(fill(r.text(raw, "text", path), path))

    clocks = {}
    for key, raw in r.get(r.data, "clocks", "", dict).items():
        path = f"clocks.{key}"
        months = r.get(raw, "months", path, int, optional=True) or 0
        days = r.get(raw, "days", path, int, optional=True) or 0
        if (months > 0) == (days > 0):
            raise r.fail(path, "give either months or days (a whole number above 0)")
        dated = r.text(raw, "dated", path)
        if "{date}" not in dated:
            raise r.fail(f"{path}.dated", "must say {date}")
        clocks[key] = Clock(key, months, days, fill(r.text(raw, "text", path), path), fill(dated, path),
                            r.facts(raw, path), _sources(r, raw, path))

    def entry(raw: Any, path: str) -> StepPlan:
        steps = tuple(fill(r.text({"step": step}, "step", f"{path}.steps"), f"{path}.steps") for step in r.get(raw, "steps", path, list))
        if not steps:
            raise r.fail(f"{path}.steps", "needs at least one step")
        use = tuple(r.get(raw, "use_clocks", path, list))
        for clock in use:
            r.one_of(clock, tuple(clocks), f"{path}.use_clocks")
        return StepPlan(steps, use, r.facts(raw, path), _sources(r, raw, path))

    plans = {}
    node = r.get(r.data, "plans", "", dict)
    for agency, pathway in destinations:
        path = f"plans.{agency}.{pathway}"
        raw = r.get(r.get(node, agency, "plans", dict), pathway, f"plans.{agency}", dict)
        groups = {}
        silent = r.get(raw, "plan_silent", path, dict, optional=True)
        groups["plan_silent"] = entry(silent, f"{path}.plan_silent") if silent else None
        for group, allowed in (("by_kind", tuple(kinds)), ("by_problem", PROBLEMS), ("by_coverage", tuple(coverages)),
                               ("by_detail", tuple(details))):
            found = r.get(raw, group, path, dict, optional=True) or {}
            groups[group] = {r.one_of(key, allowed, f"{path}.{group}"): entry(value, f"{path}.{group}.{key}") for key, value in found.items()}
        plans[(agency, pathway)] = StepPlans(default=entry(r.get(raw, "default", path, dict), f"{path}.default"), **groups)
    r.facts({"facts": r.get(r.data, "newer_letter_facts", "", list)}, "newer_letter")
    return {
        "have_ready": tuple(have_ready),
        "clocks": clocks,
        "newer_letter": r.text(r.data, "newer_letter", ""),
        "step_plans": plans,
    }


@lru_cache(maxsize=None)
def default(language: str = "en") -> Knowledge:
    """The project's knowledge with its texts in `language`, loaded once per process."""
    return load(language=language)
