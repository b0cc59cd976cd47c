"""Re-scoring after a weight change, the call the dashboard makes (issue #6: county < 50 ms).

    python benchmarks/rescore.py [--runs 30] [--data sample_data]

Ingests the files once (the dashboard caches that), then times, over
``--runs`` runs each, printing median and min in milliseconds:

- ``score``: ``appraisal.score(dataset, scheme)`` with the weights changed;
- ``score (precomputed components)``: the same with the components frame
  passed in, as the dashboard does after a weight change (the components do
  not depend on the weights, see ``pipeline.components_key``);
- each stage of the pipeline on its own (components, composite, grade,
  cadre_flags, explain, inversion_groups, unit_flags).

A plain script: it reports and never fails on time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

NEW_WEIGHTS = {"weights": {"默认": {"task": 50, "service": 25, "democratic": 25}}}


def _time(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up (imports, caches of scipy/pandas)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data", default=str(ROOT / "sample_data"), help="a folder of input files")
    args = parser.parse_args(argv)

    import appraisal
    from appraisal import InputFile, Scheme
    from appraisal.scoring import pipeline
    from appraisal.scoring.component_scores import composite
    from appraisal.scoring.diagnostics import cadre_flags, explain, inversion_groups, unit_flags
    from appraisal.scoring.grading import grade

    files = sorted(p for p in Path(args.data).iterdir() if p.is_file())
    dataset = appraisal.ingest([InputFile.from_path(p) for p in files])
    scheme = Scheme.default().updated(NEW_WEIGHTS)
    comp = pipeline.components(dataset, scheme)
    with_composite = composite(comp, scheme)
    graded, _ = grade(with_composite, scheme)
    flags = cadre_flags(graded, scheme)

    rows = [
        ("score", lambda: appraisal.score(dataset, scheme)),
        ("score (precomputed components)", lambda: appraisal.score(dataset, scheme, components=comp)),
        ("  components", lambda: pipeline.components(dataset, scheme)),
        ("  composite", lambda: composite(comp, scheme)),
        ("  grade", lambda: grade(with_composite, scheme)),
        ("  cadre_flags", lambda: cadre_flags(graded, scheme)),
        ("  explain", lambda: explain(graded, flags, scheme)),
        ("  inversion_groups", lambda: inversion_groups(graded, scheme)),
        ("  unit_flags", lambda: unit_flags(graded, dataset.votes, scheme)),
    ]
    print(f"{len(dataset.roster)} cadres, {args.runs} runs each (ms)")
    print(f"{'what':<34}{'median':>9}{'min':>9}")
    for name, fn in rows:
        med, low = _time(fn, args.runs)
        print(f"{name:<34}{med:>9.1f}{low:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
