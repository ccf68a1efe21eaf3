"""The trained FAQ classifier is stored and reloaded exactly, and retrained when it must be."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.cli import main
from bot.faq import model_cache
from bot.faq.classifier import Classifier
from bot.faq.engine import national_engine
from bot.faq.store import Entry, load_national, load_offtopic

QUESTIONS = [
    ("hvem udpeger medlemmerne?", "da"),
    ("how long does the council sit", "en"),
    ("من يعيّن أعضاء المجلس؟", "ar"),
    ("скільки триває строк ради?", "uk"),
    ("what is the weather tomorrow", "en"),
]


def small_store() -> list[Entry]:
    national = {entry.id: entry for entry in load_national()}
    chosen = [national[i] for i in ("appointment-who-appoints", "term-how-long", "roles-chair")]
    return [*chosen, *[e for e in load_offtopic() if e.id == "weather"]]


def test_a_stored_classifier_answers_exactly_like_the_trained_one(tmp_path: Path) -> None:
    entries = small_store()
    trained = model_cache.cached_classifier(entries, tmp_path)
    stored = list(tmp_path.glob("faq-classifier-*.npz"))
    assert len(stored) == 1
    loaded = model_cache.load(stored[0], len(entries))
    assert loaded is not None
    assert set(loaded.by_language) == set(trained.by_language) == set(entries[0].texts)
    for question, language in QUESTIONS:
        expected = trained.probabilities(question, language)
        assert expected.argmax() == loaded.probabilities(question, language).argmax()
        np.testing.assert_allclose(loaded.probabilities(question, language), expected)
    assert trained.probabilities("hvem udpeger medlemmerne?", "da").argmax() == 0


def test_an_edited_store_gets_a_new_model_and_the_old_file_goes(tmp_path: Path) -> None:
    entries = small_store()
    model_cache.cached_classifier(entries, tmp_path)
    first = {path.name for path in tmp_path.glob("faq-classifier-*.npz")}
    edited_text = dataclasses.replace(
        entries[1].texts["en"],
        questions=(*entries[1].texts["en"].questions, "for how many years are we chosen"),
    )
    edited = [
        entries[0],
        dataclasses.replace(entries[1], texts={**entries[1].texts, "en": edited_text}),
        *entries[2:],
    ]
    assert model_cache.fingerprint(edited) != model_cache.fingerprint(entries)
    model_cache.cached_classifier(edited, tmp_path)
    second = {path.name for path in tmp_path.glob("faq-classifier-*.npz")}
    assert len(second) == 1 and second != first


def test_a_broken_or_foreign_cache_file_means_training_not_an_error(tmp_path: Path) -> None:
    entries = small_store()
    path = tmp_path / f"faq-classifier-{model_cache.fingerprint(entries)}.npz"
    path.write_bytes(b"not a numpy file")
    assert model_cache.load(path, len(entries)) is None
    classifier = model_cache.cached_classifier(entries, tmp_path)
    assert isinstance(classifier, Classifier)
    assert model_cache.load(path, len(entries)) is not None  # replaced by a good file
    assert model_cache.load(path, len(entries) + 1) is None  # trained on other entries
    assert model_cache.load(tmp_path / "missing.npz", len(entries)) is None


def test_an_unwritable_cache_directory_still_gives_a_classifier(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the directory should be")
    classifier = model_cache.cached_classifier(small_store(), blocker / "cache")
    assert classifier.probabilities("how long does the council sit", "en").argmax() == 1
    assert not list(tmp_path.glob("**/*.tmp"))


def test_cli_train_reports_an_up_to_date_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    national_engine()  # trained or loaded through the default cache
    entries = [*load_national(), *load_offtopic()]
    name = model_cache.file_name(entries)
    shutil.copy(model_cache.cache_dir() / name, tmp_path / name)
    monkeypatch.setenv(model_cache.CACHE_DIR_VARIABLE, str(tmp_path))
    assert main(["faq", "train"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"FAQ classifier already up to date: {tmp_path / name}"
    )
