"""Rasa's "which entity mappings fill one slot only" for a form, worked out once per domain.

Rasa 3.6's slot extraction (`action_extract_slots`) creates a new `FormAction` for every slot
it considers while a form is active, and each one rebuilds the set of unique `from_entity`
mappings from `domain.as_dict()`, a serialisation of the whole domain: 3 % of the Rasa
server's busy time in `make bench`'s profile. The answer depends only on the domain and the
form's name, and a loaded model's domain does not change, so `install()` keeps it per
(domain object, form name), computed by Rasa's own method (same answer, tested against it).

Installed in the Rasa server by `components/server/nlg.py` (always loaded through endpoints.yml).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Set, Tuple

_installed = False
_MAX_DOMAINS = 4  # a server loads one model at a time; a reload brings a new domain
# id(domain) -> (the domain itself, its answers by form name); the domain is kept so that
# its id cannot be reused by another object while the entry exists.
_cache: Dict[int, Tuple[Any, Dict[str, Set[str]]]] = {}


def cached(original: Callable[[Any, Any], Set[str]]) -> Callable[[Any, Any], Set[str]]:
    """`FormAction._create_unique_entity_mappings` remembered per domain and form."""

    def unique_entity_mappings(self: Any, domain: Any) -> Set[str]:
        entry = _cache.get(id(domain))
        if entry is None or entry[0] is not domain:
            if len(_cache) >= _MAX_DOMAINS:
                _cache.clear()
            entry = _cache[id(domain)] = (domain, {})
        answers = entry[1]
        if self.name() not in answers:
            answers[self.name()] = frozenset(original(self, domain))
        return set(answers[self.name()])

    return unique_entity_mappings


def install() -> None:
    """Patch `FormAction._create_unique_entity_mappings` (once per process)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.forms import FormAction

    FormAction._create_unique_entity_mappings = cached(  # type: ignore[method-assign]
        FormAction._create_unique_entity_mappings)
    _installed = True
