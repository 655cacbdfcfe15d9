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


def revision_open(page: Page, live, number: str, reason: str) -> None:
    """The document's revision open, and its page shown: started here with `reason` unless a browser
    test before (on the same shared server) started it already."""
    page.goto(f"{live.url}/documents/{number}/")
    start = page.locator("a.button:has-text('开始修订')")
    if start.count():
        start.click()
        page.fill("#id_reason", reason)
        page.click("button:has-text('开始修订')")
        expect(page.locator("h1")).to_contain_text("A/1")  # the revision written before the test goes on


# Elements that run off the right (or left) edge of a `width`-wide screen, except inside a box that
# scrolls sideways and itself fits; and table cells too narrow to read (under three characters
# wide: a word breaks into a character a line).
_OVERFLOWING = """(width) => {
  const scrollsInside = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
      if (/(auto|scroll)/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 1)
        return true
    return false
  }
  const name = e => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}: ${(e.textContent || "").trim().slice(0, 20)}`
  const found = []
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect()
    if (!r.width || !r.height || getComputedStyle(e).visibility === "hidden")
      continue
    if ((r.right > width + 1 || r.left < -1) && !scrollsInside(e))
      found.push("off the screen " + name(e))
    const size = parseFloat(getComputedStyle(e).fontSize)
    if (/^T[DH]$/.test(e.tagName) && e.textContent.trim().length > 2 && r.width < 3 * size)
      found.push(`a cell ${Math.round(r.width)} px wide ` + name(e))
  }
  return found
}"""


def overflowing(page: Page, width: int) -> list[str]:
    return page.evaluate(_OVERFLOWING, width)
