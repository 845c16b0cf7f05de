"""Texts of fault answers: the database away, a background job lost, never started, failed or cut short."""

TEXTS: dict[str, tuple[str, str]] = {
    "errors.db.title": ("Vorübergehend nicht erreichbar", "Temporarily unavailable"),
    "errors.db.text": (
        "Die Datenbank ist gerade nicht erreichbar. Es ist nichts verloren gegangen; bitte "
        "versuchen Sie es in einer Minute noch einmal. Die Seite lädt sich von selbst neu.",
        "The database cannot be reached just now. Nothing has been lost; please try again in a "
        "minute. The page reloads by itself.",
    ),
    "errors.db.retry": ("Jetzt neu laden", "Reload now"),
    "errors.db.short": (
        "Datenbank vorübergehend nicht erreichbar, bitte später erneut versuchen.",
        "Database temporarily unavailable, please try again later.",
    ),
    "errors.job.lost": (
        "Die Berechnung ist abgebrochen: Der Rechenprozess wurde unerwartet beendet. Es wurde "
        "nichts gespeichert, der bisherige Stand gilt weiter. Bitte starten Sie die Berechnung neu.",
        "The calculation was aborted: its worker process ended unexpectedly. Nothing was saved; "
        "the previous state still applies. Please start the calculation again.",
    ),
    "errors.job.not_started": (
        "Die Berechnung wurde nicht gestartet: kein Rechen-Dienst (Worker) erreichbar. Bitte "
        "später erneut versuchen oder die Verwaltung informieren.",
        "The calculation was not started: no computing service (worker) is reachable. Please "
        "try again later or inform the administrators.",
    ),
    "errors.job.cancelled": (
        "Die Berechnung wurde abgebrochen, bevor sie begonnen hat. Es wurde nichts gespeichert.",
        "The calculation was cancelled before it began. Nothing was saved.",
    ),
    "errors.job.failed": (
        "Die Berechnung ist fehlgeschlagen. Ein halber Plan wird nie gespeichert; bitte versuchen "
        "Sie es erneut oder wenden Sie sich an die Verwaltung.",
        "The calculation failed. A partial plan is never saved; please try again or contact the "
        "administrators.",
    ),
    "solve.cut.stopped": (
        "Angehalten: Der beste bis dahin gefundene Plan ist als Entwurf gespeichert (nicht bewiesen optimal).",
        "Stopped: the best plan found so far is saved as the draft (not proven optimal).",
    ),
    "solve.cut.time_limit": (
        "Zeitlimit erreicht: Der beste bis dahin gefundene Plan ist als Entwurf gespeichert (nicht bewiesen optimal).",
        "Time limit reached: the best plan found so far is saved as the draft (not proven optimal).",
    ),
}
