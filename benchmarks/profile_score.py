"""Where ``python -m appraisal score`` spends its time: pyinstrument over ingest, score and the JSON.

    pip install pyinstrument
    python benchmarks/profile_score.py --scale city [--data benchmarks/data] [--html out.html]

Prints two lists: the library's functions by inclusive time (file:function,
seconds, share of the whole run) and all functions by self time (where the
interpreter actually was: pandas internals, Python loops, C calls).  The
phases (ingest, score, to_json) are timed as well.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

FILE_STEMS = ("干部名册", "任务完成", "服务对象评价", "民主测评")


def _synthetic(frame) -> bool:
    return (frame.function or "").startswith("[")  # pyinstrument's "[self]", "[await]" leaves


def _walk(frame, stack: tuple, inclusive: dict, self_time: dict) -> None:
    """Inclusive time per (file, function), once per call path; self time = time not in real children."""
    key = (frame.file_path_short or frame.file_path or "?", frame.function or "?")
    if key not in stack:  # count a recursive function once per path
        inclusive[key] += frame.time
    real = [c for c in frame.children if not _synthetic(c)]
    self_time[key] += frame.time - sum(c.time for c in real)
    for child in real:
        _walk(child, stack + (key,), inclusive, self_time)


def _short(path: str) -> str:
    p = path.replace("\\", "/")
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in p:
            p = p.split(marker, 1)[1]
    return p


def profile(files: list[Path], scheme_path: str | None, interval: float) -> tuple:
    from pyinstrument import Profiler

    import appraisal
    from appraisal import InputFile, Scheme
    from appraisal.output.json_contract import result_json

    scheme = Scheme.load(scheme_path) if scheme_path else Scheme.default()
    phases = {}
    profiler = Profiler(interval=interval)
    profiler.start()
    t = time.perf_counter()
    dataset = appraisal.ingest([InputFile.from_path(f) for f in files], scheme)
    phases["ingest (read, recognize, validate)"] = time.perf_counter() - t
    t = time.perf_counter()
    result = appraisal.score(dataset, scheme)
    phases["score (components, grade, flags, inversion)"] = time.perf_counter() - t
    t = time.perf_counter()
    result_json(result)
    phases["to_json"] = time.perf_counter() - t
    profiler.stop()
    return profiler, phases


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", default="city")
    p.add_argument("--data", default=str(HERE / "data"))
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--interval", type=float, default=0.005, help="sampling interval, seconds")
    p.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = p.parse_args(argv)
    data = Path(args.data)
    files = [data / args.scale / "utf8" / f"{s}.csv" for s in FILE_STEMS]
    scheme = data / "bench_scheme.yaml"
    profiler, phases = profile(files, str(scheme) if scheme.exists() else None, args.interval)
    session = profiler.last_session
    root = session.root_frame()
    total = root.time
    inclusive: dict = defaultdict(float)
    self_time: dict = defaultdict(float)
    _walk(root, (), inclusive, self_time)

    print(f"# {args.scale}: {total:.2f} s profiled (pyinstrument, {args.interval * 1000:g} ms samples)")
    for name, sec in phases.items():
        print(f"  phase {name:<48} {sec:8.2f} s  {sec / total:6.1%}")
    print("\n## appraisal functions by inclusive time")
    lib = sorted(((k, v) for k, v in inclusive.items() if "appraisal/" in k[0].replace("\\", "/")),
                 key=lambda kv: -kv[1])
    for (file, func), sec in lib[:args.top]:
        print(f"  {_short(file)}:{func:<34} {sec:8.2f} s  {sec / total:6.1%}")
    print("\n## all functions by self time")
    for (file, func), sec in sorted(self_time.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {_short(file)}:{func:<34} {sec:8.2f} s  {sec / total:6.1%}")
    if args.html:
        Path(args.html).write_text(profiler.output_html(), encoding="utf-8")
        print(f"\nwrote {args.html}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
