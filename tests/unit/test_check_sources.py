"""`make check-sources` (tools/check_sources.py), offline: recorded pages instead of the web."""

from pathlib import Path

import pytest
import yaml

from tools import check_sources
from tools.check_sources import Finding, check, load_sources, used_fact_ids

PAGES = Path(__file__).parent / "recorded_pages"
FACTS = ["F1.1", "F1.2", "F1.4", "F1.23"]
FACT_SHEET = Path("/work/shared/domain/facts.md")  # outside the repository; only where it exists


def recorded(changes=None):
    """A fetch that answers from the recorded pages; `changes` maps a url to another file or an HTTP status."""
    index = yaml.safe_load((PAGES / "pages.yml").read_text())
    index.update(changes or {})

    def fetch(url):
        target = index.get(url)
        if target is None:
            raise ConnectionError(url)
        if isinstance(target, int):
            return target, "gone"
        return 200, (PAGES / target).read_text()

    return fetch


def test_recorded_pages_still_say_what_we_quote():
    findings = check(FACTS, load_sources(), recorded())
    assert [f.status for f in findings] == ["ok"] * 4, [f.line() for f in findings]


def test_a_changed_phone_number_fails_naming_the_fact(capsys):
    changed = recorded({"http://www.hmohelp.ca.gov/dmhc_consumer/pc/pc_complaint.aspx": "hmohelp_changed.html"})
    assert check_sources.main(["--facts", *FACTS], fetch=changed) == 1
    out = capsys.readouterr().out
    (line,) = [l for l in out.splitlines() if l.startswith("CHANGED")]
    assert "F1.23" in line and "phone 1-877-688-9891" in line
    assert "4 facts: 3 still found, 1 changed" in out


def test_a_vanished_page_fails_and_an_unreachable_one_is_told_apart(capsys):
    gone = recorded({"http://dmhc.ca.gov/FileaComplaint.aspx": 404})
    assert check_sources.main(["--facts", *FACTS], fetch=gone) == 1
    assert "VANISHED  F1.2 http://dmhc.ca.gov/FileaComplaint.aspx: HTTP 404" in capsys.readouterr().out
    offline = recorded({"http://dmhc.ca.gov/FileaComplaint.aspx": None})
    assert check_sources.main(["--facts", *FACTS], fetch=offline) == 2


def test_quotes_match_across_markup_punctuation_and_ellipses():
    source = {"url": "u", "quotes": ["It's free ... call 1-800-927-HELP today."]}
    page = (
        "<p>It&rsquo;s <b>free</b>. More text here.</p><p>CALL <a href='tel:18009274357'>1-800-927-HELP</a> today!</p>"
    )
    assert check_sources.check_fact("F", source, lambda url: (200, page)).status == "ok"
    changed = check_sources.check_fact("F", source, lambda url: (200, page.replace("927-HELP", "927-4000")))
    assert changed.status == "changed" and changed.missing == ("call 1-800-927-HELP today.", "phone 1-800-927-HELP")


def test_every_fact_the_knowledge_data_cites_has_a_recorded_source():
    sources = load_sources()
    used = used_fact_ids()
    assert "F1.23" in used and len(used) > 20
    missing = [fid for fid in used if fid not in sources]
    assert not missing, f"regenerate: python -m tools.check_sources --from-facts <facts.md> ({missing})"
    for fid in used:
        source = sources[sources[fid]["see"]] if "see" in sources[fid] else sources[fid]
        assert source["url"].startswith("http") and source["quotes"], fid


@pytest.mark.skipif(not FACT_SHEET.exists(), reason="the fact sheet lives outside the repository")
def test_sources_yml_is_what_the_fact_sheet_generates(tmp_path):
    check_sources.main(["--from-facts", str(FACT_SHEET), "--sources", str(tmp_path / "s.yml")])
    assert (tmp_path / "s.yml").read_text() == check_sources.SOURCES.read_text()


def test_finding_lines_name_the_fact():
    assert Finding("F2.9", "https://x", "unreachable", detail="Timeout").line().split()[:2] == ["UNREACHABLE", "F2.9"]
