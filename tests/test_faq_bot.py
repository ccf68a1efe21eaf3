"""The FAQ through the real application: answers with sources, declines, the secretary handoff,
council entries, browsing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.faq.engine import Outcome, national_engine
from bot.i18n import translator
from db.models import AuditEntry, FaqEntry, FaqQuestion, Person, Role
from db.session import session_factory
from tests.test_bad_input import joined


async def member_beside_secretary(
    chat_for: Any, engine: Any, clock: Any, name: str, language: str | None = None
) -> tuple[Any, Any]:
    """A new council's secretary (English) and a member who joined it in `language`."""
    secretary = chat_for("Sekretær")
    council_id = await joined(secretary, engine, clock, Role.SECRETARY)
    member = chat_for(name, language_code=language) if language else chat_for(name)
    await joined(member, engine, clock, Role.MEMBER, council_id, language=language or "en")
    return secretary, member


async def test_member_question_is_answered_in_its_own_language_with_source(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    member = chat_for("Amina", language_code="ar")
    await joined(member, engine, clock, Role.MEMBER, language="ar")
    # The interface is Arabic, the question Danish: the answer follows the question.
    await member.send("Hvem er det egentlig der udnævner folk til integrationsrådet?")
    answer = member.last_text()
    assert "kommunalbestyrelsen" in answer
    assert "Kilde: Det Nationale Integrationsråd 2023" in answer
    assert member.buttons()[0]["callback_data"].startswith("fnh:1:")

    await member.send("ما هي مدة عمل المجلس؟")
    arabic = member.last_text()
    assert "الدورة الانتخابية" in arabic or "الانتخاب" in arabic
    assert translator("ar").fmt("Source: {source}", source="").split("⁨")[0].strip() in arabic


async def test_off_topic_is_declined_and_forwarded_to_the_secretary(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    secretary = chat_for("Sekretær", language_code="da")
    council_id = await joined(secretary, engine, clock, Role.SECRETARY, language="da")
    member = chat_for("Oleksandr", last_name="Kovalenko", language_code="uk")
    await joined(member, engine, clock, Role.MEMBER, council_id, language="uk")

    await member.send("Чи може рада оплатити перекладача на засіданнях?")
    uk = translator("uk")
    assert uk.gettext("I don't know the answer to that, and I would rather not guess.") in (
        member.last_text()
    )
    forward = next(b for b in member.buttons() if b["callback_data"].endswith(":yes"))
    await member.press(forward["callback_data"])
    assert member.last_text() == uk.gettext(
        "Sent to the secretary. Their answer will come here in this chat."
    )

    notice = secretary.last_text()
    assert "Oleksandr Kovalenko" in notice and "перекладача" in notice
    answer_button = secretary.buttons()[0]
    assert answer_button["callback_data"].startswith("fan:1:")
    await secretary.press(answer_button["callback_data"])
    await secretary.send("Ja, kommunen betaler en tolk. Sig det til mig en uge før mødet.")

    delivered = member.last_text()
    assert "Ja, kommunen betaler en tolk" in delivered
    assert delivered.startswith(
        uk.gettext("The council's secretary answered your question {question}:").split("{")[0]
    )
    save = next(b for b in secretary.buttons() if b["callback_data"].endswith(":yes"))
    await secretary.press(save["callback_data"])
    assert "#1" in secretary.last_text()

    # The next member who asks something similar gets the council's own answer.
    other = chat_for("Zeynep", language_code="uk")
    await joined(other, engine, clock, Role.MEMBER, council_id, language="uk")
    await other.send("рада оплачує перекладача на засідання?")
    reply = other.last_text()
    assert "Ja, kommunen betaler en tolk" in reply
    assert (
        uk.fmt("Source: {council}, the council's own FAQ", council="Integrationsrådet i Aarhus")
        in reply
    )

    async with session_factory(engine)() as session:
        statuses = [q.status for q in (await session.execute(select(FaqQuestion))).scalars()]
        actions = [a.action for a in (await session.execute(select(AuditEntry))).scalars()]
    assert statuses[:1] == ["replied"] and statuses[-1] == "answered"
    assert "faq.reply" in actions and "faq.add" in actions


async def test_didnt_help_offers_the_secretary(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    _, member = await member_beside_secretary(chat_for, engine, clock, "Farhan", "en")
    await member.send("who appoints the members of the integration council?")
    await member.press(member.buttons()[0]["callback_data"])
    text = member.last_text()
    assert text.startswith("Sorry that my answer did not help.")
    assert "Shall I send your question to the council's secretary?" in text
    await member.press(
        next(b for b in member.buttons() if b["callback_data"].endswith(":no"))["callback_data"]
    )
    assert member.last_text().startswith("All right.")


async def test_not_sure_offers_likely_answers_to_pick_beside_the_secretary(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    _, member = await member_beside_secretary(chat_for, engine, clock, "Rania", "ar")
    question = "هل يجب أن نكتب شيئا للبلدية؟"  # "should we write something to the municipality?"
    expected = national_engine().ask(question, hint="ar")
    assert expected.outcome is Outcome.NOT_CONFIDENT and expected.suggestions

    await member.send(question)
    ar = translator("ar")
    text = member.last_text()
    assert ar.gettext("I don't know the answer to that, and I would rather not guess.") in text
    assert ar.gettext("One of these answers may help. Tap one to read it.") in text
    buttons = member.buttons()
    offered = [b for b in buttons if b["callback_data"].startswith("fqs:")]
    assert [b["callback_data"] for b in offered] == [
        f"fqs:1:{entry.id}:ar" for entry in expected.suggestions
    ]
    first = expected.suggestions[0].texts["ar"]
    label = first.questions[0]
    assert offered[0]["text"] == (label if len(label) <= 60 else label[:59] + "…")
    assert any(b["callback_data"].endswith(":yes") for b in buttons)  # the secretary, too

    calls = await member.press(offered[0]["callback_data"])
    assert calls[0].method == "answerCallbackQuery" and not calls[0].params.get("show_alert")
    shown = member.last_text()
    assert first.answer[:40] in shown
    assert ar.fmt("Source: {source}", source="").split("⁨")[0].strip() in shown


async def test_didnt_help_offers_the_next_likeliest_answers(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    _, member = await member_beside_secretary(chat_for, engine, clock, "Farhan", "en")
    question = "we feel tired, what do other councils do"
    expected = national_engine().ask(question, hint="en")
    assert expected.answered and expected.entry is not None and expected.suggestions

    await member.send(question)
    await member.press(member.buttons()[0]["callback_data"])  # "This didn't help"
    offered = [
        b["callback_data"] for b in member.buttons() if b["callback_data"].startswith("fqs:")
    ]
    assert offered == [f"fqs:1:{entry.id}:en" for entry in expected.suggestions]
    assert f"fqs:1:{expected.entry.id}:en" not in offered


async def test_forged_faq_buttons_and_someone_elses_question(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    _, member = await member_beside_secretary(chat_for, engine, clock, "Member")
    await member.send("is there a dress code for council members at meetings")
    forward = next(b for b in member.buttons() if b["callback_data"].endswith(":yes"))
    intruder = chat_for("Intruder")
    await joined(intruder, engine, clock, Role.MEMBER)  # another council
    for data in (
        forward["callback_data"],
        "fan:1:1:go",
        "fsv:1:1:yes",
        "fqd:1:1:yes",
        "fqe:1:no-such-entry",
        "fqs:1:no-such-entry:en",
        "fqs:1:roles-chair:xx",
        "fqs:1:roles-chair",
        "fqt:1:weather",
        "fnh:1:99999",
    ):
        calls = await intruder.press(data)
        assert calls[0].method == "answerCallbackQuery" and calls[0].params.get("show_alert")
    # a member cannot answer a forwarded question even when it reaches them somehow
    await member.press(forward["callback_data"])
    calls = await member.press("fan:1:1:go")
    assert calls[0].params.get("show_alert") is True


async def test_unsupported_language_and_too_short(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    member = chat_for("Hans", language_code="de")
    await joined(member, engine, clock, Role.MEMBER, language="da")
    await member.send("Wie lange dauert die Amtszeit des Integrationsrats eigentlich?")
    assert member.last_text().startswith("Sorry, I can only answer in these languages:")
    assert "Soomaali" in member.last_text()
    for text in ("??", "🙂🙂🙂", "ok"):
        await member.send(text)
        assert translator("da").gettext("Send /help").split()[0] in member.last_text()


async def test_secretary_manages_council_entries(
    app: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    secretary = chat_for("Sekretær", language_code="da")
    council_id = await joined(secretary, engine, clock, Role.SECRETARY, language="en")
    await secretary.send("/faqadd")
    assert "/faqadd Where do we meet?" in secretary.last_text()
    await secretary.send("/faqadd Where do we meet? | In the town hall, room 2, at 17:00.")
    assert secretary.last_text() == "Saved as entry #1 of the council's FAQ."
    await secretary.send("/faqedit 1 Where do we meet? | In the town hall, room 4, at 17:00.")
    assert secretary.last_text() == "Entry #1 changed."
    await secretary.send("/faqedit 7 Where? | Nowhere.")
    assert "has no entry #7" in secretary.last_text()

    member = chat_for("Member", language_code="en")
    await joined(member, engine, clock, Role.MEMBER, council_id)
    await member.send("where does the council meet?")
    assert "room 4" in member.last_text()
    await member.send("/faqadd Sneaky? | Yes.")
    assert member.last_text() == "Only the council's secretary can do this."

    await member.send("/faq")
    assert any(b["callback_data"] == "fqt:1:council" for b in member.buttons())
    await member.press("fqt:1:council")
    await member.press("fqe:1:c1")
    assert "room 4" in member.last_text()

    await secretary.send("/faqdel 1")
    assert "Delete entry #1" in secretary.last_text()
    await secretary.press("fqd:1:1:yes")
    assert secretary.last_text() == "Entry #1 deleted."
    async with session_factory(engine)() as session:
        assert (await session.execute(select(FaqEntry))).first() is None


async def test_browsing_national_topics(app: Any, engine: Any, clock: Any, chat_for: Any) -> None:
    member = chat_for("Ahmad", language_code="fa")
    await joined(member, engine, clock, Role.MEMBER, language="fa")
    await member.send("/faq")
    t = translator("fa")
    topics = member.buttons()
    assert t.gettext("Term of office") in [b["text"] for b in topics]
    await member.press("fqt:1:term")
    await member.press(member.buttons()[0]["callback_data"])
    text = member.last_text()
    assert text.startswith("\u200f") or not text[0].isascii()
    assert "Det Nationale Integrationsråd" in text


async def test_ask_in_a_group(app: Any, engine: Any, clock: Any, chat_for: Any) -> None:
    member = chat_for("Member")
    await joined(member, engine, clock, Role.MEMBER)
    payload = member.user.message("/ask who appoints the members of the council?")
    payload["message"]["chat"] = {"id": -100777, "type": "supergroup", "title": "Rådet"}
    calls = await member.raw(payload)
    sent = [c for c in calls if c.method == "sendMessage"]
    assert sent and sent[0].chat_id == -100777 and "municipal council" in sent[0].text
    chatter = member.user.message("nice weather today everyone")
    chatter["message"]["chat"] = {"id": -100777, "type": "supergroup", "title": "Rådet"}
    assert not [c for c in await member.raw(chatter) if c.method == "sendMessage"]


async def test_reply_to_someone_who_blocked_the_bot(
    app: Any, api: Any, engine: Any, clock: Any, chat_for: Any
) -> None:
    secretary, member = await member_beside_secretary(chat_for, engine, clock, "Hodan", "uk")
    await member.send("Чи може рада оплатити перекладача на засіданнях?")
    await member.press(
        next(b for b in member.buttons() if b["callback_data"].endswith(":yes"))["callback_data"]
    )
    await secretary.press(secretary.buttons()[0]["callback_data"])
    api.fail_next(
        "sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=member.user.user_id
    )
    await secretary.send("Yes, ask me a week before.")
    assert any("cannot be reached by the bot" in text for text in secretary.texts()[-2:])
    async with session_factory(engine)() as session:
        person = (
            await session.execute(
                select(Person).where(Person.telegram_user_id == member.user.user_id)
            )
        ).scalar_one()
    assert person.blocked_at is not None
