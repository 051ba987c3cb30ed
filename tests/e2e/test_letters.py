"""A plan's letter through the REST contract: `"attachment": {"name", "content_type", "data"}`, with or
without text. What was read comes back as `custom.letter`, then the referral card, with the plan's
deadlines dated from the letter's date. The file and the identifiers on it are never stored.

Expected routes and dates come from the knowledge data (bot.routing, bot.action_plan)."""

import base64
import sqlite3
from datetime import date

import requests

from bot import problem_kinds
from bot.action_plan import build
from bot.dates import format_date
from bot.knowledge import default
from bot.letter.reply import say as letter_say
from bot.messages import say
from bot.routing import Case, route
from tests.letters import corpus
from tools.chat import Chat

LETTERS = {letter.key: letter for letter in corpus.LETTERS}


class LetterChat(Chat):
    def send_file(self, data: bytes, content_type: str = "image/png", message=None, name: str = "letter.png"):
        body = {
            "sender": self.sender,
            "attachment": {"name": name, "content_type": content_type, "data": base64.b64encode(data).decode()},
        }
        if message is not None:
            body["message"] = message
        response = requests.post(self.webhook, json=body, timeout=120)
        response.raise_for_status()
        self.replies.append(response.json())
        return self.replies[-1]

    def letter(self):
        found = [m["custom"]["letter"] for m in self.replies[-1] if "letter" in (m.get("custom") or {})]
        return found[-1] if found else None


def stored(servers, sender):
    with sqlite3.connect(servers.tracker_db) as db:
        return "\n".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)))


def expected_dates(coverage, problem, letter_date, kb, fair_hearing=None):
    referral = route(Case(coverage=coverage, problem=problem, fair_hearing=fair_hearing), kb)
    plan = build(referral, date.fromisoformat(letter_date), today=date.today(), kb=kb)
    return referral, [format_date(d.due, kb.language) for d in plan.deadlines if d.due]


def test_a_photo_of_the_letter_alone_gives_the_referral_with_dated_deadlines(servers):
    letter = LETTERS["kaiser_mri_en"]
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.png(corpus.render(letter)))
    read = chat.letter()
    assert read == {
        k: letter.expected[k] for k in ("plan", "coverage", "problem", "service", "letter_date", "language")
    }
    assert chat.text().startswith(letter_say("en", "read", summary="").rstrip(".").strip())
    referral, dates = expected_dates("hmo", "medical_necessity", letter.expected["letter_date"], default())
    card = chat.card()
    assert (card["agency"], card["pathway"], card["coverage"], card["problem"]) == (
        referral.agency.key,
        referral.pathway,
        "hmo",
        "medical_necessity",
    )
    titles = [b["title"] for b in chat.buttons()]
    assert letter_say("en", "fix_coverage") in titles
    chat.say("/ask_dates")  # the dated deadlines come on request (the referral fits one phone screen)
    assert dates and all(d in chat.text() for d in dates)
    assert "October 14, 2026" in chat.text()


def test_the_file_and_the_names_on_it_are_not_stored(servers):
    letter = LETTERS["kaiser_mri_en"]
    data = corpus.png(corpus.render(letter))
    chat = LetterChat(servers.webhook)
    chat.send_file(data)
    events = stored(servers, chat.sender)
    assert events and "share_letter" in events
    encoded = base64.b64encode(data).decode()
    for secret in (corpus.PERSON, corpus.MEMBER_ID, "Fictional", encoded[:200], "Maria"):
        assert secret not in events
    logs = servers.log("rasa.log") + servers.log("actions.log")
    assert corpus.MEMBER_ID not in logs and "lower back" not in logs


def test_a_spanish_medi_cal_photo_asks_only_the_hearing_question_then_dates_the_plan(servers):
    letter = LETTERS["medi_cal_noa_es"]
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.phone_photo(corpus.render(letter), seed=3), content_type="image/jpeg", name="carta.jpg")
    assert chat.letter()["coverage"] == "medi_cal_managed_care" and chat.letter()["language"] == "es"
    assert chat.card() is None, "the State Fair Hearing question comes first"
    kb = default("es")
    chat.click(say("es", "answer_no"))
    referral, dates = expected_dates(
        "medi_cal_managed_care", "medical_necessity", letter.expected["letter_date"], kb, fair_hearing="not_requested"
    )
    card = chat.card()
    assert (card["agency"], card["language"]) == (referral.agency.key, "es")
    chat.say("/ask_dates")  # the dated deadlines come on request (the referral fits one phone screen)
    assert dates and all(d in chat.text() for d in dates)


def test_a_pdf_with_text_and_a_note_from_the_person(servers):
    letter = LETTERS["aetna_life_en"]
    chat = LetterChat(servers.webhook)
    chat.send_file(
        corpus.text_pdf(letter),
        content_type="application/pdf",
        name="denial.pdf",
        message="they say my treatment is experimental",
    )
    card = chat.card()
    assert (card["coverage"], card["problem"], card["agency"]) == ("other_ppo_or_insurance", "experimental", "CDI")


def test_a_pasted_letter_is_read_like_a_photo(servers):
    letter = LETTERS["anthem_life_en"]
    chat = LetterChat(servers.webhook)
    chat.say(letter.text())
    assert chat.letter()["coverage"] == "other_ppo_or_insurance"
    assert chat.card()["agency"] == "CDI"
    assert corpus.MEMBER_ID not in stored(servers, chat.sender)


def test_a_locked_pdf_gets_a_kind_answer_and_the_questions(servers):
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.text_pdf(LETTERS["kaiser_mri_en"], password="secret"), content_type="application/pdf")
    assert letter_say("en", "errors.password") in chat.text()
    assert chat.card() is None and chat.buttons(), "the first question, with its options"
    chat.say("Kaiser denied my MRI as not medically necessary")
    assert chat.card()["agency"] == "DMHC"


def test_a_broken_attachment_is_answered_kindly(servers):
    chat = LetterChat(servers.webhook)
    response = requests.post(servers.webhook, json={"sender": chat.sender, "attachment": {"data": 42}}, timeout=60)
    assert response.status_code == 200
    assert letter_say("en", "errors.unreadable") in " ".join(m.get("text", "") for m in response.json())
    too_big = {"sender": chat.sender, "attachment": {"content_type": "image/png", "data": "A" * (15 * 1024 * 1024)}}
    response = requests.post(servers.webhook, json=too_big, timeout=60)
    assert letter_say("en", "errors.too_large") in " ".join(m.get("text", "") for m in response.json())


def test_the_wrong_plan_type_button_asks_the_coverage_question_again(servers):
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.png(corpus.render(LETTERS["kaiser_mri_en"])))
    chat.click(letter_say("en", "fix_coverage"))
    kb = default()
    assert chat.card() is None and kb.coverages["hmo"] in [b["title"] for b in chat.buttons()]
    chat.click(kb.coverages["medicare"])
    card = chat.card()
    assert (card["coverage"], card["agency"]) == (
        "medicare",
        route(Case(coverage="medicare", problem="medical_necessity"), kb).agency.key,
    )


def test_write_the_appeal_for_me_in_spanish_gives_the_letter_in_spanish_and_english(servers):
    letter = LETTERS["anthem_ppo_es"]
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.png(corpus.render(letter)))
    chat.click(letter_say("es", "write_letter"))
    drafts = [m["custom"]["draft_letter"] for m in chat.replies[-1] if "draft_letter" in (m.get("custom") or {})]
    assert drafts, "the letter to the plan"
    draft = drafts[0]
    assert draft["language"] == "es" and draft["english"]
    for text, lang in ((draft["letter"], "es"), (draft["english"], "en")):
        assert "terapia física" in text and format_date(date(2026, 7, 15), lang) in text
        assert letter_say(lang, "draft.blank_member_id") in text
    assert corpus.MEMBER_ID not in chat.text() and corpus.PERSON not in chat.text()
    events = stored(servers, chat.sender)
    assert draft["form"] and corpus.MEMBER_ID not in events and corpus.PERSON not in events


def test_asking_for_the_letter_before_the_case_starts_the_questions(servers):
    chat = Chat(servers.webhook)
    chat.say("can you write my appeal letter")
    assert letter_say("en", "need_case") in chat.text() and chat.buttons()


def test_a_photo_of_a_notice_of_medicare_non_coverage_gets_the_fast_appeal(servers):
    # probe s10 P12: this notice was read as "Medicare" alone and routed to HICAP's bill help; care ends
    # in days, so the BFCC-QIO's fast appeal comes first (F12.41, F12.42; problem_kinds.yml's route).
    notice = corpus.Letter(
        "nomnc_en",
        "en",
        ["Notice of Medicare Non-Coverage", "Sunrise Valley Skilled Nursing Center"],
        "Date of notice: December 1, 2026",
        [
            "The effective date coverage of your current skilled nursing services will end: December 3, 2026.",
            "Your Medicare provider and/or health plan have determined that Medicare probably will not pay for "
            "your current skilled nursing services after the effective date indicated above.",
            "You have the right to an immediate, independent medical review (appeal) of the decision. Call your "
            "Quality Improvement Organization no later than noon of the day before the effective date.",
        ],
    )
    chat = LetterChat(servers.webhook)
    chat.send_file(corpus.phone_photo(corpus.render(notice), seed=12), content_type="image/jpeg", name="n.jpg")
    kind = problem_kinds.default().kinds["medicare_non_denial"]
    fast = next(r for r in kind.routes if r.when == "leaving_now")
    card = chat.card()
    assert card is not None and (card["problem_detail"], card["agency"], card["pathway"]) == (
        "medicare_non_denial",
        fast.agency,
        fast.pathway,
    )
    assert "Maria" not in stored(servers, chat.sender)
