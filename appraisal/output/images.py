"""Chart images for slides, printouts and downloads: PNG or SVG at projector size, made offline.

Figures are rendered by kaleido (≥1) in a headless Chromium; several figures
share one browser start (about 3 s).  Nothing is fetched from the network:
plotly.js comes from the installed plotly package, MathJax is switched off,
and the browser's proxy is a closed local port, so any other request fails
on the machine.  The browser is ``BROWSER_PATH`` when set, else ``/usr/bin/chromium``
when present, else whatever Chrome kaleido finds on PATH; kaleido is never
asked to download one.

>>> import plotly.graph_objects as go
>>> png, = figure_images([go.Figure(go.Bar(x=["优秀"], y=[3]))], width=640, height=360)  # doctest: +SKIP
>>> png[:4]  # doctest: +SKIP
b'\\x89PNG'
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from ..errors import AppraisalError
from ..texts import EXPORT

__all__ = ["figure_images", "chart_images", "chart_zip", "image_name", "PROJECTOR", "FORMATS"]

PROJECTOR = (1920, 1080)
FORMATS = ("png", "svg", "jpeg", "webp", "pdf")
_DEBIAN_CHROMIUM = "/usr/bin/chromium"
_TIMEOUT = 120  # seconds for one figure
# Every http(s) request of the browser goes to a closed local port: a chart never reaches the
# network, even if a figure or a future kaleido page refers to a URL.  file:// pages are not proxied.
_NO_NETWORK = "http://127.0.0.1:9"


def _browser_path() -> str | None:
    """Point kaleido at the system Chromium unless the user chose a browser."""
    if not os.environ.get("BROWSER_PATH") and Path(_DEBIAN_CHROMIUM).exists():
        os.environ["BROWSER_PATH"] = _DEBIAN_CHROMIUM
    return os.environ.get("BROWSER_PATH")


def _plotly_js() -> str:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():  # kaleido would fall back to a CDN: refuse instead
        raise AppraisalError(EXPORT["image_failed"].format(details=f"plotly.min.js not found at {path}"))
    return str(path)


async def _render(specs: list[tuple[Any, dict[str, Any]]]) -> list[bytes]:
    import kaleido

    out: list[bytes] = []
    async with kaleido.Kaleido(n=1, timeout=_TIMEOUT, plotlyjs=_plotly_js(), mathjax=False,
                               proxy_server=_NO_NETWORK) as k:
        for fig, opts in specs:
            out.append(await k.calc_fig(fig, opts=opts))
    return out


def _run(specs: list[tuple[Any, dict[str, Any]]]) -> list[bytes]:
    """Run the renderer on its own event loop in a worker thread (safe inside Streamlit or Jupyter)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["out"] = asyncio.run(_render(specs))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="appraisal-images", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["out"]


def figure_images(figs: Sequence[go.Figure], fmt: str = "png", width: int = PROJECTOR[0],
                  height: int = PROJECTOR[1], scale: float = 1) -> list[bytes]:
    """Render figures to image bytes in one browser session.

    Parameters
    ----------
    figs : plotly figures (not changed)
    fmt : ``png`` (default), ``svg``, ``jpeg``, ``webp`` or ``pdf``
    width, height : the layout size in CSS pixels (default 1920×1080, a projector)
    scale : pixel density; the image is ``width*scale × height*scale`` pixels

    Returns
    -------
    list of bytes, one image per figure, in order.

    Raises
    ------
    AppraisalError
        In Chinese, when no Chromium is found or rendering fails.
    """
    return _images([(fig, _opts(fmt, width, height, scale)) for fig in figs])


def _opts(fmt: str, width: int, height: int, scale: float = 1) -> dict[str, Any]:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise AppraisalError(EXPORT["bad_format"].format(fmt=fmt))
    return {"format": fmt, "width": int(width), "height": int(height), "scale": scale}


def _images(specs: list[tuple[Any, dict[str, Any]]]) -> list[bytes]:
    """Render (figure, options) pairs in one browser session, errors in Chinese."""
    if not specs:
        return []
    path = _browser_path()
    if path and not Path(path).exists():
        raise AppraisalError(EXPORT["no_browser"].format(path=path))
    try:
        return _run(specs)
    except AppraisalError:
        raise
    except Exception as exc:
        if type(exc).__name__ == "ChromeNotFoundError":
            raise AppraisalError(EXPORT["no_browser"].format(path=path or "PATH")) from None
        raise AppraisalError(EXPORT["image_failed"].format(details=f"{type(exc).__name__}: {exc}")) from None


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def image_name(i: int, title: str, fmt: str) -> str:
    """A file name for the i-th chart: number, title (safe on Windows), extension.

    >>> image_name(3, "工作量与综合得分：a/b", "png")
    '03_工作量与综合得分：a_b.png'
    """
    stem = _UNSAFE_NAME.sub("_", title).strip(" .") or "chart"
    return f"{i:02d}_{stem[:60]}.{fmt}"


def chart_images(charts: Sequence[tuple[str, go.Figure]], formats: Sequence[str] = ("png", "svg"),
                 width: int = PROJECTOR[0], height: int = PROJECTOR[1]) -> list[tuple[str, bytes]]:
    """Every chart in every format as (file name, bytes), rendered in one browser start.

    ``charts`` are (title, figure) pairs such as :func:`appraisal.output.charts.meeting_figures` returns;
    names are :func:`image_name` (number, title, extension).
    """
    names, specs = [], []
    for fmt in formats:
        for i, (title, fig) in enumerate(charts, start=1):
            names.append(image_name(i, title, fmt.lower()))
            specs.append((fig, _opts(fmt, width, height)))
    return list(zip(names, _images(specs)))


def chart_zip(charts: Sequence[tuple[str, go.Figure]], formats: Sequence[str] = ("png", "svg"),
              width: int = PROJECTOR[0], height: int = PROJECTOR[1]) -> bytes:
    """A ZIP of :func:`chart_images`: one file per chart and format."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in chart_images(charts, formats, width, height):
            zf.writestr(name, data)
    return buf.getvalue()


def download_options(fig: go.Figure | None = None) -> dict[str, Any]:
    """Plotly's ``toImageButtonOptions``: the mode bar's camera gives a 1920×1080 PNG named after the chart.

    The layout is 1280×720 drawn at 1.5×, so the type is as large on the
    projector as on screen.

    >>> download_options()["format"], download_options()["width"] * download_options()["scale"]
    ('png', 1920.0)
    """
    title = ""
    if fig is not None and fig.layout.title is not None and fig.layout.title.text:
        title = re.sub(r"<[^>]+>", "", str(fig.layout.title.text))
    stem = _UNSAFE_NAME.sub("_", title).strip(" .")[:60] or "chart"
    return {"format": "png", "filename": stem, "width": round(PROJECTOR[0] / 1.5), "height": round(PROJECTOR[1] / 1.5),
            "scale": 1.5}
