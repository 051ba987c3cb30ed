"""Follow-up questions (bot/followups.py): the topic from a person's words in English and Spanish,
the answer for the route given, and a number to call when there is no sourced answer.

Phrasings here are written apart from the training data (data/nlu/followups.yml)."""

from itertools import product

import pytest

from bot import action_plan, followups
from bot.knowledge import COVERAGES, PROBLEMS, KnowledgeError, default
from bot.routing import Case, needs_fair_hearing, route

EN, ES = default("en"), default("es")


def every_route():
    for coverage, problem in product(COVERAGES, PROBLEMS):
        for hearing in ("requested", "not_requested") if needs_fair_hearing(coverage, problem) else (None,):
            yield Case(coverage, problem, fair_hearing=hearing)
    yield Case("medicare", "medical_necessity", coverage_detail="medi_medi")
    yield Case("medi_cal_managed_care", "medical_necessity", coverage_detail="medi_cal_rx")
    yield Case("other_coverage", "medical_necessity", coverage_detail="employer_self_funded")


TOPICS = [t.key for t in followups.followups("en").topics]

PHRASINGS = [
    ("self_funded", "what does a self-insured plan change for us"),
    ("self_funded", "qué quiere decir que el plan sea autofinanciado"),
    ("not_helped", "this was not helpful"),
    ("not_helped", "no me ayudó para nada"),
    ("how_long", "roughly how long before the state tells me something"),
    ("how_long", "cuánto se tardan en darme una respuesta"),
    ("urgent", "this is urgent, my mom needs the surgery this week"),
    ("urgent", "es urgente, no podemos esperar un mes"),
    ("online", "is there a way to do it on the internet"),
    ("online", "se puede hacer en línea?"),
    ("someone_else", "my sister handles my stuff, can she fill it out for me"),
    ("someone_else", "mi hermana puede llenarlo por mí?"),
    ("documents", "which papers go with the application"),
    ("documents", "qué documentos le pongo a la solicitud"),
    ("lawyer", "will i need an attorney for this"),
    ("lawyer", "ocupo un abogado para esto?"),
    ("imr_yes", "ok and if it comes back in my favor, then what"),
    ("imr_yes", "y si sale a mi favor qué sigue"),
    ("grievance_how", "where do i submit the grievance? is there a website"),
    ("grievance_how", "¿dónde meto el grievance, hay página?"),
    ("bot_files", "can u fill out the form for me"),
    ("bot_files", "¿tú me lo puedes llenar?"),
    ("hearing_how_long", "how many days until the fair hearing decides"),
    ("hearing_how_long", "¿cuánto dura la audiencia estatal?"),
    ("imr_won", "my mom won her external review in march and Anthem has done nothing since"),
    ("imr_won", "la revisión médica independiente fue a mi favor y todavía no me operan"),
    ("imr_no", "and if i lose, is that the end"),
    ("imr_no", "y si pierdo se acabó?"),
    ("premiums", "do i still have to pay my premium every month"),
    ("premiums", "tengo que seguir pagando la prima?"),
    ("retaliation", "could they kick me off the plan for complaining"),
    ("retaliation", "me pueden sacar del plan por quejarme?"),
    ("success_rate", "what are the odds this works"),
    ("success_rate", "vale la pena o casi nadie gana?"),
    ("mail_fax", "what's the fax number"),
    ("mail_fax", "cuál es la dirección para mandarlo"),
    ("deadline", "what's the deadline for this"),
    ("deadline", "hasta cuándo tengo para pedirlo"),
    ("plan_never_answered", "i sent my appeal in january and they have not answered"),
    ("plan_never_answered", "mandé mi apelación en enero y nunca me contestaron"),
    ("read_letter", "the letter is all in English and I don't understand it"),
    ("read_letter", "la carta esta en ingles y no le entiendo"),
    ("what_is_tty", "sorry what does TTY mean"),
    ("what_is_tty", "mi papá es sordo, cómo llama?"),
    ("repeat_number", "can you give me that number again"),
    ("repeat_number", "me repite el número por favor"),
    ("appeal_first", "do I have to appeal to anthem first?"),
    ("appeal_first", "¿tengo que apelar con mi plan primero?"),
    # s5 probe follow-ups, in other words than the probe's.
    ("deadline", "how much time do we get to send it"),
    ("deadline", "¿cuánto tiempo tenemos para mandarla?"),
    ("plan_answer_time", "how quickly does the plan have to get back to me"),
    ("plan_answer_time", "¿en cuántos días me tienen que responder?"),
    ("which_agency", "so is my plan under the CDI or the DMHC"),
    ("which_agency", "¿mi plan está supervisado por el DMHC?"),
    ("imr_here", "could we apply for an independent medical review"),
    ("imr_here", "¿podemos pedir una revisión médica independiente?"),
    ("cost", "how much will this cost me"),
    ("cost", "¿eso es gratis?"),
    ("hearing_vs_imr", "what's the difference between a fair hearing and an IMR"),
    ("sue_plan", "can we sue the insurance company?"),
    ("observation_appeal", "can I appeal the observation thing?"),
    ("observation_appeal", "mi mamá todavía está en el hospital"),
    ("got_appointment", "they finally gave me an appointment for next week"),
    ("got_appointment", "ya me dieron la cita para el lunes"),
    ("sue_plan", "¿podemos demandar a la aseguranza?"),
    ("dmhc_letter", "a letter came from the DMHC today"),
    ("dmhc_letter", "me llegó una carta del DMHC"),
    ("hearing_vs_imr", "¿cuál es la diferencia entre la audiencia y la IMR?"),
    ("hearing", "what about a fair hearing"),
    ("hearing", "¿puede pedir una audiencia también?"),
    ("where_form", "where can i find the application"),
    ("where_form", "¿dónde consigo el formulario?"),
    ("get_back", "how do I get my coverage reinstated"),
    ("get_back", "¿cómo recupero mi medi-cal?"),
    ("stop_change", "is there a way to block the increase"),
    ("stop_change", "¿puedo detener el cambio?"),
    ("repeat_referral", "sorry, what should i do next"),
    ("repeat_referral", "¿cuál es el primer paso?"),
    ("both_problems", "both of them please"),
    ("both_problems", "¿y el otro problema?"),
    # s7 probe follow-ups, in other words than the probe's.
    ("spanish_line", "does anyone there speak spanish"),
    ("spanish_line", "¿tienen una línea en español?"),
    ("wait_standard", "is my plan allowed to make me wait two months to see a psychiatrist"),
    ("wait_standard", "¿es legal la espera de tres meses para una cita?"),
    ("out_of_medicine", "I'm almost out of my blood pressure pills"),
    ("out_of_medicine", "me quedé sin pastillas para la presión"),
    ("emergency_supply", "my insulin runs out friday, can the pharmacy give me a few days' supply"),
    ("emergency_supply", "¿me surten algo de insulina mientras lo aprueban?"),
    ("collections", "they sent it to a collection agency, what now"),
    ("collections", "¿pueden mandarme a cobranza?"),
    ("switch_plan", "should i just change to a different plan"),
    ("switch_plan", "¿me puedo cambiar a otro plan?"),
    ("get_insurance", "where can my husband apply for medi-cal"),
    ("get_insurance", "¿dónde puedo sacar un seguro médico?"),
    ("who_to_contact", "so who do I talk to about this?"),
    ("who_to_contact", "¿y a quién le hablo?"),
    # s9 probe follow-ups, in other words than the probe's.
    ("discharge_anyway", "and if the hospital sends her home before that?"),
    ("discharge_anyway", "¿y si la dan de alta antes de eso?"),
    ("drug_cap", "is there a cap on my copay for a prescription"),
    ("drug_cap", "¿hay un tope para lo que pago por una receta?"),
    ("charity_apply", "where do i get the financial assistance application"),
    ("charity_apply", "¿dónde pido la ayuda financiera del hospital?"),
    ("help_fill", "could you help me complete the application"),
    ("help_fill", "¿me ayudas a llenar el formulario?"),
    # s10 probe 3 follow-ups, in other words than the probe's.
    ("go_dmhc", "could we complain to the DMHC instead"),
    ("go_dmhc", "¿podemos acudir al DMHC?"),
    ("still_no_appointment", "and if the office still won't find me an appointment?"),
    ("still_no_appointment", "¿qué hago si siguen sin darme la cita?"),
    ("is_legal", "can the hospital really do that?"),
    ("is_legal", "¿se vale que hagan eso?"),
    ("plan_no_again", "what if my plan turns me down again"),
    ("plan_no_again", "¿y si la aseguradora vuelve a negarlo?"),
    ("doctor_handles", "the surgeon's office says they will take care of it"),
    ("doctor_handles", "la doctora dijo que ella se encarga del papeleo"),
    ("same_reason", "the plan says it's not medically necessary"),
    ("same_reason", "me dijeron que no lo necesito"),
    # s10 probe 4 follow-ups, in other words than the probe's.
    ("pay_meanwhile", "do we need to pay the $1,480 for now"),
    ("pay_meanwhile", "¿y en lo que se resuelve le pago los 740?"),
    ("join_covered", "is it possible to enroll in covered california now"),
    ("join_covered", "¿me puedo pasar a covered california?"),
    ("outside_network", "can he use a doctor that's out of network"),
    ("outside_network", "¿puedo atenderme con un doctor fuera de la red?"),
    ("reenroll", "how do i re-enroll"),
    ("reenroll", "¿cómo me vuelvo a inscribir?"),
    ("leave_medicare_advantage", "should I go back to regular medicare"),
    ("leave_medicare_advantage", "¿me conviene regresarme a medicare original?"),
    # s11 probe 5 follow-ups, in other words than the probe's.
    ("free_help", "is there anybody who could help us with the paperwork?"),
    ("free_help", "¿hay alguien que nos pueda ayudar con la solicitud?"),
    ("missed_deadline", "what happens if we miss the date"),
    ("missed_deadline", "¿y si se nos vence el plazo?"),
    ("cant_reach", "nobody answers at that number"),
    ("cant_reach", "no contestan en ese número"),
    ("immigration_status", "my husband is undocumented, is that a problem?"),
    ("immigration_status", "mi esposo no tiene papeles, ¿eso importa?"),
    ("call_first", "should we phone the plan first or the DMHC?"),
    ("call_first", "¿a quién le hablo primero, al plan o al DMHC?"),
    ("in_person", "do we need to go down to their office?"),
    ("in_person", "¿hay que ir en persona?"),
    ("go_state", "could we just complain to the state instead?"),
    ("go_state", "¿podemos quejarnos con el estado?"),
    ("health_plan_instead", "why not bill my own health insurance for the surgery instead?"),
    ("health_plan_instead", "¿puedo usar mi seguro de salud en vez de eso?"),
    ("observation_notice", "they never gave her the observation notice"),
    ("observation_notice", "nunca le dieron el aviso de observación"),
    ("can_appeal", "so could we challenge that?"),
    ("can_appeal", "¿y eso lo puedo apelar?"),
]
# Topics never read from words: answered by the code that knows the situation (bot/turns.py job_plan_news).
WORDLESS = {"job_plan_told"}


@pytest.mark.parametrize("expected, said", PHRASINGS)
def test_the_topic_is_read_from_the_words(expected, said):
    assert followups.topic(said) == expected


def test_every_topic_is_phrased_in_both_languages_here():
    assert {t for t, _ in PHRASINGS} == set(TOPICS) - WORDLESS
    assert all(not t.patterns for t in followups.followups("en").topics if t.key in WORDLESS)


def test_unrelated_messages_have_no_topic():
    for said in ("Kaiser denied my MRI", "hola", "my plan is an HMO", "gracias"):
        assert followups.topic(said) is None


@pytest.mark.parametrize(
    "said, found",
    [
        ("I filed a grievance in March and they never answered", {"plan_silent"}),
        ("presenté una queja hace dos meses y no me han contestado", {"plan_silent"}),
        ("the doctor's office never called back", set()),  # no complaint: an access problem, not F11.20
        ("I have a PPO through my job", {"job_plan"}),
        ("tengo un PPO por mi trabajo", {"job_plan"}),
        ("Blue Cross denied my surgery", set()),
    ],
)
def test_situations(said, found):
    assert followups.situations(said) == found


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
@pytest.mark.parametrize("topic", TOPICS)
def test_every_route_gets_an_answer_or_a_number_to_call(kb, topic):
    data = followups.followups(kb.language)
    for case in every_route():
        ref = route(case, kb)
        text = followups.answer(topic, ref, kb)["text"]
        entry = next(t for t in data.topics if t.key == topic)
        keys = [k for k in followups.answer_keys(ref, kb) if k in entry.answers]
        fields = followups._route_fields(ref, kb)
        if topic == "documents" and text == " ".join(followups.have_ready(ref, kb)):
            assert not keys or followups._keys(ref).index(keys[0]) >= min(
                (followups._keys(ref).index(k) for k in data.have_ready if k in followups._keys(ref)), default=len(keys)
            )
        elif topic == "deadline" and (action_plan.build(ref, kb=kb).deadlines or ref.deadlines):
            # The route's own rules first, then (with clocks to count) the offer to date them.
            rules = [d.text(kb.language) for d in action_plan.build(ref, kb=kb).deadlines]
            assert text == " ".join(rules + [data.date_offer] if rules else ref.deadlines)
        elif keys:
            assert text == entry.answers[keys[0]].text.format(**fields)
        else:
            assert (ref.caller or kb.agencies["DMHC"]).phone in text, f"{topic} for {case}: no answer and no number"


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_a_cdi_case_gets_the_cdi_answer(kb):
    data = {t.key: t for t in followups.followups(kb.language).topics}
    cdi = route(Case("other_ppo_or_insurance", "medical_necessity"), kb)
    dmhc = route(Case("hmo", "medical_necessity"), kb)
    for topic in ("how_long", "online", "someone_else", "plan_never_answered"):
        assert followups.answer(topic, cdi, kb)["text"] == data[topic].answers["CDI"].text
        assert followups.answer(topic, dmhc, kb)["text"] == data[topic].answers["DMHC"].text


def test_the_sourced_numbers_of_section_11():
    data = {t.key: t for t in followups.followups("en").topics}
    assert "within 5 business days" in data["imr_yes"].answers["DMHC"].text  # F11.5
    assert "60%" in data["success_rate"].answers["DMHC"].text  # F11.21
    assert (
        "45 days" in data["how_long"].answers["DMHC"].text and "7 days" in data["how_long"].answers["DMHC"].text
    )  # F11.2, F11.3
    assert "3 days" in data["how_long"].answers["CDI"].text  # F11.6
    assert EN.contacts["health_consumer_alliance"].phone == "1-888-804-3536"  # F11.14
    assert EN.contacts["health_consumer_alliance"].phone in data["lawyer"].answers["any"].text
    assert EN.contacts["health_consumer_alliance"].phone in data["lawyer"].answers["any.imr"].text
    assert "Part A" in data["someone_else"].answers["DMHC"].text  # F11.9
    assert "120 days" in data["imr_no"].answers["DMHC.medi_cal_managed_care"].text  # F11.15


def test_a_medi_cal_case_that_loses_the_imr_is_told_the_hearing_is_still_possible():
    ref = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"))
    assert EN.contacts["state_hearings"].phone in followups.answer("imr_no", ref, EN)["text"]


def test_my_plan_never_answered_never_says_grievance_first():
    for kb in (EN, ES):
        for case in every_route():
            text = followups.answer("plan_never_answered", route(case, kb), kb)["text"].lower()
            assert "grievance" not in text and "file a complaint with your" not in text


def test_before_the_referral_answers_for_most_plans():
    text = followups.answer("online", None, EN)["text"]
    assert text.startswith(followups.followups("en").before_referral)
    assert (
        followups.answer("plan_never_answered", None, EN)["text"]
        == next(t for t in followups.followups("en").topics if t.key == "plan_never_answered").answers["before"].text
    )


def test_the_deadline_topic_gives_the_dated_deadlines():
    from datetime import date

    ref = route(Case("hmo", "medical_necessity"))
    text = followups.answer("deadline", ref, EN, letter=date(2026, 3, 3))["text"]
    assert "September 3, 2026" in text or "2026" in text


def test_a_bad_pattern_fails_with_the_file_and_key(tmp_path):
    for name in ("agencies.yml", "routing.yml", "faq.yml", "plans.yml", "next_steps.yml"):
        (tmp_path / name).write_text((followups.KNOWLEDGE_DIR / name).read_text())
    broken = (
        (followups.KNOWLEDGE_DIR / "followups.yml")
        .read_text()
        .replace("(?<!not very )\\\\b(urgent|", "(?<!not very )\\\\b((urgent|", 1)
    )
    (tmp_path / "followups.yml").write_text(broken)
    with pytest.raises(KnowledgeError, match=r"followups.yml: urgent_case.match.en\[0\]"):
        followups.load(tmp_path, kb=EN)


# Probe s4 (F2, F3, F4, F9, F10, F12): answers that fit the route already given, in both languages.
KINDS = ["medi_cal_eligibility", "hospital_bill", "covered_california", "workers_comp", "access_delay", "surprise_bill"]


def kind_route(kind, kb, coverage="hmo"):
    return route(Case(coverage, "other", problem_detail=kind), kb)


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_what_is_a_tty_gives_the_routes_own_tty_or_711(kb):
    for case in list(every_route()) + [Case("unknown", "other", problem_detail=k) for k in KINDS]:
        ref = route(case, kb)
        caller = ref.caller or kb.agencies["DMHC"]
        text = followups.answer("what_is_tty", ref, kb)["text"]
        if caller.tty:
            assert caller.tty in text, case
        else:
            assert caller.phone in text and "711" in text, case  # F3.10: California Relay Service


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_repeat_the_number_is_the_routes_number_with_its_tty_and_never_a_failure(kb):
    for case in list(every_route()) + [Case("unknown", "other", problem_detail=k) for k in KINDS]:
        ref = route(case, kb)
        caller = ref.caller or kb.agencies["DMHC"]
        text = followups.answer("repeat_number", ref, kb)["text"]
        if (
            ref.agency.key == "HEALTH_PLAN"
        ):  # the plan's own number, on the card (probe s10 E11): tests/unit/test_probe_s10.py
            assert "DMHC" in text or "TRICARE" in text or "VA" in text
            continue
        assert caller.phone in text and (not caller.tty or caller.tty in text)
        assert "can't answer" not in text and "no lo puedo" not in text.lower()


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_appeal_first_fits_the_route(kb):
    data = {t.key: t for t in followups.followups(kb.language).topics}["appeal_first"].answers
    experimental = route(Case("anthem_or_blue_shield_ppo", "experimental"), kb)
    assert followups.answer("appeal_first", experimental, kb)["text"] == data["DMHC.experimental"].text  # F1.11
    rx = route(Case("medi_cal_managed_care", "medical_necessity", coverage_detail="medi_cal_rx"), kb)
    text = followups.answer("appeal_first", rx, kb)["text"]
    assert text == data["MEDI_CAL_RX"].text and kb.contacts["state_hearings"].phone in text  # F10.7
    medi_cal = route(Case("medi_cal_managed_care", "medical_necessity", fair_hearing="not_requested"), kb)
    assert "60" in followups.answer("appeal_first", medi_cal, kb)["text"]  # F3.1
    assert (
        followups.answer("appeal_first", kind_route("medi_cal_eligibility", kb), kb)["text"]
        == data["COUNTY_MEDI_CAL"].text
    )


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_no_imr_text_on_a_route_without_an_imr(kb):
    """F9: "do I need a lawyer?" or "free help" on the county Medi-Cal route never talks about an IMR."""
    for case in list(every_route()) + [Case("unknown", "other", problem_detail=k) for k in KINDS]:
        ref = route(case, kb)
        for topic in ("lawyer", "documents", "what_is_tty", "repeat_number", "appeal_first"):
            text = followups.answer(topic, ref, kb)["text"]
            if ref.pathway not in ("imr", "dwc_imr") and ref.agency.key not in ("DMHC", "CDI"):
                assert "IMR" not in text, (topic, case)
    county = kind_route("medi_cal_eligibility", kb)
    assert kb.contacts["health_consumer_alliance"].phone in followups.answer("lawyer", county, kb)["text"]  # F11.14


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_have_these_ready_is_the_routes_own_list(kb):
    """F12: the bill for a hospital bill, the notice and its envelope for Medi-Cal, call dates for
    access problems; the denial-letter list only where no route-specific list is written."""
    data = followups.followups(kb.language).have_ready
    for kind, key in (
        ("hospital_bill", "HOSPITAL_BILLING"),
        ("medi_cal_eligibility", "COUNTY_MEDI_CAL"),
        ("access_delay", "any.access_delay"),
        ("surprise_bill", "any.surprise_bill"),
    ):
        ref = kind_route(kind, kb)
        assert followups.have_ready(ref, kb) == data[key]
        assert action_plan.build(ref, kb=kb).have_ready == data[key]
        assert followups.answer("documents", ref, kb)["text"] == " ".join(data[key])
        assert followups.have_ready(ref, kb) != kb.have_ready
    denial = route(Case("hmo", "medical_necessity"), kb)
    assert action_plan.build(denial, kb=kb).have_ready == kb.have_ready


@pytest.mark.parametrize("kb", [EN, ES], ids=["en", "es"])
def test_before_the_referral_a_known_coverage_gets_its_own_answer(kb):
    """F2: a Medi-Cal member asking mid-way "what if the IMR says no?" hears about the State Hearing."""
    text = followups.answer("imr_no", None, kb, coverage="medi_cal_managed_care")["text"]
    assert kb.contacts["state_hearings"].phone in text and "120" in text  # F11.15, F10.1
    assert not text.startswith(followups.followups(kb.language).before_referral)
    assert followups.answer("imr_no", None, kb, coverage="hmo")["text"].startswith(
        followups.followups(kb.language).before_referral
    )


@pytest.mark.parametrize(
    "said, asks",
    [
        ("what's a TTY", True),
        ("do I need a lawyer?", True),
        ("what number is that", True),
        ("¿qué es TTY?", True),
        ("necesito un abogado", True),
        ("ok", False),
        ("no", False),
        ("not sure", False),
        ("gracias", False),
        ("vale", False),
    ],
)
def test_a_question_is_told_from_a_plain_answer(said, asks):
    assert followups.is_question(said) is asks
