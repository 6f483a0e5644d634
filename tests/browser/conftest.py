"""Real Chromium against a real `streamlit run`: Debian's /usr/bin/chromium, never a downloaded browser."""

import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.bench import feel, server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is a browser test (`-m "not browser"` leaves them out)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}, "locale": "fr-FR"}


def start_server(db_path: Path, log: Path, cwd: Path = ROOT, env_extra: dict | None = None,
                 extra_args: tuple[str, ...] = ()):
    """`streamlit run app.py` on a free port against `db_path`; returns (process, url) once healthy."""
    port = server.free_port()
    env = {**os.environ, "ALIZE_DB": str(db_path), **(env_extra or {})}
    with log.open("w") as out:
        proc = subprocess.Popen(server.command(cwd / "app.py", port, *extra_args), cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = server.url_of(port)
    if server.wait_healthy(url, timeout=60, poll=0.3):
        return proc, url
    proc.kill()
    pytest.fail("streamlit did not start:\n" + log.read_text())


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_url(demo_db, tmp_path_factory):
    """The app, once for the session, against the session's demo database (tests must not write to it)."""
    proc, url = start_server(demo_db, tmp_path_factory.mktemp("server") / "streamlit.log")
    yield url
    stop_server(proc)


def wait_ready(page, timeout: int = 30_000) -> None:
    """Connected, and the script's run has finished: the app's own state, never a fixed sleep. A run
    that starts after the call (a click just sent) is waited for when it shows within a second."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    try:
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=1_000)
    except PlaywrightTimeout:
        pass  # finished already, or too quick to be seen
    page.wait_for_function("""() => {
        const app = document.querySelector("[data-testid='stApp']");
        return app && app.dataset.testScriptState === 'notRunning' && !document.querySelector("[data-stale='true']");
    }""", timeout=timeout)


def charts_drawn(page, timeout: int = 15_000) -> None:
    """Every chart near the viewport is drawn (ui/plot.js draws the others as they come near)."""
    page.wait_for_function(feel.CHARTS_DRAWN, timeout=timeout)


def chart_in_view(page, selector: str, timeout: int = 20_000):
    """Scroll to the chart in `selector` (an element holding one) and wait until it is drawn: ui/plot.js
    draws a chart when it comes near the viewport. The scroll is made again until the chart is near:
    charts drawn above it on a first load move it down."""
    page.wait_for_function("""(selector) => {
        const root = document.querySelector(selector);
        const div = root && (root.matches('.alize-plot') ? root : root.querySelector('.alize-plot'));
        if (!div) return false;
        if (div.dataset.near !== 'true') { div.scrollIntoView({block: 'center'}); return false; }
        return div.dataset.state === 'drawn' && !!div.querySelector('.main-svg');
    }""", arg=selector, timeout=timeout, polling=100)
    return page.locator(selector).first


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def pick(page, label: str, option: str) -> None:
    """Choose `option` in the multiselect labelled `label` (its list opens with "Select all" first)."""
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    box.locator("input").first.click()
    box.locator("input").first.fill(option)  # the list is virtualised: filter it down to the option
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_ready(page)
