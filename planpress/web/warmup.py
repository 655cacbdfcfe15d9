"""Make the server's first pages as quick as the rest: before gunicorn forks its workers, the
master imports every view, compiles every template and renders the sign-in page once, so each
worker starts with all of it in memory (shared, copy-on-write) instead of paying for it in the
first requests of the day. Database connections are closed before the fork: a worker must not
share its parent's."""

from __future__ import annotations

from pathlib import Path


def warm() -> None:
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # imports every view module
    for engine in engines.all():
        for folder in engine.template_dirs:
            for path in sorted(Path(folder).rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue
    _answer_sign_in_page()
    connections.close_all()


def _answer_sign_in_page() -> None:
    """The sign-in view called directly, past the middleware: the scheduled jobs (the daily build,
    the staff sync) must start in a worker on a real request, never in the master before it forks."""
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import RequestFactory
    from django.urls import resolve

    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "127.0.0.1")
    request = RequestFactory(HTTP_HOST=host).get("/accounts/sign-in/")
    request.user, request.session = AnonymousUser(), SessionBase()
    match = resolve(request.path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
