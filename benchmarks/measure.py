"""One measurement in a fresh process: ``python benchmarks/measure.py KIND JSON-ARGS``.

Prints one JSON line ``{"seconds": ..., "peak_mb": ..., ...}``.  Peak memory
is the process's own maximum resident set (``ru_maxrss``), or, for ``cli``,
that of the one command it ran (``RUSAGE_CHILDREN`` of this fresh wrapper,
which has no other child).  :mod:`benchmarks.run` calls this once per row so
that no measurement inherits another's memory or warm caches of Python objects.

Kinds
-----
floor      pandas reads the files (engine c or pyarrow, or read_excel calamine) + one groupby per source
cli        ``python -m appraisal score FILES --json OUT [--scheme S]`` as a user runs it
rescore    appraisal.score(dataset, scheme) after a weight change, on an ingested Dataset; median of repeats
read_excel pandas.read_excel of one sheet with the given engine
workbook   appraisal.output.export.write_workbook of a scored result (reading and scoring not timed)
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Source of each generated file (by file stem) and the one groupby the floor runs on it.
GROUPBY = {
    "干部名册": ("单位", None, "size"),
    "任务完成": ("编号", "难度系数", "sum"),
    "服务对象评价": ("编号", "评价等级", "count"),
    "民主测评": ("编号", ["优秀", "称职", "基本称职", "不称职"], "sum"),
}


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MB.

    For this process, ``VmHWM`` of /proc/self/status: the high-water mark of
    the memory map created at exec, so nothing of the parent that forked us is
    counted (``ru_maxrss`` of RUSAGE_SELF keeps the forking parent's size
    across exec).  For a child, ``ru_maxrss`` of RUSAGE_CHILDREN; this wrapper
    is small (no pandas imported), so what the child inherits is a few MB.
    """
    if who == resource.RUSAGE_SELF:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _groupby(frame, sheet: str):
    key, col, how = GROUPBY[sheet]
    g = frame.groupby(key, sort=True)
    return g.size() if col is None else getattr(g[col], how)()


def floor(files: list[str], engine: str) -> dict:
    import pandas as pd

    t = time.perf_counter()
    rows = 0
    for f in files:
        p = Path(f)
        if p.suffix == ".xlsx":
            sheets = pd.read_excel(p, sheet_name=None, engine="calamine")
            for name, frame in sheets.items():
                _groupby(frame, name)
                rows += len(frame)
        else:
            encoding = "gbk" if "/gbk/" in p.as_posix() else "utf-8"
            frame = pd.read_csv(p, engine=engine, encoding=encoding)
            _groupby(frame, p.stem)
            rows += len(frame)
    return {"seconds": time.perf_counter() - t, "rows": rows}


def floor_command(files: list[str], engine: str) -> dict:
    """The floor as a command, timed like the CLI: a fresh interpreter imports pandas, reads and groups.

    ``python -m appraisal score`` is timed from outside, interpreter start and
    imports included; this is the same measurement of the floor, so the two
    compare like for like (``seconds_inside`` is the in-process floor).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "floor", json.dumps({"files": files, "engine": engine})]
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t
    inside = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seconds": seconds, "seconds_inside": inside["seconds"], "rows": inside["rows"],
            "peak_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def cli(files: list[str], json_out: str, scheme: str | None = None, in_process: bool = False) -> dict:
    args = ["score", *files, "--json", json_out] + (["--scheme", scheme] if scheme else [])
    if in_process:  # the smoke test: no interpreter start, output swallowed
        import contextlib
        import io

        from appraisal.cli import main as cli_main

        t = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = cli_main(args)
        out = {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(), "returncode": code}
        stderr = err.getvalue()
    else:
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "appraisal", *args], cwd=ROOT, capture_output=True, text=True)
        out = {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(resource.RUSAGE_CHILDREN),
               "returncode": done.returncode}
        stderr = done.stderr
    if out["returncode"] != 0:
        out["stderr"] = stderr[-2000:]
    else:
        data = json.loads(Path(json_out).read_text(encoding="utf-8"))
        out["rows"] = data["rows"]
        out["rejected"] = len(data["rejected"])
        out["cadres"] = len(data["cadres"])
    return out


def _ingest(files: list[str], scheme_path: str | None):
    from appraisal import InputFile, Scheme, ingest

    scheme = Scheme.load(scheme_path) if scheme_path else Scheme.default()
    return ingest([InputFile.from_path(f) for f in files], scheme), scheme


def rescore(files: list[str], repeat: int, scheme: str | None = None) -> dict:
    """Median time of ``score(dataset, new scheme)``; the dashboard's way when the library has it.

    Since the library gained ``score(..., components=...)`` the dashboard caches the per-cadre
    components (they do not depend on the weights: ``pipeline.components_key``) and passes them
    in; ``seconds`` is then that call, and ``plain`` the call without them.
    """
    import inspect

    from appraisal import score

    dataset, base = _ingest(files, scheme)
    weights = base.to_dict()["weights"]
    variants = []
    for i in range(repeat):
        w = {p: dict(v) for p, v in weights.items()}
        # the user drags one weight: 党政综合 task 40 → 35..45, democratic takes up the rest
        w["党政综合"]["task"] = 35.0 + (i % 11)
        w["党政综合"]["democratic"] = 100.0 - w["党政综合"]["task"] - w["党政综合"]["service"]
        variants.append(base.updated({"weights": w}))

    def timed(call) -> list[float]:
        call(base)  # warm-up: imports, first-call caches
        out = []
        for s in variants:
            t = time.perf_counter()
            call(s)
            out.append(time.perf_counter() - t)
        return out

    plain = timed(lambda s: score(dataset, s))
    result = {"plain": statistics.median(plain), "repeat": repeat, "cadres": len(dataset.roster)}
    if "components" in inspect.signature(score).parameters:
        from appraisal.scoring.component_scores import components

        parts = components(dataset, base)  # cached by the dashboard, keyed without the weights
        times = timed(lambda s: score(dataset, s, components=parts))
        result["way"] = "score(dataset, scheme, components=cached)"
    else:
        times = plain
        result["way"] = "score(dataset, scheme)"
    result.update(seconds=statistics.median(times), min=min(times), max=max(times))
    return result


def read_excel(path: str, engine: str) -> dict:
    import pandas as pd

    t = time.perf_counter()
    frame = pd.read_excel(path, engine=engine)
    return {"seconds": time.perf_counter() - t, "rows": len(frame)}


def workbook(files: list[str], target: str, scheme: str | None = None) -> dict:
    from appraisal import score
    from appraisal.output.export import write_workbook

    dataset, s = _ingest(files, scheme)
    result = score(dataset, s)
    t = time.perf_counter()
    write_workbook(result, target)
    return {"seconds": time.perf_counter() - t, "bytes": Path(target).stat().st_size, "cadres": len(result.cadres)}


def startup(in_process: bool = False) -> dict:
    """Interpreter start and the imports every command pays: ``python -c "import appraisal.cli, appraisal.scoring.pipeline"``."""
    if in_process:  # already imported or cheap: only the smoke test runs this
        t = time.perf_counter()
        import appraisal.cli  # noqa: E401, F401
        import appraisal.output.export
        import appraisal.scoring.pipeline
        return {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb()}
    cmd = [sys.executable, "-c", "import appraisal.cli, appraisal.scoring.pipeline, appraisal.output.export"]
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    return {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


KINDS = {"startup": startup, "floor": floor, "floor_command": floor_command, "cli": cli, "rescore": rescore, "read_excel": read_excel, "workbook": workbook}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    kind, args = argv[0], json.loads(argv[1])
    result = KINDS[kind](**args)
    result.setdefault("peak_mb", _peak_mb())
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
