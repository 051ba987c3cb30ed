"""Session 11's fixes from the blind dev8 set's misses and the s11 probe (probe 5), in English and Spanish:
words read out of their context. Agencies and routes are read from the knowledge data, never typed here."""

import pytest

from bot import followups, problem_kinds
from bot.knowledge import default
from bot.routing import Case, route
from bot.understanding import extract

KINDS = problem_kinds.default()


@pytest.mark.parametrize(
    "text, urgent",
    [
        ("UnitedHealthcare won't pay for my urgent care visit, says it wasn't urgent", False),
        ("it's not urgent now, the visit was in August", False),
        ("dicen que no era urgente la visita", False),
        ("THIS IS URGENT, my surgery is next week", True),
        ("es urgente, mi mama no puede esperar", True),
    ],
)
def test_the_plans_words_it_wasnt_urgent_do_not_make_the_case_urgent(text, urgent):
    # probe s11 C03: a claim for past care was given the 3-day urgent IMR as its first step.
    assert followups.urgent([text]) is urgent


@pytest.mark.parametrize(
    "text",
    [
        "Mi papa tiene Kaiser HMO por el retiro del condado, todavia no tiene Medicare. La compania de ambulancia "
        "le manda un cobro de $2,400 por lo que Kaiser no cubrio.",
        "My dad has Kaiser through his county retirement, he doesn't have Medicare yet. The ambulance company "
        "sent him a $2,400 bill for what Kaiser didn't cover.",
    ],
)
def test_medicare_said_not_to_be_had_is_not_medicare(text):
    # dev8 es-042: read as a Medicare ambulance bill (HICAP); it is an HMO's balance bill.
    assert problem_kinds.read(text).detail != "medicare_non_denial"
    assert problem_kinds.set_aside("medicare_non_denial", text), "the classifier may not name Medicare's kind"
    assert not problem_kinds.set_aside("medicare_non_denial", "my dad has Medicare and the ambulance billed him")


@pytest.mark.parametrize(
    "text",
    [
        "tengo medicare y medical y no me dan la silla de ruedas. me cortaron dos dedos del pie y ya no puedo "
        "empujar la silla normal.",
        "a mi mama le cancelaron la fecha de la cirugia de cataratas, el plan de Medi-Cal dice que necesita otra "
        "autorizacion.",
    ],
)
def test_a_body_part_or_an_appointment_cut_or_cancelled_is_not_medi_cal_ended(text):
    # dev8 es-014, probe s11 C07: sent to the county as if Medi-Cal had ended.
    assert problem_kinds.read(text).detail != "medi_cal_eligibility"
    assert problem_kinds.read("le cortaron el medi-cal a mi mama").detail == "medi_cal_eligibility"


def test_medicine_run_out_while_waiting_for_a_doctor_is_not_a_pharmacy_problem():
    # dev8 es-032: a Medi-Cal member without a doctor, out of pills, was sent to Medi-Cal Rx.
    assert not problem_kinds.in_group("medication", "se me acabaron las pastillas de la presion")
    assert not problem_kinds.in_group("medication", "I ran out of my meds while I wait")
    assert problem_kinds.in_group("medication", "no me cubren las pastillas de la presion")


@pytest.mark.parametrize(
    "text",
    [
        'A su mama la cambiaron de "internada" a "observacion" desde anoche, y sigue en la misma cama.',
        "La agencia nos dio un papel que dice que el servicio se termina el jueves.",
    ],
)
def test_observation_while_still_there_or_care_ending_on_a_day_is_care_ending_now(text):
    # dev8 es-049, es-050: with Medicare, the QIO's fast appeal (F12.41), not HICAP.
    assert problem_kinds.in_group("leaving_now", text)
    fast = next(r for r in KINDS.kinds["medicare_non_denial"].routes if r.when == "leaving_now")
    ref = route(Case("medicare", "other", problem_detail="medicare_non_denial", problem_words=text), default("es"))
    assert (ref.agency.key, ref.pathway) == (fast.agency, fast.pathway)


def test_watchful_waiting_is_not_observation_status():
    # dev8 es-002: "le cambio la cita a observacion por seis meses" is not Medicare's observation status.
    text = 'Kaiser le cambio la cita a "observacion" por seis meses porque dicen que la hernia no es complicada.'
    assert problem_kinds.read(text).detail != "medicare_non_denial"
    assert (
        problem_kinds.read("lo tienen en observacion en el hospital y tiene medicare").detail == "medicare_non_denial"
    )


def test_home_nursing_hours_cut_by_the_plan_is_a_denial():
    # dev8 es-006: read as a wait ("todavia no le dan fecha" for the hearing).
    text = "El plan de Medi-Cal le redujo las horas de enfermeria en casa de 56 a 30 por semana."
    assert problem_kinds.read(text).problem == "medical_necessity"


@pytest.mark.parametrize("name", ["Humana", "Alignment Health", "SCAN Health Plan"])
def test_plans_facts_do_not_place_are_known_by_name_and_their_kind_is_asked(name):
    # probe s11 B07, B09: "Humana" was read as asking for a human; both got "I didn't catch that".
    kb = default()
    entry = next(e for e in kb.gazetteer if e.name == name)
    assert entry.coverage is None
    for intent in (None, "human_handoff"):
        updates = extract(
            intent, [{"entity": "plan", "value": name}], "coverage", {"problem": "medical_necessity"}, text=name
        )
        assert updates.get("plan") == entry.key and updates.get("coverage_pending") and "coverage" not in updates


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_out_of_network_ambulance_bill_with_no_refusal_is_a_balance_bill(language):
    # probe s11 A13: read as an ER payment denial and given the IMR; California's ground-ambulance rule
    # (F12.23) makes it a balance bill: the surprise_bill kind's route (problem_cues.yml takeovers).
    words = {
        "en": "We got a $3,200 bill from the ambulance that took my son to the ER. The ambulance wasn't in network.",
        "es": "Nos llego una cuenta de 3,200 dolares de la ambulancia. La ambulancia no era de Kaiser.",
    }[language]
    ref = route(Case("hmo", "emergency_payment", problem_words=words), default(language))
    expected = route(Case("hmo", "other", problem_detail="surprise_bill"), default(language))
    assert (ref.case.problem_detail, ref.agency.key, ref.pathway) == (
        "surprise_bill",
        expected.agency.key,
        expected.pathway,
    )
    refused = "Kaiser denied the ambulance claim, it says it was not an emergency. The ambulance was out of network."
    assert route(Case("hmo", "emergency_payment", problem_words=refused), default()).pathway == "imr"


def test_a_misspelt_key_in_the_cue_file_fails_with_the_file_and_key(tmp_path):
    # A key the loader does not know was read as nothing: "guessed_wiht" would quietly drop the rule.
    import shutil

    from bot.knowledge import KNOWLEDGE_DIR, KnowledgeError
    from bot.problem_kinds.loader import load

    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "k")
    cues = tmp_path / "k" / "problem_cues.yml"
    cues.write_text(cues.read_text().replace("    guessed_with:", "    guessed_wiht:", 1))
    with pytest.raises(KnowledgeError, match=r"problem_cues.yml: kinds\.\w+: unknown key guessed_wiht"):
        load(tmp_path / "k")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_county_hearing_past_90_days_gets_the_120_day_window_for_eligibility(language):
    # probe s11 C04: a notice of August 20 was told "the date has passed" on December 2, though the state
    # takes eligibility hearing requests up to 120 days for now (F3.4). 90 days stays the date given.
    from datetime import date

    from bot import replies
    from bot.action_plan import build
    from bot.dates import add_days, format_date

    kb = default(language)
    clock = problem_kinds.clock("county_hearing", kb)
    assert clock.days == 90 and clock.late_days == 120 and "F3.4" in clock.facts
    ref = route(Case("medi_cal_managed_care", "other", problem_detail="medi_cal_eligibility"), kb)
    letter = date(2026, 8, 20)
    late_text = replies.dates(build(ref, letter, today=date(2026, 12, 2), kb=kb), kb).text
    assert (
        format_date(add_days(letter, 120), language) in late_text
        and format_date(add_days(letter, 90), language) in late_text
    )
    on_time = replies.dates(build(ref, letter, today=date(2026, 10, 1), kb=kb), kb).text
    assert format_date(add_days(letter, 120), language) not in on_time, "the 120 days only once the 90 have passed"
    too_late = replies.dates(build(ref, date(2026, 7, 1), today=date(2026, 12, 2), kb=kb), kb).text
    assert format_date(add_days(date(2026, 7, 1), 120), language) not in too_late


@pytest.mark.parametrize(
    "text, danger",
    [
        ("Some days I feel like I can't keep going honestly", True),
        ("I don't want to be here anymore", True),
        ("ya no quiero seguir viviendo asi", True),
        ("I feel like I can't keep going to these appointments", False),
        ("I can't keep going back and forth with Kaiser", False),
        ("ya no puedo mas con este seguro", False),
        ("I dont want to be on this plan anymore", False),
    ],
)
def test_thoughts_of_not_going_on_said_less_directly_get_the_emergency_line_first(text, danger):
    # probe s11 A07: "some days I feel like I can't keep going" got "no checked answer" and the plan's number.
    from bot.understanding.words import emergency_now

    assert emergency_now(text) is danger


def test_a_carrier_named_before_the_marketplace_decides_the_ppo():
    # probe s11 A01: "Anthem denied it... We bought the plan through Covered California, it's a PPO I think"
    # went to the CDI as "another PPO"; the seed's row for an Anthem PPO applies.
    text = "Anthem denied the implant as investigational. We bought it through Covered California, it's a PPO."
    entities = [
        {"entity": "plan", "value": "Anthem", "start": 0, "end": 6},
        {
            "entity": "plan",
            "value": "Covered California",
            "start": text.index("Covered"),
            "end": text.index("Covered") + 18,
        },
        {"entity": "coverage_type", "value": "PPO", "start": text.index("PPO"), "end": text.index("PPO") + 3},
    ]
    updates = extract("problem_experimental", entities, None, {}, text=text)
    assert (updates["plan"], updates["coverage"]) == ("anthem", "anthem_or_blue_shield_ppo")
    aetna = "NOT Anthem. Sutter Health Plus maybe? no wait that's an HMO. It's an Aetna PPO."
    entities = [
        {"entity": "plan", "value": "Anthem", "start": 4, "end": 10},
        {"entity": "plan", "value": "Sutter Health Plus", "start": 12, "end": 30},
        {"entity": "coverage_type", "value": "HMO", "start": aetna.index("HMO"), "end": aetna.index("HMO") + 3},
        {"entity": "plan", "value": "Aetna", "start": aetna.index("Aetna"), "end": aetna.index("Aetna") + 5},
        {"entity": "coverage_type", "value": "PPO", "start": aetna.index("PPO"), "end": aetna.index("PPO") + 3},
    ]
    assert extract("inform_coverage", entities, None, {}, text=aetna)["coverage"] == "other_ppo_or_insurance"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_medicare_advantage_letter_past_60_days_gets_the_unconfirmed_65_days(language):
    # probe s11 C08: a plan notice of October 1 was "passed" on December 2 with no word of the 65 days
    # secondary sources say CMS now counts from the notice's date (F10.12: say it, as not confirmed).
    from datetime import date

    from bot import replies
    from bot.action_plan import build
    from bot.dates import add_days, format_date

    kb = default(language)
    clock = kb.clocks["medicare_advantage"]
    assert (clock.days, clock.late_days) == (60, 65) and "F10.12" in clock.facts
    ref = route(Case("medicare", "medical_necessity"), kb)
    letter = date(2026, 10, 1)
    text = replies.dates(build(ref, letter, today=date(2026, 12, 2), kb=kb), kb).text
    assert format_date(add_days(letter, 65), language) in text
    assert (
        format_date(add_days(letter, 65), language)
        not in replies.dates(build(ref, letter, today=date(2026, 11, 1), kb=kb), kb).text
    )


@pytest.mark.parametrize(
    "text, kind",
    [
        # dev9 es-063: a seizure that happened at work is not a work injury.
        (
            "L.A. Care le contesto que el implante es investigacional. Me dio una convulsion en el trabajo.",
            "experimental",
        ),
        # dev9 es-070: the job's health plan, named as a PPO, is not the workers' comp insurer.
        (
            "mi nina se cayo del columpio. el seguro de mi trabajo, un PPO de Cigna, dice que debimos ir al "
            "urgent care y no paga los $3,100",
            "emergency_payment",
        ),
        # dev9 es-090: "could have been treated at a clinic" is the ER-payment reason.
        ("Health Net le nego el pago diciendo que pudo tratarse en una clinica.", "emergency_payment"),
    ],
)
def test_spanish_words_read_in_their_context(text, kind):
    reading = problem_kinds.read(text)
    assert (reading.detail or reading.problem) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Gracias a Dios no estoy enfermo, pero se quedo sin ningun seguro medico.",  # dev9 es-019
        "No debe nada a ningun hospital, solo quiere saber donde conseguir un seguro.",
    ],
)
def test_the_persons_own_no_is_not_a_plan_reason_or_a_bill(text):
    assert problem_kinds.read(text).problem is None


@pytest.mark.parametrize(
    "text",
    [
        "La agencia le dejo un aviso de que el lunes es la ultima visita porque Medicare ya no la va a cubrir.",
        "Hoy nos hablaron que su tiempo se acaba manana y que la tenemos que sacar.",
        "podemos hacer algo ahorita que sigue en el hospital?",
    ],
)
def test_more_ways_to_say_care_ends_now_in_spanish(text):
    # dev9 es-068, dev6 es-069, dev3 es-037, es-038: HICAP instead of the QIO's fast appeal.
    assert problem_kinds.in_group("leaving_now", text)


@pytest.mark.parametrize(
    "text",
    [
        "Su hija dice que nadie en la familia ha pedido audiencia con el estado.",  # dev9 es-001
        "Nobody in the family asked for a hearing",
    ],
)
def test_nobody_asked_for_a_hearing_is_not_asked(text):
    from bot.understanding.words import hearing_said

    assert hearing_said(text) == "not_requested"


def test_a_plan_said_to_have_nothing_to_do_with_anthem_is_not_anthem():
    # dev9 es-088: "un PPO de Aetna que no tiene nada que ver con Anthem ni Blue Shield" went to the DMHC.
    text = "el seguro, un PPO de Aetna que no tiene nada que ver con Anthem ni Blue Shield, dijo que no es necesario"
    entities = [
        {"entity": "coverage_type", "value": "PPO", "start": text.index("PPO"), "end": text.index("PPO") + 3},
        {"entity": "plan", "value": "Aetna", "start": text.index("Aetna"), "end": text.index("Aetna") + 5},
        {"entity": "plan", "value": "Anthem", "start": text.index("Anthem"), "end": text.index("Anthem") + 6},
        {"entity": "plan", "value": "Blue Shield", "start": text.index("Blue"), "end": text.index("Blue") + 11},
    ]
    assert extract("problem_medical_necessity", entities, None, {}, text=text)["coverage"] == "other_ppo_or_insurance"


def test_a_long_storys_last_sentence_still_routes_and_the_summary_quotes_its_start():
    # dev5 es-046: "la terapia se termina el viernes" came after 300 characters and was cut off.
    from datetime import date

    from bot import context, replies
    from bot.action_plan import build

    story = ("Mi esposo tiene ELA y esta en la casa con Medicare normal. " * 6) + "La terapia se termina el viernes."
    words = context.context_updates(
        {"text": story, "intent": {"name": "problem_other"}}, {}, {"problem": "other"}, date(2026, 12, 2)
    )["problem_words"]
    assert words.endswith("viernes.")
    slots = {
        "coverage": "medicare",
        "problem": "other",
        "problem_detail": "medicare_non_denial",
        "problem_words": words,
    }
    ref = route(context.case(slots), default("es"))
    fast = next(r for r in KINDS.kinds["medicare_non_denial"].routes if r.when == "leaving_now")
    assert ref.agency.key == fast.agency
    summary = replies.case_summary(ref, build(ref, None, kb=default("es")), words, default("es"))
    assert "viernes" not in summary.text and "…" in summary.text


def test_medi_cal_named_again_keeps_the_county_run_plans_detail():
    # probe s11 S17: "El tiene CalOptima" then "es el medi-cal de orange county" lost the county-run line.
    kb = default("es")
    caloptima = next(e for e in kb.gazetteer if e.name == "CalOptima")
    slots = {"plan": caloptima.key, "coverage": caloptima.coverage, "coverage_detail": caloptima.detail}
    text = "es el medi-cal de orange county"
    entities = [{"entity": "coverage_type", "value": "medi-cal", "start": 6, "end": 14}]
    updates = extract(None, entities, "fair_hearing", {**slots, "problem": "medical_necessity"}, kb=kb, text=text)
    assert updates.get("coverage_detail", slots["coverage_detail"]) == caloptima.detail


@pytest.mark.parametrize(
    "guess, answer, kind",
    [
        # probe s11 S14: the same kind said again after "no" is a yes.
        (
            {"problem": "other", "problem_detail": "dental_vision"},
            "no, es el medi-cal dental, no tengo otro plan",
            "dental_vision",
        ),
        # S03: "no insurance at all" does not undo a hospital bill.
        ({"problem": "other", "problem_detail": "hospital_bill"}, "no, no tengo aseguranza de nada", "hospital_bill"),
        # S06: "nomas tenia el medi-cal" says Medi-Cal ended.
        (
            {"problem": "other", "problem_detail": "medi_cal_eligibility"},
            "no tengo ningun plan ahorita, nomas tenia el medi-cal",
            "medi_cal_eligibility",
        ),
        # Another kind told after "no" stands.
        ({"problem": "experimental"}, "no, they said it is not medically necessary", "medical_necessity"),
    ],
)
def test_a_no_at_is_that_right_that_goes_on_to_tell_the_kind(guess, answer, kind):
    slots = {**guess, "problem_guess": "yes"}
    updates = extract("deny", [], "problem_confirmed", slots, text=answer)
    merged = {**slots, **updates}
    assert merged.get("problem_confirmed") == "yes"
    assert (merged["problem_detail"] if merged["problem"] == "other" else merged["problem"]) == kind


def test_a_plain_no_at_is_that_right_still_forgets_the_guess():
    slots = {"problem": "other", "problem_detail": "dental_vision", "problem_guess": "yes"}
    updates = extract("deny", [], "problem_confirmed", slots, text="no")
    assert updates.get("problem") is None and "problem" in updates


def test_side_questions_do_not_use_up_the_plans_own_question():
    # Two side questions at the coverage question, then "Anthem Blue Cross", then another side question:
    # the plan's HMO-or-PPO question is still asked (issue 14), never the Help Center default at once.
    from bot.understanding import attempts

    slots = {
        "problem": "other",
        "problem_detail": "access_delay",
        "attempts": {"slot": "coverage", "count": 2, "reason": "answered"},
    }
    text = "Anthem Blue Cross"
    updates = extract(
        "inform_coverage",
        [{"entity": "plan", "value": text, "start": 0, "end": len(text)}],
        "coverage",
        slots,
        text=text,
    )
    assert updates.get("coverage_pending") == "hmo_or_ppo" and not updates.get("coverage")
    after = {**slots, **updates}
    assert not attempts.answered_aside("coverage", after).get("coverage"), "one side question more: asked again"


def test_a_question_at_is_that_right_does_not_replace_the_kind_read_from_the_story():
    # probe s11 S13: "y no puedo usar mi seguro de medi-cal para la operacion?" after a workers' comp story
    # turned the case into a Medi-Cal denial (a DMHC IMR) because the NLU read a denial.
    slots = {"problem": "other", "problem_detail": "workers_comp", "problem_guess": "yes"}
    text = "y no puedo usar mi seguro de medi-cal para la operacion?"
    entities = [
        {"entity": "coverage_type", "value": "medi-cal", "start": text.index("medi"), "end": text.index("medi") + 8}
    ]
    updates = extract("problem_medical_necessity", entities, "problem_confirmed", slots, text=text)
    assert "problem" not in updates and "problem_detail" not in updates
    told = extract(
        "problem_medical_necessity", [], "problem_confirmed", slots, text="no, they said it is not medically necessary"
    )
    assert told.get("problem") == "medical_necessity", "a reason told in words still changes it"


def test_an_authorization_still_pending_is_a_wait_not_a_denial():
    # dev9 es-051: "sigue 'en revision'... No me dicen que si ni que no" got a denial's IMR (issue 14's hard rule).
    text = (
        "Hace siete semanas que el ortopedista mando pedir la autorizacion para una resonancia. Su seguro dice por "
        'telefono que sigue "en revision". "No me dicen que si ni que no", conto.'
    )
    assert (problem_kinds.read(text).problem, problem_kinds.read(text).detail) == ("other", "access_delay")


def test_a_medicare_ambulance_ride_not_covered_is_the_summary_notices_appeal():
    # dev8 es-051: read as an ER payment denial; Medicare's ambulance claims go to HICAP's help (F12.44).
    text = (
        "En mayo lo trasladaron en ambulancia de una clinica al hospital de Visalia, y ahora Medicare dice que ese "
        "viaje no lo cubre porque pudo ir en carro."
    )
    assert problem_kinds.in_group("ambulance", text)
    ref = route(Case("medicare", "emergency_payment", problem_words=text), default("es"))
    assert ref.case.problem_detail == "medicare_non_denial"


@pytest.mark.parametrize("coverage, agency", [("hmo", "DMHC"), ("other_ppo_or_insurance", "CDI")])
def test_after_the_plan_said_no_to_the_appeal_the_imr_deadline_is_dated(coverage, agency):
    # probe s11 (probe 7) E01: "I appealed and they upheld it" then the letter's date gave "When to act:" and
    # nothing under it. The IMR's 6 months run from the plan's decision (F1.15, F2.5).
    from datetime import date

    from bot import replies
    from bot.action_plan import build
    from bot.dates import add_months, format_date

    kb = default()
    ref = route(Case(coverage, "medical_necessity", plan_silent=True), kb)
    assert ref.agency.key == agency
    letter = date(2026, 11, 10)
    plan = build(ref, letter, today=date(2026, 12, 2), kb=kb)
    assert plan.deadlines and format_date(add_months(letter, 6), "en") in replies.dates(plan, kb).text


@pytest.mark.parametrize(
    "text, taken",
    [
        ("I'm due Jan 28 and my plan won't cover the birth center", False),  # probe 7 E07
        ("his face swelled up last week", False),  # probe 7 E09
        ("Nov 3", True),
        ("the letter is dated November 3", True),
        ("la carta es del 18 de noviembre", True),
    ],
)
def test_a_date_in_a_longer_message_is_the_letters_only_when_the_letter_is_named(text, taken):
    from datetime import date

    from bot.context import letter_date

    assert (letter_date(text, "inform_date", None, "en", date(2026, 12, 2)) is not None) is taken


def test_a_federal_employees_dates_include_opms_review_after_the_carriers_no():
    # probe 7 E13: after the carrier refused the reconsideration, the bot dated only "ask the plan to
    # reconsider" (6 months); OPM's review is 90 days from the carrier's letter (F5.7, secondary, stricter).
    from datetime import date

    from bot import replies
    from bot.action_plan import build
    from bot.dates import add_days, format_date

    for language in ("en", "es"):
        kb = default(language)
        ref = route(Case("other_coverage", "medical_necessity", coverage_detail="federal_employee"), kb)
        letter = date(2026, 11, 12)
        text = replies.dates(build(ref, letter, today=date(2026, 12, 2), kb=kb), kb).text
        assert format_date(add_days(letter, kb.clocks["federal_opm_review"].days), language) in text


@pytest.mark.parametrize(
    "guess, answer, kind",
    [
        ("medi_cal_eligibility", "well the letter is from Covered California, not Medi-Cal", "covered_california"),
        ("covered_california", "it is Covered California, not Medi-Cal", "covered_california"),
        ("covered_california", "no, it was the county, my Medi-Cal was cut", "medi_cal_eligibility"),
    ],
)
def test_the_other_programs_name_at_is_that_right_is_the_correction(guess, answer, kind):
    # probe 7 E03: "the letter is from Covered California, not Medi-Cal" was read as a yes (the county's route).
    slots = {"problem": "other", "problem_detail": guess, "problem_guess": "yes"}
    merged = {**slots, **extract("affirm", [], "problem_confirmed", slots, text=answer)}
    assert (merged["problem_detail"], merged.get("problem_confirmed")) == (kind, "yes")
