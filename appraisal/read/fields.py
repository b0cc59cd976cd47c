"""Input fields, the headers that name them, and the five sources they make up.

Recognition is data: a header is normalized (:func:`normalize_header`) and
looked up in :data:`HEADER_SYNONYMS`; a sheet's source follows from which
fields it has (:func:`detect_source`).  A user mapping adds synonyms on top.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "HEADER_SYNONYMS",
    "SOURCES",
    "REQUIRED",
    "BY_NAME",
    "VOTE_FIELDS",
    "TOTAL_LABEL",
    "EXCEL_ERRORS",
    "COUNT_UNITS",
    "normalize_header",
    "field_of",
    "synonym_rank",
    "detect_source",
    "LAYOUTS",
]

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "cadre_id": ("编号", "工号", "人员编号", "身份证号", "干部编号", "身份证号码"),
    "name": ("姓名", "干部姓名", "承办人", "被评价人"),
    "unit": ("单位", "所在单位", "乡镇", "乡镇(街道)", "部门", "单位名称", "承办部门", "承办单位"),
    "unit_type": ("单位类型", "单位类别"),
    "post": ("岗位", "岗位类别", "职务"),
    "task": ("任务", "任务名称", "工作任务"),
    "target": ("目标值", "计划值", "目标任务"),
    "actual": ("完成值", "实际完成", "完成数"),
    "difficulty": ("难度系数", "权重", "分值"),
    "deadline": ("截止日期", "完成时限"),
    "done_on": ("完成日期", "完成时间"),
    "errors": ("差错次数", "差错", "失误次数"),
    "rating": ("评价等级", "评价", "满意度", "评分"),
    "rater_id": ("评价人编号", "评价人"),
    "rated_on": ("评价时间", "评价日期"),
    "voter_group": ("测评人类别", "投票人类别", "评价主体"),
    "voter_id": ("测评人编号", "投票人编号"),
    "ballot": ("测评等次",),
    "excellent": ("优秀", "优秀票", "优秀票数"),
    "competent": ("称职", "称职票", "称职票数"),
    "basic": ("基本称职", "基本称职票", "基本称职票数"),
    "unfit": ("不称职", "不称职票", "不称职票数"),
    "year": ("年度", "考核年度"),
    "quarter": ("季度", "考核季度", "考核期"),
    "grade": ("等次", "考核等次", "年度考核等次", "考核结果", "年度考核结果", "平时考核等次", "季度考核等次"),
    "score": ("综合得分", "考核得分", "得分"),
    "rank_in_unit": ("单位内排名", "单位内名次", "名次"),
    "item": ("加扣分事项", "加减分事项", "事项", "奖惩事项", "加分事项", "扣分事项"),
    "direction": ("加扣分类别", "加减分类别", "加分或扣分", "加/扣分"),
    "points": ("加扣分", "加减分", "加扣分值", "加减分值", "加(扣)分", "加(减)分", "分值(加扣分)"),
    "basis": ("依据", "文号", "依据文号", "依据/文号", "批准文号", "认定文号", "依据或文号"),
    "date": ("日期", "批准日期", "认定日期"),
    "veto": ("一票否决事项", "否决事项", "一票否决情形", "否决情形", "一票否决"),
    "excused": ("免责差错次数", "容错免责次数", "容错次数", "免责次数", "认定免责次数", "免责差错"),
}

VOTE_FIELDS: tuple[str, ...] = ("excellent", "competent", "basic", "unfit")

# 合计/小计/总计 at the start ("合计", "总计：") or closing a longer label ("青石镇小计", not a name like "张小计"),
# spaces removed: a total row, not a cadre's.
TOTAL_LABEL = re.compile(r"^(?:合计|小计|总计|总数|共计)|^.{2,}(?:合计|小计|总计)[:：]?$")

# Words a count may be written with: "10票", "5人", "2次" are read as 10, 5 and 2.
COUNT_UNITS: dict[str, tuple[str, ...]] = {"votes": ("票", "人"), "errors": ("次",)}

# What Excel and WPS show in a cell whose formula failed (Microsoft: "How to correct a #… error");
# a CSV saved from such a sheet carries the same text.
EXCEL_ERRORS: tuple[str, ...] = (
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
    "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    # LibreOffice Calc shows its own codes for errors Excel has no name for ("Err:502": invalid argument)
    *(f"Err:{code}" for code in range(501, 540)),
)

# How a sheet may be laid out, for a mapping that says so rather than leaving it to recognition, and the
# source each layout is: long (one record a row, as the template), a survey tool's ballot export (one voter a
# row), a wide vote summary (a block of counts per voter group), a wide task sheet (a pair of columns per task,
# or a column of points per indicator).
LAYOUTS: dict[str, str | None] = {"long": None, "survey": "democratic", "wide_tally": "democratic",
                                  "wide_tasks": "tasks"}

# Which fields each source may carry, in template order.
SOURCES: dict[str, tuple[str, ...]] = {
    "roster": ("cadre_id", "name", "unit", "unit_type", "post"),
    "tasks": (
        "cadre_id", "name", "unit", "task", "target", "actual", "difficulty",
        "deadline", "done_on", "errors",
    ),
    "service": ("cadre_id", "name", "unit", "rater_id", "rating", "rated_on"),
    "democratic": ("cadre_id", "name", "unit", "voter_group", "voter_id", "ballot", *VOTE_FIELDS),
    # Earlier years' grades, as departments keep them (or as our ranked workbook has them): for the archive.
    "history": ("cadre_id", "name", "unit", "post", "year", "quarter", "grade", "score", "rank_in_unit"),
    # Approved bonus and penalty items (加分/扣分), each with its basis: added to the composite, capped.
    "adjustments": ("cadre_id", "name", "unit", "item", "direction", "points", "basis", "date"),
    # Errors excused under 容错免责 (三个区分开来), each with its decision: taken out of the error rate.
    "exemptions": ("cadre_id", "name", "unit", "task", "date", "excused", "basis"),
    # 一票否决: a record that sets the grade whatever the score (the scheme says which grade per kind of item).
    "vetoes": ("cadre_id", "name", "unit", "veto", "basis", "date"),
}

# A task, rating or vote row names its cadre by ID or, where a sheet has none (好差评 exports, survey
# tools), by name (and unit): those rows are linked to the roster by name.
BY_NAME: tuple[str, ...] = ("tasks", "service", "democratic", "adjustments", "exemptions", "vetoes")

REQUIRED: dict[str, tuple[str, ...]] = {
    "roster": ("cadre_id", "name", "unit", "post"),
    "tasks": ("cadre_id", "target", "actual"),
    "service": ("cadre_id", "rating"),
    "democratic": ("cadre_id", "voter_group"),
    "history": ("cadre_id", "grade"),
    "adjustments": ("cadre_id", "item", "points"),
    "exemptions": ("cadre_id", "excused", "basis"),
    "vetoes": ("cadre_id", "veto", "basis"),
}

_LOOKUP: dict[str, str] = {}


def normalize_header(text: object) -> str:
    """Fold a header cell to the form synonyms are stored in.

    Full-width characters become half-width (NFKC), white space and a
    leading required-marker ``*`` go, and a trailing unit in brackets is kept
    only if the whole thing is itself a synonym.

    >>> normalize_header("　姓 名 ")
    '姓名'
    >>> normalize_header("乡镇（街道）")
    '乡镇(街道)'
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"\s+", "", s).lstrip("*※")
    return s


def _build_lookup() -> None:
    for field, names in HEADER_SYNONYMS.items():
        for name in names:
            _LOOKUP[normalize_header(name)] = field


_build_lookup()


def field_of(header: object, extra: dict[str, str] | None = None) -> str | None:
    """The field a header names, or None.

    ``extra`` maps further (normalized) headers to fields; it wins over the
    built-in synonyms.  A bracketed unit such as ``差错次数(次)`` is dropped
    when the full text is unknown.

    >>> field_of("实际完成")
    'actual'
    >>> field_of("差错次数（次）")
    'errors'
    >>> field_of("备注") is None
    True
    """
    key = normalize_header(header)
    if not key:
        return None
    for candidate in (key, re.sub(r"\(.*?\)$", "", key)):
        if extra and candidate in extra:
            return extra[candidate]
        if candidate in _LOOKUP:
            return _LOOKUP[candidate]
    return None


def synonym_rank(header: object, field: str, extra: dict[str, str] | None = None) -> int:
    """How plainly a header names its field, for choosing among columns naming the same one.

    A user's mapping ranks first (-1), then the synonyms in the order of
    :data:`HEADER_SYNONYMS`: a roster with both 职务 and 岗位 takes 岗位 as
    the post, one with both 身份证号 and 编号 takes 编号 as the ID.

    >>> synonym_rank("岗位", "post"), synonym_rank("职务", "post"), synonym_rank("身份证号", "cadre_id")
    (0, 2, 3)
    """
    key = normalize_header(header)
    names = [normalize_header(n) for n in HEADER_SYNONYMS.get(field, ())]
    for candidate in (key, re.sub(r"\(.*?\)$", "", key)):
        if extra and extra.get(candidate) == field:
            return -1
        if candidate in names:
            return names.index(candidate)
    return len(names)


def detect_source(fields: set[str]) -> str | None:
    """Which of the sources a set of recognized fields makes up (历年考核结果 before the roster: a
    grade beside the ID makes a sheet a record of grades, whatever else it lists).

    >>> detect_source({"cadre_id", "voter_group", "excellent"})
    'democratic'
    >>> detect_source({"cadre_id", "name", "unit", "post"})
    'roster'
    >>> detect_source({"cadre_id", "name", "unit", "year", "grade"})
    'history'
    >>> detect_source({"cadre_id", "name", "item", "points"})
    'adjustments'
    >>> detect_source({"cadre_id", "task", "excused", "basis"})
    'exemptions'
    >>> detect_source({"name"}) is None
    True
    """
    if fields & {"ballot", *VOTE_FIELDS} and fields & {"voter_group", "cadre_id", "name"}:
        return "democratic"
    if "rating" in fields:
        return "service"
    if "points" in fields and fields & {"cadre_id", "name"}:
        return "adjustments"
    if "excused" in fields and fields & {"cadre_id", "name"}:
        return "exemptions"
    if "veto" in fields and fields & {"cadre_id", "name"}:
        return "vetoes"
    if fields & {"target", "actual"}:
        return "tasks"
    if "grade" in fields and fields & {"cadre_id", "name"}:
        return "history"
    if "cadre_id" in fields and fields & {"unit", "post"}:
        return "roster"
    return None
