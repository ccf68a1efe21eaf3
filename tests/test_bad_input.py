"""Bad input gets a clear, translated reply (or is recorded), never a traceback."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import callbacks
from bot.i18n import translator
from db.models import Invite, Person, Role
from db.session import session_factory
from handlers.faq import too_short_text
from tests.support.factories import make_council, make_invite


async def joined(
    chat: Any,
    engine: Any,
    clock: Any,
    role: Role,
    council_id: int | None = None,
    language: str = "en",
) -> int:
    council_id = council_id or await make_council(engine, clock.now)
    await chat.send(f"/start {await make_invite(engine, council_id, clock.now, role)}")
    await chat.press(callbacks.encode("lang", language, council_id))
    return council_id


async def person_row(engine: Any, user_id: int) -> Person:
    async with session_factory(engine)() as session:
        person = (
            await session.execute(select(Person).where(Person.telegram_user_id == user_id))
        ).scalar_one()
        return person


@pytest.mark.parametrize(
    ("make_code", "expected"),
    [
        ("unknown", "This invite link is not valid."),
        ("expired", "This invite link has expired."),
        ("used", "This invite link has already been used."),
        ("revoked", "This invite link was withdrawn"),
    ],
)
async def test_unusable_codes_are_explained(
    make_code: str, expected: str, app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    council_id = await make_council(engine, clock.now)
    code = await make_invite(engine, council_id, clock.now)
    if make_code == "unknown":
        code = "doesNotExist1"
    elif make_code == "expired":
        clock.advance(days=15)
    elif make_code == "used":
        await chat_for("First").send(f"/start {code}")
    elif make_code == "revoked":
        async with session_factory(engine)() as session, session.begin():
            invite = (await session.execute(select(Invite))).scalars().first()
            invite.revoked_at = clock.now
    chat = chat_for("Second")
    await chat.send(f"/start {code}")
    assert chat.last_text().startswith(expected)
    await chat.send("/members")
    assert "You are not in a council yet" in chat.last_text()


async def test_codes_are_one_time_and_a_second_start_joins_another_council(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    chat = chat_for("Amina")
    first = await joined(chat, engine, clock, Role.MEMBER)
    other = await make_council(engine, clock.now, "Integrationsrådet i Vejle")
    await chat.send(f"/start {await make_invite(engine, other, clock.now, Role.SUBSTITUTE)}")
    assert "Integrationsrådet i Vejle" in chat.last_text()
    await chat.press(callbacks.encode("lang", "en", other))
    await chat.send("/help")
    assert "substitute (suppleant) in Integrationsrådet i Vejle" in chat.last_text()
    # the same person opening their old council's link again is told they are in already
    code = await make_invite(engine, first, clock.now, Role.MEMBER)
    await chat.send(f"/start {code}")
    assert "You are already in" in chat.last_text()


async def test_malformed_and_overlong_codes(app: Any, chat_for: Any) -> None:
    chat = chat_for("Somebody")
    for code in ("x", "a" * 300, "'; DROP TABLE people;--", "ü" * 20):
        await chat.send(f"/start {code}")
        assert chat.last_text().startswith("This invite link is not valid.")


async def test_unknown_command_and_stray_text_are_answered(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    outsider = chat_for("Outsider", language_code="tr")
    await outsider.send("/frobnicate now")
    t = translator("tr")
    assert outsider.last_text() == t.fmt(
        "I don't know the command {command}. Send /help to see what you can do.",
        command="/frobnicate",
    )
    await outsider.send("hello?")
    too_short = too_short_text(t)
    assert outsider.last_text() == too_short
    member = chat_for("Member")
    await joined(member, engine, clock, Role.MEMBER)
    await member.send("Danish")  # text where a language button was expected
    assert member.last_text() == too_short_text(translator("en"))
    await member.send("x" * 4096)
    assert member.last_text() == too_short_text(translator("en"))
    sticker = member.user.message("")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await member.raw(sticker)
    assert member.last_text().startswith("I can only read text.")


async def test_forged_and_stale_buttons(app: Any, engine: Any, clock: Any, chat_for: Any) -> None:
    chat = chat_for("Member")
    council_id = await joined(chat, engine, clock, Role.MEMBER)
    other = await make_council(engine, clock.now, "Someone else's council")
    for data in (
        "lang:1:xx:0",  # unsupported language
        f"lang:1:da:{other}",  # a council this person is not in
        f"cnl:1:{other}:-",  # switch to someone else's council
        f"cnl:1:{council_id}:rm-rf",  # unknown follow-up
        "inv:1:member",  # members may not invite
        "rvk:1:1:yes",  # nor revoke
        "lang:9:da:0",  # a future version
        "garbage",
        "",
    ):
        calls = await chat.press(data)
        assert calls, f"press {data!r} got no answer"
        assert calls[0].method == "answerCallbackQuery", data
        assert calls[0].params.get("show_alert") is True, data
    assert all(chat.popups()[-9:]), "every refusal says why"


async def test_members_cannot_use_secretary_commands(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    chat = chat_for("Member")
    await joined(chat, engine, clock, Role.MEMBER)
    await chat.send("/invite member Someone")
    assert chat.last_text() == "Only the council's secretary can do this."
    await chat.send("/invites")
    assert chat.last_text() == "Only the council's secretary can do this."
    await chat.send("/members")
    assert chat.last_text().startswith("Only the council's chair or secretary")


async def test_secretary_invite_with_bad_role_or_overlong_name(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    chat = chat_for("Sekretær")
    await joined(chat, engine, clock, Role.SECRETARY)
    await chat.send("/invite president Bob")
    assert "for example: /invite member Amina Hassan" in chat.last_text()
    await chat.send("/invite member " + "Long" * 40)
    assert chat.last_text() == "That name is too long. Please shorten it."
    await chat.send("/invite member <b>Amina</b> & Co")
    text = chat.last_text()
    assert "&lt;b&gt;Amina&lt;/b&gt; &amp; Co" in text, "names are escaped in HTML"
    assert "https://t.me/councilbot_demo_bot?start=" in text


async def test_users_without_username_or_last_name_and_long_names(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    bare = chat_for("", language_code=None, user_id=4_900_001)
    council_id = await joined(bare, engine, clock, Role.MEMBER)
    long_name = chat_for("N" * 64, last_name="M" * 64, username="long_one")
    await joined(long_name, engine, clock, Role.CHAIR, council_id)
    await long_name.send("/members")
    roster = long_name.last_text()
    assert "#4900001" in roster, "a user with no name at all is still listed"
    assert "N" * 64 in roster and "…" in roster, "overlong names are shortened"


async def test_blocking_the_bot_is_recorded_and_shown(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    secretary = chat_for("Sekretær")
    council_id = await joined(secretary, engine, clock, Role.SECRETARY)
    member = chat_for("Hodan", last_name="Warsame")
    await joined(member, engine, clock, Role.MEMBER, council_id)
    await member.raw(member.user.blocks_bot())
    assert (await person_row(engine, member.user.user_id)).blocked_at is not None
    await secretary.send("/members")
    assert "Hodan Warsame ⚠ blocked the bot" in secretary.last_text()
    await member.raw(member.user.unblocks_bot())
    assert (await person_row(engine, member.user.user_id)).blocked_at is None


async def test_a_403_on_reply_marks_the_person_unreachable(
    app: Any, api: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    secretary = chat_for("Sekretær")
    council_id = await joined(secretary, engine, clock, Role.SECRETARY)
    member = chat_for("Farhan", last_name="Ali")
    await joined(member, engine, clock, Role.MEMBER, council_id)
    api.fail_next(
        "sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=member.user.user_id
    )
    calls = await member.send("/help")
    assert [c.method for c in calls] == ["sendMessage"], "no apology to a chat that blocked us"
    assert (await person_row(engine, member.user.user_id)).blocked_at is not None
    await secretary.send("/members")
    assert "Farhan Ali ⚠ blocked the bot" in secretary.last_text()


async def test_start_in_a_group_asks_for_a_private_chat(app: Any, chat_for: Any) -> None:
    chat = chat_for("Grouped")
    payload = chat.user.message("/start")
    payload["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Rådet"}
    calls = await chat.raw(payload)
    assert [c.text for c in calls if c.method == "sendMessage"] == [
        "Please write to me in a private chat."
    ]


async def test_an_error_gets_a_translated_apology(
    app: Any, api: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    chat = chat_for("Amina", language_code="ar")
    await joined(chat, engine, clock, Role.MEMBER, language="ar")
    api.fail_next("sendMessage", 400, "Bad Request: something unexpected")
    calls = await chat.send("/help")
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 2
    assert (
        translator("ar").gettext(
            "Sorry, something went wrong on my side. Please try again in a moment."
        )
        in sent[-1].text
    )


async def test_expiry_is_checked_against_the_injected_clock(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    council_id = await make_council(engine, clock.now)
    code = await make_invite(engine, council_id, clock.now, ttl=timedelta(hours=1))
    clock.advance(minutes=59)
    chat = chat_for("Just in time")
    await chat.send(f"/start {code}")
    assert chat.buttons(), "the language question is asked"
