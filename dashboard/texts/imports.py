"""Texts of file imports: what is wrong, where (row, column, value), and the dry run's summary."""

TEXTS: dict[str, tuple[str, str]] = {
    "imports.where.cell": ("Zeile {row}, Spalte „{column}“, Wert „{value}“: ", "Row {row}, column '{column}', value '{value}': "),
    "imports.where.row": ("Zeile {row}: ", "Row {row}: "),
    "imports.error.too_large": (
        "Die Datei ist zu groß ({value}); höchstens 10 MB, bitte aufteilen.",
        "The file is too large ({value}); at most 10 MB, please split it.",
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
    "imports.error.missing_column": ("Die Spalte „{column}“ fehlt in der Kopfzeile.", "The column '{column}' is missing from the header."),
    "imports.error.bad_date": (
        "kein gültiger Zeitpunkt (erwartet z. B. 2024-03-05 09:30 oder 05.03.2024 09:30).",
        "not a valid time (expected e.g. 2024-03-05 09:30 or 05.03.2024 09:30).",
    ),
    "imports.error.future": ("liegt in der Zukunft.", "lies in the future."),
    "imports.error.unknown": ("unbekannter Wert.", "unknown value."),
    "imports.error.order": ("liegt vor dem vorigen Zeitpunkt des Besuchs.", "lies before the visit's previous time."),
    "imports.error.formula": (
        "beginnt mit =, +, - oder @ und würde in Tabellenprogrammen als Formel ausgeführt; abgelehnt.",
        "starts with =, +, - or @ and would run as a formula in spreadsheet programs; refused.",
    ),
    "imports.error.duplicate": ("derselbe Besuch steht zweimal in der Datei.", "the same visit is twice in the file."),
    "imports.summary": (
        "{rows} Zeilen geprüft: {new} neue Besuche, {stored} schon gespeichert (werden übersprungen).",
        "{rows} rows checked: {new} new visits, {stored} already stored (skipped).",
    ),
    "imports.refused": ("Nichts wurde gespeichert. Bitte die Datei korrigieren:", "Nothing was saved. Please correct the file:"),
    "imports.written": ("{new} Besuche in einem Schritt gespeichert.", "{new} visits saved in one step."),
    "imports.page.title": ("Besuche importieren", "Import visits"),
    "imports.page.back": ("Zurück zur Verwaltung", "Back to admin"),
    "imports.page.intro": (
        "CSV (UTF-8, Semikolon oder Komma) oder XLSX, eine Zeile je Besuch, Spalten ankunft, standort, "
        "zielgruppe, sprache, anliegen; wahlweise aufruf, ende, ergebnis, dolmetscher. Erst prüfen: "
        "Der Probelauf zeigt, was sich ändern würde, und speichert nichts.",
        "CSV (UTF-8, semicolon or comma) or XLSX, one row per visit, columns ankunft, standort, "
        "zielgruppe, sprache, anliegen; optionally aufruf, ende, ergebnis, dolmetscher. Check first: "
        "the dry run shows what would change and saves nothing.",
    ),
    "imports.page.file": ("Datei", "File"),
    "imports.page.check": ("Prüfen (Probelauf)", "Check (dry run)"),
    "imports.page.run": ("Importieren", "Import"),
    "imports.page.next": (
        "Zum Speichern dieselbe Datei wählen und „Importieren“ drücken.",
        "To save, choose the same file and press 'Import'.",
    ),
    "imports.admin.title": ("Besuche importieren", "Import visits"),
    "imports.admin.text": (
        "Frühere Besuche aus einer CSV- oder Excel-Datei übernehmen; ein Probelauf zeigt vorher, was sich ändert.",
        "Take over earlier visits from a CSV or Excel file; a dry run first shows what would change.",
    ),
}
