"""Load and validate the routing knowledge in bot/knowledge_data/*.yml.

This is the one place where agencies, phone numbers, deadlines and routing rules come from. The
loader refuses data it cannot trust (a missing key, a malformed phone number, a gap or an overlap in
the decision table) with an error that names the file and the key, so a bad edit fails at start-up
and in `make test`, never in front of a person. One small loader per file (agencies, routing_table,
gazetteer, faq, next_steps, words), the model in `model`, the YAML reading and translation in `reader`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from bot.knowledge import agencies as _agencies_file, faq as _faq_file, gazetteer as _gazetteer_file
from bot.knowledge import next_steps as _next_steps_file, routing_table as _table
from bot.knowledge.model import (
    FAIR_HEARING,
    Agency,
    Clock,
    Contact,
    Coverage,
    GazetteerEntry,
    Knowledge,
    KnowledgeError,
    OtherKind,
    Problem,
    ProgramDetail,
    Route,
    StepPlan,
    StepPlans,
)
from bot.knowledge.reader import FACT_ID, NOT_TEXT, _fill_placeholders, _read, _Reader, _sources, _translate
from bot.knowledge.reader import KNOWLEDGE_DIR
from bot.knowledge.words import LANGUAGES, languages

FILES = ("agencies.yml", "routing.yml", "faq.yml", "plans.yml", "next_steps.yml")
# Translations live in bot/knowledge_data/<language>/<file>, with the same keys as the English file
# but only the text. plans.yml has no text to translate: names stay as they are. Every language has
# every translated file, including those that bot/followup_data.py and bot/problem_kinds/ read.
TRANSLATED_FILES = ("agencies.yml", "routing.yml", "faq.yml", "next_steps.yml")
EVERY_LANGUAGE_HAS = TRANSLATED_FILES + ("followups.yml", "problem_kinds.yml")


def load(directory: Path = KNOWLEDGE_DIR, language: str = "en") -> Knowledge:
    """Read and validate every knowledge file in `directory`, with its texts in `language`."""
    known = languages(directory)
    if language not in known:
        raise KnowledgeError(f"unknown language {language!r}; known: {', '.join(known)}")
    for code in known[1:]:
        missing = [name for name in EVERY_LANGUAGE_HAS if not (directory / code / name).is_file()]
        if missing:
            raise KnowledgeError(f"{code}/: language {code!r} lacks {', '.join(missing)}")
    readers = {name: _read(directory, name) for name in FILES}
    if language != known[0]:
        for name in TRANSLATED_FILES:
            readers[name] = _translate(readers[name], directory, language)
    ag, rt, fq, pl, ns = (readers[name] for name in FILES)
    agencies, contacts = _agencies_file.agencies(ag), _agencies_file.contacts(ag)

    def fill(text: Optional[str], where: str) -> Optional[str]:
        return None if text is None else _fill_placeholders(text, where, agencies, contacts)

    coverages, problems = _table.coverages(rt), _table.problems(rt)
    covered, names = tuple(coverages), _table.Names(tuple(agencies), _table.pathways(rt), tuple(problems))
    extras = _table.extras(rt, fill)
    kinds = _table.other_kinds(rt, contacts, tuple(extras), names.problems)
    details = _table.program_details(rt, covered, contacts, names)
    routes = _table.routes(rt, covered, contacts, tuple(extras), tuple(kinds) + tuple(details), names)
    destinations = sorted(
        {(x.agency, x.pathway) for x in routes} | {(d.agency, d.pathway) for d in details.values() if d.agency}
    )
    gazetteer = _gazetteer_file.gazetteer(pl, covered, tuple(kinds) + tuple(details))
    return Knowledge(
        agencies=agencies,
        contacts=contacts,
        problems=problems,
        coverages={key: coverage.label for key, coverage in coverages.items()},
        other_kinds=kinds,
        routes=routes,
        extras=extras,
        faq=_faq_file.faq(fq),
        gazetteer=gazetteer,
        program_details=details,
        language=language,
        pathways=names.pathways,
        coverage_kinds=coverages,
        names=_gazetteer_file.names(gazetteer, coverages, kinds),
        **_table.first_steps(rt, fill, destinations, tuple(details), names.problems),
        **_next_steps_file.next_steps(ns, fill, destinations, kinds, covered, details, names.problems),
    )


@lru_cache(maxsize=None)
def default(language: str = "en") -> Knowledge:
    """The project's knowledge with its texts in `language`, loaded once per process."""
    return load(language=language)


# The lists of the project's data, in order: agencies.yml `agencies`, routing.yml `coverages`,
# `pathways` and `problems`. A loader of other data is given its own lists (Knowledge), never these.
_LISTS = {
    "AGENCIES": lambda kb: tuple(kb.agencies),
    "COVERAGES": lambda kb: tuple(kb.coverages),
    "PATHWAYS": lambda kb: kb.pathways,
    "PROBLEMS": lambda kb: tuple(kb.problems),
}


def __getattr__(name: str) -> Any:
    """AGENCIES, COVERAGES, PATHWAYS, PROBLEMS: the lists of the project's data (`_LISTS`)."""
    if name in _LISTS:
        return _LISTS[name](default())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
