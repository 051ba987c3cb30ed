"""The operator's tools on conversations held with the running servers (SQLite tracker store):
`make report` counts them, `make review` exports the missed ones, and "Did this help?" works."""

import csv

import yaml

from bot.knowledge import default
from bot.messages import say
from tools import report, review
from tools.chat import Chat

KB = default()


def card_agency(chat):
    card = chat.card()
    return card and card["agency"]


def test_report_counts_the_conversations_held(servers, tmp_path):
    url = f"sqlite:///{servers.tracker_db}"
    before = report.collect(url)
    for i in range(7):  # 7 referrals to DMHC
        chat = Chat(servers.webhook, f"op-dmhc-{i}")
        chat.say("Kaiser denied my MRI as not medically necessary")
        assert card_agency(chat) == "DMHC"
    for i in range(2):  # 2 to CDI
        chat = Chat(servers.webhook, f"op-cdi-{i}")
        for text in ("my insurance denied the surgery as not medically necessary", "it's a PPO", "Cigna"):
            chat.say(text)
        assert card_agency(chat) == "CDI"
    for i in range(3):  # 3 who stop at the coverage question
        chat = Chat(servers.webhook, f"op-stop-{i}")
        chat.say("my plan denied my surgery, they say it's not medically necessary")
        assert chat.buttons() and chat.card() is None
    after = report.collect(url)
    assert after.conversations - before.conversations == 12
    assert after.referrals["agency"]["DMHC"] - before.referrals["agency"]["DMHC"] == 7
    assert after.referrals["agency"]["CDI"] - before.referrals["agency"]["CDI"] == 2
    assert after.stopped_at["coverage"] - before.stopped_at["coverage"] == 3
    assert after.referred - before.referred == 9
    new_turns = sorted(after.turns)  # the DMHC ones took 1 message, the CDI ones 3
    assert new_turns.count(1) - sorted(before.turns).count(1) == 7

    out = tmp_path / "operator"
    assert report.main(["--db", url, "--out", str(out)]) == 0
    with open(out / "referrals.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    dmhc = after.referrals["agency"]["DMHC"]
    assert ["agency", "DMHC", report.shown(dmhc)] in rows
    page = (out / "report.html").read_text()
    assert "data:image/png;base64," in page and "Kaiser" not in page and "op-dmhc" not in page


def test_feedback_after_the_referral_is_asked_once_and_counted(servers):
    url = f"sqlite:///{servers.tracker_db}"
    before = report.collect(url).feedback
    chat = Chat(servers.webhook, "op-feedback")
    chat.say("Kaiser denied my MRI as not medically necessary")
    question = say("en", "feedback_question")
    assert question not in chat.text(), "not in the referral turn that offers to count the deadlines"
    chat.say("no")  # no letter at hand
    assert chat.text().endswith(question) and [b["payload"] for b in chat.buttons()] == [
        "/feedback_yes",
        "/feedback_no",
    ]
    chat.say("what is an IMR?")  # never blocking: another message goes on as usual
    assert KB.faq["imr"]["what"] in chat.text() and question not in chat.text()
    chat.say("/feedback_no")
    assert KB.agencies["DMHC"].phone in chat.text()
    chat.say("ok")
    assert question not in chat.text(), "asked once"
    after = report.collect(url).feedback
    assert after["asked"] - before["asked"] == 1 and after["no"] - before["no"] == 1


def test_review_exports_what_was_not_understood(servers, tmp_path):
    chat = Chat(servers.webhook, "op-review")
    chat.say("qqqq wwww")
    assert chat.buttons() and KB.agencies["DMHC"].phone in chat.text(), "answered with 'I didn't understand'"
    path, _ = review.export(f"sqlite:///{servers.tracker_db}", None, None, tmp_path)
    entries = yaml.safe_load(path.read_text())["messages"]
    (entry,) = [e for e in entries if e["text"] == "qqqq wwww"]
    assert entry["predicted"] and entry["intent"] == ""
