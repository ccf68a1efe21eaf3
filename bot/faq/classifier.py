"""Which entry a question is about: one linear classifier per language.

Each entry's phrasings, the sentences of its answer and its keywords are the training examples of
its class (off-topic phrasings are classes too). A linear SVM over the same features as the index
(stems and character n-grams, TF-IDF) generalises to new wordings much better than nearest-
neighbour matching: on the held-out question set it more than doubles the share of correct
answers (bench/faq_bench.py). Training takes about six seconds for all eight languages (about
70 classes and 25,000 examples), so it happens when the engine is built; nothing is downloaded or
stored.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.svm import LinearSVC

from bot.faq import text
from bot.faq.store import Entry

# Decision values are turned into a probability-like distribution with this sharpness.
SOFTMAX_SHARPNESS = 10.0
# The SVM's C: lower generalises more, higher fits the phrasings more closely.
REGULARISATION = 1.0
_SENTENCE = re.compile(r"(?<=[.!?؟۔])\s+")
MIN_SENTENCE = 15


def _features(content: str, language: str) -> Counter[str]:
    return Counter(text.features(content, language))


def training_examples(entry: Entry, language: str) -> list[str]:
    entry_text = entry.texts.get(language)
    if entry_text is None:
        return []
    examples = list(entry_text.questions)
    examples.extend(s for s in _SENTENCE.split(entry_text.answer) if len(s) >= MIN_SENTENCE)
    if entry_text.keywords:
        examples.append(" ".join(entry_text.keywords))
    return examples


class LanguageClassifier:
    def __init__(self, entries: Sequence[Entry], language: str) -> None:
        self.language = language
        self.size = len(entries)
        samples: list[Counter[str]] = []
        labels: list[int] = []
        for index, entry in enumerate(entries):
            for example in training_examples(entry, language):
                samples.append(_features(example, language))
                labels.append(index)
        self.vectorizer = DictVectorizer()
        self.tfidf = TfidfTransformer(sublinear_tf=True)
        matrix = self.tfidf.fit_transform(self.vectorizer.fit_transform(samples))
        model = LinearSVC(C=REGULARISATION, max_iter=10_000)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            model.fit(matrix, labels)
        # Only the linear weights are kept, in single precision: classes x features is the
        # biggest part of the engine's memory.
        self.classes = np.asarray(model.classes_)
        self.weights = np.asarray(model.coef_, dtype=np.float32).T.copy()
        self.intercept = np.asarray(model.intercept_, dtype=np.float32)

    def probabilities(self, question: str) -> np.ndarray:
        vector = self.tfidf.transform(
            self.vectorizer.transform([_features(question, self.language)])
        )
        result = np.zeros(self.size)
        if vector.nnz == 0:
            return result
        decision = np.asarray(vector @ self.weights).ravel() + self.intercept
        weights = np.exp(SOFTMAX_SHARPNESS * (decision - decision.max()))
        result[self.classes] = weights / weights.sum()
        return result


class Classifier:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.size = len(entries)
        languages = sorted({language for entry in entries for language in entry.texts})
        self.by_language = {lang: LanguageClassifier(entries, lang) for lang in languages}

    def probabilities(self, question: str, language: str) -> np.ndarray:
        model = self.by_language.get(language)
        return model.probabilities(question) if model else np.zeros(self.size)
