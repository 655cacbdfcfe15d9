"""A phone's first visit and first search of a built site, measured in Debian's Chromium.

The throttled phone profile is Lighthouse's mobile default ("Slow 4G"): 150 ms round trip,
1.6 Mbit/s down, 750 kbit/s up, and the CPU slowed down four times (Chrome DevTools Protocol:
Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate), at 390×844 CSS pixels. The site
is served as the intranet's nginx serves it (tests/siteserver.py: the precompressed .gz files,
under /planpress/), and what it sends is counted there, headers included.

  first visit     every byte the server sends while a browser with an empty cache opens the
                  register (the home page), until nothing more is loading (half a second without
                  a request: Playwright's "networkidle")
  first search    from the key that ends a query typed into the search box of that page (tapped
                  just before) to the first result on screen: everything the search loads counts

`python bench/site_phone.py SITE_DIR [QUERY …]` prints the figures for a built site.
"""

from __future__ import annotations

import contextlib
import dataclasses
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import siteserver  # noqa: E402 - the tests' server, as nginx serves the site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PREFIX = "/planpress/"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
QUERIES = ("着火了", "水管爆了怎么办", "电脑中毒", "值班", "火灾")

# Set on the page before the query's last key: when that key is seen and when a result appears.
_WATCH = """() => {
  window.__pp = {start: null, shown: null};
  const box = document.querySelector("input.md-search__input");
  box.addEventListener("keyup", () => { if (window.__pp.start === null) window.__pp.start = performance.now() }, {once: true});
  const result = document.querySelector(".md-search-result");
  const meta = result.querySelector(".md-search-result__meta");
  const placeholder = meta.textContent;
  new MutationObserver(() => {
    if (window.__pp.shown !== null || window.__pp.start === null) return;
    const found = result.querySelector("li.md-search-result__item");
    if (found || meta.textContent !== placeholder) {  // a result, or the answer that there is none
      window.__pp.shown = performance.now();
      window.__pp.found = result.querySelectorAll("li.md-search-result__item").length;
    }
  }).observe(result, {childList: true, subtree: true, characterData: true});
}"""


@dataclasses.dataclass
class Figures:
    first_visit_bytes: int
    first_visit_requests: int
    searches: dict[str, tuple[float, int, int]]  # query → (seconds to the answer, bytes the search loaded, results)

    @property
    def slowest_search(self) -> float:
        return max(found[0] for found in self.searches.values())

    @property
    def median_search(self) -> float:
        return statistics.median(found[0] for found in self.searches.values())


def index_bytes(site: Path) -> int:
    """The search index as stored: every file under site/search/ (precompressed copies excluded)."""
    return sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file() and p.suffix != ".gz")


def measure(site: Path, queries=QUERIES) -> Figures:
    from playwright.sync_api import sync_playwright

    with siteserver.serve(site, PREFIX) as (url, traffic), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            visit_bytes, visit_requests = _first_visit(browser, url, traffic)
            searches = {query: _first_search(browser, url, traffic, query) for query in queries}
        finally:
            browser.close()
    return Figures(visit_bytes, visit_requests, searches)


@contextlib.contextmanager
def _phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        yield page
    finally:
        context.close()


def _first_visit(browser, url: str, traffic: siteserver.Traffic) -> tuple[int, int]:
    with _phone(browser) as page:
        mark, requested = traffic.mark(), len(traffic.requests)
        page.goto(url, wait_until="networkidle", timeout=180_000)
        _quiet(page, traffic)
        sent = traffic.since(mark)
        count = len(traffic.requests) - requested
    return sum(size for _, size in sent), count


def _first_search(browser, url: str, traffic: siteserver.Traffic, query: str) -> tuple[float, int, int]:
    with _phone(browser) as page:
        page.goto(url, wait_until="networkidle", timeout=180_000)  # what the page loads by itself is not the search's
        _quiet(page, traffic)
        page.evaluate(_WATCH)
        mark = traffic.mark()
        page.locator("label.md-header__button[for=__search]").click()  # the magnifier of a phone's header
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")  # fill() of Chinese fires no key event; a real IME ends with one
        page.wait_for_function("() => window.__pp.shown !== null && window.__pp.start !== null", timeout=60_000)
        start, shown, found = page.evaluate("() => [window.__pp.start, window.__pp.shown, window.__pp.found]")
        page.wait_for_timeout(500)
        loaded = sum(count for _, count in traffic.since(mark))
    return max(shown - start, 0.0) / 1000, loaded, found


def _quiet(page, traffic: siteserver.Traffic, seconds: float = 2.0, limit: float = 180.0) -> None:
    """Wait until the server has sent nothing for `seconds` (a page's worker may still be loading
    after the browser's own network idle)."""
    waited, count, still = 0.0, traffic.mark(), 0.0
    while still < seconds and waited < limit:
        page.wait_for_timeout(250)
        waited += 0.25
        now = traffic.mark()
        still = still + 0.25 if now == count else 0.0
        count = now


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    figures = measure(site, tuple(argv[1:]) or QUERIES)
    print(f"search index (files under search/): {index_bytes(site) / 1e6:.2f} MB")
    print(f"first visit of the register: {figures.first_visit_bytes / 1e6:.3f} MB in {figures.first_visit_requests} requests")
    for query, (seconds, loaded, found) in figures.searches.items():
        print(f"first search {query}: {seconds:.2f} s to {found} results, {loaded / 1e3:.0f} KB loaded", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
