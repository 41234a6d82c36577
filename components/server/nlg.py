"""Response generation in the conversation's language.

domain.yml holds each response once, in English; that English text is the gettext msgid.
This generator picks the response as Rasa's templated generator does, translates its text and
button titles into the `language` slot's language, then fills slot placeholders and the
dated legal facts of `bot/data/decisions.yml` (`bot.decisions.fact_values`). It runs
inside the Rasa server, so translation costs no extra network hop.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, Dict

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.decisions import fact_values
from bot.i18n import normalize_language, translate_response

LANGUAGE_SLOT = "language"


class TranslatingNLG(TemplatedNaturalLanguageGenerator):
    """Templated NLG whose texts go through the gettext catalogs (endpoints.yml `nlg.type`)."""

    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)

    def generate_from_slots(
        self,
        utter_action: str,
        filled_slots: Dict[str, Any],
        output_channel: str,
        **kwargs: Any,
    ) -> Dict[str, Any] | None:
        chosen = self._random_response_for(utter_action, output_channel, filled_slots)
        if chosen is None:
            return None
        language = normalize_language(filled_slots.get(LANGUAGE_SLOT))
        response = translate_response(copy.deepcopy(chosen), language)
        # Dated legal facts ({ap_2024_date} …) in the conversation's language; slots win.
        filled = self._fill_response(response, {**fact_values(language), **filled_slots},
                                     **kwargs)
        if filled is not None:
            # Passed to the channel with the message: the web widget relabels its own
            # buttons and notes in the conversation's language (components/channels/socketio).
            filled["language"] = language
        return filled


# The Rasa server always loads this module (endpoints.yml), so Rasa's calls to the action
# server get their failure message and cached response check here (components/action_failure)
# and kept-alive connections (components/action_client), events are read back without
# walking Rasa's class tree (components/event_types) and a form's unique entity mappings are
# worked out once (components/form_mappings).
from components.server.action_client import install as _install_action_client  # noqa: E402
from components.server.action_failure import install as _install_action_failure  # noqa: E402
from components.server.event_types import install as _install_event_types  # noqa: E402
from components.server.form_mappings import install as _install_form_mappings  # noqa: E402

_install_action_client()
_install_action_failure()
_install_event_types()
_install_form_mappings()
if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
    logging.getLogger(__name__).warning(
        "Debug logging is on: the Rasa server's log will contain people's messages, names and "
        "e-mail addresses. Use it only on test data, never in production."
    )
