"""Onboarding through the real application: invite → /start → language → welcome → /help."""

from __future__ import annotations

from typing import Any

import pytest

from bot import callbacks
from bot.i18n import NATIVE_NAMES, RLM, SUPPORTED_LANGUAGES, translator
from db.models import Role
from handlers.texts import PRIVACY_NOTICE, WELCOMES
from tests.support.factories import make_council, make_invite


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
async def test_whole_onboarding_in_each_language(
    language: str, app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    council_id = await make_council(engine, clock.now)
    code = await make_invite(engine, council_id, clock.now, Role.MEMBER)
    chat = chat_for("Amina", language_code=language)
    t = translator(language)

    await chat.send(f"/start {code}")
    buttons = chat.buttons()
    assert [b["callback_data"] for b in buttons] == [
        callbacks.encode("lang", lang, council_id) for lang in SUPPORTED_LANGUAGES
    ]
    ticked = [b["text"] for b in buttons if b["text"].startswith("✓")]
    assert ticked == [f"✓ {NATIVE_NAMES[language]}"], "Telegram's language is pre-selected"

    await chat.press(callbacks.encode("lang", language, council_id))
    welcome = chat.last_text()
    expected = t.gettext(WELCOMES[Role.MEMBER]).format(
        council=t.value("Integrationsrådet i Aarhus")
    )
    assert expected in welcome
    assert t.gettext(PRIVACY_NOTICE) in welcome
    if t.rtl:
        assert welcome.startswith(RLM) or welcome[0] not in "abcdefghijklmnopqrstuvwxyz"
        assert "\u2068Integrationsrådet i Aarhus\u2069" in welcome
    if language != "en":
        assert t.gettext(PRIVACY_NOTICE) != PRIVACY_NOTICE, f"{language} is not translated"

    await chat.send("/help")
    help_text = chat.last_text()
    assert t.gettext("change the language") in help_text
    assert "/language" in help_text
    assert "/invite" not in help_text, "members are not offered secretary commands"


async def test_language_button_is_answered_and_changes_the_language(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    council_id = await make_council(engine, clock.now)
    code = await make_invite(engine, council_id, clock.now)
    chat = chat_for("Oleksandr", language_code="en")
    await chat.send(f"/start {code}")
    calls = await chat.press(callbacks.encode("lang", "uk", council_id))
    assert calls[0].method == "answerCallbackQuery", "a button press is answered first"
    await chat.send("/help")
    assert translator("uk").gettext("What you can do:") in chat.last_text()

    await chat.send("/language")
    await chat.press(callbacks.encode("lang", "tr", 0))
    await chat.send("/help")
    assert translator("tr").gettext("What you can do:") in chat.last_text()


async def test_person_in_two_councils_chooses_the_council(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    aarhus = await make_council(engine, clock.now, "Integrationsrådet i Aarhus")
    odense = await make_council(engine, clock.now, "Integrationsrådet i Odense")
    chat = chat_for("Mette", language_code="da")
    await chat.send(f"/start {await make_invite(engine, aarhus, clock.now, Role.SECRETARY)}")
    await chat.press(callbacks.encode("lang", "da", aarhus))
    await chat.send(f"/start {await make_invite(engine, odense, clock.now, Role.CHAIR)}")
    await chat.press(callbacks.encode("lang", "da", odense))

    # The last council joined is the current one; /members works there as chair.
    await chat.send("/members")
    assert "Integrationsrådet i Odense" in chat.last_text()

    # /council switches, and a scoped command asks when no council is chosen.
    await chat.send("/council")
    labels = [b["text"] for b in chat.buttons()]
    assert labels == ["Integrationsrådet i Aarhus", "Integrationsrådet i Odense"]
    await chat.press(callbacks.encode("cnl", aarhus, "-"))
    await chat.send("/invite")
    assert chat.buttons()[0]["callback_data"] == callbacks.encode("inv", "member")

    await chat.send("/help")
    help_text = chat.last_text()
    assert "Integrationsrådet i Aarhus" in help_text
    assert "/council" in help_text


async def test_scoped_command_asks_which_council_then_runs(
    app: Any, engine: Any, clock: Any, chat_for: Any, settings: Any
) -> None:
    from bot.services import people
    from db import queries
    from db.session import session_factory, transaction

    aarhus = await make_council(engine, clock.now, "Aarhus")
    odense = await make_council(engine, clock.now, "Odense")
    chat = chat_for("Mette", language_code="en")
    await chat.send(f"/start {await make_invite(engine, aarhus, clock.now, Role.SECRETARY)}")
    await chat.send(f"/start {await make_invite(engine, odense, clock.now, Role.SECRETARY)}")
    async with transaction(session_factory(engine)) as session:  # forget the last choice
        person = await queries.person_by_telegram_id(session, chat.user.user_id)
        assert person is not None
        person.current_council_id = None
        assert (
            people.pick_membership(await queries.memberships_of(session, person.id), None) is None
        )

    await chat.send("/members")
    # No language chosen yet: the council's default (Danish) wins over Telegram's "en".
    danish = translator("da")
    assert chat.last_text() == danish.gettext(
        "You are in several councils. Which one is this about?"
    )
    await chat.press(callbacks.encode("cnl", odense, "members"))
    assert chat.texts()[-2] == danish.fmt("Now working in: {council}.", council="Odense")
    assert chat.last_text().startswith("<b>Odense</b>")
