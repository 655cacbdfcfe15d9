"""Make the server's first pages as quick as the rest: before gunicorn forks its workers, the
master imports every view, compiles every template and answers the sign-in page once, so each
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
    from django.conf import settings
    from django.test import Client

    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "127.0.0.1")
    Client(HTTP_HOST=host).get("/accounts/sign-in/")
