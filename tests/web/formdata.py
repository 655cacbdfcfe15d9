"""What a browser sends for a form of a page: its fields as the page fills them (checked boxes
only, the selected options, no <template> contents), read from the page's HTML."""

from __future__ import annotations

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.depth = 0  # inside the wanted form
        self.template = 0
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.selected: list[str] = []
        self.first_option: str | None = None
        self.option_value: str | None = None
        self.textarea: str | None = None
        self.text = ""
        self.done = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and self.css_class in (a.get("class") or "").split():
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button"):
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select, self.selected, self.first_option = a["name"], [], None
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.selected.append(value)
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], ""

    def handle_endtag(self, tag):
        if not self.depth or self.done:
            return
        if tag == "template":
            self.template -= 1
        elif tag == "form":
            self.done = True
        elif tag == "select" and self.select is not None:
            chosen = self.selected or ([self.first_option] if self.first_option is not None else [])
            self.fields += [(self.select, value) for value in chosen[:1]]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.text[1:] if self.text.startswith("\n") else self.text
            self.fields.append((self.textarea, text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data


def form_fields(html: str, css_class: str = "node-form") -> list[tuple[str, str]]:
    """(name, value) pairs of the first form with this class, as the browser would send them."""
    parser = _Form(css_class)
    parser.feed(html)
    return parser.fields


def as_post(fields: list[tuple[str, str]], **changes: str) -> dict:
    """The fields for Django's test client (several values of a name as a list), with changes."""
    data: dict = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    return data
