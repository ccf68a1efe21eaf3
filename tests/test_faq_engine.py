"""The knowledge store, language detection and the answering rules, tested directly."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.faq import engine as engine_module
from bot.faq.detect import detect
from bot.faq.engine import FaqAnswer, Outcome, national_engine
from bot.faq.evaluate import Case, evaluate, load_cases, matches
from bot.faq.store import TOPICS, StoreError, load_national, load_offtopic, parse_entry
from bot.i18n import SUPPORTED_LANGUAGES

DATA = Path(__file__).parent / "data"
DEV_SET = DATA / "faq_dev.jsonl"
HOLDOUT_SET = DATA / "faq_holdout.jsonl"
EVALUATION_SETS = sorted(DATA.glob("faq_*.jsonl"))
IN_SCOPE_SETS = [DEV_SET, HOLDOUT_SET, DATA / "faq_holdout2.jsonl", DATA / "faq_holdout3.jsonl"]


def test_store_is_complete_in_every_language() -> None:
    entries = load_national()
    assert len(entries) >= 50
    assert len({e.id for e in entries}) == len(entries)
    for entry in entries:
        assert entry.topic in TOPICS
        assert entry.source.publisher and entry.source.title and entry.source.year
        assert set(entry.texts) == set(SUPPORTED_LANGUAGES), entry.id
        for language, text in entry.texts.items():
            assert 20 <= len(text.answer) <= 900, (entry.id, language)
            assert text.answer.endswith((".", ")", "۔", "؟", "?")), (entry.id, language)
            assert len(text.questions) >= 4, (entry.id, language)


def test_broken_entries_are_refused() -> None:
    good = {
        "id": "x",
        "topic": "law",
        "source": {"publisher": "P", "title": "T", "year": 2023, "section": "1"},
        "text": {lang: {"answer": "A", "questions": ["Q?"]} for lang in SUPPORTED_LANGUAGES},
    }
    assert parse_entry(good, "x.toml").id == "x"
    missing_language = {**good, "text": {"da": {"answer": "A", "questions": ["Q?"]}}}
    with pytest.raises(StoreError, match="no text in"):
        parse_entry(missing_language, "x.toml")
    with pytest.raises(StoreError, match="unknown topic"):
        parse_entry({**good, "topic": "gossip"}, "x.toml")
    with pytest.raises(StoreError, match="malformed"):
        parse_entry({"id": "x"}, "x.toml")


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


@pytest.mark.parametrize("question_set", EVALUATION_SETS, ids=lambda path: path.stem)
def test_evaluation_questions_are_not_copied_into_the_entries(question_set: Path) -> None:
    """The question sets stay honest: no entry phrasing is (nearly) one of their questions."""
    entries = [*load_national(), *load_offtopic()]
    phrasings: dict[str, list[str]] = {}
    for entry in entries:
        for language, text in entry.texts.items():
            phrasings.setdefault(language, []).extend(_normal(q) for q in text.questions)
    copied = []
    matcher = difflib.SequenceMatcher(None)
    for case in load_cases(question_set):
        matcher.set_seq2(_normal(case.question))
        for phrasing in phrasings[case.language]:
            matcher.set_seq1(phrasing)
            # the cheap upper bounds first: ratio() itself is slow over ~40,000 pairs
            if (
                matcher.real_quick_ratio() > 0.8
                and matcher.quick_ratio() > 0.8
                and matcher.ratio() > 0.8
            ):
                copied.append((case.question, phrasing))
    assert copied == []


def test_dev_set_shape() -> None:
    cases = load_cases(DEV_SET)
    for language in SUPPORTED_LANGUAGES:
        in_scope = [c for c in cases if c.language == language and c.in_scope]
        assert len(in_scope) >= 15, language
        assert any(c.language == language and not c.in_scope for c in cases)
    assert len([c for c in cases if c.in_scope]) >= 120


@pytest.mark.parametrize("question_set", IN_SCOPE_SETS, ids=lambda path: path.stem)
def test_expected_answers_are_in_their_entries(question_set: Path) -> None:
    """Each in-scope question's expected substrings occur in its entry, in its language."""
    cases = load_cases(question_set)
    entries = {e.id: e for e in load_national()}
    for case in cases:
        if case.in_scope:
            entry = entries[case.entry or ""]
            assert matches(entry.texts[case.language].answer, case.expect), case.question


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Hvor længe sidder integrationsrådet?", "da"),
        ("how long does the council sit", "en"),
        ("كم سنة مدة المجلس", "ar"),
        ("Konsey kaç yıl görev yapar?", "tr"),
        ("Скільки років працює рада?", "uk"),
        ("Golaha muddo intee le ah ayuu shaqeeyaa?", "so"),
        ("شورا چند سال فعالیت می‌کند؟", "fa"),
        ("کونسل کتنے سال کام کرتی ہے؟", "ur"),
    ],
)
def test_language_detection(question: str, language: str) -> None:
    assert detect(question).language == language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("чим займається Det Nationale Integrationsråd і хто її голова?", "uk"),
        ("Our formand asked me to draft a høringssvar for the kommune. How do I start?", "en"),
        ("Hvornår skal vi sende høringssvaret til kommunen?", "da"),
        ("byrådet kommunen formand", "da"),
        ("انٹیگریشن کونسل کا کام کیا ہے؟ ہمارے kommune میں Integrationsråd ہے", "ur"),
    ],
)
def test_embedded_danish_terms_and_names_do_not_decide_the_language(
    question: str, language: str
) -> None:
    assert detect(question).language == language


@pytest.mark.parametrize(
    "question",
    [
        "is there a dress code for council members at meetings",
        "Må jeg tage mine små børn med til rådsmødet?",
        "Toplantıda oylar eşit çıkarsa ne olur?",
    ],
)
def test_council_business_the_store_does_not_cover_goes_to_the_secretary(question: str) -> None:
    """No guess from the nearest entry: the member is offered the secretary instead."""
    answer = national_engine().ask(question)
    assert answer.outcome is Outcome.NOT_CONFIDENT, answer.entry and answer.entry.id


def test_unsupported_and_empty_input() -> None:
    engine = national_engine()
    german = engine.ask(
        "Wie lange dauert die Amtszeit des Integrationsrats eigentlich?", hint="da"
    )
    assert german.outcome is Outcome.UNSUPPORTED_LANGUAGE and german.language == "en"
    assert german.unsupported == "de"
    for text in ("", "??", "🙂🙂", "   ", "ok", "هلا"):
        answer = engine.ask(text, hint="ar")
        assert answer.outcome is Outcome.TOO_SHORT, text
        assert not answer.answered
    huge = engine.ask("Hvem udpeger medlemmerne af integrationsrådet? " * 100, hint="da")
    assert huge.answered and huge.entry is not None and huge.entry.id == "appointment-who-appoints"


@pytest.mark.parametrize(
    "question",
    [
        "Hvordan bliver vejret i morgen i Aarhus?",
        "how do I renew my residence permit",
        "أين أدفع مخالفة الوقوف؟",
        "Vergi iadesi ne zaman yatar?",
        "Коли відкривається басейн?",
        "Bas-ka 5 goorma ayuu yimaadaa?",
        "قیمت بلیط اتوبوس چقدر است؟",
        "ڈاکٹر سے ملاقات کا وقت کیسے لوں؟",
    ],
)
def test_off_topic_is_declined(question: str) -> None:
    answer = national_engine().ask(question)
    assert not answer.answered, (answer.entry.id if answer.entry else None, answer.score)


def test_cli_ask_and_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faq", "ask", "Hvem udpeger medlemmerne af integrationsrådet?", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["answered"] is True and result["lang"] == "da"
    assert result["entry_id"] == "appointment-who-appoints"
    assert "Det Nationale Integrationsråd 2023" in result["source"]
    assert set(result) >= {"answered", "answer", "lang", "entry_id", "score", "source"}

    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        json.dumps({"question": "what's the weather like tomorrow in Odense?"})
        + "\n"
        + json.dumps(
            {"question": "Wer ernennt die Mitglieder des Integrationsrats?", "lang": "da"}
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["faq", "ask", "--batch", str(batch), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["answered"] for line in lines] == [False, False]
    assert lines[1]["outcome"] == "unsupported_language"


def test_cli_eval_prints_accuracy_per_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faq", "eval", str(DEV_SET), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {*SUPPORTED_LANGUAGES, "all"}
    assert report["all"]["in_scope"] + report["all"]["out_of_scope"] == len(load_cases(DEV_SET))


@pytest.mark.parametrize(
    ("question", "hint"),
    [("hvem udpeger members of the council", "en"), ("who udpeger medlemmerne", "da")],
)
def test_mixed_language_questions(question: str, hint: str) -> None:
    answer = national_engine().ask(question, hint=hint)
    assert answer.answered and answer.entry is not None
    assert answer.entry.id == "appointment-who-appoints"


def test_suggestions_are_likely_national_entries_only() -> None:
    """Offered when unsure or after "this didn't help": never an off-topic class, never the
    answer itself, at most three; nothing to offer for weather or a greeting."""
    engine = national_engine()
    cases = load_cases(DATA / "faq_adjacent_dev.jsonl") + load_cases(DEV_SET)
    offered = 0
    for case in cases:
        answer = engine.ask(case.question)
        assert len(answer.suggestions) <= engine_module.MAX_SUGGESTIONS
        assert all(entry.topic in TOPICS for entry in answer.suggestions)
        assert answer.entry not in answer.suggestions
        if answer.outcome in (Outcome.OFF_TOPIC, Outcome.TOO_SHORT):
            assert answer.suggestions == ()
        offered += bool(answer.suggestions)
    assert offered > 0
    assert engine.ask("what is the weather tomorrow in Odense").suggestions == ()
    assert engine.ask("hello").suggestions == ()


def test_evaluation_counts_abstentions_whose_right_answer_was_offered() -> None:
    entries = {entry.id: entry for entry in load_national()}
    right, other = entries["term-how-long"], entries["budget-council-budget"]
    case = Case("en", "how long is a term?", True, [["municipal election period"]], right.id)
    assert matches(right.texts["en"].answer, case.expect)
    assert not matches(other.texts["en"].answer, case.expect)
    for offered, expected in (((other, right), 1), ((other,), 0), ((), 0)):
        report = evaluate(
            [case], lambda _, s=offered: FaqAnswer(Outcome.NOT_CONFIDENT, "en", suggestions=s)
        )
        assert (report.total.abstained, report.total.suggested) == (1, expected)
