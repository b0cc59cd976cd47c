"""Validation that loses nothing: every rejection names file, sheet, row, column and reason.

Row numbers are those the spreadsheet shows (1-based, the title row
counted); columns are "header（letter列）"; reasons are the Chinese
sentences of ``appraisal.texts.REASON``, spelled out here in full so a
change of wording is a visible change of this file.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from appraisal import InputFile, Scheme, ingest
from appraisal.check.validation import REJECTED_COLUMNS, rating_values
from tests.helpers.workbooks import ROSTER_HEADER, SUFFIX, WRITERS, csv_bytes, xlsx

SCALE = "非常满意、满意、基本满意、不满意、非常不满意，或1～5"


def _rejected(ds) -> set[tuple]:
    assert list(ds.rejected.columns) == REJECTED_COLUMNS
    out = set(ds.rejected.itertuples(index=False, name=None))
    assert len(out) == len(ds.rejected), "a row was rejected twice"
    return out


def _accounted(ds) -> None:
    for source, n in ds.rows.items():
        assert n["read"] == n["accepted"] + n["rejected"], source
        assert n["rejected"] == int((ds.rejected["source"] == source).sum()), source


# ------------------------------------------------------------------ one workbook with every kind

ROSTER_SHEET = [
    ["2025年度干部考核名册"],                             # 1
    [],                                                   # 2
    ROSTER_HEADER,                                        # 3
    ["1001", "张三", "青石镇", "便民服务窗口"],             # 4
    ["1002", "李四 ", "青石镇", "经济发展"],                # 5
    [1001.0, "张三丰", "青石镇", "社会事务"],               # 6 the same ID again, typed as a number
    [None, "王五", "柳河乡", "党政综合"],                   # 7 no ID
    ["合计", None, None, None],                           # 8
    ["2001", "赵六", "柳河乡", None],                       # 9 no post
    [2002, "钱　七", "柳河乡", "综治维稳"],                 # 10
    ["1001", "张三", "青石镇", "便民服务窗口"],             # 11 a third time
]
TASK_SHEET = [
    ["任务完成情况表"],                                                        # 1
    ["编号", "任务名称", "目标值", "完成值", "难度系数", "截止日期", "完成日期", "差错次数"],  # 2
    ["1001", "审批", 100, 100, 1, "2025-06-30", "2025-06-01", 0],             # 3 ok
    ["1002", "招商", 0, 5, 1, None, None, 0],                                 # 4 target 0
    ["1002", "招商", "-5", 5, 1, None, None, 0],                              # 5 target negative
    ["1001", "审批", 100, "十二", 1, None, None, 0],                          # 6 actual not a number
    ["9999", "审批", 100, 100, 1, None, None, 0],                             # 7 not on the roster
    ["1001", "审批", 100, 100, 1, None, None, -1],                            # 8 negative errors
    ["1001", "审批", 100, 100, 1, "下月底", None, 0],                          # 9 not a date
    ["1001", "审批", 100, 100, 0, None, None, 0],                             # 10 difficulty 0
    ["小计", None, 300, 300, None, None, None, None],                         # 11
    [None, "审批", 100, 100, 1, None, None, 0],                               # 12 no ID
    ["1001", "审批", None, 100, 1, None, None, 0],                            # 13 blank target
    [2002.0, "调解", "1,200", "１２００", None, None, None, None],              # 14 ok: number ID, blanks
    ["2001", "调解", 10, 10, 1, None, None, 0],                               # 15 roster row 9 was rejected
]
SERVICE_SHEET = [
    ["编号", "评价人编号", "评价等级"],     # 1
    ["1001", "P1", "非常满意"],             # 2 ok
    ["1001", "P2", "很好"],                 # 3 word not on the scale
    ["1002", "P3", 9],                      # 4 above the scale
    ["1002", "P4", 0],                      # 5 below the scale
    ["1002", "P5", None],                   # 6 blank rating
    ["1002", "P6", "6星"],                  # 7 six stars
    ["9999", "P7", "满意"],                 # 8 not on the roster
    ["1001", "P8", "★★★"],                  # 9 ok: three stars
    [1002, "P9", "４"],                     # 10 ok
]
VOTE_SHEET = [
    ["编号", "测评人类别", "优秀", "称职", "基本称职", "不称职"],  # 1
    ["1001", "干部职工", 10, 5, 1, 0],                           # 2 ok
    ["1002", "干部职工", 10, 5, 1, -1],                          # 3 negative count
    ["1002", "县领导", 2.5, 1, 0, 0],                            # 4 half a vote
    ["2002", None, 3, 1, 0, 0],                                  # 5 no voter group
    ["2002", "干部职工", None, None, None, None],                # 6 no votes at all
    ["1001", "县领导", "三", 0, 0, 0],                           # 7 not a number
    ["总计", None, 35, 12, 2, 0],                                # 8
    ["2002", "班子成员", 4, None, None, None],                   # 9 ok: blanks are 0
]
BALLOT_SHEET = [
    ["编号", "测评人类别", "测评人编号", "测评等次"],  # 1
    ["1001", "干部职工", "V1", "优秀"],               # 2 ok
    ["1001", "干部职工", "V2", "良好"],               # 3 not a grade
    ["1001", "干部职工", "V3", None],                 # 4 blank
    ["1002", "干部职工", "V4", " 称 职 "],             # 5 ok
]

FILE = "县.xlsx"
EXPECTED = {
    ("roster", FILE, "名册", 6, "编号（A列）", "编号“1001”与县.xlsx“名册”第4行重复，以先出现的一行为准"),
    ("roster", FILE, "名册", 7, "编号（A列）", "缺少干部编号"),
    ("roster", FILE, "名册", 8, "", "合计/小计行，不作为干部数据"),
    ("roster", FILE, "名册", 9, "岗位（D列）", "“岗位”为空"),
    ("roster", FILE, "名册", 11, "编号（A列）", "编号“1001”与县.xlsx“名册”第4行重复，以先出现的一行为准"),
    ("tasks", FILE, "任务", 4, "目标值（C列）", "“目标值”必须大于0，实为“0”"),
    ("tasks", FILE, "任务", 5, "目标值（C列）", "“目标值”必须大于0，实为“-5”"),
    ("tasks", FILE, "任务", 6, "完成值（D列）", "“完成值”的值“十二”不是数字"),
    ("tasks", FILE, "任务", 7, "编号（A列）", "编号“9999”不在干部名册中"),
    ("tasks", FILE, "任务", 8, "差错次数（H列）", "“差错次数”不能为负数，实为“-1”"),
    ("tasks", FILE, "任务", 9, "截止日期（F列）", "“截止日期”的值“下月底”不是可识别的日期"),
    ("tasks", FILE, "任务", 10, "难度系数（E列）", "“难度系数”必须大于0，实为“0”"),
    ("tasks", FILE, "任务", 11, "", "合计/小计行，不作为干部数据"),
    ("tasks", FILE, "任务", 12, "编号（A列）", "缺少干部编号"),
    ("tasks", FILE, "任务", 13, "目标值（C列）", "“目标值”为空"),
    ("tasks", FILE, "任务", 15, "编号（A列）", "编号“2001”不在干部名册中"),
    ("service", FILE, "评价", 3, "评价等级（C列）", f"评价“很好”不在评价量表上（{SCALE}）"),
    ("service", FILE, "评价", 4, "评价等级（C列）", "评分9超出评价量表范围1～5"),
    ("service", FILE, "评价", 5, "评价等级（C列）", "评分0超出评价量表范围1～5"),
    ("service", FILE, "评价", 6, "评价等级（C列）", "“评价等级”为空"),
    ("service", FILE, "评价", 7, "评价等级（C列）", "评分6星超出评价量表范围1～5"),
    ("service", FILE, "评价", 8, "编号（A列）", "编号“9999”不在干部名册中"),
    ("democratic", FILE, "测评", 3, "不称职（F列）", "“不称职”不能为负数，实为“-1”"),
    ("democratic", FILE, "测评", 4, "优秀（C列）", "“优秀”的值“2.5”不是数字"),
    ("democratic", FILE, "测评", 5, "测评人类别（B列）", "“测评人类别”为空"),
    ("democratic", FILE, "测评", 6, "", "各等次票数都为空"),
    ("democratic", FILE, "测评", 7, "优秀（C列）", "“优秀”的值“三”不是数字"),
    ("democratic", FILE, "测评", 8, "", "合计/小计行，不作为干部数据"),
    ("democratic", FILE, "测评票", 3, "测评等次（D列）", "测评等次“良好”不是优秀/称职/基本称职/不称职之一"),
    ("democratic", FILE, "测评票", 4, "测评等次（D列）", "“测评等次”为空"),
}


def _expected(file: str) -> set[tuple]:
    return {(src, file, sheet, row, col, reason.replace(FILE, file)) for src, _, sheet, row, col, reason in EXPECTED}


SHEETS = {"名册": ROSTER_SHEET, "任务": TASK_SHEET, "评价": SERVICE_SHEET, "测评": VOTE_SHEET, "测评票": BALLOT_SHEET}


@pytest.fixture(scope="module")
def dataset():
    return ingest([InputFile(FILE, xlsx(SHEETS))])


@pytest.mark.parametrize("writer", ["xlsx", "xlsx_openpyxl", "xls", "ods"])
def test_every_rejection_names_file_sheet_row_column_and_reason(writer, dataset):
    file = "县" + SUFFIX[writer]
    ds = dataset if writer == "xlsx" else ingest([InputFile(file, WRITERS[writer](SHEETS))])
    got, expected = _rejected(ds), _expected(file)
    assert got - expected == set(), "rejected but not expected"
    assert expected - got == set(), "expected but not rejected"


def test_every_row_read_is_accepted_or_rejected(dataset):
    _accounted(dataset)
    assert dataset.rows == {
        "roster": {"read": 8, "accepted": 3, "rejected": 5},        # rows 4-11
        "tasks": {"read": 13, "accepted": 2, "rejected": 11},       # rows 3-15
        "service": {"read": 9, "accepted": 3, "rejected": 6},       # rows 2-10
        "democratic": {"read": 12, "accepted": 4, "rejected": 8},   # rows 2-9 and 2-5
        "adjustments": {"read": 0, "accepted": 0, "rejected": 0},
                       "exemptions": {"read": 0, "accepted": 0, "rejected": 0},
                       "vetoes": {"read": 0, "accepted": 0, "rejected": 0},
    }
    assert len(dataset.roster) == 3
    assert len(dataset.tasks) == 2
    assert len(dataset.service) == 3
    assert len(dataset.ballots) == 2


def test_accepted_rows_are_clean(dataset):
    assert dataset.roster[["cadre_id", "name"]].to_numpy().tolist() == [["1001", "张三"], ["1002", "李四"],
                                                                         ["2002", "钱七"]]
    # row 14: number ID 2002.0 → the roster's "2002"; 1,200 and １２００; blank difficulty 1, blank errors 0
    row = dataset.tasks.iloc[1]
    assert (row["cadre_id"], row["target"], row["actual"], row["difficulty"], row["errors"]) == ("2002", 1200, 1200, 1, 0)
    assert pd.isna(row["deadline"]) and pd.isna(row["done_on"])
    assert dataset.service[["cadre_id", "rating"]].to_numpy().tolist() == [["1001", 5.0], ["1001", 3.0], ["1002", 4.0]]
    votes = dataset.votes.set_index(["cadre_id", "voter_group"])
    assert votes.loc[("1001", "干部职工")].tolist() == [10 + 1, 5, 1, 0]     # tally row 2 + ballot V1
    assert votes.loc[("1002", "干部职工")].tolist() == [0, 1, 0, 0]          # ballot V4 (tally row 3 rejected)
    assert votes.loc[("2002", "班子成员")].tolist() == [4, 0, 0, 0]


# ------------------------------------------------------------------ focused cases

def _ingest(**sheets) -> object:
    roster = sheets.pop("roster", [ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"]])
    return ingest([InputFile("a.xlsx", xlsx({"名册": roster, **sheets}))])


def test_first_failing_check_is_the_one_reported():
    # unknown ID and target 0 and a bad date on one row: the ID is checked first
    ds = _ingest(任务=[["编号", "目标值", "完成值", "截止日期"], ["9999", 0, 1, "下月底"], ["1001", 0, "x", "下月底"]])
    assert _rejected(ds) == {
        ("tasks", "a.xlsx", "任务", 2, "编号（A列）", "编号“9999”不在干部名册中"),
        ("tasks", "a.xlsx", "任务", 3, "目标值（B列）", "“目标值”必须大于0，实为“0”"),
    }


def test_duplicate_across_files_names_the_earlier_file_and_row():
    first = csv_bytes([["干部名册"], ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"]])
    second = xlsx({"补充": [ROSTER_HEADER, ["2001", "赵六", "柳河乡", "党政综合"], [" 1001 ", "张三", "青石镇", "经济发展"]]})
    ds = ingest([InputFile("名册.csv", first), InputFile("补充.xlsx", second)])
    assert _rejected(ds) == {
        ("roster", "补充.xlsx", "补充", 3, "编号（A列）", "编号“1001”与名册.csv“名册”第3行重复，以先出现的一行为准"),
    }
    assert ds.roster["cadre_id"].tolist() == ["1001", "2001"]


def test_roster_rows_with_blank_required_text():
    ds = _ingest(roster=[ROSTER_HEADER, ["1001", "　", "青石镇", "经济发展"], ["1002", "李四", None, "经济发展"],
                         ["1003", "王五", "青石镇", "经济发展"]])
    assert _rejected(ds) == {
        ("roster", "a.xlsx", "名册", 2, "姓名（B列）", "“姓名”为空"),
        ("roster", "a.xlsx", "名册", 3, "单位（C列）", "“单位”为空"),
    }


def test_post_not_in_a_scheme_without_default_weights():
    data = Scheme.default().to_dict()
    del data["weights"]["默认"]
    scheme = Scheme(data)
    rows = [ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"], ["1002", "李四", "青石镇", "宣传"]]
    ds = ingest([InputFile("a.xlsx", xlsx({"名册": rows}))], scheme)
    assert _rejected(ds) == {
        ("roster", "a.xlsx", "名册", 3, "岗位（D列）", "岗位“宣传”不在考核方案中，且方案没有默认权重"),
    }


def test_rejected_frame_is_empty_and_typed_when_all_is_well():
    ds = _ingest()
    assert ds.rejected.empty
    assert list(ds.rejected.columns) == REJECTED_COLUMNS
    assert str(ds.rejected["row"].dtype) == "int64"


def test_rejected_rows_of_a_csv_count_its_title_lines():
    rows = [["服务对象评价"], ["导出时间：2025-12-01"], ["编号", "评价"], ["1001", "满意"], ["1001", "一般"]]
    ds = ingest([InputFile("名册.csv", csv_bytes([ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"]])),
                 InputFile("评价.csv", csv_bytes(rows, "gb18030"))])
    assert _rejected(ds) == {("service", "评价.csv", "评价", 5, "评价（B列）", f"评价“一般”不在评价量表上（{SCALE}）")}


# ------------------------------------------------------------------ the rating scale

@pytest.mark.parametrize(("raw", "value"), [
    ("非常满意", 5.0), ("满意", 4.0), ("基本满意", 3.0), ("不满意", 2.0), ("非常不满意", 1.0),  # 国办发〔2019〕51号
    (" 非常 满意 ", 5.0), ("满意　", 4.0),
    (5, 5.0), (1, 1.0), (3.0, 3.0), (4.5, 4.5), ("4", 4.0), ("４", 4.0),
    ("5星", 5.0), ("4 星", 4.0), ("３星", 3.0), ("2颗星", 2.0), ("5分", 5.0),
    ("★★★★★", 5.0), ("★★★☆☆", 3.0), ("★", 1.0), ("五星", 5.0), ("四颗星", 4.0),
])
def test_rating_words_and_stars(raw, value):
    v, bad, out = rating_values(pd.Series([raw], dtype=object), Scheme.default().section("service"))
    assert v.tolist() == [value] and bad.tolist() == [False] and out.tolist() == [False]


@pytest.mark.parametrize(("raw", "bad", "out"), [
    ("很好", True, False), ("一般", True, False), ("五星好评", True, False), ("☆☆☆", True, False), ("满意吧", True, False),
    (0, False, True), (6, False, True), (95, False, True), ("6星", False, True), (-1, False, True),
])
def test_rating_off_the_scale(raw, bad, out):
    v, b, o = rating_values(pd.Series([raw], dtype=object), Scheme.default().section("service"))
    assert v.isna().all() and b.tolist() == [bad] and o.tolist() == [out]


def test_rating_on_a_0_100_scale():
    scheme = Scheme.default().updated({"service": {"scale_min": 0, "scale_max": 100,
                                                   "words": {"非常满意": 100, "满意": 75, "基本满意": 50,
                                                             "不满意": 25, "非常不满意": 0}}})
    v, bad, out = rating_values(pd.Series([95, "满意", 0, 101], dtype=object), scheme.section("service"))
    assert v.tolist()[:3] == [95.0, 75.0, 0.0] and out.tolist() == [False, False, False, True]


def test_header_printed_again_mid_sheet_is_not_a_cadre():
    # a county roster pasted together from units, each block with its own header and a label row
    rows = [ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"], [], ["柳河乡"], ["编 号", "姓　名", "单位", "岗位"],
            ["2001", "赵六", "柳河乡", "党政综合"]]
    ds = _ingest(roster=rows)
    assert ds.roster["cadre_id"].tolist() == ["1001", "2001"]
    assert _rejected(ds) == {
        ("roster", "a.xlsx", "名册", 4, "姓名（B列）", "“姓名”为空"),
        ("roster", "a.xlsx", "名册", 5, "", "重复的表头行，不作为干部数据"),
    }


def test_reason_keeps_a_header_with_full_width_brackets():
    rows = [["编号", "姓名", "乡镇（街道）", "岗位"], ["1001", "张三", None, "经济发展"], ["1002", "李四", "青石镇", "经济发展"]]
    ds = _ingest(roster=rows)
    assert _rejected(ds) == {("roster", "a.xlsx", "名册", 2, "乡镇（街道）（C列）", "“乡镇（街道）”为空")}


def test_placeholder_deadline_9999_is_a_rejected_row_not_a_crash():
    # 9999-12-31 ("no deadline") as text and as a real date cell: outside datetime64[ns], so unreadable
    tasks = [["编号", "目标值", "完成值", "截止日期"], ["1001", 1, 1, "9999-12-31"],
             ["1001", 1, 1, dt.datetime(9999, 12, 31)], ["1001", 1, 1, "2025-06-30"]]
    ds = _ingest(任务=tasks)
    assert _rejected(ds) == {
        ("tasks", "a.xlsx", "任务", 2, "截止日期（D列）", "“截止日期”的值“9999-12-31”不是可识别的日期"),
        ("tasks", "a.xlsx", "任务", 3, "截止日期（D列）", "“截止日期”的值“9999-12-31”不是可识别的日期"),
    }
    assert ds.tasks["deadline"].tolist() == [pd.Timestamp("2025-06-30")]


# ------------------------------------------------------------------ per distinct value = row by row

def _long(sheet: list[list[object]], times: int) -> list[list[object]]:
    """A sheet with its data rows (after the header) repeated: long enough to be checked per distinct value."""
    header = next(i for i, r in enumerate(sheet) if r and r[0] == "编号")
    return sheet[:header + 1] + sheet[header + 1:] * times


def _frames(ds) -> dict[str, pd.DataFrame]:
    return {"roster": ds.roster, "tasks": ds.tasks, "service": ds.service, "votes": ds.votes,
            "ballots": ds.ballots, "rejected": ds.rejected}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_checking_per_distinct_value_gives_the_verdicts_of_row_by_row(kind, monkeypatch):
    # Long columns are factorized and each distinct value is checked once; short ones row by row.
    # Every messy sheet above, its rows repeated 20 times, must come out the same either way.
    import appraisal.check.validation as validation

    sheets = {name: _long(rows, 20) for name, rows in SHEETS.items()}
    if kind == "xlsx":
        files = [InputFile(FILE, xlsx(sheets))]
    else:
        files = [InputFile(f"{name}.csv", csv_bytes(rows)) for name, rows in sheets.items()]
    fast = ingest(files)
    monkeypatch.setattr(validation, "MIN_FACTORIZED_ROWS", 10**9)
    slow = ingest(files)
    for name, frame in _frames(fast).items():
        pd.testing.assert_frame_equal(frame, _frames(slow)[name], obj=name)
    assert fast.rows == slow.rows
    if kind == "xlsx":  # (in CSV the ID 2002.0 is text, not a number, and is not on the roster)
        assert fast.rows["tasks"] == {"read": 13 * 20, "accepted": 2 * 20, "rejected": 11 * 20}
    _accounted(fast)
