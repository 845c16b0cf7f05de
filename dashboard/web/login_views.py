"""Login and logout: plain Flask views, so they work before any Dash code is loaded."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlparse

import flask

from dashboard.texts.i18n import current_language, t
from dashboard.components.plain_page import plain_page

MAIN = """<h1 class="h3 mb-3">MigraDo Ops – {title}</h1>
{message}
{sso}
<form method="post" action="/login" class="card card-body" novalidate>
<input type="hidden" name="next" value="{next}">
<div class="mb-3"><label for="login" class="form-label">{login_label}</label>
<input id="login" name="login" class="form-control" autocomplete="username" required autofocus value="{login}"></div>
<div class="mb-3"><label for="password" class="form-label">{password_label}</label>
<input id="password" name="password" type="password" class="form-control" autocomplete="current-password" required></div>
<button type="submit" class="btn btn-primary">{submit}</button>
</form>"""


def safe_next(target: str | None) -> str:
    """Only a local path: an open redirect to another site would help phishing."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


SSO = """<a class="btn btn-primary w-100 mb-3" href="/login/sso?next={next}">{button}</a>
<p class="mb-2">{local}</p>"""


def _sso_block(lang: str, next_: str) -> str:
    from dashboard.web import sso_views

    if not sso_views.enabled():
        return ""
    return SSO.format(next=escape(quote(next_, safe="/")), button=escape(t("login.sso.button", lang)),
                      local=escape(t("login.sso.or", lang)))


def _render(message_key: str | None = None, login: str = "", next_: str = "/", status: int = 200):
    lang = current_language()
    message = (
        f'<div class="alert alert-danger" role="alert">{escape(t(message_key, lang))}</div>'
        if message_key
        else ""
    )
    title = escape(t("login.title", lang))
    main = MAIN.format(
        title=title, message=message, next=escape(next_), sso=_sso_block(lang, next_),
        login_label=escape(t("login.login", lang)), password_label=escape(t("login.password", lang)),
        submit=escape(t("login.submit", lang)), login=escape(login),
    )
    body = plain_page(lang, title, main, main_class="container", main_style="max-width: 26rem; margin-top: 8vh",
                      body_class="bg-light")
    return flask.Response(body, status=status, mimetype="text/html")


def register(server: flask.Flask) -> None:
    from dashboard.services import login_throttle, session_versions
    from dashboard.web.auth import HOME_BY_ROLE, CurrentUser, authenticate, session_user

    @server.get("/login")
    def login_form():
        return _render(next_=safe_next(flask.request.args.get("next")))

    @server.post("/login")
    def login_submit():
        form = flask.request.form
        login, next_ = form.get("login", ""), safe_next(form.get("next"))
        user = login_throttle.sign_in(login, form.get("password", ""), lambda name, pw: authenticate(name, pw)[1])
        if user is None:  # wrong, unknown or blocked: one answer
            return _render("login.wrong", login, next_, status=401)
        return _start_session(user, session_versions.current(user.id), next_)

    def _start_session(user, version: int, next_: str, *, via_sso: bool = False):
        """A new session for a signed-in user (password or city account): nothing of before is kept."""
        user = CurrentUser(user.id, user.login, user.role, user.organisation_id, getattr(user, "staff_id", None))
        flask.session.clear()
        flask.session["user"] = user.__dict__
        flask.session["sv"] = version
        if via_sso:
            flask.session["sso"] = True
        flask.session.permanent = True
        if next_ == "/" or not user.may_open(next_.split("?")[0]):
            next_ = HOME_BY_ROLE.get(user.role, "/")
        return flask.redirect(next_)

    from dashboard.web import sso_views

    sso_views.register(
        server, lambda key, status: _render(key, next_=safe_next(flask.session.get("sso_next")), status=status),
        _start_session, safe_next,
    )

    @server.post("/logout")
    def logout():
        user = session_user()
        via_sso = bool(flask.session.get("sso"))
        if user is not None:
            session_versions.end_all(user.id)  # every device of this user, not only this cookie
        flask.session.clear()
        if via_sso:  # the city's provider ends its session too, then sends the browser back here
            from dashboard.web import sso_views

            target = sso_views.logout_url(flask.url_for("login_form", _external=True))
            if target:
                return flask.redirect(target)
        return flask.redirect("/login")

    @server.get("/healthz")
    def health():
        return {"status": "ok"}
