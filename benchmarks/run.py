"""Every performance target of issue #6 against the floor, in one run.

Prints a table (scale, what, seconds, peak RSS MB, target, met?) and, with
``--out``, writes it as Markdown (plus the raw numbers as JSON beside it).
Each measurement runs in a fresh process (:mod:`measure`), so peak memory
is that measurement's own.  Benchmarks report; they never fail on time.

    python benchmarks/run.py                              # county and city
    python benchmarks/run.py --scales county,city,province --out benchmarks/RESULTS.md
    python benchmarks/run.py --quick                      # 200 cadres, seconds
    python benchmarks/run.py --browser                    # add the dashboard in Chromium

Missing data is generated first (``benchmarks/generate.py``) under ``--data``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

# This process stays small (no pandas): a child forked from it starts with a copy of its memory.
SCALES = {"tiny": 200, "county": 2_000, "city": 20_000, "province": 200_000}
FILE_STEMS = ("干部名册", "任务完成", "服务对象评价", "民主测评")  # generate.FILE_NAMES
READ_SHEET_ROWS = 100_000
SHAPE_TEXT = "10 tasks, 30 service ratings and 3 voter-group tallies"  # generate.SHAPE

COLUMNS = ["scale", "what", "seconds", "peak RSS MB", "target", "met?"]
# CSV inputs run with the default scheme at every scale (text files have their own limits, sized for a
# province).  Only the one-workbook run needs more: a province in one .xlsx exceeds Excel's sheet size.
BENCH_LIMITS = {"max_file_mb": 4096, "max_unpacked_mb": 8192, "max_rows": 100_000_000, "max_cells": 1_000_000_000}


def scheme_yaml() -> str:
    """The reading-limit override, naming only limits the library's default scheme has."""
    import yaml

    default = yaml.safe_load((ROOT / "appraisal" / "default_scheme.yaml").read_text(encoding="utf-8"))
    known = default.get("reading", {})
    lines = [f"  {k}: {v}" for k, v in BENCH_LIMITS.items() if k in known]
    return "# benchmarks only: province inputs exceed the default reading limits\nreading:\n" + "\n".join(lines) + "\n"
TARGETS = {
    "score_ratio": 1.5,      # province score ≤ 1.5 × floor
    "score_mb": 3 * 1024,    # province peak memory < 3 GB
    "rescore_s": 0.050,      # county re-score < 50 ms
    "calamine_x": 5.0,       # calamine ≥ 5 × faster than openpyxl
    "workbook_s": 30.0,      # 200,000-cadre workbook < 30 s
    "render_s": 2.0,         # first render after upload < 2 s (county)
    "weight_s": 0.5,         # weight change < 0.5 s (county)
}


IN_PROCESS = False  # --in-process: call measure.py's functions here (smoke test; memory not per row)


def _measure(kind: str, **args) -> dict:
    if IN_PROCESS:
        import measure

        if kind in ("cli", "startup"):
            args["in_process"] = True
        t = time.perf_counter()
        try:
            out = measure.KINDS[kind](**args)
        except Exception as exc:  # report, never stop the table
            return {"error": repr(exc), "seconds": float("nan"), "peak_mb": float("nan")}
        out.setdefault("peak_mb", measure._peak_mb())
        out["wall"] = time.perf_counter() - t
        if out.get("returncode"):
            out["error"] = f"exit {out['returncode']}: {out.get('stderr', '')}"
        return out
    cmd = [sys.executable, str(HERE / "measure.py"), kind, json.dumps(args, ensure_ascii=False)]
    wall = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout)[-1500:], "seconds": float("nan"), "peak_mb": float("nan"),
                "wall": time.perf_counter() - wall}
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["wall"] = time.perf_counter() - wall
    if out.get("returncode"):  # the command failed: its time is not a measurement
        out["error"] = f"exit {out['returncode']}: {out.get('stderr', '')}"
    return out


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    versions = {"python": platform.python_version()}
    for dist in ("pandas", "numpy", "pyarrow", "python-calamine", "openpyxl", "xlsxwriter", "scipy", "streamlit",
                 "playwright"):
        try:
            versions[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "nproc": os.cpu_count(),
            "ram_gb": round(mem_kb / 2**20, 1), "cpu": _cpu_name(), "os": platform.platform(),
            "versions": versions, "load_start": os.getloadavg()}


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _ensure_data(data: Path, scale: str, n: int, log) -> dict:
    manifest = data / scale / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        if m.get("cadres") == n:
            return m
    log(f"generating {scale} ({n} cadres) under {data}")
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--out", str(data), "--scales", f"{scale}={n}",
                    "--read-rows", "0"], cwd=ROOT, check=True)
    return json.loads(manifest.read_text(encoding="utf-8"))


def _csvs(data: Path, scale: str, fmt: str) -> list[str]:
    return [str(data / scale / fmt / f"{name}.csv") for name in FILE_STEMS]


def _fmt_s(x: float) -> str:
    if x != x:
        return "—"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def _fmt_mb(x: float | None) -> str:
    return "" if x is None or x != x else f"{x:.0f}"


class Table:
    def __init__(self, log) -> None:
        self.rows: list[dict] = []
        self.log = log

    def add(self, scale: str, what: str, m: dict, target: str = "", met: str = "", key: str = "") -> dict:
        row = {"scale": scale, "what": what, "seconds": m.get("seconds", float("nan")),
               "peak_mb": m.get("peak_mb"), "target": target, "met": met, "key": key, "raw": m}
        if "error" in m:
            row["met"] = "error"
        self.rows.append(row)
        self.log(f"  {scale:<9} {what:<48} {_fmt_s(row['seconds']):>8} s {_fmt_mb(row['peak_mb']):>6} MB"
                 f"  {target} {row['met']}" + (f"\n    ERROR: {m['error']}" if "error" in m else ""))
        return row

    def markdown(self) -> str:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for r in self.rows:
            cells = [r["scale"], r["what"], _fmt_s(r["seconds"]), _fmt_mb(r["peak_mb"]), r["target"], r["met"]]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def text(self) -> str:
        cells = [[r["scale"], r["what"], _fmt_s(r["seconds"]), _fmt_mb(r["peak_mb"]), r["target"], r["met"]]
                 for r in self.rows]
        widths = [max(len(str(c)) for c in col) for col in zip(COLUMNS, *cells)]
        fmt = "  ".join("{:<%d}" % w for w in widths)
        return "\n".join([fmt.format(*COLUMNS)] + [fmt.format(*map(str, c)) for c in cells])


def _yes(ok: bool, detail: str = "") -> str:
    return ("yes" if ok else "**no**") + (f" ({detail})" if detail else "")


def _fit(points: list[tuple[int, float]]) -> float | None:
    """Exponent b of seconds ≈ a · cadres^b, least squares on logs."""
    pts = [(math.log(n), math.log(s)) for n, s in points if s == s and s > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def growth(rows: list[dict], sizes: dict[str, int]) -> dict:
    """Exponent b of seconds ≈ a · cadres^b per measurement: over all scales, and between neighbouring scales.

    Fixed costs (interpreter start, imports, thread pools) flatten the small
    scales, so the exponent between the two largest scales is the one to read.
    """
    out = {}
    for key in ("floor_c", "floor_pyarrow", "score_csv", "rescore", "workbook", "score_csv_peak_mb"):
        field = "peak_mb" if key.endswith("_mb") else "seconds"
        base = key.removesuffix("_peak_mb")
        pts = sorted((sizes[r["scale"]], r[field]) for r in rows
                     if r["key"] == base and r["scale"] in sizes and r[field] and r[field] == r[field])
        if len(pts) < 2:
            continue
        pairs = [round(math.log(b[1] / a[1]) / math.log(b[0] / a[0]), 2) for a, b in zip(pts, pts[1:])]
        out[key] = {"all": round(_fit(pts), 2), "pairs": pairs}
    return out


def run(args: argparse.Namespace, log=print) -> dict:
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    scheme = data / "bench_scheme.yaml"
    scheme.write_text(scheme_yaml(), encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="appraisal-bench-"))
    info = machine()
    log(f"machine: {info['nproc']} cores, {info['ram_gb']} GB, load {info['load_start']}, {info['versions']}")
    table = Table(log)
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    sizes = {}
    for item in scales:
        name, _, count = item.partition("=")
        sizes[name] = int(count) if count else SCALES[name]
    smallest = min(sizes, key=sizes.get)
    floors: dict[str, float] = {}

    table.add("-", "startup: python -c 'import appraisal.cli, .pipeline, .export'", _measure("startup"),
              key="startup")
    for scale, n in sizes.items():
        manifest = _ensure_data(data, scale, n, log)
        big = n >= 100_000
        rows = manifest["rows"]
        log(f"[{scale}] {n} cadres, {rows['tasks']} tasks, {rows['service']} ratings, {rows['democratic']} tallies")
        utf8 = _csvs(data, scale, "utf8")

        f_c = table.add(scale, "floor: read_csv (c) + groupby, UTF-8 CSV", _measure("floor", files=utf8, engine="c"),
                        key="floor_c")
        f_pa = table.add(scale, "floor: read_csv (pyarrow) + groupby, UTF-8 CSV",
                         _measure("floor", files=utf8, engine="pyarrow"), key="floor_pyarrow")
        fl = min((x for x in (f_c["seconds"], f_pa["seconds"]) if x == x), default=float("nan"))  # the faster
        floors[scale] = fl
        engine = "c" if f_c["seconds"] <= f_pa["seconds"] else "pyarrow"
        f_cmd = table.add(scale, f"floor as a command: python, import pandas, read_csv ({engine}) + groupby",
                          _measure("floor_command", files=utf8, engine=engine), key="floor_command")

        m = _measure("cli", files=utf8, json_out=str(work / f"{scale}.json"))
        ratio = m["seconds"] / f_cmd["seconds"] if f_cmd.get("seconds") == f_cmd.get("seconds") else float("nan")
        inside = m["seconds"] / fl if fl == fl else float("nan")
        if scale == "province":
            target = (f"≤ {TARGETS['score_ratio']}× floor command "
                      f"({_fmt_s(TARGETS['score_ratio'] * f_cmd['seconds'])} s), < 3 GB")
            met = _yes(ratio <= TARGETS["score_ratio"] and m.get("peak_mb", 1e9) < TARGETS["score_mb"],
                       f"{ratio:.1f}× floor command ({inside:.1f}× in-process floor), "
                       f"{m.get('peak_mb', float('nan')) / 1024:.2f} GB")
        else:
            target, met = "(province: ≤ 1.5× floor, < 3 GB)", f"{ratio:.1f}× floor command ({inside:.1f}× in-process)"
        table.add(scale, "python -m appraisal score UTF-8 CSV --json", m, target, met, key="score_csv")

        if not big:
            gbk = _csvs(data, scale, "gbk")
            if all(Path(p).exists() for p in gbk):
                m = _measure("cli", files=gbk, json_out=str(work / f"{scale}-gbk.json"))
                table.add(scale, "python -m appraisal score GBK CSV --json", m, "",
                          f"{m['seconds'] / fl:.1f}× floor" if fl == fl else "", key="score_gbk")
            xlsx = data / scale / "xlsx" / f"{scale}.xlsx"
            if xlsx.exists() and len(manifest.get("xlsx_sheets", [])) == 4:
                fx = table.add(scale, "floor: read_excel (calamine) + groupby, xlsx",
                               _measure("floor", files=[str(xlsx)], engine="calamine"), key="floor_xlsx")
                m = _measure("cli", files=[str(xlsx)], json_out=str(work / f"{scale}-xlsx.json"), scheme=str(scheme))
                table.add(scale, "python -m appraisal score xlsx --json", m, "",
                          f"{m['seconds'] / fx['seconds']:.1f}× xlsx floor", key="score_xlsx")

        if not big:
            m = _measure("rescore", files=utf8, repeat=args.repeat)
            if scale in ("county", smallest) and n <= 5_000:
                target = f"< {TARGETS['rescore_s'] * 1000:.0f} ms (county)"
                met = _yes(m["seconds"] < TARGETS["rescore_s"], f"{m['seconds'] * 1000:.0f} ms")
            else:
                target, met = "", f"{m.get('seconds', float('nan')) * 1000:.0f} ms"
            table.add(scale, f"re-score after a weight change: {m.get('way', 'score(dataset, scheme)')}, "
                      f"median of {args.repeat}", m, target, met, key="rescore")
            if m.get("way", "").endswith("components=cached)"):
                table.add(scale, f"re-score, components recomputed: score(dataset, scheme), median of {args.repeat}",
                          {"seconds": m["plain"], "peak_mb": m.get("peak_mb")}, "", f"{m['plain'] * 1000:.0f} ms",
                          key="rescore_plain")

        if not big or args.workbook_province:
            m = _measure("workbook", files=utf8, target=str(work / f"{scale}.xlsx"))
            per200k = m["seconds"] * 200_000 / n
            if scale == "province":
                target, met = f"< {TARGETS['workbook_s']:.0f} s (200,000 cadres)", _yes(m["seconds"] < TARGETS["workbook_s"])
            else:
                target = f"(< {TARGETS['workbook_s']:.0f} s at 200,000)"
                met = f"≈ {per200k:.0f} s at 200,000 if linear" if n >= 20_000 else ""
            table.add(scale, "write_workbook (ranked workbook)", m, target, met, key="workbook")

    # Excel reading: one sheet, calamine vs openpyxl
    read_rows = args.read_rows
    sheet = data / (f"read_{read_rows // 1000}k.xlsx" if read_rows >= 1000 else f"read_{read_rows}.xlsx")
    if not sheet.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--out", str(data), "--scales", "",
                        "--read-rows", str(read_rows)], cwd=ROOT, check=True)
    label = f"{read_rows // 1000}k rows" if read_rows >= 1000 else f"{read_rows} rows"
    cal = _measure("read_excel", path=str(sheet), engine="calamine")
    opx = _measure("read_excel", path=str(sheet), engine="openpyxl")
    speedup = opx["seconds"] / cal["seconds"] if cal["seconds"] > 0 else float("nan")
    table.add(label, "read_excel one sheet, engine=openpyxl", opx, key="read_openpyxl")
    table.add(label, "read_excel one sheet, engine=calamine", cal, f"≥ {TARGETS['calamine_x']:.0f}× faster than openpyxl",
              _yes(speedup >= TARGETS["calamine_x"], f"{speedup:.1f}×"), key="read_calamine")

    if args.browser:
        bscale = "county" if "county" in sizes else smallest
        _ensure_data(data, bscale, sizes.get(bscale, SCALES["county"]), log)
        cmd = [sys.executable, str(HERE / "browser_timing.py"), "--files", *_csvs(data, bscale, "utf8"),
               "--repeat", str(max(7, args.repeat // 2)), "--uploads", "3"]
        log(f"[{bscale}] dashboard in Chromium …")
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        try:
            b = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            b = {"error": (done.stderr or done.stdout)[-1500:]}
        if "error" in b:
            table.add(bscale, "dashboard in Chromium", b, key="browser")
        else:
            render, weight = TARGETS["render_s"], TARGETS["weight_s"]
            n_up = len(b.get("first_render_samples", [1]))
            table.add(bscale, f"dashboard: upload → import report drawn (median of {n_up}, fresh server each)",
                      {"seconds": b["upload_report"]}, key="browser_upload")
            table.add(bscale, f"dashboard: 总览 after upload (first scoring, charts drawn; median of {n_up})",
                      {"seconds": b["overview"]}, key="browser_overview")
            table.add(bscale, f"dashboard: first render after upload (the two above; median of {n_up})",
                      {"seconds": b["first_render"]},
                      f"< {render:.0f} s", _yes(b["first_render"] < render, f"{b['first_render'] / render:.1f}× target"),
                      key="browser_render")
            n_w = len([k for k, _ in b["weight_changes"] if k == "change"])
            if b["weight_change"] is not None:
                table.add(bscale, f"dashboard: weight change in the weights table, new scheme (median of {n_w})",
                          {"seconds": b["weight_change"]}, f"< {weight} s",
                          _yes(b["weight_change"] < weight, f"{b['weight_change'] / weight:.1f}× target"),
                          key="browser_weight")
            else:
                table.add(bscale, "dashboard: weight change in the weights table", {"seconds": float("nan")},
                          f"< {weight} s", "not measured: the table dropped the edits", key="browser_weight")
            table.add(bscale, "dashboard: 优秀 quota change, new scheme (same server work; median)",
                      {"seconds": b["quota_change"]}, f"< {weight} s",
                      _yes(b["quota_change"] < weight, f"{b['quota_change'] / weight:.1f}× target"), key="browser_quota")
            table.add(bscale, "dashboard: back to the baseline scheme (cached result; median)",
                      {"seconds": b["quota_back"]}, "", "", key="browser_back")
        result_browser = b
    else:
        result_browser = None

    info["load_end"] = os.getloadavg()
    shutil.rmtree(work, ignore_errors=True)  # JSON outputs and workbooks (hundreds of MB at province)
    scaling = growth(table.rows, sizes)
    return {"machine": info, "rows": table.rows, "scaling": scaling, "sizes": sizes, "table": table,
            "browser": result_browser}


def report(result: dict) -> str:
    info = result["machine"]
    v = info["versions"]
    lines = [
        "## Results",
        "",
        f"Taken {info['date']} on {info['nproc']} cores ({info['cpu']}), {info['ram_gb']} GB RAM, "
        f"{info['os']}; Python {v['python']}, pandas {v['pandas']}, numpy {v['numpy']}"
        + "".join(f", {k} {v[k]}" for k in ("pyarrow", "python-calamine", "openpyxl", "xlsxwriter", "scipy") if k in v) + ".",
        f"Load average at start {tuple(round(x, 2) for x in info['load_start'])}, at end "
        f"{tuple(round(x, 2) for x in info['load_end'])} (above {info['nproc']} means other processes shared the cores).",
        "Sizes: " + ", ".join(f"{k} {n:,} cadres" for k, n in result["sizes"].items())
        + f"; each cadre has {SHAPE_TEXT}.",
        "",
        result["table"].markdown(),
    ]
    if IN_PROCESS:
        lines.insert(2, "Measured in one process (--in-process): peak RSS is cumulative, not per row; "
                        "the CLI rows exclude interpreter start.")
    if result["scaling"]:
        names = list(result["sizes"])
        lines += ["", "Growth with cadres, seconds (or peak MB) ≈ a · cadres^b: b fitted over all scales, and between "
                  "neighbouring scales (" + " → ".join(names) + "; fixed costs flatten the small scales, so read the last):",
                  ""]
        lines += [f"- {k}: b = {v['all']} overall; " + ", ".join(map(str, v["pairs"])) + " between scales"
                  for k, v in result["scaling"].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmarks of issue #6: every target against the floor.")
    p.add_argument("--scales", default="county,city",
                   help="comma-separated of tiny, county, city, province (or NAME=CADRES); default county,city")
    p.add_argument("--quick", action="store_true", help="tiny scale (200 cadres), a 5,000-row sheet: seconds")
    p.add_argument("--data", default=str(HERE / "data"), help="generated inputs (default benchmarks/data)")
    p.add_argument("--out", help="write the table as Markdown here (and the raw numbers as .json beside it)")
    p.add_argument("--browser", action="store_true", help="also time the dashboard in Chromium (county)")
    p.add_argument("--repeat", type=int, default=15, help="repeats of the re-score (median reported)")
    p.add_argument("--read-rows", type=int, default=READ_SHEET_ROWS, help="rows of the Excel reading sheet")
    p.add_argument("--in-process", action="store_true",
                   help="measure in this process, not one fresh process per row (fast; peak RSS is cumulative)")
    p.add_argument("--workbook-province", action="store_true", help="also write the province workbook (minutes)")
    p.add_argument("--render", metavar="JSON", help="only re-render --out from the .json of an earlier run")
    args = p.parse_args(argv)
    if args.render:
        raw = json.loads(Path(args.render).read_text(encoding="utf-8"))
        table = Table(lambda *_: None)
        table.rows = raw["rows"]
        raw.update(table=table, scaling=growth(raw["rows"], raw["sizes"]))
        text = report(raw)
        Path(args.out).write_text(text, encoding="utf-8") if args.out else print(text)
        return 0
    if args.quick:
        args.scales = "tiny"
        args.read_rows = 2_000
        args.repeat = min(args.repeat, 5)
    global IN_PROCESS
    IN_PROCESS = args.in_process
    result = run(args)
    print()
    print(result["table"].text())
    if result["scaling"]:
        print("growth exponents (overall; between neighbouring scales):", result["scaling"])
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report(result), encoding="utf-8")
        raw = {k: v for k, v in result.items() if k != "table"}
        out.with_suffix(".json").write_text(json.dumps(raw, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
