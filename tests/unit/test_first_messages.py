"""First messages the probe (s5) saw read wrongly (P1/P37, P2/P46, P10/P39/P32, P17, P23, P27, P30,
P33, P40, P47, P52), in other words than the probe's, in English and Spanish. Agencies, numbers and
first steps are read from the knowledge data, never typed here."""

import pytest

from actions.ask import ActionAskProblem
from bot import problem_kinds
from bot.knowledge import default
from bot.messages import say
from bot.reply_types import ReferralCard
from bot.routing import Case, route
from bot.understanding import extract, lookup, resolve_coverage
from bot.understanding.problem import says_denial
from tests.unit.test_actions import run, tracker

KINDS = problem_kinds.default()


def _entity(text, value, entity="plan"):
    start = text.lower().index(value.lower())
    return {"entity": entity, "value": value, "start": start, "end": start + len(value)}


def _card(coverage, problem, words, detail=None, language="en", coverage_detail=None):
    ref = route(
        Case(coverage, problem, coverage_detail=coverage_detail, problem_detail=detail, problem_words=words),
        default(language),
    )
    return ref, ReferralCard.of(ref).as_dict()


# ---------------------------------------------------------------- P1 / P37: a Medicare discharge
GOING_HOME = [
    ("en", "They told us Dad goes home tomorrow but he still can't get out of bed on his own. He has Medicare."),
    ("en", "my wife is being sent home today and she cant even walk to the bathroom, we have original medicare"),
    ("en", "Medicare patient here, I think the hospital is releasing my mother way too early"),
    ("es", "a mi papá lo van a mandar a su casa hoy del hospital y todavía no puede caminar, tiene Medicare"),
    ("es", "dicen que mi esposo se va a la casa mañana pero no se puede levantar solo, él tiene medicare"),
]


@pytest.mark.parametrize("language, words", GOING_HOME)
@pytest.mark.parametrize("problem_read_by_the_nlu", ["medical_necessity", None])
def test_medicare_and_going_home_now_is_the_qio_fast_appeal(language, words, problem_read_by_the_nlu):
    # The words decide (F12.41, F12.42): never HICAP's 60/120-day appeal, never "what happened?".
    reading = problem_kinds.read(words)
    assert (reading.problem, reading.detail) == ("other", "medicare_non_denial")
    ref, card = _card("medicare", problem_read_by_the_nlu or reading.problem, words, reading.detail, language)
    qio = KINDS.kinds["medicare_non_denial"].routes[0]
    assert (card["agency"], card["pathway"]) == (qio.agency, qio.pathway) and not ref.imr
    assert card["phone"] == KINDS.agencies[qio.agency].phone


# ---------------------------------------------------------------- P2 / P46: Medi-Cal and a drug
MEDI_CAL_DRUG = [
    ("en", "The Rite Aid pharmacist says Medi-Cal rejected my son's inhaler refill"),
    ("en", "medi-cal won't pay for my mom's blood pressure pills anymore"),
    ("en", "I'm on Medi-Cal through Molina and they turned down my Mounjaro"),
    ("es", "tengo Medi-Cal y en Walgreens no me quisieron surtir la receta"),
    ("es", "mi medi-cal me negó la insulina de mi hijo"),
]


@pytest.mark.parametrize("language, words", MEDI_CAL_DRUG)
def test_medi_cal_and_a_drug_refused_goes_to_medi_cal_rx_without_the_reason_question(language, words):
    # F10.7, F12.37: Medi-Cal Rx and a State Hearing; no plan grievance, no DMHC IMR.
    reading = problem_kinds.read(words)
    assert (reading.problem, reading.detail) == ("other", "drug_cost")
    kb = default(language)
    ref, card = _card("medi_cal_managed_care", reading.problem, words, reading.detail, language)
    assert card["agency"] == "MEDI_CAL_RX" and card["phone"] == kb.agencies["MEDI_CAL_RX"].phone and not ref.imr
    assert ref.first_step == problem_kinds.default(language).kinds["drug_cost"].medi_cal_first_step


@pytest.mark.parametrize(
    "words",
    [
        "Walgreens told me my Medi-Cal denied the meds, they say they are not medically necessary",
        "la farmacia del CVS dice que mi medicina fue rechazada por no ser necesaria, tengo medi-cal",
    ],
)
def test_a_medi_cal_drug_denial_with_a_reason_keeps_it_and_takes_the_medi_cal_rx_route(words):
    _, card = _card("medi_cal_managed_care", "medical_necessity", words)
    program = default().program_details["medi_cal_rx"]
    assert (card["agency"], card["pathway"]) == (program.agency, program.pathway)


def test_a_drug_denial_by_a_commercial_plan_keeps_the_reason_question_and_its_imr():
    reading = problem_kinds.read("my HMO denied my insulin pump supplies")
    assert reading.problem is None  # the reason question; an HMO's drug denial can go to an IMR
    _, card = _card("hmo", "medical_necessity", "my HMO denied my insulin")
    assert card["agency"] == "DMHC" and card["pathway"] == "imr"


# ---------------------------------------------------------------- P10 / P17 / P39: denials among other things
@pytest.mark.parametrize(
    "language, words",
    [
        ("en", "DOB 02/14/1961, member 88412, my Aetna Medicare plan turned down my knee replacement"),
        ("en", "<p>Health Net refused to approve my CT scan</p>"),
        ("en", "I work for the post office (FEHB) and the carrier won't authorize my back surgery"),
        ("es", "soy militar retirado con tricare y me rechazaron la cirugía"),
        ("es", "la carta dice que me negaron"),
    ],
)
def test_a_denial_said_among_other_things_asks_the_plans_reason(language, words):
    assert says_denial(words)
    messages, _ = run(ActionAskProblem(), tracker({"language": language}, intent="inform_coverage", text=words))
    text = messages[0]["text"]
    removed = say(language, "privacy_removed") + "\n\n"  # the member number was not kept (session 12)
    assert text.startswith(say(language, "ask_problem_after_denial")) or (
        "88412" in words and text.startswith(removed + say(language, "ask_problem_after_denial"))
    )


def test_a_denial_at_the_problem_question_is_not_an_unclear_answer():
    # "dice que me negaron" at "what happened?": the reason is asked, without "sorry" (probe P39).
    updates = extract("nlu_fallback", [], "problem", {}, text="pues dice que me negaron", confidence=0.4)
    assert updates["attempts"]["reason"] == "noted"


@pytest.mark.parametrize("words", ["hi", "I have Kaiser", "no estoy seguro", "what is an IMR?"])
def test_no_denial_no_reason_question(words):
    assert not says_denial(words)


def test_a_federal_employee_denial_goes_to_the_fehb_route():
    words = "I'm a federal employee with Blue Cross FEP and they denied my surgery"
    updates = extract("inform_coverage", [_entity(words, "federal employee", "coverage_type")], None, {}, text=words)
    assert (updates["coverage"], updates["coverage_detail"]) == ("other_coverage", "federal_employee")
    ref, card = _card("other_coverage", "medical_necessity", words, coverage_detail="federal_employee")
    assert card["agency"] != "DMHC" and card["agency"] != "CDI" and not ref.imr


# ---------------------------------------------------------------- P32: "not covered" as the first message
@pytest.mark.parametrize(
    "words, plan",
    [
        ("Blue Shield told me my son's speech therapy is not a covered benefit", "Blue Shield"),
        ("Anthem dice que la terapia no está cubierta en mi plan", "Anthem"),
    ],
)
def test_not_covered_as_a_first_message_is_a_problem_not_a_misunderstanding(words, plan):
    updates = extract("nlu_fallback", [_entity(words, plan)], None, {}, text=words, confidence=0.5)
    assert updates["problem"] == "other"


# ---------------------------------------------------------------- P33: not sick enough
@pytest.mark.parametrize(
    "words",
    [
        "el seguro dice que mi hijo no está lo bastante enfermo para la terapia",
        "Nos negaron el internamiento porque según ellos no estoy tan enferma",
        "they claim my daughter isn't sick enough for the eating disorder program",
    ],
)
def test_not_sick_enough_is_not_medically_necessary_never_experimental(words):
    assert problem_kinds.read(words).problem == "medical_necessity"


# ---------------------------------------------------------------- P40: uninsured and a hospital's name
@pytest.mark.parametrize(
    "words, plan",
    [
        ("no insurance. the Sutter hospital sent me a $9,400 bill for the ER", "Sutter"),
        ("I'm uninsured and got a 15k bill from Kaiser hospital for my appendix", "Kaiser"),
        ("no tengo seguro y el hospital de Kaiser me cobra 7 mil dólares", "Kaiser"),
    ],
)
def test_uninsured_with_a_hospitals_name_is_the_hospital_bill_never_a_plan_imr(words, plan):
    updates = extract("problem_emergency_payment", [_entity(words, plan)], None, {}, text=words)
    assert updates.get("plan") is None and updates["coverage"] == "unknown"
    assert (updates["problem"], updates["problem_detail"]) == ("other", "hospital_bill")
    ref, card = _card("unknown", "other", words, "hospital_bill")
    assert card["agency"] == KINDS.kinds["hospital_bill"].routes[0].agency and not ref.imr


def test_a_plan_named_by_someone_insured_stays_their_plan():
    words = "Kaiser hospital denied my surgery"
    assert extract("report_denial", [_entity(words, "Kaiser")], None, {}, text=words)["plan"] == "kaiser"


# ---------------------------------------------------------------- P23: an out-of-network emergency bill
@pytest.mark.parametrize(
    "language, words",
    [
        (
            "en",
            "While traveling in Oregon I used an out-of-network emergency room. Anthem only paid part, they bill me $6,200",
        ),
        (
            "es",
            "fui a una sala de emergencias fuera de la red en Texas y mi seguro solo pagó una parte, el hospital me cobra el resto",
        ),
    ],
)
def test_an_out_of_network_emergency_balance_bill_is_the_surprise_bill_route(language, words):
    reading = problem_kinds.read(words)
    assert (reading.problem, reading.detail) == ("other", "surprise_bill")
    ref, card = _card("anthem_or_blue_shield_ppo", "other", words, "surprise_bill", language)
    assert card["agency"] != KINDS.kinds["hospital_bill"].routes[0].agency and not ref.imr
    assert KINDS.contacts["no_surprises"].phone in [c.phone for c in ref.contacts]


# ---------------------------------------------------------------- P47: Anthem Blue Cross Life and Health
def test_anthem_blue_cross_life_and_health_is_the_cdis():
    kb = default()
    updates = resolve_coverage(lookup(["Anthem Blue Cross Life and Health"], kb), {}, kb)
    assert updates["coverage"] == kb.names["anthem blue cross life and health"].coverage
    assert not updates.get("plan")  # not "Anthem Blue Cross", whose HMO or PPO would be asked
    _, card = _card(updates["coverage"], "medical_necessity", "speech therapy")
    assert card["agency"] == "CDI"


# ---------------------------------------------------------------- P52 / P27: Medicare bills and drugs
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("detail", ["surprise_bill", "drug_cost"])
def test_a_medicare_bill_or_drug_problem_gets_no_california_plan_rule(language, detail):
    ref, card = _card("medicare", "other", "x", detail, language)
    kind = problem_kinds.default(language).kinds[detail]
    assert card["agency"] == "HICAP" and ref.first_step == kind.medicare_first_step
    assert kind.first_step not in ref.first_step


def test_a_part_d_formulary_denial_is_medicare_and_not_a_bill():
    words = "the Part D plan refuses to cover my blood thinner, says it's off their formulary"
    assert problem_kinds.read(words).detail != "surprise_bill"
    assert resolve_coverage(lookup(["Part D"]), {})["coverage"] == "medicare"


# ---------------------------------------------------------------- P30: a mental-health wait
@pytest.mark.parametrize(
    "words",
    [
        "My teen has bad anxiety. The plan keeps sending us lists of therapists and she hasn't seen a counselor in 5 months",
        "mi hijo tiene depresión y no ha visto a un psicólogo en cuatro meses, el plan solo nos da listas de números",
    ],
)
def test_a_mental_health_wait_is_an_access_delay_not_a_denial(words):
    assert problem_kinds.read(words).detail == "access_delay"
