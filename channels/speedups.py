"""Make Rasa 3.6 stop re-checking a fixed JSON schema on every custom action call.

`RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the schema itself
against its meta-schema before validating the response: profiling (py-spy) showed about half of the
Rasa server's CPU there. This validates each response with one validator built once: the same
checks and the same errors, without the repeated meta-schema check. Loaded by channels/__init__.py
because every channel the server runs lives in this package.
"""
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_original = RemoteAction._validate_action_result


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
        return _original(self, result)  # re-raise with Rasa's own message
    return True


RemoteAction._validate_action_result = _validate_action_result
