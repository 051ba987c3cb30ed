"""What a person says becomes case facts; nothing they said is asked again or lost."""

import pytest

from bot.knowledge import default
from bot.understanding import emergency_now, extract, lookup


def ents(*pairs):
    return [{"entity": label, "value": value} for label, value in pairs]


def test_plan_name_with_a_supported_mapping_fills_coverage():
    assert extract("problem_medical_necessity", ents(("plan", "Kaiser")), None, {}) == {
        "plan": "kaiser",
        "coverage": "hmo",
        "problem": "medical_necessity",
    }


@pytest.mark.parametrize("alias", ["medi-cal", "Medi-Cal", "medi cal", "medicaid"])
def test_medi_cal_words(alias):
    assert (
        extract("inform_coverage", ents(("coverage_type", alias)), "coverage", {})["coverage"]
        == "medi_cal_managed_care"
    )


def test_program_beats_plan_name():
    got = extract("inform_coverage", ents(("plan", "kaiser"), ("coverage_type", "medicare advantage")), None, {})
    assert got["coverage"] == "medicare"


def test_ppo_needs_its_company_then_combines():
    first = extract("inform_coverage", ents(("coverage_type", "PPO")), "coverage", {})
    assert first == {"coverage_pending": "ppo_company"}
    second = extract("inform_coverage", ents(("plan", "blue shield")), "coverage", first)
    assert second["coverage"] == "anthem_or_blue_shield_ppo"
    other = extract("inform_coverage", ents(("plan", "cigna")), "coverage", first)
    assert other["coverage"] == "other_ppo_or_insurance"


def test_anthem_alone_asks_hmo_or_ppo_then_combines():
    first = extract("problem_experimental", ents(("plan", "Anthem Blue Cross")), None, {})
    assert first == {"plan": "anthem", "coverage_pending": "hmo_or_ppo", "problem": "experimental"}
    assert (
        extract("inform_coverage", ents(("coverage_type", "ppo")), "coverage", first)["coverage"]
        == "anthem_or_blue_shield_ppo"
    )
    assert extract("inform_coverage", ents(("coverage_type", "hmo")), "coverage", first)["coverage"] == "hmo"


def test_plan_with_unconfirmed_regulator_is_asked_about():
    got = extract("inform_coverage", ents(("plan", "Health Net")), "coverage", {})
    assert got == {
        "plan": "health_net",
        "coverage_pending": "hmo_or_ppo",
        # counted as one ask: "HMO or PPO?" once, then the Help Center (issue 14; probe s11 B01, B08)
        "attempts": {"slot": "coverage", "count": 1, "reason": "noted"},
    }  # issue 14: asked "HMO or PPO?" naming the plan


def test_correction_replaces_coverage():
    before = {"coverage": "hmo", "plan": None}
    assert extract("inform_coverage", ents(("coverage_type", "medicare")), None, before) == {"coverage": "medicare"}
    # "actually it's a PPO" with no company: the old answer is cleared and the company asked.
    assert extract("inform_coverage", ents(("coverage_type", "ppo")), None, before) == {
        "coverage": None,
        "coverage_pending": "ppo_company",
    }


def test_other_coverage_kinds_fill_the_detail():
    got = extract("inform_coverage", ents(("plan", "tricare")), None, {})
    assert (got["coverage"], got["coverage_detail"]) == ("other_coverage", "tricare")
    got = extract("inform_coverage", ents(("coverage_type", "self-insured")), None, {})
    assert got["coverage_detail"] == "employer_self_funded"


def test_button_payload_keys_resolve():
    for coverage in default().coverages:
        assert extract("inform_coverage", ents(("coverage_type", coverage)), "coverage", {})["coverage"] == coverage


def test_not_sure_about_coverage_explains_once_then_goes_to_unknown():
    first = extract("dont_know", [], "coverage", {})
    assert first == {"attempts": {"slot": "coverage", "count": 1, "reason": "unsure"}}
    assert extract("dont_know", [], "coverage", first) == {"coverage": "unknown", "attempts": None}


def test_coverage_unknown_counts_even_when_not_asked():
    assert extract("coverage_unknown", [], None, {})["attempts"]["slot"] == "coverage"


def test_fair_hearing_yes_no_not_sure():
    assert extract("affirm", [], "fair_hearing", {}) == {"fair_hearing": "requested"}
    assert extract("deny", [], "fair_hearing", {}) == {"fair_hearing": "not_requested"}
    assert extract("dont_know", [], "fair_hearing", {}) == {"fair_hearing": "unsure"}
    # yes/no outside that question changes nothing
    assert extract("affirm", [], "coverage", {}).get("fair_hearing") is None


def test_unclear_answers_get_one_explanation_then_a_safe_default():
    first = extract("nlu_fallback", [], "problem", {})
    assert first == {"attempts": {"slot": "problem", "count": 1, "reason": "unclear"}}
    assert extract("out_of_scope", [], "problem", first) == {"problem": "other", "attempts": None}


def test_side_questions_are_answered_and_counted_only_where_a_default_is_safe():
    # Answered aside (no "sorry"). "What happened?" is never defaulted by them; the coverage question is,
    # so it is not asked a third time (probe s9); "Is that right?" too (probe s7).
    first = extract("ask_imr_cost", [], "coverage", {})
    assert first["attempts"] == {"slot": "coverage", "count": 1, "reason": "answered"}
    # asked twice, then its default (issue 14: no question a third time; probe s13 11 e41)
    assert extract("ask_imr_cost", [], "coverage", first) == {"coverage": "unknown", "attempts": None}
    assert extract("human_handoff", [], "problem", {}) == {}


def test_answering_clears_the_attempt_counter():
    slots = {"attempts": {"slot": "coverage", "count": 1, "reason": "unclear"}}
    assert extract("inform_coverage", ents(("coverage_type", "hmo")), "coverage", slots)["attempts"] is None


def test_unknown_entity_values_are_ignored():
    assert lookup(["not a plan", "", "hmo"])[0].coverage == "hmo"
    assert extract("inform_coverage", ents(("plan", "Acme Gold")), "coverage", {})["attempts"]["reason"] == "unclear"


def test_problem_intent_fills_the_problem():
    assert extract("problem_experimental", [], None, {}) == {"problem": "experimental"}


def test_a_half_understood_message_does_not_change_the_problem():
    slots = {"problem": "medical_necessity"}
    assert extract("problem_other", [], "coverage", slots, confidence=0.46) == {
        "attempts": {"slot": "coverage", "count": 1, "reason": "unclear"}
    }
    # A confident new problem replaces it, but never the catch-all "other", and never a message
    # that answers the coverage question ("I think it's an HMO, my son helps me with the papers").
    assert extract("problem_experimental", [], "coverage", slots, confidence=0.97) == {"problem": "experimental"}
    assert extract("problem_other", [], "coverage", slots, confidence=0.97)["attempts"]["reason"] == "unclear"
    assert extract("problem_other", ents(("coverage_type", "hmo")), "coverage", slots, confidence=0.99) == {
        "coverage": "hmo"
    }
    # The answer to the problem question itself is always taken.
    assert extract("problem_other", [], "problem", {"problem": None}, confidence=0.5) == {"problem": "other"}


def test_problem_ranked_next_to_a_plan_statement_is_kept():
    ranking = [{"name": "inform_coverage", "confidence": 0.61}, {"name": "problem_other", "confidence": 0.3}]
    got = extract(
        "inform_coverage",
        ents(("plan", "UnitedHealthcare"), ("coverage_type", "PPO")),
        None,
        {},
        confidence=0.61,
        ranking=ranking,
    )
    assert got["problem"] == "other" and got["coverage"] == "other_ppo_or_insurance"
    weak = [{"name": "inform_coverage", "confidence": 0.9}, {"name": "problem_other", "confidence": 0.05}]
    assert "problem" not in extract("inform_coverage", ents(("plan", "kaiser")), None, {}, ranking=weak)


@pytest.mark.parametrize(
    "text", ["I really don't know, my daughter set it up for me", "la verdad no sé, mi hija lo arregló"]
)
def test_not_knowing_during_another_question_is_not_sure_never_a_new_problem(text):
    slots = {"problem": "other"}
    updates = extract("problem_medical_necessity", [], "coverage", slots, confidence=1.0, text=text)
    assert "problem" not in updates and updates["attempts"] == {"slot": "coverage", "count": 1, "reason": "unsure"}
    # Asked what happened, the same words stay a problem description.
    assert (
        extract("problem_medical_necessity", [], "problem", {}, text="I don't know why they denied my MRI")["problem"]
        == "medical_necessity"
    )


@pytest.mark.parametrize(
    "slot, text, entities",
    [
        ("fair_hearing", "what is a state fair hearing", ()),
        ("fair_hearing", "que es eso?", ()),
        ("coverage", "whats the difference between hmo and ppo?", (("coverage_type", "hmo"), ("coverage_type", "ppo"))),
        ("coverage", "que es un HMO?", (("coverage_type", "HMO"),)),
        (
            "coverage",
            "is medi-cal the same as medicare?",
            (("coverage_type", "medi-cal"), ("coverage_type", "medicare")),
        ),
    ],
)
def test_a_question_about_the_question_is_explained_not_taken_as_the_answer(slot, text, entities):
    updates = extract("affirm", ents(*entities), slot, {}, text=text)
    assert updates == {"attempts": {"slot": slot, "count": 1, "reason": "question"}}
    # Asked again and again, it never falls back to a default on its own.
    again = extract("affirm", [], slot, updates, text=text)
    assert slot not in again


def test_a_negated_coverage_word_says_nothing():
    text = "its not an HMO. it's an Aetna PPO"
    found = [
        {"entity": "coverage_type", "value": "HMO", "start": text.index("HMO")},
        {"entity": "plan", "value": "Aetna", "start": text.index("Aetna")},
        {"entity": "coverage_type", "value": "PPO", "start": text.index("PPO")},
    ]
    assert extract("inform_coverage", found, "coverage", {}, text=text)["coverage"] == "other_ppo_or_insurance"


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("no whats that", "deny", {"fair_hearing": "not_requested"}),
        ("no, qué es eso?", "deny", {"fair_hearing": "not_requested"}),
    ],
)
def test_an_answer_that_asks_what_it_means_is_still_the_answer(text, intent, expected):
    assert extract(intent, [], "fair_hearing", {}, text=text) == expected


def test_a_statement_with_que_es_is_an_answer_not_a_question():
    text = "es el plan del trabajo, dicen que es self-funded"
    got = extract("inform_coverage", ents(("coverage_type", "self-funded")), "coverage", {}, text=text)
    assert got["coverage"] == "other_coverage"


def test_the_carrier_beats_the_marketplace():
    first = extract(
        "problem_medical_necessity", ents(("plan", "covered california"), ("plan", "blue shield")), None, {}
    )
    assert first["plan"] == "blue_shield" and first["coverage_pending"] == "hmo_or_ppo"
    assert (
        extract("inform_coverage", ents(("coverage_type", "PPO")), "coverage", first)["coverage"]
        == "anthem_or_blue_shield_ppo"
    )


def test_naming_the_same_plan_again_keeps_its_kind():
    slots = {"plan": "united", "coverage": "other_ppo_or_insurance", "problem": "other"}
    assert extract("inform_coverage", ents(("plan", "UnitedHealthcare")), None, slots) == {}


@pytest.mark.parametrize(
    "text, danger",
    [
        ("I'm having really bad chest pain right now and my insurance denied the cardiologist referral", True),
        ("mi hijo esta muy malo ahorita, no puede respirar bien y el seguro no lo quiere atender", True),
        ("my dad can't breathe and Kaiser won't approve the oxygen", True),
        ("I went to the ER for chest pain last month and now they won't pay", False),
        ("fui a emergencias porque no podia respirar y ahora no quieren pagar", False),
        ("Kaiser denied my MRI", False),
    ],
)
def test_danger_now_is_recognised_inside_a_plan_problem(text, danger):
    assert emergency_now(text) is danger


def test_a_message_wrongly_read_as_a_greeting_during_a_question_is_an_unclear_answer():
    from bot.understanding import side_intent

    assert (
        side_intent("greet", "hello?") and side_intent("greet", "buenas tardes") and side_intent("greet", "I need help")
    )
    assert not side_intent("greet", "purple elephants") and side_intent("thank", "whatever")
    assert side_intent("greet", "/greet"), "the widget's and SMS START's opening payload"
