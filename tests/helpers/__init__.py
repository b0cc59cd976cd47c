"""What the tests of every folder share: where the repository is, and the workbook builders (:mod:`.workbooks`)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: app.py, pages/, sample_data/, benchmarks/, docs/
SAMPLE_DATA = ROOT / "sample_data"  # the sample county (2000 cadres), as the dashboard opens on it
