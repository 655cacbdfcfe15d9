"""Security headers Django does not set itself: a Content-Security-Policy without inline scripts.

Every script is a static file of our own (the pages declare behaviour with data- attributes);
styles may be inline because CodeMirror writes its own <style> element. Nothing may be framed,
posted elsewhere, or loaded from another origin.
"""

from __future__ import annotations

POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


class ContentSecurityPolicy:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response
