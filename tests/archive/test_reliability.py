"""A save is all or nothing, concurrent saves both land, and a version scores again to the same numbers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pandas as pd
import pytest
import sqlalchemy as sa

from appraisal import InputFile, appraise
from appraisal.archive import Period, open_archive
from tests.helpers import ROOT, SAMPLE_DATA
from tests.helpers.workbooks import county, xlsx

BOOK = InputFile("县.xlsx", xlsx(county()))

# Saves the sample county (2000 cadres) again and again, until it is killed.
_SAVER = textwrap.dedent("""
    import sys
    from appraisal import appraise
    from appraisal.archive import Period, open_archive
    from tests.helpers import SAMPLE_DATA
    result = appraise(sorted(SAMPLE_DATA.iterdir()))
    archive = open_archive(sys.argv[1])
    while True:
        archive.save(result, Period(2025), reason="反复保存")
""")


def _complete(location: str) -> list[int]:
    """Every version's number, after checking each is whole: contract intact, every cadre row, every input."""
    with open_archive(location) as archive:
        listed = archive.versions()
        for v in listed.itertuples():
            version = archive.load(v.period, v.number)
            assert len(version.cadres) == v.n_cadres
            assert len(version.inputs) == len(json.loads(version.contract)["inputs"])
        with archive.engine.connect() as c:  # no row of a version that is not listed
            orphans = c.execute(sa.text("SELECT COUNT(*) FROM results WHERE version_id NOT IN "
                                        "(SELECT id FROM versions)")).scalar()
        assert orphans == 0
        return listed["number"].tolist()


def test_a_save_killed_midway_leaves_the_archive_as_it_was(location):
    """kill -9 while saving, three times: every version there is whole, numbered 1, 2, 3 … without a gap."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.05, 0.15, 0.3):  # into the next save (one takes about 0.4 s): early, midway, late
        child = subprocess.Popen([sys.executable, "-c", _SAVER, location], cwd=ROOT, env=env)
        before = len(_complete(location)) if os.path.exists(location) or "://" in location else 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # let it save at least once more, then kill it in the middle of one
            time.sleep(0.2)
            try:
                if len(_complete(location)) > before:
                    break
            except Exception:  # the archive may not exist yet
                continue
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    numbers = _complete(location)
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3


def test_two_sessions_saving_at_once_both_land(location):
    result = appraise([BOOK])
    errors: list[Exception] = []

    def save_many(who: str) -> None:
        try:
            with open_archive(location) as archive:
                for i in range(6):
                    archive.save(result, Period(2025), reason=f"{who}第{i + 1}次", saved_by=who)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    open_archive(location).close()  # the tables exist before the race
    threads = [threading.Thread(target=save_many, args=(who,)) for who in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _complete(location) == list(range(1, 13))
    with open_archive(location) as archive:
        assert archive.versions()["saved_by"].value_counts().to_dict() == {"甲": 6, "乙": 6}


def test_a_version_scores_again_to_the_same_composites(location):
    """From the kept files, scheme and mapping alone: the same composite and grade for every cadre."""
    from appraisal import ColumnMapping, Scheme

    files = [InputFile.from_path(p) for p in sorted(SAMPLE_DATA.iterdir())]
    scheme = Scheme.default().updated({"grading": {"excellent_quota": 0.15}})
    mapping = ColumnMapping(units={"青石镇人民政府": "青石镇"})
    result = appraise(files, scheme, mapping)
    with open_archive(location) as archive:
        archive.save(result, Period(2025), files=files, keep_files=True, mapping_yaml=mapping.to_yaml())
        again = archive.recompute(Period(2025), 1)
        stored = archive.load(Period(2025), 1)
    cols = ["cadre_id", "composite", "grade", "rank_in_unit"]
    pd.testing.assert_frame_equal(again.cadres[cols].reset_index(drop=True), result.cadres[cols].reset_index(drop=True))
    by_id = stored.cadres.set_index("cadre_id")["composite"]
    assert (again.cadres.set_index("cadre_id")["composite"] == by_id.reindex(again.cadres["cadre_id"])).all()


def test_a_version_saved_without_its_files_cannot_be_scored_again(location):
    with open_archive(location) as archive:
        archive.save(appraise([BOOK]), Period(2025), files=[BOOK])
        with pytest.raises(Exception, match="未保留输入文件"):
            archive.recompute(Period(2025), 1)


# Opens (and so creates and migrates) the archive once, after a start signal: several at once.
_OPENER = textwrap.dedent("""
    import sys, time
    from appraisal.archive import open_archive
    while time.time() < float(sys.argv[2]):
        time.sleep(0.001)
    with open_archive(sys.argv[1]) as archive:
        print(len(archive.versions()))
""")


def test_a_new_archive_opened_by_several_processes_at_once_is_migrated_once(location):
    """Four processes create the same new archive at the same moment: each opens it, and the tables are whole."""
    start = time.time() + 3  # past every interpreter's start-up
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [subprocess.Popen([sys.executable, "-c", _OPENER, location, str(start)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outcomes = [child.communicate(timeout=120) for child in children]
    assert [c.returncode for c in children] == [0] * 4, [err for _, err in outcomes]
    assert [out.strip() for out, _ in outcomes] == ["0"] * 4
    with open_archive(location) as archive:
        archive.save(appraise([BOOK]), Period(2025))
        with archive.engine.connect() as c:
            assert c.execute(sa.text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
    assert _complete(location) == [1]
