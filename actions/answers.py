"""Actions that answer: the referral and its plan, the letter's date, IMR questions, a human line,
emergencies, the language, and misunderstandings. Each reads the tracker, calls bot/, and sends."""

import logging
from abc import ABC, abstractmethod
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import feedback as ask_feedback
from actions.handoff import who_to_contact
from actions.not_understood import not_understood as _not_understood
from actions.dispatch import (
    case_referral,
    given_referral,
    in_form,
    intent,
    knowledge,
    letter_date,
    letter_deadline,
    send,
    send_all,
    slot_events,
    text,
)
from bot import context, feedback, followups, named_numbers, new_problem, replies, turns
from bot.context import FORM
from bot.knowledge import Knowledge
from bot.nonsense import is_nonsense
from bot.reply_types import Reply
from bot.routing import route
from bot.understanding import asks_for_help, attempts, emergency_now, side_intent
from bot.understanding.problem import says_denial, tells_problem
from bot.understanding.words import process_question

logger = logging.getLogger(__name__)
is_nonsense("")  # reads the training data's words at start-up, not during someone's first emergency


class ActionGiveReferral(Action):
    """Where to go, the number, the first step and that it is free; the rest when asked."""

    def name(self) -> Text:
        return "action_give_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        slots = tracker.current_slot_values()
        referral = route(context.case(slots), kb)
        topic = followups.topic(text(tracker))
        named = named_numbers.answer(text(tracker), kb, referral)  # "the number for Medicare?" read as a coverage
        before = tracker.get_slot("last_case") or {}
        changed = context.case_changed(tracker.events, slots) or new_problem.pending(before)
        same_case = context.given_before(tracker.events) and not changed
        job = turns.job_plan_news(context.state_before_latest_message(tracker.events)[0], slots, referral, kb)
        if same_case and (named or topic or (job is None and followups.is_question(text(tracker)))):
            # "This is urgent, she can't wait" or "is our plan self funded?" read as a problem: the case is
            # the same, so answer it for the route (or give its number), never the referral again (probe s11 p6).
            asked = turns.unplaced(
                text(tracker), referral, letter_date(tracker), kb, date.today(), letter_deadline(tracker)
            )
            return _sent(dispatcher, tracker, asked)
        if job is not None and same_case:
            send(dispatcher, tracker, job)  # "actually it's through my job" after the referral (probe s7)
            return []
        # Route labels only: never message text or identifiers (privacy).
        logger.info("referral agency=%s pathway=%s language=%s", referral.agency.key, referral.pathway, kb.language)
        if new_problem.pending(before):  # a second problem: its own answer, announced as such
            send(dispatcher, tracker, replies.new_problem(referral, kb))
        elif before and (change := replies.changed(before, referral, kb)):
            send(dispatcher, tracker, Reply(change, kb.language))  # a correction: what changed, then the new answer
        said, asked = context.user_texts(tracker.events), context.asked_now(tracker.events)
        send_all(dispatcher, tracker, turns.referral_turn(referral, kb, said, asked))
        return [
            SlotSet(
                "last_case",
                {
                    "coverage": referral.case.coverage,
                    "problem": referral.case.problem,
                    "problem_detail": referral.case.problem_detail,
                    "fair_hearing": referral.case.fair_hearing,
                    **({"earlier": earlier} if (earlier := new_problem.earlier_cases(before)) else {}),
                },
            )
        ]


class ActionOnRequest(Action):
    """After the referral, what the person asked for by button, keyword or in words: the steps and
    deadlines, the case summary, the dates (asking for the letter's date when it is not known),
    or a question."""

    def name(self) -> Text:
        return "action_on_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        referral = given_referral(tracker, kb)
        if referral is None:
            if (
                in_form(tracker)
                and tracker.get_slot("requested_slot") == "fair_hearing"
                and tracker.get_slot("problem")
            ):
                # "what do I do first?" at the hearing question: its default, and the answer now (probe s12 8 c04)
                return [SlotSet("fair_hearing", attempts.UNSURE_DEFAULTS["fair_hearing"][0])]
            send(
                dispatcher,
                tracker,
                replies.request_before_case(kb, asking=in_form(tracker), known=bool(tracker.get_slot("problem"))),
            )
            return []
        turn = turns.on_request(
            intent(tracker),
            referral,
            letter_date(tracker),
            tracker.get_slot("problem_words"),
            kb,
            date.today(),
            letter_deadline(tracker),
            text(tracker),
        )
        return _sent(dispatcher, tracker, turn)


def _sent(dispatcher: CollectingDispatcher, tracker: Tracker, turn: turns.Turn) -> List[Dict[Text, Any]]:
    """Send a turn's replies; its slots, and the form when the questions go on, as events."""
    send_all(dispatcher, tracker, turn.replies)
    return slot_events(turn.slots) + ([FollowupAction(FORM)] if turn.questions else [])


def _corrected(tracker: Tracker) -> bool:
    """Whether the latest message, after the referral, changed the case (a correction however the NLU
    read it: a no, a statement it did not place): the form then gives the new referral (issue 14)."""
    return (
        not in_form(tracker)
        and context.given_before(tracker.events)
        and context.case_changed(tracker.events, tracker.current_slot_values())
    )


def _after_referral(
    dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
) -> Optional[List[Dict[Text, Any]]]:
    """After the referral, a message the NLU did not place (bot.turns.unplaced); None before it."""
    referral = given_referral(tracker, kb)
    if referral is None:
        return None
    if _corrected(tracker):  # a correction the NLU did not place: the new referral, said what changed
        return [FollowupAction(FORM)]
    turn = turns.unplaced(
        text(tracker),
        referral,
        letter_date(tracker),
        kb,
        date.today(),
        letter_deadline(tracker),
        tracker.get_slot("problem_words"),
    )
    return _sent(dispatcher, tracker, turn) + (
        ask_feedback.ask_once(dispatcher, tracker, kb) if turn.ask_feedback else []
    )


class ActionAnswerOutsideQuestion(Action):
    """A bare yes, no or "not sure" when no form question is open: it may answer the offer to count
    the deadlines; otherwise say what I can do."""

    def name(self) -> Text:
        return "action_answer_outside_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        said = intent(tracker)
        referral = given_referral(tracker, kb)
        if (contact := who_to_contact(dispatcher, tracker)) is not None:  # "who can help me?" read as "not sure"
            return contact
        if tracker.get_slot("awaiting") == "letter_date" and not process_question(text(tracker)):
            # "Yes" to the offer: ask for the date once; a date typed later still dates the plan. A question
            # ("do i need a lawyer", probe s13 14 e12) is answered below instead.
            send(
                dispatcher,
                tracker,
                replies.ask_letter_date(date.today(), kb) if said == "affirm" else replies.no_letter(kb),
            )
            return [SlotSet("awaiting", None)]
        if referral is not None and _corrected(tracker):  # "sorry, I have NOT asked for a hearing" (probe en44)
            return [FollowupAction(FORM)]
        asking = ask_feedback.asks(text(tracker))
        if (
            referral is not None
            and tracker.get_slot("awaiting") == feedback.SLOT
            and said in ("affirm", "deny")
            and not asking
        ):
            # A typed "yes" or "no" right after "Did this help?" answers it.
            return ask_feedback.record(
                dispatcher, tracker, feedback.YES if said == "affirm" else feedback.NO, referral, kb
            )
        if referral is not None:  # "ok", "no", "not sure" after the referral; or a question read as one
            turn = turns.acknowledge(text(tracker), referral, kb, letter_date(tracker), letter_deadline(tracker))
            return _sent(dispatcher, tracker, turn) + ask_feedback.ask_once(dispatcher, tracker, kb)
        if says_denial(text(tracker)) and not in_form(tracker):  # "they won't cover anything" read as a no
            return [FollowupAction(FORM)]
        return _not_understood(dispatcher, tracker, kb)


# The case known so far, for an answer before the referral (`kind`: a surprise bill's "do I have to pay?").
CASE_SLOTS = {"coverage": "coverage", "problem": "problem", "kind": "problem_detail"}


class ActionAnswerImrQuestion(Action):
    TOPICS = {"ask_imr_what": "what", "ask_imr_cost": "cost", "ask_imr_who": "who"}

    def name(self) -> Text:
        return "action_answer_imr_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb, case = knowledge(tracker), {k: tracker.get_slot(s) for k, s in CASE_SLOTS.items()}
        referral = given_referral(tracker, kb) or case_referral(tracker, kb)
        turn = turns.imr_question(text(tracker), self.TOPICS.get(intent(tracker), "what"), referral, kb, **case)
        return _sent(dispatcher, tracker, turn)


class ActionAnswerFollowup(Action):
    """A question about the process ("how long?", "can my son file it?", "my plan never answered"),
    answered for the route given (bot/followups.py). Before the referral, the questions go on."""

    def name(self) -> Text:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        referral = given_referral(tracker, kb)
        topic = followups.topic(text(tracker))
        logger.info("followup topic=%s routed=%s", topic, referral.agency.key if referral else None)
        runner_up = next(
            (
                r.get("name")
                for r in tracker.latest_message.get("intent_ranking") or []
                if r.get("name") != "ask_followup"
            ),
            None,
        )
        if context.told_now(tracker.events, tracker.current_slot_values()):
            # The story itself, read as a question ("they want to send my mother home tomorrow..."):
            # its words told the problem, so the referral comes next, without a side answer (the form says
            # the 911 advice first when the words tell danger now: actions/form.py).
            return [] if in_form(tracker) else [FollowupAction(FORM)]
        if runner_up == "medical_emergency" and is_nonsense(text(tracker)):
            runner_up = None  # nonsense the NLU half read as an emergency: never the 911 advice
        turn = turns.followup(
            topic,
            runner_up,
            referral,
            letter_date(tracker),
            tracker.get_slot("coverage"),
            tracker.get_slot("problem"),
            in_form(tracker),
            kb,
            letter_deadline(tracker),
            text(tracker),
            tracker.get_slot("coverage_detail"),
            tracker.get_slot("problem_words"),
            case_referral(tracker, kb),
            tracker.get_slot("problem_detail"),
        )
        return _sent(dispatcher, tracker, turn)


class _FixedReply(Action, ABC):
    """An action that only sends one reply from bot.replies (abstract: the SDK registers subclasses)."""

    action_name: Text = ""

    def name(self) -> Text:
        return self.action_name

    @abstractmethod
    def reply(self, kb: Knowledge) -> Dict[Text, Any]: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, tracker, self.reply(knowledge(tracker)))
        return []


class ActionEmergency(_FixedReply):
    action_name = "action_emergency"

    def reply(self, kb: Knowledge) -> Dict[Text, Any]:
        return replies.emergency(kb)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if process_question(text(tracker)) and (contact := who_to_contact(dispatcher, tracker)) is not None:
            return contact  # "a quién le llamo" read as an emergency, with no word of danger (probe s7)
        if is_nonsense(text(tracker)) and not emergency_now(text(tracker)):
            # The NLU read nonsense ("zxqv blorp wibble") as an emergency: no 911 advice. In the
            # questions, the open one comes again, reworded; elsewhere, "I didn't understand".
            return [] if in_form(tracker) else await ActionNotUnderstood().run(dispatcher, tracker, domain)
        # "who do I call first?" with no word of danger, or a story whose words told the problem and no
        # danger now: answered as a question / the questions go on, not with the 911 advice alone (s7).
        told = context.told_now(tracker.events, tracker.current_slot_values()) and not emergency_now(text(tracker))
        if process_question(text(tracker)) or told:
            return await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        events = await super().run(dispatcher, tracker, domain)
        if not in_form(tracker) and tells_problem(text(tracker)):
            # Danger first, then the plan problem told with it ("my plan won't refill my meds and I want to
            # end it all"): the questions go on, so "I just want my meds" is not "not understood" (probe s12 8 c13).
            return events + [FollowupAction(FORM)]
        return events


class ActionGreet(_FixedReply):
    action_name = "action_greet"

    def reply(self, kb: Knowledge) -> Dict[Text, Any]:
        return replies.greeting(kb)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if not side_intent("greet", text(tracker)):
            # Not a greeting after all ("zxqv blorp"): in the questions, the open one comes again,
            # reworded, from the form; elsewhere, the kind "I didn't understand" with the options.
            return [] if in_form(tracker) else await ActionNotUnderstood().run(dispatcher, tracker, domain)
        kb = knowledge(tracker)
        referral = None if in_form(tracker) else given_referral(tracker, kb)
        if referral is not None and asks_for_help(text(tracker)):
            # "help" after the referral: what else I can give, not the greeting and the referral again.
            send(dispatcher, tracker, turns.offer(referral, kb))
            return [FollowupAction("action_listen")]
        asked = tracker.get_slot("requested_slot") if in_form(tracker) else None
        if asked and (asks_for_help(text(tracker)) or context.said_before(tracker.events, self.reply(kb)["text"])):
            # "help" at a question, or "hi" again: not the whole greeting again (the case is kept); the
            # form asks the open question again, explained (probe P12, P36).
            slots = tracker.current_slot_values()
            return slot_events(attempts.help_asked(asked, slots, context.denial_told(tracker.events)))
        return await super().run(dispatcher, tracker, domain)


class ActionNotUnderstood(Action):
    """Low confidence or an unexpected turn: say so kindly, re-offer the options and a number
    (after the referral: the routed number, or the plan dated if it was a date)."""

    out_of_scope = False

    def name(self) -> Text:
        return "action_not_understood"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        if emergency_now(text(tracker)):
            # Danger in a message the NLU could not place: 911 (the form's), then the story's questions (probe s12 10 s07).
            if not in_form(tracker) and tells_problem(text(tracker)):
                return [FollowupAction(FORM)]
            send(dispatcher, tracker, replies.emergency(kb))
            return []
        named = named_numbers.answer(text(tracker), kb, given_referral(tracker, kb))
        if named is not None:  # "what's the number for HICAP?" as a first message (probe s7): that number
            send(dispatcher, tracker, named)
            return []
        if (contact := who_to_contact(dispatcher, tracker)) is not None:  # "who do I talk to?" not placed by the NLU
            return contact
        told_now = context.told_now(tracker.events, tracker.current_slot_values())
        events = None if told_now else _after_referral(dispatcher, tracker, kb)
        if events is not None:
            return events
        # A plan's no is in scope wherever the person is ("Tricare denied ..., we're at Camp Pendleton", probe s7).
        told = not self.out_of_scope or tells_problem(text(tracker))
        case_told = tracker.get_slot("coverage") or tracker.get_slot("problem") or says_denial(text(tracker))
        if told and not in_form(tracker) and case_told:  # part of the case was understood: the questions go on
            return [FollowupAction(FORM)]
        # Keyboard mashing read as out of scope is not understood, rather than off-topic.
        return _not_understood(dispatcher, tracker, kb, self.out_of_scope and not is_nonsense(text(tracker)))


class ActionOutOfScope(ActionNotUnderstood):
    out_of_scope = True

    def name(self) -> Text:
        return "action_out_of_scope"
