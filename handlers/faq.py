"""Questions about council procedures: answers from the knowledge store, and the handoff to
the secretary when the bot does not know. Browsing with /faq; council entries with /faqadd …"""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import Message, Update
from telegram.constants import MessageLimit
from telegram.ext import CommandHandler, MessageHandler, filters

from bot import callbacks
from bot.faq.engine import FaqAnswer, Outcome, national_engine
from bot.faq.store import TOPICS, Entry
from bot.i18n import FSI, N_, NATIVE_NAMES, PDI, SUPPORTED_LANGUAGES, Html, Translator, translator
from bot.runtime import CouncilApplication, CouncilContext
from bot.services import faq
from bot.services.roles import Action, may
from db.models import FaqQuestion, Person
from handlers.buttons import Press, StaleButton, button, register_buttons, yes_no
from handlers.common import Turn, edit, reply, send, send_to_person, turn
from handlers.scope import scoped_command

TOPIC_NAMES = {
    "law": N_("The law"),
    "purpose": N_("What the council is for"),
    "appointment": N_("How members are appointed"),
    "term": N_("Term of office"),
    "composition": N_("Who the members are"),
    "elections": N_("Elections"),
    "consultation": N_("Consultation and opinions"),
    "roles": N_("Chair, secretary and members"),
    "meetings": N_("Meetings and attendance"),
    "substitutes": N_("Substitutes"),
    "strategy": N_("Plans and priorities"),
    "cooperation": N_("Working with the municipality"),
    "budget": N_("Budget and expenses"),
    "visibility": N_("Being visible"),
    "national-council": N_("The national council"),
    "good-practice": N_("Good practice"),
    "facts": N_("Facts and figures"),
    "council": N_("Our council's own answers"),
}
EXAMPLE_QUESTION = N_("How long does the council sit?")
OFF_TOPIC_TEXT = N_(
    "I can only answer questions about the integration council and how it works. For other "
    "matters, your municipality's citizen service (Borgerservice) or borger.dk can help."
)
BUTTON_LABEL_MAX = 60


def _quote(text: str) -> str:
    return f"“{FSI}{html.escape(text)}{PDI}”"


def source_line(t: Translator, entry: Entry) -> str:
    if entry.council_id is not None:
        return t.fmt("Source: {council}, the council's own FAQ", council=entry.source.publisher)
    return t.fmt("Source: {source}", source=entry.source.line())


def answer_text(t: Translator, answer: FaqAnswer) -> str:
    assert answer.entry is not None and answer.answer is not None
    parts = []
    if answer.answer_language and answer.answer_language != t.language:
        parts.append(
            t.fmt(
                "The council wrote this answer in {language}:",
                language=NATIVE_NAMES.get(answer.answer_language, answer.answer_language),
            )
        )
    parts.append(html.escape(answer.answer))
    parts.append(f"<i>{source_line(t, answer.entry)}</i>")
    return "\n\n".join(parts)


def too_short_text(t: Translator) -> str:
    return t.fmt(
        "Please ask your question in a few words, for example: {example} "
        "Send /help to see what else you can do.",
        example=Html(_quote(t.gettext(EXAMPLE_QUESTION))),
    )


def unsupported_text() -> str:
    t = translator("en")
    languages = ", ".join(NATIVE_NAMES[lang] for lang in SUPPORTED_LANGUAGES)
    return t.fmt(
        "Sorry, I can only answer in these languages: {languages}. Please ask again in one "
        "of them.",
        languages=languages,
    )


async def _answer_question(update: Update, tn: Turn, question: str) -> None:
    council = tn.council or (tn.memberships[0].council if tn.memberships else None)
    asked = await faq.ask(
        tn.session,
        national_engine(),
        question=question,
        person=tn.person,
        council=council,
        hint=tn.t.language,
        now=tn.now,
    )
    answer, row = asked.answer, asked.question
    if answer.outcome is Outcome.UNSUPPORTED_LANGUAGE:
        await reply(update, translator("en"), unsupported_text())
        return
    t = translator(answer.language)
    if answer.outcome is Outcome.TOO_SHORT:
        await reply(update, tn.t, too_short_text(tn.t))
        return
    if answer.outcome is Outcome.OFF_TOPIC:
        await reply(update, t, t.gettext(OFF_TOPIC_TEXT))
        return
    if answer.answered:
        await reply(
            update,
            t,
            answer_text(t, answer),
            [[(t.gettext("This didn't help"), callbacks.encode("fnh", row.id))]],
        )
        return
    await _decline(update, tn, t, row, answer.suggestions)


def _suggestion_rows(suggestions: Sequence[Entry], language: str) -> list[list[tuple[str, str]]]:
    return [
        [(_entry_label(entry, language, False), callbacks.encode("fqs", entry.id, language))]
        for entry in suggestions
    ]


async def _decline(
    update: Update,
    tn: Turn,
    t: Translator,
    row: FaqQuestion,
    suggestions: Sequence[Entry] = (),
    *,
    after_answer: bool = False,
) -> None:
    """Say the bot does not know (or that its answer missed); offer likely answers to pick
    from, and the secretary."""
    if after_answer:
        parts = [t.gettext("Sorry that my answer did not help.")]
    else:
        parts = [t.gettext("I don't know the answer to that, and I would rather not guess.")]
    if suggestions:
        parts.append(t.gettext("One of these answers may help. Tap one to read it."))
    rows = _suggestion_rows(suggestions, t.language)
    if row.council_id is None:
        parts.append(
            t.gettext("Your council's secretary can help you: ask them for an invite link.")
        )
    else:
        parts.append(t.gettext("Shall I send your question to the council's secretary?"))
        rows += yes_no("ffw", row.id, t.gettext("Send to the secretary"), t.gettext("No, thanks"))
    await reply(update, t, "\n\n".join(parts), rows)


async def private_text(update: Update, context: CouncilContext) -> None:
    """Any text in a private chat: the secretary's pending answer, or a question."""
    message = update.effective_message
    if message is None or not message.text:
        return
    async with turn(update, context) as tn:
        if tn.person is not None:
            pending = await faq.question_awaiting_reply(tn.session, tn.person)
            if pending is not None:
                await _deliver_reply(update, context, tn, pending, message.text)
                return
        await _answer_question(update, tn, message.text)


async def ask_command(update: Update, context: CouncilContext) -> None:
    """/ask QUESTION — in groups, or anywhere."""
    question = " ".join(context.args or [])
    async with turn(update, context) as tn:
        if question:
            await _answer_question(update, tn, question)
        else:
            await reply(update, tn.t, too_short_text(tn.t))


async def group_mention(update: Update, context: CouncilContext) -> None:
    message = update.effective_message
    username = context.bot.username
    if message is None or not message.text or not username:
        return
    mention = f"@{username}"
    if mention.casefold() not in message.text.casefold():
        return
    start = message.text.casefold().index(mention.casefold())
    question = (message.text[:start] + message.text[start + len(mention) :]).strip()
    if not question:
        return
    async with turn(update, context) as tn:
        await _answer_question(update, tn, question)


@button("fnh", 1)
async def not_helpful(press: Press) -> None:
    tn = press.tn
    if tn.person is None:
        raise StaleButton
    row = await faq.mark_not_helpful(tn.session, press.number(0), tn.person, tn.now)
    if row is None:
        raise StaleButton
    t = translator(row.language)
    await press.query.answer(t.gettext("Thank you for telling me."))
    if isinstance(press.query.message, Message):
        await press.query.edit_message_reply_markup(None)
    others = faq.alternatives(national_engine(), row)
    await _decline(press.update, tn, t, row, others, after_answer=True)


@button("ffw", 2)
async def forward_pressed(press: Press) -> None:
    tn, query = press.tn, press.query
    question_id, choice = press.number(0), press.choice(1, ("yes", "no"))
    if tn.person is None:
        raise StaleButton
    if choice == "no":
        row = await faq.own_question(tn.session, question_id, tn.person)
        if row is None:
            raise StaleButton
        t = translator(row.language)
        await query.answer()
        await edit(query, t, t.gettext("All right. You can ask me something else any time."))
        return
    forwarded = await faq.forward(tn.session, question_id, tn.person, tn.now)
    if forwarded is None:
        raise StaleButton
    t = translator(forwarded.question.language)
    await query.answer()
    if not forwarded.secretaries:
        await edit(
            query,
            t,
            t.gettext(
                "Your council's secretary is not using the bot yet, so I cannot send it. "
                "Please ask them directly."
            ),
        )
        return
    delivered = 0
    for secretary in forwarded.secretaries:
        if await _notify_secretary(press.context, tn, secretary, forwarded.question):
            delivered += 1
    if delivered:
        await edit(
            query, t, t.gettext("Sent to the secretary. Their answer will come here in this chat.")
        )
    else:
        await edit(
            query, t, t.gettext("I could not reach the secretary. Please ask them directly.")
        )


async def _notify_secretary(
    context: CouncilContext, tn: Turn, secretary: Person, question: FaqQuestion
) -> bool:
    """Send the forwarded question to one secretary; False if they cannot be reached."""
    assert tn.person is not None
    asker = tn.person
    t = translator(secretary.language)
    text = "\n\n".join(
        (
            t.fmt(
                "{name} asked a question the FAQ could not answer (in {language}):",
                name=asker.display_name,
                language=NATIVE_NAMES.get(question.language, question.language),
            ),
            _quote(question.text),
        )
    )
    return await send_to_person(
        context.bot,
        tn.session,
        secretary,
        t,
        text,
        [[(t.gettext("Answer"), callbacks.encode("fan", question.id, "go"))]],
        now=tn.now,
    )


@button("fan", 2)
async def answer_pressed(press: Press) -> None:
    """The secretary starts (or cancels) answering a forwarded question."""
    tn, query, t = press.tn, press.query, press.tn.t
    question_id, step = press.number(0), press.choice(1, ("go", "stop"))
    if tn.person is None:
        raise StaleButton
    if step == "stop":
        if await faq.stop_answering(tn.session, question_id, tn.person, tn.now) is None:
            raise StaleButton
        await query.answer()
        await edit(query, t, t.gettext("Cancelled. The question is still waiting for you."))
        return
    row = await faq.start_answering(tn.session, question_id, tn.person, tn.now)
    if row is None:
        await query.answer(
            t.gettext("This question has already been answered, or it is not yours to answer."),
            show_alert=True,
        )
        return
    await query.answer()
    await reply(
        press.update,
        t,
        t.fmt(
            "Write your answer to {question} in one message. I will send it as you write it.",
            question=Html(_quote(row.text)),
        ),
        [[(t.gettext("Cancel"), callbacks.encode("fan", row.id, "stop"))]],
    )


async def _deliver_reply(
    update: Update, context: CouncilContext, tn: Turn, row: FaqQuestion, text: str
) -> None:
    assert tn.person is not None
    t = tn.t
    if len(text) > faq.ANSWER_MAX:
        await reply(
            update,
            t,
            t.nfmt(
                "That answer is too long: please keep it under {n} character.",
                "That answer is too long: please keep it under {n} characters.",
                faq.ANSWER_MAX,
            ),
        )
        return
    asker = await faq.record_reply(tn.session, row, tn.person, text, tn.now)
    delivered = False
    if asker is not None:
        asker_t = translator(asker.language or row.language)
        message = "\n\n".join(
            (
                asker_t.fmt(
                    "The council's secretary answered your question {question}:",
                    question=Html(_quote(row.text)),
                ),
                html.escape(text[: MessageLimit.MAX_TEXT_LENGTH - 500]),
            )
        )
        delivered = await send_to_person(
            context.bot, tn.session, asker, asker_t, message, now=tn.now
        )
    name = asker.display_name if asker else "—"
    if not delivered:
        await reply(
            update,
            t,
            t.fmt(
                "I could not deliver your answer: {name} cannot be reached by the bot.", name=name
            ),
        )
    await reply(
        update,
        t,
        (t.fmt("Sent to {name}.", name=name) + "\n\n" if delivered else "")
        + t.gettext("Save the question and your answer as an entry in the council's FAQ?"),
        yes_no("fsv", row.id, t.gettext("Save as FAQ entry"), t.gettext("No")),
    )


@button("fsv", 2)
async def save_pressed(press: Press) -> None:
    tn, query, t = press.tn, press.query, press.tn.t
    question_id, choice = press.number(0), press.choice(1, ("yes", "no"))
    if tn.person is None:
        raise StaleButton
    if choice == "no":
        await query.answer()
        await edit(query, t, t.gettext("Not saved."))
        return
    entry = await faq.save_reply_as_entry(tn.session, question_id, tn.person, tn.now)
    if entry is None:
        raise StaleButton
    await query.answer(t.gettext("Saved."))
    await edit(
        query,
        t,
        t.fmt(
            "Saved as entry #{number} of the council's FAQ. Members who ask something "
            "similar will get this answer.",
            number=str(entry.id),
        ),
    )


# --- browsing ------------------------------------------------------------------------------


def _entry_label(entry: Entry, language: str, with_number: bool) -> str:
    entry_text = entry.text(language) or next(iter(entry.texts.values()))
    label = entry_text.questions[0]
    if with_number and entry.council_id is not None:
        label = f"#{entry.id.removeprefix(faq.COUNCIL_ENTRY_PREFIX)} {label}"
    return label if len(label) <= BUTTON_LABEL_MAX else label[: BUTTON_LABEL_MAX - 1] + "…"


async def _council_entries(tn: Turn) -> list[Entry]:
    return await faq.council_entries(tn.session, tn.council) if tn.council else []


async def faq_command(update: Update, context: CouncilContext) -> None:
    async with turn(update, context) as tn:
        t = tn.t
        present = {entry.topic for entry in national_engine().entries}
        if await _council_entries(tn):
            present.add("council")
        rows = [
            [(t.gettext(TOPIC_NAMES[topic]), callbacks.encode("fqt", topic))]
            for topic in TOPICS
            if topic in present
        ]
        await reply(
            update,
            t,
            t.gettext("Choose a topic — or just write me your question."),
            rows,
        )


@button("fqt", 1)
async def topic_pressed(press: Press) -> None:
    tn, t = press.tn, press.tn.t
    topic = press.text(0)
    if topic not in TOPIC_NAMES:
        raise StaleButton
    if topic == "council":
        entries = await _council_entries(tn)
    else:
        entries = [e for e in national_engine().entries if e.topic == topic]
    if not entries:
        raise StaleButton
    secretary = may(tn.role, Action.EDIT_FAQ)
    await press.query.answer()
    await edit(
        press.query,
        t,
        f"<b>{t.gettext(TOPIC_NAMES[topic])}</b>",
        [
            [(_entry_label(e, t.language, secretary), callbacks.encode("fqe", e.id))]
            for e in entries
        ],
    )


@button("fqe", 1)
async def entry_pressed(press: Press) -> None:
    tn = press.tn
    entry_id = press.text(0)
    entry = national_engine().entry(entry_id)
    if entry is None and entry_id.startswith(faq.COUNCIL_ENTRY_PREFIX):
        entry = next((e for e in await _council_entries(tn) if e.id == entry_id), None)
    if entry is None:
        raise StaleButton
    await _show_entry(press, entry, tn.t)


@button("fqs", 2)
async def suggestion_pressed(press: Press) -> None:
    """A national answer suggested when the bot was not sure, in the question's language."""
    entry = national_engine().entry(press.text(0))
    language = press.choice(1, SUPPORTED_LANGUAGES)
    if entry is None:
        raise StaleButton
    await _show_entry(press, entry, translator(language))


async def _show_entry(press: Press, entry: Entry, t: Translator) -> None:
    entry_text = entry.text(t.language)
    language = t.language
    if entry_text is None:
        language, entry_text = next(iter(entry.texts.items()))
    await press.query.answer()
    answer = FaqAnswer(
        Outcome.ANSWERED, t.language, 1.0, entry, entry_text.answer, answer_language=language
    )
    title = html.escape(entry_text.questions[0])
    await reply(press.update, t, f"<b>{title}</b>\n\n{answer_text(t, answer)}")


# --- council entries (secretary) -------------------------------------------------------------


def _split_entry(args: list[str]) -> tuple[str, str] | None:
    joined = " ".join(args)
    if "|" not in joined:
        return None
    question, answer = (part.strip() for part in joined.split("|", 1))
    return (question, answer) if question and answer else None


def _entry_usage(t: Translator) -> str:
    return t.gettext(
        "Write the question, a | and the answer, for example:\n"
        "/faqadd Where do we meet? | In the town hall, room 2, at 17:00."
    )


async def _refuse_unless_secretary(tn: Turn, context: CouncilContext, chat_id: int) -> bool:
    if tn.council is None or tn.person is None or not may(tn.role, Action.EDIT_FAQ):
        await send(
            context.bot, chat_id, tn.t, tn.t.gettext("Only the council's secretary can do this.")
        )
        return True
    return False


@scoped_command("faqadd")
async def faq_add(tn: Turn, context: CouncilContext, chat_id: int, args: list[str]) -> None:
    if await _refuse_unless_secretary(tn, context, chat_id):
        return
    assert tn.council is not None and tn.person is not None
    parts = _split_entry(args)
    if parts is None:
        await send(context.bot, chat_id, tn.t, _entry_usage(tn.t))
        return
    question, answer = parts
    try:
        row = await faq.add_entry(
            tn.session,
            council_id=tn.council.id,
            author=tn.person,
            question=question,
            answer=answer,
            language=faq.entry_language(question, tn.t.language),
            now=tn.now,
        )
    except faq.FaqInputError:
        await send(context.bot, chat_id, tn.t, _too_long(tn.t))
        return
    await send(
        context.bot,
        chat_id,
        tn.t,
        tn.t.fmt("Saved as entry #{number} of the council's FAQ.", number=str(row.id)),
    )


def _too_long(t: Translator) -> str:
    return t.fmt(
        "That is too long: keep the question under {question} and the answer under {answer} "
        "characters.",
        question=faq.QUESTION_MAX,
        answer=faq.ANSWER_MAX,
    )


def _entry_number(args: list[str]) -> int | None:
    if not args:
        return None
    text = args[0].lstrip("#")
    return int(text) if text.isdigit() and len(text) < 10 else None


@scoped_command("faqedit")
async def faq_edit(tn: Turn, context: CouncilContext, chat_id: int, args: list[str]) -> None:
    if await _refuse_unless_secretary(tn, context, chat_id):
        return
    assert tn.council is not None and tn.person is not None
    number = _entry_number(args)
    parts = _split_entry(args[1:])
    if number is None or parts is None:
        await send(
            context.bot,
            chat_id,
            tn.t,
            tn.t.gettext(
                "Write the entry number, the question, a | and the answer, for example:\n"
                "/faqedit 3 Where do we meet? | In the town hall, room 4."
            ),
        )
        return
    try:
        row = await faq.edit_entry(
            tn.session,
            council_id=tn.council.id,
            entry_id=number,
            author=tn.person,
            question=parts[0],
            answer=parts[1],
            language=faq.entry_language(parts[0], tn.t.language),
            now=tn.now,
        )
    except faq.FaqInputError:
        await send(context.bot, chat_id, tn.t, _too_long(tn.t))
        return
    if row is None:
        await send(context.bot, chat_id, tn.t, _no_such_entry(tn.t, number))
        return
    await send(
        context.bot, chat_id, tn.t, tn.t.fmt("Entry #{number} changed.", number=str(number))
    )


def _no_such_entry(t: Translator, number: int) -> str:
    return t.fmt(
        "The council's FAQ has no entry #{number}. /faq shows the entries with their numbers.",
        number=str(number),
    )


@scoped_command("faqdel")
async def faq_delete(tn: Turn, context: CouncilContext, chat_id: int, args: list[str]) -> None:
    if await _refuse_unless_secretary(tn, context, chat_id):
        return
    assert tn.council is not None
    number = _entry_number(args)
    if number is None:
        await send(
            context.bot,
            chat_id,
            tn.t,
            tn.t.gettext("Write the number of the entry to delete, for example: /faqdel 3"),
        )
        return
    entries = {e.id: e for e in await _council_entries(tn)}
    entry = entries.get(f"{faq.COUNCIL_ENTRY_PREFIX}{number}")
    if entry is None:
        await send(context.bot, chat_id, tn.t, _no_such_entry(tn.t, number))
        return
    t = tn.t
    question = next(iter(entry.texts.values())).questions[0]
    await send(
        context.bot,
        chat_id,
        t,
        t.fmt(
            "Delete entry #{number} {question}?",
            number=str(number),
            question=Html(_quote(question)),
        ),
        yes_no("fqd", number, t.gettext("Yes, delete"), t.gettext("No, keep it")),
    )


@button("fqd", 2)
async def delete_pressed(press: Press) -> None:
    tn, query, t = press.tn, press.query, press.tn.t
    number, choice = press.number(0), press.choice(1, ("yes", "no"))
    if tn.council is None or tn.person is None or not may(tn.role, Action.EDIT_FAQ):
        await query.answer(t.gettext("Only the council's secretary can do this."), show_alert=True)
        return
    if choice == "no":
        await query.answer()
        await edit(query, t, t.gettext("Nothing changed."))
        return
    row = await faq.delete_entry(
        tn.session, council_id=tn.council.id, entry_id=number, author=tn.person, now=tn.now
    )
    if row is None:
        raise StaleButton
    await query.answer(t.gettext("Deleted."))
    await edit(query, t, t.fmt("Entry #{number} deleted.", number=str(number)))


def register(app: CouncilApplication) -> None:
    app.add_handler(CommandHandler("faq", faq_command))
    app.add_handler(CommandHandler("ask", ask_command))
    register_buttons(
        app,
        not_helpful,
        forward_pressed,
        answer_pressed,
        save_pressed,
        topic_pressed,
        entry_pressed,
        suggestion_pressed,
        delete_pressed,
    )


def register_text(app: CouncilApplication) -> None:
    """Free text: registered after every command so commands always win."""
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, private_text)
    )
    app.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, group_mention)
    )
