"""The trained classifier on disk, so that a start with an unchanged knowledge store is fast.

The file is keyed by a fingerprint of everything the weights depend on: the entries, the code
that turns text into features and trains, and the library versions. A store edit or an upgrade
gives a new fingerprint, so the bot trains again and replaces the file. Only plain arrays are
stored (NumPy .npz, read with allow_pickle=False): nothing in the file is executed. A missing,
unreadable or foreign file is never an error, only a reason to train.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import sklearn

from bot.faq import classifier, text
from bot.faq.classifier import Classifier, LanguageModel
from bot.faq.store import Entry

log = logging.getLogger(__name__)

CACHE_DIR_VARIABLE = "COUNCILBOT_CACHE_DIR"
FORMAT = "1"
_PREFIX = "faq-classifier-"
_ARRAYS = (
    "features",
    "idf",
    "classes",
    "svm_weights",
    "svm_intercept",
    "logistic_weights",
    "logistic_intercept",
)


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "councilbot"


def fingerprint(entries: Sequence[Entry]) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT, sklearn.__version__, np.__version__):
        digest.update(part.encode())
    for module in (text, classifier):
        digest.update(Path(module.__file__ or "").read_bytes())
    for entry in entries:
        digest.update(repr(entry).encode())
    return digest.hexdigest()[:24]


def file_name(entries: Sequence[Entry]) -> str:
    return f"{_PREFIX}{fingerprint(entries)}.npz"


def cached_classifier(entries: Sequence[Entry], directory: Path | None = None) -> Classifier:
    """Load the classifier for these entries, or train it and store it for the next start."""
    path = (directory or cache_dir()) / file_name(entries)
    loaded = load(path, len(entries))
    if loaded is not None:
        return loaded
    trained = Classifier.trained(entries)
    save(path, trained)
    return trained


def load(path: Path, size: int) -> Classifier | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            languages = [str(language) for language in data["languages"]]
            if int(data["size"]) != size:
                return None
            models = [
                LanguageModel(
                    language,
                    tuple(str(f) for f in data[f"{language}.features"]),
                    *(data[f"{language}.{name}"] for name in _ARRAYS[1:]),
                )
                for language in languages
            ]
    except FileNotFoundError:
        return None
    except (OSError, KeyError, ValueError, TypeError) as exc:
        log.warning("ignoring the FAQ model cache %s: %s", path, exc)
        return None
    return Classifier(size, models)


def save(path: Path, trained: Classifier) -> None:
    """Write atomically (a reader never sees half a file) and remove older fingerprints."""
    arrays: dict[str, np.ndarray] = {
        "languages": np.array(sorted(trained.by_language)),
        "size": np.array(trained.size),
    }
    for language, model in trained.by_language.items():
        arrays[f"{language}.features"] = np.array(model.features)
        for name in _ARRAYS[1:]:
            arrays[f"{language}.{name}"] = getattr(model, name)
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            np.savez(handle, **arrays)  # type: ignore[arg-type]  # stubs mistake a name for allow_pickle
        os.replace(temporary, path)
        for old in path.parent.glob(f"{_PREFIX}*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home, a full disk: the bot still works, only slower
        log.warning("could not store the FAQ model cache in %s: %s", path.parent, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
