"""Texts of the app shell, login and things every page shares."""

TEXTS: dict[str, tuple[str, str]] = {
    # shell
    "app.title": ("MigraDo Ops", "MigraDo Ops"),
    "app.tagline": ("Servicezentrum Migration und Integration", "Service centre for migration and integration"),
    "nav.label": ("Hauptnavigation", "Main navigation"),
    "nav.overview": ("Überblick", "Overview"),
    "nav.trends": ("Entwicklung", "Trends"),
    "nav.planner": ("Dienstplanung", "Planner"),
    "nav.staff": ("Team und Abwesenheiten", "Staff and absences"),
    "nav.partner": ("Partnerportal", "Partner portal"),
    "nav.checkin": ("Empfang", "Check-in"),
    "nav.admin": ("Verwaltung", "Admin"),
    "lang.switch": ("English", "Deutsch"),
    "lang.switch.label": ("Switch to English", "Auf Deutsch umschalten"),
    "skip.content": ("Zum Inhalt springen", "Skip to content"),
    # login
    "login.title": ("Anmeldung", "Sign in"),
    "login.login": ("Benutzername", "User name"),
    "login.password": ("Passwort", "Password"),
    "login.submit": ("Anmelden", "Sign in"),
    # One answer for a wrong password, an unknown name and a name blocked after failures:
    # the answer must not tell a guesser which names exist or are blocked.
    "login.wrong": (
        "Benutzername oder Passwort ist falsch. Nach mehreren Fehlversuchen bitte einige Minuten warten.",
        "User name or password is wrong. After several failed attempts, please wait a few minutes.",
    ),
    "logout": ("Abmelden", "Sign out"),
    "role.admin": ("Verwaltung", "Administrator"),
    "role.coordination": ("Koordination", "Coordination"),
    "role.leadership": ("Leitung", "Leadership"),
    "role.reception": ("Empfang", "Reception"),
    "role.partner": ("Partnerorganisation", "Partner organisation"),
    "role.team": ("Teammitglied", "Team member"),
    "signed_in_as": ("Angemeldet als {login} ({role})", "Signed in as {login} ({role})"),
    "forbidden.title": ("Kein Zugriff", "No access"),
    "forbidden.text": (
        "Ihre Rolle darf diese Seite nicht öffnen.",
        "Your role may not open this page.",
    ),
    # places and groups
    "location.infopoint": ("Infopoint", "Infopoint"),
    "location.centre": ("Servicezentrum", "Service centre"),
    "group.ukraine": ("Ukraine", "Ukraine"),
    "group.other": ("andere Nationalitäten", "other nationalities"),
    "chart.table": ("Daten als Tabelle", "Data as a table"),
    "col.day": ("Tag", "Day"),
    "col.location": ("Standort", "Place"),
    "col.group": ("Zielgruppe", "Target group"),
    "col.visits": ("Besuche", "Visits"),
    "col.period": ("Zeitraum", "Period"),
    # placeholders of pages later issues fill
    "trends.title": ("Entwicklung", "Trends"),
    "trends.future": (
        "Besuche pro Tag, Kalenderwoche und Monat nach Standort, Zielgruppe, Anliegen und Sprache; "
        "Vorjahresvergleich; Wochentag-Uhrzeit-Heatmap; Wartezeiten; Prognose mit Intervall; Export als CSV und XLSX.",
        "Visits per day, ISO week and month by place, target group, concern and language; year over "
        "year; weekday-by-hour heat map; wait times; forecast with its interval; CSV and XLSX export.",
    ),
    "staff.title": ("Team und Abwesenheiten", "Staff and absences"),
    "partner.title": ("Partnerportal", "Partner portal"),
    "partner.future": (
        "Die veröffentlichten Dienste Ihrer Organisation: Person benennen, bestätigen oder absagen; Kalender-Abo.",
        "Your organisation's published shifts: name the person, confirm or decline; calendar subscription.",
    ),
    "checkin.title": ("Empfang", "Check-in"),
    "checkin.future": (
        "Ankunft in höchstens drei Klicks erfassen; Warteliste; nächste Person aufrufen; Beratung abschließen.",
        "Record an arrival in at most three clicks; waiting list; call the next visitor; finish.",
    ),
    "admin.title": ("Verwaltung", "Admin"),
    "admin.future": (
        "Benutzer und Rollen, Team, Standorte, Öffnungszeiten, Schichtvorlagen, Regeln, Geräte-Token.",
        "Users and roles, staff, places, opening hours, shift templates, rules, device tokens.",
    ),
}
