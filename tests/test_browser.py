"""A real browser on the live site: Debian's headless Chromium, driven by its chromedriver
(both installed by .ci/run with apt), opens the heping notice's page and follows a task to
its highlighted source span. Pages need no script, so Chromium runs with JavaScript off."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from conftest import need

pytestmark = pytest.mark.slow  # system servers or a browser, started per module

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
HEPING_PATH = "/eli/cn-120101/" + quote("和平政办") + "/2017/9"


@pytest.fixture()
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    need(CHROMIUM.exists() and CHROMEDRIVER.exists(),
         "Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)  # a hang guard
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def test_chromium_shows_the_heping_notice_with_its_tasks_and_units(live, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(urljoin(live, HEPING_PATH))  # the notice's IRI: 303 to its page
    assert browser.current_url.endswith(HEPING_PATH + "/")
    h1 = browser.find_element(By.TAG_NAME, "h1").text
    assert h1 == "和平区人民政府办公室关于转发2017年和平区政务公开重点工作安排的通知"
    tasks = browser.find_elements(By.CSS_SELECTOR, "li.task")
    assert len(tasks) == 38
    assert all(t.is_displayed() for t in tasks[:3])
    third = tasks[2]
    assert "按季度及时发布解读社会关注的我区重要指标数据" in third.text
    assert "区统计局" in [a.text for a in third.find_elements(By.CSS_SELECTOR, ".who a:not(.role)")]
    assert "负责" in third.text
    units = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "li.task .who a:not(.role)")}
    assert {"区财政局", "区发改委", "区政府办", "区统计局"} <= units
    chart = browser.find_element(By.TAG_NAME, "svg")
    assert chart.size["height"] > 100 and "区财政局" in chart.text
    shot = tmp_path / "heping-notice.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

    # a task's page, then its source span, lit up by :target (no script)
    third.find_element(By.CSS_SELECTOR, "a.ord").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "任务 3."
    browser.find_element(By.PARTIAL_LINK_TEXT, "在原文中查看").click()
    from conftest import CORPUS

    from govkg import extract_file

    third_span = extract_file(CORPUS / "heping-2017-9.txt").tasks[2].span
    fragment = f"char={third_span.start},{third_span.end}"  # RFC 5147, the task's evidence IRI
    assert browser.current_url.endswith(f"/source/#{fragment}")
    span = browser.find_element(By.ID, fragment)
    assert span.text.startswith("按季度及时发布解读社会关注的我区重要指标数据")
    assert span.value_of_css_property("background-color") == "rgba(255, 241, 168, 1)"  # the :target colour
    browser.save_screenshot(str(tmp_path / "heping-source.png"))
