"""Helpers of the browser tests (Debian's Chromium driven by Playwright against `planpress serve`):
a page that records script errors and any request that leaves the server, and the first sign-in."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
NEW_PASSWORD = "Hospital-Secret-2026"


def open_page(browser: Browser, live, width: int = 1366, height: int = 768, phone: bool = False):
    """A page of a new context (a PC, or with phone=True a touch phone); downloads are kept."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  accept_downloads=True, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: problems.append(f"left the server: {request.url}")
            if not request.url.startswith((live.url, "data:", "blob:")) else None)
    return context, page, problems


def sign_in(page: Page, live, username: str) -> None:
    """First sign-in: the temporary password, then the person's own (asked for before anything else)."""
    page.goto(live.url + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", live.passwords[username])
    page.click("button.primary")
    if "/accounts/password/" in page.url:
        page.fill("#id_old_password", live.passwords[username])
        page.fill("#id_new_password1", NEW_PASSWORD)
        page.fill("#id_new_password2", NEW_PASSWORD)
        page.click("button.primary")
        live.passwords[username] = NEW_PASSWORD
    expect(page.locator("h1")).to_have_text("工作台")
