"""A reply as a typed object that carries its language, and the cards it can carry.

`Reply(text, language, buttons, card)` is what bot/replies/ returns. It reads like the message
dict Rasa sends (`reply["text"]`, `reply.get("buttons")`, `reply["custom"]["referral"]`, and
`reply["language"]`), so the channels (bot/channel_format.py) and the action server take it as it
is, and never have to guess the language from the words. The cards' fields are the contract in
README.md ("The referral card" and "The case summary card"); tests/unit/test_reply_types.py holds
the two to each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from bot.knowledge import Agency
from bot.problem_kinds import card_detail
from bot.routing import Referral


@dataclass(frozen=True)
class Button:
    """An option: its title, and the payload a tap sends (`/intent` plus entities as JSON)."""

    title: str
    payload: str

    @classmethod
    def to(cls, title: str, intent: str, **entities: str) -> "Button":
        return cls(title, f"/{intent}" + (json.dumps(entities) if entities else ""))

    def as_dict(self) -> Dict[str, str]:
        return {"title": self.title, "payload": self.payload}


class _Card:
    """A card is sent as `custom: {KEY: fields}`."""

    KEY = ""

    def as_dict(self) -> Dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReferralCard(_Card):
    """The referral card (README "The referral card"): where to go, for the web widget and tests,
    then what the channels need to show it without the long text (`phone_name` and `tty` belong
    to whoever answers `phone`)."""

    KEY = "referral"
    agency: str
    phone: Optional[str]
    pathway: str
    problem: str
    problem_detail: Optional[str]
    coverage: str
    sources: List[str]
    agency_name: str
    short_name: str
    phone_name: Optional[str]
    tty: Optional[str]
    website: Optional[str]
    first_step: str
    language: str

    @classmethod
    def of(cls, ref: Referral, language: str = "en") -> "ReferralCard":
        caller = ref.caller
        case = ref.case
        return cls(
            agency=ref.agency.key,
            phone=ref.phone,
            pathway=ref.pathway,
            problem=case.problem,
            # the shared taxonomy's id for the kind (CCS is filed under dental_vision; problem_kinds.card_detail)
            problem_detail=card_detail(case.problem_detail) or ("plan_service" if case.problem == "other" else None),
            coverage=case.coverage,
            sources=list(ref.sources),
            agency_name=ref.agency.name,
            short_name=ref.agency.short_name,
            phone_name=caller.short_name if isinstance(caller, Agency) else caller.name if caller else None,
            tty=caller.tty if caller else None,
            website=ref.website,
            first_step=ref.first_step,
            language=language,
        )


@dataclass(frozen=True)
class SummaryField:
    key: str
    label: str
    value: str

    def as_dict(self) -> Dict[str, str]:
        return {"key": self.key, "label": self.label, "value": self.value}


@dataclass(frozen=True)
class CaseSummary(_Card):
    """The case summary card (README "The case summary card"): a title, labelled fields, the same
    as one text to copy, and who to call (`agency`, `phone`)."""

    KEY = "case_summary"
    title: str
    language: str
    agency: str
    phone: Optional[str]
    fields: Tuple[SummaryField, ...]
    text: str

    def as_dict(self) -> Dict[str, Any]:
        return {**super().as_dict(), "fields": [f.as_dict() for f in self.fields]}


@dataclass(frozen=True)
class DeadlinesCard(_Card):
    """The deadlines, dated, that the widget turns into a calendar file (ISO dates)."""

    KEY = "deadlines"
    language: str
    title: str
    letter_date: Optional[str]
    letter_title: str
    events: List[Dict[str, str]]


@dataclass(frozen=True)
class ConversationDeleted(_Card):
    """Tells the widget to forget its copy of the transcript too."""

    KEY = "conversation_deleted"

    def as_dict(self) -> Any:  # type: ignore[override]
        return True


@dataclass(frozen=True)
class LetterCard(_Card):
    """What was read from the plan's letter (bot/letter/): known ids, the service, an ISO date."""

    KEY = "letter"
    plan: Optional[str]
    coverage: Optional[str]
    problem: Optional[str]
    service: Optional[str]
    letter_date: Optional[str]
    language: Optional[str]


@dataclass(frozen=True)
class LetterErrorCard(_Card):
    """Why a letter could not be read (a bot.letter.intake.LetterError kind)."""

    KEY = "letter_error"
    kind: str

    def as_dict(self) -> Any:  # type: ignore[override]
        return self.kind


@dataclass(frozen=True)
class DraftLetterCard(_Card):
    """The person's letter to the plan (and its English copy), and the form's answers (bot/letter/draft.py)."""

    KEY = "draft_letter"
    language: str
    letter: str
    english: Optional[str]
    form: List[Dict[str, str]]
    form_title: Optional[str]


Card = Union[
    ReferralCard, CaseSummary, DeadlinesCard, ConversationDeleted, LetterCard, LetterErrorCard, DraftLetterCard
]


@dataclass(frozen=True, eq=False)  # equal as mappings: a reply equals the dict it reads as
class Reply(Mapping[str, Any]):
    """One message of the assistant, in `language`: text, options and at most one card."""

    text: Optional[str]
    language: str
    buttons: Tuple[Button, ...] = field(default_factory=tuple)
    card: Optional[Card] = None

    def _view(self) -> Dict[str, Any]:
        view: Dict[str, Any] = {"text": self.text} if self.text is not None else {}
        if self.buttons:
            view["buttons"] = [b.as_dict() for b in self.buttons]
        if self.card is not None:
            view["custom"] = {self.card.KEY: self.card.as_dict()}
        view["language"] = self.language
        return view

    def __getitem__(self, key: str) -> Any:
        return self._view()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())

    def with_card(self, card: Card) -> "Reply":
        return Reply(self.text, self.language, self.buttons, card)


def language_of(message: Mapping[str, Any]) -> Optional[str]:
    """The language a message says it is in: its own, or its referral card's."""
    if message.get("language"):
        return message["language"]
    custom = message.get("custom")
    card = custom.get(ReferralCard.KEY) if isinstance(custom, Mapping) else None
    return card.get("language") if isinstance(card, Mapping) else None
