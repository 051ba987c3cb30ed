"""Session 12 probe findings (probes 8 and 9, dev10 blind): a Spanish letter's numeric date read month
first, names after "soy el hijo de", a line saying identifiers were not kept, the State Hearing's own
time, the legal wait asked another way, Spanish words of not wanting to be here, and cue words for
refusals told without "denied". The wordings are new (not the probes' or the stories'); expected values
are read from the knowledge data, plus literal checks of the facts an answer rests on."""

from datetime import date

import pytest

from bot import followups, privacy_note, problem_kinds
from bot.dates import parse_date
from bot.knowledge import default
from bot.letter.fields import read_fields
from bot.messages import say
from bot.redact import MARK, redact
from bot.routing import Case, route
from bot.understanding.words import emergency_now
from tests.unit.followup_helpers import LANGS, answered_for_route, entry, said

TODAY = date(2026, 12, 2)


# 1. A county's Spanish notice prints month first; a date typed in Spanish is still day first.
def test_a_spanish_notice_is_dated_month_first_and_a_typed_spanish_date_day_first():
    notice = (
        "CONDADO DE RIVERSIDE\nAviso de accion\nFecha: 10/07/2026\n"
        "Sus beneficios de Medi-Cal terminan el 10/31/2026 porque no regreso el paquete de renovacion."
    )
    assert read_fields(notice, today=TODAY).letter_date == "2026-10-07"
    assert parse_date("la carta me llego el 10/07/2026", TODAY, "es") == date(2026, 7, 10)
    assert parse_date("the letter came 10/07/2026", TODAY, "en") == date(2026, 10, 7)


# 2. Names after "soy el hijo de", "I'm the daughter of"; a common noun after them is kept.
@pytest.mark.parametrize(
    "text, name",
    [
        ("buenas, soy la hija de Carmen Villalobos y Molina le nego la cirugia", "Carmen Villalobos"),
        ("Hi, I'm the son of Walter Briggs, his Medicare plan wants him out of rehab", "Walter Briggs"),
    ],
)
def test_a_relatives_name_after_son_or_daughter_of_is_removed(text, name):
    assert name not in redact(text) and MARK in redact(text)


def test_a_common_word_after_son_of_is_kept():
    text = "soy el hijo de una paciente de Kaiser"
    assert redact(text) == text


# 3. A story with an identifier gets one line that it was not kept; a plain story or a button does not.
@LANGS
def test_identifiers_in_a_story_get_the_not_kept_line(language):
    kb = default(language)
    story = said(
        language,
        "my wife's member id is QZB445566778 and Anthem won't pay her ER visit",
        "el numero de miembro de mi esposa es QZB445566778 y Anthem no paga la emergencia",
    )
    assert privacy_note.removed_line(story, kb) == say(language, "privacy_removed")
    assert privacy_note.removed_line(said(language, "Anthem won't pay her ER visit", "Anthem no paga"), kb) is None
    assert privacy_note.removed_line('/inform_coverage{"coverage_type": "hmo"}', kb) is None
    assert privacy_note.removed_line("QZB445566778", kb) is None  # note() answers an identifier alone


# 4. The State Hearing's time, on any route (F3.8), not the IMR's.
@LANGS
def test_how_long_a_state_hearing_takes_is_the_hearings_time(language):
    medi_cal = Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested")
    answered_for_route(
        medi_cal,
        language,
        "and how many weeks until the state hearing is decided?",
        "¿y cuánto se tarda la audiencia estatal en decidir?",
        "hearing_how_long",
        "any",
        {"F3.8"},
    )
    assert "90" in entry(language, "hearing_how_long", "any").text
    assert (
        followups.topic(
            said(language, "how long do I have to ask for a hearing?", "¿cuánto tiempo tengo para pedir la audiencia?")
        )
        == "deadline"
    )


def test_a_law_on_how_long_they_can_make_us_wait_is_the_timely_access_rule():
    assert followups.topic("is there any law on how long kaiser can make my daughter wait") == "wait_standard"


# 5. Not wanting to be here, said indirectly in Spanish, is danger now.
@pytest.mark.parametrize(
    "text",
    ["la verdad siento que seria mejor no estar aqui", "ultimamente pienso en desaparecer", "ya no quiero existir"],
)
def test_spanish_words_of_not_wanting_to_be_here_are_an_emergency(text):
    assert emergency_now(text)


def test_feeling_better_is_not_an_emergency():
    assert not emergency_now("ya estoy mejor, gracias, solo quiero la cita")


# 6. Refusals told without "denied" (dev10 blind misses, reworded).
@pytest.mark.parametrize(
    "text, kind",
    [
        ("She must do six weeks of physical therapy before the fusion would even be considered.", "medical_necessity"),
        ("The reauthorization came back at 4 hours a week instead of 20.", "medical_necessity"),
        ("Their reviewer wrote that the extra sessions were not medically supported.", "medical_necessity"),
        ('They paid half because we "could have safely driven" to an in-network hospital.', "emergency_payment"),
        ("Cut her home health aide visits from five a week to two.", "medical_necessity"),
    ],
)
def test_a_refusal_told_without_denied_is_read(text, kind):
    assert problem_kinds.read(text).problem == kind


def test_a_medicare_plan_calling_a_drug_off_label_is_not_care_ending():
    text = "His Medicare Advantage plan says the infusion is off-label for his condition and will stop paying for it."
    reading = problem_kinds.read(text)
    assert (reading.problem, reading.detail) == ("experimental", None)
    assert route(Case("medicare", "experimental"), default()).agency.key == "HICAP"


def test_a_prior_authorization_pending_for_a_surgery_is_a_wait_not_a_drug():
    text = "The prior auth for my knee surgery has been pending for four weeks and nobody calls back."
    assert problem_kinds.read(text).detail != "drug_cost"
    drug = "The prior auth for my insulin has been pending for four weeks."
    assert problem_kinds.read(drug).detail == "drug_cost"


def test_a_sentence_that_says_who_it_is_not_about_states_nothing():
    text = "Covered California has nothing to do with this."
    assert problem_kinds.read(text).detail != "covered_california"


# 7. An English letter sent with Spanish words is answered in Spanish (probe s12 9 c05, c08).
def test_an_english_letter_with_spanish_words_is_answered_in_spanish():
    from bot.letter.case import LETTER, slot_updates, stored_fields

    fields = read_fields(
        "Blue Shield of California\nDate: October 28, 2026\nWe denied the knee surgery your doctor requested "
        "because it is not medically necessary.",
        today=TODAY,
    ).as_dict()
    assert fields["language"] == "en"
    typed = {LETTER: stored_fields({**fields, "note": "no entiendo ingles, que dice esta carta de mi esposo?"})}
    assert slot_updates(typed, {}, TODAY)["language"] == "es"
    assert slot_updates({LETTER: stored_fields({**fields, "note": ""})}, {}, TODAY)["language"] == "en"
    assert "language" not in slot_updates(typed, {"language": "en"}, TODAY)


# 8. A letter's date told again: its "within N days" is not counted from the date read before (9 c04).
def test_a_corrected_letter_date_drops_the_deadline_counted_from_the_old_one():
    from bot.context import context_updates

    slots = {"letter_date": "2026-02-10", "letter_deadline": "2026-04-11", "language": "es"}
    message = {"text": "la carta es del 2 de octubre de 2026", "intent": {"name": "inform_date"}}
    updates = context_updates(message, slots, {}, TODAY)
    assert updates["letter_date"] == "2026-10-02" and updates["letter_deadline"] is None
    same = context_updates({**message, "text": "la carta es del 10 de febrero de 2026"}, slots, {}, TODAY)
    assert "letter_deadline" not in same


@LANGS
def test_a_date_typed_after_the_referral_counts_from_itself_alone(language):
    from bot import turns

    kb = default(language)
    ref = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"), kb)
    typed = said(language, "the letter is from October 2, 2026", "la carta es del 2 de octubre de 2026")
    turn = turns.unplaced(typed, ref, date(2026, 2, 10), kb, TODAY, letter_deadline=date(2026, 4, 11))
    assert turn.slots["letter_date"] == "2026-10-02" and turn.slots["letter_deadline"] is None


# 9. Services about to be cut, and keeping them while appealing, in Spanish (9 c32).
def test_hours_about_to_be_taken_away_are_a_denial_and_keeping_them_is_asked():
    assert problem_kinds.read("Molina le va a quitar las horas de cuidado a mi papa").problem == "medical_necessity"
    assert followups.topic("¿puede seguir el terapeuta mientras apelamos?") == "stop_change"


# 10. The Ombudsman's name as typed, and the Medicare card by its colours.
@pytest.mark.parametrize("typed", ["cual es el numero del ombusman", "obudsman phone number"])
def test_the_ombudsman_misspelt_is_still_the_ombudsman(typed):
    from bot import named_numbers

    kb = default("es")
    assert kb.agencies["MEDI_CAL_OMBUDSMAN"].phone in named_numbers.answer(typed, kb, None).text


def test_the_red_white_and_blue_card_is_medicare():
    from bot.understanding.coverage import lookup

    assert [e.coverage for e in lookup(["tarjeta roja, blanca y azul"])] == ["medicare"]
    assert lookup(["red"]) == [] and lookup(["tarjeta roja"]) == []


# 11. An ER doctors' group's bill for the rest, after the plan paid: a balance bill (8 c07).
def test_an_er_physicians_balance_bill_is_read_as_a_surprise_bill():
    bill = (
        "HARBOR EMERGENCY PHYSICIANS\nStatement date: 11/20/2026\nEmergency physician services 11/02/2026\n"
        "Insurance paid: $300.00\nBalance due: $1,250.00"
    )
    fields = read_fields(bill, today=TODAY)
    assert (fields.problem, fields.problem_detail) == ("other", "surprise_bill")
    plain = "Valley Clinic\nStatement date: 11/20/2026\nOffice visit\nInsurance paid: $80.00\nBalance due: $40.00"
    assert read_fields(plain, today=TODAY).problem_detail != "surprise_bill"


# 12. Someone else in danger, or danger said sideways (probe s12 10 e03, s07): the 911 advice.
@pytest.mark.parametrize(
    "text",
    [
        "my daughter keeps talking about wanting to kill herself",
        "maybe they'll notice if I jump off the hospital's parking garage",
        "mi esposo dice que se va a matar, ya no aguanta",
        "mi hija agarro un cuchillo y esta encerrada",
    ],
)
def test_someone_else_in_danger_is_an_emergency(text):
    assert emergency_now(text)


@pytest.mark.parametrize(
    "text", ["she wants to cut her hair before the surgery", "ella se quiere cortar el pelo", "the plan cut my hours"]
)
def test_everyday_cutting_is_not_an_emergency(text):
    assert not emergency_now(text)


# 13. "denied", then the plan's kind, then "ok" at the reason question: the denial stays, reason unknown (8 c35).
def test_an_unclear_answer_after_a_denial_keeps_the_denial():
    from bot.understanding import attempts, extract

    slots = {"coverage": "medi_cal_managed_care", "attempts": {"slot": "problem", "count": 1, "reason": "noted"}}
    told = extract("affirm", [], "problem", {**slots, attempts.DENIAL_TOLD: True}, text="ok")
    assert (told.get("problem"), told.get("problem_confirmed")) == ("medical_necessity", attempts.REASON_UNKNOWN)
    untold = extract("affirm", [], "problem", {**slots, attempts.DENIAL_TOLD: False}, text="ok")
    assert untold.get("problem") == "other"


# 14. "I SAID no insurance" at "a hospital bill?" confirms the hospital bill (probe s12 10 e15: Covered California came).
@pytest.mark.parametrize("kind", ["hospital_bill", "surprise_bill"])
def test_no_insurance_at_the_confirmation_of_a_bill_is_a_yes(kind):
    from bot.understanding import extract

    slots = {"problem": "other", "problem_detail": kind, "problem_guess": "yes", "problem_words": "a bill"}
    told = extract(
        "nlu_fallback", [], "problem_confirmed", slots, text="I don't have a health plan. I told you, no insurance"
    )
    assert told.get("problem_confirmed") == "yes" and "problem_detail" not in told
    other = extract(
        "nlu_fallback", [], "problem_confirmed", {**slots, "problem_detail": "plan_service"}, text="I have no insurance"
    )
    assert other.get("problem_detail") == "uninsured"


# 15. A pharmacy typed as it sounds ("la farmasia") is still the pharmacy: Medi-Cal Rx for a Medi-Cal member (10 s10).
def test_a_pharmacy_typed_as_it_sounds_is_the_pharmacy():
    assert problem_kinds.in_group("pharmacy", "la farmasia no me quiso dar la insulina")
    assert not problem_kinds.in_group("pharmacy", "la familia no me quiso ayudar")


# 16. dev11_es blind misses, reworded: hours cut "a 8", "el dolor pudo esperar", home care ending on a named day.
@pytest.mark.parametrize(
    "text, kind",
    [
        ("En la revision de la autorizacion le bajaron las horas a 6 a mi hijo, tiene Medi-Cal.", "medical_necessity"),
        ("El plan dice que la emergencia pudo esperar a que regresara a casa.", "emergency_payment"),
    ],
)
def test_spanish_refusals_told_as_cuts_or_waits_are_read(text, kind):
    assert problem_kinds.read(text).problem == kind


def test_medicare_home_care_ending_on_a_named_day_is_the_fast_appeal():
    text = "Mi papa tiene Medicare Advantage y le avisaron que la terapia en casa se termina este lunes."
    assert problem_kinds.read(text).detail == "medicare_non_denial"
    assert problem_kinds.in_group("leaving_now", text)
    bill = "Medicare would not cover the ambulance that took her between hospitals; now there is a bill."
    assert problem_kinds.read(bill).detail == "medicare_non_denial"


# 17. "Can you call me back at ...?" after the referral: nothing is looked up or done, and the number to call (10 e07, s06).
@LANGS
def test_call_me_back_gets_that_nothing_is_done_and_the_number(language):
    from bot import turns

    kb = default(language)
    ref = route(Case("hmo", "medical_necessity"), kb)
    asked = said(language, "can you just call me back at 916-555-0187?", "mejor llamenme al 559-555-0134")
    turn = turns.letter_date_given(None, asked, False, ref, kb, TODAY)
    assert turn.replies[0]["text"] == say(language, "privacy_no_lookup")
    assert turn.replies[1]["text"] == followups.answer("repeat_number", ref, kb).text
    assert privacy_note.removed_line(asked, kb) is None  # said once, by the note


# 18. A service the doctor asked for, refused by a Medicare plan after a discharge: a denial, not care ending (10 s09).
def test_a_refused_home_nurse_after_a_discharge_is_not_care_ending():
    from bot.problem_kinds.reading import set_aside

    text = (
        "A mi papa lo dieron de alta la semana pasada. Tiene Medicare con un plan Advantage. "
        "El doctor pidio terapia en la casa, pero el plan dijo que no."
    )
    assert problem_kinds.read(text).detail != "medicare_non_denial"
    assert set_aside("medicare_non_denial", text)
    ending = "My dad has Medicare and the hospital is discharging him tomorrow, he can't walk yet."
    assert problem_kinds.read(ending).detail == "medicare_non_denial"
