"""Whether the application can send e-mail: the hospital's SMTP server is set (settings
PLANPRESS_SMTP_HOST), or a test's mail backend is. The console backend, the default without a
server, only writes to the log: that is not sent, and the pages say so."""

from __future__ import annotations

from django.conf import settings


def configured() -> bool:
    return bool(settings.PLANPRESS_SMTP_HOST) or not settings.EMAIL_BACKEND.endswith(
        ("smtp.EmailBackend", "console.EmailBackend"))
