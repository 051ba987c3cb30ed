"""Four fixes to Rasa 3.6's server (its lock store, its checks of action results, its calls to
the action server and its model loading), applied by
`apply()`. Importing this module changes nothing; the one call is in channels/__init__.py, the
package every Rasa server of the project loads at start-up (credentials.yml names its channels).

1. Speed: `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the fixed
   response schema against its meta-schema on every custom action call; py-spy showed about half
   of the Rasa server's CPU there. Validate with one validator built once: same checks, same errors.

2. Lock starvation with several servers (found by tests/scale): a request waiting for a conversation
   lock holds a ticket with the same lifetime as the ticket ahead of it. When a server dies holding
   that ticket, both expire about together; the waiting request then finds its own ticket gone and
   `now_serving` never equals it, so it waits until the turn times out. Here a waiter whose ticket
   expired with nobody unexpired ahead of it takes its turn with a fresh ticket.

3. Speed: `EndpointConfig.request` opens a new HTTP session, and so a new connection, for every
   call to the action server (up to three a turn); py-spy put a tenth of the Rasa server's CPU
   there. One session per event loop and endpoint keeps its connections alive instead, closed
   after 2 s idle, before the action server's 5 s (Sanic's keep-alive), so a connection the
   server has just closed is seldom reused; when one is, the call is made once more on a new one.

4. Speed: loading DIET for inference (`RasaModel.load`) trains it on one example to create its
   weights, which traces Keras' whole training step: about half the CPU of every model load (a
   Rasa server's start, each suite of `make test`). Here the saved weights are read first and each
   weight takes its saved value as the one prediction Rasa runs anyway creates it. The same
   predictions, to the last digit (tests/e2e/test_model_loading.py); if any weight the prediction
   made was not in the file, Rasa's own load runs instead. Fine-tuning keeps Rasa's load.
"""

import asyncio
import time
from functools import lru_cache
from typing import Any, Dict, Optional, Text

import aiohttp

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockStore
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig
from rasa.utils.tensorflow.models import RasaModel

_original_validate = RemoteAction._validate_action_result
_original_request = EndpointConfig.request
KEEP_ALIVE_S = 2  # under Sanic's KEEP_ALIVE_TIMEOUT (5 s) on the action server


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _validator().validate(result)
    except ValidationError:
        return _original_validate(self, result)  # re-raise with Rasa's own message
    return True


def _first_unexpired_ahead(lock: TicketLock, ticket: int) -> bool:
    return any(t.number < ticket and not t.has_expired() for t in lock.tickets)


async def _acquire_lock(self: LockStore, conversation_id: Text, ticket: int, wait_time_in_seconds: float) -> TicketLock:
    while True:
        lock = self.get_lock(conversation_id) or TicketLock(conversation_id)
        lock.remove_expired_tickets()
        if not any(t.number == ticket for t in lock.tickets) and not _first_unexpired_ahead(lock, ticket):
            # Our ticket expired while we waited behind one that expired too: our turn now.
            lock.tickets.appendleft(Ticket(ticket, time.time() + LOCK_LIFETIME))
            self.save_lock(lock)
        if not lock.is_locked(ticket):
            return lock
        await asyncio.sleep(wait_time_in_seconds)


class _Kept:
    """`async with endpoint.session()` on a session that stays open for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: Any) -> None:
        return None


_sessions: Dict[tuple, aiohttp.ClientSession] = {}


def _session(self: EndpointConfig) -> _Kept:
    loop = asyncio.get_running_loop()
    key = (id(loop), self.url, repr(sorted(self.headers.items())), repr(sorted(self.basic_auth.items())))
    session: Optional[aiohttp.ClientSession] = _sessions.get(key)
    if session is None or session.closed or session.loop is not loop:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_S),
        )
        _sessions[key] = session
    return _Kept(session)


async def _request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    try:
        return await _original_request(self, *args, **kwargs)
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
        # A kept connection the server had closed as the call went out: once more, on a new one.
        return await _original_request(self, *args, **kwargs)


_original_load = RasaModel.load.__func__


def _load(
    cls: Any,
    model_file_name: Text,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> Any:
    if finetune_mode or predict_data_example is None:
        return _original_load(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY

    config = kwargs.get("config", {})
    model = cls(*args, **kwargs)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=config.get(RUN_EAGERLY)
    )
    status = model.load_weights(model_file_name)  # restored into each weight as it is created
    model.run_inference(predict_data_example)  # creates the weights (and traces the prediction, as Rasa does)
    try:
        status.assert_existing_objects_matched()  # every weight made has its saved value
    except AssertionError:
        return _original_load(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )
    status.expect_partial()  # the optimizer's saved state serves training only
    return model


def apply() -> None:
    """Patch Rasa's classes in this process (again is harmless: the same functions are set)."""
    RemoteAction._validate_action_result = _validate_action_result
    LockStore._acquire_lock = _acquire_lock
    EndpointConfig.session = _session
    EndpointConfig.request = _request
    RasaModel.load = classmethod(_load)
