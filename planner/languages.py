"""Codes of the languages most asked for at the centre, with their German and English names,
and the list of language codes a visit may carry.

Reference data, not interface text: the staff import reads a language given by its name in
either language, and the interface shows these names. Other codes are shown as given.

`CODES` is what the check-in desk and the check-in API accept: every ISO 639-1 code, and the
few ISO 639-3 codes of languages asked for here that have no two-letter code (Dari, Sorani,
Kurmanji, Romani, Syriac). Anything else ("xx", "klingon") is refused naming the field.
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


ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk
tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
# Languages of newcomers without a two-letter code: Dari, Central Kurdish (Sorani), Northern
# Kurdish (Kurmanji), Romani, Syriac.
ISO_639_3_EXTRA = frozenset({"prs", "ckb", "kmr", "rom", "syr"})
CODES = ISO_639_1 | ISO_639_3_EXTRA


def is_known(code: object) -> bool:
    """A language code a visit may carry (see CODES)."""
    return isinstance(code, str) and code in CODES


def language(code: str) -> tuple[str, str]:
    """German and English name of a language code; the code itself when unknown."""
    return LANGUAGES.get(code, (code, code))
