"""Where people get sent, for the probe's routing findings (F6, F7, F13-F16, F19-F21).

Expected agencies, numbers and pathways are read from the knowledge data, never typed here."""

from rasa_sdk.events import FollowupAction

from actions.answers import ActionNotUnderstood
from tests.unit.test_actions import run, tracker


def _first_turn(slots, text, intent="nlu_fallback"):
    """A first message that the NLU could not place but whose words completed the case: the case
    slots are set after the user event, as the extraction does in that turn."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.5}, "entities": []}
    events = [{"event": "user", "text": text, "parse_data": message}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    return tracker(slots, intent=intent, text=text, events=events)


def test_a_first_message_that_completes_the_case_gets_the_referral_not_i_cant_answer():
    # F6 (c14b), F15 (c82): no "Sorry, I can't answer that" and no "Did this help?" as the first reply.
    slots = {"coverage": "medicare", "problem": "other", "problem_detail": "medicare_non_denial"}
    text = "My father is in the hospital on Medicare and they want to discharge him tomorrow. How do I stop it?"
    messages, events = run(ActionNotUnderstood(), _first_turn(slots, text))
    assert messages == [] and events == [FollowupAction("referral_form")]


def test_a_share_of_cost_first_message_goes_to_the_questions_that_give_the_referral():
    slots = {"coverage": "medi_cal_managed_care", "problem": "other", "problem_detail": "medi_cal_eligibility"}
    messages, events = run(
        ActionNotUnderstood(), _first_turn(slots, "the county raised my medi-cal share of cost, thats crazy")
    )
    assert messages == [] and events == [FollowupAction("referral_form")]


# ---------------------------------------------------------------- the routes (bot/, no Rasa)

import pytest  # noqa: E402

from actions.answers import ActionAnswerFollowup  # noqa: E402
from actions.dates import ActionLetterDate  # noqa: E402
from bot import problem_kinds, replies  # noqa: E402
from bot.knowledge import default  # noqa: E402
from bot.messages import say  # noqa: E402
from bot.reply_types import ReferralCard  # noqa: E402
from bot.routing import Case, route  # noqa: E402
from bot.understanding import extract  # noqa: E402

KINDS = problem_kinds.default()


def _kind_route(kind, coverage=None):
    """The (agency, pathway) the data gives a kind, for a coverage (the first route that fits)."""
    for r in KINDS.kinds[kind].routes:
        if r.agency and (r.coverages is None or coverage in r.coverages):
            return r.agency, r.pathway
    raise AssertionError(kind)


def _routed(coverage, problem, words, detail=None, language="en"):
    ref = route(Case(coverage, problem, problem_detail=detail, problem_words=words), default(language))
    return ref, ReferralCard.of(ref).as_dict()


DISCHARGE_NOW = [
    "The hospital says my husband has to leave tomorrow, he has Medicare, I dont think he is ready",
    "my mom got a notice that her skilled nursing facility care ends friday and medicare wont pay after that",
    "they are discharging my dad from the hospital tomorrow and he can barely walk, he has original medicare",
    "Medicare says he doesn't meet the criteria for more rehab and they want to discharge him Friday",
    "Van a dar de alta a mi papá mañana y todavía no puede caminar, tiene Medicare",
]


@pytest.mark.parametrize("words", DISCHARGE_NOW)
@pytest.mark.parametrize("problem", ["medical_necessity", "other"])
def test_medicare_and_a_discharge_now_is_the_qio_fast_appeal_whatever_the_problem_was_read_as(words, problem):
    # F6: never HICAP's 60/120-day appeal; the number is the QIO's, from the data.
    ref, card = _routed("medicare", problem, words)
    assert (card["agency"], card["pathway"]) == _kind_route("medicare_non_denial") and card["phone"] == KINDS.agencies[
        "MEDICARE_QIO"
    ].phone
    assert card["problem_detail"] == "medicare_non_denial" and not ref.imr


def test_a_medicare_denial_while_in_the_hospital_keeps_its_medicare_appeal():
    _, card = _routed(
        "medicare",
        "medical_necessity",
        "My mom is in the hospital and her Medicare Advantage plan denied an MRI as not medically necessary",
    )
    assert card["agency"] == "HICAP"


MEDI_CAL_PHARMACY = [
    ("en", "medical_necessity", "I have Medi-Cal and the pharmacy says my medication was denied"),
    ("en", "other", "the pharmacy said medi-cal rx denied my ozempic, i have medi-cal"),
    ("es", "other", "mi seguro no me quiere dar la medicina para la diabetes, tengo medi cal"),
]


@pytest.mark.parametrize("language, problem, words", MEDI_CAL_PHARMACY)
def test_a_medi_cal_pharmacy_denial_goes_to_medi_cal_rx_not_the_county_or_a_dmhc_complaint(language, problem, words):
    # F7: Medi-Cal Rx and a State Hearing (F10.7), no plan appeal first. A denial keeps its reason and
    # takes the Medi-Cal Rx program route; another pharmacy problem is a drug problem on its Medi-Cal route.
    kb = default(language)
    ref, card = _routed("medi_cal_managed_care", problem, words, language=language)
    assert card["agency"] == "MEDI_CAL_RX" and card["phone"] == kb.agencies["MEDI_CAL_RX"].phone and not ref.imr
    if problem == "other":
        assert (card["agency"], card["pathway"]) == _kind_route("drug_cost", "medi_cal_managed_care")
        assert ref.first_step == problem_kinds.default(language).kinds["drug_cost"].medi_cal_first_step
    else:
        program = kb.program_details["medi_cal_rx"]
        assert card["problem"] == problem and (card["agency"], card["pathway"]) == (program.agency, program.pathway)
        assert ref.first_step == kb.first_steps[(program.agency, program.pathway)]["default"]


def test_a_plan_denial_by_a_medi_cal_member_is_not_read_as_eligibility():
    for text in (
        "LA Care denied my MRI, i have medi-cal",
        "the pharmacy said medi-cal rx denied my ozempic, i have medi-cal",
    ):
        assert problem_kinds.read(text).detail != "medi_cal_eligibility"
    assert problem_kinds.read("they denied my medi-cal application").detail == "medi_cal_eligibility"


def test_a_medi_cal_infusion_denial_still_goes_to_the_dmhc_imr():
    ref, card = _routed(
        "medi_cal_managed_care", "medical_necessity", "LA Care denied my chemo infusion as not medically necessary"
    )
    assert card["agency"] == "DMHC" and ref.imr


def test_ccs_goes_to_the_county_ccs_office_never_dental():
    # F19: County CCS Program Office, First Level Appeal within 30 days of the Notice of Action (F12.48-49).
    assert problem_kinds.read("my daughter is in CCS and they denied her wheelchair").detail == "ccs"
    for coverage in ("medi_cal_managed_care", "unknown", "hmo"):
        ref, card = _routed(coverage, "other", "my daughter is in CCS and they denied her wheelchair", detail="ccs")
        assert (card["agency"], card["pathway"]) == _kind_route("ccs") and card["agency"] != "MEDI_CAL_DENTAL"
        assert card["phone"] == KINDS.contacts["health_consumer_alliance"].phone  # no statewide CCS number is sourced
        assert (
            card["problem_detail"] == KINDS.kinds["ccs"].card_detail
        )  # the shared taxonomy's id (CCS is filed with dental)
    days = KINDS.clocks["ccs_appeal"].days
    assert str(days) in KINDS.kinds["ccs"].first_step and str(days) in KINDS.kinds["ccs"].deadline


def test_ccs_said_at_the_coverage_question_changes_the_problem_to_ccs():
    for intent in ("nlu_fallback", "affirm"):  # the NLU reads a bare "CCS" as "yes"
        got = extract(intent, [], "coverage", {"problem": "medical_necessity"}, text="CCS")
        assert got["problem"] == "other" and got["problem_detail"] == "ccs"


def test_an_ambulance_company_bill_is_a_surprise_bill_not_an_imr():
    # F20: the in-network share only (F12.23): a complaint, never "apply for an IMR".
    text = "i got a $2,800 bill from an ambulance company after my car accident, i have Blue Shield HMO"
    reading = problem_kinds.read(text)
    assert (reading.problem, reading.detail) == ("other", "surprise_bill")
    ref, card = _routed("hmo", "other", text, detail="surprise_bill")
    assert card["agency"] == "DMHC" and card["pathway"] == "complaint" and not ref.imr
    # With Medicare: appealed from the Medicare Summary Notice, HICAP helps (F12.44).
    _, card = _routed("medicare", "other", text.replace("Blue Shield HMO", "Medicare"), detail="surprise_bill")
    assert card["agency"] == "HICAP" and card["problem_detail"] == "medicare_non_denial"


def test_a_calpers_ppo_is_self_funded_the_plan_then_the_calpers_board_never_the_cdi():
    # F13 (F5.11): PERS Select is a self-funded CalPERS PPO.
    got = extract(
        "problem_medical_necessity",
        [{"entity": "plan", "value": v} for v in ("CalPERS", "PERS Select")]
        + [{"entity": "coverage_type", "value": "PPO"}],
        None,
        {},
        text="I am a state worker with CalPERS PERS Select PPO, they denied my infusion as not medically necessary",
    )
    assert (got["coverage"], got["coverage_detail"]) == ("other_coverage", "calpers_ppo")
    ref = route(Case("other_coverage", "medical_necessity", coverage_detail="calpers_ppo", plan_name="calpers"))
    kb = default()
    assert ref.agency.key == "HEALTH_PLAN" and ref.phone == kb.contacts["calpers"].phone
    assert kb.other_kinds["calpers_ppo"].first_step in ref.first_step


def test_calpers_alone_asks_hmo_or_ppo_and_the_ppo_button_is_the_calpers_ppo():
    slots = extract(
        "inform_coverage",
        [{"entity": "plan", "value": "calpers"}],
        "coverage",
        {"problem": "medical_necessity"},
        text="calpers",
    )
    assert slots["coverage_pending"] == "hmo_or_ppo"
    buttons = replies.ask("coverage", {**slots, "problem": "medical_necessity"})["buttons"]
    assert '"coverage_type": "calpers_ppo"' in buttons[1]["payload"]


def test_a_calpers_hmo_keeps_the_dmhc_and_adds_the_calpers_board():
    ref = route(Case("hmo", "medical_necessity", plan_name="calpers"))
    assert ref.agency.key == "DMHC" and default().extras["plan_calpers"] in ref.extras


@pytest.mark.parametrize(
    "intent, requested, slots, text",
    [
        ("problem_emergency_payment", None, {}, "I dont have any insurance and the clinic denied me care"),
        ("inform_coverage", "coverage", {"problem": "emergency_payment"}, "I have no insurance"),
        ("nlu_fallback", "coverage", {"problem": "medical_necessity"}, "none"),
        ("problem_other", None, {}, "no tengo seguro y la clinica no me quiso atender"),
    ],
)
def test_no_insurance_is_understood_and_never_a_plan_grievance(intent, requested, slots, text):
    # F14: no "emergency_payment" guess, no plan grievance, no IMR.
    got = extract(intent, [], requested, slots, text=text)
    assert (got["problem"], got["problem_detail"], got["coverage"]) == ("other", "uninsured", "unknown")
    ref, card = _routed("unknown", "other", text, detail="uninsured")
    assert (card["agency"], card["pathway"]) == _kind_route("uninsured") and not ref.imr
    assert "grievance" not in ref.first_step.lower()


def test_the_coverage_question_has_a_no_insurance_button_in_both_languages():
    for language in ("en", "es"):
        buttons = replies.ask("coverage", {}, kb=default(language))["buttons"]
        mine = [b for b in buttons if b["title"] == say(language, "no_insurance")]
        assert mine and '"coverage_type": "uninsured"' in mine[0]["payload"]
    got = extract(
        "inform_coverage",
        [{"entity": "coverage_type", "value": "uninsured"}],
        "coverage",
        {"problem": "medical_necessity"},
        text='/inform_coverage{"coverage_type": "uninsured"}',
    )
    assert got["problem_detail"] == "uninsured"


@pytest.mark.parametrize(
    "text",
    [
        "I dont have insurance and the hospital bill is 23 thousand dollars, i cant pay",
        "I don't have insurance right now. I spent 3 days in the hospital and the bill is $38,000. I can't pay this.",
    ],
)
def test_no_insurance_and_a_hospital_bill_stays_a_hospital_bill(text):
    assert extract("problem_other", [], None, {}, text=text)["problem_detail"] == "hospital_bill"


def test_no_coverage_after_a_named_plan_cancelled_is_not_uninsured():
    text = "El seguro me cancelo, dicen que no les llego el pago. Ahora no tengo cobertura. Es Blue Shield PPO."
    got = extract(
        "problem_other",
        [{"entity": "plan", "value": "Blue Shield"}, {"entity": "coverage_type", "value": "PPO"}],
        None,
        {},
        text=text,
    )
    assert got.get("problem_detail") != "uninsured" and got["coverage"] == "anthem_or_blue_shield_ppo"


def test_a_medicare_er_denial_after_an_ambulance_ride_stays_an_emergency_payment_denial():
    _, card = _routed(
        "medicare",
        "emergency_payment",
        "The ambulance took her to the ER. The Medicare plan says they won't pay the ER.",
    )
    assert card["problem"] == "emergency_payment" and card["agency"] == "HICAP"


def test_a_new_medicine_denied_as_experimental_by_a_medi_cal_plan_keeps_its_imr():
    words = "La neurologa quiere probar un medicamento nuevo y el plan dice que es experimental. Tenemos Medi-Cal."
    ref, card = _routed("medi_cal_managed_care", "experimental", words)
    assert card["agency"] == "DMHC" and ref.imr


def test_not_covered_at_the_reason_question_is_something_else():
    # F21 (c54): the most common wording on denial letters.
    assert extract("nlu_fallback", [], "problem", {"coverage": "medicare"}, text="not covered")["problem"] == "other"


def test_go_back_shows_the_question_with_how_to_change_an_answer_and_is_counted():
    got = extract("nlu_fallback", [], "problem", {}, text="go back")
    assert got["attempts"] == {"slot": "problem", "count": 1, "reason": "back"}
    assert replies.ask("problem", got)["text"].startswith(say("en", "go_back_hint"))
    again = extract("nlu_fallback", [], "problem", got, text="go back")
    assert again.get("problem") == "other"  # the safe default: the question is not asked a third time


def test_a_coverage_given_at_the_problem_question_is_kept_and_counted_no_loop():
    # F21 (c60): "PPO", then "wait, it's actually an HMO" at the reason question.
    first = extract(
        "inform_coverage",
        [{"entity": "coverage_type", "value": "ppo"}],
        "problem",
        {"plan": "anthem", "coverage_pending": "hmo_or_ppo"},
        text="PPO",
    )
    assert first["coverage"] == "anthem_or_blue_shield_ppo" and first["attempts"]["count"] == 1
    assert not replies.ask("problem", first)["text"].startswith(say("en", "sorry_retry"))
    slots = {"plan": "anthem", **first}
    second = extract(
        "inform_coverage",
        [{"entity": "coverage_type", "value": "hmo", "start": 22}],
        "problem",
        slots,
        text="wait, it is actually an HMO",
    )
    assert second["coverage"] == "hmo" and second["problem"] == "other"


def test_a_dental_plan_named_settles_a_dental_problems_route():
    # F21 (c15b): "it's a dental plan through my job" at the coverage question.
    got = extract(
        "inform_coverage",
        [],
        "coverage",
        {"problem": "other", "problem_detail": "dental_vision"},
        text="it's a dental plan through my job",
    )
    assert got["coverage"] == "unknown"
    _, card = _routed("unknown", "other", "delta dental denied my crown", detail="dental_vision")
    assert card["agency"] == "DMHC"


def test_a_birth_date_and_a_denial_start_the_questions_not_the_letter_date():
    # F16 (c27): the NLU calls it a date; the case it tells goes on to the referral.
    text = (
        "Hi my name is Maria Gonzalez, DOB 04/12/1968, member ID XKZ123456789, Blue Shield HMO denied my hip surgery."
    )
    messages, events = run(
        ActionLetterDate(), _first_turn({"coverage": "hmo", "plan": "blue_shield"}, text, intent="inform_date")
    )
    assert messages == [] and events == [FollowupAction("referral_form")]


def test_a_first_message_taken_for_a_question_that_states_the_problem_gets_the_referral_first():
    text = "My father is in the hospital on Medicare and they want to discharge him tomorrow. How do I stop it?"
    got = extract("ask_followup", [{"entity": "coverage_type", "value": "medicare"}], None, {}, text=text)
    assert got["problem_detail"] == "medicare_non_denial"
    messages, events = run(ActionAnswerFollowup(), _first_turn(got, text, intent="ask_followup"))
    assert messages == [] and events == [FollowupAction("referral_form")]
