"""`make check-sources`: do the knowledge data's sources still say what we quote?

    python -m tools.check_sources                      # check every fact the knowledge data cites
    python -m tools.check_sources --from-facts FACTS   # regenerate bot/knowledge_data/sources/fact_sources.yml

For every fact id used in bot/knowledge_data/ (the `facts:` lists and the `# F1.23` notes), fetch the
source page recorded for it in bot/knowledge_data/sources/fact_sources.yml and check that each quoted
passage (the words between "..." separately) and each phone number in the quote still appear. Markup,
punctuation, case and spacing are ignored; a phone number is matched by its digits.

Prints what changed or vanished, naming the fact. Exit status: 0 all found, 1 a quote or number is
gone or the page is gone (404/410), 2 only pages that could not be fetched (network, server error).
Needs the internet, so it is not part of `make test`; run it weekly (deploy/README.md).

fact_sources.yml is generated from the project's fact sheet (kept outside the repository) with
--from-facts, and committed: id -> url and quotes, for every fact on the sheet.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "bot" / "knowledge_data"
SOURCES = KNOWLEDGE / "sources" / "fact_sources.yml"  # a folder of its own: not knowledge text
FACT_ID = re.compile(r"\bF\d+\.\d+\b")
SEED = "F0.1"  # the seed page (the knowledge data cites it as `seed`)
PHONE = re.compile(r"(?:1[-.\s])?\(?\d{3}\)?[-.\s]\d{3}[-.\s](?:\d{4}|[A-Z]{4})\b")
_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_FACT_LINE = re.compile(r"^\*\*(F\d+\.\d+)\*\*")
_SOURCE_LINE = re.compile(r"^- Source[^:]*:\s*(\S+)")
_QUOTE_LINE = re.compile(r'^- (?:Quote|Same page):\s*"(.*?)"(?:\s*\(.*\))?\s*$')  # "..." (a note)
_SEE = re.compile(r"\b[Ss]ee (F\d+\.\d+)\b")
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
# A phone keypad's letters (1-800-927-HELP).
_LETTERS = {
    c: str(d) for d, group in enumerate(("ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"), 2) for c in group
}


# --- The map: fact id -> source URL and quotes (generated from the fact sheet). ---


def parse_facts(text: str) -> Dict[str, Dict[str, object]]:
    """Each fact's first source URL and the quotes from that page (Quote, Same page); a fact with
    no quote of its own that says "see F0.1" is checked by that fact's source."""
    facts: Dict[str, Dict[str, object]] = {}
    see: Dict[str, str] = {}
    current: Optional[str] = None
    for line in text.splitlines():
        found = _FACT_LINE.match(line)
        if found:
            current = found.group(1)
            other = _SEE.search(line)
            if other:
                see[current] = other.group(1)
            continue
        if current is None:
            continue
        source = _SOURCE_LINE.match(line)
        if source and "url" not in facts.get(current, {}) and source.group(1).startswith("http"):
            facts.setdefault(current, {})["url"] = source.group(1)
        quote = _QUOTE_LINE.match(line)
        if quote and "url" in facts.get(current, {}):
            facts[current].setdefault("quotes", []).append(quote.group(1))
    quoted = {fid: fact for fid, fact in facts.items() if fact.get("quotes")}
    quoted.update({fid: {"see": other} for fid, other in see.items() if fid not in quoted and other in quoted})
    return quoted


def write_sources(facts: Dict[str, Dict[str, object]], path: Path = SOURCES) -> None:
    header = (
        "# Generated from the project's fact sheet by `python -m tools.check_sources --from-facts\n"
        "# <facts.md>`: do not edit by hand. Fact id -> the source page and the words quoted from it;\n"
        "# `make check-sources` checks that they are still there.\n"
    )
    ordered = dict(sorted(facts.items(), key=lambda item: tuple(int(n) for n in item[0][1:].split("."))))
    path.write_text(
        header + yaml.safe_dump({"facts": ordered}, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def load_sources(path: Path = SOURCES) -> Dict[str, Dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]


def used_fact_ids(knowledge: Path = KNOWLEDGE) -> List[str]:
    """Fact ids the knowledge data cites (lists and comments), `seed` as the seed page's fact."""
    found = set()
    for path in knowledge.rglob("*.yml"):
        if SOURCES.parent in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        found.update(FACT_ID.findall(text))
        if re.search(r"\bseed\b", text):
            found.add(SEED)
    return sorted(found, key=lambda fid: tuple(int(n) for n in fid[1:].split(".")))


# --- Checking a page. ---


class _Text(HTMLParser):
    """The visible text of an HTML page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: List[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(body: str) -> str:
    parser = _Text()
    parser.feed(body)
    return " ".join(parser.parts)


def words(text: str) -> str:
    """Lower-case words only, one space apart: markup, punctuation and spacing do not count."""
    text = html.unescape(text).replace("\u2019", "'").casefold()
    return " ".join(_WORD.findall(text.replace("'", "")))


def phone_digits(phone: str) -> str:
    digits = "".join(_LETTERS.get(c, c) for c in phone.upper() if c.isalnum())
    return digits[-10:]


@dataclass
class Finding:
    fact: str
    url: str
    status: str  # "ok", "changed", "vanished", "unreachable", "unchecked" (nothing quoted to check)
    missing: Tuple[str, ...] = ()
    detail: str = ""

    def line(self) -> str:
        if self.status == "ok":
            return f"ok        {self.fact} {self.url}"
        if self.status == "changed":
            return f"CHANGED   {self.fact} {self.url}: no longer says " + "; ".join(repr(m) for m in self.missing)
        return f"{self.status.upper():<9} {self.fact} {self.url}: {self.detail}"


Fetch = Callable[[str], Tuple[int, str]]


def check_fact(fact_id: str, source: Dict[str, object], fetch: Fetch) -> Finding:
    url = str(source["url"])
    try:
        status, body = fetch(url)
    except Exception as error:  # noqa: BLE001 - a network failure is reported, not raised
        return Finding(fact_id, url, "unreachable", detail=type(error).__name__)
    if status in (404, 410):
        return Finding(fact_id, url, "vanished", detail=f"HTTP {status}")
    if status >= 400:
        return Finding(fact_id, url, "unreachable", detail=f"HTTP {status}")
    text = page_text(body)
    on_page, digits = words(text), re.sub(r"\D", "", text)
    missing: List[str] = []
    for quote in source.get("quotes") or []:
        for piece in _ELLIPSIS.split(str(quote)):
            if words(piece) and words(piece) not in on_page:
                missing.append(piece.strip())
        for phone in PHONE.findall(str(quote)):
            if phone_digits(phone) not in digits and phone_digits(phone) not in re.sub(r"\D", "", _spelled(text)):
                missing.append(f"phone {phone.strip()}")
    return Finding(fact_id, url, "changed" if missing else "ok", tuple(missing))


def _spelled(text: str) -> str:
    """A page's phone numbers with letters as digits (1-800-927-HELP)."""
    return PHONE.sub(lambda m: phone_digits(m.group(0)), text)


def http_fetch(url: str, timeout: float = 20) -> Tuple[int, str]:
    import requests

    reply = requests.get(url, timeout=timeout, headers={"User-Agent": "health-plan-help source check"})
    return reply.status_code, reply.text


def check(fact_ids: Sequence[str], sources: Dict[str, Dict[str, object]], fetch: Fetch) -> List[Finding]:
    """One finding per fact; a page shared by several facts is fetched once."""
    pages: Dict[str, Tuple[int, str]] = {}

    def cached(url: str) -> Tuple[int, str]:
        if url not in pages:
            pages[url] = fetch(url)
        return pages[url]

    findings = []
    for fact_id in fact_ids:
        source = sources.get(fact_id) or {}
        source = sources.get(source["see"], {}) if "see" in source else source
        if not source:
            findings.append(Finding(fact_id, "-", "unchecked", detail="no quoted source on the fact sheet"))
            continue
        findings.append(check_fact(fact_id, source, cached))
    return findings


def exit_status(findings: Iterable[Finding]) -> int:
    statuses = {f.status for f in findings}
    if statuses & {"changed", "vanished"}:
        return 1
    return 2 if "unreachable" in statuses else 0


def main(argv: Optional[Sequence[str]] = None, fetch: Fetch = http_fetch) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.check_sources", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from-facts", type=Path, help="regenerate bot/knowledge_data/sources/fact_sources.yml from this fact sheet"
    )
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument(
        "--facts", nargs="+", help="check only these fact ids (default: every one the knowledge data cites)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only what changed")
    args = parser.parse_args(argv)
    if args.from_facts:
        facts = parse_facts(args.from_facts.read_text(encoding="utf-8"))
        write_sources(facts, args.sources)
        print(f"wrote {len(facts)} facts to {args.sources}")
        return 0
    findings = check(args.facts or used_fact_ids(), load_sources(args.sources), fetch)
    for finding in findings:
        if finding.status != "ok" or not args.quiet:
            print(finding.line())
    counts = {
        s: sum(f.status == s for f in findings) for s in ("ok", "changed", "vanished", "unreachable", "unchecked")
    }
    print(
        f"{len(findings)} facts: {counts['ok']} still found, "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if s != "ok")
    )
    return exit_status(findings)


if __name__ == "__main__":
    sys.exit(main())
