"""The assistant inside this process, for the evaluation (tools/evaluate.py): one Rasa Agent with
the project's tracker store, its custom actions run by the action server's own executor without
HTTP, and each message handled by the REST channel's own code (channels/resilient_rest.py).

Why: the evaluation scores what the bot understands and where it sends people, not the HTTP path
(tests/e2e covers that, with the real servers). `make quality` used to load the model five times
(two `rasa test nlu` runs, two agents for the entity scores, a Rasa server) and start an action
server; now it loads it once, and a turn costs no JSON over HTTP twice.

What stays the same as a served bot: the model, the policies, the SQL tracker store with its
redaction (each turn reads the conversation back from it, as the server does), the action code and
the JSON it exchanges with Rasa, the channel's fallback reply and the replies' JSON.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
import threading
from pathlib import Path
from typing import Any, Coroutine, Dict, List, Optional, TypeVar

from tools.servers import MODEL

T = TypeVar("T")


def _action_endpoint() -> Any:
    """An action endpoint that runs the actions here: what `rasa run actions` would do with the
    request, with the same JSON in and out and the same errors (400 rejected, 404 unknown)."""
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig
    from rasa_sdk.executor import ActionExecutor
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

    executor = ActionExecutor()
    executor.register_package("actions")

    class LocalActions(EndpointConfig):
        async def request(self, method: str = "post", subpath: Optional[str] = None, **kwargs: Any) -> Any:
            call = json.loads(json.dumps(kwargs["json"]))  # what the action server would receive
            try:
                result = await executor.run(call)
            except ActionExecutionRejection as e:
                body = json.dumps({"error": e.message, "action_name": e.action_name})
                raise ClientResponseError(400, "Bad Request", body) from e
            except ActionNotFoundException as e:
                raise ClientResponseError(404, "Not Found", json.dumps({"error": e.message})) from e
            return json.loads(json.dumps(result))

    return LocalActions(url="local://actions")


class LocalBot:
    """`with LocalBot() as bot:` loads the model; `bot.say(sender, text)` returns the replies as the
    REST channel's JSON. Thread-safe: the agent runs on its own event loop in a background thread,
    so a thread pool can hold several conversations at once, as HTTP clients would."""

    def __init__(self, model: Path = MODEL) -> None:
        self.model = model
        self.dir = tempfile.TemporaryDirectory()
        self.tracker_db = Path(self.dir.name) / "conversations.db"
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="local-bot", daemon=True)
        self.agent: Any = None
        self.channel: Any = None

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the agent's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def _load(self) -> None:
        from rasa.core.agent import load_agent
        from rasa.core.utils import AvailableEndpoints
        from rasa.utils.endpoints import EndpointConfig
        from rasa.utils.log_utils import configure_structlog

        from channels.resilient_rest import ResilientRestInput

        logging.getLogger("rasa").setLevel(logging.WARNING)
        # The action server's own warnings ("Skipping validation for ...") went to its log file.
        logging.getLogger("rasa_sdk").setLevel(logging.ERROR)
        configure_structlog(logging.WARNING)  # the debug log would print every message
        store = EndpointConfig(type="storage.tracker_store.PrivateSQLTrackerStore", db=str(self.tracker_db))
        endpoints = AvailableEndpoints(action=_action_endpoint(), tracker_store=store)
        self.agent = await load_agent(model_path=str(self.model), endpoints=endpoints)
        self.channel = ResilientRestInput()

    async def _say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        from channels.resilient_rest import MAX_MESSAGE_CHARS

        text = text[:MAX_MESSAGE_CHARS]  # as the channel cuts a long paste
        collector = CollectingOutputChannel()
        message = UserMessage(text, collector, sender, input_channel=self.channel.name())
        await self.channel._answer(message, self.agent.handle_message)
        return json.loads(json.dumps(collector.messages))  # as an HTTP client would read them

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        return self.run(self._say(sender, text))

    def __enter__(self) -> "LocalBot":
        self.thread.start()
        try:
            self.run(self._load())
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()
        self.dir.cleanup()

    def __exit__(self, *exc: Any) -> None:
        self.close()
