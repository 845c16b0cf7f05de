"""The frame of the few pages Flask serves outside Dash (login, import, database away):
one head with the language, title and stylesheets, so they look and read like the app."""

from __future__ import annotations

FRAME = """<!DOCTYPE html>
<html lang="{lang}"{direction}>
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
{head_extra}<title>{title} – MigraDo Ops</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body{body_class}>
<main class="{main_class}" style="{main_style}">
{main}
</main>
</body>
</html>"""


def plain_page(lang: str, title: str, main: str, *, main_class: str, main_style: str, body_class: str = "",
               head_extra: str = "", rtl: bool = False) -> str:
    """A whole HTML page; `title` and `main` are HTML already escaped by the caller."""
    return FRAME.format(lang=lang, direction=' dir="rtl"' if rtl else "", title=title, main=main, main_class=main_class, main_style=main_style,
                        body_class=f' class="{body_class}"' if body_class else "",
                        head_extra=f"{head_extra}\n" if head_extra else "")
