"""Reading what offices send: formats, encodings, title rows, merged and two-row headers, synonyms.

Every workbook is built here (``tests/helpers/workbooks.py``) with the writer the format
comes from: xlsxwriter and openpyxl for .xlsx, xlwt for .xls, pandas' odf
engine for .ods, and plain bytes for CSV.  Row numbers in assertions are the
ones the spreadsheet shows (1-based, title rows counted).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest

from appraisal import AppraisalError, ColumnMapping, InputFile, Scheme, ingest
from appraisal.check.normalize import to_number
from appraisal.read import column_letter, find_header, read_grids, read_tables
from appraisal.read.fields import HEADER_SYNONYMS, REQUIRED, SOURCES, VOTE_FIELDS, field_of
from appraisal.texts import ERROR, FIELD_LABELS, WARNING
from tests.helpers.workbooks import (
    ROSTER,
    ROSTER_HEADER,
    SUFFIX,
    TASK_HEADER,
    WRITERS,
    county,
    csv_bytes,
    table,
    xls,
    xlsx,
    xlsx_openpyxl,
)

LIMITS = Scheme.default().section("reading")


def _tables(files: list[InputFile], mapping: ColumnMapping | None = None):
    tables, warnings = read_tables(files, LIMITS, mapping)
    return {(t.file, t.sheet): t for t in tables}, warnings


# ------------------------------------------------------------------ column letters

@pytest.mark.parametrize(("index", "letters"), [
    (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"),
])
def test_column_letter(index, letters):
    assert column_letter(index) == letters


# ------------------------------------------------------------------ every format, same result

def _dated_county() -> dict[str, list[list[object]]]:
    """The county with real date cells in the tasks sheet and a title row above every header."""
    sheets = county(title="2025年度青石县干部考核")
    tasks = sheets["任务"]
    for row in tasks[3:]:
        row[5] = dt.datetime.strptime(row[5], "%Y-%m-%d") if row[5] else None
        row[6] = dt.datetime.strptime(row[6], "%Y-%m-%d") if row[6] else None
    return sheets


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_format_reads_to_the_same_dataset(writer):
    sheets = _dated_county()
    reference = ingest([InputFile("county.xlsx", xlsx(sheets))])
    ds = ingest([InputFile("county" + SUFFIX[writer], WRITERS[writer](sheets))])
    for name in ("roster", "tasks", "service", "votes"):
        pd.testing.assert_frame_equal(getattr(ds, name), getattr(reference, name), check_exact=False)
    assert ds.rejected.empty
    # title row 1, blank row 2, header row 3, five data rows 4-8
    assert ds.sheets["header_row"].tolist() == [3, 3, 3, 3]
    assert ds.rows["tasks"] == {"read": 5, "accepted": 5, "rejected": 0}
    assert ds.tasks["deadline"].iloc[0] == pd.Timestamp("2025-06-30")


def test_csv_files_read_to_the_same_dataset_as_a_workbook():
    sheets = county()
    reference = ingest([InputFile("county.xlsx", xlsx(sheets))])
    files = [InputFile(f"{name}.csv", csv_bytes(rows)) for name, rows in sheets.items()]
    ds = ingest(files)
    for name in ("roster", "tasks", "service", "votes"):
        pd.testing.assert_frame_equal(getattr(ds, name), getattr(reference, name), check_exact=False)
    assert ds.sheets["sheet"].tolist() == ["名册", "任务", "评价", "测评"]  # a CSV's sheet is its file stem


@pytest.mark.parametrize("name", ["county.dat", "county", "COUNTY.XLSX", "county.xls"])
def test_format_is_told_by_bytes_not_name(name):
    tables, _ = _tables([InputFile(name, xlsx(county()))])
    assert sorted(t.source for t in tables.values()) == ["democratic", "roster", "service", "tasks"]


def test_legacy_xls_by_bytes_even_named_xlsx():
    tables, _ = _tables([InputFile("wps.xlsx", xls(county()))])
    assert len(tables) == 4


# ------------------------------------------------------------------ title rows, blank rows

def test_title_rows_blank_rows_keep_spreadsheet_row_numbers():
    rows = [
        ["青石镇2025年度干部考核名册"],
        ["填报单位：青石镇", None, "填报日期：2025年12月"],
        [],
        ROSTER_HEADER,
        [],
        ROSTER[0],
        ROSTER[1],
        [None, None, None, None],
        [],
        ROSTER[2],
    ]
    for writer in WRITERS:
        tables, _ = _tables([InputFile("r" + SUFFIX[writer], WRITERS[writer]({"名册": rows}))])
        t = tables[("r" + SUFFIX[writer], "名册")]
        assert t.source == "roster", writer
        assert t.header_row == 4, writer
        assert t.data["row"].tolist() == [6, 7, 10], writer
        assert t.n_blank == 3, writer
        assert t.columns["cadre_id"] == "编号（A列）"


def test_header_not_in_first_column():
    rows = [["考核名册"], [], [None, None, *ROSTER_HEADER], [None, None, *ROSTER[0]]]
    tables, _ = _tables([InputFile("r.xlsx", xlsx({"名册": rows}))])
    t = tables[("r.xlsx", "名册")]
    assert t.columns == {"cadre_id": "编号（C列）", "name": "姓名（D列）", "unit": "单位（E列）", "post": "岗位（F列）"}
    assert t.data["row"].tolist() == [4]


def test_header_beyond_scan_rows_is_not_found():
    rows = [[f"说明{i}"] for i in range(5)] + [ROSTER_HEADER, ROSTER[0]]
    grid = read_grids(InputFile("r.xlsx", xlsx({"名册": rows})), LIMITS)[0]
    assert find_header(grid, 3) is None
    assert find_header(grid, 30)[0] == 5


# ------------------------------------------------------------------ merged and two-row headers

TWO_ROW = [
    ["2025年度民主测评汇总表"],
    ["编号", "姓名", "测评人类别", "测评票数", None, None, None],
    [None, None, None, "优秀", "称职", "基本称职", "不称职"],
    ["1001", "张三", "干部职工", 10, 5, 1, 0],
    ["1002", "李四", "干部职工", 8, 5, 1, 0],
]
# title merged over A1:G1; 编号/姓名/测评人类别 merged down rows 2-3; 测评票数 merged over D2:G2
TWO_ROW_MERGES = {"测评": [(0, 0, 0, 6), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 6)]}
TWO_ROW_COLUMNS = {
    "cadre_id": "编号（A列）", "name": "姓名（B列）", "voter_group": "测评人类别（C列）",
    "excellent": "优秀（D列）", "competent": "称职（E列）", "basic": "基本称职（F列）", "unfit": "不称职（G列）",
}


@pytest.mark.parametrize("writer", ["xlsx", "xlsx_openpyxl", "xls", "ods", "csv"])
def test_two_row_header_under_merged_cells(writer):
    if writer == "csv":
        f = InputFile("测评.csv", csv_bytes(TWO_ROW))
    elif writer == "ods":  # pandas writes no merges: the two rows alone must be enough
        f = InputFile("v.ods", WRITERS[writer]({"测评": TWO_ROW}))
    else:
        f = InputFile("v" + SUFFIX[writer], WRITERS[writer]({"测评": TWO_ROW}, TWO_ROW_MERGES))
    (t,), _ = read_tables([f], LIMITS, check=False)
    assert t.source == "democratic"
    assert t.columns == TWO_ROW_COLUMNS
    assert t.header_row == 2
    assert t.data["row"].tolist() == [4, 5]
    assert to_number(t.data["excellent"]).tolist() == [10.0, 8.0]


GROUP_LABEL = [
    ["编号", "姓名", "任务", None, "难度系数"],
    [None, None, "目标值", "完成值", None],
    ["1001", "张三", 10, 9, 1.5],
]


@pytest.mark.parametrize("writer", ["xlsx", "csv"])
def test_group_label_above_two_columns_is_not_a_field(writer):
    # "任务" (a task-name synonym) labels 目标值/完成值 below it; merged C1:D1 and 编号/姓名/难度系数 down two rows
    merges = {"任务": [(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)]}
    f = InputFile("任务.csv", csv_bytes(GROUP_LABEL)) if writer == "csv" else InputFile("a.xlsx", xlsx({"任务": GROUP_LABEL}, merges))
    (t,), _ = read_tables([f], LIMITS, check=False)
    assert t.source == "tasks"
    assert t.columns == {"cadre_id": "编号（A列）", "name": "姓名（B列）", "target": "目标值（C列）",
                         "actual": "完成值（D列）", "difficulty": "难度系数（E列）"}
    assert (t.header_row, t.data["row"].tolist()) == (1, [3])


def test_merged_header_cell_spanning_columns_names_each():
    # 编号 merged over A1:B1 (a wide ID column), then the rest of the header
    rows = [["编号", None, "姓名", "单位", "岗位"], ["1001", None, "张三", "青石镇", "经济发展"]]
    tables, _ = _tables([InputFile("r.xlsx", xlsx({"名册": rows}, {"名册": [(0, 0, 0, 1)]}))])
    t = tables[("r.xlsx", "名册")]
    assert t.columns["cadre_id"] == "编号（A列）"  # the first of the merged columns is the one taken
    assert t.data["cadre_id"].tolist() == ["1001"]


@pytest.mark.parametrize("writer", ["xlsx", "xls"])
def test_unit_merged_down_its_cadres_fills_every_row(writer):
    rows = [ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"], ["1002", "李四", None, "社会事务"],
            ["1003", "王五", None, "党政综合"], ["2001", "赵六", "柳河乡", "党政综合"]]
    data = WRITERS[writer]({"名册": rows}, {"名册": [(1, 2, 3, 2)]})
    ds = ingest([InputFile("r" + SUFFIX[writer], data)])
    assert ds.rejected.empty
    assert ds.roster["unit"].tolist() == ["青石镇", "青石镇", "青石镇", "柳河乡"]


# ------------------------------------------------------------------ CSV encodings and separators

NAMES = ["张三", "欧阳小明", "李　四", "王䶮"]  # 䶮 is in GB18030 but not in GBK


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings_never_garbled(encoding):
    names = NAMES if encoding != "gbk" else NAMES[:3]
    rows = [ROSTER_HEADER] + [[f"10{i:02d}", n, "青石镇", "便民服务窗口"] for i, n in enumerate(names)]
    ds = ingest([InputFile("名册.csv", csv_bytes(rows, encoding))])
    assert ds.roster["name"].tolist() == [n.replace("\u3000", "") for n in names]
    assert ds.roster["unit"].unique().tolist() == ["青石镇"]
    assert ds.roster["cadre_id"].tolist() == [f"10{i:02d}" for i in range(len(names))]


@pytest.mark.parametrize(("sep", "name"), [("\t", "名册.tsv"), (";", "名册.csv"), ("|", "名册.txt")])
def test_csv_separators(sep, name):
    rows = [ROSTER_HEADER, ROSTER[0], ROSTER[1]]
    ds = ingest([InputFile(name, csv_bytes(rows, sep=sep))])
    assert ds.roster["name"].tolist() == ["张三", "李四"]


def test_csv_quoted_thousands_stay_one_cell_and_blank_lines_count():
    rows = [["任务完成表"], [], TASK_HEADER[:4], ["1001", "审批", "1,200", "1,100"], [], ["1002", "审批", "１２０", "90"]]
    roster = [ROSTER_HEADER, ROSTER[0], ROSTER[1]]
    ds = ingest([InputFile("名册.csv", csv_bytes(roster)), InputFile("任务.csv", csv_bytes(rows, "gbk"))])
    assert ds.tasks[["target", "actual"]].to_numpy().tolist() == [[1200.0, 1100.0], [120.0, 90.0]]
    assert ds.sheets.set_index("sheet").loc["任务", "header_row"] == 3


def test_csv_title_row_with_fewer_cells_than_header():
    rows = [["名册"], ROSTER_HEADER + ["备注"], ROSTER[0] + ["借调"]]
    ds = ingest([InputFile("名册.csv", csv_bytes(rows))])
    assert ds.roster["cadre_id"].tolist() == ["1001"]


# ------------------------------------------------------------------ several sheets, several files

def test_one_workbook_several_sheets_and_files_per_source_at_once():
    sheets = county()
    book = xlsx({"名册": sheets["名册"], "任务": sheets["任务"], "说明": [["本表由青石镇填报"]]})
    files = [
        InputFile("名册和任务.xlsx", book),
        InputFile("评价.csv", csv_bytes(sheets["评价"], "gbk")),
        InputFile("测评.ods", WRITERS["ods"]({"Sheet1": sheets["测评"]})),
    ]
    tables, warnings = _tables(files)
    assert {k: t.source for k, t in tables.items()} == {
        ("名册和任务.xlsx", "名册"): "roster", ("名册和任务.xlsx", "任务"): "tasks",
        ("名册和任务.xlsx", "说明"): None, ("评价.csv", "评价"): "service", ("测评.ods", "Sheet1"): "democratic",
    }
    assert warnings == [WARNING["sheet_ignored"].format(file="名册和任务.xlsx", sheet="说明", why=WARNING["sheet_empty"])]


def test_empty_sheet_is_skipped_silently_and_unknown_sheet_is_named():
    book = xlsx({"名册": table(ROSTER_HEADER, ROSTER), "Sheet2": [], "统计": [["乡镇数", "人数"], [2, 5]]})
    tables, warnings = _tables([InputFile("a.xlsx", book)])
    assert tables[("a.xlsx", "Sheet2")].source is None
    assert warnings == [WARNING["sheet_ignored"].format(
        file="a.xlsx", sheet="统计", why=WARNING["sheet_unrecognized"].format(headers="乡镇数、人数"))]


def test_template_notes_sheet_is_not_warned_about():
    from appraisal.demo.template import template_bytes

    _, warnings = _tables([InputFile("模板.xlsx", template_bytes())])
    assert warnings == []


# ------------------------------------------------------------------ headers

# The table "Headers seen in real workbooks" of shared/domain.md, copied literally.
DOMAIN_HEADERS = {
    "cadre_id": ["编号", "工号", "人员编号", "身份证号"],
    "name": ["姓名"],
    "unit": ["单位", "所在单位", "乡镇", "乡镇(街道)", "部门"],
    "unit_type": ["单位类型", "单位类别"],
    "post": ["岗位", "岗位类别", "职务"],
    "task": ["任务", "任务名称", "工作任务"],
    "target": ["目标值", "计划值", "目标任务"],
    "actual": ["完成值", "实际完成", "完成数"],
    "difficulty": ["难度系数", "权重", "分值"],
    "deadline": ["截止日期", "完成时限"],
    "done_on": ["完成日期", "完成时间"],
    "errors": ["差错次数", "差错", "失误次数"],
    "rating": ["评价等级", "评价", "满意度", "评分"],
    "voter_group": ["测评人类别", "投票人类别", "评价主体"],
    "excellent": ["优秀"], "competent": ["称职"], "basic": ["基本称职"], "unfit": ["不称职"],
    "ballot": ["测评等次"],
}


@pytest.mark.parametrize(("field", "header"), [(f, h) for f, hs in DOMAIN_HEADERS.items() for h in hs])
def test_domain_headers_are_synonyms(field, header):
    assert header in HEADER_SYNONYMS[field]
    assert field_of(header) == field


def _source_for(field: str) -> str:
    return next(s for s, fields in SOURCES.items() if field in fields)


@pytest.mark.parametrize(("field", "header"), [(f, h) for f, hs in HEADER_SYNONYMS.items() for h in hs])
def test_every_synonym_is_recognized_in_a_sheet(field, header):
    source = _source_for(field)
    fields = list(REQUIRED[source])
    if source == "democratic" and field not in (*VOTE_FIELDS, "ballot"):
        fields.append("ballot")
    if field not in fields:
        fields.append(field)
    heads = [header if f == field else FIELD_LABELS[f] for f in fields]
    rows = [["标题"], heads, ["1001"] + ["x"] * (len(heads) - 1)]
    tables, _ = _tables([InputFile("a.xlsx", xlsx({"表": rows}))])
    t = tables[("a.xlsx", "表")]
    assert t.source == source
    assert t.columns[field] == f"{header}（{column_letter(fields.index(field))}列）"
    assert t.header_row == 2


@pytest.mark.parametrize(("header", "field"), [
    ("乡镇（街道）", "unit"),     # full-width brackets
    ("姓　名", "name"),           # a full-width space to centre the header
    (" 姓 名 ", "name"),
    ("*编号", "cadre_id"),       # required-column marker
    ("※岗位", "post"),
    ("差错次数（次）", "errors"),  # a unit in brackets
    ("目标值(件)", "target"),
    ("完成值\n(件)", "actual"),   # a line break inside the header cell
    ("评价等级（非常满意/满意/基本满意/不满意/非常不满意）", "rating"),
    ("备注", None),
    ("编号说明", None),
])
def test_header_spellings(header, field):
    assert field_of(header) == field


def test_unknown_headers_through_a_mapping_yaml():
    yaml_text = """
columns:
  考核对象编号: cadre_id
  办件评价: rating
  "干部 姓名 ": name
sheets:
  附表3: service
"""
    mapping = ColumnMapping.from_yaml(yaml_text.encode("utf-8-sig"))
    rows = [["考核对象编号", "干部姓名", "办件评价", "来源"], ["1001", "张三", "满意", "窗口"]]
    other = [["考核对象编号", "办件评价"], ["1001", "满意"]]
    files = [InputFile("a.xlsx", xlsx({"附表3": rows, "附表4": other}))]
    tables, _ = _tables(files, mapping)
    t = tables[("a.xlsx", "附表3")]
    assert t.source == "service"
    assert t.columns == {"cadre_id": "考核对象编号（A列）", "name": "干部姓名（B列）", "rating": "办件评价（C列）"}
    assert tables[("a.xlsx", "附表4")].source == "service"   # detected from the mapped headers
    unmapped, _ = read_tables(files, LIMITS, None, check=False)
    assert [u.source for u in unmapped] == [None, None]


def test_mapping_forces_a_sheet_source_by_file_and_sheet():
    mapping = ColumnMapping(columns={"对象": "cadre_id"}, sheets={"b.xlsx:表": "service", "表": "tasks"})
    assert mapping.source_of("b.xlsx", "表") == "service"
    assert mapping.source_of("c.xlsx", "表") == "tasks"
    assert mapping.source_of("c.xlsx", "其他") is None


@pytest.mark.parametrize(("text", "details"), [
    ("columns: {考核对象编号: 编号}", "“考核对象编号”→“编号”"),
    ("sheets: {附表3: 评价}", "“附表3”→“评价”"),
    ("- a\n- b", "应为含 columns 和 sheets 的键值表"),
    ("columns: [a, b]", "columns、sheets、units、options 和 layouts 都应为键值表"),
])
def test_bad_mapping_says_what_is_wrong(text, details):
    with pytest.raises(AppraisalError) as err:
        ColumnMapping.from_yaml(text)
    assert err.value.message.startswith(ERROR["mapping"].format(details=""))
    assert details in err.value.message


def test_mapping_yaml_round_trip():
    m = ColumnMapping({"考核对象编号": "cadre_id"}, {"附表3": "service"})
    assert ColumnMapping.from_yaml(m.to_yaml()) == m
    assert hash(ColumnMapping.from_yaml(m.to_yaml())) == hash(m)


# ------------------------------------------------------------------ files that cannot be read

def _read_error(f: InputFile, limits: dict | None = None) -> str:
    with pytest.raises(AppraisalError) as err:
        read_grids(f, limits or LIMITS)
    return err.value.message


def test_empty_and_blank_files():
    assert _read_error(InputFile("a.xlsx", b"")) == ERROR["empty_file"].format(file="a.xlsx")
    assert _read_error(InputFile("a.csv", b" \r\n\r\n ")) == ERROR["empty_file"].format(file="a.csv")


def test_truncated_xlsx():
    data = xlsx(county())
    msg = _read_error(InputFile("cut.xlsx", data[: len(data) // 2]))
    assert msg == ERROR["corrupt"].format(file="cut.xlsx", kind="Excel")


def test_text_named_xlsx_and_ods():
    assert _read_error(InputFile("a.xlsx", "编号,姓名\n1,张三\n".encode())) == ERROR["corrupt"].format(file="a.xlsx", kind="Excel")
    assert _read_error(InputFile("a.ods", b"hello")) == ERROR["corrupt"].format(file="a.ods", kind="ODS")


def test_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "不是表格")
    assert _read_error(InputFile("a.xlsx", buf.getvalue())) == ERROR["corrupt"].format(file="a.xlsx", kind="Excel")


@pytest.mark.parametrize(("name", "data"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    ("a.docx.csv", b"\x00\x01\x02\x03binary\x00\x00" * 50),
])
def test_not_a_spreadsheet(name, data):
    assert _read_error(InputFile(name, data)) == ERROR["unknown_format"].format(file=name)


def test_password_protected_ole():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512)
    assert _read_error(InputFile("secret.xlsx", data)) == ERROR["password"].format(file="secret.xlsx")


def test_oversized_file_refused_before_reading():
    limits = {**LIMITS, "max_csv_mb": 0.001}  # 1 KiB: a text file's own size limit
    data = csv_bytes([ROSTER_HEADER] + [ROSTER[0]] * 100)
    assert len(data) > 2**10
    assert _read_error(InputFile("big.csv", data), limits) == ERROR["too_large"].format(
        file="big.csv", size_mb=len(data) / 2**20, limit_mb=0.001)


def _claims_huge(size: int = 0xFFFFFFF0) -> bytes:
    """A tiny zip whose directory claims ``size`` unpacked bytes (PKWARE APPNOTE 4.3.7 / 4.3.12 offsets)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<x/>" * 10)
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = size.to_bytes(4, "little")  # uncompressed size in the central directory
    data[22:26] = size.to_bytes(4, "little")                      # and in the local header
    return bytes(data)


def test_zip_claiming_huge_unpacked_size_is_refused():
    data = _claims_huge()
    assert len(data) < 1000
    assert _read_error(InputFile("bomb.xlsx", data)) == ERROR["bomb"].format(file="bomb.xlsx", limit_mb=2000)


def test_highly_compressed_zip_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/sharedStrings.xml", "w") as member:
        chunk = bytes(2**20)
        for _ in range(60):  # 60 MiB of zeros deflate to about 60 KiB: ratio ~1000
            member.write(chunk)
    data = buf.getvalue()
    assert len(data) < 2**20
    assert _read_error(InputFile("zeros.xlsx", data)) == ERROR["bomb"].format(file="zeros.xlsx", limit_mb=2000)


def test_required_column_missing_names_it():
    rows = [["名册"], ["编号", "姓名", "单位"], ["1001", "张三", "青石镇"]]
    with pytest.raises(AppraisalError) as err:
        read_tables([InputFile("a.xlsx", xlsx({"名册": rows}))], LIMITS)
    assert err.value.message == ERROR["missing_column"].format(
        file="a.xlsx", sheet="名册", source="干部名册", column="岗位", row=2)


def test_democratic_without_any_vote_column_names_the_choice():
    # 编号 + 测评人类别 alone is not detected as democratic; forcing the source shows what is missing
    rows = [["编号", "测评人类别"], ["1001", "干部职工"]]
    mapping = ColumnMapping(sheets={"测评": "democratic"})
    with pytest.raises(AppraisalError) as err:
        read_tables([InputFile("a.xlsx", xlsx({"测评": rows}))], LIMITS, mapping)
    assert "优秀/称职/基本称职/不称职 或 测评等次" in err.value.message


def test_openpyxl_formula_looking_text_stays_text():
    rows = [ROSTER_HEADER, ["1001", "=张三", "青石镇", "经济发展"]]
    ds = ingest([InputFile("a.xlsx", xlsx_openpyxl({"名册": rows}))])
    assert ds.roster["name"].tolist() == ["=张三"]


# ------------------------------------------------------------------ several columns naming one field

def test_post_column_wins_over_job_title_and_id_over_identity_number():
    rows = [["身份证号", "姓名", "单位", "职务", "岗位", "编号"],
            ["110101199003071234", "张三", "青石镇", "科员", "便民服务窗口", "1001"]]
    ds = ingest([InputFile("名册.xlsx", xlsx({"名册": rows}))])
    assert ds.roster[["cadre_id", "post"]].to_numpy().tolist() == [["1001", "便民服务窗口"]]
    assert ds.warnings == [
        WARNING["duplicate_column"].format(file="名册.xlsx", sheet="名册", field="编号", used="编号（F列）",
                                           unused="身份证号（A列）"),
        WARNING["duplicate_column"].format(file="名册.xlsx", sheet="名册", field="岗位", used="岗位（E列）",
                                           unused="职务（D列）"),
    ]


def test_a_second_vote_block_is_reported_not_silently_dropped():
    rows = [["编号", "测评人类别", "优秀", "称职", "基本称职", "不称职", "优秀", "称职", "基本称职", "不称职"],
            ["1001", "干部职工", 1, 2, 0, 0, 3, 4, 0, 0]]
    _, warnings = _tables([InputFile("测评.xlsx", xlsx({"测评": rows}))])
    assert warnings[0] == WARNING["duplicate_column"].format(
        file="测评.xlsx", sheet="测评", field="优秀", used="优秀（C列）", unused="优秀（G列）")
    assert len(warnings) == 4


def test_a_mapping_wins_over_the_built_in_synonyms():
    rows = [["编号", "干部代码", "姓名", "单位", "岗位"], ["X", "1001", "张三", "青石镇", "经济发展"]]
    mapping = ColumnMapping(columns={"干部代码": "cadre_id"})
    ds = ingest([InputFile("名册.xlsx", xlsx({"名册": rows}))], mapping=mapping)
    assert ds.roster["cadre_id"].tolist() == ["1001"]
