"""The s5 probe's follow-up findings over REST, in English and Spanish: once the route is known, what
people ask next is answered from that route's data (P3-P5, P8, P13-P15, P18, P19, P22, P24, P25,
P38, P41-P44, P49, P51, P53). The wordings are new, not the probe's; expected values are read from
the knowledge data."""

import pytest

from bot import followups, problem_kinds
from bot.knowledge import default
from bot.messages import say
from bot.routing import Case, route
from tools.chat import Chat

KB = {"en": default("en"), "es": default("es")}
LANGS = pytest.mark.parametrize("language", ["en", "es"])


# The stories told first (new wordings), and the route each one gets.
STORIES = {
    "dwc": (
        "DWC",
        {
            "en": "I wrecked my knee on the job and the comp carrier refused to approve the surgery",
            "es": "me lastimé la rodilla en el trabajo y el seguro de compensación no quiere aprobar la cirugía",
        },
    ),
    "ccs": (
        "COUNTY_CCS",
        {
            "en": "my boy has CCS and they stopped his therapy",
            "es": "mi hijo está en CCS y el condado le quitó la terapia ocupacional",
        },
    ),
    "renewal": (
        "COUNTY_MEDI_CAL",
        {
            "en": "they ended my medi-cal because the renewal paperwork never reached me",
            "es": "me cancelaron el medi-cal porque nunca me llegaron los papeles de renovación",
        },
    ),
    "anthem_ppo": (
        "DMHC",
        {
            "en": "my anthem blue cross ppo won't approve my back surgery, they say it's not medically necessary",
            "es": "mi ppo de anthem blue cross no aprueba mi cirugía de espalda, dicen que no es médicamente necesaria",
        },
    ),
    "hmo": (
        "DMHC",
        {
            "en": "Health Net HMO turned down my physical therapy as not medically necessary",
            "es": "Health Net HMO me negó la terapia física, dicen que no es médicamente necesaria",
        },
    ),
    "medi_cal_plan": (
        "DMHC",
        {
            "en": "my medi-cal plan molina denied my mom's power wheelchair, they say it isn't medically necessary",
            "es": "mi plan de medi-cal molina le negó la silla de ruedas eléctrica a mi mamá, dicen que no es necesaria",
        },
    ),
}


@pytest.fixture
def chat(servers):
    return Chat(servers.webhook)


def answer(language, topic, key, ref=None):
    found = next(t for t in followups.followups(language).topics if t.key == topic)
    text = found.answers[key].text
    return text.format(**followups._route_fields(ref, KB[language])) if ref else text


def no_checked_answer(language, text):
    """Neither "I don't have an answer I can check" nor "I don't have a checked answer"."""
    kb = KB[language]
    openings = (
        followups.followups(language).no_answer.split("{")[0],
        say(language, "after_referral", agency="x", phone="y").split("x")[0],
    )
    return not any(o.strip() and o in text for o in openings) and kb.faq["imr"]["when"] not in text


def reach(chat, story, language):
    """Tell the story; answer "not medically necessary" and "no hearing" if asked; the route given."""
    agency, said = STORIES[story]
    kb = KB[language]
    chat.say(said[language])
    for _ in range(3):
        if chat.card():
            break
        titles = [b["title"] for b in chat.buttons()]
        if kb.problems["medical_necessity"].label in titles:
            chat.click(kb.problems["medical_necessity"].label)
        else:
            chat.say({"en": "no", "es": "no"}[language])
    assert chat.card() and chat.card()["agency"] == agency, chat.text()
    return chat.card()


@LANGS
def test_workers_comp_follow_ups_are_the_dwcs_not_the_health_plan_imr(chat, language):
    """P4, P42: "is it free", "same IMR?", "what if it says no" on the DWC route."""
    kb = KB[language]
    reach(chat, "dwc", language)
    ref = route(Case("unknown", "other", problem_detail="workers_comp"), kb)
    chat.say({"en": "will it cost me anything?", "es": "¿me va a costar algo?"}[language])
    assert chat.text() == answer(language, "cost", "DWC", ref)
    chat.say(
        {"en": "is this a different imr from my health plan's", "es": "¿es otra IMR diferente a la del plan?"}[language]
    )
    assert answer(language, "imr_here", "DWC", ref) in chat.text()
    assert kb.faq["imr"]["when"] not in chat.text() and kb.faq["imr"]["effect"] not in chat.text()


@LANGS
def test_ccs_time_and_hearing_questions_get_the_ccs_rules(chat, language):
    """P41: 30 days postmarked, then the fair hearing within 14 days."""
    kb = KB[language]
    reach(chat, "ccs", language)
    chat.say({"en": "how much time do we get", "es": "¿cuánto tiempo tenemos?"}[language])
    assert problem_kinds.clock("ccs_appeal", kb).text in chat.text()
    assert no_checked_answer(language, chat.text())
    chat.say({"en": "could he have a hearing after that?", "es": "¿y puede pedir una audiencia después?"}[language])
    assert answer(language, "hearing", "COUNTY_CCS") in chat.text()


@LANGS
def test_medi_cal_renewal_can_it_be_restored(chat, language):
    """P25: the 90-day cure period (F12.14)."""
    reach(chat, "renewal", language)
    chat.say({"en": "is there a way to get it reinstated", "es": "¿lo puedo recuperar?"}[language])
    assert answer(language, "get_back", "COUNTY_MEDI_CAL") in chat.text()


@LANGS
def test_which_agency_on_an_anthem_ppo_route_says_why(chat, language):
    """P51: the route's reason (F6.5), not the general IMR definition."""
    reach(chat, "anthem_ppo", language)
    ref = route(Case("anthem_or_blue_shield_ppo", "medical_necessity"), KB[language])
    chat.say(
        {"en": "wait, is my plan regulated by the CDI or the DMHC?", "es": "¿entonces mi plan es del CDI o del DMHC?"}[
            language
        ]
    )
    assert chat.text() == answer(language, "which_agency", "DMHC.anthem_or_blue_shield_ppo", ref)


@LANGS
def test_say_it_again_and_the_form_after_a_dmhc_referral(chat, language):
    """P22, P38, P3: the first step and the number; the form's address; the number."""
    kb = KB[language]
    reach(chat, "hmo", language)
    ref = route(Case("hmo", "medical_necessity"), kb)
    chat.say({"en": "sorry, could you repeat that", "es": "perdón, ¿me lo repite?"}[language])
    assert ref.first_step in chat.text() and kb.agencies["DMHC"].phone in chat.text()
    chat.say({"en": "where can i find the application", "es": "¿dónde consigo el formulario?"}[language])
    assert answer(language, "where_form", "DMHC", ref) in chat.text()
    chat.say({"en": "which number is it", "es": "¿qué número es?"}[language])
    assert kb.agencies["DMHC"].phone in chat.text() and no_checked_answer(language, chat.text())


@LANGS
def test_experimental_complain_first_before_the_coverage(chat, language):
    """P8: asked before the coverage, with an experimental denial: no, the IMR right away."""
    chat.say(
        {
            "en": "the insurance company says the immunotherapy for my lymphoma is investigational",
            "es": "el seguro dice que la inmunoterapia para mi linfoma es experimental",
        }[language]
    )
    chat.say(
        {"en": "must I grieve with my plan before anything else?", "es": "¿debo quejarme con el plan antes que nada?"}[
            language
        ]
    )
    text = chat.text()
    assert (
        answer(language, "appeal_first", "before.experimental") in text
        or answer(language, "appeal_first", "DMHC.experimental", route(Case("hmo", "experimental"), KB[language]))
        in text
    ), text
    first_step_yes = answer(language, "appeal_first", "DMHC").split(":")[0]
    assert first_step_yes not in text


@LANGS
def test_medi_cal_plan_denial_first_screen_and_time_question(chat, language):
    """P14, P5: the first screen says appeal within 60 days; "how long" gives the 60/120-day rules."""
    kb = KB[language]
    reach(chat, "medi_cal_plan", language)
    first = followups.followups(language).first_steps["DMHC.medi_cal_managed_care"].text
    assert any(first in chat.text(i) for i in range(-min(3, len(chat.replies)), 0))
    chat.say({"en": "how much time do I get for this", "es": "¿cuánto tiempo tengo para esto?"}[language])
    text = " ".join(chat.text(i) for i in range(-2, 0))
    assert kb.clocks["medi_cal_plan_appeal"].text in text and kb.clocks["state_hearing"].text in text
