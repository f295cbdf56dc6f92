"""The trigger form in a real browser: Debian's Chromium driven by Playwright logs in, picks a source, dry-runs."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.e2e.browser import ARGS, CHROMIUM
from tests.e2e.conftest import PASSWORD, Airflow

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "airflow-trigger.png"
UI_WAIT = 300.0


def _dag_runs(airflow: Airflow) -> dict[str, dict[str, object]]:
    runs = airflow.api("GET", "/dags/news_ingest/dagRuns?limit=100").json()["dag_runs"]
    return {str(r["dag_run_id"]): r for r in runs}


def test_trigger_form_dry_run_in_chromium(airflow: Airflow, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    airflow.unpause("news_ingest")
    known = set(_dag_runs(airflow))
    out = Path(os.environ.get("NEWSFLOW_TEST_OUTPUT", tmp_path))
    out.mkdir(parents=True, exist_ok=True)

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{airflow.base}/")
            page.wait_for_url("**/auth/login**")  # not signed in: the UI sends us to the login page
            page.get_by_label("Username").fill("admin")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(lambda url: "/auth/login" not in url)

            page.goto(f"{airflow.base}/dags/news_ingest")
            page.get_by_role("button", name="Trigger").first.click()
            dialog = page.get_by_role("dialog")
            dialog.get_by_text("Run Parameters").wait_for()

            # Sources: a multi-select fed by the sources file; pick one outlet
            dialog.get_by_text("Select one or multiple values").wait_for()
            combo = dialog.get_by_role("combobox").first
            combo.click(force=True)
            page.get_by_role("option", name="e2e_alpha").click()
            dialog.get_by_text("e2e_alpha").first.wait_for()

            # Dry run: the boolean param is a switch
            switch = dialog.locator('label[id="switch:element_dry_run"]')
            switch.scroll_into_view_if_needed()
            switch.click()
            assert dialog.locator('input[name="element_dry_run"]').is_checked()
            page.screenshot(path=str(out / "airflow-trigger-form.png"))
            if not DOCS_SHOT.exists():
                DOCS_SHOT.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out / "airflow-trigger-form.png", DOCS_SHOT)

            dialog.get_by_role("button", name="Trigger").last.click()
            dialog.wait_for(state="hidden")

            # the new run, seen through the API, then its success seen in the UI
            deadline = time.monotonic() + UI_WAIT
            new: list[str] = []
            while not new and time.monotonic() < deadline:
                # manual runs only: unpausing may also have started the latest scheduled interval
                new = [
                    r for r, v in _dag_runs(airflow).items() if r not in known and v["run_type"] == "manual"
                ]
                time.sleep(1)
            assert len(new) == 1, new
            run_id = new[0]
            conf = _dag_runs(airflow)[run_id]["conf"]
            assert isinstance(conf, dict)
            assert conf["sources"] == ["e2e_alpha"]
            assert conf["dry_run"] is True

            # the run's own page (the UI opens it when the run starts at once; a queued run may not)
            page.goto(f"{airflow.base}/dags/news_ingest/runs/{quote(run_id, safe='')}")
            state = ""
            while time.monotonic() < deadline:
                # the run's badge and every task's badge: done when all say Success
                text = page.locator("main, body").first.inner_text()
                if re.search(r"\bFailed\b", text):
                    state = "failed"
                    break
                if re.search(r"\bSuccess\b", text) and not re.search(r"\b(Running|Queued|Scheduled)\b", text):
                    state = "success"
                    break
                time.sleep(3)
                page.reload()
            page.screenshot(path=str(out / "airflow-run.png"))
            assert state == "success", airflow.task_summary("news_ingest", run_id)
            assert airflow.wait_run("news_ingest", run_id, timeout=30) == "success"
        finally:
            browser.close()
    # the screenshot is a real rendering of the form, not a blank page
    assert (out / "airflow-trigger-form.png").stat().st_size > 10_000
