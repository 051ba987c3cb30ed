"""Asking for a person: the place whose people answer for this case, or the number asked for by name,
or the free-help answer when that is what was meant; asking whom to contact ("who do I talk to?",
"¿a quién le hablo?"), whatever the NLU read it as; and "are you a bot?"."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from rasa_sdk.events import FollowupAction

from actions.dispatch import case_referral, given_referral, in_form, knowledge, send, text
from bot import context, followups, named_numbers, replies


def who_to_contact(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "Who do I talk to?" (the NLU reads it as a bot question, a fallback, an emergency, "not sure"):
    after the referral, its place and number; before it, the problem is asked for, with the Help
    Center's number (bot/knowledge_data/followups.yml `who_to_contact`). None for any other message."""
    if not followups.asks_who_to_contact(text(tracker)):
        return None
    slots = tracker.current_slot_values()
    if context.told_case_now(tracker.events, slots) or context.told_now(tracker.events, slots):
        return None  # "... they cut my Medi-Cal. Who do I ask about this?": the story is answered, with its place

    kb = knowledge(tracker)
    referral = given_referral(tracker, kb) or case_referral(tracker, kb)
    send(dispatcher, tracker, followups.answer(followups.WHO_TO_CONTACT, referral, kb))
    return []


PLAN_NAME_WORDS = 4


def _plan_name_only(tracker: Tracker) -> bool:
    """A short message that names a plan (the gazetteer's `plan` entity) and nothing else."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return any(e.get("entity") == "plan" for e in entities) and len(text(tracker).split()) <= PLAN_NAME_WORDS


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        if _plan_name_only(tracker):
            # "Humana" is a plan's name, not a request for a human (probe s11 B07): the questions go on.
            return [] if in_form(tracker) else [FollowupAction("referral_form")]
        named = named_numbers.answer(text(tracker), kb, given_referral(tracker, kb))
        if named is not None:  # "what's the ombudsman's phone number" read as asking for a person
            send(dispatcher, tracker, named)
            return []
        asked = followups.topic(text(tracker))
        if asked is not None:
            # "Can someone help me for free?" is read as asking for a person: it is the free-help
            # question, answered for the route (its numbers include people to talk to).
            send(
                dispatcher,
                tracker,
                followups.answer(asked, given_referral(tracker, kb), kb, coverage=tracker.get_slot("coverage")),
            )
            return []
        send(dispatcher, tracker, replies.handoff(tracker.get_slot("coverage"), tracker.get_slot("problem"), kb))
        return []


class ActionBotChallenge(Action):
    """ "Are you a bot?"; but "¿a quién le hablo?" (whom to call) is read as one too (probe s7 s04)."""

    def name(self) -> Text:
        return "action_bot_challenge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answered = who_to_contact(dispatcher, tracker)
        if answered is None:
            dispatcher.utter_message(response="utter_iamabot")
            return []
        return answered
