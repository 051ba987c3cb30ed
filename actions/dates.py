"""The date on the plan's letter, given in words: the deadlines counted from it."""

from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import _sent
from actions.dispatch import given_referral, in_form, knowledge, letter_date, letter_deadline, text
from bot import context, turns
from bot.context import FORM
from bot.understanding.problem import says_denial


class ActionLetterDate(Action):
    """The person gave the date on the plan's letter: count the deadlines from it."""

    def name(self) -> Text:
        return "action_letter_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = knowledge(tracker)
        told = context.told_case_now(tracker.events, tracker.current_slot_values())
        if not in_form(tracker) and (told or not given_referral(tracker, kb) and says_denial(text(tracker))):
            # "DOB 04/12/1968, Blue Shield HMO denied my hip surgery", "fecha de nacimiento 3/22/1968 ...
            # me negaron la terapia": the case comes first (a birth date is not the letter's date); the
            # questions go on to the referral (probe F16, probe s9).
            return [FollowupAction(FORM)]
        turn = turns.letter_date_given(
            letter_date(tracker),
            text(tracker),
            in_form(tracker),
            given_referral(tracker, kb),
            kb,
            date.today(),
            letter_deadline(tracker),
        )
        return _sent(dispatcher, tracker, turn)
