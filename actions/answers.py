"""Actions that answer: the referral and its plan, the letter's date, IMR questions, a human line,
emergencies, the language, and misunderstandings. Each reads the tracker, calls bot/, and sends."""
import logging
from abc import ABC, abstractmethod
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import feedback as ask_feedback
from actions.extract import state_before_latest_message
from actions.replies import knowledge, send
from bot import action_plan, feedback, followups, problem_kinds, replies
from bot.dates import parse_date
from bot.knowledge import Knowledge
from bot.language import fold
from bot.routing import Case, Referral, RoutingError, route
from bot.understanding import IMR_WORDS, emergency_now, side_intent

logger = logging.getLogger(__name__)
FORM = "referral_form"


def _case(tracker: Tracker) -> Optional[Case]:
    """The case so far, or None while problem or coverage is still unknown (coverage is not needed
    for the kinds of problem whose place to go does not depend on it: workers' comp, Medi-Cal
    eligibility...)."""
    coverage, problem = tracker.get_slot("coverage"), tracker.get_slot("problem")
    detail = tracker.get_slot("problem_detail") if problem == "other" else None
    if not coverage and problem and not problem_kinds.needs_coverage(detail):
        coverage = "unknown"
    if not coverage or not problem:
        return None
    return Case(coverage=coverage, problem=problem, fair_hearing=tracker.get_slot("fair_hearing"),
                coverage_detail=tracker.get_slot("coverage_detail"), plan_name=tracker.get_slot("plan"),
                plan_silent=bool(tracker.get_slot("plan_silent")), job_plan=bool(tracker.get_slot("job_plan")),
                problem_detail=detail, problem_words=tracker.get_slot("problem_words"))


def _letter_date(tracker: Tracker) -> Optional[date]:
    try:
        return date.fromisoformat(tracker.get_slot("letter_date") or "")
    except ValueError:
        return None


def _plan(tracker: Tracker, referral: Referral, kb: Knowledge, letter: Optional[date] = None) -> action_plan.ActionPlan:
    return action_plan.build(referral, letter or _letter_date(tracker), kb=kb)


def _offer_again(dispatcher: CollectingDispatcher, tracker: Tracker, referral: Referral, kb: Knowledge, given: str) -> None:
    """After one part of the rest, the other parts, one tap away again."""
    send(dispatcher, tracker, replies.more(referral, kb, dates=bool(action_plan.step_plan(referral, kb).clocks), given=given))


def _send_referral(dispatcher: CollectingDispatcher, tracker: Tracker, referral: Referral, kb: Knowledge) -> None:
    """The short referral and the offer of the rest (steps, summary, dates, a question)."""
    send(dispatcher, tracker, replies.referral(referral, kb))
    send(dispatcher, tracker, replies.more(referral, kb, dates=bool(action_plan.step_plan(referral, kb).clocks)))


class ActionGiveReferral(Action):
    """Where to go, the number, the first step and that it is free; the rest when asked."""

    def name(self) -> Text:
        return "action_give_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        referral = route(_case(tracker), kb)
        topic = followups.topic(tracker.latest_message.get("text") or "")
        if topic and _given_before(tracker) and not _case_changed(tracker):
            # "This is urgent, she can't wait" read as a problem: the case is the same, so answer the
            # question for it instead of repeating the referral.
            send(dispatcher, tracker, followups.answer(topic, referral, kb, _letter_date(tracker)))
            return []
        # Route labels only: never message text or identifiers (privacy).
        logger.info("referral agency=%s pathway=%s language=%s", referral.agency.key, referral.pathway, kb.language)
        before = tracker.get_slot("last_case") or {}
        change = replies.changed(before, referral, kb) if before else None
        if change:  # a correction after the referral: say what changed, then the new answer
            send(dispatcher, tracker, {"text": change})
        _send_referral(dispatcher, tracker, referral, kb)
        return [SlotSet("last_case", {"coverage": referral.case.coverage, "problem": referral.case.problem,
                                      "problem_detail": referral.case.problem_detail})]


class ActionOnRequest(Action):
    """After the referral, what the person asked for by button, keyword or in words: the steps and
    deadlines, the case summary, the dates (asking for the letter's date when it is not known),
    or a question."""

    def name(self) -> Text:
        return "action_on_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        referral = _given_referral(tracker, kb)
        if referral is None:
            send(dispatcher, tracker, replies.request_before_case(kb, asking=tracker.active_loop_name == FORM))
            return []
        plan = _plan(tracker, referral, kb)
        if intent == "ask_question":
            send(dispatcher, tracker, replies.ask_question(referral, kb))
            return []
        if intent == "ask_dates" and plan.letter_date is None and plan.deadlines:
            send(dispatcher, tracker, replies.ask_letter_date(date.today(), kb))
            return [SlotSet("awaiting", "letter_date")]
        if intent == "ask_summary":
            send(dispatcher, tracker, replies.case_summary(referral, plan, tracker.get_slot("problem_words"), kb))
        elif intent == "ask_dates" and plan.deadlines:
            send(dispatcher, tracker, replies.dates(plan, kb))
        else:  # the steps; also the dates when there is no deadline to count
            intent = "ask_steps"
            send(dispatcher, tracker, replies.steps(referral, plan, kb))
        _offer_again(dispatcher, tracker, referral, kb, intent)
        return []


class ActionLetterDate(Action):
    """The person gave the date on the plan's letter: count the deadlines from it."""

    def name(self) -> Text:
        return "action_letter_date"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb, today = knowledge(tracker), date.today()
        given = _letter_date(tracker)
        in_form = tracker.active_loop_name == FORM
        if given is None or given > today:
            if not in_form:  # in the form, the open question is simply asked again
                typed = parse_date(tracker.latest_message.get("text") or "", today, kb.language, short_numeric=True)
                future = typed is not None and typed > today
                send(dispatcher, tracker, replies.letter_date_problem("future" if future else "unreadable", today, typed, kb))
            return []
        if in_form:  # kept for the plan; the form asks its open question again
            send(dispatcher, tracker, replies.date_noted(given, kb))
            return []
        referral = _given_referral(tracker, kb)
        if referral is None:
            send(dispatcher, tracker, replies.letter_date_problem("no_case", today, given, kb))
            return []
        send(dispatcher, tracker, replies.dates(_plan(tracker, referral, kb), kb))
        _offer_again(dispatcher, tracker, referral, kb, "ask_dates")
        return [SlotSet("awaiting", None)]


def _given_before(tracker: Tracker) -> bool:
    """Whether this conversation already got a referral (since the last restart)."""
    given = False
    for event in tracker.events:
        if event.get("event") == "restart":
            given = False
        elif event.get("event") == "action" and event.get("name") == "action_give_referral":
            given = True
    return given


def _case_changed(tracker: Tracker) -> bool:
    """Whether the latest message changed the case (a correction gets a new referral)."""
    before, _ = state_before_latest_message(tracker)
    return any(before.get(name) != tracker.get_slot(name) for name in ("problem", "problem_detail", "coverage", "coverage_detail", "fair_hearing", "plan"))


def _given_referral(tracker: Tracker, kb: Knowledge) -> Optional[Referral]:
    """The referral already given: the case is complete and no question is open."""
    case = _case(tracker)
    if case is None or tracker.active_loop_name == FORM:
        return None
    try:
        return route(case, kb)
    except RoutingError:
        return None


def _after_referral(dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge) -> Optional[List[Dict[Text, Any]]]:
    """After the referral, a message the NLU did not place: a date (however it was classified)
    dates the plan; anything else gets the routed number, not the start menu. None before it."""
    referral = _given_referral(tracker, kb)
    if referral is None:
        return None
    today = date.today()
    typed = parse_date(tracker.latest_message.get("text") or "", today, kb.language, short_numeric=True)
    if typed is not None and typed <= today:
        send(dispatcher, tracker, replies.dates(_plan(tracker, referral, kb, typed), kb))
        _offer_again(dispatcher, tracker, referral, kb, "ask_dates")
        return [SlotSet("letter_date", typed.isoformat()), SlotSet("awaiting", None)]
    topic = followups.topic(tracker.latest_message.get("text") or "")
    send(dispatcher, tracker, followups.answer(topic, referral, kb, _letter_date(tracker)) if topic else replies.after_referral(referral, kb))
    return ask_feedback.ask_once(dispatcher, tracker, kb)


class ActionAnswerOutsideQuestion(Action):
    """A bare yes, no or "not sure" when no form question is open: it may answer the offer to count
    the deadlines; otherwise say what I can do."""

    def name(self) -> Text:
        return "action_answer_outside_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        referral = _given_referral(tracker, kb)
        if tracker.get_slot("awaiting") == "letter_date":
            # "Yes" to the offer: ask for the date once; a date typed later still dates the plan.
            send(dispatcher, tracker, replies.ask_letter_date(date.today(), kb) if intent == "affirm" else replies.no_letter(kb))
            return [SlotSet("awaiting", None)]
        if referral is not None and tracker.get_slot("awaiting") == feedback.SLOT and intent in ("affirm", "deny"):
            # A typed "yes" or "no" right after "Did this help?" answers it.
            return ask_feedback.record(dispatcher, tracker, feedback.YES if intent == "affirm" else feedback.NO, referral, kb)
        if referral is not None:
            send(dispatcher, tracker, replies.acknowledged(kb))  # "ok", "no", "not sure" after the referral
            return ask_feedback.ask_once(dispatcher, tracker, kb)
        return _not_understood(dispatcher, tracker, kb)


def _not_understood(dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge, out_of_scope: bool = False) -> List[Dict[Text, Any]]:
    send(dispatcher, tracker, replies.not_understood(kb, out_of_scope=out_of_scope))
    return []


class ActionFeedback(Action):
    """A tap on Yes or No under "Did this help?" (or 1 or 2 by SMS): thanks, and the answer kept."""

    def name(self) -> Text:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = feedback.INTENTS.get(intent, feedback.NO)
        return ask_feedback.record(dispatcher, tracker, answer, _given_referral(tracker, kb), kb)


class ActionSwitchLanguage(Action):
    """The person asked for English or Spanish (the language slot is already switched)."""

    def name(self) -> Text:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        send(dispatcher, tracker, replies.language_switched(kb))
        referral = _given_referral(tracker, kb)
        if referral is not None:
            _send_referral(dispatcher, tracker, referral, kb)  # the referral and the offer, now in this language
        elif tracker.active_loop_name != FORM and not tracker.get_slot("problem"):
            send(dispatcher, tracker, replies.ask("problem", {}, kb=kb))
        return []


class ActionAnswerImrQuestion(Action):
    TOPICS = {"ask_imr_what": "what", "ask_imr_cost": "cost", "ask_imr_who": "who"}

    def name(self) -> Text:
        return "action_answer_imr_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        if not IMR_WORDS.search(fold(text)) and problem_kinds.read(text).problem:
            # "I can't afford my share of the drug" is a problem to route, not a question about the IMR.
            return [FollowupAction(FORM)]
        # "What happens if the IMR says yes?" is asked like "what is an IMR": answered for the route.
        topic = followups.topic(tracker.latest_message.get("text") or "")
        if topic in ("imr_yes", "imr_no"):
            send(dispatcher, tracker, followups.answer(topic, _given_referral(tracker, kb), kb))
            return []
        send(dispatcher, tracker, replies.imr_answer(self.TOPICS.get(intent, "what"), kb))
        return []


class ActionAnswerFollowup(Action):
    """A question about the process ("how long?", "can my son file it?", "my plan never answered"),
    answered for the route given (bot/followups.py). Before the referral, the questions go on."""

    def name(self) -> Text:
        return "action_answer_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        referral = _given_referral(tracker, kb)
        topic = followups.topic(tracker.latest_message.get("text") or "")
        logger.info("followup topic=%s routed=%s", topic, referral.agency.key if referral else None)
        runner_up = next((r.get("name") for r in tracker.latest_message.get("intent_ranking") or [] if r.get("name") != "ask_followup"), None)
        if topic is None and runner_up == "medical_emergency":
            # Not a question about the process after all: danger comes first, whatever the NLU ranked first.
            send(dispatcher, tracker, replies.emergency(kb))
            return []
        if topic is None and runner_up == "human_handoff":
            send(dispatcher, tracker, replies.handoff(tracker.get_slot("coverage"), tracker.get_slot("problem"), kb))
            return []
        if topic is None and referral is not None:
            send(dispatcher, tracker, replies.after_referral(referral, kb))
        elif topic is not None:
            send(dispatcher, tracker, followups.answer(topic, referral, kb, _letter_date(tracker)))
        # No topic before the referral: most likely the story itself ("they say I don't need it"), so
        # the questions simply go on (the referral will give the number to call).
        if referral is None and tracker.active_loop_name != FORM:
            return [FollowupAction(FORM)]  # find out where to go: the form asks what it still needs
        return []


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, tracker, replies.handoff(tracker.get_slot("coverage"), tracker.get_slot("problem"), knowledge(tracker)))
        return []


class _FixedReply(Action, ABC):
    """An action that only sends one reply from bot.replies (abstract: the SDK registers subclasses)."""

    action_name: Text = ""

    def name(self) -> Text:
        return self.action_name

    @abstractmethod
    def reply(self, kb: Knowledge) -> Dict[Text, Any]:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, tracker, self.reply(knowledge(tracker)))
        return []


class ActionEmergency(_FixedReply):
    action_name = "action_emergency"

    def reply(self, kb: Knowledge) -> Dict[Text, Any]:
        return replies.emergency(kb)


class ActionGreet(_FixedReply):
    action_name = "action_greet"

    def reply(self, kb: Knowledge) -> Dict[Text, Any]:
        return replies.greeting(kb)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if not side_intent("greet", tracker.latest_message.get("text") or ""):
            # Not a greeting after all ("zxqv blorp"): in the questions, the open one comes again,
            # reworded, from the form; elsewhere, the kind "I didn't understand" with the options.
            return [] if tracker.active_loop_name == FORM else await ActionNotUnderstood().run(dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)


class ActionNotUnderstood(Action):
    """Low confidence or an unexpected turn: say so kindly, re-offer the options and a number
    (after the referral: the routed number, or the plan dated if it was a date)."""

    out_of_scope = False

    def name(self) -> Text:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        if emergency_now(tracker.latest_message.get("text") or ""):
            # Danger now in a message the NLU could not place ("I don't want to live anymore..."):
            # the 911 advice comes first, whatever else follows.
            send(dispatcher, tracker, replies.emergency(kb))
        events = _after_referral(dispatcher, tracker, kb)
        if events is not None:
            return events
        told = not self.out_of_scope or problem_kinds.read(tracker.latest_message.get("text") or "").problem
        if told and tracker.active_loop_name != FORM and (tracker.get_slot("coverage") or tracker.get_slot("problem")):
            # Not understood as a whole, but part of the case was ("the VA denied my hearing aids"):
            # go on with the questions rather than start over.
            return [FollowupAction(FORM)]
        return _not_understood(dispatcher, tracker, kb, self.out_of_scope)


class ActionOutOfScope(ActionNotUnderstood):
    out_of_scope = True

    def name(self) -> Text:
        return "action_out_of_scope"


class ActionDeleteConversation(Action):
    """Forget the conversation: the tracker store deletes it when it sees this action (storage/)."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        # The flag tells the widget to forget its copy of the transcript too.
        send(dispatcher, tracker, {**replies.deleted(knowledge(tracker)), "custom": {"conversation_deleted": True}})
        return [Restarted()]
