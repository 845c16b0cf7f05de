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
    # single sign-on with the city's account (OpenID Connect, dashboard/web/sso_views.py)
    "login.sso.button": ("Mit städtischem Konto anmelden", "Sign in with your city account"),
    "login.sso.or": ("oder mit einem lokalen Konto:", "or with a local account:"),
    "login.sso.failed": (
        "Die Anmeldung mit dem städtischen Konto ist fehlgeschlagen oder abgelaufen. Bitte versuchen Sie es noch einmal.",
        "Signing in with your city account failed or expired. Please try again.",
    ),
    "login.sso.no_group": (
        "Ihr städtisches Konto ist keiner Rolle in MigraDo Ops zugeordnet (keine passende Gruppe). "
        "Bitte wenden Sie sich an die Administration.",
        "Your city account is not assigned to a role in MigraDo Ops (no matching group). "
        "Please contact the administrators.",
    ),
    "login.sso.local_account": (
        "Unter diesem Namen gibt es ein lokales Konto mit Passwort. Bitte melden Sie sich damit an "
        "oder lassen Sie es von der Administration deaktivieren.",
        "A local account with a password has this name. Please sign in with it, or ask the administrators "
        "to deactivate it.",
    ),
    "login.sso.inactive": (
        "Ihr Konto ist in MigraDo Ops deaktiviert. Bitte wenden Sie sich an die Administration.",
        "Your account is deactivated in MigraDo Ops. Please contact the administrators.",
    ),
    "login.sso.unknown_organisation": (
        "Die Organisation Ihrer Gruppe ist in MigraDo Ops nicht angelegt. Bitte wenden Sie sich an die Administration.",
        "The organisation of your group does not exist in MigraDo Ops. Please contact the administrators.",
    ),
    "login.sso.no_name": (
        "Das städtische Konto übermittelt keinen verwendbaren Benutzernamen.",
        "The city account does not send a usable user name.",
    ),
    "login.sso.unavailable": (
        "Der Anmeldedienst der Stadt ist gerade nicht erreichbar. Bitte später noch einmal versuchen "
        "oder mit einem lokalen Konto anmelden.",
        "The city's sign-in service cannot be reached right now. Please try again later or sign in with a "
        "local account.",
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
