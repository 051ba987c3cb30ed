"""First messages the probe (s5) saw read wrongly, over the REST channel, in other words than the
probe's, in English and Spanish (P1/P37, P2/P46, P10/P17/P32/P39, P23, P27, P30, P33, P40, P47, P52).
Agencies, numbers and first steps come from the knowledge data."""

import pytest

from bot import problem_kinds
from bot.knowledge import default
from bot.messages import say
from tools.chat import Chat
from tools.eval_narratives import max_same_question

KINDS = problem_kinds.default()


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def _until_card(chat: Chat, *answers: str) -> dict:
    """Answer the questions (Yes to a problem said back) until the referral card comes."""
    for answer in answers:
        if chat.card():
            break
        chat.say(answer)
    return chat.card()


@pytest.mark.parametrize(
    "message, yes",
    [
        ("They're sending my dad home today from the hospital and he can barely stand. He has Medicare", "yes"),
        ("the hospital is releasing my husband too early, he is on medicare", "yes"),
        ("a mi mamá la van a mandar a su casa hoy del hospital y no puede ni pararse, tiene Medicare", "sí"),
    ],
)
def test_a_medicare_discharge_in_everyday_words_gets_the_qio(chat, message, yes):
    # P1/P37 (F12.41, F12.42): the fast appeal before leaving, never HICAP's 60/120-day appeal.
    chat.say(message)
    card = _until_card(chat, yes)
    route = KINDS.kinds["medicare_non_denial"].routes[0]
    assert card and (card["agency"], card["pathway"]) == (route.agency, route.pathway)
    assert card["phone"] == KINDS.agencies[route.agency].phone and len(chat.replies) <= 2


@pytest.mark.parametrize(
    "message, language",
    [
        ("I have Medi-Cal and CVS says my daughter's asthma inhaler got rejected", "en"),
        ("Medi-Cal won't pay for my insulin anymore", "en"),
        ("tengo medi-cal y en la farmacia Rite Aid no me quisieron surtir la medicina de mi hijo", "es"),
    ],
)
def test_medi_cal_and_a_drug_refused_goes_to_medi_cal_rx_in_one_turn(chat, message, language):
    # P2/P46 (F10.7, F12.37): Medi-Cal Rx and a State Hearing; no plan grievance, no DMHC IMR.
    chat.say(message)
    card = chat.card()
    kb = default(language)
    assert card and card["agency"] == "MEDI_CAL_RX" and card["pathway"] != "imr" and card["language"] == language
    assert card["phone"] == kb.agencies["MEDI_CAL_RX"].phone
    assert kb.first_steps[("DMHC", "complaint")]["default"] not in chat.text()


@pytest.mark.parametrize(
    "message, language",
    [
        ("Name: Maria Lopez, DOB 7/2/1955, ID 55123. My Aetna Medicare Advantage plan refused my MRI", "en"),
        ("<div>Kaiser turned down my knee surgery</div>", "en"),
        ("soy esposa de un militar, tenemos tricare y nos rechazaron la terapia del niño", "es"),
    ],
)
def test_a_denial_among_other_things_gets_the_reason_question(chat, message, language):
    # P10/P39: never "what happened?" once the denial is said: its reason is asked (or a guess confirmed).
    chat.say(message)
    assert say(language, "ask_problem") not in chat.text()
    assert chat.card() or say(language, "ask_problem_after_denial") in chat.text() or len(chat.buttons()) == 2


def test_a_federal_employees_denial_goes_to_the_carrier_then_opm(chat):
    # P17 (F5.7): the FEHB route, not the DMHC or the CDI.
    chat.say("I'm covered by FEHB as a federal employee and my carrier denied my shoulder surgery")
    card = _until_card(chat, "/problem_medical_necessity")
    assert card and card["coverage"] == "other_coverage" and card["agency"] not in ("DMHC", "CDI")


def test_it_says_they_denied_me_at_what_happened_is_not_a_misunderstanding(chat):
    # P39: no "sorry, I didn't understand"; the reason is asked.
    chat.say("me mandaron una carta del seguro y no entiendo qué hago")
    chat.say("pues la carta dice que me negaron")
    assert say("es", "sorry_retry") not in chat.text() and not chat.card()
    assert max_same_question(chat) <= 2


def test_not_covered_as_a_first_message_is_understood(chat):
    # P32: a benefit the plan says it does not cover is a problem to route (F1.4), not "didn't understand".
    chat.say("Blue Shield said my son's autism therapy is not a covered benefit")
    assert say("en", "ask_problem") not in chat.text()
    # A denial read by the NLU gets the reason question first (people say "not covered" of any
    # denial), where "not covered" is the answer; otherwise the coverage question comes at once.
    for _ in range(3):
        if chat.card():
            break
        reasons = [b["title"] for b in chat.buttons()]
        chat.say("not covered" if default().problems["other"].label in reasons else "PPO")
    card = chat.card()
    assert card and card["problem"] == "other" and card["pathway"] != "imr"


@pytest.mark.parametrize(
    "message, language",
    [
        ("I have no insurance and the Kaiser hospital ER billed me 14k, I earn about 28k a year", "en"),
        ("no tengo seguro y el hospital de Kaiser me mandó una cuenta de 8 mil dólares", "es"),
    ],
)
def test_uninsured_and_a_hospitals_name_is_the_hospital_bill(chat, message, language):
    # P40 (F12.24-F12.28): charity care and free help, never a plan grievance or an IMR.
    chat.say(message)
    card = chat.card()
    route = KINDS.kinds["hospital_bill"].routes[0]
    assert card and card["problem_detail"] == "hospital_bill" and card["agency"] == route.agency
    assert card["pathway"] != "imr" and not card.get("plan")


def test_an_out_of_network_emergency_balance_bill_is_a_surprise_bill(chat):
    # P23 (F12.18, F12.22): the surprise-bill route with the No Surprises Help Desk, not charity care only.
    chat.say(
        "Visiting family in Arizona I ended up in an out-of-network ER. Anthem PPO only paid part and the hospital wants $7,000 from me"
    )
    card = _until_card(chat, "PPO")
    assert card and card["problem_detail"] == "surprise_bill" and card["pathway"] != "imr"
    assert KINDS.contacts["no_surprises"].phone in chat.text() or card["agency"] != "HOSPITAL_BILLING"


def test_anthem_blue_cross_life_and_health_goes_to_the_cdi(chat):
    # P47 (F6.5): the insurance company's policies point members to the CDI.
    chat.say("Anthem Blue Cross Life and Health refused my MRI, they say I don't need it")
    card = _until_card(chat, "yes")
    assert card and card["agency"] == "CDI" and card["phone"] == default().agencies["CDI"].phone


@pytest.mark.parametrize(
    "message, language, detail",
    [
        ("tengo Medicare y el radiólogo me mandó un cobro sorpresa de 900 dólares", "es", "surprise_bill"),
        ("my medicare part d plan refuses to cover my inhaler, not on the formulary", "en", "drug_cost"),
    ],
)
def test_a_medicare_bill_or_drug_gets_hicap_without_californias_plan_rules(chat, message, language, detail):
    # P52, P27: HICAP; no AB 72 sentence, no $250 cap, no surprise-bill text for a drug.
    chat.say(message)
    card = _until_card(chat, "/inform_coverage" + '{"coverage_type": "medicare"}')
    kind = problem_kinds.default(language).kinds[detail]
    assert card and card["agency"] == "HICAP" and card["coverage"] == "medicare"
    assert kind.medicare_first_step in chat.text() and kind.first_step not in chat.text()


def test_a_mental_health_wait_is_an_access_delay_not_a_denial(chat):
    # P30 (F12.29, F12.32): a timely-access complaint, not a "not medically necessary" IMR.
    chat.say(
        "my daughter has depression and Kaiser only gives us lists of numbers, she hasn't seen a psychiatrist in 4 months"
    )
    card = _until_card(chat, "yes")
    assert card and card["problem_detail"] == "access_delay" and card["pathway"] != "imr"


def test_not_sick_enough_in_spanish_is_medical_necessity(chat):
    # P33: never "experimental" in the card or the summary.
    chat.say(
        "le negaron a mi hijo el programa de salud mental porque según el seguro no está lo bastante enfermo, tenemos Kaiser"
    )
    card = _until_card(chat, "sí")
    assert card and card["problem"] == "medical_necessity"
