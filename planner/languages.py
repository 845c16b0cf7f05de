"""Codes of the languages most asked for at the centre, with their German and English names.

Reference data, not interface text: the staff import reads a language given by its name in
either language, and the interface shows these names. Other codes are shown as given.
"""

from __future__ import annotations

LANGUAGES = {
    "de": ("Deutsch", "German"), "en": ("Englisch", "English"),
    "uk": ("Ukrainisch", "Ukrainian"), "ru": ("Russisch", "Russian"),
    "ar": ("Arabisch", "Arabic"), "tr": ("Türkisch", "Turkish"),
    "fa": ("Persisch", "Persian"), "ro": ("Rumänisch", "Romanian"),
    "bg": ("Bulgarisch", "Bulgarian"), "pl": ("Polnisch", "Polish"),
    "fr": ("Französisch", "French"), "ku": ("Kurdisch", "Kurdish"),
    "so": ("Somali", "Somali"), "ti": ("Tigrinya", "Tigrinya"),
}


def language(code: str) -> tuple[str, str]:
    """German and English name of a language code; the code itself when unknown."""
    return LANGUAGES.get(code, (code, code))
