"""Session 10's fixes from the s9 probe's leftovers and the s10 probe, in English and Spanish.
Agencies, numbers and steps are read from the knowledge data, never typed here."""

from dataclasses import replace
from datetime import date

import pytest

from bot import followups, problem_kinds
from bot.context import context_updates
from bot.knowledge import default
from bot.reply_types import ReferralCard
from bot.routing import Case, route
from bot.understanding import extract

KINDS = problem_kinds.default()
QIO = KINDS.kinds["medicare_non_denial"].routes[0]


def _card(coverage, words, language="en"):
    reading = problem_kinds.read(words)
    ref = route(Case(coverage, reading.problem, problem_detail=reading.detail, problem_words=words), default(language))
    return ref, ReferralCard.of(ref).as_dict()


@pytest.mark.parametrize(
    "first, more",
    [
        (
            "My mom has Medicare and she's at the hospital after a fall",
            "they just told us she was switched to observation, she's still in the hospital",
        ),
        (
            "mi papa tiene medicare y lo internaron el lunes",
            "hoy nos dijeron que lo cambiaron a observacion y sigue ahi en el hospital",
        ),
    ],
)
def test_more_of_the_story_at_the_confirmation_is_kept_and_routes(first, more):
    # "Is that right?" answered with more of the story: the words are kept (nothing said is lost), and
    # an inpatient switched to observation while still there is the fast appeal (F12.40-F12.42).
    slots = {
        "coverage": "medicare",
        "problem": "other",
        "problem_detail": "medicare_non_denial",
        "problem_guess": "yes",
        "problem_words": first,
    }
    updates = extract("inform", [], "problem_confirmed", slots, text=more)
    assert updates.get("problem_confirmed") == "yes"
    words = context_updates({"text": more, "intent": {"name": "inform"}}, slots, updates, date.today())["problem_words"]
    assert words.startswith(first) and words.endswith(more)
    _, card = _card("medicare", words)
    assert (card["agency"], card["pathway"]) == (QIO.agency, QIO.pathway)


def test_a_plain_yes_at_the_confirmation_adds_nothing_to_the_story():
    slots = {"coverage": "hmo", "problem": "other", "problem_detail": "access_delay", "problem_guess": "yes"}
    slots["problem_words"] = "I have waited four months for a dermatologist"
    text = "yes that's right"
    updates = extract("affirm", [], "problem_confirmed", slots, text=text)
    assert "problem_words" not in context_updates(
        {"text": text, "intent": {"name": "affirm"}}, slots, updates, date.today()
    )


@pytest.mark.parametrize(
    "words",
    [
        "my dad has medicare, he was admitted 3 days ago and today he is now under observation instead of inpatient",
        "Medicare: they moved my mother from inpatient to observation this morning",
    ],
)
def test_observation_instead_of_inpatient_now_is_the_fast_appeal(words):
    _, card = _card("medicare", words)
    assert (card["agency"], card["pathway"]) == (QIO.agency, QIO.pathway)


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", "I got hurt at work lifting boxes and my employer refused my workers comp claim"),
        ("es", "me lastime en el trabajo y el seguro del patron nego mi reclamo de compensacion"),
    ],
)
def test_a_refused_workers_comp_claim_is_told_the_imr_is_not_for_that(language, words):
    # The DWC IMR is for utilization review decisions (F12.50); the claim itself: the DWC's free line (F12.53).
    ref, card = _card("unknown", words, language)
    kind = problem_kinds.default(language).kinds["workers_comp"]
    assert card["agency"] == kind.routes[0].agency and ref.first_step == kind.first_step
    phone = problem_kinds.default(language).agencies["DWC"].phone
    assert card["phone"] == phone
    # the first step names both cases: treatment (the IMR) and the claim itself (not the IMR)
    assert "IMR" in kind.first_step and {"en": "claim", "es": "reclamo"}[language] in kind.first_step


# ---------------------------------------------------------------- the plan already said no (probe s10 E04, X5, S04, S29)
SAID_NO = [
    "they already said no to my appeal, now what",
    "my insurance denied my MRI and I appealed and they denied the appeal too",
    "I appealed and they turned it down again",
    "the plan upheld the denial",
    "ya apele y me la volvieron a negar",
    "me negaron la apelacion la semana pasada",
    "llego la carta de resolucion de la apelacion",
]
NOT_SAID_NO = [
    "I want to appeal because they denied my MRI",
    "how do I appeal the denied claim",
    "quiero apelar porque me negaron la cirugia",
]


@pytest.mark.parametrize("text", SAID_NO)
def test_an_appeal_already_refused_means_the_plans_step_is_over(text):
    assert "plan_silent" in followups.situations(text)


@pytest.mark.parametrize("text", NOT_SAID_NO)
def test_an_appeal_not_yet_made_is_not_one_refused(text):
    assert "plan_silent" not in followups.situations(text)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("coverage", ["hmo", "other_ppo_or_insurance", "medi_cal_managed_care"])
def test_after_the_plans_no_the_first_screen_says_go_now(language, coverage):
    # DMHC and CDI: the routing table's plan_silent step (F11.20, F2.4); a Medi-Cal plan: its own, with
    # the State Hearing's 120 days (F3.2). Never "file a complaint with your plan first".
    kb = default(language)
    case = Case(coverage, "medical_necessity", "not_requested" if coverage == "medi_cal_managed_care" else None)
    before, after = route(case, kb), route(replace(case, plan_silent=True), kb)
    assert followups.first_step(after, kb) != followups.first_step(before, kb)
    row = kb.first_steps[(after.agency.key, after.pathway)]
    own = followups.followups(language).first_steps.get(f"{after.agency.key}.{coverage}")
    expected = own.plan_silent if own else row["plan_silent"]
    assert followups.first_step(after, kb) == expected


@pytest.mark.parametrize(
    "text",
    [
        "el doctor mando los papeles de mi rodilla 2 veces y molina pidio mas notas y luego dijo que no a la cirugia. es medical",
        "Mi doctora pidio la cirugia para bajar de peso, y mi plan de medical dijo que no califico.",
    ],
)
def test_a_medi_cal_plans_refusal_is_never_read_as_eligibility(text):
    # dev6 d6es-005, d6es-009: the doctor's papers and the plan's "no califica" are the plan's refusal,
    # never the county's (a denial sent to the county would lose its IMR).
    assert problem_kinds.read(text).detail != "medi_cal_eligibility"


@pytest.mark.parametrize(
    "text",
    [
        "no mande los papeles de renovacion y me cortaron el medical",
        "medical me dijo que ya no califico por mis ingresos",
    ],
)
def test_the_countys_papers_and_no_longer_qualifying_are_still_eligibility(text):
    assert problem_kinds.read(text).detail == "medi_cal_eligibility"


# ---------------------------------------------------------------- probe s10: conversation fixes
@pytest.mark.parametrize("intent", ["report_denial", "problem_other", None])
def test_a_refusal_told_at_the_coverage_question_after_i_dont_know_is_taken(intent):
    # E17: two "I don't know"s left the catch-all; "my plan said no to my surgery" at the coverage
    # question was "didn't catch that". Now a denial whose reason is not known (F1.4).
    slots = {}
    for text in ("idk", "I don't know"):
        slots.update(extract("dont_know", [], "problem", slots, text=text))
    assert slots["problem"] == "other"
    updates = extract(intent, [], "coverage", slots, text="my plan said no to my surgery")
    assert updates["problem"] in problem_kinds.REASONS and "attempts" not in updates


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("detail", [None, "va", "tricare"])
@pytest.mark.parametrize("topic", ["who_to_contact", "repeat_number"])
def test_who_to_call_on_a_plan_the_state_does_not_oversee_is_never_the_dmhc_as_the_number(language, detail, topic):
    # E10, E11, E23: the plan's (or the VA's, TRICARE's) own appeal (F5.7-F5.9); the DMHC only as who can tell.
    kb = default(language)
    ref = route(Case("other_coverage", "medical_necessity", coverage_detail=detail), kb)
    assert ref.agency.key == "HEALTH_PLAN"
    text = followups.answer(topic, ref, kb).text
    topic_answers = next(t for t in followups.followups(language).topics if t.key == topic).answers
    own = topic_answers[f"HEALTH_PLAN.{detail}" if detail else "HEALTH_PLAN"]
    assert text == own.text
    assert (kb.agencies["DMHC"].phone in text) == (detail is None)  # the DMHC only as who can tell


@pytest.mark.parametrize(
    "text",
    [
        "Blue Shield keeps billing me for premiums after I cancelled my plan in August. HMO.",
        "My HMO keeps sending me premium bills after I cancelled",
    ],
)
def test_premiums_an_insurer_bills_after_cancelling_are_not_covered_californias(text):
    # E28, X1: no Covered California named: the plan's billing (a grievance, then the DMHC; F12.1, F12.8).
    assert problem_kinds.read(text).detail != "covered_california"
    assert problem_kinds.read("Covered California keeps billing me after I cancelled").detail == "covered_california"


def test_a_medi_cal_med_refused_is_medi_cal_rx_but_medical_equipment_is_not():
    # E20: "ADHD med" is a drug (F10.7); "medical" never is.
    kb = default("en")
    rx = route(
        Case(
            "medi_cal_managed_care", "medical_necessity", "not_requested", problem_words="they denied my sons ADHD med"
        ),
        kb,
    )
    gear = route(
        Case(
            "medi_cal_managed_care",
            "medical_necessity",
            "not_requested",
            problem_words="medi-cal denied my medical equipment",
        ),
        kb,
    )
    assert rx.agency.key == "MEDI_CAL_RX" and gear.agency.key == "DMHC"


@pytest.mark.parametrize("text", ["urgent", "URGENTE por favor", "it's urgent!!", "es urgente"])
@pytest.mark.parametrize("intent", ["problem_emergency_payment", "medical_emergency"])
def test_urgency_alone_sets_no_problem(text, intent):
    # S24: "urgente" became an emergency bill, and a delayed surgery told next kept it.
    assert "problem" not in extract(intent, [], None, {}, text=text)


@pytest.mark.parametrize("text", ["no he pedido audiencia", "no, I haven't asked for a state hearing"])
def test_the_hearing_said_at_is_that_right_is_not_a_no_to_the_guess(text):
    # S29: the hearing's "no" at the confirmation kept the guess and answered the hearing question.
    slots = {"problem": "medical_necessity", "problem_guess": "yes", "coverage": "medi_cal_managed_care"}
    updates = extract("deny", [], "problem_confirmed", slots, text=text)
    assert updates.get("problem_confirmed") == "yes" and updates.get("fair_hearing") == "not_requested"
    assert "problem" not in updates


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_medicare_plans_wait_is_a_medicare_problem_not_californias_timely_access(language):
    # dev3 d3en-058, dev5, dev6: a Medicare Advantage plan's wait goes to the plan's grievance and HICAP
    # (F12.43), not the DMHC's timely-access standards (F12.29).
    words = {
        "en": "She has Kaiser Senior Advantage and the first therapy appointment they offered is in five months",
        "es": "tengo medicare advantage y la primera cita con el especialista me la dieron para dentro de cinco meses",
    }[language]
    kb = default(language)
    ref = route(Case("medicare", "other", problem_detail="access_delay", problem_words=words), kb)
    kind = problem_kinds.default(language).kinds["medicare_non_denial"]
    assert ref.case.problem_detail == "medicare_non_denial" and ref.first_step == kind.medicare_first_step
    # Without Medicare named (the coverage from a button), the wait keeps its kind.
    plain = route(
        Case(
            "medicare", "other", problem_detail="access_delay", problem_words="the first appointment is in five months"
        ),
        kb,
    )
    assert plain.case.problem_detail == "access_delay"


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "el cardiologo propuso la valvula por cateter y el plan contesto que para su caso eso sigue siendo investigacion",
            "experimental",
        ),
        (
            "Medicare no le quiso dar la cama de hospital para la casa, dicen que no llena los requisitos",
            "medical_necessity",
        ),
    ],
)
def test_spanish_refusal_reasons_told_other_ways(text, problem):
    # dev4_es d4es-054, d4es-095: the reason said in words decides (never a Medicare service problem).
    assert problem_kinds.read(text).problem == problem


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "es",
            "mi mama esta en una casa de reposo, dice que medicare ya no le va a pagar despues del 3 de diciembre y la quieren sacar",
        ),
        ("en", "Mom is in a nursing home on Medicare and they say Medicare will stop paying after Friday"),
    ],
)
def test_medicare_care_ending_on_a_date_is_the_fast_appeal(language, words):
    # probe s10 P12: the fast appeal to the BFCC-QIO before the care ends (F12.41, F12.42), never HICAP's bill advice.
    ref = route(Case("medicare", "other", problem_detail="medicare_non_denial", problem_words=words), default(language))
    assert (ref.agency.key, ref.pathway) == (QIO.agency, QIO.pathway)


@pytest.mark.parametrize(
    "text",
    [
        "LA Care is cutting my moms home care hours from 20 to 8 a week",
        "they cut her physical therapy visits from 3 a week to 1",
        "le bajaron las horas de cuidado en casa de 20 a 8",
    ],
)
def test_care_cut_back_is_a_denial(text):
    # probe s10 F03: a service reduced is "changed" (F1.1), with the plan appeal, the IMR and the hearing.
    assert problem_kinds.read(text).problem == "medical_necessity"


@pytest.mark.parametrize(
    "text", ["my job cut my hours and now medi-cal says I make too little", "work cut my hours from 40 to 20"]
)
def test_work_hours_cut_are_not_care_cut(text):
    assert problem_kinds.read(text).problem != "medical_necessity"


@pytest.mark.parametrize(
    "text, name",
    [
        ("anthem ppo wont cover my sons insulin pump. his name is Caspian, he is 9", "Caspian"),
        ("mi hijo se llama Juan Carlos y tiene 9", "Juan Carlos"),
        ("Fecha: 10/02/2026 Miembro: Araceli Mendoza", "Araceli"),
        ("Member: John Public", "John"),
    ],
)
def test_names_given_for_someone_else_or_on_a_letters_member_line_are_removed(text, name):
    # probe s10 D04, P08: README "Privacy": names given are never kept.
    from bot.redact import redact

    assert name not in redact(text)


def test_a_letters_service_stops_at_the_next_label_and_never_carries_a_name():
    # probe s10 P08: "tratamiento Fecha: ... Miembro: Araceli M" was said back and stored as the service.
    from bot.letter.fields import _service_words

    assert _service_words("tratamiento Fecha: 10/02/2026 Miembro: Araceli M, negado", 0) == "tratamiento"
    assert _service_words("MRI of the left knee", 0) == "MRI of the left knee"


@pytest.mark.parametrize(
    "text, decided",
    [
        (
            "Sharp Health Plan\nNovember 22, 2026\nWe reviewed your grievance. We are upholding our decision to deny the MRI. This is our final decision.",
            True,
        ),
        (
            "IEHP\n2 de noviembre de 2026\nRevisamos su apelacion y mantenemos nuestra decision de negar la cirugia.",
            True,
        ),
        (
            "Kaiser Permanente\nNovember 2, 2026\nWe denied your request for an MRI because it is not medically necessary. You may appeal.",
            False,
        ),
    ],
)
def test_a_letter_that_upholds_the_denial_ends_the_plans_step(text, decided):
    # probe s10 P15: the plan's final answer to an appeal, read from the letter, is plan_silent, as typed.
    from bot.letter import case as letter_case
    from bot.letter.fields import read_fields

    fields = read_fields(text, today=date(2026, 12, 2))
    assert fields.appeal_decided is decided
    updates = letter_case.slot_updates({letter_case.LETTER: fields.as_dict()}, {}, date(2026, 12, 2))
    assert bool(updates.get("plan_silent")) is decided


WC_LETTER = """Pacific Claims Services
Claims Administrator for ABC Builders
October 30, 2026
Your physician's request for 12 sessions of physical therapy is not certified because it is not medically
necessary. You may request Independent Medical Review on the enclosed DWC Form IMR. Workers' compensation claim."""
COUNTY_LETTER = """County of Fresno Department of Social Services
October 15, 2026
Su Medi-Cal: Your Medi-Cal benefits will stop on October 31, 2026 because your income is over the limit."""


@pytest.mark.parametrize("text, kind", [(WC_LETTER, "workers_comp"), (COUNTY_LETTER, "medi_cal_eligibility")])
def test_a_workers_comp_or_county_letter_is_read_with_its_kind(text, kind):
    # probe s10 P05, P07, P09: such a letter was refused ("not a letter from a health plan") or read as a
    # plan's, losing its date and giving the plan's deadlines. Now its kind routes it (F12.50; F12.12, F3.3).
    from bot.letter import case as letter_case
    from bot.letter.fields import read_fields

    fields = read_fields(text, today=date(2026, 12, 2))
    assert fields.found_anything and fields.letter_date and fields.problem_detail == kind
    updates = letter_case.case_updates({letter_case.LETTER: fields.as_dict()})
    assert (updates["problem"], updates["problem_detail"]) == ("other", kind)
    ref = route(Case("unknown", "other", problem_detail=kind), default())
    assert ref.agency.key == problem_kinds.default().kinds[kind].routes[0].agency


@pytest.mark.parametrize(
    "text",
    [
        "bảo hiểm của tôi từ chối trả tiền phòng cấp cứu",
        "我的保险拒绝支付急诊费用",
        "Ayaw bayaran ng insurance ko ang emergency room, ano ang gagawin ko po",
    ],
)
def test_a_language_the_assistant_does_not_speak_gets_the_help_center_and_no_case(text):
    # probe s10 M04: the Help Center helps in many languages (F1.23); nothing is taken from the words.
    from bot.language import foreign
    from bot.replies import foreign_language

    assert foreign(text)
    updates = extract("problem_emergency_payment", [], None, {}, text=text)
    # Not taken from the NLU's guess; English words in it ("emergency room") are at most a guess to confirm.
    assert "problem" not in updates or updates.get("problem_guess") == "yes"
    for language in ("en", "es"):
        assert default(language).agencies["DMHC"].phone in foreign_language(default(language))


@pytest.mark.parametrize("text", ["my insurance denied my MRI", "mi seguro me negó la cirugía", "ok", "🙏", "Kaiser"])
def test_english_and_spanish_are_not_foreign(text):
    from bot.language import foreign

    assert not foreign(text)
