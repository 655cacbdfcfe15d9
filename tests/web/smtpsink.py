"""A local SMTP server (aiosmtpd) the application's e-mail goes to, as the hospital's would be:
the messages arrive over SMTP through Django's SMTP backend, configured as PLANPRESS_SMTP_HOST."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from django.test import override_settings


class Sink:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message) -> str:
        return message.get_body(("plain",)).get_content()


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(PLANPRESS_SMTP_HOST="127.0.0.1", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port,
                               EMAIL_USE_TLS=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
                               EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
            yield sink
    finally:
        controller.stop()
