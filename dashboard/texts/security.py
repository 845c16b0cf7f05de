"""Texts of refused requests: too large, from another site, malformed, too many, not found."""

TEXTS: dict[str, tuple[str, str]] = {
    "http.back": ("Zur Startseite", "To the start page"),
    "http.400.title": ("Ungültige Anfrage", "Bad request"),
    "http.400.text": ("Die Anfrage konnte nicht gelesen werden.", "The request could not be read."),
    "http.400.field": ("Die Anfrage ist ungültig im Feld „{field}“.", "The request is invalid in the field “{field}”."),
    "http.403.title": ("Kein Zugriff", "Access denied"),
    "http.403.text": ("Für diese Seite oder Aktion fehlt die Berechtigung.",
                      "You are not allowed to open this page or do this."),
    "http.403.cross_site": (
        "Die Anfrage kam von einer anderen Website und wurde abgelehnt. Bitte die Aktion in "
        "MigraDo Ops selbst auslösen.",
        "The request came from another website and was refused. Please start the action in "
        "MigraDo Ops itself.",
    ),
    "http.404.title": ("Seite nicht gefunden", "Page not found"),
    "http.404.text": ("Diese Adresse gibt es nicht.", "This address does not exist."),
    "http.405.title": ("Methode nicht erlaubt", "Method not allowed"),
    "http.405.text": ("Diese Adresse kann so nicht aufgerufen werden.", "This address cannot be called this way."),
    "http.413.title": ("Anfrage zu groß", "Request too large"),
    "http.413.text": ("Die Anfrage ist zu groß: höchstens {limit}.", "The request is too large: at most {limit}."),
    "http.429.title": ("Zu viele Anfragen", "Too many requests"),
    "http.429.text": ("Zu viele Versuche in kurzer Zeit. Bitte in einigen Minuten erneut versuchen.",
                      "Too many attempts in a short time. Please try again in a few minutes."),
    "http.500.title": ("Interner Fehler", "Internal error"),
    "http.500.text": (
        "Etwas ist schiefgegangen. Der Fehler ist protokolliert; bitte versuchen Sie es noch einmal.",
        "Something went wrong. The error has been logged; please try again.",
    ),
}
