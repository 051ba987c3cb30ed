"""Session 14 findings (probe 15, blind sets dev14_es/dev15_en): follow-ups on the hearing and the IMR,
after a lost IMR, a letter from the DMHC and suing; coverage told at "Is that right?" ("Sharp", "through my
job"); a service member's family on TRICARE; phone Spanish's "q"; cue words in new wordings. Expected values
are read from the knowledge data."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import first_of_turn
from bot import followups, language, problem_kinds
from bot.knowledge import default
from bot.routing import Case, route
from bot.understanding import extract
from bot.understanding.coverage import lookup, named_values
from bot.understanding.problem import tells_problem

EN, ES = default("en"), default("es")
KBS = pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])


@pytest.mark.parametrize(
    "text",
    [
        "whats the difference between a fair hearing and an IMR",
        "can i do both?",
        "should I do the hearing or the IMR",
        "cual es la diferencia entre la audiencia y la IMR?",
        "puedo hacer las dos?",
    ],
)
def test_the_hearing_and_the_imr_compared_is_its_own_question(text):
    assert followups.topic(text) == "hearing_vs_imr"


@KBS
def test_a_medi_cal_member_hears_both_ways_and_which_goes_first(kb):
    ref = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"), kb)
    text = followups.answer("hearing_vs_imr", ref, kb)["text"]
    assert kb.contacts["state_hearings"].phone in text and "120" in text  # F3.2, F3.5
    assert not text.startswith(("Yes.", "Sí."))  # was the answer to "can I get a hearing?"


@KBS
def test_a_problem_that_is_not_a_denial_is_never_sent_to_an_imr_by_the_comparison(kb):
    ref = route(Case("hmo", "other", problem_detail="access_delay"), kb)
    text = followups.answer("hearing_vs_imr", ref, kb)["text"]
    assert kb.agencies["DMHC"].phone in text
    assert "apply" not in text.lower() and "pida una imr" not in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "we lost the IMR for my dad's surgery. the denial was upheld. what can we do now?",
        "the letter from the DMHC says the denial was upheld",
        "perdimos la IMR, el DMHC dice que el plan tenia razon. que hacemos?",
        "me llego una carta del dmhc, dice q el revisor independiente estuvo de acuerdo con mi seguro",
    ],
)
def test_a_lost_imr_told_as_done_is_the_question_after_losing(text):
    assert followups.topic(text) == "imr_no"


@KBS
def test_after_a_lost_imr_with_the_coverage_unknown_both_ways_are_named(kb):
    text = followups.answer("imr_no", None, kb)["text"]
    assert kb.contacts["state_hearings"].phone in text  # Medi-Cal: F11.15
    assert kb.agencies["DMHC"].phone in text and kb.contacts["health_consumer_alliance"].phone in text  # F11.16


@pytest.mark.parametrize(
    "text, key",
    [
        ("can I sue them?", "sue_plan"),
        ("¿podemos demandar a la aseguranza?", "sue_plan"),
        ("will they sue me?", "collections"),
        ("I got a letter back from the DMHC, now what?", "dmhc_letter"),
        ("they denied my appeal, now what?", "plan_no_again"),
        ("ya me dijeron q no a mi apelacion, ahora q?", "plan_no_again"),
        ("can I keep my coverage while I wait?", "stop_change"),
    ],
)
def test_follow_ups_people_asked_are_read(text, key):
    assert followups.topic(text) == key


@KBS
def test_a_letter_from_the_dmhc_gets_the_case_number_and_the_help_center(kb):
    ref = route(Case("hmo", "medical_necessity"), kb)
    text = followups.answer("dmhc_letter", ref, kb)["text"]
    assert kb.agencies["DMHC"].phone in text and "5" in text  # F11.5: 5 business days


@KBS
def test_suing_gets_free_legal_help(kb):
    ref = route(Case("hmo", "medical_necessity"), kb)
    assert kb.contacts["health_consumer_alliance"].phone in followups.answer("sue_plan", ref, kb)["text"]


@KBS
def test_the_state_hearing_online_is_answered_for_county_and_dental_routes(kb):
    for kind in ("medi_cal_eligibility", "dental_vision"):
        ref = route(Case("medi_cal_managed_care", "other", problem_detail=kind), kb)
        assert kb.contacts["state_hearings"].phone in followups.answer("online", ref, kb)["text"]


def test_phone_spanish_short_words_read_as_whole_words():
    assert language.fold_words("me dijeron q no, xq?") == "me dijeron que no, porque?"
    assert language.fold_words("Q&A") == "q&a"
    assert language.fold("me dijeron q no") == "me dijeron q no"  # positions in the text stay
    told = "IEHP me nego la resonancia. ya apele y me dijeron q no otra vez"
    assert "plan_silent" in followups.situations(told)  # the appeal already denied (F10.1)


def test_a_long_story_saying_someone_had_no_form_in_spanish_does_not_ask_for_english():
    story = (
        "Estuve en el hospital y no tenia seguro. Pedi la aplicacion de ayuda financiera y me dijeron que no la "
        "tenian en español, y a los dos meses mandaron mi cuenta a colecciones."
    )
    assert language.requested(story) is None
    assert language.decide(story, None) == "es"
    assert language.requested("no hablo ingles") == "es"


@pytest.mark.parametrize("answer", ["through my job", "through Costco, I work there", "por el trabajo de mi esposo"])
def test_where_the_plan_comes_from_at_is_that_right_goes_on_with_the_case(answer):
    slots = {"problem": "other", "problem_detail": "surprise_bill", "problem_guess": "yes"}
    got = extract(None, [], "problem_confirmed", slots, text=answer)
    assert got.get("problem_confirmed") == "yes"
    assert "problem" not in got  # the kind read from the story stays


def test_where_the_plan_comes_from_at_the_coverage_question_is_a_not_sure():
    got = extract(None, [], "coverage", {"problem": "medical_necessity"}, text="through my job i think")
    assert got["attempts"]["reason"] == "unsure" and got["attempts"]["slot"] == "coverage"


@pytest.mark.parametrize("answer, plan", [("Sharp", "sharp"), ("SCAN", "scan")])
def test_a_plans_first_word_at_is_that_right_is_that_plan(answer, plan):
    slots = {"problem": "other", "problem_detail": "drug_cost", "problem_guess": "yes"}
    got = extract(None, [], "problem_confirmed", slots, text=answer)
    assert got["plan"] == plan and got["problem_confirmed"] == "yes"


@pytest.mark.parametrize("said", ["my husband is in the navy", "he's active duty", "mi esposo esta en la marina"])
def test_a_service_members_family_is_on_tricare(said):
    entry = next(e for alias, e in EN.names.items() if alias in language.fold(said))
    assert entry.key == "tricare" and entry.coverage == EN.plan("tricare").coverage


def test_scan_in_capitals_is_the_plan_and_a_scan_is_a_test():
    scan = EN.plan("scan")
    assert "SCAN" in scan.exact_case and "scan" not in scan.aliases


def test_a_program_the_person_is_not_old_enough_for_is_not_their_coverage():
    text = "I kept my federal employee health benefits, as I am not yet old enough for Medicare."
    entities = [
        {"entity": "plan", "value": "federal employee health benefits", "start": text.index("federal")},
        {"entity": "coverage_type", "value": "medicare", "start": text.index("Medicare")},
    ]
    assert [e.key for e in lookup(named_values(entities, text))] == ["federal_employee"]


@pytest.mark.parametrize(
    "language_code, text, kind",
    [
        # a drug the doctor stopped is not Medi-Cal ending
        (
            "en",
            "medi-cal rx sent back a no, they said i have to try the metformin first but the doctor took me off it",
            "medical_necessity",
        ),
        # "the last day of February" is a plan's end date, not a last covered day in a hospital
        (
            "en",
            "I turn 65 in March and get Medicare. I asked Covered California to end my plan on the last day of "
            "February, but they terminated my coverage as of January 31.",
            "covered_california",
        ),
        # care stepped down to outpatient as "stable enough"
        (
            "en",
            "Three weeks in, our Blue Shield PPO told the program she was stable enough to step down to a few hours a day.",
            "medical_necessity",
        ),
        # "not clinically indicated"; a Facebook group is not an outside lab
        (
            "en",
            "The plan cut his ABA and said the rest is not clinically indicated. Someone in a different group says to call the DMHC.",
            "medical_necessity",
        ),
        # approved for adults but not for children
        (
            "es",
            "Su especialista pidio una infusion que la FDA aprobo para adultos pero no para niños de su edad. L.A. Care dijo que no.",
            "experimental",
        ),
    ],
)
def test_words_read_the_kind_the_story_states(language_code, text, kind):
    found = problem_kinds.read(text, problem_kinds.default(language_code))
    assert (found.detail or found.problem) == kind


def test_a_whole_story_goes_on_to_its_questions_after_the_911_advice():
    story = " ".join(["We have lived here many years and my son has had a hard time."] * 4)
    assert tells_problem(story)
    assert not tells_problem("he overdosed")


class _Tracker:
    def __init__(self, events):
        self.events = events


def test_a_note_on_the_message_is_said_once_a_turn():
    dispatcher = CollectingDispatcher()
    said_this_turn = _Tracker([{"event": "user"}, {"event": "bot", "text": "If this is an emergency, call 911"}])
    assert not first_of_turn(dispatcher, said_this_turn)
    assert first_of_turn(dispatcher, _Tracker([{"event": "bot"}, {"event": "user"}, {"event": "action"}]))
    dispatcher.utter_message(text="hi")
    assert not first_of_turn(dispatcher, _Tracker([{"event": "user"}]))


@KBS
def test_after_a_medi_cal_plans_no_to_the_appeal_the_hearings_last_day_is_counted(kb):
    """A Notice of Appeal Resolution's date starts the State Hearing's days too (F3.2, F10.1; probe s13 13
    c05: "the last day to ask for the state hearing?" got the DMHC's date)."""
    from datetime import date

    from bot import action_plan
    from bot.dates import add_days

    ref = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested", plan_silent=True), kb)
    letter = date(2026, 11, 6)
    plan = action_plan.build(ref, letter_date=letter, today=date(2026, 12, 3), kb=kb)
    hearing = next(d for d in plan.deadlines if d.clock.key == "state_hearing")
    assert hearing.due == add_days(letter, problem_kinds.clock("state_hearing", kb).days)
    first = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"), kb)
    before = action_plan.build(first, letter_date=letter, today=date(2026, 12, 3), kb=kb)
    assert next(d for d in before.deadlines if d.clock.key == "state_hearing").due is None  # the NOA: not yet


# Letters from probe 16, written by the prober (their text, as OCR gives it).
MA_DENIAL = """SCAN Health Plan
NOTICE OF DENIAL OF MEDICAL COVERAGE
Date: November 18, 2026
We have DENIED the request for: home health physical therapy, 12 visits.
Why: Medicare guidelines show this service is not medically necessary.
You have the right to ask us to reconsider (appeal). You must ask within 65 days of
the date of this notice. Standard appeal: we will answer within 30 days. Fast appeal:
72 hours, if waiting could seriously harm your health."""

WC_UR = """CorVel Corporation - Utilization Review
NOTICE OF UTILIZATION REVIEW DETERMINATION
Date: October 22, 2026
Employer: Costco Wholesale   Claim Number: XXXXXXXX   Date of Injury: 03/09/2026
Treatment: Lumbar epidural steroid injection L4-L5
DECISION: NON-CERTIFIED (DENIED).
Reason: The request does not meet MTUS guidelines.
If you disagree, you may request Independent Medical Review (IMR) by filing the
enclosed Application for Independent Medical Review, DWC Form IMR, within 30 days."""

COUNTY_END = """COUNTY OF FRESNO - DEPARTMENT OF SOCIAL SERVICES
NOTICE OF ACTION - MEDI-CAL
Date: November 5, 2026
Your Medi-Cal benefits will STOP on November 30, 2026.
Reason: Your household income is over the limit for your household size.
You may be able to buy health insurance through Covered California.
YOUR HEARING RIGHTS: You have 90 days from the date of this notice to ask for a State Hearing."""


def test_a_letters_time_to_appeal_is_the_persons_not_the_plans_time_to_answer():
    from bot.letter.fields import read_fields

    assert read_fields(MA_DENIAL).appeal_deadline == {"days": 65}


def test_a_workers_comp_review_letter_is_read_as_one():
    from bot.letter.fields import read_fields

    fields = read_fields(WC_UR)
    assert (fields.problem, fields.problem_detail) == ("other", "workers_comp")


def test_a_county_notice_pointing_to_covered_california_is_not_from_it():
    from bot.letter.fields import read_fields

    fields = read_fields(COUNTY_END)
    assert fields.problem_detail == "medi_cal_eligibility" and fields.plan is None


DMHC_LETTERS = {
    "dmhc_letter": """STATE OF CALIFORNIA - DEPARTMENT OF MANAGED HEALTH CARE
October 28, 2026
Dear Enrollee:
The Department of Managed Health Care (DMHC) received your Independent Medical Review/Complaint application on
October 21, 2026 regarding the denial of an insulin pump. This letter confirms we have opened a case.""",
    "imr_no": """DEPARTMENT OF MANAGED HEALTH CARE
INDEPENDENT MEDICAL REVIEW DETERMINATION
December 1, 2026
The independent physician reviewer found that the requested service is not medically necessary.
The health plan's denial is UPHELD.""",
    "imr_won": """DEPARTMENT OF MANAGED HEALTH CARE
INDEPENDENT MEDICAL REVIEW DETERMINATION
November 20, 2026
The independent physician reviewer found that the requested service IS medically necessary for the enrollee.
The health plan's denial is OVERTURNED. The health plan must authorize the service within 5 working days.""",
}


@pytest.mark.parametrize("topic", sorted(DMHC_LETTERS))
def test_a_letter_from_the_dmhc_after_applying_is_read_as_its_own_step(topic):
    from bot.letter.case import stored_fields
    from bot.letter.fields import read_fields

    fields = read_fields(DMHC_LETTERS[topic])
    assert fields.dmhc_step == topic
    assert stored_fields(fields.as_dict())["dmhc_step"] == topic
    assert followups.answer(topic, None, EN)["text"]  # a sourced answer to give instead of a first denial's steps


def test_a_plans_own_denial_letter_is_no_dmhc_step():
    from bot.letter.fields import read_fields

    assert read_fields(MA_DENIAL).dmhc_step is None
    assert read_fields(WC_UR).dmhc_step is None


@KBS
def test_a_surprise_bill_on_tricare_is_not_told_californias_rule_nor_a_denials_appeal(kb):
    """AB 72 covers DMHC and CDI plans only (F12.17; probe s14 16 EN04)."""
    kinds = problem_kinds.default(kb.language)
    ref = route(Case("other_coverage", "other", coverage_detail="tricare", problem_detail="surprise_bill"), kb)
    assert ref.first_step == kinds.kinds["surprise_bill"].first_step_of("other_coverage")
    assert kinds.contacts["no_surprises"].phone in ref.first_step
    meanwhile = followups.answer("pay_meanwhile", ref, kb)["text"]
    assert kinds.contacts["no_surprises"].phone in meanwhile


@pytest.mark.parametrize(
    "said, removed",
    [
        ("I'm calling for my mom, Maria Lopez, she lives in Riverside.", "Maria Lopez"),
        ("mi mamá, Rosa Garcia, tiene medi-cal", "Rosa Garcia"),
        ("This is for my husband, Robert Chen.", "Robert Chen"),
    ],
)
def test_a_relatives_name_set_off_by_commas_is_removed(said, removed):
    from bot.redact import redact

    assert removed not in redact(said)
    assert "my mom, who is 80" in redact("my mom, who is 80, has Kaiser")


def test_a_question_under_did_this_help_is_answered_not_kept_as_a_no():
    from actions.feedback import asks

    assert asks("y si no gano la audiencia q pasa") and followups.topic("y si no gano la audiencia") == "imr_no"
    assert not asks("no") and not asks("no me sirvio")


def test_neither_yes_nor_no_twice_at_is_that_right_keeps_a_kind_read_from_the_story():
    """Probe 17 S03, S04, S10: the guess was dropped for the denial-reason menu."""
    slots = {"problem": "other", "problem_detail": "covered_california", "problem_guess": "yes"}
    first = extract(None, [], "problem_confirmed", slots, text="se puede apelar eso?")
    second = extract(None, [], "problem_confirmed", {**slots, **first}, text="cuanto tiempo tengo")
    assert second.get("problem_confirmed") == "kept" and "problem" not in second
    # "not sure" twice is still never a yes (probe P48; tests/unit/test_conversation_control.py)
    once = extract("dont_know", [], "problem_confirmed", slots, text="no se")
    twice = extract("dont_know", [], "problem_confirmed", {**slots, **once}, text="no se")
    assert twice.get("problem_confirmed") not in ("kept", "yes")


def test_the_story_is_read_again_when_its_program_is_named_later():
    slots = {
        "problem": "other",
        "problem_words": "my insurance just stopped, went to the pharmacy and they said Im not active anymore",
    }
    entities = [{"entity": "coverage_type", "value": "medi-cal", "start": 14, "end": 22}]
    got = extract("inform_coverage", entities, "coverage", slots, text="actually its Medi-Cal")
    assert got["coverage"] == "medi_cal_managed_care" and got["problem_detail"] == "medi_cal_eligibility"


@KBS
def test_still_in_the_hospital_after_a_medicare_bill_gets_the_appeal_before_leaving(kb):
    from datetime import date

    from bot import turns

    ref = route(Case("medicare", "other", problem_detail="medicare_non_denial"), kb)
    said = {"en": "she's still in the hospital today actually", "es": "mi mamá todavía está en el hospital hoy"}
    turn = turns.unplaced(said[kb.language], ref, None, kb, date(2026, 12, 3))
    text = turn.replies[0]["text"]
    assert problem_kinds.default(kb.language).agencies["MEDICARE_QIO"].phone in text
    assert "letter_date" not in turn.slots  # its "today" is no letter's date


@KBS
def test_the_county_decision_asked_is_it_legal_gets_the_hearing(kb):
    ref = route(Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility"), kb)
    assert kb.contacts["state_hearings"].phone in followups.answer("is_legal", ref, kb)["text"]


@KBS
def test_an_appointment_given_at_last_is_answered(kb):
    ref = route(Case("hmo", "other", problem_detail="access_delay"), kb)
    assert kb.agencies["DMHC"].phone in followups.answer("got_appointment", ref, kb)["text"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("cuantos dias tengo pa apelar?", "deadline"),
        ("cuanto tiempo es lo maximo q pueden tardar?", "wait_standard"),
        ("¿Qué es la atención caritativa y cómo la pido?", "charity_apply"),
    ],
)
def test_spanish_follow_ups_probe_17_found_unanswered_are_read(text, key):
    assert followups.topic(text) == key


@KBS
def test_a_lawyer_asked_about_before_a_workers_comp_referral_is_the_dwcs_answer(kb):
    text = followups.answer("lawyer", None, kb, kind="workers_comp")["text"]
    assert problem_kinds.default(kb.language).agencies["DWC"].phone in text


def test_a_question_the_nlu_read_as_not_sure_at_is_that_right_is_a_side_question():
    slots = {
        "problem": "other",
        "problem_detail": "workers_comp",
        "problem_guess": "yes",
        "attempts": {"slot": "problem_confirmed", "count": 1, "reason": "answered"},
    }
    got = extract("dont_know", [], "problem_confirmed", slots, text="do i need a lawyer")
    assert got.get("problem_confirmed") == "kept" and "problem" not in got
