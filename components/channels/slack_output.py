"""Sending to Slack: texts, Block Kit buttons and letter files (`components.channels.slack`).

Texts are sent whole (Rasa's Slack output sends one message per paragraph), split below
Slack's limits, with `&`, `<` and `>` escaped so a text cannot mention `@channel` or fake a
link; buttons are Block Kit buttons (up to 25); a letter's download links become file uploads
rendered in this process, never the links' text.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.core.channels.slack import SlackBot
from slack_sdk.web.async_client import AsyncWebClient

from components.channels.base import notice, split_message
from components.channels.files import render_link

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
MAX_BLOCK_TEXT = 3000  # a section block's text
MAX_BUTTONS = 25  # elements of one actions block
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000


def escape(text: str) -> str:
    """Slack's three control characters, escaped as its API asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")



class SlackOutput(SlackBot):
    """Posts bot messages to one Slack channel (and thread)."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        api_url: str | None = None,
        download_key: bytes | None = None,
        language: str | None = None,
        app: Any = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id)
        base_url = (api_url or DEFAULT_API_URL).rstrip("/") + "/"
        self.client = AsyncWebClient(token=token, base_url=base_url)
        self.download_key = download_key
        self.language = language
        self.app = app  # the Rasa server's app, for the conversation's language

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        message = dict(message)
        custom = message.pop("custom", None)
        if isinstance(custom, dict) and custom.get("type") == "letter_downloads":
            await self.send_letter_files(recipient_id, custom)  # never the links' text
            return
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        recipient = self.slack_channel or recipient_id
        for part in split_message(text, MAX_BLOCK_TEXT):
            await self._post_message(recipient, text=escape(part), mrkdwn=False)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        recipient = self.slack_channel or recipient_id
        parts = split_message(text or "", MAX_BLOCK_TEXT) or ["…"]
        for part in parts[:-1]:
            await self._post_message(recipient, text=escape(part), mrkdwn=False)
        await self._post_message(
            recipient, text=escape(parts[-1]), blocks=self.blocks(parts[-1], buttons)
        )

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    @staticmethod
    def blocks(text: str, buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """A section with the text, then the buttons in actions blocks of at most 25."""
        elements = [
            {
                "type": "button",
                "action_id": f"rasa_button_{i}",
                "text": {
                    "type": "plain_text",
                    "text": str(b.get("title") or b.get("payload") or "?")[:MAX_BUTTON_TEXT],
                    "emoji": True,
                },
                "value": str(b.get("payload") or b.get("title") or "")[:MAX_BUTTON_VALUE],
            }
            for i, b in enumerate(buttons)
        ]
        blocks: List[Dict[str, Any]] = [
            {"type": "section", "text": {"type": "plain_text", "text": text, "emoji": True}}
        ]
        for start in range(0, len(elements), MAX_BUTTONS):
            blocks.append({"type": "actions", "elements": elements[start:start + MAX_BUTTONS]})
        return blocks

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        # A "letter" was sent as its text; stock Rasa would post any dict as API arguments.
        logger.debug("Custom payload of type %r not sent to Slack.", json_message.get("type"))

    async def send_letter_files(self, recipient_id: str, custom: Dict[str, Any]) -> None:
        """The letter's files uploaded into the conversation, rendered in this process."""
        recipient = self.slack_channel or recipient_id
        uploads: List[Dict[str, Any]] = []
        failed = False
        for link in custom.get("links") or []:
            if not isinstance(link, dict):
                continue
            made = await render_link(link.get("url", ""), self.download_key)
            if made is None:
                failed = True
                continue
            content, filename = made
            uploads.append({
                "content": content,
                "filename": filename,
                "title": str(link.get("label") or filename),
            })
        if uploads:
            await self.client.files_upload_v2(
                file_uploads=uploads,
                channel=recipient,
                thread_ts=self.thread_id,
                initial_comment=escape(str(custom.get("title") or "")) or None,
            )
        if failed:
            said = await notice(self.app, "utter_notice_file_failed", None, self.language)
            await self.send_text_message(recipient, said)
