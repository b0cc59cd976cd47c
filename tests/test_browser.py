"""End to end in a real headless Chromium: the dashboard as a user meets it.

Starts ``streamlit run app.py`` on a loopback port and drives Debian's
Chromium with Playwright (no browser download: ``executable_path``).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openpyxl

import appraisal
import pytest

from test_dashboard import messy_workbook

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# url path -> page title; the default page (总览) lives at the root, as Streamlit serves it.
PAGES = {"import": "数据导入", "": "总览", "units": "乡镇分布", "posts": "岗位分布", "inversion": "倒挂分析",
         "leader-mass": "领导与群众", "robustness": "稳健性", "profile": "个人档案", "ranking": "排名与导出", "scheme": "考核方案"}

playwright = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (see .ci/run)")
    pytest.skip("Debian chromium is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start: " + proc.stdout.read().decode(errors="replace"))
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def _wait_ready(pg) -> None:
    pg.wait_for_selector("[data-testid='stApp']")
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 20")
    pg.wait_for_timeout(500)


def test_home_shows_sample_banner_numbers_and_charts(server, page):
    page.goto(server)
    page.wait_for_selector(".js-plotly-plot")
    body = page.inner_text("body")
    assert "示例数据" in body
    assert "2000" in body and "干部人数" in body
    assert page.locator(".js-plotly-plot").count() >= 2
    assert "Traceback" not in body


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_error(server, page, path):
    page.goto(f"{server}/{path}")
    _wait_ready(page)
    page.wait_for_selector("h1")
    body = page.inner_text("body")
    assert page.locator("h1").first.inner_text() == PAGES[path]  # the page asked for, not a fallback
    assert "Traceback" not in body and "Error" not in body
    assert "Page not found" not in body
    assert page.locator("[data-testid='stException']").count() == 0


def test_upload_messy_workbook_shows_validation_report(server, page):
    page.goto(f"{server}/import")
    _wait_ready(page)
    page.locator("[data-testid='stFileUploader'] input[type=file]").first.set_input_files(
        files=[{"name": "县里报来的.xlsx", "buffer": messy_workbook(),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    # the data grid draws on a canvas; its cells are in the DOM for accessibility, hidden
    page.get_by_text("不在干部名册中").first.wait_for(state="attached")
    assert page.locator("[role=gridcell]", has_text="合计").count() >= 1
    assert page.locator("[role=gridcell]", has_text="不能为负数").count() >= 1
    assert "示例数据：" not in page.inner_text("body")
    page.goto(server)
    _wait_ready(page)
    # a new page load is a new session: the upload stays with the session that made it
    assert "示例数据：" in page.inner_text("body")


def test_presentation_mode_pages_with_keyboard(server, page):
    page.goto(server)
    page.wait_for_selector(".js-plotly-plot")
    page.get_by_text("汇报模式").click()
    page.get_by_text("第 1 /").wait_for()
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.wait_for_timeout(800)
    page.keyboard.press("ArrowRight")
    page.get_by_text("第 2 /").wait_for()
    page.get_by_role("button", name="下一张").click()
    page.get_by_text("第 3 /").wait_for()
    page.get_by_role("button", name="退出汇报模式").click()
    page.get_by_text("干部人数").wait_for()


def test_download_ranked_excel_and_open_it(server, page, tmp_path):
    page.goto(f"{server}/ranking")
    _wait_ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载排名 Excel").click()
    target = tmp_path / "ranked.xlsx"
    info.value.save_as(target)
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()), read_only=True)
    assert book.sheetnames[0] == "排名"
    rows = list(book["排名"].iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "姓名", "单位")
    assert len(rows) == 2001


def test_no_request_leaves_the_machine(server, browser):
    context = browser.new_context()
    pg = context.new_page()
    outside = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
          else None)
    pg.goto(server)
    pg.wait_for_selector(".js-plotly-plot", timeout=60_000)
    pg.wait_for_timeout(1000)
    context.close()
    assert outside == []


def test_click_a_cadre_in_the_unit_chart_drills_into_the_unit(server, page):
    sample = appraisal.appraise(sorted((ROOT / "sample_data").iterdir())).cadres
    lowest = sample.groupby("unit")["composite"].median().idxmin()  # the bottom box, drawn first
    page.goto(f"{server}/units")
    _wait_ready(page)
    pick = page.get_by_role("combobox", name="选择单位查看干部")
    assert pick.input_value() != lowest
    point = page.locator(".js-plotly-plot").first.locator("path.point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "unit => document.querySelector('input[aria-label=\"选择单位查看干部\"]').value === unit", arg=lowest)
    page.locator("[role=gridcell]", has_text=lowest).first.wait_for(state="attached")
