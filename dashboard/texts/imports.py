"""Texts of file imports: what is wrong, where (row, column, value), and the dry run's summary."""

TEXTS: dict[str, tuple[str, str]] = {
    "imports.where.cell": ("Zeile {row}, Spalte „{column}“, Wert „{value}“: ", "Row {row}, column '{column}', value '{value}': "),
    "imports.where.row": ("Zeile {row}: ", "Row {row}: "),
    "imports.error.too_large": (
        "Die Datei ist zu groß ({value}); höchstens {limit} MB, bitte aufteilen.",
        "The file is too large ({value}); at most {limit} MB, please split it.",
    ),
    "imports.error.encoding": (
        "Die Datei ist nicht UTF-8-kodiert (erstes fremdes Zeichen {value}). Bitte als „CSV UTF-8“ speichern.",
        "The file is not UTF-8 encoded (first foreign byte {value}). Please save as 'CSV UTF-8'.",
    ),
    "imports.error.delimiter": (
        "Die Spalten sind nicht durch Semikolon oder Komma getrennt (Kopfzeile „{value}“).",
        "The columns are not separated by semicolons or commas (header '{value}').",
    ),
    "imports.error.not_xlsx": ("Die Datei ist keine Excel-Arbeitsmappe (.xlsx).", "The file is not an Excel workbook (.xlsx)."),
    "imports.error.empty": ("Die Datei ist leer.", "The file is empty."),
    "imports.error.duplicate_column": (
        "Die Spalte „{column}“ steht mehrfach in der Kopfzeile.", "The column '{column}' appears more than once in the header."),
    "imports.error.dimensions": (
        "Die Tabelle ist zu groß ({value}); höchstens 200.000 Zeilen und 50 Spalten.",
        "The sheet is too large ({value}); at most 200,000 rows and 50 columns."),
    "imports.error.missing_column": ("Die Spalte „{column}“ fehlt in der Kopfzeile.", "The column '{column}' is missing from the header."),
    "imports.error.bad_date": (
        "kein gültiger Zeitpunkt (erwartet z. B. 2024-03-05 09:30 oder 05.03.2024 09:30, Jahr 2000–2100).",
        "not a valid time (expected e.g. 2024-03-05 09:30 or 05.03.2024 09:30, year 2000–2100).",
    ),
    "imports.error.future": ("liegt in der Zukunft.", "lies in the future."),
    "imports.error.unknown": ("unbekannter Wert.", "unknown value."),
    "imports.error.order": ("liegt vor dem vorigen Zeitpunkt des Besuchs.", "lies before the visit's previous time."),
    "imports.error.formula": (
        "beginnt mit =, +, - oder @ und würde in Tabellenprogrammen als Formel ausgeführt; abgelehnt.",
        "starts with =, +, - or @ and would run as a formula in spreadsheet programs; refused.",
    ),
    "imports.error.duplicate": (
        "doppelt: dieselbe Angabe steht schon in Zeile {first}.",
        "duplicate: the same entry is already in row {first}.",
    ),
    "imports.error.bad_day": (
        "kein gültiges Datum (erwartet z. B. 2024-03-05 oder 05.03.2024, Jahr 2000–2100).",
        "not a valid date (expected e.g. 2024-03-05 or 05.03.2024, year 2000–2100).",
    ),
    "imports.error.not_integer": ("keine ganze Zahl.", "not a whole number."),
    "imports.error.not_number": ("keine Zahl (erwartet z. B. 39 oder 19,5).", "not a number (expected e.g. 39 or 19.5)."),
    "imports.error.negative": ("darf nicht negativ sein.", "must not be negative."),
    "imports.error.too_many": ("unplausibel groß (höchstens 100.000).", "implausibly large (at most 100,000)."),
    "imports.error.too_many_hours": (
        "mehr als 60 Wochenstunden sind nicht möglich.",
        "more than 60 hours a week are not possible.",
    ),
    "imports.error.balance_too_large": ("unplausibel (höchstens ±1.000 Stunden).", "implausible (at most ±1,000 hours)."),
    "imports.error.bad_email": ("ist keine E-Mail-Adresse.", "is not an e-mail address."),
    "imports.error.end_before_start": ("liegt vor „aktiv_ab“.", "lies before 'aktiv_ab'."),
    "imports.error.required": ("Wert fehlt.", "value missing."),
    "imports.error.too_long": ("zu lang (höchstens 80 Zeichen).", "too long (at most 80 characters)."),
    "imports.error.ambiguous": (
        "mehrere gespeicherte Mitarbeitende heißen so; bitte in der Verwaltung eindeutig benennen.",
        "several stored staff members have this name; please name them uniquely first.",
    ),
    "imports.error.has_visits": (
        "für diesen Tag, Standort und diese Zielgruppe sind schon einzelne Besuche gespeichert; "
        "die Zahl würde doppelt zählen.",
        "individual visits are already stored for this day, place and target group; "
        "the count would be counted twice.",
    ),
    "imports.error.has_counts": (
        "für diesen Tag, Standort und diese Zielgruppe ist schon eine Tageszahl gespeichert; "
        "der Besuch würde doppelt zählen.",
        "a daily count is already stored for this day, place and target group; the visit would be counted twice.",
    ),
    "imports.summary": (
        "{rows} Zeilen geprüft: {new} neue Besuche, {stored} schon gespeichert (werden übersprungen).",
        "{rows} rows checked: {new} new visits, {stored} already stored (skipped).",
    ),
    "imports.refused": ("Nichts wurde gespeichert. Bitte die Datei korrigieren:", "Nothing was saved. Please correct the file:"),
    "imports.written": ("{new} Besuche in einem Schritt gespeichert.", "{new} visits saved in one step."),
    "imports.more": ("… und {n} weitere.", "… and {n} more."),
    "imports.counts.summary": (
        "{rows} Zeilen geprüft: {new} neue Tageszahlen an {days} Tagen, {changed} geänderte, {same} unverändert.",
        "{rows} rows checked: {new} new daily counts on {days} days, {changed} changed, {same} unchanged.",
    ),
    "imports.counts.new_days": ("Neu: {first} bis {last}, zusammen {n} Besuche.", "New: {first} to {last}, {n} visits in all."),
    "imports.counts.would_change": ("würde sich von {old} auf {new} ändern.", "would change from {old} to {new}."),
    "imports.counts.changed": ("von {old} auf {new} geändert.", "changed from {old} to {new}."),
    "imports.counts.written": ("{n} Tageszahlen in einem Schritt gespeichert.", "{n} daily counts saved in one step."),
    "imports.staff.summary": (
        "{rows} Zeilen geprüft: {added} neue Mitarbeitende, {changed} mit Änderungen, {same} unverändert.",
        "{rows} rows checked: {added} new staff members, {changed} with changes, {same} unchanged.",
    ),
    "imports.staff.would_add": ("{name}: würde neu angelegt.", "{name}: would be added."),
    "imports.staff.added": ("{name}: neu angelegt.", "{name}: added."),
    "imports.staff.field": ("{column} {old} → {new}", "{column} {old} → {new}"),
    "imports.staff.written": (
        "{n} Mitarbeitende in einem Schritt gespeichert.",
        "{n} staff members saved in one step.",
    ),
    "imports.page.title": ("Daten importieren", "Import data"),
    "imports.page.back": ("Zurück zur Verwaltung", "Back to admin"),
    "imports.page.intro": (
        "CSV (UTF-8, Semikolon oder Komma) oder XLSX, höchstens 10 MB, erste Zeile mit den Spaltennamen. "
        "Erst prüfen: Der Probelauf zeigt, was sich ändern würde, und speichert nichts. Eine Datei mit "
        "einem einzigen Fehler wird ganz abgelehnt.",
        "CSV (UTF-8, semicolon or comma) or XLSX, at most 10 MB, the first row naming the columns. "
        "Check first: the dry run shows what would change and saves nothing. A file with a single "
        "error is refused as a whole.",
    ),
    "imports.page.kind": ("Was wird importiert?", "What is imported?"),
    "imports.kind.visits": ("Besuche (eine Zeile je Besuch)", "Visits (one row per visit)"),
    "imports.kind.visits.help": (
        "Spalten ankunft, standort, zielgruppe, sprache, anliegen; wahlweise aufruf, ende, ergebnis, dolmetscher.",
        "Columns ankunft, standort, zielgruppe, sprache, anliegen; optionally aufruf, ende, ergebnis, dolmetscher.",
    ),
    "imports.kind.day_counts": (
        "Tageszahlen (eine Zeile je Tag, Standort und Zielgruppe)",
        "Daily counts (one row per day, place and target group)",
    ),
    "imports.kind.day_counts.help": (
        "Spalten datum, standort, zielgruppe, anzahl; für Zeiten, aus denen nur Zahlen vorliegen.",
        "Columns datum, standort, zielgruppe, anzahl; for times known only as numbers.",
    ),
    "imports.kind.staff": ("Mitarbeitendenliste", "Staff list"),
    "imports.kind.staff.help": (
        "Spalten name, rolle, organisation, wochenstunden, aktiv_ab; wahlweise sprachen, standorte, aktiv_bis. "
        "Rollen, Organisationen und Standorte so, wie sie hier heißen. Gleicher Name: Die Angaben werden "
        "aktualisiert; eine leere Zelle lässt den gespeicherten Wert stehen, „leeren“ löscht ihn.",
        "Columns name, rolle, organisation, wochenstunden, aktiv_ab; optionally sprachen, standorte, aktiv_bis. "
        "Roles, organisations and places as named here. Same name: the record is updated; an empty cell keeps "
        "the stored value, \"clear\" removes it.",
    ),
    "imports.page.file": ("Datei", "File"),
    "imports.page.check": ("Prüfen (Probelauf)", "Check (dry run)"),
    "imports.page.run": ("Importieren", "Import"),
    "imports.page.next": (
        "Zum Speichern dieselbe Datei wählen und „Importieren“ drücken.",
        "To save, choose the same file and press 'Import'.",
    ),
    "imports.admin.title": ("Daten importieren", "Import data"),
    "imports.admin.text": (
        "Frühere Besuche, Tageszahlen oder die Mitarbeitendenliste aus einer CSV- oder Excel-Datei übernehmen; "
        "ein Probelauf zeigt vorher, was sich ändert.",
        "Take over earlier visits, daily counts or the staff list from a CSV or Excel file; a dry run first "
        "shows what would change.",
    ),
}
