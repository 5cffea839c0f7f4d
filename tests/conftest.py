"""Shared test fixtures."""

import os
import shutil

import pytest
from hypothesis import settings

# Hypothesis's default 200 ms limit per example is a timed unit test: it failed under a loaded
# machine (tests/test_ledger.py). Speed is checked by the benchmarks in bench/, not here.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def chromium():
    """Debian's headless Chromium driven by playwright (which never downloads a browser here).

    Missing Chromium fails the test under CI (``CI=true``: .ci/run must install it) and skips it
    elsewhere.
    """
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run must apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
