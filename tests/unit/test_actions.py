"""The Rasa SDK actions, driven with a real Tracker and CollectingDispatcher."""

import asyncio
import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from datetime import date, timedelta

from actions.answers import (
    ActionAnswerImrQuestion,
    ActionAnswerOutsideQuestion,
    ActionGiveReferral,
    ActionGreet,
    ActionNotUnderstood,
    ActionOnRequest,
)
from actions.conversation import ActionSwitchLanguage
from actions.dates import ActionLetterDate
from actions.handoff import ActionHandoff
from actions.ask import ActionAskCoverage, ActionAskFairHearing, ActionAskProblem
from actions.extract import ActionExtractCase
from actions.form import ValidateReferralForm
from bot import action_plan, feedback, replies
from bot.dates import add_months, format_date
from bot.knowledge import default
from bot.messages import say
from bot.routing import Case, route

DOMAIN = {"forms": {"referral_form": {"required_slots": ["problem", "coverage", "coverage_detail", "fair_hearing"]}}}


def tracker(slots=None, intent="inform_coverage", entities=(), text="", active_loop=None, events=None):
    """A tracker whose history holds `slots` (and the open form), then the latest message."""
    slots = dict(slots or {})
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)}
    if events is None:
        events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
        if active_loop:
            events.append({"event": "active_loop", "name": active_loop})
        events.append({"event": "user", "text": text, "parse_data": message})
    return Tracker(
        sender_id="test",
        slots=slots,
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def collected(reply, language="en"):
    """A bot/ reply as the CollectingDispatcher records it (marked with the conversation's language)."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(
        text=reply.get("text"), buttons=reply.get("buttons") or [], json_message=reply.get("custom"), language=language
    )
    return dispatcher.messages[0]


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


def test_referral_sends_text_and_card(caplog):
    caplog.set_level(logging.INFO)
    slots = {
        "coverage": "hmo",
        "problem": "medical_necessity",
        "plan": "kaiser",
        "problem_words": "Kaiser denied my MRI",
    }
    messages, events = run(ActionGiveReferral(), tracker(slots, text="Kaiser denied my MRI"))
    message, offer = messages  # the short referral, then the offer of the rest (issue 12)
    card = message["custom"]["referral"]
    assert [b["payload"] for b in offer["buttons"]] == ["/ask_steps", "/ask_summary", "/ask_dates", "/ask_question"]
    assert say("en", "plan_title") not in message["text"] and events == [
        SlotSet(
            "last_case",
            {"coverage": "hmo", "problem": "medical_necessity", "problem_detail": None, "fair_hearing": None},
        )
    ]
    dmhc = default().agencies["DMHC"]
    assert card["agency"] == "DMHC" and card["phone"] == dmhc.phone and card["pathway"] == "imr"
    assert dmhc.phone in message["text"] and default().faq["imr"]["cost"] in message["text"]
    # Privacy: the log names the route, never what the person wrote.
    assert "agency=DMHC" in caplog.text and "Kaiser" not in caplog.text and "MRI" not in caplog.text


def test_extract_action_fills_slots_from_entities():
    t = tracker(intent="problem_medical_necessity", entities=[{"entity": "plan", "value": "Kaiser"}])
    _, events = run(ActionExtractCase(), t)
    assert SlotSet("coverage", "hmo") in events and SlotSet("plan", "kaiser") in events


def test_extract_action_reads_the_open_question():
    t = tracker({"requested_slot": "fair_hearing"}, intent="deny", active_loop="referral_form")
    _, events = run(ActionExtractCase(), t)
    assert events == [SlotSet("fair_hearing", "not_requested")]


def test_extraction_counts_a_not_sure_once_even_when_run_twice_for_one_message():
    """Rasa runs slot extraction again when a message activates the form."""
    first = tracker(intent="coverage_unknown")
    _, events = run(ActionExtractCase(), first)
    assert events == [SlotSet("attempts", {"slot": "coverage", "count": 1, "reason": "unsure"})]
    again = tracker(
        {"attempts": {"slot": "coverage", "count": 1, "reason": "unsure"}},
        intent="coverage_unknown",
        events=first.events
        + [{"event": "slot", "name": "attempts", "value": {"slot": "coverage", "count": 1, "reason": "unsure"}}],
    )
    _, events = run(ActionExtractCase(), again)
    assert events == []


def test_form_asks_the_hearing_only_for_medi_cal_imr_problems():
    form = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    medi_cal = tracker({"coverage": "medi_cal_managed_care", "problem": "experimental"})
    hmo = tracker({"coverage": "hmo", "problem": "experimental"})
    assert asyncio.run(form.required_slots([], dispatcher, medi_cal, DOMAIN)) == ["problem", "coverage", "fair_hearing"]
    assert asyncio.run(form.required_slots([], dispatcher, hmo, DOMAIN)) == ["problem", "coverage"]


def test_form_keeps_going_after_an_unclear_answer_but_not_a_side_question():
    form = ValidateReferralForm()
    attempts = {"slot": "coverage", "count": 1, "reason": "unclear"}
    _, events = run(
        form,
        tracker(
            {"requested_slot": "coverage", "attempts": attempts}, intent="nlu_fallback", active_loop="referral_form"
        ),
    )
    assert SlotSet("attempts", attempts) in events
    _, events = run(form, tracker({"requested_slot": "coverage"}, intent="ask_imr_cost", active_loop="referral_form"))
    assert not any(e.get("name") == "attempts" for e in events)


def test_ask_coverage_always_offers_buttons_and_explains_after_not_sure():
    messages, _ = run(ActionAskCoverage(), tracker({}))
    # every coverage kind, plus "I have no insurance" (probe F14)
    assert len(messages[0]["buttons"]) == len(default().coverages) + 1
    messages, _ = run(ActionAskCoverage(), tracker({"attempts": {"slot": "coverage", "count": 1, "reason": "unsure"}}))
    assert default().faq["coverage_help"] in messages[0]["text"]
    assert messages[0]["buttons"][-1]["title"] == "Still not sure"


def test_ask_fair_hearing_buttons_map_to_yes_no_not_sure():
    messages, _ = run(ActionAskFairHearing(), tracker({}))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny", "/dont_know"]


@pytest.mark.parametrize("intent,key", [("ask_imr_cost", "cost"), ("ask_imr_who", "who"), ("ask_imr_what", "what")])
def test_imr_questions(intent, key):
    messages, _ = run(ActionAnswerImrQuestion(), tracker(intent=intent))
    assert default().faq["imr"][key] in messages[0]["text"]


def test_handoff_gives_the_routed_line_or_the_help_center():
    messages, _ = run(ActionHandoff(), tracker({"coverage": "medicare"}))
    assert default().agencies["HICAP"].phone in messages[0]["text"]
    messages, _ = run(ActionHandoff(), tracker({}))
    assert default().agencies["DMHC"].phone in messages[0]["text"]


def test_not_understood_reoffers_options_and_a_number():
    messages, _ = run(ActionNotUnderstood(), tracker(intent="nlu_fallback"))
    assert messages[0]["buttons"] and default().agencies["DMHC"].phone in messages[0]["text"]


def test_form_drops_values_the_knowledge_does_not_know():
    form = ValidateReferralForm()
    t = tracker(
        {"coverage": "platinum", "problem": "medical_necessity", "requested_slot": "coverage"},
        active_loop="referral_form",
    )
    t.slots["coverage"] = "platinum"
    dispatcher = CollectingDispatcher()
    assert asyncio.run(form.validate_coverage("platinum", dispatcher, t, DOMAIN)) == {"coverage": None}
    assert asyncio.run(form.validate_coverage("hmo", dispatcher, t, DOMAIN)) == {"coverage": "hmo"}
    assert asyncio.run(form.validate_fair_hearing("requested", dispatcher, t, DOMAIN)) == {"fair_hearing": "requested"}


def test_after_a_denial_the_problem_question_asks_for_the_reason():
    messages, _ = run(ActionAskProblem(), tracker(intent="report_denial"))
    assert "reason" in messages[0]["text"] and len(messages[0]["buttons"]) == len(default().problems)
    messages, _ = run(ActionAskProblem(), tracker(intent="greet"))
    assert "What happened" in messages[0]["text"]


def test_referral_with_the_letter_date_known_dates_the_deadlines_when_asked():
    letter = date.today() - timedelta(days=10)
    slots = {"coverage": "hmo", "problem": "medical_necessity", "letter_date": letter.isoformat()}
    messages, events = run(ActionGiveReferral(), tracker(slots))
    assert len(messages) == 2 and [e["name"] for e in events] == ["last_case"]
    (dates, again), events = run(ActionOnRequest(), tracker(slots, intent="ask_dates"))
    assert "/ask_dates" not in [b["payload"] for b in again["buttons"]] and again["text"] == say("en", "more_again")
    assert format_date(add_months(letter, 6), "en") in dates["text"] and events == []
    card = dates["custom"]["deadlines"]
    assert card["letter_date"] == letter.isoformat() and add_months(letter, 6).isoformat() in [
        e["date"] for e in card["events"]
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_steps_summary_and_a_question_come_on_request(language):
    slots = {
        "coverage": "hmo",
        "problem": "medical_necessity",
        "plan": "kaiser",
        "problem_words": "Kaiser denied my MRI",
        "language": language,
    }
    kb = default(language)
    (steps, again), _ = run(ActionOnRequest(), tracker(slots, intent="ask_steps"))
    assert [b["payload"] for b in again["buttons"]] == ["/ask_summary", "/ask_dates", "/ask_question"]
    assert steps["text"].startswith(say(language, "plan_title")) and kb.agencies["DMHC"].form in steps["text"]
    assert kb.faq["imr"]["effect"] in steps["text"] and kb.clocks["dmhc"].text in steps["text"]
    (summary, _again), _ = run(ActionOnRequest(), tracker(slots, intent="ask_summary"))
    assert summary["custom"]["case_summary"]["text"] == summary["text"] and '"Kaiser denied my MRI"' in summary["text"]
    assert summary["custom"]["case_summary"]["language"] == language
    (question,), _ = run(ActionOnRequest(), tracker(slots, intent="ask_question"))
    assert kb.agencies["DMHC"].phone in question["text"]


def test_dates_asked_for_without_the_letter_ask_for_its_date():
    slots = {"coverage": "hmo", "problem": "medical_necessity"}
    (rules, message), events = run(ActionOnRequest(), tracker(slots, intent="ask_dates"))
    # The route's own time rules first (probe s5 P5: "within 6 months ..."), then the question.
    plan = action_plan.build(route(Case("hmo", "medical_necessity")), kb=default("en"))
    assert rules["text"] == " ".join(d.text("en") for d in plan.deadlines) and plan.deadlines
    assert message["text"] == say("en", "ask_letter_date", example=format_date(date.today(), "en"))
    assert events == [SlotSet("awaiting", "letter_date")]


def test_steps_asked_for_before_there_is_a_case_ask_what_happened():
    (message,), _ = run(ActionOnRequest(), tracker({}, intent="ask_steps"))
    assert message["text"] == say("en", "request_before_case") and message["buttons"]
    (message,), _ = run(
        ActionOnRequest(), tracker({"problem": "other"}, intent="ask_steps", active_loop="referral_form")
    )
    assert not message.get("buttons"), "the form asks its open question next"


def test_a_spanish_conversation_gets_the_referral_in_spanish():
    slots = {"coverage": "hmo", "problem": "experimental", "language": "es"}
    messages, _ = run(ActionGiveReferral(), tracker(slots))
    es = default("es")
    assert messages[0]["custom"]["referral"]["language"] == "es"
    assert es.first_steps[("DMHC", "imr")]["experimental"] in messages[0]["text"]
    assert messages[1]["buttons"][0]["title"] == say("es", "more_steps")


def test_the_letter_date_after_the_referral_dates_the_plan():
    letter = date.today() - timedelta(days=3)
    slots = {
        "coverage": "medi_cal_managed_care",
        "problem": "medical_necessity",
        "fair_hearing": "not_requested",
        "letter_date": letter.isoformat(),
        "awaiting": "letter_date",
    }
    messages, events = run(ActionLetterDate(), tracker(slots, intent="inform_date", text="it was dated 3 days ago"))
    dates, again = messages  # only the dated deadlines, and the offer of the rest: nothing said again
    assert format_date(letter + timedelta(days=60), "en") in dates["text"]  # Medi-Cal plan appeal, F3.1
    assert format_date(letter, "en") in dates["text"] and events == [SlotSet("awaiting", None)]


@pytest.mark.parametrize(
    "text, key", [("it says 2999-01-01", "date_in_future"), ("the letter is lost", "date_not_read")]
)
def test_a_date_that_cannot_be_used_is_asked_again_kindly(text, key):
    slots = {"coverage": "hmo", "problem": "medical_necessity", "awaiting": "letter_date"}
    (message,), events = run(ActionLetterDate(), tracker(slots, intent="inform_date", text=text))
    expected = say("en", key, date=format_date(date(2999, 1, 1), "en"), example=format_date(date.today(), "en"))
    assert message["text"] == expected and events == []


def test_a_date_before_any_case_asks_what_happened():
    letter = date.today() - timedelta(days=3)
    (message,), _ = run(ActionLetterDate(), tracker({"letter_date": letter.isoformat()}, intent="inform_date"))
    assert message["text"] == say("en", "date_before_case") and message["buttons"]


def test_no_to_the_date_offer_is_understood_and_anything_else_reoffers_the_options():
    (message,), events = run(ActionAnswerOutsideQuestion(), tracker({"awaiting": "letter_date"}, intent="deny"))
    assert message["text"] == say("en", "no_letter_ok") and events == [SlotSet("awaiting", None)]
    (message,), events = run(ActionAnswerOutsideQuestion(), tracker({}, intent="affirm"))
    assert message["buttons"] and events == []


def test_ok_to_the_date_offer_asks_once_and_then_is_acknowledged():
    slots = {"coverage": "hmo", "problem": "medical_necessity", "awaiting": "letter_date"}
    (message,), events = run(ActionAnswerOutsideQuestion(), tracker(slots, intent="affirm", text="ok"))
    assert message["buttons"] and events == [SlotSet("awaiting", None)]
    slots["awaiting"] = None
    (message, question), events = run(ActionAnswerOutsideQuestion(), tracker(slots, intent="affirm", text="ok"))
    assert message["text"] == say("en", "acknowledged") and question == collected(feedback.question())
    assert events == [SlotSet("feedback", "asked"), SlotSet("awaiting", "feedback")]


def test_switching_language_says_so_in_the_new_language_and_asks_what_happened():
    (done, question), _ = run(
        ActionSwitchLanguage(), tracker({"language": "es"}, intent="switch_language", text="español")
    )
    es = default("es").agencies["DMHC"]
    assert done["text"].startswith(say("es", "language_switched")) and es.phone in done["text"]
    assert question["text"] == say("es", "ask_problem")


def test_extraction_keeps_language_letter_date_and_the_persons_words_redacted():
    letter = date.today() - timedelta(days=30)
    text = f"Hola, Kaiser me negó la resonancia el {format_date(letter, 'es')}, mi número es 555-123-4567"
    t = tracker(intent="problem_medical_necessity", entities=[{"entity": "plan", "value": "Kaiser"}], text=text)
    _, events = run(ActionExtractCase(), t)
    slots = {e["name"]: e["value"] for e in events}
    assert (
        slots["language"] == "es"
        and slots["letter_date"] == letter.isoformat()
        and slots["problem"] == "medical_necessity"
    )
    assert "555-123-4567" not in slots["problem_words"] and "resonancia" in slots["problem_words"]


def test_a_date_without_a_year_counts_only_when_the_person_is_giving_the_date():
    for text in ("they denied my MRI on March 3", "my son, born 4/12/2015, was denied speech therapy"):
        story = tracker(intent="problem_medical_necessity", text=text)
        assert "letter_date" not in {e["name"] for e in run(ActionExtractCase(), story)[1]}
    answer = tracker({"awaiting": "letter_date"}, intent="inform_date", text="March 3")
    assert "letter_date" in {e["name"] for e in run(ActionExtractCase(), answer)[1]}


def test_the_persons_words_keep_the_denial_and_then_its_reason():
    t = tracker(
        {"problem_words": "my surgery was denied"}, intent="problem_medical_necessity", text="they said not necessary"
    )
    _, events = run(ActionExtractCase(), t)
    assert SlotSet("problem_words", "my surgery was denied / they said not necessary") in events


def test_after_the_referral_an_unplaced_message_gets_the_routed_number_once():
    slots = {"coverage": "other_ppo_or_insurance", "problem": "other"}
    slots["feedback"] = "asked"  # asked already: only the number
    (message,), events = run(
        ActionNotUnderstood(), tracker(slots, intent="nlu_fallback", text="do I still have to pay the bill?")
    )
    assert default().agencies["CDI"].phone in message["text"] and not message.get("buttons") and events == []


def test_after_the_referral_a_date_the_nlu_missed_still_dates_the_plan():
    letter = date.today() - timedelta(days=12)
    slots = {"coverage": "hmo", "problem": "medical_necessity"}
    text = f"{format_date(letter, 'en')[:3]} {letter.day}"  # "Nov 18": the NLU may not call it a date
    messages, events = run(ActionNotUnderstood(), tracker(slots, intent="nlu_fallback", text=text))
    assert (
        len(messages) == 2 and SlotSet("letter_date", letter.isoformat()) in events
    )  # the dates, the offer of the rest
    assert format_date(add_months(letter, 6), "en") in messages[0]["text"]


def test_before_any_referral_the_options_are_offered_again():
    (message,), _ = run(ActionNotUnderstood(), tracker({}, intent="nlu_fallback", text="asdf"))
    assert message["buttons"]


def test_a_two_word_answer_is_not_kept_as_the_persons_description():
    _, events = run(ActionExtractCase(), tracker(intent="problem_other", text="otra cosa"))
    assert SlotSet("problem", "other") in events and "problem_words" not in {e["name"] for e in events}


def test_a_message_not_understood_that_gave_part_of_the_case_goes_on_with_the_questions():
    from rasa_sdk.events import FollowupAction

    messages, events = run(
        ActionNotUnderstood(), tracker({"coverage": "other_coverage"}, intent="nlu_fallback", text="the VA...")
    )
    assert messages == [] and events == [FollowupAction("referral_form")]


def test_switching_language_after_the_referral_resends_the_short_referral_in_it():
    slots = {"language": "es", "coverage": "hmo", "problem": "medical_necessity"}
    (done, referral, offer), _ = run(ActionSwitchLanguage(), tracker(slots, intent="switch_language", text="español"))
    assert referral["custom"]["referral"]["language"] == "es" and offer["buttons"][0]["title"] == say(
        "es", "more_steps"
    )


def test_form_skips_coverage_for_a_kind_with_one_place_and_says_a_guess_back():
    form, dispatcher = ValidateReferralForm(), CollectingDispatcher()
    workers = tracker({"problem": "other", "problem_detail": "workers_comp"})
    assert asyncio.run(form.required_slots([], dispatcher, workers, DOMAIN)) == ["problem"]
    guess = tracker({"problem": "experimental", "problem_guess": "yes"})
    assert asyncio.run(form.required_slots([], dispatcher, guess, DOMAIN)) == [
        "problem",
        "problem_confirmed",
        "coverage",
    ]


def test_a_kind_with_one_place_is_referred_without_coverage():
    messages, _ = run(ActionGiveReferral(), tracker({"problem": "other", "problem_detail": "workers_comp"}))
    card = messages[0]["custom"]["referral"]
    assert (card["agency"], card["problem_detail"], card["coverage"]) == ("DWC", "workers_comp", "unknown")


def test_a_correction_after_the_referral_says_what_changed():
    before = {"coverage": "hmo", "problem": "medical_necessity", "problem_detail": None}
    messages, _ = run(
        ActionGiveReferral(), tracker({"coverage": "medicare", "problem": "medical_necessity", "last_case": before})
    )
    kb = default()
    assert messages[0]["text"] == say(
        "en",
        "changed_intro",
        changes=say("en", "changed_coverage", old=kb.coverages["hmo"], new=kb.coverages["medicare"]),
    )
    assert messages[1]["custom"]["referral"]["agency"] == "HICAP"


@pytest.mark.parametrize(
    "text",
    [
        "ya no quiero vivir, lo voy a hacer esta noche",
        "I don't want to live anymore",
        "i just want to end it all tonight",
    ],
)
def test_danger_now_in_a_message_not_understood_gets_the_911_advice_first(text):
    messages, _ = run(ActionNotUnderstood(), tracker({}, intent="nlu_fallback", text=text))
    assert messages[0]["text"].startswith(default().faq["emergency"])


def test_a_message_read_as_a_greeting_without_a_greeting_word_is_not_understood():
    (hello,), _ = run(ActionGreet(), tracker({}, intent="greet", text="hello"))
    assert hello["text"] == replies.greeting(default())["text"]
    messages, _ = run(ActionGreet(), tracker({}, intent="greet", text="zxqv blorp wibble"))
    assert messages[-1]["buttons"] and default().agencies["DMHC"].phone in " ".join(m["text"] or "" for m in messages)


def test_a_first_message_that_tells_the_problem_gets_the_referral_next_however_the_nlu_read_it():
    """A story the NLU could not place, or read as a question about the process, whose words told a
    kind with one place to go (workers' comp): the referral comes next, not "sorry, I can't answer"."""
    from rasa_sdk.events import FollowupAction
    from actions.answers import ActionAnswerFollowup

    text = "I hurt my shoulder at work and the comp adjuster says UR denied the injection."
    told = {"problem": "other", "problem_detail": "workers_comp"}  # set by this message's extraction
    user = {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "nlu_fallback"}}}
    for action, intent in ((ActionNotUnderstood(), "nlu_fallback"), (ActionAnswerFollowup(), "ask_followup")):
        messages, events = run(action, tracker(told, intent=intent, text=text, events=[user]))
        assert messages == [] and events == [FollowupAction("referral_form")]
    # After the referral, an unplaced message still gets the routed number.
    given = [{"event": "slot", "name": k, "value": v} for k, v in told.items()]
    given += [{"event": "action", "name": "action_give_referral"}, user]
    messages, events = run(ActionNotUnderstood(), tracker(told, intent="nlu_fallback", text=text, events=given))
    assert messages and FollowupAction("referral_form") not in events
