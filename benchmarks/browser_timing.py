"""The dashboard in a real browser: upload, first render, and a weight change, timed.

Starts ``streamlit run app.py`` on a free loopback port (as tests/system/test_browser.py
does) and drives Debian's Chromium with Playwright.  Prints one JSON line:

- ``upload_report``: from handing the files to the uploader on 数据导入 until
  the validation report is drawn ("所有行都已采用。") and the script run is over;
  then, outside the time, the rows table must count the uploaded ratings;
- ``overview``: from clicking 总览 in the sidebar until its two charts are drawn
  and the run is over (the uploaded data scored for the first time);
- ``first_render``: the two added, upload to the first analysis on screen;
- ``weight_change``: on 考核方案, from committing a weight in the weights
  table until the table of cadres entering/leaving 优秀 is drawn and the run is
  over, each time a scheme not seen before (median); ``weight_back``: back to
  the baseline (cached); ``quota_change``/``quota_back``: the same with the
  优秀 quota input (see :func:`_scheme_changes`);
- ``parts``: each of those split (:class:`Runs`): ``before_run`` (the upload's
  HTTP transfer, ``files_sent``; for the weights table also the grid's own
  150 ms wait before it sends an edit), ``server_runs`` (the script runs, as
  the server reports them over the websocket) and ``after_run`` (drawing).

How "drawn" is decided, and why (each of these once added time that was not
the dashboard's):

- the files are handed over by path, as a file dialog does; ``--upload-by
  buffer`` sends their bytes through Playwright's pipe instead (the older
  way: 1-2.5 s more for the county's 4.2 MB);
- the page is checked every animation frame (``wait_for_function(polling=
  "raf")``), not with Playwright's locator waits, which retry at growing
  intervals up to 0.5-1 s apart;
- a table counts as drawn when its canvas exists (the grid paints in the
  frame it mounts), not when its cells reach the accessibility tree, which
  the grid fills about 0.3 s later; the cells are checked afterwards;
- the end of a script run is the server's ``script_finished`` message, not
  the page's running indicator, which appears only after a delay;
- text typed into the grid is committed 250 ms later, not at once: Enter
  right after typing commits the old value, so no edit reaches the server
  (the "dropped edits" of earlier runs).

    python benchmarks/browser_timing.py --files benchmarks/data/county/utf8/*.csv [--screenshot DIR]

Only loopback traffic: the page's requests are checked and reported.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MIME = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

sys.path.insert(0, str(ROOT))
from appraisal.texts import SCHEME_ERROR, UI  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on a free loopback port; (process, url) once healthy.

    The server's output goes to a temporary file, not a pipe nobody reads (a
    full pipe would stall a talkative server), and is quoted if it fails to start.
    """
    port = _free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    log.seek(0)
    raise RuntimeError("streamlit did not start: " + log.read().decode(errors="replace")[-3000:])


class Runs:
    """The script runs the server reports over the page's websocket, with their times.

    Streamlit starts every script run with a ``new_session`` message and ends
    it with ``script_finished``; the browser asks for a run with a
    ``rerun_script`` message.  Keeping their arrival times lets the timings
    wait for the server's run to be over (not a guess from the page's
    running indicator, which appears only after a delay) and split a step
    into its parts: before the run (upload, the browser's request), the run
    on the server, and drawing after it.
    """

    def __init__(self) -> None:
        self.events: list[tuple[float, str]] = []  # (perf_counter time, "request" | "start" | "finished" | "rerun")

    def attach(self, pg) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        def received(payload) -> None:
            if isinstance(payload, str):
                return
            msg = ForwardMsg.FromString(payload)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.events.append((time.perf_counter(), "start"))
            elif kind == "script_finished":
                done = msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                self.events.append((time.perf_counter(), "finished" if done else "rerun"))

        def sent(payload) -> None:
            if isinstance(payload, str):
                return
            if BackMsg.FromString(payload).WhichOneof("type") == "rerun_script":
                self.events.append((time.perf_counter(), "request"))

        def socket(ws) -> None:
            ws.on("framereceived", received)
            ws.on("framesent", sent)

        pg.on("websocket", socket)

    def since(self, t0: float) -> list[tuple[float, str]]:
        return [(t, k) for t, k in self.events if t >= t0]

    def over(self, t0: float) -> bool:
        """A run started after ``t0`` has finished and no other one has started since."""
        after = self.since(t0)
        return bool(after) and after[-1][1] == "finished" and any(k == "start" for _, k in after)

    def parts(self, t0: float, t1: float) -> dict[str, float]:
        """``t0``..``t1`` split: until the first run starts, in runs on the server, after the last run."""
        after = [(t, k) for t, k in self.since(t0) if t <= t1]
        starts = [t for t, k in after if k == "start"]
        ends = [t for t, k in after if k in ("finished", "rerun")]
        if not starts or not ends:
            return {}
        return {"before_run": starts[0] - t0, "server_runs": ends[-1] - starts[0], "after_run": t1 - ends[-1],
                "runs": len(starts)}


def _idle(pg, runs: Runs, since: float, timeout: float = 120.0) -> None:
    """The script run finished: the server said so (a run begun after ``since``), nothing running on the page."""
    deadline = time.perf_counter() + timeout
    while not runs.over(since):
        if time.perf_counter() > deadline:
            raise TimeoutError("no script run finished")
        pg.wait_for_timeout(5)
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 20",
        polling="raf")


# Conditions checked every animation frame: Playwright's own locator waits retry at growing intervals
# (up to 0.5 s or 1 s apart), which added up to that much to a timing.
_CELL_JS = "t => Array.from(document.querySelectorAll('[role=gridcell]')).some(e => e.textContent.includes(t))"
_TEXT_JS = "t => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(t)"
_GRIDS_JS = ("n => Array.from(document.querySelectorAll('[data-testid=\"stDataFrame\"]'))"
             ".filter(e => e.querySelector('canvas')).length >= n")


def _cell(pg, text: str, timeout: float | None = None) -> None:
    """Wait until a table cell containing ``text`` is in the grid's accessibility tree.

    For checking what a table shows, not for timing: the grid paints its
    canvas at once but fills that tree about 0.3 s later.
    """
    pg.wait_for_function(_CELL_JS, arg=text, polling="raf", timeout=timeout)


def _text(pg, text: str, timeout: float | None = None) -> None:
    """Wait until the main area shows ``text``."""
    pg.wait_for_function(_TEXT_JS, arg=text, polling="raf", timeout=timeout)


def _grids(pg, n: int, timeout: float | None = None) -> None:
    """Wait until ``n`` tables are drawn (their canvases exist; the grid paints in the frame it mounts)."""
    pg.wait_for_function(_GRIDS_JS, arg=n, polling="raf", timeout=timeout)
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")  # one frame for the paint


def edit_cell(pg, grid, row: int, col: int, value: str) -> None:
    """Type a value into cell (row, col) of a glide data grid (drawn on a canvas).

    Clicks the cell's centre to select it (a 33 px row-marker column, then
    four columns of about equal width, the weights table at a 1400 px
    viewport; rows 35 px under a 35 px header), then types: the grid opens
    its editor on the first key, with that key's text.  The caller presses
    Enter to commit.
    """
    editor = pg.locator("input.gdg-input, textarea.gdg-input")
    editor.first.wait_for(state="detached", timeout=5_000)  # the last edit's editor has closed
    box = grid.bounding_box()
    marker, n_cols = 33, 4
    width = (box["width"] - marker) / n_cols
    pg.mouse.click(box["x"] + marker + (col + 0.5) * width, box["y"] + 35 * (row + 1) + 17)
    pg.wait_for_timeout(100)
    pg.keyboard.type(value[0])
    editor.first.wait_for(timeout=5_000)
    pg.keyboard.press("Control+A")
    pg.keyboard.type(value)
    # The number editor takes typed text a moment later: Enter at once commits the old value (no edit, no
    # run), which is why edits looked dropped.  A person does not press Enter within milliseconds.
    pg.wait_for_timeout(250)


def _timed(pg, runs: Runs, action, done, timeout: float = 120.0, check=None) -> dict:
    """Do ``action``, wait for ``done`` (the page shows the outcome) and for the script run to be over.

    ``check`` then confirms what is shown, outside the time.  Returns the
    seconds taken and their parts (:meth:`Runs.parts`).
    """
    t0 = time.perf_counter()
    action()
    done()
    _idle(pg, runs, t0, timeout)
    t1 = time.perf_counter()
    if check:
        check()
    return {"seconds": t1 - t0, **runs.parts(t0, t1), "t0": t0}


def _wait_changes(pg, kind: str, timeout: float | None = None) -> None:
    if kind == "change":  # the table of cadres entering/leaving 优秀 appears below the weights table
        _grids(pg, 2, timeout)
    else:  # back to the baseline: nobody moves
        _text(pg, UI["no_changes"], timeout)


def _check_changes(pg, kind: str) -> None:
    if kind == "change":
        _cell(pg, "优秀", 10_000)


def _edit_until(pg, runs: Runs, grid, col: int, value: str, done, missed: list[str], tries: int = 3,
                check=None) -> dict | None:
    """Set a cell of 党政综合's row, timed until ``done(timeout)`` shows the server took it; None if never.

    An edit that starts no script run within 5 s, or shows nothing within
    15 s, is noted in ``missed`` and typed again (a safeguard: since the
    pause before Enter, none has been missed).
    """
    for attempt in range(tries):
        edit_cell(pg, grid, 1, col, value)
        t0 = time.perf_counter()
        pg.keyboard.press("Enter")
        while not runs.since(t0) and time.perf_counter() - t0 < 5:
            pg.wait_for_timeout(10)
        if not runs.since(t0):
            missed.append(f"{col}={value}: no run (attempt {attempt + 1})")
            pg.keyboard.press("Escape")
            continue
        try:
            done(15_000)
            _idle(pg, runs, t0)
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the page does not show it
            missed.append(f"{col}={value}: not shown (attempt {attempt + 1})")
            _idle(pg, runs, t0)
            continue
        t1 = time.perf_counter()
        if check:
            check()
        return {"seconds": t1 - t0, **runs.parts(t0, t1)}
    return None



def _scheme_changes(pg, runs: Runs, repeat: int, screenshots: Path | None) -> dict:
    """Time scheme changes on 考核方案, there and back, two ways.

    - the 优秀 quota input 0.20 ↔ 0.10: the cached dataset re-scored under
      a new scheme and compared with the baseline;
    - the weights table: 党政综合 40/20/40 → 70/20/10 and back, in two edits
      (the first leaves the row not summing to 100, which the page reports
      without re-scoring; the second is timed).

    Both end on the baseline scheme, so neither needs the reset button.
    """
    quota: list[tuple[str, dict]] = []
    box = pg.get_by_label(UI["quota"])
    for i in range(repeat * 2):
        value, kind = (f"{0.10 + 0.01 * (i // 2):.2f}", "change") if i % 2 == 0 else ("0.20", "back")
        box.fill(value)
        timing = _timed(pg, runs, lambda: box.press("Enter"), lambda: _wait_changes(pg, kind),
                        check=lambda: _check_changes(pg, kind))
        timing.pop("t0")
        quota.append((kind, timing))
        if screenshots and i < 2:
            pg.screenshot(path=str(screenshots / f"3-quota-{kind}.png"), full_page=True)

    grid = pg.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    sum_error = SCHEME_ERROR["weights_sum"].split("{total")[0].format(post="党政综合")
    weights: list[tuple[str, dict]] = []
    missed: list[str] = []
    for i in range(repeat * 2):  # a new scheme each "change" (70/20/10, 65/20/15, …), so nothing is cached
        k = i // 2
        task, demo, kind = (str(70 - 5 * k), str(10 + 5 * k), "change") if i % 2 == 0 else ("40", "40", "back")
        if _edit_until(pg, runs, grid, 1, task, lambda t: _text(pg, sum_error, t), missed) is None:
            break
        timing = _edit_until(pg, runs, grid, 3, demo, lambda t: _wait_changes(pg, kind, timeout=t), missed,
                             check=lambda: _check_changes(pg, kind))
        if timing is None:
            break
        weights.append((kind, timing))
        if screenshots and i < 2:
            pg.screenshot(path=str(screenshots / f"4-weights-{kind}.png"), full_page=True)
    return {"weights": weights, "weights_wanted": repeat * 2, "missed_edits": missed, "quota": quota}


def _median(samples: list[tuple[str, dict]], kind: str) -> dict | None:
    """Medians of one kind of round, "change" (a new scheme, scored afresh) or "back" (the cached baseline):
    the seconds and each of their parts."""
    rounds = [t for k, t in samples if k == kind]
    if not rounds:
        return None
    return {part: round(statistics.median(r[part] for r in rounds if part in r), 3)
            for part in rounds[0] if part not in ("runs", "t0")}


def measure(files: list[Path], repeat: int, service_rows: int, screenshots: Path | None,
            upload_by: str = "path") -> dict:
    from playwright.sync_api import sync_playwright

    proc, url = start_server()
    outside: list[str] = []
    runs = Runs()
    http: list[tuple[float, str, str]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 950})
            pg = context.new_page()
            pg.set_default_timeout(120_000)
            pg.on("request", lambda r: outside.append(r.url)
                  if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
            runs.attach(pg)
            pg.on("request", lambda r: http.append((time.perf_counter(), "request", r.url)))
            pg.on("requestfinished", lambda r: http.append((time.perf_counter(), "finished", r.url)))
            nav = pg.locator("[data-testid='stSidebarNav'] a")

            # warm the server (first run imports and caches the sample): not part of the timing
            t0 = time.perf_counter()
            pg.goto(f"{url}/overview")
            pg.wait_for_selector(".js-plotly-plot")
            _idle(pg, runs, t0)
            # to 数据导入 by the sidebar (its URL path has changed before; the link text is the contract)
            uploader = pg.locator("[data-testid='stFileUploader'] input[type=file]").first
            _timed(pg, runs, nav.filter(has_text=UI["page_import"]).first.click,
                   lambda: uploader.wait_for(state="attached"))

            # by path, as a file dialog hands them over (a buffer is copied through Playwright's pipe first)
            payload = ([str(f.resolve()) for f in files] if upload_by == "path" else
                       [{"name": f.name, "buffer": f.read_bytes(), "mimeType": MIME.get(f.suffix, "text/csv")}
                        for f in files])

            # The report is drawn when its last part says nothing was rejected (the rows table above it is
            # drawn in the same pass); then, outside the time, the rows table counts the uploaded ratings.
            upload = _timed(pg, runs, lambda: uploader.set_input_files(files=payload),
                            lambda: _text(pg, UI["no_rejected"]), check=lambda: _cell(pg, str(service_rows)))
            t0 = upload.pop("t0")
            sent = [t for t, k, u in http if t >= t0 and k == "finished" and "upload_file" in u]
            asked = [t for t, k in runs.since(t0) if k == "request"]
            if sent and asked:  # before_run, split: the files to the server, then the browser asks for a run
                upload.update(files_sent=max(sent) - t0, run_asked=asked[0] - t0)
            if screenshots:
                pg.screenshot(path=str(screenshots / "1-import.png"), full_page=True)

            overview = _timed(pg, runs, nav.filter(has_text=UI["page_overview"]).first.click,
                              lambda: pg.wait_for_function(
                                  "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
                                  polling="raf"))
            overview.pop("t0")
            body = pg.inner_text("body")
            own_data = UI["own_banner"].split("{")[0] in body
            if screenshots:
                pg.screenshot(path=str(screenshots / "2-overview.png"), full_page=True)

            _timed(pg, runs, nav.filter(has_text=UI["page_scheme"]).first.click,
                   lambda: _text(pg, UI["no_changes"]))
            changes = _scheme_changes(pg, runs, repeat, screenshots)
            context.close()
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    weight, quota = _median(changes["weights"], "change"), _median(changes["quota"], "change")
    weight_back, quota_back = _median(changes["weights"], "back"), _median(changes["quota"], "back")
    return {"upload_report": upload["seconds"], "overview": overview["seconds"],
            "first_render": upload["seconds"] + overview["seconds"],
            "weight_change": weight and weight["seconds"], "weight_back": weight_back and weight_back["seconds"],
            "quota_change": quota and quota["seconds"], "quota_back": quota_back and quota_back["seconds"],
            "parts": {"upload_report": upload, "overview": overview, "weight_change": weight,
                      "weight_back": weight_back, "quota_change": quota, "quota_back": quota_back},
            "weight_changes": changes["weights"], "weight_changes_wanted": changes["weights_wanted"],
            "missed_edits": changes["missed_edits"],
            "quota_changes": changes["quota"],
            "own_data_banner": own_data, "outside_requests": outside}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Time the dashboard in Chromium (upload, first render, weight change).")
    p.add_argument("--files", nargs="+", required=True, help="files to upload (e.g. the county CSVs)")
    p.add_argument("--repeat", type=int, default=3, help="weight changes there and back (median reported)")
    p.add_argument("--uploads", type=int, default=3, help="uploads, each to a fresh server (medians reported)")
    p.add_argument("--service-rows", type=int, help="service rows in the files (default: counted from the CSV)")
    p.add_argument("--screenshot", help="folder for screenshots of each step")
    p.add_argument("--upload-by", choices=["path", "buffer"], default="path",
                   help="hand the files over by path (as a file dialog does) or as bytes through Playwright")
    args = p.parse_args(argv)
    files = [Path(f) for f in args.files]
    rows = args.service_rows
    if rows is None:
        service = [f for f in files if "服务" in f.name and f.suffix == ".csv"]
        rows = sum(1 for _ in service[0].open("rb")) - 1 if service else 0
    shots = Path(args.screenshot) if args.screenshot else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    # Each upload is a first render only once per server (then the results are cached): a fresh server
    # each time, scheme changes on the last one only; the upload steps are reported as medians.
    results = [measure(files, args.repeat if i == args.uploads - 1 else 0, rows, shots, args.upload_by)
               for i in range(args.uploads)]
    out = results[-1]
    for key in ("upload_report", "overview", "first_render"):
        samples = [r[key] for r in results]
        out[key], out[f"{key}_samples"] = statistics.median(samples), samples
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
