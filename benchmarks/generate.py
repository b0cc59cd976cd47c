"""Synthetic appraisal inputs at county, city and province scale, for the benchmarks.

Every scale has the same shape per cadre, so cost can be compared across
scales: 10 quantified tasks, 30 service ratings in 好差评 words and 3
democratic-evaluation tallies (县领导, 干部职工, 服务对象代表).  Units hold
about 50 cadres each and are named after fictional counties, so a city has
about 400 units and a province about 4,000.

The vocabulary (surnames, given-name characters, townships, departments,
posts, task names, rating words) comes from :mod:`appraisal.demo.sample`.  Its
generator is not reused: it plants patterns for a single county with at most
48 units, draws about 6.5 tasks, 19 ratings and 4 voter groups per cadre, and
builds every date as a Python object (7 s for 200,000 cadres, measured);
here everything is one vectorized numpy draw with a fixed seed.

Files written under ``OUT/<scale>/``::

    utf8/干部名册.csv 任务完成.csv 服务对象评价.csv 民主测评.csv   (UTF-8, header in row 1)
    gbk/ the same four, GBK-encoded
    xlsx/<scale>.xlsx   one workbook, a sheet per source that fits Excel's
                        1,048,576 rows (a province's tasks and ratings do not)
    manifest.json       rows, bytes and seconds per file

plus ``OUT/read_100k.xlsx``: one 100,000-row sheet of task rows, for the
calamine-vs-openpyxl reading benchmark.

Run::

    python benchmarks/generate.py --scales county,city,province --out benchmarks/data
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from appraisal.demo import sample as _vocab  # noqa: E402

__all__ = ["SCALES", "SHAPE", "FILE_NAMES", "make_tables", "write_scale", "write_read_sheet", "main"]

SCALES: dict[str, int] = {"tiny": 200, "county": 2_000, "city": 20_000, "province": 200_000}
SHAPE = {"tasks": 10, "ratings": 30, "groups": ("县领导", "干部职工", "服务对象代表"), "unit_size": 50}
FILE_NAMES = {"roster": "干部名册", "tasks": "任务完成", "service": "服务对象评价", "democratic": "民主测评"}
EXCEL_MAX_ROWS = 1_048_576
READ_SHEET_ROWS = 100_000
SEED = 20251122
YEAR = 2025
_CREATED = dt.datetime(YEAR, 12, 31)

_SUR = np.array(list(_vocab._SURNAMES), dtype=object)
_GIVEN = np.array(list(_vocab._GIVEN), dtype=object)
_LOCAL_UNITS = np.array(_vocab._UNITS, dtype=object)  # 34 townships + 14 departments
_POSTS = np.array(_vocab._POSTS, dtype=object)
_TASK_NAMES = np.array([t[0] for t in _vocab._TASKS], dtype=object)
_TASK_LO = np.array([t[1] for t in _vocab._TASKS], dtype=float)
_TASK_HI = np.array([t[2] for t in _vocab._TASKS], dtype=float)
_WORDS = np.array(list(_vocab._SERVICE_WORDS), dtype=object)  # best first
_DIFFICULTIES = _vocab._DIFFICULTIES


def _county_names(k: int) -> np.ndarray:
    """k distinct fictional county names: two given-name characters + 县."""
    g = len(_GIVEN)
    i = np.arange(k)
    return _GIVEN[(i * 7 + 3) % g] + _GIVEN[(i // g * 5 + i * 11 + 1) % g] + "县"


def _unit_type(names: np.ndarray) -> np.ndarray:
    s = pd.Series(names, dtype=object)
    out = np.where(s.str.endswith("街道"), "街道", np.where(s.str.endswith(("镇", "乡")), "乡镇", "县直部门"))
    return out.astype(object)


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return (prefix + pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(width)).to_numpy(dtype=object)


def _dates(days: np.ndarray) -> np.ndarray:
    """ISO date text of day offsets from 1 January (only 366 distinct strings are built)."""
    base = np.datetime64(f"{YEAR}-01-01", "D")
    lookup = np.array([str(base + d) for d in range(366)], dtype=object)
    return lookup[days]


def _ordered(rng: np.random.Generator, mu: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Ordered-logit draw: category 0 (best) … len(cuts) (worst), one per mu."""
    p_better = 1.0 / (1.0 + np.exp(-(mu[:, None] - cuts)))  # P(category <= k), decreasing cuts
    u = rng.random(len(mu))
    return (u[:, None] > p_better).sum(axis=1)


def make_tables(n: int, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The four sources for ``n`` cadres with Chinese headers, as object/number columns.

    Deterministic: the same ``n`` and ``seed`` give the same tables.
    """
    rng = np.random.default_rng(seed)
    n_tasks, n_ratings, groups = SHAPE["tasks"], SHAPE["ratings"], SHAPE["groups"]

    # ---- units and roster
    n_units = max(n // SHAPE["unit_size"], 4)
    per_county = len(_LOCAL_UNITS)
    counties = _county_names(-(-n_units // per_county))
    u = np.arange(n_units)
    unit_names = counties[u // per_county] + _LOCAL_UNITS[u % per_county]
    unit_of = np.sort(rng.integers(0, n_units, n))
    unit_of[:n_units] = u if n >= n_units else unit_of[:n_units]  # every unit has someone
    unit_of = np.sort(unit_of)
    ids = _ids("GB", n, 7)
    names = _SUR[rng.integers(0, len(_SUR), n)] + _GIVEN[rng.integers(0, len(_GIVEN), n)] + np.where(
        rng.random(n) < 0.68, _GIVEN[rng.integers(0, len(_GIVEN), n)], "")
    post_idx = rng.choice(len(_POSTS), size=n, p=[0.2, 0.15, 0.15, 0.15, 0.12, 0.13, 0.10])
    roster = pd.DataFrame({
        "编号": ids, "姓名": names, "单位": unit_names[unit_of],
        "单位类型": _unit_type(unit_names)[unit_of], "岗位": _POSTS[post_idx],
    })

    ability = rng.standard_normal(n)
    busy = 0.35 * ability + 0.94 * rng.standard_normal(n)

    # ---- tasks: n_tasks per cadre
    t_cadre = np.repeat(np.arange(n), n_tasks)
    m = len(t_cadre)
    t_idx = rng.integers(0, len(_TASK_NAMES), m)
    lo, hi = _TASK_LO[t_idx], _TASK_HI[t_idx]
    target = np.exp(np.log(lo) + rng.random(m) * (np.log(hi) - np.log(lo)))
    target = np.clip(np.where(target >= 50, np.rint(target / 5) * 5, np.rint(target)), 5, 500).astype(np.int64)
    ratio = 0.92 + 0.04 * ability[t_cadre] + 0.06 * rng.standard_normal(m)
    actual = np.rint(target * np.clip(ratio, 0.0, 1.6)).astype(np.int64)
    d_idx = np.clip(np.rint(1.5 + 0.6 * busy[t_cadre] + rng.standard_normal(m)), 0, 4).astype(np.int64)
    difficulty = _DIFFICULTIES[d_idx]
    errors = rng.poisson(0.09 * difficulty**1.5 * np.exp(-0.35 * ability[t_cadre]))
    deadline = rng.integers(59, 365, m)
    late = rng.random(m) < 0.10
    done = np.clip(np.where(late, deadline + rng.integers(1, 30, m), deadline - rng.integers(0, 40, m)), 0, 364)
    done_text = _dates(done)
    done_text[rng.random(m) < 0.05] = ""  # not yet reported
    tasks = pd.DataFrame({
        "编号": ids[t_cadre], "姓名": names[t_cadre], "任务名称": _TASK_NAMES[t_idx],
        "目标值": target, "完成值": actual, "难度系数": difficulty,
        "截止日期": _dates(deadline), "完成日期": done_text, "差错次数": errors,
    })

    # ---- service ratings: n_ratings per cadre, 好差评 words
    s_cadre = np.repeat(np.arange(n), n_ratings)
    mu = 0.7 * ability + 0.45 * rng.standard_normal(n)
    level = _ordered(rng, mu[s_cadre], np.array([0.45, -1.75, -3.2, -4.3]))
    pool = max(n * 5, 1000)  # raters of a region
    rater_names = _ids("P", pool, 7)
    service = pd.DataFrame({
        "编号": ids[s_cadre],
        "评价人编号": rater_names[rng.integers(0, pool, len(s_cadre))],
        "评价等级": _WORDS[level],
        "评价时间": _dates(rng.integers(0, 365, len(s_cadre))),
    })

    # ---- democratic evaluation: one tally row per cadre and voter group
    g = len(groups)
    voters = np.column_stack([rng.integers(3, 7, n), rng.integers(15, 41, n), rng.integers(5, 13, n)])
    vmu = 0.8 * ability[:, None] + np.array([0.25, 0.0, -0.1]) + 0.35 * rng.standard_normal((n, g))
    cuts = np.array([1.0, -2.9, -4.7])
    cum = 1.0 / (1.0 + np.exp(-(vmu[..., None] - cuts)))  # P(at least as good as k)
    probs = np.diff(np.concatenate([np.zeros((n, g, 1)), cum, np.ones((n, g, 1))], axis=-1), axis=-1)
    probs = np.clip(probs, 0, 1)
    tally = rng.multinomial(voters, probs / probs.sum(-1, keepdims=True)).reshape(n * g, 4)
    democratic = pd.DataFrame({
        "编号": np.repeat(ids, g), "测评人类别": np.tile(np.array(groups, dtype=object), n),
        "优秀": tally[:, 0], "称职": tally[:, 1], "基本称职": tally[:, 2], "不称职": tally[:, 3],
    })
    return {"roster": roster, "tasks": tasks, "service": service, "democratic": democratic}


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV, header in row 1, nothing quoted (no generated text holds a comma, quote or newline).

    pyarrow's writer is 10–25× faster than ``DataFrame.to_csv`` here (measured
    on the city tables); pandas is the fallback.  The one difference: a whole
    float is written ``1`` by pyarrow, ``1.0`` by pandas.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    sink = pa.BufferOutputStream()
    sink.write((",".join(frame.columns) + "\n").encode("utf-8"))
    pacsv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), sink,
                    pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return sink.getvalue().to_pybytes()


def _write_csv(frame: pd.DataFrame, path: Path, encoding: str) -> None:
    data = _csv_bytes(frame)
    path.write_bytes(data if encoding == "utf-8" else data.decode("utf-8").encode(encoding))


def _write_sheet(book: xlsxwriter.Workbook, name: str, frame: pd.DataFrame) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, list(frame.columns))
    columns = [frame[c].tolist() for c in frame.columns]
    write_row = sheet.write_row
    for r, row in enumerate(zip(*columns), start=1):
        write_row(r, 0, row)


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> list[str]:
    fits = [k for k, f in tables.items() if len(f) + 1 <= EXCEL_MAX_ROWS]
    if not fits:
        return []
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": _CREATED})  # a fixed stamp: same arguments, same bytes
    for key in fits:
        _write_sheet(book, FILE_NAMES[key], tables[key])
    book.close()
    return fits


def write_scale(out: Path, scale: str, n: int, formats: tuple[str, ...] = ("utf8", "gbk", "xlsx"),
                seed: int = SEED, log=print) -> dict:
    """Generate one scale and write its files; returns the manifest."""
    base = out / scale
    base.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tables = make_tables(n, seed)
    manifest = {"scale": scale, "cadres": n, "seed": seed, "shape": {**SHAPE, "groups": list(SHAPE["groups"])},
                "rows": {k: len(v) for k, v in tables.items()}, "seconds": {"generate": round(time.perf_counter() - t0, 2)},
                "files": {}}
    log(f"[{scale}] {n} cadres generated in {manifest['seconds']['generate']} s: {manifest['rows']}")
    for fmt, encoding in (("utf8", "utf-8"), ("gbk", "gbk")):  # GBK: the UTF-8 bytes re-encoded
        if fmt not in formats:
            continue
        (base / fmt).mkdir(exist_ok=True)
        t = time.perf_counter()
        for key, frame in tables.items():
            path = base / fmt / f"{FILE_NAMES[key]}.csv"
            _write_csv(frame, path, encoding)
            manifest["files"][f"{fmt}/{path.name}"] = path.stat().st_size
        manifest["seconds"][f"csv_{fmt}"] = round(time.perf_counter() - t, 2)
        log(f"[{scale}] {fmt} CSV written in {manifest['seconds'][f'csv_{fmt}']} s")
    if "xlsx" in formats:
        (base / "xlsx").mkdir(exist_ok=True)
        t = time.perf_counter()
        path = base / "xlsx" / f"{scale}.xlsx"
        sheets = _write_xlsx(tables, path)
        manifest["xlsx_sheets"] = sheets
        manifest["files"][f"xlsx/{path.name}"] = path.stat().st_size
        manifest["seconds"]["xlsx"] = round(time.perf_counter() - t, 2)
        log(f"[{scale}] xlsx ({', '.join(sheets)}) written in {manifest['seconds']['xlsx']} s")
    old = base / "manifest.json"
    if "xlsx" not in formats and old.exists():  # keep what an earlier run wrote about the workbook
        prev = json.loads(old.read_text(encoding="utf-8"))
        if (prev.get("cadres"), prev.get("seed")) == (n, seed) and "xlsx_sheets" in prev:
            manifest["xlsx_sheets"] = prev["xlsx_sheets"]
            manifest["seconds"]["xlsx"] = prev["seconds"].get("xlsx")
            manifest["files"].update({k: v for k, v in prev["files"].items() if k.startswith("xlsx/")})
    (base / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def write_read_sheet(out: Path, rows: int = READ_SHEET_ROWS, seed: int = SEED) -> Path:
    """One sheet of ``rows`` task rows (9 columns), for the Excel reading benchmark."""
    out.mkdir(parents=True, exist_ok=True)
    n = -(-rows // SHAPE["tasks"])
    tasks = make_tables(n, seed)["tasks"].iloc[:rows]
    path = out / f"read_{rows // 1000}k.xlsx" if rows >= 1000 else out / f"read_{rows}.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"created": _CREATED})
    _write_sheet(book, FILE_NAMES["tasks"], tasks)
    book.close()
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "data"), help="output folder (default benchmarks/data)")
    p.add_argument("--scales", default="county,city,province",
                   help=f"comma-separated, of {', '.join(SCALES)} or NAME=CADRES (e.g. tiny=200)")
    p.add_argument("--formats", default="utf8,gbk,xlsx", help="comma-separated of utf8, gbk, xlsx")
    p.add_argument("--read-rows", type=int, default=READ_SHEET_ROWS,
                   help="rows of the Excel reading benchmark sheet (0: skip)")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    out = Path(args.out)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    for item in filter(None, (i.strip() for i in args.scales.split(","))):
        name, _, count = item.partition("=")
        n = int(count) if count else SCALES[name]
        write_scale(out, name, n, formats, args.seed)
    if args.read_rows:
        t = time.perf_counter()
        path = write_read_sheet(out, args.read_rows, args.seed)
        print(f"{path.name}: {args.read_rows} rows written in {time.perf_counter() - t:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
