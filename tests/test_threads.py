"""Reading and validating on several threads changes nothing a user sees: errors, warnings and rows come in upload order."""

from __future__ import annotations

import threading
import time

import pytest

from appraisal import AppraisalError, InputFile, Scheme, ingest
from appraisal.read import read_tables
from appraisal.texts import ERROR, REASON, WARNING
from appraisal.threads import MAX_WORKERS, PARALLEL_MIN_ROWS, _cores, workers
from tests.helpers.workbooks import ROSTER, ROSTER_HEADER, SERVICE, SERVICE_HEADER, TASK_HEADER, TASKS, csv_bytes, xlsx

LIMITS = Scheme.default().section("reading")


def test_the_first_bad_file_in_upload_order_is_the_one_named(sizing):
    good = InputFile("名册.csv", csv_bytes([ROSTER_HEADER, *ROSTER]))
    first_bad = InputFile("甲.xlsx", b"PK\x03\x04 cut short")
    second_bad = InputFile("乙.ods", b"hello")
    for files in ([first_bad, good, second_bad], [good, first_bad, second_bad]):
        with pytest.raises(AppraisalError) as err:
            ingest(files)
        assert str(err.value) == ERROR["corrupt"].format(file="甲.xlsx", kind="Excel")


def test_warnings_and_tables_keep_the_upload_order(sizing):
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


@pytest.fixture(params=["threads", "one by one"])
def sizing(request, monkeypatch):
    """Every test here runs both ways: on the pool even for tiny files, and in the calling thread."""
    monkeypatch.setattr("appraisal.threads.PARALLEL_MIN_ROWS", 0 if request.param == "threads" else 10**12)
    return request.param


def test_sources_validated_side_by_side_give_what_one_thread_gives(monkeypatch):
    files = [InputFile("名册.csv", csv_bytes([ROSTER_HEADER, *ROSTER])),
             InputFile("任务.csv", csv_bytes([TASK_HEADER, *TASKS])),
             InputFile("评价.csv", csv_bytes([SERVICE_HEADER, *SERVICE]))]
    monkeypatch.setattr("appraisal.threads.PARALLEL_MIN_ROWS", 0)
    threaded = ingest(files)
    monkeypatch.setattr("appraisal.threads.PARALLEL_MIN_ROWS", 10**12)
    single = ingest(files)
    for name in ("roster", "tasks", "service", "votes", "rejected"):
        assert getattr(threaded, name).equals(getattr(single, name)), name
    assert threaded.warnings == single.warnings and threaded.rows == single.rows


def test_rows_checked_before_the_roster_was_read_keep_their_reasons(sizing):
    # The roster comes last and is spread over two files, a source over two more: each table is checked as far
    # as it can be while the others are read, and an unknown ID still outranks what a later check found.
    head, tail = ROSTER[:2], ROSTER[2:]
    files = [InputFile("任务.csv", csv_bytes([TASK_HEADER, *TASKS, ["9999", "审批", 0, "x", 1, "下月底", None, 0],
                                              ["1001", "审批", 0, 1, 1, None, None, 0]])),
             InputFile("评价一.csv", csv_bytes([SERVICE_HEADER, *SERVICE, ["8888", "P1", "很好"]])),
             InputFile("评价二.csv", csv_bytes([SERVICE_HEADER, *SERVICE[:2], ["1001", "P9", "很好"]])),
             InputFile("名册一.csv", csv_bytes([ROSTER_HEADER, *head])),
             InputFile("名册二.csv", csv_bytes([ROSTER_HEADER, *tail, head[0]]))]
    ds = ingest(files)
    reasons = {(r.file, r.row): r.reason for r in ds.rejected.itertuples()}
    n_tasks = len(TASKS) + 1
    assert reasons == {
        ("任务.csv", n_tasks + 1): REASON["unknown_id"].format(value="9999"),
        ("任务.csv", n_tasks + 2): reasons[("任务.csv", n_tasks + 2)],
        ("评价一.csv", len(SERVICE) + 2): REASON["unknown_id"].format(value="8888"),
        ("评价二.csv", 4): reasons[("评价二.csv", 4)],
        ("名册二.csv", len(tail) + 2): reasons[("名册二.csv", len(tail) + 2)],
    }
    assert "目标值" in reasons[("任务.csv", n_tasks + 2)] and "很好" in reasons[("评价二.csv", 4)]
    assert "名册一.csv" in reasons[("名册二.csv", len(tail) + 2)]  # the repeated cadre: the first file's row wins
    assert ds.rows["service"] == {"read": len(SERVICE) + 1 + 3, "accepted": len(SERVICE) + 2, "rejected": 2}
    assert ds.roster["cadre_id"].tolist() == [r[0] for r in ROSTER]


@pytest.mark.skipif(_cores() < 2, reason="one core: the work runs in the calling thread")
def test_pool_has_at_most_max_workers_and_cancels_what_did_not_start():
    started = []
    gate = threading.Event()

    def work(i: int) -> int:
        started.append(i)
        gate.wait(5)
        return i

    threading.Timer(0.3, gate.set).start()  # the running ones finish only after the pool has been left
    with pytest.raises(ZeroDivisionError):
        with workers(PARALLEL_MIN_ROWS) as pool:
            futures = [pool.submit(work, i) for i in range(MAX_WORKERS + 6)]
            time.sleep(0.05)
            1 / 0  # an error while work is running or waiting
    assert len(started) <= MAX_WORKERS
    assert sum(f.cancelled() for f in futures) == len(futures) - len(started) >= 6


def test_small_work_runs_in_the_calling_thread_and_its_errors_wait_for_the_result():
    caller = threading.get_ident()
    with workers(PARALLEL_MIN_ROWS - 1) as pool:
        where = pool.submit(threading.get_ident)
        failed = pool.submit(lambda: 1 / 0)
        assert where.result() == caller
        with pytest.raises(ZeroDivisionError):
            failed.result()
