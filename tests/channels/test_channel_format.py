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
from bot.reply_types import ReferralCard

KB = default()
ROUTES = [
    Case(r.coverage, p, fair_hearing=r.fair_hearing, coverage_detail=d)
    for r in KB.routes
    for p in r.problems
    for d in (KB.other_kinds if r.coverage == "other_coverage" else [None])
]
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
    card = ReferralCard.of(ref).as_dict()
    if card["tty"]:
        assert f"TTY {card['tty']}" in text
    assert (KB.faq["imr"]["cost"] in text) == ref.imr


def test_sms_text_is_plain():
    bodies = cf.sms_turn(
        [{"text": "See **this** at [the form](https://www.example.org/form) \u2014 it\u2019s \u201cfree\u201d."}]
    )
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
def test_every_messenger_referral_is_one_card_with_its_call_button(case):
    ref = route(case)
    (message,) = cf.messenger(replies.referral(ref))
    template = message["attachment"]["payload"]
    assert len(template["text"]) <= cf.MESSENGER_TEMPLATE_TEXT and len(template["buttons"]) <= 3
    assert words(template["text"]) == words(replies.referral(ref)["text"]), "the referral's text, on the card"
    calls = [b["payload"] for b in template["buttons"] if b["type"] == "phone_number"]
    # The number to call, or the DMHC Help Center's (named in the text) when the plan has none.
    assert calls[0] == "+" + (ref.phone or KB.agencies["DMHC"].phone).replace("-", "")
    assert all(re.fullmatch(r"\+1\d{10}", c) for c in calls), "711 and 911 are not call buttons"
    assert all(len(b["title"]) <= cf.MESSENGER_TITLE for b in template["buttons"])


@pytest.mark.parametrize("case", ROUTES, ids=str)
def test_every_spanish_referral_turn_is_spanish_and_fits_gsm7_sms(case):
    from datetime import date

    from bot import action_plan

    es = default("es")
    referral = route(case, es)
    bodies = cf.sms_turn([replies.referral(referral, es), replies.more(referral, es)])
    assert_fits_sms(bodies)
    text = " ".join(bodies)
    plain = cf._sms_plain
    assert plain(say("es", "sms_more")) in text and "PASOS" in text, "the keywords, not numbered options"
    assert referral.phone is None or referral.phone in text
    if referral.agency.key != "HEALTH_PLAN":
        assert re.sub(r"^el ", "", plain(referral.agency.short_name)) in text  # "al Centro de Ayuda del DMHC"
    plan = action_plan.build(referral, date(2026, 3, 3), today=date(2026, 4, 1), kb=es)
    summary = cf.sms_turn([replies.case_summary(referral, plan, "me negaron la cirugía", es)])
    assert_fits_sms(summary)
    assert "me negaron la cirugia" in " ".join(summary), "the person's words, in GSM-7 letters"
    assert_fits_sms(cf.sms_turn([replies.steps(referral, plan, es)]))


@pytest.mark.parametrize(
    "keyword, payload",
    [
        ("STEPS", "/ask_steps"),
        ("pasos", "/ask_steps"),
        (" Summary ", "/ask_summary"),
        ("RESUMEN", "/ask_summary"),
        ("dates", "/ask_dates"),
        ("FECHAS.", "/ask_dates"),
        ("steps please", None),
        ("1", None),
        ("", None),
    ],
)
def test_sms_keywords_ask_for_the_rest_of_the_plan(keyword, payload):
    assert cf.sms_keyword(keyword) == payload


def test_the_offer_by_sms_names_the_keywords_in_the_conversations_language():
    for language in ("en", "es"):
        kb = default(language)
        ref = route(Case("hmo", "medical_necessity", plan_name="kaiser"), kb)
        (body,) = cf.sms_turn([replies.more(ref, kb)])
        keywords = [k for k, p in cf.SMS_KEYWORDS.items() if (k in body)]
        assert len(keywords) == 3 and all(cf.sms_keyword(k) for k in keywords)
        assert "Kaiser" in body, "the note on how the coverage was guessed stays"
        assert "\n1 " not in body


def test_help_and_ayuda_answer_in_their_language():
    assert cf.HELP_KEYWORDS["AYUDA"] == "es" and cf.HELP_KEYWORDS["HELP"] == "en"
    spanish = cf.sms_help(default("es"))
    assert "PASOS" in spanish and default("es").agencies["DMHC"].phone in spanish
    assert_fits_sms([spanish])
