"""The font-family rules of the PDF's stylesheet, written from the configured font names so that no
name can end the string, the rule or the <style> element."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Config

ROLES = ("body", "heading", "title")


def font_css(config: Config) -> Markup:
    """The font-family rules for the page's <style>, from the configured names."""
    body, heading, title = (css_string(getattr(config.fonts, role)) for role in ROLES)
    return Markup(
        f"@page {{ font-family: {body}; }}\n"
        f"html {{ font-family: {body}; }}\n"
        f"h2, h3, th, .header-table th {{ font-family: {heading}; }}\n"
        f"h1 {{ font-family: {title}; }}\n")


def css_string(text: str) -> str:
    """A CSS string literal that cannot end the string, the rule or the <style> element."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>&\n\r\f' else ch for ch in text)
    return f'"{escaped}"'
