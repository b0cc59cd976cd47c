"""Chart images: options, names, errors, and one real render with kaleido and the system Chromium."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image

from appraisal import AppraisalError
from appraisal.output import charts, images
from appraisal.output.images import chart_zip, download_options, figure_images, image_name


def _fake_images(specs):
    return [f"{opts['format']}:{i}".encode() for i, (_, opts) in enumerate(specs)]


@pytest.mark.parametrize(("i", "title", "fmt", "name"), [
    (1, "综合得分分布（按等次）", "png", "01_综合得分分布（按等次）.png"),
    (12, "白沙镇：工作量与综合得分", "svg", "12_白沙镇：工作量与综合得分.svg"),  # full-width colon is fine
    (3, 'a/b\\c:d*e?f"g<h>i|j', "png", "03_a_b_c_d_e_f_g_h_i_j.png"),  # not on Windows
    (4, " . ", "png", "04_chart.png"),
    (5, "长" * 100, "png", "05_" + "长" * 60 + ".png"),
])
def test_image_name(i, title, fmt, name):
    assert image_name(i, title, fmt) == name


def test_download_options_projector_size():
    fig = charts.empty_figure("无")
    fig.update_layout(title="各单位综合得分分布（按中位数排序）")
    opts = download_options(fig)
    assert opts["format"] == "png"
    assert opts["width"] * opts["scale"] == 1920 and opts["height"] * opts["scale"] == 1080
    assert opts["filename"] == "各单位综合得分分布（按中位数排序）"
    assert download_options(go.Figure())["filename"] == "chart"


def test_bad_format_is_refused():
    with pytest.raises(AppraisalError, match="图片格式"):
        figure_images([go.Figure()], fmt="gif")


def test_no_figures_no_browser(monkeypatch):
    monkeypatch.setattr(images, "_run", lambda specs: pytest.fail("browser started"))
    assert figure_images([]) == []


def test_missing_browser_is_a_chinese_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chrome"))
    with pytest.raises(AppraisalError, match="Chromium"):
        figure_images([go.Figure()])


def test_system_chromium_is_the_default(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    path = images._browser_path()
    if Path("/usr/bin/chromium").exists():
        assert path == "/usr/bin/chromium" == os.environ["BROWSER_PATH"]
    monkeypatch.setenv("BROWSER_PATH", "/opt/chrome/chrome")
    assert images._browser_path() == "/opt/chrome/chrome"  # the user's choice is kept


def test_page_loads_nothing_from_the_network():
    """kaleido's page takes plotly.js from the plotly package and no MathJax from a CDN."""
    from kaleido import PageGenerator

    page = PageGenerator(plotly=images._plotly_js(), mathjax=False).generate_index()
    assert "http://" not in page and "https://" not in page
    assert "plotly.min.js" in page


def test_chart_zip_one_render_for_every_file(monkeypatch):
    calls = []
    monkeypatch.setattr(images, "_images", lambda specs: calls.append(specs) or _fake_images(specs))
    figs = [("综合得分分布", go.Figure()), ("各岗位", go.Figure())]
    archive = zipfile.ZipFile(io.BytesIO(chart_zip(figs)))
    assert archive.namelist() == ["01_综合得分分布.png", "02_各岗位.png", "01_综合得分分布.svg", "02_各岗位.svg"]
    assert len(calls) == 1
    assert archive.read("02_各岗位.svg") == b"svg:3"
    assert all(opts["width"] == 1920 and opts["height"] == 1080 for _, opts in calls[0])


def test_real_render_png_and_svg_with_chinese(sample_result):
    """End to end: kaleido drives the system Chromium; a PNG at 1920×1080 and an SVG with the Chinese title."""
    result = sample_result
    figure = charts.composite_histogram(result.cadres, present=True)
    png, svg, small = images._images([(figure, images._opts("png", 1920, 1080)),
                                      (figure, images._opts("svg", 1920, 1080)),
                                      (figure, images._opts("png", 640, 360, scale=2))])  # one browser start
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1920, 1080)
    assert image.convert("L").getextrema()[0] < 100  # dark ink on the white page: not blank
    text = svg.decode("utf-8")
    assert text.startswith("<svg") and "综合得分分布" in text and "Noto Sans CJK SC" in text
    assert Image.open(io.BytesIO(small)).size == (1280, 720)
