"""bot/channel_format on every question and every route, without a server.

Facts (numbers, first steps, the IMR line) are read from the knowledge data.
"""
import re

import pytest

from bot import channel_format as cf
from bot import replies
from bot.knowledge import default
from bot.messages import say
from bot.routing import Case, route

KB = default()
ROUTES = [Case(r.coverage, p, fair_hearing=r.fair_hearing, coverage_detail=d)
          for r in KB.routes for p in r.problems
          for d in (KB.other_kinds if r.coverage == "other_coverage" else [None])]
QUESTIONS = {  # every question, and its rewording after a miss or a "not sure"
    "problem": replies.ask("problem", {}),
    "problem_retry": replies.ask("problem", {"attempts": {"slot": "problem", "count": 1, "reason": "unclear"}}),
    "coverage": replies.ask("coverage", {}),
    "coverage_unsure": replies.ask("coverage", {"attempts": {"slot": "coverage", "count": 1, "reason": "unsure"}}),
    "coverage_detail": replies.ask("coverage_detail", {}),
    "fair_hearing": replies.ask("fair_hearing", {}),
}

def words(text: str) -> str:
    return " ".join(text.split())


def segments(body: str) -> int:
    """SMS segments of a GSM-7 body: one of 160, or parts of 153 when concatenated."""
    return 1 if len(body) <= 160 else -(-len(body) // 153)


def assert_fits_sms(bodies):
    for body in bodies:
        assert segments(body) <= 2, body
        assert set(body) <= cf.GSM7 and "http" not in body and "**" not in body


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=list(QUESTIONS))
def test_a_question_and_its_numbered_options_share_the_last_sms(question):
    bodies = cf.sms_turn([question])
    assert_fits_sms(bodies)
    last = bodies[-1]
    for n, button in enumerate(question["buttons"], 1):
        assert f"\n{n} {button['title']}" in last
        assert cf.chosen_option(str(n), question["buttons"]) == button["payload"]
    assert words(" ".join(bodies)).startswith(words(question["text"]))


def test_short_questions_are_one_sms_with_the_instruction():
    bodies = cf.sms_turn([replies.ask("coverage", {})])
    assert len(bodies) == 1 and say("en", "sms_reply_lead") in bodies[0]


def test_a_greeting_turn_is_two_sms_at_most():
    bodies = cf.sms_turn([replies.greeting(), replies.ask("problem", {})])
    assert len(bodies) <= 2
    assert_fits_sms(bodies)


@pytest.mark.parametrize("case", ROUTES, ids=lambda c: f"{c.coverage}-{c.problem}-{c.fair_hearing}-{c.coverage_detail}")
def test_every_referral_has_a_short_sms_form(case):
    ref = route(case)
    bodies = cf.sms_turn([replies.referral(ref)])
    assert len(bodies) <= 2
    assert_fits_sms(bodies)
    text = words(" ".join(bodies))
    assert words(ref.first_step) in text
    if ref.phone:
        assert ref.phone in text
    else:
        assert KB.agencies["DMHC"].phone in text, "nobody is left without a number"
    card = ref.card()["referral"]
    if card["tty"]:
        assert f"TTY {card['tty']}" in text
    assert (KB.faq["imr"]["cost"] in text) == ref.imr


def test_sms_text_is_plain():
    bodies = cf.sms_turn([{"text": "See **this** at [the form](https://www.example.org/form) \u2014 it\u2019s \u201cfree\u201d."}])
    assert bodies == ['See this at the form example.org/form - it\'s "free".']


def test_a_long_paragraph_is_split_at_sentences():
    sentence = "This sentence is exactly fifty characters long ok. "
    bodies = cf.sms_turn([{"text": sentence * 10}])
    assert len(bodies) == 2 and all(b.endswith("ok.") for b in bodies)
    assert_fits_sms(bodies)


@pytest.mark.parametrize("reply", ["0", "9", "2 please", "two", ""])
def test_only_a_bare_offered_number_picks_an_option(reply):
    assert cf.chosen_option(reply, replies.ask("fair_hearing", {})["buttons"]) is None


def test_a_number_with_a_dot_or_spaces_picks_an_option():
    buttons = replies.ask("fair_hearing", {})["buttons"]
    assert cf.chosen_option(" 2. ", buttons) == buttons[1]["payload"]


def test_help_text_names_the_help_center():
    text = cf.sms_help()
    dmhc = KB.agencies["DMHC"]
    assert dmhc.phone in text and dmhc.tty in text and "START" in text
    assert_fits_sms([text])


def test_messenger_quick_replies_fit_and_keep_the_payloads():
    question = replies.ask("problem", {})
    (message,) = cf.messenger(question)
    quick = message["quick_replies"]
    assert [q["payload"] for q in quick] == [b["payload"] for b in question["buttons"]]
    assert all(len(q["title"]) <= cf.MESSENGER_TITLE for q in quick)
    # Titles were shortened, so the text lists every option in full, numbered as the replies are.
    for n, button in enumerate(question["buttons"], 1):
        assert f"{n} {button['title']}" in message["text"] and quick[n - 1]["title"].startswith(f"{n} ")


def test_messenger_short_titles_stay_as_they_are():
    question = replies.ask("fair_hearing", {})
    (message,) = cf.messenger(question)
    assert [q["title"] for q in message["quick_replies"]] == [b["title"] for b in question["buttons"]]
    assert message["text"] == question["text"]


@pytest.mark.parametrize("case", ROUTES, ids=lambda c: f"{c.coverage}-{c.problem}-{c.fair_hearing}-{c.coverage_detail}")
def test_every_messenger_referral_has_its_call_button(case):
    ref = route(case)
    messages = cf.messenger(replies.referral(ref))
    assert all(len(m["text"]) <= cf.MESSENGER_TEXT for m in messages if "text" in m)
    assert words(" ".join(m["text"] for m in messages if "text" in m)) == words(replies.referral(ref)["text"])
    templates = [m["attachment"]["payload"] for m in messages if "attachment" in m]
    if not (ref.phone or ref.website):
        assert templates == []
        return
    (template,) = templates
    assert len(template["text"]) <= cf.MESSENGER_TEMPLATE_TEXT and len(template["buttons"]) <= 3
    calls = [b["payload"] for b in template["buttons"] if b["type"] == "phone_number"]
    if ref.phone:
        assert calls[0] == "+" + ref.phone.replace("-", "")
    assert all(re.fullmatch(r"\+1\d{10}", c) for c in calls), "711 and 911 are not call buttons"
    assert all(len(b["title"]) <= cf.MESSENGER_TITLE for b in template["buttons"])


@pytest.mark.parametrize("case", ROUTES, ids=str)
def test_every_spanish_referral_turn_is_spanish_and_fits_gsm7_sms(case):
    from datetime import date

    from bot import action_plan

    es = default("es")
    referral = route(case, es)
    plan = action_plan.build(referral, date(2026, 3, 3), today=date(2026, 4, 1), kb=es)
    turn = [replies.referral(referral, es), replies.action_plan(plan, es),
            replies.case_summary(referral, plan, "me negaron la cirugía", es), replies.ask_letter_date(date(2026, 4, 1), es)]
    bodies = cf.sms_turn(turn)
    assert_fits_sms(bodies)
    text = " ".join(bodies)
    plain = cf._sms_plain
    assert plain(say("es", "sms_reply_lead")) in text
    assert plain(say("es", "sms_where_to_go", agency=referral.agency.short_name)) in text
    assert referral.phone is None or referral.phone in text
    assert "me negaron la cirugia" in text, "the person's words, in GSM-7 letters"
