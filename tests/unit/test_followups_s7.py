"""The s7 probe's follow-up findings: what people ask after the referral is answered from the sourced
facts in the knowledge data (bot/knowledge_data/followups.yml), in English and Spanish, never "I
don't have a checked answer" where the data has one, nor the answer to another question. The wordings
are new (not the probe's, not the training data); expected values are read from the knowledge data,
plus a few literal checks of the fact ids an answer must rest on."""

import re
from datetime import date

import pytest
from rasa_sdk.events import SlotSet

from actions.conversation import ActionSwitchLanguage
from bot import followups, problem_kinds, turns
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.test_actions import run, tracker
from tests.unit.followup_helpers import LANGS, contact, entry, said

TODAY = date(2026, 12, 2)
ACCESS = Case("hmo", "other", problem_detail="access_delay")
ACCESS_CDI = Case("other_ppo_or_insurance", "other", problem_detail="access_delay")
MEDI_CAL_ACCESS = Case("medi_cal_managed_care", "other", problem_detail="access_delay")
COUNTY = Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility")
MEDI_CAL_DRUG = Case("medi_cal_managed_care", "other", problem_detail="drug_cost")
HMO_DRUG = Case("hmo", "other", problem_detail="drug_cost")
HOSPITAL = Case("unknown", "other", problem_detail="hospital_bill")
UNINSURED = Case("unknown", "other", problem_detail="uninsured")
SURPRISE = Case("hmo", "other", problem_detail="surprise_bill")
DENTAL = Case("medi_cal_managed_care", "other", problem_detail="dental_vision")
COVERED_CA = Case("unknown", "other", problem_detail="covered_california")
EXPERIMENTAL = Case("hmo", "experimental")


def unplaced(case, language, text):
    kb = default(language)
    return turns.unplaced(text, route(case, kb), None, kb, TODAY).replies[0]["text"]


def no_answer_opening(language):
    return followups.followups(language).no_answer.split("{")[0]


@LANGS
@pytest.mark.parametrize("case, agency", [(ACCESS, "DMHC"), (ACCESS_CDI, "CDI"), (MEDI_CAL_ACCESS, "DMHC")])
def test_how_long_they_may_make_you_wait_is_the_timely_access_standard(language, case, agency):
    """Probe en08, es33: the appointment standards (F12.29, with mental health's 10 business days),
    never the time the DMHC takes to decide a complaint."""
    asked = said(
        language,
        "is it legal for them to make me wait 2 months for a counselor?",
        "¿cuánto tiempo me pueden tener esperando una cita por ley?",
    )
    text = unplaced(case, language, asked)
    kb = default(language)
    assert followups.topic(asked) == "wait_standard"
    assert text.startswith(entry(language, "wait_standard", "any.access_delay").text.split("{")[0])
    assert kb.agencies[agency].phone in text
    assert text != unplaced(
        case, language, said(language, "how long does the complaint take?", "¿cuánto tarda la queja?")
    )
    assert "F12.29" in entry(language, "wait_standard", "any.access_delay").facts


@LANGS
def test_keeping_medi_cal_while_appealing_is_asking_before_the_date_of_the_change(language):
    """Probe en06, es01: F12.16 and the hearing's number, not "no checked answer"."""
    asked = said(language, "will I keep my medi-cal during the appeal?", "¿puedo conservar mi Medi-Cal mientras apelo?")
    text = unplaced(COUNTY, language, asked)
    assert text == entry(language, "stop_change", "COUNTY_MEDI_CAL.medi_cal_eligibility").text
    assert "F12.16" in entry(language, "stop_change", "COUNTY_MEDI_CAL.medi_cal_eligibility").facts
    assert (
        contact(language, "state_hearings").phone in text
        and problem_kinds.default(language).agencies["COUNTY_MEDI_CAL"].phone not in text
    )


@LANGS
def test_a_medi_cal_plan_denial_keeps_the_service_by_appealing_within_10_days(language):
    """Aid paid pending (F10.3, F3.6), as the referral's own line says, not "no checked answer"."""
    case = Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")
    asked = said(
        language, "can i keep getting my therapy during the appeal?", "¿sigo recibiendo la terapia mientras apelo?"
    )
    text = unplaced(case, language, asked)
    assert text == entry(language, "stop_change", "DMHC.medi_cal_managed_care").text
    assert set(entry(language, "stop_change", "DMHC.medi_cal_managed_care").facts) == {"F10.3", "F3.6"}


@LANGS
def test_covered_california_coverage_kept_during_the_appeal_and_the_fast_appeals_number(language):
    """F12.6: Continued Enrollment; the expedited appeal is asked for at the number on the form (the
    State Hearings Division's), not the Service Center's (probe es09)."""
    agency = problem_kinds.default(language).agencies["COVERED_CALIFORNIA"]
    hearings = contact(language, "state_hearings").phone
    kept = unplaced(
        COVERED_CA,
        language,
        said(language, "can i keep my coverage while i appeal", "¿puedo seguir con el seguro mientras apelo?"),
    )
    fast = unplaced(COVERED_CA, language, said(language, "can they hurry it up?", "¿lo pueden apurar?"))
    assert kept == entry(language, "stop_change", "COVERED_CALIFORNIA").text and hearings in kept
    assert fast == entry(language, "urgent", "COVERED_CALIFORNIA").text
    assert hearings in fast and agency.phone not in fast
    assert "F12.6" in entry(language, "urgent", "COVERED_CALIFORNIA").facts


@LANGS
def test_a_medi_cal_drug_waiting_for_approval_gets_the_72_hour_supply(language):
    """Probe en10: F12.38 (at least a 72-hour emergency supply, an answer within 24 hours)."""
    kb = default(language)
    asked = said(
        language,
        "i'm nearly out of my inhaler, can they give me a little until it's approved",
        "¿me pueden surtir unas pastillas mientras tanto?",
    )
    text = unplaced(MEDI_CAL_DRUG, language, asked)
    assert route(MEDI_CAL_DRUG, kb).agency.key == "MEDI_CAL_RX"
    assert text == entry(language, "emergency_supply", "MEDI_CAL_RX").text
    assert (
        kb.agencies["MEDI_CAL_RX"].phone in text
        and "F12.38" in entry(language, "emergency_supply", "MEDI_CAL_RX").facts
    )
    timed = unplaced(
        MEDI_CAL_DRUG,
        language,
        said(language, "how fast do they have to answer the approval?", "¿en cuántas horas me tienen que contestar?"),
    )
    assert timed == entry(language, "plan_answer_time", "MEDI_CAL_RX").text


@LANGS
def test_other_plans_get_no_emergency_supply_promise_but_the_72_hour_rule(language):
    text = unplaced(
        HMO_DRUG, language, said(language, "can I get a temporary supply?", "¿me dan un suministro temporal?")
    )
    assert text.startswith(entry(language, "emergency_supply", "any.drug_cost").text.split("{")[0])
    assert entry(language, "emergency_supply", "any.drug_cost").facts == ("F12.36",)


@LANGS
@pytest.mark.parametrize("case", [HOSPITAL, UNINSURED], ids=["hospital", "uninsured"])
def test_can_they_sue_me_on_a_hospital_bill_is_the_180_days(language, case):
    """Probe en15: F12.27, not "you do not need a lawyer"."""
    asked = said(language, "is the hospital going to take me to court?", "¿el hospital me puede demandar?")
    text = unplaced(case, language, asked)
    assert text == entry(language, "collections", "HOSPITAL_BILLING").text
    assert "F12.27" in entry(language, "collections", "HOSPITAL_BILLING").facts
    assert contact(language, "health_consumer_alliance").phone in text
    assert text != entry(language, "lawyer", "any").text


@LANGS
def test_collections_on_another_bill_says_it_cant_check_and_gives_free_help(language):
    text = unplaced(
        SURPRISE, language, said(language, "will this go on my credit report?", "¿me van a mandar a cobranza?")
    )
    assert text == entry(language, "collections", "any").text
    assert contact(language, "health_care_options").phone not in text


@LANGS
@pytest.mark.parametrize("case", [MEDI_CAL_ACCESS, COUNTY], ids=["plan", "county"])
def test_a_medi_cal_member_changes_plans_through_health_care_options(language, case):
    """Probe es10: F12.33 (Health Care Options, with its TTY)."""
    options = contact(language, "health_care_options")
    text = unplaced(case, language, said(language, "could i move to another plan", "¿me puedo pasar a otro plan?"))
    assert options.phone in text and options.tty in text
    assert text == entry(language, "switch_plan", "any.medi_cal_managed_care").text


@LANGS
def test_switching_plans_without_medi_cal_gets_the_routed_number_not_the_referral_again(language):
    kb = default(language)
    text = unplaced(ACCESS, language, said(language, "can I switch plans?", "¿puedo cambiar de plan?"))
    assert text.startswith(no_answer_opening(language)) and kb.agencies["DMHC"].phone in text


def numbers(text):
    return set(re.findall(r"\b\d+\b", text)) - set(re.findall(r"\d+", " ".join(re.findall(r"\d[\d-]{8,}", text))))


@LANGS
def test_the_hearings_deadline_on_medi_cal_dental_is_the_one_its_first_screen_gives(language):
    """Probe en16, es25: 90 days (F3.3), typed, or read by the NLU as "count my dates": never the steps
    without it, nor "no checked answer". Session 13: the route counts its hearing's 90 days from the
    letter (`dental_hearing`), so "count my dates" says that rule and asks for the date."""
    kb = default(language)
    ref = route(DENTAL, kb)
    asked = said(
        language, "how much time do i have to request the hearing?", "¿cuánto tiempo tengo para pedir la audiencia?"
    )
    typed = turns.unplaced(asked, ref, None, kb, TODAY).replies[0]["text"]
    tapped = turns.on_request("ask_dates", ref, None, None, kb, TODAY, said=asked).replies[0]["text"]
    rule = problem_kinds.clock("dental_hearing", kb).text
    assert ref.agency.key == "MEDI_CAL_DENTAL" and typed.startswith(rule) and tapped == rule
    first_screen = problem_kinds.default(language).kinds["dental_vision"].medi_cal_first_step
    assert numbers(first_screen) and numbers(first_screen) <= numbers(typed)
    assert contact(language, "state_hearings").phone in typed


@LANGS
def test_covered_californias_spanish_line(language):
    """Probe es09: F12.3's Spanish line, from its contact."""
    text = unplaced(
        COVERED_CA, language, said(language, "do you have a phone line in spanish?", "¿tienen un teléfono en español?")
    )
    assert text == entry(language, "spanish_line", "COVERED_CALIFORNIA").text
    assert contact(language, "covered_california_spanish").phone in text


def test_a_number_in_spanish_asked_in_english_is_answered_in_english_without_switching():
    """ "Is there a number in Spanish?" read as a language switch: the route's Spanish line, in English,
    and the conversation stays in English."""
    slots = {"coverage": "unknown", "problem": "other", "problem_detail": "covered_california", "language": "en"}
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    asked = "do they have a line for spanish speakers?"
    message = {"text": asked, "intent": {"name": "switch_language", "confidence": 0.9}, "entities": []}
    events += [
        {"event": "user", "text": asked, "parse_data": message},
        {"event": "slot", "name": "language", "value": "es"},
    ]
    messages, out = run(
        ActionSwitchLanguage(), tracker({**slots, "language": "es"}, "switch_language", text=asked, events=events)
    )
    assert [m["text"] for m in messages] == [entry("en", "spanish_line", "COVERED_CALIFORNIA").text]
    assert out == [SlotSet("language", "en")]


def test_a_plain_request_for_spanish_still_switches():
    slots = {"coverage": "unknown", "problem": "other", "problem_detail": "covered_california", "language": "es"}
    messages, out = run(ActionSwitchLanguage(), tracker(slots, "switch_language", text="spanish please"))
    assert out == [] and messages[1]["custom"]["referral"]["language"] == "es"


@LANGS
@pytest.mark.parametrize("case", [EXPERIMENTAL, ACCESS], ids=["imr", "access"])
def test_what_do_i_say_when_i_call_is_the_case_summary(language, case):
    """Probe en01: the case summary (read when calling), as "My case summary" gives it."""
    kb = default(language)
    ref = route(case, kb)
    asked = said(language, "what should i tell them when i phone?", "¿qué les digo cuando les hable?")
    words = said(language, "my plan said no", "mi plan dijo que no")
    summary = turns.on_request("ask_summary", ref, None, words, kb, TODAY)
    typed = turns.unplaced(asked, ref, None, kb, TODAY, words=words)
    followed = turns.followup(None, None, ref, None, case.coverage, case.problem, False, kb, text=asked, words=words)
    assert typed.replies == summary.replies == followed.replies
    assert summary.replies[0]["custom"]["case_summary"]["title"]


@LANGS
@pytest.mark.parametrize("case", [UNINSURED, HOSPITAL], ids=["uninsured", "hospital"])
def test_how_to_get_insurance_is_medi_cal_through_the_county_or_covered_california(language, case):
    """Probe es11: the uninsured route's own places (F12.3, F12.12), with their numbers."""
    agencies = problem_kinds.default(language).agencies
    text = unplaced(
        case, language, said(language, "how would I sign up for health insurance?", "¿dónde tramito un seguro médico?")
    )
    assert text == entry(language, "get_insurance", "any").text
    assert agencies["COVERED_CALIFORNIA"].phone in text and agencies["COUNTY_MEDI_CAL"].phone in text


@pytest.mark.parametrize(
    "text",
    [
        "I'm running out of time, how long do I have?",
        "can my daughter apply for the IMR for me?",
        "how do I get my Medi-Cal back?",
        "¿cómo recupero mi Medi-Cal?",
        "what's the tax credit?",
        "¿cuánto tarda la IMR?",
        "is it legal for them to deny it?",
    ],
)
def test_the_new_topics_do_not_take_other_questions(text):
    assert followups.topic(text) not in {
        "wait_standard",
        "emergency_supply",
        "collections",
        "switch_plan",
        "spanish_line",
        "get_insurance",
    }
