"""Corrections that change the case, over the REST channel (issue 14; probe s8 en44, es29, en45, es18,
es03, en14, en37, en35, es04): the person's own words, the right card after them. Values from the data."""

import pytest

from bot import followups, problem_kinds
from bot.knowledge import default
from bot.messages import say
from bot.routing import Case, route
from tools.chat import Chat

EN, ES = default("en"), default("es")
MEDI_CAL = "medi_cal_managed_care"


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def _summary(chat: Chat) -> dict:
    cards = [m["custom"]["case_summary"] for m in chat.replies[-1] if "case_summary" in (m.get("custom") or {})]
    return {f["key"]: f["value"] for f in cards[0]["fields"]}


@pytest.mark.parametrize(
    "story, correction, kb",
    [
        (
            "My Medi-Cal plan Anthem denied my son's surgery as not medically necessary",
            "sorry, I was wrong, I have NOT asked for a hearing",
            EN,
        ),
        (
            "mi hijo tiene autismo y kaiser le nego la terapia ABA, dicen que no es necesaria. tenemos medi-cal con kaiser",
            "perdon, me equivoque, no he pedido audiencia",
            ES,
        ),
    ],
)
def test_no_hearing_after_all_replaces_the_ombudsman_card(chat, story, correction, kb):
    chat.say(story)
    chat.say("/affirm")  # "Have you already asked for a State Hearing?" Yes
    asked = route(Case(MEDI_CAL, "medical_necessity", fair_hearing="requested"), kb)
    assert chat.card()["agency"] == asked.agency.key
    chat.say(correction)
    right = route(Case(MEDI_CAL, "medical_necessity", fair_hearing="not_requested"), kb)
    card = chat.card()
    assert card and (card["agency"], card["pathway"]) == (right.agency.key, right.pathway)
    lang = kb.language
    change = say(lang, "changed_hearing", old=say(lang, "hearing_requested"), new=say(lang, "hearing_not_requested"))
    assert say(lang, "changed_intro", changes=change) in chat.text()


def test_a_plan_named_after_uninsured_routes_the_bill_to_the_plans_regulator(chat):
    story = "the ambulance company sent me a bill for $1900"
    chat.say(story)
    chat.say('/inform_coverage{"coverage_type": "uninsured"}')
    assert chat.card()["problem_detail"] == "uninsured"
    chat.say("actually I do have insurance, it's Kaiser")
    told = problem_kinds.read(story)
    right = route(Case(EN.plan("kaiser").coverage, told.problem, problem_detail=told.detail), EN)
    card = chat.card()
    assert (card["agency"], card["pathway"], card["problem_detail"]) == (right.agency.key, right.pathway, told.detail)
    chat.say("/ask_summary")
    summary = _summary(chat)
    assert right.agency.phone in summary["call"] and story in summary["words"]


def test_not_sure_if_hmo_or_ppo_ends_at_the_help_center_not_an_hmo(chat):
    chat.say(
        "me operaron de la vesicula en un hospital que si acepta mi seguro pero luego me llego un bill del "
        "anestesiologo de 1800 dolares porque dice que el no esta en la red. yo ni lo escogi. mi seguro es de "
        "blue shield por el trabajo de mi esposo"
    )
    chat.say("no se si es HMO o PPO")
    assert chat.card() is None, "not sure is not an HMO"
    chat.say("no se si es HMO, nunca dije que era HMO")
    card = chat.card()
    assert card and card["coverage"] == "unknown" and card["phone"] == ES.agencies["DMHC"].phone


def test_the_last_explicit_coverage_statement_wins(chat):
    chat.say(
        "My PPO refused to cover my daughter's eating disorder residential program, they said outpatient is "
        "enough. Just so you know it's NOT Anthem or Blue Shield, it's a smaller company, Sutter Health Plus "
        "maybe? no wait that's an HMO. It's an Aetna PPO."
    )
    chat.say("/problem_medical_necessity")
    coverage = EN.plan("aetna").ppo_coverage
    right = route(Case(coverage, "medical_necessity"), EN)
    card = chat.card()
    assert card and (card["agency"], card["coverage"]) == (right.agency.key, coverage)


def test_not_an_hmo_is_not_asked_hmo_or_ppo(chat):
    chat.say(
        "Blue Cross denied my CT scan as not medically necessary. It's not an HMO. I bought it through Covered California."
    )
    chat.say("/affirm")
    coverage = EN.plan("anthem").ppo_coverage
    card = chat.card()
    assert card and card["coverage"] == coverage
    assert card["agency"] == route(Case(coverage, "medical_necessity"), EN).agency.key


def test_an_imr_question_on_a_medi_medi_route_is_answered_for_it(chat):
    chat.say(
        "I have both Medicare and Medi-Cal and I'm in a Medi-Medi plan with IEHP. They denied my power "
        "wheelchair as not medically necessary."
    )
    assert chat.card()["agency"] == "HICAP"
    chat.say("can I get an IMR?")
    medi_medi = route(Case("medicare", "medical_necessity", coverage_detail="medi_medi"), EN)
    assert followups.answer("imr_here", medi_medi, EN)["text"] in chat.text()
    # A service Medi-Cal covers can go to a DMHC IMR (F4.10): its number, not only "not through the DMHC".
    assert EN.agencies["DMHC"].phone in chat.text()


def test_two_questions_at_is_that_right_keep_the_hospital_bill_reading(chat):
    chat.say(
        "fui a la emergencia en abril por un dolor muy fuerte y no tenia aseguranza. ahora el hospital me cobra "
        "9 mil dolares y me estan llamando de cobranza. gano muy poquito, limpio casas. hay alguna ayuda?"
    )
    chat.say("me pueden demandar?")
    chat.say("necesito abogado?")
    assert say("es", "ask_problem") not in chat.text(), "the story is not asked again"
    cards = [c for c in (chat.card(t) for t in range(len(chat.replies))) if c]  # after the first or second question
    assert cards and cards[-1]["problem_detail"] == "hospital_bill"
