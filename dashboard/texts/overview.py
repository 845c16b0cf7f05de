"""Texts of the Overview page."""

TEXTS: dict[str, tuple[str, str]] = {
    "overview.title": ("Überblick", "Overview"),
    "overview.today": ("Heute bis jetzt", "Today so far"),
    "overview.week": ("Diese Woche", "This week"),
    "overview.last_year": ("Vorjahr, gleicher Wochentag: {n}", "Last year, same weekday: {n}"),
    "overview.last_year_week": ("Vorjahreswoche bis zum gleichen Tag: {n}", "Same week last year to the same day: {n}"),
    "overview.change": ("{sign}{pct} gegenüber Vorjahr", "{sign}{pct} against last year"),
    "overview.no_change": ("kein Vorjahreswert", "no value for last year"),
    "overview.visits": ("Besuche", "Visits"),
    "overview.daily.title": ("Besuche pro Tag, letzte 90 Tage", "Visits per day, last 90 days"),
    "overview.daily.summary": (
        "Besuche pro Tag vom {start} bis {end}: insgesamt {total}, am meisten am {peak_day} mit {peak}.",
        "Visits per day from {start} to {end}: {total} in all, most on {peak_day} with {peak}.",
    ),
    "overview.groups.title": ("Besuche nach Zielgruppe", "Visits by target group"),
    "overview.groups.period90": ("letzte 90 Tage", "last 90 days"),
    "overview.groups.since": ("seit Eröffnung", "since opening"),
    "overview.as_of": ("Stand: {when}", "As of {when}"),
}
