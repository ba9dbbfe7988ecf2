"""The browser page in headless Chromium (Playwright driving the system browser: no download):
the plan, each step and the checked answer appear live; an approval is asked for and given.
Skipped when no Chromium is installed, unless REQUIRE_BROWSER=1 (CI sets it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portfolio_shared.testing.browser import CHROMIUM_FLAGS, chromium
from portfolio_shared.testing.services import running_app
from retention_agents.api.app import create_app
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

CHROMIUM = chromium()
if not CHROMIUM and os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.skip("no Chromium installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "REQUIRE_BROWSER=1 but no chromium on PATH"
    settings = AgentsSettings(data_dir=tmp_path, churn_url="http://127.0.0.1:9", access_log=False)
    with running_app(create_app(settings, Team(settings))) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:
            yield browser.new_page(), url
        finally:
            browser.close()


def test_a_question_shows_plan_steps_and_the_checked_answer(page: Any, tmp_path: Path) -> None:
    tab, url = page
    tab.goto(url)
    tab.fill("#question", "Which contract type churns most, and how many customers have "
                          "blank total charges?")  # fmt: skip
    tab.click("#ask-button")
    tab.wait_for_function("document.querySelector('#status').textContent.startsWith('answered')")
    assert tab.locator("#plan li").count() == 2
    assert "analyst" in tab.inner_text("#plan")
    nodes = tab.locator("#steps tr td:first-child").all_inner_texts()
    assert nodes == ["plan", "analyst", "analyst", "write", "check"]
    assert "query_customers" in tab.inner_text("#steps")
    answer = tab.inner_text("#answer")
    assert "42.7% of 3,875 customers" in answer
    assert "11 customers match" in answer
    tab.screenshot(path=str(tmp_path / "agents-ui.png"))


def test_an_offer_is_approved_in_the_page(page: Any) -> None:
    tab, url = page
    tab.goto(url)
    tab.fill("#question", "Queue a retention offer for customer 7590-VHVEG")
    tab.click("#ask-button")
    tab.wait_for_selector("#approval", state="visible")
    assert "7590-VHVEG" in tab.inner_text("#pending")
    tab.click("#approve")
    tab.wait_for_function("document.querySelector('#status').textContent.startsWith('answered')")
    assert "approved and queued" in tab.inner_text("#answer")
    assert not tab.is_visible("#approval")
