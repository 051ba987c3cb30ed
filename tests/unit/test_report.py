"""The operator's report (tools/report.py) on conversations stored as Rasa's tracker store stores them."""

import csv
import re
import sqlite3
from datetime import date

from bot import channel_format, feedback, replies
from bot.knowledge import default
from bot.routing import Case, route
from tools import report, synthetic_events
from tools.synthetic_events import KINDS

WEB_DMHC, _, SMS_CDI_ES, _, WEB_STOPPED, _ = KINDS


def stored(tmp_path, counts, days=1):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    synthetic_events.write(url, counts, days=days)
    return url


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_counts_match_the_conversations_written(tmp_path):
    # The example: 7 referrals to DMHC, 2 to CDI, 3 people who stopped at the coverage question.
    url = stored(tmp_path, {WEB_DMHC: 7, SMS_CDI_ES: 2, WEB_STOPPED: 3})
    stats = report.collect(url)
    assert stats.conversations == 12
    assert stats.referrals["agency"] == {"DMHC": 7, "CDI": 2}
    assert stats.referred == 9
    assert stats.stopped_at == {"coverage": 3}
    assert stats.per_day == {("2026-03-01", "web", "en"): 10, ("2026-03-01", "sms", "es"): 2}
    assert stats.feedback == {"asked": 9, "yes": 7}  # the two CDI conversations never answered
    assert sorted(stats.turns) == [2] * 9
    assert stats.understanding[("2026-03-01", "fallback")] == 3
    assert stats.understanding[("2026-03-01", "messages")] == 7 * 3 + 2 * 2 + 3 * 2  # incl. the feedback taps


def test_sms_segments_are_those_the_sms_channel_sends(tmp_path):
    url = stored(tmp_path, {SMS_CDI_ES: 2})
    kb = default("es")
    referral = route(Case(coverage="other_ppo_or_insurance", problem="medical_necessity"), kb)
    turns = [
        [replies.ask("coverage", {"problem": "medical_necessity"}, kb=kb)],
        [replies.referral(referral, kb), feedback.question(kb)],
    ]
    bodies = [body for turn in turns for body in channel_format.sms_turn(turn)]
    stats = report.collect(url)
    assert stats.sms[("2026-03-01", "sms")] == 2 * len(bodies)
    assert stats.sms[("2026-03-01", "segments")] == 2 * sum(report.sms_segments(b) for b in bodies)


def test_segments_follow_gsm7_and_ucs2_sizes():
    assert report.sms_segments("a" * 160) == 1
    assert report.sms_segments("a" * 161) == 2
    assert report.sms_segments("a" * 306) == 2
    assert report.sms_segments("[" * 80) == 1 and report.sms_segments("[" * 81) == 2  # extension characters count twice
    assert report.sms_segments("ó" * 70) == 1 and report.sms_segments("ó" * 71) == 2  # not GSM-7: UCS-2


def test_files_show_small_counts_as_under_five_and_no_text_or_ids(tmp_path):
    url = stored(tmp_path, {WEB_DMHC: 7, SMS_CDI_ES: 2, WEB_STOPPED: 3})
    out = tmp_path / "report"
    assert report.main(["--db", url, "--out", str(out)]) == 0
    referrals = read_csv(out / "referrals.csv")
    assert ["agency", "DMHC", "7"] in referrals and ["agency", "CDI", "<5"] in referrals
    funnel = {row[0]: row[1:] for row in read_csv(out / "funnel.csv")}
    assert funnel["reached a referral"] == ["9", "75%"]
    assert funnel["stopped at: coverage"] == ["<5", "<5"]  # neither the count nor its share
    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 4  # the charts are inside the page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    everything = page + "".join(p.read_text() for p in out.glob("*.csv"))
    assert "surgery" not in everything and "blah" not in everything  # no message text
    with sqlite3.connect(tmp_path / "conversations.db") as db:
        senders = [sender for (sender,) in db.execute("SELECT DISTINCT sender_id FROM events")]
    assert len(senders) == 12 and not [s for s in senders if s in everything], "no conversation ids"


def test_window_keeps_only_the_days_asked_for(tmp_path):
    url = stored(tmp_path, {WEB_DMHC: 30}, days=30)  # spread over March 2026
    every = report.collect(url)
    first_week = report.collect(url, date(2026, 3, 1), date(2026, 3, 7))
    later = report.collect(url, date(2026, 3, 8), None)
    assert every.conversations == 30 and 0 < first_week.conversations < 30
    assert first_week.conversations + later.conversations == 30
    assert all("2026-03-01" <= day <= "2026-03-07" for day, _, _ in first_week.per_day)
    assert report.collect(url, date(2026, 4, 1), None).conversations == 0


def test_an_empty_store_gives_an_empty_report(tmp_path):
    out = tmp_path / "report"
    assert report.main(["--db", f"sqlite:///{tmp_path / 'none.db'}", "--out", str(out)]) == 0
    assert "0 conversations" in (out / "report.html").read_text()
