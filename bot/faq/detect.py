"""Which language a question is written in: script first, then lingua among the candidates.

lingua runs offline with its models inside the wheel. We ask it only about the languages we speak
plus common neighbours we do not (so a German or Russian question is recognised as unsupported
instead of being forced into Danish or Ukrainian). Low-accuracy mode keeps it at ~20 MB.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED = {
    "da": Language.DANISH,
    "en": Language.ENGLISH,
    "ar": Language.ARABIC,
    "tr": Language.TURKISH,
    "uk": Language.UKRAINIAN,
    "so": Language.SOMALI,
    "fa": Language.PERSIAN,
    "ur": Language.URDU,
}
UNSUPPORTED_NEIGHBOURS = (
    Language.GERMAN,
    Language.SWEDISH,
    Language.BOKMAL,
    Language.DUTCH,
    Language.FRENCH,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.POLISH,
    Language.ROMANIAN,
    Language.RUSSIAN,
    Language.BOSNIAN,
    Language.ALBANIAN,
)
UNSUPPORTED_MIN = 0.6
ALTERNATIVE_MIN = 0.0
SUPPORTED_MAX_FOR_UNSUPPORTED = 0.02
# Latin-script names and Danish terms are often embedded in Ukrainian or Arabic-script questions
# ("чим займається Det Nationale Integrationsråd?"); the other script wins from this share on.
NON_LATIN_MIN_SHARE = 0.3
# Danish institutional words people keep in their own language ("Our formand asked me to draft a
# høringssvar for the kommune"). They are left out when the language is detected, unless the
# question is made of little else.
DANISH_TERMS = (
    "kommun",
    "byråd",
    "byraad",
    "høring",
    "horing",
    "formand",
    "forkvinde",
    "integrationsråd",
    "integrationsraad",
    "jobcent",
    "sprogskole",
    "borgmester",
    "forvaltning",
    "suppleant",
    "dagsorden",
    "rådhus",
    "raadhus",
    "diæt",
    "kørepenge",
    "fagforening",
    "folketing",
    "boligstøtte",
    "udvalg",
)
MIN_WORDS_WITHOUT_TERMS = 3
_BY_SCRIPT = {
    "latin": ("da", "en", "tr", "so"),
    "cyrillic": ("uk",),
    "arabic": ("ar", "fa", "ur"),
}


@dataclass(frozen=True)
class Detection:
    language: str | None  # a supported language, or None
    unsupported: str | None = None  # ISO code of an unsupported language, if recognised
    confidence: float = 0.0
    # other supported languages of the same script that are somewhat plausible, likeliest first
    # (mixed-language questions: "hvem udpeger members of the council")
    alternatives: tuple[str, ...] = ()


def script_of(text: str) -> str | None:
    """The question's script: the commonest one, but a non-Latin script wins from a third on."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            key = "latin"
        elif name.startswith("CYRILLIC"):
            key = "cyrillic"
        elif name.startswith(("ARABIC", "PERSIAN", "URDU")):
            key = "arabic"
        else:
            key = "other"
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    total = sum(counts.values())
    non_latin = [k for k in counts if k != "latin" and counts[k] >= NON_LATIN_MIN_SHARE * total]
    return max(non_latin or counts, key=lambda k: counts[k])


def without_danish_terms(text: str) -> str:
    """The text without embedded Danish institutional words, if enough words remain."""
    words = text.split()
    kept = [w for w in words if not w.casefold().strip(".,;:!?()\"'").startswith(DANISH_TERMS)]
    long_enough = [w for w in kept if sum(ch.isalpha() for ch in w) >= 2]
    return " ".join(kept) if len(long_enough) >= MIN_WORDS_WITHOUT_TERMS else text


@cache
def _detector() -> LanguageDetector:
    languages = [*SUPPORTED.values(), *UNSUPPORTED_NEIGHBOURS]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _code(language: Language) -> str:
    iso: IsoCode639_1 = language.iso_code_639_1
    return str(iso.name).lower()


def detect(text: str, hint: str | None = None) -> Detection:
    """Detect the question's language; `hint` (the reader's language) breaks near-ties."""
    sample = text[:1000]
    script = script_of(sample)
    if script is None:
        return Detection(None)
    if script == "other":
        return Detection(None, unsupported="other", confidence=1.0)
    candidates = _BY_SCRIPT[script]
    values = _detector().compute_language_confidence_values(without_danish_terms(sample))
    scores = {_code(v.language): v.value for v in values}
    supported = {code: scores.get(code, 0.0) for code in candidates}
    best = max(supported, key=lambda code: supported[code])
    if script != "arabic":  # Arabic script is only used by languages we speak
        rival = max(
            (v for v in values if _code(v.language) not in SUPPORTED), key=lambda v: v.value
        )
        # Only call a question unsupported when none of our languages is plausible at all: short
        # Danish questions often look Swedish or Norwegian to the detector.
        if rival.value > UNSUPPORTED_MIN and supported[best] < SUPPORTED_MAX_FOR_UNSUPPORTED:
            return Detection(None, unsupported=_code(rival.language), confidence=rival.value)
    if hint in supported and supported[hint] >= 0.5 * supported[best]:
        best = hint
    if len(candidates) == 1:
        return Detection(best, confidence=max(supported[best], 0.5))
    alternatives = tuple(
        code
        for code in sorted(supported, key=lambda c: -supported[c])
        if code != best and supported[code] >= ALTERNATIVE_MIN
    )
    return Detection(best, confidence=supported[best], alternatives=alternatives)
