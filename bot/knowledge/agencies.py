"""agencies.yml: the agencies a referral names, and the other numbers it may give (contacts)."""

from __future__ import annotations

from typing import Any, Dict

from bot.knowledge.model import NAMED_AGENCIES, Agency, Contact
from bot.knowledge.reader import _Reader, _sources


def agencies(r: _Reader) -> Dict[str, Agency]:
    node = r.get(r.data, "agencies", "", dict)
    missing = [key for key in NAMED_AGENCIES if key not in node]
    if missing:
        raise r.fail("agencies", f"must define {', '.join(missing)} (the code names them)")
    return {
        key: agency(r, key, raw, f"agencies.{key}", phone_optional=key == "HEALTH_PLAN") for key, raw in node.items()
    }


def agency(r: _Reader, key: str, raw: Any, path: str, phone_optional: bool) -> Agency:
    """One agency (of agencies.yml, or a problem kind's own in problem_kinds.yml), with its fact ids."""
    r.facts(raw, path)
    return Agency(
        key=key,
        name=r.text(raw, "name", path),
        short_name=r.text(raw, "short_name", path),
        phone=r.phone(raw, "phone", path, optional=phone_optional),
        phone_words=r.text(raw, "phone_words", path, optional=True),
        tty=r.phone(raw, "tty", path, optional=True),
        website=r.url(raw, "website", path),
        form=r.url(raw, "form", path),
        hours=r.text(raw, "hours", path, optional=True),
        notes=tuple(" ".join(n.split()) for n in r.get(raw, "notes", path, list)),
        sources=_sources(r, raw, path),
    )


def contacts(r: _Reader) -> Dict[str, Contact]:
    found = {}
    for key, raw in r.get(r.data, "contacts", "", dict).items():
        path = f"contacts.{key}"
        r.facts(raw, path)
        found[key] = Contact(
            key=key,
            name=r.text(raw, "name", path),
            phone=r.phone(raw, "phone", path),
            tty=r.phone(raw, "tty", path, optional=True),
            website=r.url(raw, "website", path),
            fax=r.phone(raw, "fax", path, optional=True),
        )
    return found
