"""A question about the process that the NLU read as an emergency ("who do I call first?", "is that
even allowed?") is answered as a question; the 911 advice alone only when some word speaks of danger
or of the body (probe s7: three follow-ups after a referral got only the 911 advice)."""

import pytest

from bot import followups, named_numbers, problem_kinds, replies, turns
from bot.knowledge import default
from bot.routing import Case, route
from bot.understanding import extract
from bot.understanding.words import process_question, question_not_correction

PROCESS = ["who do I call first?", "is that even allowed?", "is 400 even allowed?", "quien me ayuda?", "es legal eso?"]
DANGER = [
    "my husband can't breathe",
    "he is having chest pain right now, what do I do?",
    "is it ok if he fell and hit his head?",
    "what do I do, he won't wake up?",
    "mi hijo tiene fiebre muy alta, que hago?",
    "can I go to the ER?",
    "no puede respirar",
]


@pytest.mark.parametrize("text", PROCESS)
def test_a_question_with_no_word_of_danger_is_about_the_process(text):
    assert process_question(text)


@pytest.mark.parametrize("text", DANGER)
def test_a_word_of_danger_keeps_the_emergency(text):
    assert not process_question(text)


def test_an_emergency_runner_up_gives_911_only_with_a_word_of_danger():
    kb = default("en")
    referral = route(Case("hmo", "medical_necessity"), kb)
    emergency = replies.emergency(kb)
    asked = turns.followup(
        None, "medical_emergency", referral, None, "hmo", "medical_necessity", False, kb, text=PROCESS[0]
    )
    assert emergency not in asked.replies and asked.replies
    danger = turns.followup(
        None, "medical_emergency", referral, None, "hmo", "medical_necessity", False, kb, text=DANGER[1]
    )
    assert danger.replies == [emergency]


@pytest.mark.parametrize(
    "asked,key",
    [
        ("what's the number for the hearing", "state_hearings"),
        ("cual es el telefono de la audiencia?", "state_hearings"),
        ("what's the number for medicare?", "medicare"),
        ("what's the HICAP number for Medicare?", "HICAP"),
        ("what's the number for HICAP?", "HICAP"),
        ("what number do I call about my hearing aids?", None),
        # a story with "numbers" (blood sugar) and a place named far from it asks for no number (dev3)
        ("my sugar numbers are all over the place and the pharmacy says Medi-Cal Rx denied the sensors", None),
    ],
)
def test_a_number_asked_by_name_is_the_named_places(asked, key):
    # probe s7: "the hearing" got the county's number, "Medicare's number" got Livanta's (F3.5, F4.7).
    assert named_numbers.asked(asked) == key
    if key:
        kb = default("en")
        place = kb.agencies.get(key) or kb.contacts.get(key)
        assert place.phone in named_numbers.answer(asked, kb)["text"]


@pytest.mark.parametrize(
    "text,question",
    [
        ("and what about the 300 dollar urgent care bill?", True),
        ("¿Medi-Cal es para indocumentados?", True),
        ("no es emergencia, pero es urgente, ¿cómo pido la revisión urgente?", True),
        ("actually it's a PPO, not an HMO", False),
        ("sorry, I meant Medi-Cal, is that different?", False),
        ("en realidad es de Medi-Cal", False),
        ("it was an emergency they won't pay for", False),
    ],
)
def test_after_the_referral_only_a_correction_changes_the_case(text, question):
    # probe s7: a follow-up question rewrote the case ("what about the urgent care bill?").
    assert question_not_correction(text) is question


def test_told_after_the_referral_that_the_plan_is_from_a_job_says_what_that_may_change():
    kb = default("en")
    ppo = route(Case("anthem_or_blue_shield_ppo", "medical_necessity", job_plan=True), kb)
    note = turns.job_plan_news({}, {"job_plan": True}, ppo, kb)
    assert note is not None and note["text"] == kb.extras["job_plan"]
    assert turns.job_plan_news({"job_plan": True}, {"job_plan": True}, ppo, kb) is None  # said before
    # A route it does not change (an HMO): one line that says so, not the referral again (probe s10 E15, S27).
    hmo = route(Case("hmo", "medical_necessity", job_plan=True), kb)
    line = turns.job_plan_news({}, {"job_plan": True}, hmo, kb)
    assert line is not None and line["text"] == followups.answer(turns.JOB_PLAN_TOLD, hmo, kb)["text"]
    assert kb.extras["job_plan"] not in line["text"] and "DMHC" in line["text"]


@pytest.mark.parametrize(
    "intent,text", [("ask_followup", "sigo sin saber"), ("nlu_fallback", "i said i don't know"), ("greet", "idk")]
)
def test_not_sure_at_a_question_is_not_sure_whatever_the_nlu_called_it(intent, text):
    # probe s7: typing the button's words "Sigo sin saber" brought the coverage question back 4 times.
    slots = {"plan": "blue_shield", "coverage_pending": "blue_shield", "problem": "medical_necessity"}
    first = extract(intent, [], "coverage", slots, text=text)
    assert first["attempts"]["reason"] == "unsure"
    assert extract(intent, [], "coverage", {**slots, **first}, text=text)["coverage"] == "unknown"


@pytest.mark.parametrize("intent", ["deny", "affirm", None])
@pytest.mark.parametrize("text", ["I guess so, they didn't use that word", "creo que si, no usaron esa palabra"])
def test_a_yes_that_opens_the_answer_confirms_whatever_the_nlu_read(intent, text):
    # probe s7: "I guess so, they didn't use that word" was read as a no and the guess was dropped.
    slots = {"problem": "experimental", "problem_guess": "yes"}
    got = extract(intent, [], "problem_confirmed", slots, text=text)
    assert got["problem_confirmed"] == "yes" and got.get("problem", "experimental") == "experimental"


@pytest.mark.parametrize("language", ["en", "es"])
def test_not_understood_twice_is_said_in_other_words_with_the_number(language):
    kb = default(language)
    first, again = replies.not_understood(kb), replies.not_understood(kb, again=True)
    assert first["text"] != again["text"] and kb.agencies["DMHC"].phone in again["text"]
    assert again["buttons"] == first["buttons"]


@pytest.mark.parametrize("guess", ["experimental", "medical_necessity", "other"])
def test_two_side_questions_at_is_that_right_keep_the_guess_and_go_on(guess):
    # probe s7: "Is that right?" came back 4 times while the person asked questions; never a third time now.
    # probe3 en42, es11: questions are not "not sure": the reason read from the story stays known.
    slots = {
        "problem": guess,
        "problem_detail": "medi_cal_eligibility" if guess == "other" else None,
        "problem_guess": "yes",
    }
    first = extract("ask_imr_cost", [], "problem_confirmed", slots, text="is it free?")
    assert first["attempts"]["reason"] == "answered" and "problem" not in first
    second = extract("ask_followup", [], "problem_confirmed", {**slots, **first}, text="what's the number?")
    assert second["problem_confirmed"] == "kept" and second.get("problem", guess) == guess


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_it_free_before_the_card_for_a_denial_told(language):
    kb = default(language)
    turn = turns.imr_question(
        "is it free?" if language == "en" else "es gratis?", "cost", None, kb, problem="experimental"
    )
    cost = next(t for t in followups.followups(language).topics if t.key == "cost")
    assert turn.replies[0]["text"] == cost.answers["before.experimental"].text.strip()


@pytest.mark.parametrize("text", ["medical", "es medical", "tengo medical", "Medical."])
def test_medical_alone_is_medi_cal(text):
    # probe s7: "medical" (how many write Medi-Cal on a phone) brought the coverage question back 3 times.
    assert extract("inform_coverage", [], "coverage", {"problem": "medical_necessity"}, text=text)["coverage"] == (
        "medi_cal_managed_care"
    )
    assert "coverage" not in extract("problem_other", [], None, {}, text="me llego un bil medical de 300")


def test_a_plan_named_twice_at_the_reason_question_is_not_asked_a_third_time():
    # probe s7: "Cigna" at "What reason did the plan give?" brought it back 5 times.
    slots = {"problem_words": "my plan denied my surgery"}
    plan = [{"entity": "plan", "value": "cigna", "start": 0, "end": 5}]
    first = extract("inform_coverage", plan, "problem", slots, text="Cigna")
    assert first["attempts"]["count"] == 1
    second = extract("inform_coverage", plan, "problem", {**slots, **first}, text="Cigna")
    assert second["problem"] == "medical_necessity" and second["problem_confirmed"] == "unsure"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_plain_complaint_naming_medi_cal_or_covered_california_gives_their_doors_too(language):
    # issue 14: an eligibility problem must never end at the DMHC; when the words did not say it plainly,
    # the first screen still gives the county's and Covered California's numbers.
    kb = default(language)
    kinds = problem_kinds.default(language)
    medi_cal = route(Case("medi_cal_managed_care", "other", problem_detail="plan_service"), kb)
    text = replies.referral(medi_cal, kb)["text"]
    assert kinds.agencies["COUNTY_MEDI_CAL"].phone in text and kinds.agencies["COVERED_CALIFORNIA"].phone not in text
    covered = route(Case("hmo", "other", problem_words="my Covered California plan, Blue Shield, lost my claim"), kb)
    assert kinds.agencies["COVERED_CALIFORNIA"].phone in replies.referral(covered, kb)["text"]
    plain = route(Case("hmo", "other", problem_words="Kaiser charged me twice for one visit"), kb)
    assert kinds.agencies["COUNTY_MEDI_CAL"].phone not in replies.referral(plain, kb)["text"]
    denial = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"), kb)
    assert kinds.agencies["COUNTY_MEDI_CAL"].phone not in replies.referral(denial, kb)["text"]
