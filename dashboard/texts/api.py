"""Error messages of the check-in REST API (sent in German and English together)."""

TEXTS: dict[str, tuple[str, str]] = {
    "api.error.unauthorized": (
        "Gerätetoken fehlt, ist unbekannt oder widerrufen.", "Device token missing, unknown or revoked."
    ),
    "api.error.not_json": ("Der Inhalt muss ein JSON-Objekt sein.", "The body must be a JSON object."),
    "api.error.missing": ("Pflichtfeld fehlt.", "Required field is missing."),
    "api.error.unknown": ("Unbekannter Wert.", "Unknown value."),
    "api.error.type": ("Falscher Typ.", "Wrong type."),
    "api.error.datetime": (
        "Erwartet wird Datum und Uhrzeit nach ISO 8601, z. B. 2026-11-25T09:30:00.",
        "Expected an ISO 8601 date and time, e.g. 2026-11-25T09:30:00.",
    ),
    "api.error.field_unknown": ("Dieses Feld gibt es nicht.", "There is no such field."),
    "api.error.empty": ("Mindestens ein Feld muss angegeben werden.", "At least one field must be given."),
    "api.error.key": (
        "Idempotency-Key fehlt oder ist ungültig (1–128 sichtbare Zeichen).",
        "Idempotency-Key is missing or invalid (1–128 visible characters).",
    ),
    "api.error.key_reused": (
        "Dieser Idempotency-Key wurde schon für eine andere Ankunft verwendet.",
        "This Idempotency-Key was already used for a different arrival.",
    ),
    "api.error.no_route": ("Diese API-Adresse gibt es nicht.", "There is no such API address."),
    "api.error.not_found": ("Besuch nicht gefunden.", "Visit not found."),
    "api.error.closed": ("Der Besuch ist schon abgeschlossen.", "The visit is already closed."),
    "api.error.already_called": ("Der Besuch wurde schon aufgerufen.", "The visit was already called."),
    "api.error.before_arrival": ("Aufruf liegt vor der Ankunft.", "Call is before the arrival."),
    "api.error.not_called": (
        "Abschluss ohne Aufruf: zuerst called_at setzen.", "Finished without a call: set called_at first."
    ),
    "api.error.before_call": ("Abschluss liegt vor dem Aufruf.", "Finish is before the call."),
    "api.error.future": ("Zeitpunkt liegt in der Zukunft.", "Time is in the future."),
    "api.error.too_early": ("Zeitpunkt liegt zu weit zurück (Ankunft höchstens 7 Tage, sonst nicht vor 2000).",
                            "Time lies too far back (an arrival at most 7 days, otherwise not before 2000)."),
    "api.error.too_late": ("Zeitpunkt liegt mehr als 24 Stunden nach der Ankunft.",
                           "Time is more than 24 hours after the arrival."),
    "api.error.method": ("Diese Methode ist hier nicht erlaubt (siehe Allow).",
                         "This method is not allowed here (see Allow)."),
}
