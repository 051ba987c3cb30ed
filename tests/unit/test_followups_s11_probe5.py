"""The s11 probe 5 follow-up findings (/work/helpers/s11/probe5/REPORT.md: C01, C03-C10, A02, A03, A05,
A11, L02, L04, X04): what a new user asks after the referral is answered from the sourced facts, in
English and Spanish, for the route given: where to send it, who helps for free, what if the deadline is
missed, acting for a relative (Parts A and B said the same way to the member and to the helper), the last
day already counted, keeping Covered California while appealing, a hospital's no, the MOON notice,
"papeles" as immigration papers, a question under "Did this help?", and paying meanwhile when the bill
went to collections. The wordings are new (not the probe's); expected values are read from the
knowledge data, plus literal checks of the fact ids an answer rests on."""

from datetime import date

import pytest
from rasa_sdk.events import SlotSet

from actions.answers import ActionAnswerOutsideQuestion
from actions.feedback import ActionFeedback
from bot import followups
from bot.dates import format_date
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.followup_helpers import LANGS, TODAY, contact, entry, routed, said, unplaced
from tests.unit.test_actions import run, tracker

HMO = Case("hmo", "medical_necessity")
CDI = Case("other_ppo_or_insurance", "medical_necessity")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
MEDI_CAL_PLAN = Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")
HOSPITAL = Case("unknown", "other", problem_detail="hospital_bill")
UNINSURED = Case("unknown", "other", problem_detail="uninsured")
COVERED_CA = Case("unknown", "other", problem_detail="covered_california")
MEDICARE_MA = Case("medicare", "medical_necessity")
MEDICARE_BILL = Case("medicare", "other", problem_detail="medicare_non_denial")
ER = Case("hmo", "emergency_payment")
SURPRISE = Case("hmo", "other", problem_detail="surprise_bill")


def _agency(case, language="en"):
    return route(case, default(language)).agency.key


# 1. "Where do I send it?" (C01, C04, C05, C08, C09, C10).
WHERE = [
    ("where should we mail the form?", "¿a dónde mandamos la forma?"),
    ("where does the application go?", "¿adónde lo envío?"),
    ("where do i turn in the request", "¿dónde entrego la solicitud?"),
]


@LANGS
@pytest.mark.parametrize("en, es", WHERE)
def test_where_to_send_it_is_the_mail_and_fax_answer(language, en, es):
    assert followups.topic(said(language, en, es)) == "mail_fax"


@LANGS
def test_where_to_send_the_dmhc_form_is_online_first_and_the_fax_said_as_to_re_check(language):
    text = unplaced(HMO, language, said(language, "where are we supposed to mail it?", "¿a dónde lo mando?"))
    answer = entry(language, "mail_fax", "DMHC")
    assert text == routed(HMO, language, "mail_fax", "DMHC")
    assert "HealthHelp.ca.gov" in text and "916-255-5241" in text
    assert said(language, "confirm", "confirmarlos") in text
    assert {"F11.23", "F1.27", "F11.7", "F11.9"} <= set(answer.facts)


@LANGS
def test_the_fax_number_question_is_the_fax_not_the_phone(language):
    asked = said(language, "can I fax it? what number?", "¿se puede mandar por fax? ¿a qué número?")
    assert followups.topic(asked) == "mail_fax"
    assert followups.topic(said(language, "what number do I call?", "¿a qué número llamo?")) == "repeat_number"


@LANGS
def test_where_to_send_a_state_hearing_request_is_the_state_hearings_division(language):
    kb = default(language)
    text = unplaced(COUNTY, language, said(language, "where do I send the hearing form", "¿a dónde la envío?"))
    assert kb.contacts["state_hearings"].fax in text and "94244-2430" in text
    assert "F11.25" in entry(language, "mail_fax", "any.state_hearing").facts


@LANGS
def test_where_to_send_the_cdi_application_says_the_fax_is_not_confirmed(language):
    text = unplaced(CDI, language, said(language, "where do I send the review form?", "¿a dónde lo mando?"))
    answer = entry(language, "mail_fax", "CDI")
    assert text == routed(CDI, language, "mail_fax", "CDI")
    assert "(213) 897-9641" in text and default(language).agencies["CDI"].phone in text
    assert said(language, "non-official", "no es oficial") in text
    assert {"F11.24", "F2.2"} <= set(answer.facts)


@LANGS
@pytest.mark.parametrize(
    "case, key, facts",
    [
        (HOSPITAL, "HOSPITAL_BILLING", {"F12.24", "F12.25"}),
        (UNINSURED, "COVERED_CALIFORNIA.uninsured", {"F12.12", "F12.3"}),
        (COVERED_CA, "COVERED_CALIFORNIA", {"F12.4"}),
        (MEDICARE_MA, "HICAP", {"F4.3", "F4.2", "F4.8"}),
    ],
    ids=["hospital", "uninsured", "covered-ca", "medicare"],
)
def test_where_to_send_it_on_other_routes_is_their_own_place(language, case, key, facts):
    text = unplaced(case, language, said(language, "where do we send it?", "¿a dónde la mandamos?"))
    assert text == routed(case, language, "mail_fax", key)
    assert facts <= set(entry(language, "mail_fax", key).facts)


# 2. "Is there someone who can help me fill it out?" (C01, C04, C05, C06, C08, C10).
HELP = [
    ("is there somebody who can help us fill in the application?", "¿hay alguien que nos ayude a llenar la forma?"),
    ("who could help me with the form?", "¿quién me puede ayudar a llenar esto?"),
    ("is there anyone who helps for free in spanish?", "¿alguien nos puede ayudar gratis en español?"),
]


@LANGS
@pytest.mark.parametrize("en, es", HELP)
def test_who_helps_fill_it_in_is_free_help_not_the_helper_form(language, en, es):
    asked = said(language, en, es)
    assert followups.topic(asked) == "free_help"
    text = unplaced(HMO, language, asked)
    assert text == routed(HMO, language, "free_help", "DMHC")
    assert contact(language, "health_consumer_alliance").phone in text
    assert "Part A" not in text and "Parte A" not in text
    assert {"F7.2", "F7.3", "F11.14", "F1.23", "F11.7"} <= set(entry(language, "free_help", "DMHC").facts)


@LANGS
@pytest.mark.parametrize(
    "case, key, facts",
    [
        (COUNTY, "COUNTY_MEDI_CAL", {"F12.55", "F11.14"}),
        (HOSPITAL, "HOSPITAL_BILLING", {"F12.28", "F7.2"}),
        (MEDICARE_MA, "HICAP", {"F4.8", "F4.11"}),
        (UNINSURED, "COVERED_CALIFORNIA.uninsured", {"F7.2", "F12.3"}),
        (COVERED_CA, "COVERED_CALIFORNIA", {"F12.54"}),
    ],
    ids=["county", "hospital", "medicare", "uninsured", "covered-ca"],
)
def test_free_help_is_the_routes_own(language, case, key, facts):
    asked = said(language, "is there someone to help me fill it out?", "¿hay alguien que me ayude a llenarlo?")
    text = unplaced(case, language, asked)
    assert text == routed(case, language, "free_help", key)
    assert facts <= set(entry(language, "free_help", key).facts)


def test_who_can_help_me_is_still_whom_to_contact():
    assert followups.topic("who can help me?") == "who_to_contact"
    assert followups.topic("is there anyone else who can help me") == "lawyer"


# 3. "What if we miss the deadline?" (C01, C03, C06, C07).
@LANGS
@pytest.mark.parametrize(
    "case, key, facts",
    [
        (HMO, "DMHC", {"F1.16"}),
        (CDI, "CDI", {"F2.5"}),
        (COUNTY, "COUNTY_MEDI_CAL.medi_cal_eligibility", {"F3.3", "F3.4"}),
    ],
    ids=["dmhc", "cdi", "county"],
)
def test_missing_the_deadline_says_what_the_sources_allow(language, case, key, facts):
    asked = said(language, "what happens if we file late?", "¿y si se nos pasa el plazo?")
    assert followups.topic(asked) == "missed_deadline"
    text = unplaced(case, language, asked)
    assert text == routed(case, language, "missed_deadline", key)
    assert facts <= set(entry(language, "missed_deadline", key).facts)


@LANGS
def test_the_county_answer_says_the_120_day_window_is_to_confirm(language):
    text = entry(language, "missed_deadline", "COUNTY_MEDI_CAL.medi_cal_eligibility").text
    assert "120" in text and "180" in text and said(language, "confirm", "confirmar") in text


@LANGS
def test_missing_the_deadline_with_the_letters_date_gives_the_dates_then_the_late_rule(language):
    kb = default(language)
    asked = said(
        language,
        "what if we miss the deadline? the letter is from July 14",
        "¿y si se me pasa la fecha? la carta es del 14 de julio",
    )
    from bot import turns

    texts = [r["text"] for r in turns.unplaced(asked, route(HMO, kb), None, kb, TODAY).replies]
    assert "2027" in texts[0]  # the dates counted from the letter
    assert entry(language, "missed_deadline", "DMHC").text in texts


# 4. Acting for a relative (A03, A11, C01, C04, C06): the Parts said the same way to anyone.
@LANGS
def test_the_helper_form_says_the_member_fills_part_a_whoever_asks(language):
    asked = said(language, "can I file it for my father?", "¿puedo llenarlo yo por mi papá?")
    text = unplaced(HMO, language, asked)
    answer = entry(language, "someone_else", "DMHC")
    assert text == routed(HMO, language, "someone_else", "DMHC")
    assert said(language, "you fill in Part A", "usted llena la") not in text
    assert said(language, "member (the patient) fills in Part A", "(el paciente) llena la Parte A") in text
    assert {"F11.9", "F1.29"} <= set(answer.facts)


@LANGS
def test_asking_the_hearing_for_a_hard_of_hearing_mother_is_acting_for_her_not_the_tty(language):
    asked = said(
        language,
        "may I request the hearing for my mother? she is deaf",
        "¿puedo pedir la audiencia por ella? es sorda",
    )
    assert followups.topic(asked) == "someone_else"
    assert "F11.11" in entry(language, "someone_else", "any.state_hearing").facts
    assert followups.topic(said(language, "my father is hard of hearing", "mi papá es sordo")) == "what_is_tty"


@LANGS
def test_filing_as_his_advocate_on_medicare_is_answered_with_hicap(language):
    asked = said(language, "As her advocate, can I appeal for her?", "¿puedo apelar yo por ella?")
    assert followups.topic(asked) == "someone_else"
    text = unplaced(MEDICARE_BILL, language, asked)
    assert text == entry(language, "someone_else", "HICAP").text.format(**_fields(MEDICARE_BILL, language))
    assert default(language).agencies["HICAP"].phone in text


@LANGS
def test_applying_for_a_parents_charity_care_says_no_rule_was_found(language):
    text = unplaced(HOSPITAL, language, said(language, "can I apply for my dad?", "¿puedo solicitarlo por él?"))
    assert text == routed(HOSPITAL, language, "someone_else", "HOSPITAL_BILLING")
    assert said(language, "I found no rule", "No encontré una regla") in text


def _fields(case, language):
    kb = default(language)
    return followups._route_fields(route(case, kb), kb)


# 5. "What's the last day to appeal?" right after the date was read (L02).
@LANGS
def test_the_last_day_to_appeal_is_the_date_counted(language):
    asked = said(language, "what's the last date to appeal?", "¿cuál es la última fecha para apelar?")
    assert followups.topic(asked) == "deadline"
    text = unplaced(MEDI_CAL_PLAN, language, asked, letter=date(2026, 11, 18))
    assert format_date(date(2027, 1, 17), language) in text


# 6. Covered California: keeping the plan while appealing, and another place when the line is busy (A05).
@LANGS
def test_losing_the_plan_while_appealing_is_continued_enrollment(language):
    asked = said(language, "am I going to lose my coverage during the appeal?", "¿pierdo mi plan mientras apelo?")
    assert followups.topic(asked) == "stop_change"
    text = unplaced(COVERED_CA, language, asked)
    assert "F12.6" in entry(language, "stop_change", "COVERED_CALIFORNIA").facts
    assert text == entry(language, "stop_change", "COVERED_CALIFORNIA").text


@LANGS
def test_cant_get_through_on_covered_california_is_the_ombuds_office_and_free_help(language):
    asked = said(language, "I can't reach anybody on that line", "no me contestan en ese número")
    assert followups.topic(asked) == "cant_reach"
    text = unplaced(COVERED_CA, language, asked)
    assert contact(language, "covered_california_ombuds").phone in text
    assert contact(language, "health_consumer_alliance").phone in text
    assert route(COVERED_CA, default(language)).caller.phone not in text
    assert {"F12.7", "F12.54"} <= set(entry(language, "cant_reach", "COVERED_CALIFORNIA").facts)


# 7. "What if the hospital says no?" (C05).
@LANGS
def test_the_hospital_saying_no_is_the_managers_review_and_hcai(language):
    asked = said(language, "and if the hospital turns us down?", "¿y si el hospital dice que no?")
    text = unplaced(HOSPITAL, language, asked)
    assert text == routed(HOSPITAL, language, "imr_no", "HOSPITAL_BILLING")
    assert "HCAI" in text
    assert {"F12.25", "F12.26"} <= set(entry(language, "imr_no", "HOSPITAL_BILLING").facts)


# 8. The MOON (A03) and "papeles" as immigration papers (C10).
@LANGS
def test_the_moon_notice_is_explained_and_its_effect_not_guessed(language):
    asked = said(
        language, "the hospital never handed him a MOON form, does it matter?", "nunca le dieron el MOON, ¿sirve?"
    )
    text = unplaced(MEDICARE_BILL, language, asked)
    assert followups.topic(asked) == "observation_notice"
    assert "24" in text and default(language).agencies["HICAP"].phone in text
    assert said(language, "I found no source", "No encontré una fuente") in text
    assert "F12.39" in entry(language, "observation_notice", "any").facts


@LANGS
def test_immigration_papers_are_not_the_documents_list(language):
    asked = said(language, "what if I'm undocumented?", "¿y si no tengo papeles?")
    assert followups.topic(asked) == "immigration_status"
    text = unplaced(UNINSURED, language, asked)
    assert text == routed(UNINSURED, language, "immigration_status", "any")
    assert contact(language, "health_consumer_alliance").phone in text
    assert followups.topic(said(language, "which papers do I need?", "¿qué papeles necesito?")) == "documents"


# 9. A question under "Did this help?" is answered, never kept as a yes (C04, X04).
COUNTY_SLOTS = {"coverage": "medi_cal_managed_care", "problem": "other", "problem_detail": "medi_cal_eligibility"}


@LANGS
@pytest.mark.parametrize("intent", ["affirm", "feedback_yes"])
def test_a_question_typed_under_did_this_help_is_answered_not_kept(language, intent):
    kb = default(language)
    slots = {**COUNTY_SLOTS, "feedback": "asked", "awaiting": "feedback", "language": language}
    asked = said(language, "where do I send the hearing request", "dónde entrego la audiencia")
    action = ActionFeedback() if intent == "feedback_yes" else ActionAnswerOutsideQuestion()
    messages, events = run(action, tracker(slots, intent=intent, text=asked))
    assert SlotSet("feedback", "yes") not in events
    assert any(kb.contacts["state_hearings"].fax in m["text"] for m in messages)


@LANGS
def test_a_question_with_no_topic_under_did_this_help_gets_the_routed_number(language):
    kb = default(language)
    slots = {**COUNTY_SLOTS, "feedback": "asked", "awaiting": "feedback", "language": language}
    asked = said(language, "why did they do this?", "¿por qué hicieron esto?")
    messages, events = run(ActionFeedback(), tracker(slots, intent="feedback_yes", text=asked))
    assert SlotSet("feedback", "yes") not in events
    assert any(route(Case(**COUNTY_SLOTS), kb).caller.phone in m["text"] for m in messages)


def test_a_typed_yes_under_did_this_help_is_still_kept():
    slots = {**COUNTY_SLOTS, "feedback": "asked", "awaiting": "feedback"}
    _, events = run(ActionFeedback(), tracker(slots, intent="feedback_yes", text="yes it did, thanks"))
    assert SlotSet("feedback", "yes") in events


# 10. Paying meanwhile when the bill went (or will go) to collections (A02, L04).
@LANGS
@pytest.mark.parametrize(
    "case, key", [(ER, "any.emergency_payment"), (SURPRISE, "any.surprise_bill")], ids=["er", "surprise"]
)
def test_paying_meanwhile_with_collections_is_the_pay_meanwhile_answer(language, case, key):
    asked = said(
        language,
        "do I pay the $2,210 meanwhile? it goes to collections next month",
        "¿pago los $2,210 mientras tanto? ya lo mandaron a cobranza",
    )
    assert followups.topic(asked) == "pay_meanwhile"
    assert unplaced(case, language, asked) == routed(case, language, "pay_meanwhile", key)


@LANGS
def test_collections_alone_is_still_collections(language):
    asked = said(language, "they sent it to collections, can they sue?", "¿me pueden demandar? ya está en cobranza")
    assert followups.topic(asked) == "collections"
