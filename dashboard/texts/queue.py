"""Texts of the walk-in queue: the desk (German, English) and the visitors' pages (the call
display, the ticket and its status page) in the languages visitors read."""

TEXTS: dict[str, tuple[str, str]] = {
    "nav.queue": ("Aufruf", "Calling"),
    "queue.title": ("Aufruf am Schalter", "Calling at the desk"),
    "queue.place": ("Ort", "Place"),
    "queue.desk": ("Schalter", "Desk"),
    "queue.choose_desk": ("Bitte Ort und Schalter wählen.", "Please choose the place and the desk."),
    "queue.current": ("Am Schalter", "At the desk"),
    "queue.none_current": ("Niemand aufgerufen.", "Nobody called."),
    "queue.waiting": ("Wartend ({n})", "Waiting ({n})"),
    "queue.parked": ("Kurz draußen ({n})", "Stepped out ({n})"),
    "queue.nobody": ("Niemand wartet.", "Nobody is waiting."),
    "queue.col.number": ("Nummer", "Number"),
    "queue.col.queue": ("Schlange", "Queue"),
    "queue.col.minutes": ("Wartet seit (Min.)", "Waiting (min)"),
    "queue.col.language": ("Sprache", "Language"),
    "queue.col.concern": ("Anliegen", "Concern"),
    "queue.ticket": ("Wartenummer", "Ticket"),
    "queue.call_next": ("Nächste Nummer aufrufen", "Call the next number"),
    "queue.call_chosen": ("Gewählte Nummer aufrufen", "Call the chosen number"),
    "queue.recall": ("Erneut aufrufen", "Call again"),
    "queue.park": ("Kurz draußen (parken)", "Stepped out (park)"),
    "queue.back_in_line": ("Zurück in die Schlange", "Back in line"),
    "queue.no_show": ("Nicht erschienen", "Did not come"),
    "queue.refer": ("Weiterleiten an", "Refer to"),
    "queue.refer_button": ("Weiterleiten", "Refer"),
    "queue.finish": ("Fertig", "Done"),
    "queue.done.call_next": ("{label} ist aufgerufen.", "{label} is called."),
    "queue.done.call": ("{label} ist aufgerufen.", "{label} is called."),
    "queue.done.recall": ("{label} ist erneut aufgerufen.", "{label} is called again."),
    "queue.done.park": ("{label} ist geparkt und behält den Platz.", "{label} is parked and keeps its place."),
    "queue.done.back_in_line": ("{label} wartet wieder.", "{label} is waiting again."),
    "queue.done.no_show": ("{label}: nicht erschienen.", "{label}: did not come."),
    "queue.done.refer": ("{label} ist weitergeleitet.", "{label} is referred."),
    "queue.done.finish": ("{label} ist fertig.", "{label} is done."),
    "queue.done.empty": ("Niemand wartet in den Schlangen dieses Schalters.", "Nobody waits in this desk's queues."),
    "queue.error.ticket.required": ("Bitte zuerst eine Nummer wählen.", "Please choose a number first."),
    "queue.error.ticket.unknown": ("Diese Nummer gibt es hier heute nicht.", "This number does not exist here today."),
    "queue.error.ticket.closed": ("Diese Nummer ist schon erledigt.", "This number is already done."),
    "queue.error.ticket.already_called": ("Diese Nummer ist schon aufgerufen.", "This number is already called."),
    "queue.error.ticket.not_called": ("Diese Nummer ist nicht aufgerufen.", "This number is not called."),
    "queue.error.ticket.not_parked": ("Diese Nummer ist nicht geparkt.", "This number is not parked."),
    "queue.error.queue.unknown": ("Bitte eine Schlange wählen.", "Please choose a queue."),
    "queue.error.queue.same_queue": ("Die Nummer wartet schon in dieser Schlange.", "The number already waits in that queue."),
    "queue.error.desk.unknown": ("Bitte einen Schalter wählen.", "Please choose a desk."),
    "queue.error.action.unknown": ("Unbekannter Schritt.", "Unknown step."),
    "queue.error.number.busy": ("Bitte noch einmal versuchen.", "Please try again."),
    "queue.print": ("Nummer drucken", "Print ticket"),
    "queue.issued": ("Wartenummer {label}", "Ticket {label}"),
    "queue.displays": ("Aufrufanzeigen", "Call displays"),
    "queue.display.label": ("Bezeichnung", "Label"),
    "queue.display.create": ("Anzeige-Zugang anlegen", "Create display access"),
    "queue.display.created": ("Adresse der Anzeige (nur jetzt sichtbar): {url}", "Address of the display (shown only now): {url}"),
    "queue.display.revoke": ("Widerrufen", "Revoke"),
    "queue.display.revoked": ("Widerrufen am {at}", "Revoked on {at}"),
    "queue.display.live": ("aktiv", "active"),
    "queue.display.which": ("Anzeige-Zugang", "Display access"),
    "queue.display.revoked_now": ("Der Zugang ist widerrufen; die Anzeige zeigt nichts mehr.",
                                  "The access is revoked; the display shows nothing any more."),
    "queue.display.col.label": ("Bezeichnung", "Label"),
    "queue.display.col.created": ("Angelegt", "Created"),
    "queue.display.col.by": ("Von", "By"),
    "queue.display.col.state": ("Stand", "State"),
    "queue.figures.title": ("Heute an den Schaltern", "Today at the desks"),
    "queue.figures.none": ("Heute noch keine Nummer.", "No ticket yet today."),
    "queue.figures.place": ("Ort", "Place"),
    "queue.figures.desk": ("Schalter", "Desk"),
    "queue.figures.queue": ("Schlange", "Queue"),
    "queue.figures.steps": ("Schritte", "Steps"),
    "queue.figures.served": ("Beraten", "Served"),
    "queue.figures.referred": ("Weitergeleitet", "Referred"),
    "queue.figures.no_show": ("Nicht erschienen", "Did not come"),
    "queue.figures.wait": ("Wartezeit Ø (Min.)", "Mean wait (min)"),
    "queue.figures.service": ("Beratung Ø (Min.)", "Mean service (min)"),
    "queue.figures.parked": ("Draußen (Min.)", "Stepped out (min)"),
    "queue.parked_ticket": ("{label} (kurz draußen)", "{label} (stepped out)"),
    "audit.action.queue_call_next": ("Nächste Nummer aufgerufen", "Next number called"),
    "audit.action.queue_call": ("Nummer aufgerufen", "Number called"),
    "audit.action.queue_recall": ("Nummer erneut aufgerufen", "Number called again"),
    "audit.action.queue_park": ("Nummer geparkt", "Number parked"),
    "audit.action.queue_back_in_line": ("Nummer wieder in der Schlange", "Number back in line"),
    "audit.action.queue_no_show": ("Nicht erschienen", "Did not come"),
    "audit.action.queue_refer": ("Weitergeleitet", "Referred"),
    "audit.action.queue_finish": ("Besuch am Schalter beendet", "Visit at the desk finished"),
    "audit.action.display_token_created": ("Anzeige-Zugang angelegt", "Display access created"),
    "audit.action.display_token_revoked": ("Anzeige-Zugang widerrufen", "Display access revoked"),
    "audit.object.display_token": ("Anzeige-Zugang", "Display access"),
}

# The languages of the visitors' pages, in the order the display cycles through them, and
# those written right to left.
VISITOR_LANGUAGES = ("de", "uk", "ru", "ar", "tr", "fa", "en")
RTL = frozenset({"ar", "fa"})
LANGUAGE_NAMES = {"de": "Deutsch", "uk": "Українська", "ru": "Русский", "ar": "العربية", "tr": "Türkçe",
                  "fa": "فارسی", "en": "English"}

# key -> {language: text}; every key in every visitor language (tests/test_queue_pages.py).
VISITOR: dict[str, dict[str, str]] = {
    "display.title": {
        "de": "Aufruf", "uk": "Виклик", "ru": "Вызов", "ar": "النداء", "tr": "Çağrı", "fa": "فراخوان",
        "en": "Now calling"},
    "display.number": {
        "de": "Nummer", "uk": "Номер", "ru": "Номер", "ar": "الرقم", "tr": "Numara", "fa": "شماره", "en": "Number"},
    "display.desk": {
        "de": "Schalter", "uk": "Віконце", "ru": "Окно", "ar": "الشباك", "tr": "Gişe", "fa": "باجه", "en": "Desk"},
    "display.next": {
        "de": "Als Nächstes", "uk": "Наступні", "ru": "Следующие", "ar": "التالي", "tr": "Sıradakiler",
        "fa": "نفرات بعدی", "en": "Next"},
    "display.wait": {
        "de": "Wartezeit jetzt etwa {minutes} Minuten", "uk": "Час очікування зараз близько {minutes} хв",
        "ru": "Время ожидания сейчас около {minutes} мин", "ar": "مدة الانتظار الآن حوالي {minutes} دقيقة",
        "tr": "Şu anki bekleme süresi yaklaşık {minutes} dakika", "fa": "زمان انتظار اکنون حدود {minutes} دقیقه",
        "en": "Waiting time now about {minutes} minutes"},
    "display.none": {
        "de": "Zurzeit wird niemand aufgerufen.", "uk": "Зараз нікого не викликають.",
        "ru": "Сейчас никого не вызывают.", "ar": "لا يوجد نداء حاليًا.", "tr": "Şu anda kimse çağrılmıyor.",
        "fa": "در حال حاضر کسی فراخوانده نمی‌شود.", "en": "Nobody is being called right now."},
    "display.unavailable": {
        "de": "Diese Anzeige ist nicht (mehr) freigeschaltet.", "uk": "Цей екран не активовано.",
        "ru": "Этот экран не активирован.", "ar": "هذه الشاشة غير مفعلة.", "tr": "Bu ekran etkin değil.",
        "fa": "این نمایشگر فعال نیست.", "en": "This display is not (or no longer) enabled."},
    "status.title": {
        "de": "Ihre Wartenummer", "uk": "Ваш номер черги", "ru": "Ваш номер очереди", "ar": "رقم انتظارك",
        "tr": "Sıra numaranız", "fa": "شماره نوبت شما", "en": "Your ticket"},
    "status.ahead": {
        "de": "Vor Ihnen: {n}", "uk": "Перед вами: {n}", "ru": "Перед вами: {n}", "ar": "قبلك: {n}",
        "tr": "Önünüzde: {n}", "fa": "پیش از شما: {n}", "en": "Ahead of you: {n}"},
    "status.wait": {
        "de": "Voraussichtliche Wartezeit: etwa {minutes} Minuten",
        "uk": "Орієнтовний час очікування: близько {minutes} хв",
        "ru": "Ожидаемое время ожидания: около {minutes} мин",
        "ar": "مدة الانتظار المتوقعة: حوالي {minutes} دقيقة",
        "tr": "Tahmini bekleme süresi: yaklaşık {minutes} dakika",
        "fa": "زمان انتظار تقریبی: حدود {minutes} دقیقه",
        "en": "Expected wait: about {minutes} minutes"},
    "status.step_out": {
        "de": "Sie können kurz hinausgehen; bitte kommen Sie rechtzeitig zurück.",
        "uk": "Ви можете ненадовго вийти; будь ласка, поверніться вчасно.",
        "ru": "Вы можете ненадолго выйти; пожалуйста, вернитесь вовремя.",
        "ar": "يمكنك الخروج قليلًا؛ يرجى العودة في الوقت المناسب.",
        "tr": "Kısa bir süre dışarı çıkabilirsiniz; lütfen zamanında geri dönün.",
        "fa": "می‌توانید کمی بیرون بروید؛ لطفاً به موقع برگردید.",
        "en": "You may step outside for a while; please be back in time."},
    "status.called": {
        "de": "Sie werden jetzt aufgerufen: bitte zum Schalter {desk}.",
        "uk": "Вас викликають: будь ласка, підійдіть до віконця {desk}.",
        "ru": "Вас вызывают: пожалуйста, подойдите к окну {desk}.",
        "ar": "يتم نداؤك الآن: يرجى التوجه إلى الشباك {desk}.",
        "tr": "Şimdi çağrılıyorsunuz: lütfen {desk} gişesine gelin.",
        "fa": "اکنون نوبت شماست: لطفاً به باجه {desk} بروید.",
        "en": "You are being called: please go to desk {desk}."},
    "status.parked": {
        "de": "Sie sind kurz draußen gemeldet. Melden Sie sich bei Ihrer Rückkehr am Empfang; Ihr Platz bleibt.",
        "uk": "Ви позначені як тимчасово відсутні. Після повернення зверніться на рецепцію; ваше місце збережено.",
        "ru": "Вы отмечены как временно отсутствующий. По возвращении обратитесь на ресепшн; ваше место сохранено.",
        "ar": "تم تسجيلك كخارج مؤقتًا. عند عودتك توجه إلى الاستقبال؛ مكانك محفوظ.",
        "tr": "Kısa süreliğine dışarıda olarak kaydedildiniz. Döndüğünüzde resepsiyona bildirin; yeriniz korunur.",
        "fa": "شما موقتاً بیرون ثبت شده‌اید. هنگام بازگشت به پذیرش مراجعه کنید؛ جای شما محفوظ است.",
        "en": "You are marked as stepped out. Tell reception when you are back; your place is kept."},
    "status.done": {
        "de": "Ihr Besuch ist abgeschlossen. Danke!", "uk": "Ваш візит завершено. Дякуємо!",
        "ru": "Ваш визит завершён. Спасибо!", "ar": "انتهت زيارتك. شكرًا!", "tr": "Ziyaretiniz tamamlandı. Teşekkürler!",
        "fa": "مراجعه شما به پایان رسید. سپاس!", "en": "Your visit is finished. Thank you!"},
    "status.unknown": {
        "de": "Diese Wartenummer ist nicht (mehr) gültig.", "uk": "Цей номер недійсний.",
        "ru": "Этот номер недействителен.", "ar": "رقم الانتظار هذا غير صالح.", "tr": "Bu sıra numarası geçerli değil.",
        "fa": "این شماره نوبت معتبر نیست.", "en": "This ticket is not (or no longer) valid."},
    "status.language": {
        "de": "Sprache", "uk": "Мова", "ru": "Язык", "ar": "اللغة", "tr": "Dil", "fa": "زبان", "en": "Language"},
    "ticket.scan": {
        "de": "Scannen: Ihre Wartezeit auf dem Handy", "uk": "Скануйте: ваш час очікування на телефоні",
        "ru": "Сканируйте: время ожидания на телефоне", "ar": "امسح الرمز: وقت انتظارك على هاتفك",
        "tr": "Tarayın: bekleme süreniz telefonunuzda", "fa": "اسکن کنید: زمان انتظار شما در تلفن",
        "en": "Scan: your waiting time on your phone"},
}


def visitor_text(key: str, lang: str, **values) -> str:
    """A visitor page's text in `lang` (German where the language is not offered)."""
    texts = VISITOR[key]
    text = texts.get(lang) or texts["de"]
    return text.format(**values) if values else text
