"""Event classes found by name once (storage/event_types.py) are the ones Rasa's lookup finds."""

import pytest
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from storage import event_types


def test_every_event_name_gives_rasas_class():
    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is event_types._original(cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is event_types._original(cls.type_name)  # from memory


def test_unknown_names_still_fail_or_give_the_default():
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    assert "no_such_event" not in event_types._found


def test_stored_events_read_back_the_same():
    event = UserUttered("hi", {"name": "greet", "confidence": 0.9}, timestamp=1.0)
    assert Event.from_parameters(event.as_dict()) == event
