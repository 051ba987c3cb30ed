"""Read and validate problem_kinds.yml (the kinds' own agencies, contacts, clocks, routes and steps,
with fact ids; Spanish text in es/problem_kinds.yml) together with problem_cues.yml: a bad edit fails
at load, with the file and key named."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Mapping, Optional, Tuple

from bot import knowledge as kn
from bot.knowledge import Agency, Clock, Contact, Knowledge, StepPlan
from bot.knowledge.agencies import agency
from bot.knowledge.next_steps import late_window
from bot.problem_kinds import cues as cue_file
from bot.problem_kinds.model import CUES_FILE, FILE, Kind, KindRoute, Kinds

Fill = Callable[[Optional[str], str], Optional[str]]


def load(directory: Path = kn.KNOWLEDGE_DIR, language: str = "en", base: Optional[Knowledge] = None) -> Kinds:
    r = kn._read(directory, FILE)
    if language != "en":
        r = kn._translate(r, directory, language)
    base = base or kn.load(directory, language)
    agencies = _agencies(r, base)
    contacts = _contacts(r)
    every_agency = {**base.agencies, **agencies}

    def fill(text: Optional[str], where: str) -> Optional[str]:
        return None if text is None else kn._fill_placeholders(" ".join(text.split()), where, every_agency, contacts)

    clocks = _clocks(r, fill)
    kinds = {
        key: _kind(r, key, raw, every_agency, base.pathways, agencies, contacts, clocks, fill)
        for key, raw in r.get(r.data, "kinds", "", dict).items()
    }
    cues_reader = kn._read(directory, CUES_FILE)
    cues = {**cue_file.kind_cues(cues_reader, kinds), **cue_file.reasons_and_groups(cues_reader)}
    for kind in kinds.values():
        for route in kind.routes:
            if route.when and route.when not in cues["groups"]:
                raise r.fail(f"kinds.{kind.key}.routes", f"`when: {route.when}` is not a group in {CUES_FILE}")
    takeovers = cue_file.takeovers(cues_reader, kinds, cues["groups"])
    return Kinds(agencies=agencies, contacts=contacts, clocks=clocks, kinds=kinds, takeovers=takeovers, **cues)


@lru_cache(maxsize=None)
def default(language: str = "en") -> Kinds:
    return load(language=language, base=kn.default(language))


def _agencies(r: "kn._Reader", base: Knowledge) -> Dict[str, Agency]:
    """The kinds' own destinations; a number already in agencies.yml stays there (one place)."""
    agencies: Dict[str, Agency] = {}
    for key, raw in r.get(r.data, "agencies", "", dict).items():
        path = f"agencies.{key}"
        if key in base.agencies:
            raise r.fail(path, "is already in agencies.yml: one place for every number")
        agencies[key] = agency(r, key, raw, path, phone_optional=True)
    return agencies


def _contacts(r: "kn._Reader") -> Dict[str, Contact]:
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
            r.phone(raw, "fax", path, optional=True),
        )
    return contacts


def _clocks(r: "kn._Reader", fill: Fill) -> Dict[str, Clock]:
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
            *late_window(r, raw, path, days, fill),
        )
    return clocks


def _step_plan(
    r: "kn._Reader", raw: Mapping, key: str, path: str, clocks: Mapping, every_agency: Mapping, fill: Fill
) -> Optional[StepPlan]:
    steps = r.get(raw, key, path, list, optional=True)
    if not steps:
        return None
    # a kind's Medi-Cal steps may count their own dates (`medi_cal_use_clocks`), else the kind's
    own = "medi_cal_use_clocks" if key == "medi_cal_steps" and "medi_cal_use_clocks" in raw else "use_clocks"
    use = tuple(r.get(raw, own, path, list))
    for clock in use:
        r.one_of(clock, tuple(clocks), f"{path}.use_clocks")
    named = [a for a in every_agency.values() if "{" + a.key + "." in "".join(steps)]  # the agencies the steps name
    sources = tuple(dict.fromkeys(s for a in named for s in a.sources))
    return StepPlan(tuple(fill(s, f"{path}.{key}") for s in steps), use, r.facts(raw, path), sources)


def _routes(r: "kn._Reader", raw: Mapping, path: str, every_agency: Mapping, pathways: Tuple[str, ...]) -> tuple:
    routes = []
    for i, route in enumerate(r.get(raw, "routes", path, list)):
        rpath = f"{path}.routes[{i}]"
        coverage = route.get("coverage")
        table = coverage == "table"
        covers = (
            None if coverage in ("any", "table") else tuple(r.one_of(c, kn.COVERAGES, rpath) for c in coverage or ())
        )
        agency = None if table else r.one_of(route.get("agency"), tuple(every_agency), f"{rpath}.agency")
        pathway = None if table else r.one_of(route.get("pathway"), pathways, f"{rpath}.pathway")
        if pathway == "imr":  # a problem that is not a denial never gets "apply for an IMR"
            raise r.fail(f"{rpath}.pathway", "a problem kind never goes to an IMR")
        routes.append(KindRoute(covers, table, agency, pathway, route.get("when")))
    if not (routes[-1].table or routes[-1].coverages is None) or routes[-1].when:
        raise r.fail(f"{path}.routes", "the last route must fit every coverage (any or table) without `when`")
    return tuple(routes)


def _kind(r, key: str, raw: Mapping, every_agency: Mapping, pathways: tuple, agencies, contacts, clocks, fill) -> Kind:
    """A kind of problem; `pathways`: routing.yml's, `agencies`: the kinds' own destinations."""
    path = f"kinds.{key}"
    routes = _routes(r, raw, path, every_agency, pathways)
    also = tuple(r.get(raw, "also_call", path, list))
    medi_also = tuple(r.get(raw, "medi_cal_also_call", path, list, optional=True) or ())
    for contact in also + medi_also:
        if contact not in contacts:
            raise r.fail(f"{path}.also_call", f"{contact!r} is not in contacts")
    implied = r.get(raw, "implies_coverage", path, str, optional=True)
    kind = Kind(
        key=key,
        label=r.text(raw, "label", path),
        routes=routes,
        first_step=fill(r.text(raw, "first_step", path), path),
        deadline=fill(r.text(raw, "deadline", path, optional=True), path),
        steps=_step_plan(r, raw, "steps", path, clocks, every_agency, fill),
        medi_cal_steps=_step_plan(r, raw, "medi_cal_steps", path, clocks, every_agency, fill),
        medicare_steps=_step_plan(r, raw, "medicare_steps", path, clocks, every_agency, fill),
        also_call=also,
        medi_cal_also_call=medi_also,
        implies_coverage=None if implied is None else r.one_of(implied, kn.COVERAGES, f"{path}.implies_coverage"),
        asking=r.text(raw, "asking", path),
        medi_cal_first_step=fill(r.text(raw, "medi_cal_first_step", path, optional=True), path),
        medicare_first_step=fill(r.text(raw, "medicare_first_step", path, optional=True), path),
        card_detail=r.get(raw, "card_detail", path, str, optional=True),
        first_step_for=_first_step_for(r, raw, path, fill),
    )
    for route in kind.routes:  # a new destination needs its own steps (the old ones have theirs)
        if route.agency in agencies and not (
            kind.steps or (kind.medi_cal_steps and route.coverages == ("medi_cal_managed_care",))
        ):
            raise r.fail(f"{path}.steps", f"needed for {route.agency}")
    return kind


def _first_step_for(r, raw: Mapping, path: str, fill: Fill) -> Tuple[Tuple[str, str], ...]:
    """`first_step_for`: a first step per coverage id (`unknown` for none told)."""
    given = r.get(raw, "first_step_for", path, dict, optional=True) or {}
    return tuple(
        (
            r.one_of(coverage, kn.COVERAGES, f"{path}.first_step_for"),
            fill(r.text(given, coverage, f"{path}.first_step_for"), path),
        )
        for coverage in given
    )
