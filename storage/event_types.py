"""Rasa finds an event's class from its name by walking every subclass of `Event` (with an
`inspect.isabstract` check each) for every event it reads: a stored conversation, an action's
reply. Here a name, once found, is remembered. Imported by storage/tracker_store.py, which every
Rasa server of this project loads.
"""

from typing import Dict, Optional, Text, Type

from rasa.shared.core.events import Event

_original = Event.resolve_by_type
_found: Dict[Text, Type[Event]] = {}


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Rasa's `Event.resolve_by_type`, remembered: an unknown name still raises or gives `default`
    (and is looked up again next time, as a class defined later may answer to it)."""
    found = _found.get(type_name)
    if found is None:
        found = _original(type_name, default)
        if found is not None and found is not default:
            _found[type_name] = found
    return found


Event.resolve_by_type = staticmethod(resolve_by_type)
