"""Session 12 follow-up findings: an IMR already won while the plan has not approved the care (F11.5:
5 business days, then a complaint; probe s11 7 E12, where the IMR steps came again). The wordings are
new; expected values are read from the knowledge data, plus literal checks of the facts an answer rests on."""

import pytest

from bot import followups, turns
from bot.knowledge import default
from bot.routing import Case
from tests.unit.followup_helpers import LANGS, answered_for_route, entry, said

HMO = Case("hmo", "medical_necessity")
CDI = Case("other_ppo_or_insurance", "experimental")
WON = (
    "we won the independent review last month and Health Net still hasn't scheduled it",
    "ganamos la IMR y el plan no ha aprobado nada",
)


@LANGS
@pytest.mark.parametrize(
    "case, key, facts", [(HMO, "DMHC", {"F11.5", "F12.1"}), (CDI, "CDI", {"F11.16"})], ids=["dmhc", "cdi"]
)
def test_an_imr_won_but_not_followed_gets_the_plans_duty_and_the_regulator(language, case, key, facts):
    answered_for_route(case, language, *WON, "imr_won", key, facts)


@LANGS
def test_an_imr_won_before_any_route_names_both_regulators(language):
    kb = default(language)
    asked = said(
        language,
        "the IMR ruled in my favor but Blue Shield still won't approve the surgery",
        "la revision independiente salio a mi favor pero no me dan la cirugia",
    )
    text = turns.imr_question(asked, "what", None, kb).replies[0]["text"]
    assert text == entry(language, "imr_won", "any").text.format(**followups._route_fields(None, kb))
    for agency in ("DMHC", "CDI"):
        assert kb.agencies[agency].phone in text


@LANGS
def test_if_i_win_is_still_the_question_about_winning(language):
    assert followups.topic(said(language, "what if I win the IMR?", "¿y si gano?")) == "imr_yes"
    assert followups.topic(said(language, "we won the appeal with the plan", "ganamos el caso")) != "imr_won"
    assert followups.topic(said(language, "what if the IMR says no?", "¿y si la IMR dice que no?")) != "imr_won"
