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
