"""The report as an A4 PDF, rendered from HTML by WeasyPrint.

Fonts: DejaVu Sans from Debian's fonts-dejavu-core (Makefile `install`), embedded in the
PDF, so German and Cyrillic (Ukrainian, Russian) text render on any reader. Languages are
also named in their own script where that font has the glyphs (a name the font cannot
draw would print as empty boxes). Charts are bars drawn with CSS beside their table, so
every chart carries its numbers.
"""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

from dashboard.reports.document import Document, Section, shown_rows
from dashboard.texts.i18n import t

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; font-family: "Report Sans", "DejaVu Sans", sans-serif;
        @bottom-right { content: "%(page)s " counter(page) " / " counter(pages); font-size: 8pt; color: #555; }
        @bottom-left { content: "%(title)s"; font-size: 8pt; color: #555; } }
%(faces)s
body { font-family: "Report Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm 0; break-after: avoid; }
p.sub { color: #444; margin: 0 0 4mm 0; }
.summary p { margin: 0 0 1.5mm 0; }
section { break-inside: avoid; }
table { border-collapse: collapse; width: 100%%; margin-bottom: 2mm; }
th, td { padding: 1mm 1.5mm; border-bottom: 0.3pt solid #bbb; text-align: right; vertical-align: top; }
th { background: #eef1f5; font-weight: bold; }
th:first-child, td:first-child { text-align: left; }
td { white-space: nowrap; }
td.label { text-align: left; white-space: normal; }
td.bar { width: 25%%; text-align: left; }
td.bar span { display: inline-block; height: 3mm; background: #2c5d8f; }
tr.total td { font-weight: bold; }
"""


@functools.lru_cache(maxsize=1)
def _font_faces() -> str:
    faces = []
    for weight, name in FONTS.items():
        path = FONT_DIR / name
        if path.exists():
            faces.append(f'@font-face {{ font-family: "Report Sans"; font-weight: {weight}; '
                         f'src: url("{path.as_uri()}"); }}')
    return "\n".join(faces)


@functools.lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The characters the report's font can draw (empty when it is missing)."""
    path = FONT_DIR / FONTS["normal"]
    if not path.exists():
        return frozenset()
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def endonym(code: str) -> str | None:
    """A language's name in itself ("українська"), when the font can draw it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code)
    except (ValueError, UnknownLocaleError):
        return None
    covered = _covered()
    return name if name and all(ord(ch) in covered for ch in name) else None


def html(doc: Document, language_codes: list[str] | None = None) -> str:
    lang = doc.lang
    css = CSS % {"page": escape(t("report.page_of", lang)), "title": escape(doc.title).replace('"', "'"),
                 "faces": _font_faces()}
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(doc.title)}</title>',
             f"<style>{css}</style></head><body>",
             f"<h1>{escape(doc.title)}</h1><p class=\"sub\">{escape(doc.subtitle)}</p>",
             f"<section class=\"summary\"><h2>{escape(t('report.summary.title', lang))}</h2>",
             *(f"<p>{escape(s)}</p>" for s in doc.summary), "</section>"]
    for section in doc.sections:
        names = language_codes if section.key == "languages" else None
        parts.append(_section(section, lang, names))
    parts.append("</body></html>")
    return "".join(parts)


def _section(section: Section, lang: str, language_codes: list[str] | None) -> str:
    rows = shown_rows(section, lang)
    if not rows:
        return ""
    bars = _bar_widths(section)
    head = "".join(f"<th>{escape(h)}</th>" for h in section.header) + ("<th></th>" if bars else "")
    body = []
    for i, row in enumerate(rows):
        cells = list(row)
        if language_codes and i < len(language_codes):
            own = endonym(language_codes[i])
            if own and own.lower() != cells[0].lower():
                cells[0] = f"{cells[0]} ({own})"
        tds = "".join(f'<td class="label">{escape(c)}</td>' if j == 0 else f"<td>{escape(c)}</td>"
                      for j, c in enumerate(cells))
        if bars:
            width = bars.get(i)
            tds += f'<td class="bar"><span style="width:{width:.1f}%"></span></td>' if width is not None else "<td></td>"
        total = ' class="total"' if cells[0] == t("report.total", lang) else ""
        body.append(f"<tr{total}>{tds}</tr>")
    return (f"<section><h2>{escape(section.title)}</h2><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></section>")


def _bar_widths(section: Section) -> dict[int, float]:
    """Row index -> bar width in percent of the largest value, for the rows the chart draws."""
    if not section.chart:
        return {}
    labels, values = section.chart
    top = max(values, default=0) or 1
    if section.key == "waits":  # the chart draws the wait buckets, the table's last rows
        offset = len(section.rows) - len(values)
    else:
        offset = 0
    return {offset + i: 100.0 * v / top for i, v in enumerate(values)}


def render(doc: Document, language_codes: list[str] | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(doc, language_codes), base_url=str(FONT_DIR)).write_pdf()
