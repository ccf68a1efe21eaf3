"""Drive the real application through `process_update` with real update JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.offline import ApiCall, FakeUser
from bot.runtime import CouncilApplication
from tests.support.botapi import SpecCheckedBotApi


@dataclass
class Chat:
    """One user's private chat with the bot, as the user would see it."""

    app: CouncilApplication
    api: SpecCheckedBotApi
    user: FakeUser

    async def send(self, text: str) -> list[ApiCall]:
        return await self._process(self.user.message(text))

    async def press(self, data: str, *, message_id: int | None = None) -> list[ApiCall]:
        if message_id is None:
            message_id = self.last_message_id_with(data)
        return await self._process(self.user.press(data, message_id=message_id))

    async def press_label(self, label: str) -> list[ApiCall]:
        """Press the newest button whose text contains `label`."""
        for call in reversed(self.api.sent(self.user.user_id)):
            for button in call.buttons:
                if label in button["text"]:
                    return await self.press(button["callback_data"])
        raise AssertionError(f"no button labelled {label!r}; buttons: {self.buttons()}")

    async def raw(self, payload: dict[str, Any]) -> list[ApiCall]:
        return await self._process(payload)

    async def _process(self, payload: dict[str, Any]) -> list[ApiCall]:
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json(payload, self.app.bot))
        return self.api.calls[before:]

    def texts(self) -> list[str]:
        return [call.text for call in self.api.sent(self.user.user_id)]

    def last_text(self) -> str:
        texts = self.texts()
        assert texts, "the bot sent nothing to this chat"
        return texts[-1]

    def buttons(self) -> list[dict[str, Any]]:
        for call in reversed(self.api.sent(self.user.user_id)):
            if call.buttons:
                return call.buttons
        return []

    def last_message_id_with(self, data: str) -> int:
        """The message id that carried a button with this data (1 if none: a forged press)."""
        for call in reversed(self.api.calls):
            if call.chat_id == self.user.user_id and any(
                b.get("callback_data") == data for b in call.buttons
            ):
                return call.message_id or 1
        return 1

    def popups(self) -> list[str]:
        return [
            str(call.params.get("text", ""))
            for call in self.api.calls
            if call.method == "answerCallbackQuery"
        ]
