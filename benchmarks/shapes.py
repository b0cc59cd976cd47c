"""Reading the shapes offices really send, at scale: a province's 好差评 export and a big survey export.

    python benchmarks/shapes.py [--cadres 200000] [--ratings 30] [--voters 200000] [--survey-cadres 30]

Writes, in a temporary folder, a roster of ``--cadres`` cadres with names
(namesakes within a unit happen, as in life), then

- a 好差评 platform export: ``--ratings`` ratings per cadre, one row each,
  the person named by 承办人 and 承办部门 only (no HR number), with the
  platform's other columns (评价编号, 事项名称, 办件编号, 评价渠道, 评价时间,
  差评原因) — 6 million rows at the defaults;
- a survey-tool ballot export: ``--voters`` voters a row, one column per
  cadre of one township's ``--survey-cadres`` cadres, the tool's bookkeeping
  columns and an identity question;

and times ``appraisal.ingest`` of each with the default scheme in a fresh
process (peak resident memory from ``ru_maxrss``), printing one line each:
seconds, peak MB, rows read / linked by name / rejected.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CHILD = """
import json, resource, sys, time
from appraisal import InputFile, ingest
start = time.perf_counter()
ds = ingest([InputFile.from_path(p) for p in sys.argv[1:]])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": round(seconds, 2), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "rows": ds.rows, "linked_by_name": ds.linked_by_name}, ensure_ascii=False))
"""


def _roster(n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    from appraisal.demo.sample import _GIVEN, _SURNAMES

    units = np.array([f"第{u:04d}镇" for u in range(max(n // 130, 1))], dtype=object)
    unit = units[rng.integers(0, len(units), n)]
    given = np.array(list(_GIVEN), dtype=object)
    name = (np.array(list(_SURNAMES), dtype=object)[rng.integers(0, len(_SURNAMES), n)]
            + given[rng.integers(0, len(given), n)] + given[rng.integers(0, len(given), n)])
    ids = np.array([f"A{i:07d}" for i in range(n)], dtype=object)
    lines = ["编号,姓名,单位,岗位"] + [f"{i},{nm},{u},便民服务窗口" for i, nm, u in zip(ids, name, unit)]
    return lines, ids, name, unit


def write_hcp(folder: Path, n: int, per: int, rng: np.random.Generator) -> list[Path]:
    roster, _, name, unit = _roster(n, rng)
    (folder / "名册.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    who = np.repeat(np.arange(n), per)
    words = np.array(["非常满意", "满意", "基本满意", "不满意", "非常不满意"], dtype=object)
    level = words[rng.choice(5, len(who), p=[0.55, 0.3, 0.1, 0.04, 0.01])]
    with open(folder / "好差评.csv", "w", encoding="utf-8") as out:
        out.write("评价编号,事项名称,办件编号,承办部门,承办人,评价渠道,评价时间,评价等级,差评原因\n")
        for start in range(0, len(who), 500_000):
            part = slice(start, start + 500_000)
            w = who[part]
            rows = [f"P{k},企业开办,B{k},{u},{nm},APP,2025-03-{1 + k % 28:02d},{lv},"
                    for k, u, nm, lv in zip(range(start, start + len(w)), unit[w], name[w], level[part])]
            out.write("\n".join(rows) + "\n")
    return [folder / "名册.csv", folder / "好差评.csv"]


def write_survey(folder: Path, voters: int, cadres: int, rng: np.random.Generator) -> list[Path]:
    lines = ["编号,姓名,单位,岗位"] + [f"S{c:04d},干部{c:04d},青石镇,便民服务窗口" for c in range(cadres)]
    (folder / "名册_问卷.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    grades = np.array(["优秀", "称职", "基本称职", "不称职", ""], dtype=object)
    groups = np.array(["县领导", "干部职工", "服务对象代表"], dtype=object)
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份是："]
    header += [f"{c + 2}、请对以下同志作出评价—干部{c:04d}（青石镇）" for c in range(cadres)]
    with open(folder / "问卷星导出.csv", "w", encoding="utf-8") as out:
        out.write(",".join(header) + "\n")
        for start in range(0, voters, 50_000):
            k = min(50_000, voters - start)
            ballots = grades[rng.choice(5, (k, cadres), p=[0.5, 0.35, 0.08, 0.02, 0.05])]
            group = groups[rng.integers(0, 3, k)]
            rows = [f"{start + i + 1},2025/12/1 10:00:00,35秒,手机提交,直接访问,10.0.0.1(贵州),{group[i]},"
                    + ",".join(ballots[i]) for i in range(k)]
            out.write("\n".join(rows) + "\n")
    return [folder / "名册_问卷.csv", folder / "问卷星导出.csv"]


def measure(paths: list[Path]) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths)], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cadres", type=int, default=200_000)
    p.add_argument("--ratings", type=int, default=30)
    p.add_argument("--voters", type=int, default=200_000)
    p.add_argument("--survey-cadres", type=int, default=30)
    args = p.parse_args()
    rng = np.random.default_rng(2025)
    with tempfile.TemporaryDirectory(prefix="appraisal-shapes-") as tmp:
        folder = Path(tmp)
        hcp = write_hcp(folder, args.cadres, args.ratings, rng)
        print(_line(f"好差评 export, {args.cadres * args.ratings:,} rows, {args.cadres:,} cadres by name and unit",
                    hcp, "service"))
        survey = write_survey(folder, args.voters, args.survey_cadres, rng)
        print(_line(f"survey export, {args.voters:,} voters × {args.survey_cadres} cadres", survey, "democratic"))


def _line(what: str, paths: list[Path], source: str) -> str:
    """One measured line: the input, its size, seconds, peak memory, rows read and linked by name."""
    m = measure(paths)
    mb = paths[-1].stat().st_size / 2**20
    return (f"{what} ({mb:.0f} MB): {m['seconds']} s, peak {m['peak_mb']} MB; {source} {m['rows'][source]}, "
            f"linked by name {m['linked_by_name'][source]:,}")

if __name__ == "__main__":
    main()
