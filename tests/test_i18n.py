"""Every language loads, is complete, keeps its placeholders, and reads in the right direction."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot import catalogs
from bot.i18n import (
    FSI,
    PDI,
    RLM,
    SUPPORTED_LANGUAGES,
    CatalogError,
    Html,
    compile_catalog,
    load_translator,
    match_language,
    resolve_language,
    translator,
)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_catalog_is_complete_and_placeholders_match(language: str) -> None:
    problems = [str(p) for p in catalogs.problems(language)]
    assert problems == []


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED_LANGUAGES if lang != "en"])
def test_catalog_really_loads_and_translates(language: str) -> None:
    """Babel falls back to English in silence; prove each catalog is really in use."""
    with catalogs.po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    t = translator(language)
    messages = [m for m in catalog if m.id and isinstance(m.id, str)]
    assert messages
    same = [m.id for m in messages if t.gettext(m.id) == m.id]
    # A few messages may legitimately equal the English source (e.g. names); most must not.
    assert len(same) <= len(messages) // 10, f"{language}: untranslated in practice: {same[:5]}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_plural_forms_follow_cldr(language: str) -> None:
    with catalogs.po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    assert catalog.num_plurals == get_plural(language).num_plurals
    for message in catalog:
        if message.id and not isinstance(message.id, str):
            assert len(message.string) == catalog.num_plurals, message.id


def test_arabic_has_six_plural_forms_and_uses_them() -> None:
    t = translator("ar")
    assert get_plural("ar").num_plurals == 6
    forms = {t.nfmt("{n} open invite:", "{n} open invites:", n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(forms) == 6


def test_missing_catalog_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(CatalogError):
        compile_catalog(tmp_path / "xx" / "LC_MESSAGES" / "messages.po")
    with pytest.raises(CatalogError):
        load_translator("da", str(tmp_path))


def test_language_resolution_order() -> None:
    assert resolve_language("ar", "da", "en") == "ar"
    assert resolve_language(None, "da", "en") == "da"
    assert resolve_language(None, None, "uk-UA") == "uk"
    assert resolve_language(None, None, "de") == "en"
    assert resolve_language(None, None, None) == "en"
    assert match_language("prs") == "fa"
    assert match_language("pt-BR") is None
    assert match_language("EN_gb") == "en"


def test_rtl_messages_start_rtl_and_isolate_values() -> None:
    t = translator("ar")
    text = t.finish(t.fmt("You are {role} in {council}.", role="x", council="Aarhus 2026"))
    assert text.startswith(RLM) or not text[0].isascii()
    assert f"{FSI}Aarhus 2026{PDI}" in text
    assert t.finish("عربي") == "عربي", "no mark when the text already starts right-to-left"
    assert t.value(12) == f"{FSI}12{PDI}"


def test_ltr_text_isolates_only_rtl_values_and_escapes_html() -> None:
    t = translator("da")
    assert t.value("Amina") == "Amina"
    assert t.value("أمينة") == f"{FSI}أمينة{PDI}"
    assert t.value("<b>") == "&lt;b&gt;"
    assert t.value(Html("<b>x</b>")) == "<b>x</b>"
    assert t.finish("Hej") == "Hej"


def test_dates_in_the_council_zone_and_reader_language() -> None:
    moment = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    assert translator("da").datetime(moment, "Europe/Copenhagen", "d. MMMM y HH:mm") == (
        "1. december 2026 18:30"
    )
    arabic = translator("ar").datetime(moment, "Europe/Copenhagen", "d MMMM y")
    assert "ديسمبر" in arabic
    with pytest.raises(ValueError):
        translator("da").datetime(datetime(2026, 1, 1), "Europe/Copenhagen")  # noqa: DTZ001
