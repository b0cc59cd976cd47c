"""Reading and validating on several threads changes nothing a user sees: errors, warnings and rows come in upload order."""

from __future__ import annotations

import threading
import time

import pytest
from workbooks import ROSTER, ROSTER_HEADER, SERVICE, SERVICE_HEADER, TASK_HEADER, TASKS, csv_bytes, xlsx

from appraisal import AppraisalError, InputFile, Scheme, ingest
from appraisal.reading import read_tables
from appraisal.texts import ERROR, WARNING
from appraisal.threads import MAX_WORKERS, workers

LIMITS = Scheme.default().data["reading"]


def test_the_first_bad_file_in_upload_order_is_the_one_named():
    good = InputFile("名册.csv", csv_bytes([ROSTER_HEADER, *ROSTER]))
    first_bad = InputFile("甲.xlsx", b"PK\x03\x04 cut short")
    second_bad = InputFile("乙.ods", b"hello")
    for files in ([first_bad, good, second_bad], [good, first_bad, second_bad]):
        with pytest.raises(AppraisalError) as err:
            ingest(files)
        assert str(err.value) == ERROR["corrupt"].format(file="甲.xlsx", kind="Excel")


def test_warnings_and_tables_keep_the_upload_order():
    roster = csv_bytes([ROSTER_HEADER, *ROSTER])
    files = [InputFile("任务.csv", csv_bytes([TASK_HEADER, *TASKS])),
             InputFile("名册.csv", roster),
             InputFile("说明.xlsx", xlsx({"说明": [["本表说明", "无"], ["仅供参考", "无"]]})),
             InputFile("名册副本.csv", roster),
             InputFile("评价.csv", csv_bytes([SERVICE_HEADER, *SERVICE]))]
    tables, warnings = read_tables(files, LIMITS)
    assert [(t.file, t.source) for t in tables] == [
        ("任务.csv", "tasks"), ("名册.csv", "roster"), ("说明.xlsx", None), ("评价.csv", "service")]
    assert len(warnings) == 2
    assert warnings[0].startswith("说明.xlsx“说明”")
    assert warnings[1] == WARNING["duplicate_file"].format(file="名册副本.csv", first="名册.csv")


def test_sources_validated_side_by_side_give_what_one_thread_gives(monkeypatch):
    files = [InputFile("名册.csv", csv_bytes([ROSTER_HEADER, *ROSTER])),
             InputFile("任务.csv", csv_bytes([TASK_HEADER, *TASKS])),
             InputFile("评价.csv", csv_bytes([SERVICE_HEADER, *SERVICE]))]
    threaded = ingest(files)
    monkeypatch.setattr("appraisal.threads.MAX_WORKERS", 1)
    single = ingest(files)
    for name in ("roster", "tasks", "service", "votes", "rejected"):
        assert getattr(threaded, name).equals(getattr(single, name)), name
    assert threaded.warnings == single.warnings and threaded.rows == single.rows


def test_pool_has_at_most_max_workers_and_cancels_what_did_not_start():
    started = []
    gate = threading.Event()

    def work(i: int) -> int:
        started.append(i)
        gate.wait(5)
        return i

    threading.Timer(0.3, gate.set).start()  # the running ones finish only after the pool has been left
    with pytest.raises(ZeroDivisionError):
        with workers() as pool:
            futures = [pool.submit(work, i) for i in range(MAX_WORKERS + 6)]
            time.sleep(0.05)
            1 / 0  # an error while work is running or waiting
    assert len(started) <= MAX_WORKERS
    assert sum(f.cancelled() for f in futures) == len(futures) - len(started) >= 6
