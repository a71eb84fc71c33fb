"""What a reader sees of report pages in headless Chromium (shared by the report tests)."""

import re
import shutil

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
READ_PAGE = """() => ({
  headerOnly: Array.from(document.querySelectorAll('table')).filter(t => t.querySelectorAll('tbody tr').length === 0).length,
  images: document.images.length,
  withoutAlt: Array.from(document.images).filter(i => !(i.alt || '').trim()
                                                  || i.alt.startsWith('No description')).length,
  text: document.body.innerText,
})"""


def read_pages(paths):
    """For each HTML page: header-only tables, images, images without alt text, and the visible text."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make browser installs it as root)")
    playwright = pytest.importorskip("playwright.sync_api")
    out = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1600})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                   else route.abort())
        for path in paths:
            page.goto(path.resolve().as_uri())
            page.wait_for_load_state("load")
            out[path] = page.evaluate(READ_PAGE)
        browser.close()
    return out


def negative_zeros(text: str) -> list[str]:
    """Numbers a reader would see as minus zero (``-0``, ``−0 %``, ``-0,0``)."""
    return re.findall(r"(?<![\w.,])[-−]0(?:[.,]0+)?(?![\d.,]*[1-9])\s*%?", text)
