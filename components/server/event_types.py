"""Rasa's lookup of an event class by its type name, without walking the class tree each time.

`Event.resolve_by_type` walks every subclass of `Event` (and asks `inspect.isabstract` about
each) for every event it reads back: every event of a conversation, on every message, from
the tracker store and from each action server reply. In `make bench` that walk was a tenth of
the Rasa server's busy time. `install()` keeps a table from type name to class, built once
from the same walk (same first match, same errors) and rebuilt when a name is not in it, so a
subclass imported later is still found.

Installed in the Rasa server by `components/server/nlg.py` (always loaded through endpoints.yml).
"""

from __future__ import annotations

from typing import Dict, Type

_installed = False
_table: Dict[str, type] = {}


def _build() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    table: Dict[str, type] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    _table.clear()
    _table.update(table)


def resolve_by_type(type_name: str, default: Type | None = None) -> Type | None:
    """`Event.resolve_by_type` with the table (see the module docstring)."""
    found = _table.get(type_name)
    if found is None:
        _build()
        found = _table.get(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # Rasa's backwards compatibility with old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    """Replace `Event.resolve_by_type` (once per process)."""
    global _installed
    if _installed:
        return
    from rasa.shared.core.events import Event

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
    _installed = True
