"""A tiny REST-channel client (end-to-end tests, evaluation, benchmark)."""

import itertools
from typing import Any, Callable, Dict, List, Optional, Union

import requests

_ids = itertools.count()


# A webhook URL, or a function (sender, text) -> replies: the bot in this process (tools/local_bot.py).
Webhook = Union[str, Callable[[str, str], List[Dict[str, Any]]]]


class Chat:
    def __init__(self, webhook: Webhook, sender: Optional[str] = None) -> None:
        self.webhook = webhook
        self.sender = sender or f"e2e-{next(_ids)}"
        self.replies: List[List[Dict[str, Any]]] = []

    def say(self, message: str) -> List[Dict[str, Any]]:
        if callable(self.webhook):
            self.replies.append(self.webhook(self.sender, message))
            return self.replies[-1]
        response = requests.post(self.webhook, json={"sender": self.sender, "message": message}, timeout=60)
        response.raise_for_status()
        self.replies.append(response.json())
        return self.replies[-1]

    def text(self, turn: int = -1) -> str:
        return "\n".join(m.get("text", "") for m in self.replies[turn] if m.get("text"))

    def buttons(self, turn: int = -1) -> List[Dict[str, str]]:
        return [b for m in self.replies[turn] for b in m.get("buttons", [])]

    def card(self, turn: int = -1) -> Optional[Dict[str, Any]]:
        cards = [
            m["custom"]["referral"]
            for m in self.replies[turn]
            if isinstance(m.get("custom"), dict) and "referral" in m["custom"]
        ]
        return cards[-1] if cards else None

    def click(self, title_part: str) -> List[Dict[str, Any]]:
        """Press the button of the last reply whose title contains `title_part`."""
        for button in self.buttons():
            if title_part.lower() in button["title"].lower():
                return self.say(button["payload"])
        raise AssertionError(f"no button like {title_part!r} in {[b['title'] for b in self.buttons()]}")
