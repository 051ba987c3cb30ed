"""Actions about the conversation itself rather than the case: switching language, starting over
and forgetting it all."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import (
    given_referral,
    in_form,
    knowledge,
    letter_date,
    letter_deadline,
    send,
    send_all,
    slot_events,
    text,
)
from actions.answers import ActionAnswerFollowup
from bot import context, followups, replies, turns
from bot.knowledge import default
from bot.context import FORM
from bot.understanding import asks_to_start_over, attempts
from bot.understanding.problem import says_denial
from bot.understanding.words import process_question


class ActionSwitchLanguage(Action):
    """The person asked for English or Spanish (the language slot is already switched)."""

    def name(self) -> Text:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        before, _ = context.state_before_latest_message(tracker.events)
        if before.get("language") == kb.language and process_question(text(tracker)):
            # "¿HICAP habla español?" in Spanish already: a question, not a switch (probe s7).
            return await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        spoken = before.get("language")
        if spoken and spoken != kb.language and followups.topic(text(tracker)) == "spanish_line":
            # "Is there a number in Spanish?" asks for the route's Spanish line, where it has one
            # (Covered California's, F12.3): answered in the conversation's language, which stays (probe s7).
            asked_in = default(spoken)
            line = followups.routed_answer("spanish_line", given_referral(tracker, asked_in), asked_in)
            if line is not None:
                send(dispatcher, tracker, line)
                return [SlotSet("language", spoken)]
        send(dispatcher, tracker, replies.language_switched(kb))
        referral = given_referral(tracker, kb)
        if referral is not None:
            send_all(dispatcher, tracker, turns.referral_turn(referral, kb))  # now in this language
        elif not in_form(tracker) and (
            tracker.get_slot("problem") or tracker.get_slot("coverage") or says_denial(text(tracker))
        ):
            # "English please, my insurance won't pay my MRI": the rest of the message starts the case.
            return [FollowupAction("referral_form")]
        elif not in_form(tracker) and not tracker.get_slot("problem"):
            send(dispatcher, tracker, replies.ask("problem", {}, kb=kb))
        return []


class ActionDeleteConversation(Action):
    """Forget the conversation: the tracker store deletes it when it sees this action (storage/)."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        # Its card tells the widget to forget its copy of the transcript too.
        send(dispatcher, tracker, replies.deleted(knowledge(tracker)))
        return [Restarted()]


class ActionRestart(Action):
    """Rasa's own "action_restart", guarded (the restart intent always runs it): the case is forgotten
    only when the person asks to start over in words or with the "/restart" payload. Anything else the
    NLU read as a restart ("what's the number again?", "again?") is a question: answered for the case
    so far, and the open question goes on (probe P21)."""

    def name(self) -> Text:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if asks_to_start_over(text(tracker)):
            dispatcher.utter_message(response="utter_restart")
            # The case is forgotten, not the person's language: an emoji or "ok" next is still
            # answered in it (probe s7: a Spanish conversation answered in English after starting over).
            spoken = tracker.get_slot("language")
            return [Restarted()] + ([SlotSet("language", spoken)] if spoken else [])
        kb = knowledge(tracker)
        turn = turns.followup(
            followups.topic(text(tracker)),
            None,
            given_referral(tracker, kb),
            letter_date(tracker),
            tracker.get_slot("coverage"),
            tracker.get_slot("problem"),
            in_form(tracker),
            kb,
            letter_deadline(tracker),
            text(tracker),
        )
        send_all(dispatcher, tracker, turn.replies)
        if not in_form(tracker):
            return [FollowupAction(FORM)] if turn.questions else []
        asked = tracker.get_slot("requested_slot")
        aside = attempts.answered_aside(asked, tracker.current_slot_values()) if asked and turn.replies else {}
        return slot_events(aside) + [FollowupAction(FORM)]
