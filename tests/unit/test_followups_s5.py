"""The s5 probe's follow-up findings (P3-P5, P8, P13-P15, P18, P19, P22, P24, P25, P35, P38, P41-P44,
P49, P51, P53), on bot/: what people ask next is answered from the route's own data, in English and
Spanish. The wordings are new (not the probe's, not the training data); expected values are read from
the knowledge data."""

from datetime import date

import pytest

from bot import action_plan, followups, problem_kinds, replies, turns
from bot.dates import add_days, format_date
from bot.knowledge import default
from bot.routing import Case, route
from tests.unit.followup_helpers import LANGS, said

TRICARE = Case("other_coverage", "medical_necessity", coverage_detail="tricare")
CCS = Case("medi_cal_managed_care", "other", problem_detail="ccs")
MEDI_CAL = Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")
WORK = Case("unknown", "other", problem_detail="workers_comp")
SURPRISE = Case("hmo", "other", problem_detail="surprise_bill")
COVERED_CA = Case("unknown", "other", problem_detail="covered_california")


def topic_text(language, topic, key):
    found = next(t for t in followups.followups(language).topics if t.key == topic)
    return found.answers[key].text


def no_answer_opening(language):
    return followups.followups(language).no_answer.split("{")[0]


@LANGS
@pytest.mark.parametrize(
    "case, clock",
    [(TRICARE, "tricare_appeal"), (CCS, "ccs_appeal"), (MEDI_CAL, "medi_cal_plan_appeal")],
    ids=["tricare", "ccs", "medi-cal"],
)
def test_a_time_question_gets_the_routes_rule_then_the_offer(language, case, clock):
    kb = default(language)
    ref = route(case, kb)
    asked = said(language, "how much time do we get?", "¿cuánto tiempo tenemos?")
    text = turns.unplaced(asked, ref, None, kb, date(2026, 12, 1)).replies[0]["text"]
    assert problem_kinds.clock(clock, kb).text in text
    assert text.endswith(followups.followups(language).date_offer)
    assert no_answer_opening(language) not in text


@LANGS
def test_tapping_count_my_dates_without_the_letter_gives_the_rule_first(language):
    kb = default(language)
    ref = route(TRICARE, kb)
    turn = turns.on_request("ask_dates", ref, None, None, kb, date(2026, 12, 1))
    assert turn.replies[0]["text"] == problem_kinds.clock("tricare_appeal", kb).text
    assert turn.slots == {"awaiting": "letter_date"}


@LANGS
def test_before_the_referral_a_time_question_is_answered_for_the_coverage_known(language):
    """TRICARE at the reason question: its 90 days, never "ask the DMHC" (P18)."""
    kb = default(language)
    turn = turns.followup("deadline", None, None, None, "other_coverage", None, True, kb, detail="tricare")
    assert turn.replies[0]["text"] == topic_text(language, "deadline", "HEALTH_PLAN.tricare")
    assert kb.agencies["DMHC"].phone not in turn.replies[0]["text"]
    # Nothing known but the problem: the general rule (6 months), not "I can't check".
    general = turns.followup("deadline", None, None, None, None, "emergency_payment", True, kb)
    assert general.replies[0]["text"] == topic_text(language, "deadline", "before")


@LANGS
@pytest.mark.parametrize(
    "case, asked_en, asked_es, topic, key",
    [
        (
            Case("medicare", "other", problem_detail="medicare_non_denial"),
            "by when must i appeal",
            "¿hasta cuándo puedo apelar?",
            "deadline",
            "HICAP",
        ),
        (
            Case("hmo", "medical_necessity"),
            "how quickly must my plan get back to me",
            "¿en cuántos días me tienen que contestar?",
            "plan_answer_time",
            "DMHC",
        ),
        (CCS, "can my son ask for a hearing as well", "¿puede pedir una audiencia también?", "hearing", "COUNTY_CCS"),
        (
            Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility"),
            "how do i get my medi-cal restored",
            "¿cómo la recupero?",
            "get_back",
            "COUNTY_MEDI_CAL",
        ),
        (
            Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility"),
            "is there a way to block the change",
            "¿se puede detener el cambio?",
            "stop_change",
            "COUNTY_MEDI_CAL.medi_cal_eligibility",
        ),
        (
            COVERED_CA,
            "i need it sooner, can they rush it",
            "¿lo pueden hacer más rápido?",
            "urgent",
            "COVERED_CALIFORNIA",
        ),
        (
            COVERED_CA,
            "is there anyone else who can help me",
            "¿alguien más me puede ayudar?",
            "lawyer",
            "COVERED_CALIFORNIA",
        ),
    ],
    ids=["medicare-deadline", "plan-answer-time", "ccs-hearing", "cure-period", "stop-change", "cc-faster", "cc-help"],
)
def test_questions_with_a_fact_behind_them_are_answered(language, case, asked_en, asked_es, topic, key):
    kb = default(language)
    ref = route(case, kb)
    text = turns.unplaced(said(language, asked_en, asked_es), ref, None, kb, date(2026, 12, 1)).replies[0]["text"]
    fields = followups._route_fields(ref, kb)
    assert text == topic_text(language, topic, key).format(**fields)


IMR_TEXTS = ("cost", "effect", "when", "who")


@LANGS
@pytest.mark.parametrize(
    "case, faq, asked_en, asked_es",
    [
        (WORK, "cost", "would this cost me anything", "¿me cobran algo?"),
        (WORK, "what", "so is it the same imr as the health plan one", "¿es la misma IMR que la del plan?"),
        (SURPRISE, "cost", "do we have to pay them in the meantime", "¿tengo que pagarla mientras tanto?"),
        (Case("medicare", "experimental"), "what", "could my wife get an IMR", "¿puede pedir una IMR mi esposa?"),
        (COVERED_CA, "what", "is there an independent medical review for this", "¿hay una IMR para esto?"),
    ],
    ids=["dwc-cost", "dwc-same", "surprise-pay", "medicare-imr", "covered-ca-imr"],
)
def test_non_imr_routes_never_get_the_health_plan_imr_text(language, case, faq, asked_en, asked_es):
    kb = default(language)
    ref = route(case, kb)
    text = turns.imr_question(said(language, asked_en, asked_es), faq, ref, kb).replies[0]["text"]
    for part in IMR_TEXTS:
        assert kb.faq["imr"][part] not in text, part


@LANGS
def test_complain_first_with_an_experimental_denial_before_the_coverage_is_known(language):
    """P8: the problem is known, the coverage not yet: "No", the IMR right away (F1.8, F1.11)."""
    kb = default(language)
    asked = said(language, "must i file a grievance with them first?", "¿debo presentar una queja con ellos primero?")
    assert followups.topic(asked) == "appeal_first"
    turn = turns.followup("appeal_first", None, None, None, None, "experimental", True, kb)
    assert turn.replies[0]["text"] == topic_text(language, "appeal_first", "before.experimental")
    side = turns.side_question(asked, True, None, kb, problem="experimental")
    assert side["text"] == topic_text(language, "appeal_first", "before.experimental")
    # With the coverage known too: the route's own answer (an HMO: no; Medicare: the plan first).
    hmo = turns.followup("appeal_first", None, None, None, "hmo", "experimental", True, kb)
    assert hmo.replies[0]["text"] == topic_text(language, "appeal_first", "DMHC.experimental").format(
        **followups._route_fields(route(Case("hmo", "experimental"), kb), kb)
    )


@LANGS
@pytest.mark.parametrize(
    "case, key",
    [
        (Case("anthem_or_blue_shield_ppo", "medical_necessity"), "DMHC.anthem_or_blue_shield_ppo"),
        (
            Case(
                "medi_cal_managed_care",
                "medical_necessity",
                fair_hearing="not_requested",
                coverage_detail="county_run",
                plan_name="CalOptima",
            ),
            "DMHC.county_run",
        ),
        (WORK, "DWC"),
    ],
    ids=["anthem-ppo", "county-run", "dwc"],
)
def test_which_agency_gets_the_routes_reason(language, case, key):
    kb = default(language)
    ref = route(case, kb)
    for asked in said(
        language,
        ("is my plan regulated by the cdi or the dmhc", "why the dmhc and not the cdi"),
        ("¿es del cdi o del dmhc?", "¿mi plan lo supervisa el DMHC?"),
    ):
        text = turns.imr_question(asked, "who", ref, kb).replies[0]["text"]
        assert text == topic_text(language, "which_agency", key).format(**followups._route_fields(ref, kb)), asked


@LANGS
def test_say_it_again_and_what_first_give_the_routes_first_step_and_number(language):
    kb = default(language)
    for case in (Case("hmo", "medical_necessity"), SURPRISE, MEDI_CAL):
        ref = route(case, kb)
        for asked in said(
            language,
            ("could you repeat that", "ok so what do i do first"),
            ("¿me lo repite?", "¿qué tengo que hacer primero?"),
        ):
            text = turns.unplaced(asked, ref, None, kb, date(2026, 12, 1)).replies[0]["text"]
            assert followups.first_step(ref, kb) in text and ref.phone in text, asked


@LANGS
def test_medi_cal_first_screen_says_appeal_within_60_days(language):
    """P14: the Medi-Cal plan appeal (F3.1), not the general "complaint ... 30 days"."""
    kb = default(language)
    ref = route(MEDI_CAL, kb)
    shown = followups.first_step(ref, kb)
    assert shown == followups.followups(language).first_steps["DMHC.medi_cal_managed_care"].text != ref.first_step
    first_screen = turns.referral_turn(ref, kb)[0]["text"]
    assert shown in first_screen
    # Not for an experimental denial (no plan appeal first); when the plan never answered or already
    # said no to the appeal, the route's own step for that (the IMR now, the hearing's 120 days; s10).
    experimental = route(Case("medi_cal_managed_care", "experimental", fair_hearing="not_requested"), kb)
    assert followups.first_step(experimental, kb) == experimental.first_step
    silent = route(Case("medi_cal_managed_care", "medical_necessity", "not_requested", plan_silent=True), kb)
    own = followups.followups(language).first_steps["DMHC.medi_cal_managed_care"]
    assert followups.first_step(silent, kb) == own.plan_silent not in (own.text, None)


@LANGS
def test_the_state_hearing_is_never_dated_from_the_first_notice(language):
    """P15: 120 days run from the plan's answer to the appeal (F10.1), not from the denial."""
    kb = default(language)
    ref = route(MEDI_CAL, kb)
    letter = date(2026, 11, 3)
    plan = action_plan.build(ref, letter, today=date(2026, 11, 10), kb=kb)
    text = replies.dates(plan, kb)["text"]
    hearing = kb.clocks["state_hearing"]
    assert format_date(add_days(letter, hearing.days), language) not in text
    assert hearing.text in text
    assert format_date(add_days(letter, kb.clocks["medi_cal_plan_appeal"].days), language) in text


@LANGS
def test_medi_cal_steps_say_nothing_twice_and_keep_every_deadline(language):
    """P53: the Good to know lines its steps already say are gone; every deadline stays."""
    kb = default(language)
    ref = route(MEDI_CAL, kb)
    plan = action_plan.build(ref, None, kb=kb)
    text = replies.steps(ref, plan, kb)["text"]
    for line in followups.followups(language).steps_cover["DMHC.medi_cal_managed_care"]:
        assert kb.extras[line] not in text
    for deadline in plan.deadlines:
        assert deadline.text(language) in text
    assert text.count(kb.agencies["DMHC"].form) == 1
