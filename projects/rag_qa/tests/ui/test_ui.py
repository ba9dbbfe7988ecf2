"""The browser UI in headless Chromium (Playwright driving the system browser: no download).

Skipped when no Chromium is installed, unless REQUIRE_BROWSER=1 (CI sets it, so there the test
must run)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portfolio_shared.testing.browser import CHROMIUM_FLAGS, chromium
from rag_qa.api.app import create_app

CHROMIUM = chromium()
if not CHROMIUM and os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.skip("no Chromium installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def page(settings: Any, engine: Any, live_server: Any) -> Iterator[tuple[Any, str]]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "REQUIRE_BROWSER=1 but no chromium on PATH"
    with live_server(create_app(settings, engine=engine)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:
            yield browser.new_page(), url
        finally:
            browser.close()


def test_ask_shows_a_cited_answer_and_passages(page: Any, tmp_path: Path) -> None:
    tab, url = page
    tab.goto(url)
    tab.wait_for_selector("#docs li")
    assert "documents" in tab.inner_text("#doc-count")
    tab.fill("#question", "How long does the bulk fermentation of sourdough take?")
    tab.click("#ask-button")
    tab.wait_for_function("document.querySelector('#meta').textContent.includes('support')")
    assert "four to six hours" in tab.inner_text("#answer")
    link = tab.locator("#answer a.cite").first
    assert link.inner_text() == "[1]"
    passages = tab.locator(".passage")
    assert passages.count() >= 1
    assert "kitchen.html" in passages.first.inner_text()
    link.click()
    assert tab.evaluate("location.hash") == "#source-1"
    tab.screenshot(path=str(tmp_path / "ui.png"))


def test_upload_then_ask_about_it(page: Any, tmp_path: Path) -> None:
    tab, url = page
    doc = tmp_path / "lighthouse.md"
    doc.write_text("# Lighthouse\n\nThe Skerry lighthouse flashes white every 7 seconds.\n")
    tab.goto(url)
    tab.set_input_files("#files", str(doc))
    tab.click("#upload-form button")
    tab.wait_for_function("document.querySelector('#upload-status').textContent.includes('added')")
    assert "added 1" in tab.inner_text("#upload-status")
    tab.fill("#question", "How often does the Skerry lighthouse flash?")
    tab.click("#ask-button")
    tab.wait_for_function("document.querySelector('#meta').textContent.includes('support')")
    assert "7 seconds" in tab.inner_text("#answer")


def test_errors_are_shown(page: Any) -> None:
    tab, url = page
    tab.goto(url)
    tab.set_input_files(
        "#files",
        files=[{"name": "../evil.md", "mimeType": "text/markdown", "buffer": b"# x\n\ny\n"}],
    )
    tab.click("#upload-form button")
    # The status reads "indexing…" while the upload is in flight; wait for the server's reply.
    tab.wait_for_function(
        "(s => s.length > 0 && !s.startsWith('indexing'))"
        "(document.querySelector('#upload-status').textContent)"
    )
    status = tab.inner_text("#upload-status")
    assert "traversal" in status or "invalid" in status, status
