"""The letter the person sent: say what was read (or why it could not be), fix a field on request,
and write their letter to the plan. The reading itself happened in the connector
(channels/letters.py, bot/letter/)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import given_referral, in_form, knowledge, letter_date, send, send_all, text
from bot import followups
from bot.context import FORM
from bot.understanding.words import asks_for_letter
from bot.letter import reply
from bot.letter.draft import draft
from bot.letter.draft import reply as draft_reply
from bot.letter.case import LETTER, LETTER_ERROR, correction_updates, letter_case_updates, stored_fields
from bot.letter.intake import LetterError


class ActionReadLetter(Action):
    def name(self) -> Text:
        return "action_read_letter"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        metadata = tracker.latest_message.get("metadata") or {}
        slots = tracker.current_slot_values()
        if isinstance(metadata.get(LETTER), dict):
            letter = stored_fields(metadata[LETTER])
            send(dispatcher, tracker, reply.letter_read(letter, kb))
            events = [SlotSet(slot, value) for slot, value in letter_case_updates(metadata, slots, kb).items()]
            if letter.get("dmhc_step"):
                # A letter from the DMHC after the person applied (its acknowledgement, the IMR's decision): its
                # own next step, for the route known (the coverage the person gave, not the DMHC's paragraph),
                # never a first denial's grievance (probe s13 13 c17, c18; s14 16 C02-C04).
                referral = given_referral(tracker, kb)
                step = followups.answer(letter["dmhc_step"], referral, kb, coverage=slots.get("coverage"))
                send(dispatcher, tracker, step)
                return events + [FollowupAction("action_listen")]
            return events
        if metadata.get(LETTER_ERROR):
            kind = metadata[LETTER_ERROR] if metadata[LETTER_ERROR] in LetterError.KINDS else "unreadable"
            send(dispatcher, tracker, reply.letter_problem(kind, kb))
            # the words typed with the file are read as a message would be (probe s11 L08)
            return [SlotSet(slot, value) for slot, value in letter_case_updates(metadata, slots, kb).items()]
        else:  # "can I send you my letter?"
            send(dispatcher, tracker, reply.ask_for_letter(kb))
        return []


class ActionCorrectLetter(Action):
    """A "Wrong plan type" / "Wrong reason" / "Wrong date" button: forget that field; the form asks it."""

    def name(self) -> Text:
        return "action_correct_letter"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        field = next(
            (
                e.get("value")
                for e in tracker.latest_message.get("entities") or []
                if e.get("entity") == reply.FIELD_ENTITY
            ),
            None,
        )
        send(dispatcher, tracker, reply.fixing(field, knowledge(tracker)))
        return [SlotSet(slot, value) for slot, value in correction_updates(field).items()]


class ActionDraftLetter(Action):
    """ "Write the appeal for me": the letter to the plan (and in English when the person writes
    Spanish) and the DMHC/CDI form's answers, from the case. Nothing of it is stored."""

    def name(self) -> Text:
        return "action_draft_letter"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        referral = given_referral(tracker, kb)
        if referral is None:
            send(dispatcher, tracker, reply.need_case(kb))
            return [] if in_form(tracker) else [FollowupAction(FORM)]
        asked = followups.topic(text(tracker))
        if asked is not None and not asks_for_letter(text(tracker)):  # "can I sign back up?" (probe s10 F11)
            send(dispatcher, tracker, followups.answer(asked, referral, kb, letter_date(tracker)))
            return []
        result = draft(
            referral,
            service=tracker.get_slot("letter_service"),
            letter_date=letter_date(tracker),
            words=tracker.get_slot("problem_words"),
            kb=kb,
        )
        send_all(dispatcher, tracker, draft_reply(result))
        return []
