"""Every user-facing word of the product, in one place.

Library messages, rejection reasons, flag explanations, column headers of
the exports and the command line's output all come from here, so wording
stays consistent and can be reviewed in one file.  Templates use
``str.format`` fields; the names of the fields are part of the contract
between this file and the code that fills them.
"""

from __future__ import annotations

__all__ = [
    "SOURCE_LABELS",
    "FIELD_LABELS",
    "COLUMN_LABELS",
    "GROUP_COLUMN_LABELS",
    "GROUP_BY_LABELS",
    "GROUP_SELF",
    "TIE_KEY_LABELS",
    "COMPONENT_LABELS",
    "REJECTED_COLUMN_LABELS",
    "FLAG_LABELS",
    "FLAG_EXPLAIN",
    "UNIT_FLAG_LABELS",
    "UNIT_FLAG_EXPLAIN",
    "REASON",
    "ERROR",
    "WARNING",
    "SCHEME_ERROR",
    "CLI",
    "ARGPARSE",
    "UI",
    "CHART",
    "GRADES_ORDER",
    "SHEET_NAMES",
    "TEMPLATE_NOTES",
    "TEMPLATE_LAYOUTS",
    "TEMPLATE_LAYOUT_NOTES",
    "LAYOUT_LABELS",
    "ARCHIVE",
    "ARCHIVE_CHANGES",
    "ARCHIVE_COMPARE_COLUMNS",
    "ARCHIVE_COLUMNS",
    "CONSEQUENCES",
    "CONSEQUENCE_COLUMNS",
    "QUARTERS",
    "QUARTER_COLUMNS",
    "ADJUST_TEXT",
    "QUOTA_TEXT",
    "LEDGER_COLUMNS",
    "TREND_COLUMNS",
    "ICC_DESCRIPTION",
    "ROBUST_FLAG_LABELS",
    "RATER_FLAG_EXPLAIN",
    "CHANGE_EXPLAIN",
    "ROBUST_COLUMN_LABELS",
    "ROBUST_UI",
    "ROBUST_SETTING_LABELS",
    "ACCESS",
    "EXPORT",
    "NO_VALUE",
    "COLUMN_AT",
    "COLUMN_IN_BLOCK",
    "TIE_LAST_KEY",
    "YES_NO",
    "SUMMARY_COLUMN_LABELS",
    "UNIT_COLUMN_LABELS",
    "COMPARE_COLUMN_LABELS",
    "SHEET_COLUMN_LABELS",
    "UNRECOGNIZED_SOURCE",
    "SHAPE_LABELS",
    "ROW_COUNT_LABELS",
    "FILE_NAMES",
    "CHANGE_LABELS",
    "METHOD",
    "DECK",
]

# The sources a sheet can be recognized as.
SOURCE_LABELS: dict[str, str] = {
    "roster": "干部名册",
    "tasks": "任务完成",
    "service": "服务对象评价",
    "democratic": "民主测评",
    "adjustments": "加扣分事项",
    "exemptions": "容错免责认定",
    "vetoes": "一票否决事项",
    "history": "历年考核结果",
}

# Canonical Chinese header of each input field (used in templates and messages).
FIELD_LABELS: dict[str, str] = {
    "cadre_id": "编号",
    "name": "姓名",
    "unit": "单位",
    "unit_type": "单位类型",
    "post": "岗位",
    "task": "任务名称",
    "target": "目标值",
    "actual": "完成值",
    "difficulty": "难度系数",
    "deadline": "截止日期",
    "done_on": "完成日期",
    "errors": "差错次数",
    "max_points": "满分",
    "rating": "评价等级",
    "rater_id": "评价人编号",
    "rated_on": "评价时间",
    "voter_group": "测评人类别",
    "voter_id": "测评人编号",
    "ballot": "测评等次",
    "excellent": "优秀",
    "competent": "称职",
    "basic": "基本称职",
    "unfit": "不称职",
    "year": "年度",
    "quarter": "季度",
    "grade": "等次",
    "score": "综合得分",
    "rank_in_unit": "单位内名次",
    "item": "加扣分事项",
    "direction": "加扣分类别",
    "points": "加扣分",
    "basis": "依据/文号",
    "date": "日期",
    "excused": "免责差错次数",
    "veto": "一票否决事项",
}

# Headers of the result table (exports, dashboard tables).
COLUMN_LABELS: dict[str, str] = {
    "cadre_id": "编号",
    "name": "姓名",
    "unit": "单位",
    "unit_type": "单位类型",
    "post": "岗位",
    "rank_in_unit": "单位内排名",
    "grade": "等次",
    "composite": "综合得分",
    "task_score": "任务得分",
    "service_score": "服务对象评价得分",
    "democratic_score": "民主测评得分",
    "leader_score": "领导评价得分",
    "weighted_score": "三项加权得分",
    "bonus": "加分",
    "penalty": "扣分",
    "adjust_note": "加扣分事项",
    "excused_errors": "容错免责差错次数",
    "composite_unexcused": "不计容错免责的综合得分",
    "grade_unexcused": "不计容错免责的等次",
    "excused_note": "容错免责认定",
    "grade_basis": "定等依据",
    "workload": "工作量",
    "n_tasks": "任务数",
    "errors": "差错次数",
    "error_rate": "差错率(次/单位工作量)",
    "late_tasks": "逾期任务数",
    "service_raw": "服务评价原始均分",
    "service_n": "服务评价条数",
    "service_ci_low": "服务评价95%区间下限",
    "service_ci_high": "服务评价95%区间上限",
    "n_votes": "测评票数",
    "excellent_share": "优秀票占比",
    "unfit_share": "不称职票占比",
    "approval_share": "优秀+称职票占比",
    "band_grade": "按分数段等次",
    "weights_used": "实际权重(任务/服务/民主)",
    "flags": "标记",
    "flag_text": "标记说明",
}

GROUP_COLUMN_LABELS: dict[str, str] = {
    "by": "分组方式",
    "name": "分组",
    "n": "人数",
    "rho": "相关系数rho(工作量~综合)",
    "p": "单侧p值",
    "q": "BH校正q值",
    "inversion": "倒挂",
    "rho_task": "rho(工作量~任务)",
    "rho_service": "rho(工作量~服务)",
    "rho_democratic": "rho(工作量~民主)",
    "rho_unexcused": "不计容错免责的rho",
    "inversion_unexcused": "不计容错免责是否倒挂",
    "changed": "结论改变",
}

GROUP_BY_LABELS: dict[str, str] = {"unit": "单位", "post": "岗位"}
GROUP_SELF: dict[str, str] = {"unit": "本单位", "post": "本岗位"}

TIE_KEY_LABELS: dict[str, str] = {
    "democratic_score": "民主测评得分",
    "task_score": "任务得分",
    "service_score": "服务对象评价得分",
    "leader_score": "领导评价得分",
    "workload": "工作量",
}

# A column as rejections and reports name it: its header and its letter in the sheet.
COLUMN_AT = "{header}（{letter}列）"

# A column of a wide sheet's block (a voter group's 优秀 … 不称职 under its merged label).
COLUMN_IN_BLOCK = "{header}（{block}，{letter}列）"

# Ties still equal on every tie-break key are ordered by ID, the last key.
TIE_LAST_KEY = "编号"

REJECTED_COLUMN_LABELS: dict[str, str] = {
    "source": "数据类别",
    "file": "文件",
    "sheet": "工作表",
    "row": "行号",
    "column": "列",
    "reason": "原因",
}

# Cadre flags: short label and a one-sentence explanation with its numbers.
FLAG_LABELS: dict[str, str] = {
    "workload_inversion": "干得多评得差",
    "leader_above_mass": "领导评价高于群众",
    "mass_above_leader": "群众评价高于领导",
    "few_ratings": "服务评价过少",
    "unfit_votes": "不称职票超1/3",
    "low_approval": "优秀称职票不足2/3",
    "missing_component": "考核项缺失",
    "quota_tie": "优秀名额线并列",
    "uncertain_grade": "等次不确定",
}

FLAG_EXPLAIN: dict[str, str] = {
    "workload_inversion": (
        "工作量{workload:.1f}，居{group}前{top_pct:.0f}%，综合得分{composite:.1f}却居后"
        "{bottom_pct:.0f}%：干得多、评得差，建议复核。"
    ),
    "leader_above_mass": (
        "领导评价{leader_score:.1f}分（同岗位标准分{z_leader:+.1f}），服务对象评价"
        "{service_score:.1f}分（标准分{z_service:+.1f}），相差{gap:.1f}个标准差：领导感觉好于群众感受。"
    ),
    "mass_above_leader": (
        "服务对象评价{service_score:.1f}分（同岗位标准分{z_service:+.1f}），领导评价"
        "{leader_score:.1f}分（标准分{z_leader:+.1f}），相差{gap:.1f}个标准差：群众感受好于领导感觉。"
    ),
    "few_ratings": (
        "仅有{service_n:.0f}条服务对象评价（少于{min_ratings}条），服务得分已向同岗位均值收缩，"
        "可信度有限。"
    ),
    "unfit_votes": (
        "民主测评不称职票占{unfit_share:.0%}，超过{threshold:.0%}，按规定须由组织研究决定。"
    ),
    "low_approval": (
        "民主测评优秀和称职票合计占{approval_share:.0%}，低于{threshold:.0%}，按规定须由组织研究决定。"
    ),
    "missing_component": (
        "缺少{missing}，综合得分按其余考核项重新分配权重（{weights_used}）计算。"
    ),
    "quota_tie": (
        "综合得分{composite:.2f}与优秀名额线上的其他干部并列，按“{rule}”的顺序确定名次，请审核。"
    ),
    "uncertain_grade": (
        "{resamples}次重抽样中评为优秀的占{p:.0%}，名次{level:.0%}区间为第{low}～{high}名（优秀名额{quota}名）："
        "是否优秀取决于抽样误差，建议提交考核委员会研究。"
    ),
}

UNIT_FLAG_LABELS: dict[str, str] = {
    "uniform_votes": "测评趋同",
    "lenient_unit": "测评偏宽",
    "harsh_unit": "测评偏严",
    "low_information": "测评信息量低",
}

UNIT_FLAG_EXPLAIN: dict[str, str] = {
    "uniform_votes": (
        "{unit}共{n_votes}张测评票中优秀占{excellent_share:.0%}，干部间民主测评得分标准差"
        "{score_sd:.1f}分：投票几乎一致，民主测评难以区分干部。"
    ),
    "lenient_unit": (
        "{name}共{n_votes}张测评票中优秀占{share:.0%}，全县合并为{pooled_share:.0%}，调整后残差{residual:+.1f}"
        "（q={q:.3g}）：投票明显偏宽。"
    ),
    "harsh_unit": (
        "{name}共{n_votes}张测评票中优秀占{share:.0%}，全县合并为{pooled_share:.0%}，调整后残差{residual:+.1f}"
        "（q={q:.3g}）：投票明显偏严。"
    ),
    "low_information": (
        "{name}共{n_votes}张测评票，等次分布的归一化熵为{entropy_norm:.2f}（低于{threshold:.2f}）："
        "投票几乎不区分等次，民主测评提供的信息很少。"
    ),
}

COMPONENT_LABELS: dict[str, str] = {
    "task": "量化任务",
    "service": "服务对象评价",
    "democratic": "民主测评",
}

# Why a row was not used.  Fields: {column} the header as written, {value} the cell.
REASON: dict[str, str] = {
    "total_row": "合计/小计行，不作为干部数据",
    "repeated_header": "重复的表头行，不作为干部数据",
    "missing_id": "缺少干部编号",
    "missing_value": "“{column}”为空",
    "duplicate_id": "编号“{value}”与{where}重复，以先出现的一行为准",
    "duplicate_year": "编号“{value}”的{period}等次已在{where}出现，以先出现的一行为准",
    "year_period": "{year}年度",
    "quarter_period": "{year}年第{quarter}季度",
    "quarter_bad": "“{column}”的值“{value}”不是有效的季度（写 1—4、第一季度、2025年第一季度 或 Q1；年度考核留空或写“年度”）",
    "rank_bad": "“{column}”的值“{value}”不是有效的名次（正整数）",
    "direction_bad": "“{column}”的值“{value}”应为“加分”或“扣分”",
    "points_signed": "“{column}”已写明加分或扣分，分值应为正数，实为“{value}”",
    "points_zero": "“{column}”的分值为 0，不加不减",
    "basis_missing": "加扣分事项须写明依据或文号（考核方案 adjustments.require_basis）",
    "exemption_basis": "容错免责须写明认定文号",
    "veto_unknown": "“{column}”的值“{value}”不是考核方案中的一票否决事项（{items}）",
    "veto_basis": "一票否决须写明依据或文号",
    "exemption_no_task": "编号“{value}”没有名为“{task}”的任务（见任务完成表），无法免责",
    "exemption_too_many": "免责差错次数合计{excused:g}，超过{where}记录的差错次数{errors:g}",
    "exemption_task_where": "任务“{task}”",
    "exemption_all_where": "该干部各项任务",
    "grade_unknown": "“{column}”的值“{value}”不是考核方案认可的等次（{grades}）",
    "year_bad": "“{column}”的值“{value}”不是有效的年度（1949—2200 的整数，如 2024 或 2024年度）",
    "year_missing": "这张表没有“年度”列，也没有指定年度：请加上年度列，或在导入时写明是哪一年",
    "unknown_id": "编号“{value}”不在干部名册中",
    "not_number": "“{column}”的值“{value}”不是数字",
    "row_errors_unusable": "同一行的“{column}”无法使用，该干部本行的任务一并未采用（不计差错会抬高得分）",
    "not_positive": "“{column}”必须大于0，实为“{value}”",
    "negative": "“{column}”不能为负数，实为“{value}”",
    "not_date": "“{column}”的值“{value}”不是可识别的日期",
    "rating_not_on_scale": "评价“{value}”不在评价量表上（{scale}）",
    "rating_out_of_range": "评分{value}超出评价量表范围{low}～{high}",
    "scale": "{words}，或{low}～{high}",
    "ballot_not_grade": "测评等次“{value}”不是优秀/称职/基本称职/不称职之一",
    "no_votes": "各等次票数都为空",
    "post_not_in_scheme": "岗位“{value}”不在考核方案中，且方案没有默认权重",
    "where": "{file}“{sheet}”第{row}行",
    "formula_no_value": "“{column}”是公式，但文件中没有保存计算结果（请在 Excel 或 WPS 中打开、重新计算并保存后再上传）",
    "excel_error": "“{column}”是 Excel 错误值“{value}”（公式计算出错），不是有效数据",
    "too_long": "“{column}”有{value}个字符，超过上限{limit}个字符（Excel 一个单元格最多 32767 个字符）",
    # Rows without an ID, linked to the roster by name (and unit, where the sheet has one).
    "name_not_on_roster": "名册中没有“{name}”",
    "name_not_in_unit": "名册中{unit}没有“{name}”（名册中的“{name}”在{units}）",
    "unit_not_on_roster": "单位“{unit}”不在名册中（可在列名对照的 units 中写明它是名册中的哪个单位）",
    "namesakes_in_unit": "名册中{unit}有{n}名“{name}”，无法确定是哪一位",
    "namesakes": "名册中有{n}名“{name}”（{units}），表中没有写单位，无法确定是哪一位",
}

# Whole-input problems (AppraisalError messages).
ERROR: dict[str, str] = {
    "empty_file": "文件“{file}”是空的。请确认上传的是填好数据的表格。",
    "too_large": "文件“{file}”有{size_mb:.0f} MB，超过上限{limit_mb:.0f} MB。请拆分后再上传，或调整方案中的读取上限。",
    "bomb": "文件“{file}”解压后将超过{limit_mb:.0f} MB（压缩比异常），疑似损坏或恶意文件，已拒绝读取。",
    "unknown_format": "文件“{file}”不是可识别的表格（支持 .xlsx、.xls、.ods、.csv）。请另存为其中一种格式后再上传。",
    "corrupt": "文件“{file}”无法打开：文件已损坏、被截断或不是真正的{kind}文件。请用 Excel 或 WPS 打开后重新保存再上传。",
    "password": "文件“{file}”设有打开密码，无法读取。请取消密码后再上传。",
    "encoding": "文件“{file}”的文字编码无法识别（已尝试 UTF-8 和 GBK/GB18030）。请用 Excel 或 WPS 另存为“CSV UTF-8”后再上传。",
    "no_sheet": "没有可识别的数据表：{details}。请确认表头包含“编号”“姓名”“单位”“岗位”等列，或提供列名对照文件。",
    "no_roster": "没有找到干部名册（需含“编号、姓名、单位、岗位”列）。没有名册无法确定考核对象，请一并上传。",
    "missing_columns": "缺少必需的列：{columns}",
    "no_history": "在 {files} 中没有找到历年考核结果：需要有“编号”和“等次”两列（可另有 姓名、年度、单位、岗位、综合得分）的表，或本系统导出的排名表。",
    "missing_column": "{file}“{sheet}”被识别为{source}，但缺少必需的列“{column}”（表头在第{row}行）。请补上该列，或在列名对照中指定。",
    "no_cadre": "干部名册中没有可用的行，无法计分。请查看未采用行的原因。",
    "mapping": "列名对照文件有误：{details}",
    "mapping_unknown": "未知的字段或类别 {pairs}（可用：{known}）",
    "mapping_shape": "应为含 columns 和 sheets 的键值表",
    "mapping_sections": "columns、sheets、units、options 和 layouts 都应为键值表",
    "missing_votes": "优秀/称职/基本称职/不称职 或 测评等次",
    "no_files": "没有提供任何文件。",
    "read_failed": "读取文件“{file}”失败：{details}",
    "too_many_rows": "文件“{file}”的“{sheet}”有{rows}行，超过上限{limit}行（Excel 一张表最多 1048576 行）。请拆分后再上传，或调整方案中的读取上限 reading.max_rows。",
    "too_many_cells": "文件“{file}”的“{sheet}”数据区域有{rows}行×{columns}列，超过上限{limit}个单元格，疑似损坏或恶意文件，已拒绝读取。请删除多余的行列后再上传，或调整方案中的读取上限 reading.max_cells。",
    "too_many_rows_csv": "文本文件“{file}”有{rows}行，超过上限{limit}行。请拆分后再读取，或调整方案中的读取上限 reading.max_csv_rows。",
    "too_many_cells_csv": "文本文件“{file}”有{rows}行×{columns}列，超过上限{limit}个单元格。请拆分后再读取，或调整方案中的读取上限 reading.max_csv_cells。",
    "too_many_columns_csv": "文本文件“{file}”有一行分成了{columns}列，超过上限{limit}列（Excel 最多 16384 列），疑似损坏或分隔符不对，已拒绝读取。可调整方案中的读取上限 reading.max_csv_columns。",
}

WARNING: dict[str, str] = {
    "sheet_ignored": "{file}“{sheet}”未识别为任何数据表，已跳过（{why}）。",
    "sheet_empty": "没有找到表头",
    "sheet_unrecognized": "表头为：{headers}",
    "history_not_scored": "{file}“{sheet}”是历年考核结果（{rows}行），不参与本次计分；请在“考核档案”页导入到档案（命令行：archive import）。",
    "history_missing": "{file}“{sheet}”像是历年考核结果，但缺少必需的列：{columns}，未读取。",
    "history_own_workbook": "{file}是本系统导出的排名表：只读取“{sheet}”工作表（各单位工作表与之重复），年度取自其标题：{year}。",
    # A sheet the column mapping says is laid out in a way the reader does not find in it.
    "layout_not_found": {
        "survey": "列名对照指定为问卷导出，但未找到身份题列（可把它映射为“测评人类别”）或填有优秀、称职等测评等次的列",
        "wide_tally": "列名对照指定为横排测评汇总表，但表头不是两行：上行为测评人类别、下行为优秀、称职、基本称职、不称职",
        "wide_tasks": ("列名对照指定为横排任务表，但表头中没有成对的任务列（如“招商引资（目标）”“招商引资（完成）”）、"
                       "任务名下的目标值与完成值，或带满分的指标得分列（如“招商引资（20分）”），或没有编号、姓名列"),
    },
    "field_from_sheet": "{file}“{sheet}”没有“{field}”列，按工作表名将各行的{field}计为“{value}”。",
    "survey": "{file}“{sheet}”是问卷导出：每行一名测评人，{n}列各是一名干部的测评，以“{identity}”的回答为测评人类别；未读取的列：{unread}。",
    "survey_none_unread": "无",
    "points_tasks": "{file}“{sheet}”是指标得分表：{n}项指标（{tasks}）各以满分为目标、得分为完成值，拆为每名干部每项指标一行，难度系数由满分折算；某项指标空白即该干部没有这项指标。{totals}",
    "points_totals": "合计列（{columns}）未采用：得分按各项指标重新计算。",
    "wide_tasks": "{file}“{sheet}”是横排的任务表：{n}项任务（{tasks}）各有目标、完成等列，拆为每名干部每项任务一行；某项任务的列全空即该干部没有这项任务。",
    "wide_tally": "{file}“{sheet}”是横排的测评汇总表：按表头中的测评人类别（{groups}）拆为每名干部每类测评人一行；某类一组全空即该类没有投票。",
    "duplicate_column": "{file}“{sheet}”有多列都表示“{field}”：采用{used}，未读取{unused}。如需采用其他列，请在列名对照中指定。",
    "other_group": "测评人类别{groups}不在考核方案中，按权重{weight}计入。",
    "formula_no_value": "{file}“{sheet}”含有没有缓存值的公式单元格，请在 Excel 中重新计算并保存。",
    "mixed_encoding": "{file}中混有 UTF-8 和 GBK 两种文字编码，已逐行识别（GBK 编码的行：第{rows}行），请核对这些行的文字。",
    "duplicate_file": "文件“{file}”与“{first}”内容完全相同，只读取一次。",
    "duplicate_sheet": "{file}“{sheet}”与{first_file}“{first_sheet}”内容完全相同，只读取一次。",
}

SCHEME_ERROR: dict[str, str] = {
    "whole": "(整个方案)",
    "values_keys": "democratic.values（须含优秀/称职/基本称职/不称职）",
    "yaml": "考核方案不是有效的 YAML：{details}",
    "not_mapping": "考核方案“{key}”应为键值表。",
    "unknown_key": "考核方案中有未知的设置“{key}”。",
    "whole_positive": "考核方案“{key}”应为不小于1的整数（年数），实为“{value}”。",
    "rule_shape": "考核方案“{key}”应写明 grades（等次列表）和 consecutive 或 cumulative 之一（年数），可加 basis（依据）。",
    "not_number": "考核方案“{key}”应为数字，实为“{value}”。",
    "range": "考核方案“{key}”应在{low}～{high}之间，实为{value}。",
    "negative": "考核方案“{key}”不能为负数，实为{value}。",
    "not_whole": "考核方案“{key}”应为整数，实为{value}。",
    "weights_sum": "岗位“{post}”的权重合计为{total:g}，应为100。",
    "weight_keys": "岗位“{post}”的权重应包含且只包含 任务(task)、服务(service)、民主(democratic) 三项。",
    "unknown_post": "权重表中的岗位“{post}”不在岗位列表（posts）中。",
    "bands_order": "分数段下限应满足 优秀 > 称职 > 基本称职，实为 {bands}。",
    "quarterly_grades": "quarterly.grades（平时考核等次）应为四个互不相同的等次，由好到差（如 [好, 较好, 一般, 较差]），实为 {value}。",
    "quarterly_bars": "quarterly.excellent_bars 应为平时考核等次（{grades}）中的若干个，实为 {value}。",
    "not_bool": "{key} 应为 true 或 false，实为 {value}。",
    "choice": "考核方案“{key}”应为{choices}之一，实为“{value}”。",
    "scale": "服务评价量表的下限应小于上限，实为{low}～{high}。",
    "word_range": "评价词“{word}”的分值{value}超出量表{low}～{high}。",
    "empty_list": "考核方案“{key}”不能为空。",
}

CLI: dict[str, str] = {
    "description": "干部考核分析台：读取考核表格，计算综合得分、等次并标记不公平之处。",
    "score_help": "读取表格并计分，输出排名表和/或 JSON。",
    "validate_help": "只检查表格，列出采用与未采用的行。",
    "template_help": "生成空白填报模板。",
    "sample_help": "生成一个示例县的合成数据。",
    "files_help": "一个或多个表格文件（xlsx/xls/ods/csv）。",
    "files_metavar": "文件",
    "command_metavar": "命令",
    "scheme_help": "考核方案 YAML 文件（默认使用内置方案）。",
    "map_help": "列名对照 YAML 文件。",
    "out_help": "输出排名 Excel 文件。",
    "json_help": "输出 JSON 结果文件。",
    "template_out_help": "模板输出路径。",
    "template_layout_help": "模板格式：long 标准格式（每行一条记录）、wide 横排格式、survey 问卷导出格式（默认 long）。",
    "sample_out_help": "示例数据输出目录。",
    "cadres_help": "干部人数。",
    "seed_help": "随机种子。",
    "mask_help": "输出文件中的姓名显示为“张*三”，身份证号隐去中间数字。",
    "password_help": "生成访问密码的哈希（输入两次密码），用于内网部署时设置访问密码。",
    "rows_line": "{source}：读取{read}行，采用{accepted}行，未采用{rejected}行",
    "by_name_note": "（其中{n}行没有编号，按姓名和单位与名册关联）",
    "rejected_header": "未采用的行：",
    "rejected_line": "  {file}“{sheet}”第{row}行【{column}】：{reason}",
    "rejected_more": "  ……另有{more}行，完整清单见输出文件。",
    "sheets_header": "识别的工作表：",
    "sheet_line": "  {file}“{sheet}” → {source}（表头第{header_row}行）",
    "sheet_line_shape": "  {file}“{sheet}” → {source}（{shape}，表头第{header_row}行）",
    "summary": "共{cadres}名干部，{units}个单位；优秀{excellent}人，称职{competent}人，基本称职{basic}人，不称职{unfit}人；有标记的干部{flagged}人，倒挂分组{inverted}个。",
    "wrote": "已写入 {path}",
    "score_db_help": "考核档案（见 archive --db）：把档案中往年的等次与本次结果（作为 --year 年度）合起来，在排名表中加“考核结果运用”工作表、在 JSON 中加 consequences；档案中有该年季度存档时，再加“平时考核”工作表和 quarters；不保存任何内容。",
    "score_db_needs_year": "使用 --db 列出考核结果运用名单时，请用 --year 写明本次是哪一年度。",
    "archive_help": "考核档案：保存、列出、查看、比较、导出各考核期的结果，导入历年考核结果，查看一名干部的历次结果，列出考核结果运用名单，查看平时考核（save|list|show|compare|export|history|import|consequences|quarters）。",
    "archive_history_help": "按编号列出一名干部在档案中的历次年度和季度结果（调动单位或岗位不影响）。",
    "cadre_metavar": "编号",
    "cadre_help": "干部编号。",
    "history_none": "考核档案中没有编号为“{cadre_id}”的干部。",
    "history_line": "  {title}  {name}  {unit}  {post}  {grade}  综合得分 {score}  单位内名次 {rank}",
    "archive_import_help": "导入历年考核结果（编号、等次，可有姓名、年度、单位、岗位、综合得分的表，或本系统导出的排名表）：每个年度保存为该年度考核的新一版存档。",
    "import_files_help": "历年考核结果的表格文件（xlsx/xls/ods/csv），或本系统导出的排名 Excel。",
    "import_year_help": "表中没有“年度”列时，这些结果属于哪一年（本系统导出的排名表取其标题中的年度）。",
    "import_reason_help": "保存原因（默认：导入历年考核结果及文件名）。",
    "import_sheet": "  {file}“{sheet}” → 历年考核结果（表头第{header_row}行，{rows}行{year}）",
    "import_year_from": "，年度按{year}",
    "import_nothing": "没有可导入的行：全部未采用（原因见上）。",
    "archive_consequences_help": "考核结果运用：按档案中各年度等次和方案中的规则，列出某年度的嘉奖、记三等功、晋升工资档次、诫勉、辞退等名单。",
    "year_metavar": "年度",
    "consequences_year_help": "要列出名单的年度，如 2025（须已保存该年度的年度考核）。",
    "consequences_scheme_help": "取其中 consequences.rules 规则的考核方案 YAML 文件（默认使用内置方案）。",
    "consequences_csv_help": "把名单写入此 CSV 文件（UTF-8 带 BOM）。",
    "consequences_no_year": "考核档案中没有{year}年度的年度考核存档，无法列出该年度的考核结果运用名单。",
    "consequences_head": "{year}年度考核结果运用（依据档案中{years}年度的等次，每年取最新一版）：",
    "consequences_rule": "{rule}：{n}人",
    "consequences_line": "  {cadre_id} {name}（{unit}）：{sentence}",
    "archive_quarters_help": "平时考核：某年度各干部各季度的等次与年度等次并列，各单位“好”等次是否超出名额，年度优秀是否符合方案对平时考核的要求。",
    "quarters_year_help": "年度，如 2025（须已保存该年的季度存档）。",
    "quarters_scheme_help": "取其中 quarterly 设置的考核方案 YAML 文件（默认使用内置方案）。",
    "quarters_csv_help": "把各干部各季度的等次与说明写入此 CSV 文件（UTF-8 带 BOM）。",
    "quarters_no_year": "考核档案中没有{year}年的季度（平时考核）存档。",
    "quarters_no_annual": "{year}年度考核尚未存档：只列出各季度的等次。",
    "quarters_head": "{year}年度平时考核（档案中有{quarters}），共{n}名干部：",
    "quarters_over": "  {period} {unit}：“好”等次{good}人，超过名额{places}人（共{n}人）",
    "quarters_failing": "年度考核为优秀但平时考核不符合方案要求的：{n}人（等次未改动，交考核委员会研究）",
    "archive_command_metavar": "档案命令",
    "archive_save_help": "读取表格、计分，并保存为该考核期的新一版存档。",
    "archive_list_help": "列出档案中的考核期和各版存档。",
    "archive_show_help": "查看一版存档：保存人、时间、原因、输入文件、等次分布。",
    "archive_compare_help": "比较两版存档（同一考核期的两版，或两个考核期），列出等次、名次变化和进出的干部。",
    "archive_export_help": "导出一版存档：保存时的 JSON 结果（逐字节相同）、保留的输入文件。",
    "db_help": "考核档案位置：SQLite 文件路径，或 postgresql://用户@主机/库名（默认：环境变量 APPRAISAL_ARCHIVE，否则用户数据目录下的 archive.sqlite3）。",
    "period_help": "考核期：2025（年度）或 2025Q1、2025年第一季度（平时考核）。",
    "ref_metavar": "存档",
    "ref_help": "一版存档：考核期，可加“:版号”，如 2025、2025:2、2025Q1:1（不写版号即最新一版）。",
    "reason_help": "保存原因；同一考核期第2版起必填。",
    "by_help": "保存人（默认：当前系统用户）。",
    "keep_files_help": "同时在档案中保存输入文件本身（压缩）；默认只保存文件名和 SHA-256。",
    "export_json_help": "把这一版保存时的 JSON 结果写入此文件。",
    "export_files_help": "把这一版保留的输入文件写入此文件夹。",
    "compare_csv_help": "把比较结果写入此 CSV 文件（UTF-8 带 BOM，Excel 可直接打开）。",
    "export_needs_output": "请用 --json 或 --files 指定要导出的内容。",
    "archive_at": "考核档案：{location}",
    "archive_saved": "已保存为 {title}（{n}名干部）。",
    "archive_empty": "档案中还没有存档。",
    "archive_version_line": "  {title}  {saved_at}  {saved_by}  {n}名干部  原因：{reason}",
    "archive_show": "{title}\n  保存人：{saved_by}\n  保存时间：{saved_at}\n  原因：{reason}\n  软件版本：{software_version}\n  干部：{n}名；{grades}",
    "archive_input_line": "  输入文件：{name}（{size}字节，SHA-256 {sha256}{kept}）",
    "archive_kept": "，文件已保留",
    "archive_compare_head": "{a} → {b}：{counts}",
    "archive_compare_line": "  {change}  {cadre_id} {name}  {unit}  {grade}  名次 {rank}",
    "archive_compare_more": "  ……另有{more}人，用 --csv 导出全部。",
    "error_prefix": "错误：",
    "usage_error": "命令行参数有误：{details}",
    "internal": "程序内部错误（{kind}）。请把输入文件和本条信息反馈给维护人员。",
    "warnings_header": "提示：",
    "sample_too_small": "示例县至少需要20名干部（--cadres）。",
    "os_error": "无法读写“{path}”：{details}",
    "memory": "内存不足，无法完成。请拆分文件或调小方案中的读取上限。",
    "report_help": "读取表格并计分，生成会议汇报 PPT 和/或 PDF 报告。",
    "pptx_help": "输出汇报 PPT 文件（16:9）。",
    "pdf_help": "输出 PDF 报告（需要 LibreOffice）。",
    "charts_help": "把各图表另存为 PNG 和 SVG 图片的目录。",
    "county_help": "县（市、区）名称，用于标题，如 青山县。",
    "year_help": "考核年度，用于标题，如 2025。",
    "report_needs_output": "请至少指定 --pptx、--pdf 或 --charts 之一。",
}

# Grade words by the keys the summary line uses.
# argparse's own words (its gettext message ids) in Chinese, for the command line's help and usage errors.
ARGPARSE: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
}

GRADES_ORDER: dict[str, str] = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "unfit": "不称职"}

# Chart titles and axis words.
CHART: dict[str, str] = {
    "grades_by_year": "各年度等次分布",
    "year_suffix": "年度",
    "share_percent": "占比（%）",
    "year_grade_hover": "%{{x}} {grade}：%{{customdata}}人（%{{y:.1f}}%）<extra></extra>",
    "hover_grade": "等次：",
    "hover_median": "{label}中位数：",
    "empty": "没有可显示的数据",
    "too_few": "数据太少，无法作图（至少需要3名干部）",
    "no_ratings": "没有服务对象评价",
    "no_votes": "没有民主测评票",
    "people": "人数",
    "count": "条数",
    "votes_count": "票数",
    "composite_hist": "综合得分分布（按等次）",
    "grades_by_type": "各类单位的等次分布",
    "by_unit": "各单位{metric}分布（按中位数排序）",
    "by_post": "各岗位{metric}分布（按中位数排序）",
    "heatmap": "单位×岗位 {metric}中位数",
    "inversion": "工作量与{metric}",
    "trend": "趋势线",
    "leader_mass": "领导评价与服务对象评价",
    "no_gap": "无明显落差",
    "diagonal": "两者相等",
    "standing": "在本单位、本岗位中的百分位",
    "pct_unit": "本单位百分位",
    "pct_post": "本岗位百分位",
    "percentile": "百分位（越高越好）",
    "ratings": "服务对象评价分布",
    "votes": "各类测评人的投票",
}

# The dashboard's words.
UI: dict[str, str] = {
    "app_title": "干部考核分析台",
    "sample_banner": "示例数据：当前显示的是虚构的“青山县”示例数据。请在“数据导入”页上传本单位的表格。",
    "own_banner": "当前数据：{files}",
    "present_toggle": "汇报模式",
    "present_help": "大字号、高对比度、一屏一图，适合投影；用 ← → 键或按钮翻页。",
    "present_exit": "退出汇报模式",
    "prev": "← 上一张",
    "next": "下一张 →",
    "slide_of": "第 {i} / {n} 张",
    "error_rule": "差错计法",
    "error_rate": "按差错率（每单位工作量）",
    "error_count": "按差错次数（仅供对比）",
    "loading": "正在读取和计算……",
    "nav_data": "数据",
    "nav_analysis": "分析",
    "nav_people": "干部",
    "nav_settings": "设置",
    "page_import": "数据导入",
    "page_overview": "总览",
    "page_units": "乡镇分布",
    "page_posts": "岗位分布",
    "page_inversion": "倒挂分析",
    "page_leader": "领导与群众",
    "page_robustness": "稳健性",
    "page_profile": "个人档案",
    "page_ranking": "排名与导出",
    "page_scheme": "考核方案",
    "page_archive": "考核档案",
    "archive_save": "保存到考核档案",
    "archive_where": "考核档案位置：{location}（在“考核档案”页可改）",
    "archive_no_sample": "示例数据不保存到考核档案：请先在“数据导入”上传本县的表格。",
    "archive_year": "考核年度",
    "archive_quarter": "考核期",
    "archive_quarters": "年度考核|第一季度|第二季度|第三季度|第四季度",
    "archive_reason": "保存原因",
    "archive_reason_help": "首次保存可不填；同一考核期再次保存（第2版起）须写明原因，如“更正某乡镇测评数据”。",
    "archive_by": "保存人",
    "archive_keep_files": "同时保存输入文件本身（压缩保存；否则只保存文件名和 SHA-256）",
    "archive_save_button": "保存为新一版存档",
    "archive_saved": "已保存为 {title}。保存后不可更改；再次保存即成为新的一版。",
    "archive_location": "考核档案位置",
    "archive_location_help": "SQLite 文件路径（.sqlite3、.sqlite 或 .db），或共享数据库地址 postgresql://用户@主机/库名。留空即默认位置。",
    "archive_location_apply": "使用此档案",
    "archive_location_bad": "档案文件应以 {suffixes} 结尾，或写 postgresql:// 开头的数据库地址。",
    "archive_versions": "已保存的考核期与版本",
    "archive_import": "导入历年考核结果",
    "archive_import_help": "以前年度的考核结果（有“编号”“等次”两列，可有姓名、年度、单位、岗位、综合得分的表），或本系统导出的排名表：先检查，再导入；每个年度保存为该年度考核的新一版存档，逐行列出未采用的行及原因。",
    "archive_import_files": "历年考核结果文件",
    "archive_import_year": "表中没有年度列时，属于哪一年",
    "archive_import_year_help": "本系统导出的排名表取其标题中的年度，不必填写。",
    "archive_import_button": "导入到考核档案",
    "archive_imported": "已导入：{titles}。",
    "archive_none": "档案中还没有存档。在“排名与导出”页可把当前结果保存为一个考核期的存档。",
    "archive_compare": "比较两版存档",
    "archive_compare_help": "同一考核期的两版（看重新保存改变了什么），或两个考核期（看去年与今年），干部按编号对应。",
    "archive_pick_a": "前一版",
    "archive_pick_b": "后一版",
    "archive_grades": "等次分布",
    "archive_changes": "有变化的干部（{n}人）",
    "archive_no_changes": "两版之间没有干部的等次、名次或单位发生变化。",
    "archive_download_compare": "下载比较结果（CSV）",
    "archive_inputs": "{title} 的输入文件",
    "archive_history": "按编号查看一名干部的历次存档",
    "page_trends": "历年对比",
    "profile_history": "历次考核（考核档案）",
    "profile_history_none": "考核档案（{location}）中还没有这名干部的存档。",
    "nav_archive": "档案",
    "trends_none": "考核档案中还没有年度考核的存档。在“排名与导出”页把每年的结果保存到档案后，这里按年度比较。",
    "trends_unit": "单位",
    "trends_all_units": "全县（市、区）",
    "trends_stability": "名次的稳定性：相邻两年同一单位内综合得分的名次相关",
    "trends_stability_help": "接近1：两年名次基本一致；接近0：名次大幅重排（可能是干部表现变化，也可能是考核本身不稳定）。同一单位两年都在的干部少于{n}人时不计算。",
    "trends_stability_one": "档案中只有一个年度，无法比较名次的稳定性。",
    "trends_movers": "得分变化最大的干部",
    "trends_from": "前一年",
    "trends_to": "后一年",
    "trends_movers_caution": "请注意均值回归：前一年得分特别高（或特别低）的干部，第二年得分多半会回落（或回升），这是统计规律，不一定是表现变化。表中“前一年所处百分位”接近100或0的，变化应结合其他证据看待。",
    "trends_top": "前{n}名",
    "archive_consequences": "考核结果运用",
    "archive_quarter_note": "按季度保存的是平时考核：同样的得分按 {grades} 定等，每个单位“{top}”等次不超过 {quota}（考核方案“平时考核”一节）。本页排名仍显示年度等次。",
    "ledger": "优秀名额台账（各单位人数、比例、名额、已用）",
    "this_year": "{year}年度：考核结果运用 {n} 人次，平时考核不符合优秀要求 {failing} 人（依据考核档案，未保存；已加入排名表）",
    "exemption_head": "容错免责的影响",
    "exemption_help": "{n}名干部的差错经容错免责认定不计入差错率；下表是同一分组计与不计免责时的倒挂检验（{changed}个分组的结论因此改变），以及这些干部两种情况下的得分与等次。",
    "archive_quarters_head": "平时考核",
    "archive_quarters_none": "档案中还没有季度（平时考核）存档。在“排名与导出”保存时选择季度，或在上方导入带“季度”列的历年考核结果。",
    "archive_quarters_year": "年度",
    "archive_quarters_no_annual": "{year}年度考核尚未存档：下表只列出各季度的等次。",
    "archive_quarters_all_meet": "{year}年度考核为优秀的干部，平时考核都符合方案的要求。",
    "archive_quarters_failing": "{year}年度考核为优秀的干部中，有 {n} 人的平时考核不符合方案对优秀的要求（列出供考核委员会研究，等次未改动）：",
    "archive_quarters_over": "有 {n} 个单位的季度“好”等次人数超过名额（导入的等次按原样保存），见下方各单位占比。",
    "archive_quarters_shares": "各单位各季度“好”等次占比",
    "archive_download_quarters": "下载平时考核表（CSV）",
    "archive_consequences_none": "档案中还没有年度考核的存档（平时考核的季度存档不计）。",
    "archive_consequences_help": "依据档案中各年度考核的等次（{years}年度，每年取最新一版）和考核方案中的规则（consequences.rules）；档案中缺少的年度不算连续。",
    "archive_consequences_year": "年度",
    "archive_consequences_rule": "名单",
    "archive_consequences_n": "人数",
    "archive_download_consequences": "下载考核结果运用名单（CSV）",
    "archive_history_id": "干部编号",
    "archive_history_none": "档案中没有编号为“{cadre_id}”的干部。",
    "no_data": "还没有可计分的数据。",
    "empty_table": "没有符合条件的干部。",
    "metric": "指标",
    "cadres": "干部人数",
    "units": "单位数",
    "flagged_cadres": "有标记的干部",
    "flagged_units": "有问题的单位",
    "inverted_groups": "倒挂分组",
    "rejected_rows": "未采用行",
    "upload": "上传考核表格（可多选：xlsx、xls、ods、csv）",
    "upload_help": ("支持 .xlsx、.xls、.ods、.csv（UTF-8 或 GBK），也支持网页系统导出的 .xls（HTML 表格或 XML 表格）。"
                    "一个工作簿可含多张表，也可以每类数据一个文件。文件只保存在本次会话的内存中，不写入磁盘。"),
    "use_sample": "改用示例数据",
    "template": "下载空白模板",
    "template_layout": "模板格式",
    "unit_aliases": "单位对照",
    "unit_aliases_help": "下面这些单位出现在没有编号的表中（按姓名关联），但名册中没有。请选择它们在名册中是哪个单位，保存后这些行即按该单位关联；不选的仍列为未采用。",
    "unit_written": "表中写法",
    "unit_on_roster": "名册中的单位",
    "unit_aliases_apply": "保存单位对照",
    "sheets": "识别结果",
    "rows": "各类数据行数",
    "rejected": "未采用的行",
    "no_rejected": "所有行都已采用。",
    "download_rejected": "下载未采用行（CSV）",
    "table_head": "共{total}行，下表只显示前{shown}行；完整内容请下载。",
    "warnings": "提示",
    "mapping": "列名对照",
    "mapping_help": ("没有识别的表，或按横排、问卷格式拆开读取的表：可指定这张表是哪类数据、是什么格式，并为每一列选择它对应的"
                     "字段（如身份题列选“测评人类别”、承办人列选“姓名”），先看预览，再应用。对照可以下载，明年直接上传使用。"),
    "mapping_layout": "格式",
    "mapping_proposed": "按上面的选择，“{sheet}”将读成：{what}（前{n}行）",
    "mapping_proposed_none": "按上面的选择，“{sheet}”仍不能读取：{why}",
    "mapping_sheet": "工作表",
    "mapping_column": "原表头",
    "mapping_field": "对应字段",
    "mapping_source": "这张表是",
    "mapping_apply": "应用列名对照",
    "mapping_download": "下载列名对照（YAML）",
    "mapping_upload": "上传列名对照（YAML）",
    "mapping_preview": "原表预览（前8行，含标题行）",
    "shape_preview": "{file}“{sheet}”（{shape}）将读成下面这样的行（前{n}行）：",
    "ignore": "（不使用）",
    "pick_unit": "选择单位查看干部",
    "pick_post": "选择岗位查看干部",
    "group_kind": "分组方式",
    "group": "分组",
    "inversion_table": "各分组的工作量与得分相关",
    "review": "建议复核的干部（工作量前25%、综合得分后25%）",
    "rule_switch": "差错计法对比：按差错次数扣分时名次的变化",
    "moved": "名次变化的干部",
    "no_moves": "两种计法下名次没有变化。",
    "gaps": "领导感觉与群众感受差距明显的干部",
    "search": "按姓名或编号查找",
    "pick_cadre": "选择干部",
    "no_match": "没有找到匹配的干部。",
    "tasks": "任务完成情况",
    "flags_none": "该干部没有标记。",
    "filters_unit": "单位",
    "filters_post": "岗位",
    "filters_grade": "等次",
    "filters_flag": "标记",
    "download_xlsx": "下载排名 Excel",
    "download_csv": "下载排名 CSV",
    "weights": "各岗位权重（每行合计100）",
    "bands": "分数段与名额",
    "thresholds": "诊断阈值",
    "scheme_valid": "方案有效，已按新方案重新排名。",
    "scheme_download": "下载方案（YAML）",
    "scheme_upload": "上传方案（YAML）",
    "scheme_reset": "恢复默认方案",
    "changes": "与原方案相比：进入或退出优秀的干部",
    "no_changes": "没有干部进入或退出优秀。",
    "quota": "优秀名额比例",
    "band_excellent": "优秀最低分",
    "band_competent": "称职最低分",
    "band_basic": "基本称职最低分",
    "min_group": "倒挂分析最少人数",
    "fdr": "错误发现率阈值 q",
    "gap": "领导与群众差距阈值（标准差）",
    "min_ratings": "服务评价最少条数",
    "group_by": "排名范围",
    "group_by_unit": "本单位内",
    "group_by_post": "同岗位跨单位",
    "post": "岗位",
    "unit_flags": "单位标记",
    "inverted_suffix": "（倒挂）",
    "sensitivity_run": "计算权重敏感性",
    "choose_many": "全部（可多选以筛选）",
    "uploader_button": "选择文件",
    "uploader_hint": "或将文件拖到此处 · 每个文件不超过 200 MB",
    "click_to_drill": "点击图中的任一干部，下方即列出同一{group}的全部干部。",
    "meeting": "会议材料",
    "county": "县（市、区）名称",
    "year": "考核年度",
    "build_deck": "生成汇报 PPT",
    "build_pdf": "生成 PDF 报告",
    "build_charts": "生成图表图片",
    "download_deck": "下载汇报 PPT",
    "download_pdf": "下载 PDF 报告",
    "download_charts": "下载图表图片（PNG+SVG，ZIP）",
    "building": "正在生成，请稍候……",
}

# Sheet names of the exported workbook and of the template.
SHEET_NAMES: dict[str, str] = {
    "ranked": "排名",
    "rejected": "未采用行",
    "scheme": "考核方案与来源",
    "groups": "倒挂分析",
    "units": "单位标记",
    "ledger": "名额台账",
    "notes": "填表说明",
    "method": "方法说明",
    "consequences": "考核结果运用",
    "quarters": "平时考核",
}

TEMPLATE_NOTES: list[tuple[str, str]] = [
    ("总体", "一个工作簿可含多张表，也可每类数据一个文件；系统按表头自动识别表的类别。表头上方可以有标题行。"),
    ("干部名册", "每名干部一行。编号必须唯一；单位类型可空（按单位名称推断：镇/乡→乡镇，街道→街道，其余→县直部门）。"),
    ("任务完成", "每项任务一行。目标值须大于0；难度系数空白按1计；差错次数空白按0计；日期空白不检查是否逾期。"),
    ("服务对象评价", "每条评价一行。评价等级填“非常满意、满意、基本满意、不满意、非常不满意”或1～5星。"),
    ("民主测评", "每名干部每类测评人一行，填各等次票数；也可每张票一行，用“测评等次”列填写等次。"),
    ("加扣分事项", "经批准的加分、扣分，每项一行（可不填此表）。加扣分类别填“加分”或“扣分”，分值填正数；不填类别时，扣分写负数。"
                   "须写明依据或文号。加分合计、扣分合计各有上限（考核方案 adjustments），单列在综合得分中。"),
    ("容错免责认定", "经认定免责的差错，每项认定一行（可不填此表）：写任务名称的，从该任务的差错次数中扣除；不写的，从该干部各项任务中扣除。"
                     "免责次数不能超过记录的差错次数；须写明认定文号。结果同时给出不计免责时的得分和等次。"),
    ("一票否决事项", "被一票否决的干部，每项一行（可不填此表；示例行请删除）。事项须是考核方案 vetoes.items 中列出的，"
                     "等次按方案定（如安全生产责任事故定为不称职），不论得分；其优秀名额顺延给下一名。须写明依据或文号。"),
    ("合计行", "合计、小计、总计行会被自动排除，不计入干部数据。"),
    ("日期", "日期可写 2025-03-05、2025/3/5 或 2025年3月5日。"),
]

# The template's layouts (python -m appraisal template --layout, 数据导入's template download).
TEMPLATE_LAYOUTS: dict[str, str] = {
    "long": "标准格式（每行一条记录）",
    "wide": "横排格式（任务成对列、测评按类别分组）",
    "survey": "问卷导出格式（民主测评每行一名测评人）",
}

# 填表说明 rows added by a layout other than the standard one.
TEMPLATE_LAYOUT_NOTES: dict[str, list[tuple[str, str]]] = {
    "wide": [
        ("横排任务表", "每名干部一行，每项任务一组“任务名（目标）”“任务名（完成）”列（可加“任务名（难度系数）”）；"
                   "差错次数每名干部一个，计入其全部任务；某项任务的列全空表示该干部没有这项任务。"),
        ("横排测评表", "每名干部一行；第一行合并单元格写测评人类别，第二行为优秀、称职、基本称职、不称职；"
                   "某类测评人那一组全空表示该类没有投票。"),
    ],
    "survey": [
        ("问卷导出", "每行一名测评人：“您的身份是”一题的回答为测评人类别；每名干部一列，列名写“…—姓名（单位）”；"
                 "空格表示没有评这名干部。问卷工具导出的其他列（提交时间、来源、IP 等）不读取。"),
    ],
}

# The exported workbook, charts and PDF: titles, print header/footer, messages.
EXPORT: dict[str, str] = {
    "title_full": "{county}{year}年度干部考核结果",
    "title_county": "{county}干部考核结果",
    "title_year": "{year}年度干部考核结果",
    "title_plain": "干部考核结果",
    "print_header": "{title}　{sheet}",
    "print_date": "打印日期：",
    "page_of": "第 {page} 页，共 {pages} 页",
    "unit_sheet": "单位",
    "method_item": "项目",
    "method_text": "说明",
    "no_soffice": "没有找到 LibreOffice（soffice 命令），无法生成 PDF。请安装 LibreOffice 后重试，或先下载 PPT 再自行另存为 PDF。",
    "soffice_failed": "LibreOffice 转换 PDF 失败：{details}",
    "soffice_timeout": "LibreOffice 转换 PDF 超时（{seconds} 秒）。",
    "no_browser": "没有找到用于生成图片的 Chromium 浏览器（{path}）。请安装 chromium，或设置环境变量 BROWSER_PATH 指向 Chrome/Chromium。",
    "image_failed": "生成图表图片失败：{details}",
    "bad_format": "图片格式只能是 png、svg、jpeg、webp 或 pdf，实为“{fmt}”。",
    # The 考核方案与来源 sheet: what was run, on which files, with which scheme.
    "version": "软件版本",
    "exported_at": "导出时间",
    "scheme_key": "方案编号",
    "input_file": "输入文件",
    "sha256": "SHA-256",
    "source": "数据类别",
    "rows_read": "读取行数",
    "rows_accepted": "采用行数",
    "rows_rejected": "未采用行数",
    "scheme_yaml": "考核方案（YAML）",
}

# The method in words (workbook 方法说明 sheet, the deck's method slide).  Filled from the scheme.
METHOD: dict[str, str] = {
    "scheme": "考核方案",
    "scheme_text": "方案名称：{name}；方案编号（SHA-256 前12位）：{key}。全部权重、分数段、名额和阈值均取自该方案。",
    "composite": "综合得分",
    "composite_text": ("综合得分 = 量化任务得分×任务权重 + 服务对象评价得分×服务权重 + 民主测评得分×民主权重，"
                       "权重按岗位设定、合计100。某项缺失时按其余各项的权重重新分配，并标记“考核项缺失”。"),
    "weights": "各岗位权重",
    "weights_row": "{post}：量化任务{task:g}%，服务对象评价{service:g}%，民主测评{democratic:g}%",
    "default_post": "其他岗位（默认）",
    "grade_points": "{grade}{points:g}分",
    "task": "量化任务",
    "task_text": ("每项任务完成率 = 完成值÷目标值，限定在{ratio_min:.0%}～{ratio_max:.0%}；逾期完成的任务完成率乘以"
                  "{late_factor:g}；按难度系数加权平均后乘以100。工作量 = 各项任务难度系数之和。"),
    "errors_rate": "差错按每单位工作量的差错率扣分：差错率每1次/单位工作量扣{penalty:g}分（任务多的干部不因差错绝对数多而吃亏）。",
    "errors_count": "差错按次数扣分：每次差错扣{penalty:g}分。",
    "service": "服务对象评价",
    "service_text": ("评价等级按量表{low:g}～{high:g}折算为0～100分（{words}）；评价多于{trim:g}条时去掉一个最高分和一个最低分；"
                     "评价少时向同岗位均值收缩：(n·R + {m:g}·C)/(n + {m:g})，并给出{conf:.0%}置信区间。"),
    "democratic": "民主测评",
    "democratic_text": ("各等次折算为{values}；各类测评人权重{groups}（方案未列出的类别按{other:g}计），按干部实际有票的类别重新归一；"
                        "{leaders}的测评合成“领导评价”。"),
    "review_text": "不称职票超过{unfit:.1%}、或优秀和称职票合计低于{approval:.1%}的干部，交组织研究决定。",
    "grading": "等次与名额",
    "grading_text": ("在{scope}内排名定等次：{excellent:g}分及以上为优秀，{competent:g}～{excellent:g}分（不含）为称职，"
                     "{basic:g}～{competent:g}分（不含）为基本称职，{basic:g}分以下为不称职；优秀人数不超过{scope}人数的"
                     "{quota:.0%}（向下取整），超出名额的按称职计。"),
    "scope_unit": "本单位",
    "scope_post": "同岗位（跨单位）",
    "ties_text": "综合得分保留{decimals}位小数后相同视为并列；并列时依次比较{keys}，仍相同按编号；优秀名额线上的并列单独标记，供审核。",
    "diagnostics": "诊断与标记",
    "inversion_text": ("倒挂：在人数不少于{min_group}人的每个单位和岗位内，计算工作量与综合得分的 Spearman 秩相关（单侧检验），"
                       "经 Benjamini–Hochberg 校正后 q < {q:g} 且相关为负，判定为“倒挂”；工作量居前{quart:.0%}、"
                       "综合得分居后{quart:.0%}的干部标记“干得多评得差”。"),
    "gap_text": "领导评价与服务对象评价在同岗位内各自标准化，相差超过{gap:g}个标准差即标记领导与群众评价落差。",
    "few_text": "服务对象评价少于{min_ratings:g}条的干部标记“服务评价过少”。",
    "uniform_text": ("单位测评票不少于{min_votes:g}张，且优秀票占比达到{share:.0%}、或优秀票过半而干部间民主测评得分标准差"
                     "低于{sd:g}分时，标记该单位“测评趋同”。"),
    "flags": "标记一览",
}

# The meeting deck: slide titles, table headers, the source line.
DECK: dict[str, str] = {
    "bias": "测评人偏向",
    "bias_unit": "单位",
    "bias_group": "测评人类别",
    "bias_voter": "测评人",
    "col_bias_kind": "对象",
    "col_bias_who": "名称",
    "col_bias_text": "说明",
    "more_rows": "另有{n}条，见看板“稳健性”页。",
    "title": "{title}分析",
    "subtitle": "{date}　{scheme}",
    "overview": "总体情况",
    "grades": "等次分布",
    "by_unit": "各乡镇（街道）综合得分分布",
    "by_dept": "各县直部门综合得分分布",
    "by_post": "各岗位综合得分分布",
    "heatmap": "单位×岗位综合得分",
    "inversion": "倒挂分析：干得多、评得差",
    "inversion_groups": "倒挂分组（工作量越大得分越低）",
    "inversion_none": "没有发现统计上显著的倒挂分组。",
    "inversion_scatter": "倒挂单位：{unit}（Spearman rho = {rho:.2f}，q = {q:.3f}）",
    "review": "建议复核的干部",
    "review_none": "没有需要复核的干部。",
    "leader_mass": "领导感觉与群众感受",
    "gaps": "领导与群众评价落差明显的干部",
    "gaps_none": "没有领导与群众评价落差明显的干部。",
    "quota": "等次分布与优秀名额",
    "quota_note": "优秀名额为各{scope}人数×{quota:.0%}向下取整；{groups}个{scope}中{full}个用满名额；名额线上并列{ties}人（须审核）。",
    "top_bottom": "各单位排名前{n}名与后{n}名",
    "part": "（{i}/{n}）",
    "method": "考核方法",
    "source": "资料来源：{files}｜方案：{scheme}（{key}）｜生成日期：{date}",
    "more_files": "等{n}个文件",
    "col_unit": "单位",
    "col_group_by": "分组方式",
    "col_group": "分组",
    "more_people": "另有{n}人未列出，详见排名 Excel 的“标记”列。",
    "col_n": "人数",
    "col_top": "前{n}名（综合得分）",
    "col_bottom": "后{n}名（综合得分）",
    "col_type": "单位类型",
    "col_quota": "优秀名额",
    "col_share": "优秀占比",
    "col_flag": "标记",
    "col_note": "说明",
    "total": "合计",
    "person": "{name}{score}",
}

# ---------------------------------------------------------------- robustness (issue #5)

ICC_DESCRIPTION: dict[str, str] = {
    "ICC1": "单向随机，单个评价人",
    "ICC2": "双向随机，单个评价人（绝对一致）",
    "ICC3": "双向混合，单个评价人（一致性）",
    "ICC1k": "单向随机，k个评价人平均",
    "ICC2k": "双向随机，k个评价人平均（绝对一致）",
    "ICC3k": "双向混合，k个评价人平均（一致性）",
}

# Shown where a number is missing (no score, no workload).
NO_VALUE = "—"

# A yes/no column (倒挂, 是否...).
YES_NO: dict[bool, str] = {True: "是", False: "否"}

# Headers of appraisal.output.summary_table (the grouping column is GROUP_BY_LABELS).
SUMMARY_COLUMN_LABELS: dict[str, str] = {
    "n": "人数",
    "median": "中位数",
    "mean": "平均",
    "min": "最低",
    "max": "最高",
    "excellent": "优秀人数",
}

# Headers of appraisal.output.units_table (per-unit flags).
UNIT_COLUMN_LABELS: dict[str, str] = {
    **{k: COLUMN_LABELS[k] for k in ("unit", "unit_type")},  # a column is called the same in every table
    "n": SUMMARY_COLUMN_LABELS["n"],
    "n_votes": "测评票数",
    "excellent_share": "优秀票占比",
    "score_sd": "民主测评得分标准差",
    "flags": "标记",
    "flag_text": "标记说明",
}

# Headers of appraisal.output.compare_table (two results of the same data).
COMPARE_COLUMN_LABELS: dict[str, str] = {
    **{k: COLUMN_LABELS[k] for k in ("cadre_id", "name", "unit", "post")},
    "composite_before": "原综合得分",
    "composite_after": "新综合得分",
    "rank_before": "原名次",
    "rank_after": "新名次",
    "rank_change": "名次上升",
    "grade_before": "原等次",
    "grade_after": "新等次",
    "change": "变化",
}

# What each sheet was taken as (appraisal.check.inspect, shown on 数据导入).
SHEET_COLUMN_LABELS: dict[str, str] = {
    **{k: REJECTED_COLUMN_LABELS[k] for k in ("file", "sheet")},
    "source_label": "识别为",
    "shape_label": "格式",
    "header_row": "表头行",
    "rows": "数据行",
    "missing": "缺少的必需列",
    "headers": "表头",
}
UNRECOGNIZED_SOURCE = "未识别"

# How a sheet is laid out, where it is not one row per record (appraisal.read.shapes, appraisal.read.survey).
SHAPE_LABELS: dict[str, str] = {
    "": "",
    "wide_tally": "横排测评汇总表",
    "survey": "问卷导出",
    "wide_tasks": "横排任务表",
    "points_tasks": "指标得分表",
}
# The layouts a column mapping may set for a sheet (appraisal.read.fields.LAYOUTS); "" leaves it to recognition.
LAYOUT_LABELS: dict[str, str] = {
    "": "自动识别",
    "long": "每行一条记录（标准格式）",
    "survey": "问卷导出（每行一名测评人）",
    "wide_tally": "横排测评汇总表（按测评人类别分组）",
    "wide_tasks": "横排任务表或指标得分表",
}

# Rows read, accepted and rejected per source (数据导入, the workbook's provenance sheet).
ROW_COUNT_LABELS: dict[str, str] = {"read": "读取", "accepted": "采用", "rejected": "未采用",
                                   "by_name": "其中按姓名关联"}

# Names of the files the dashboard offers for download.
FILE_NAMES: dict[str, str] = {
    "template": "干部考核填报模板.xlsx",
    "mapping": "列名对照.yaml",
    "rejected": "未采用行.csv",
    "ranking_xlsx": "干部考核排名.xlsx",
    "ranking_csv": "干部考核排名.csv",
    "deck": "干部考核汇报.pptx",
    "pdf": "干部考核报告.pdf",
    "charts": "干部考核图表.zip",
    "scheme": "考核方案.yaml",
    "archive_compare": "存档比较.csv",
    "consequences": "考核结果运用名单.csv",
    "quarters": "平时考核.csv",
}

# Labels of the change codes of appraisal.analysis.compare_results (two results of the same data).
CHANGE_LABELS: dict[str, str] = {
    "enter": "进入优秀",
    "leave": "退出优秀",
    "regrade": "等次变化",
    "rerank": "名次变化",
}

# Labels of every robustness flag and change code (cadre, unit, voter group, voter).
ROBUST_FLAG_LABELS: dict[str, str] = {
    "uncertain_grade": "等次不确定",
    "lenient_unit": "测评偏宽",
    "harsh_unit": "测评偏严",
    "low_information": "测评信息量低",
    "lenient_group": "该类测评人偏宽",
    "harsh_group": "该类测评人偏严",
    "straight_lining": "一律同票",
    "enter": "可能进入优秀",
    "leave": "可能退出优秀",
}

# Voter group and single-voter flags.
RATER_FLAG_EXPLAIN: dict[str, str] = {
    "lenient_group": (
        "“{name}”共投{n_votes}票，优秀占{share:.0%}，全部测评人合并为{pooled_share:.0%}，调整后残差"
        "{residual:+.1f}（q={q:.3g}）：这类测评人明显偏宽。"
    ),
    "harsh_group": (
        "“{name}”共投{n_votes}票，优秀占{share:.0%}，全部测评人合并为{pooled_share:.0%}，调整后残差"
        "{residual:+.1f}（q={q:.3g}）：这类测评人明显偏严。"
    ),
    "straight_lining": (
        "测评人{voter_id}（{voter_group}，{unit}）给所评的{n_ballots}名干部全部投了“{grade}”；"
        "按本单位的投票分布，随机出现的概率约为{p_chance:.2g}：按惯例可视为无效票。"
    ),
}

# Weight sensitivity: who could enter or leave 优秀.
CHANGE_EXPLAIN: dict[str, str] = {
    "enter": (
        "权重在原值附近变动时，{draws}次抽样中有{p:.0%}评为优秀，名次在第{low}～{high}名之间（优秀名额{quota}名）："
        "可能进入优秀。"
    ),
    "leave": (
        "权重在原值附近变动时，{draws}次抽样中有{p:.0%}未评为优秀，名次在第{low}～{high}名之间（优秀名额{quota}名）："
        "可能退出优秀。"
    ),
}

ROBUST_COLUMN_LABELS: dict[str, str] = {
    "cadre_id": "编号",
    "name": "名称",
    "unit": "单位",
    "post": "岗位",
    "group": "排名范围",
    "rank_in_unit": "名次",
    "grade": "等次",
    "composite": "综合得分",
    "quota": "优秀名额",
    "composite_low": "得分区间下限",
    "composite_high": "得分区间上限",
    "rank_low": "名次区间（最好）",
    "rank_median": "名次中位数",
    "rank_high": "名次区间（最差）",
    "rank_min": "最好名次",
    "rank_max": "最差名次",
    "p_excellent": "进入优秀的概率",
    "uncertain_grade": "等次不确定",
    "flag_text": "说明",
    "change": "变化",
    "change_text": "说明",
    "source": "数据",
    "design": "设计",
    "type": "类型",
    "description": "模型",
    "ICC": "ICC",
    "ci_low": "95%区间下限",
    "ci_high": "95%区间上限",
    "F": "F",
    "df1": "自由度1",
    "df2": "自由度2",
    "p": "p值",
    "n_targets": "被评干部数",
    "n_raters": "评价人数",
    "by": "分组方式",
    "n_votes": "票数",
    "excellent": "优秀票",
    "share": "优秀票占比",
    "pooled_share": "合并优秀票占比",
    "expected": "期望优秀票",
    "residual": "调整后残差",
    "q": "BH校正q值",
    "testable": "可检验",
    "lenient": "偏宽",
    "harsh": "偏严",
    "chi2": "卡方",
    "dof": "卡方自由度",
    "chi2_p": "卡方p值",
    "voter_id": "测评人编号",
    "voter_group": "测评人类别",
    "n_ballots": "所评干部数",
    "n_grades": "所投等次种数",
    "p_chance": "随机出现的概率",
    "straight_lining": "一律同票",
    "competent": "称职票",
    "basic": "基本称职票",
    "unfit": "不称职票",
    "entropy": "熵（比特）",
    "entropy_norm": "归一化熵",
    "low_information": "信息量低",
    "flags": "标记",
}

# The robustness settings as the 考核方案 page labels them, in the scheme's order.
ROBUST_SETTING_LABELS: dict[str, str] = {
    "bootstrap_resamples": "重抽样次数",
    "seed": "随机种子",
    "interval_level": "区间水平",
    "uncertain_low": "等次不确定：概率下限",
    "uncertain_high": "等次不确定：概率上限",
    "weight_draws": "权重抽样次数",
    "dirichlet_concentration": "狄利克雷浓度 α0",
    "enter_leave_share": "进入/退出优秀的最小比例",
    "min_expected": "卡方检验最小期望票数",
    "residual_threshold": "调整残差阈值",
    "min_share_gap": "优秀票占比最小差距",
    "straight_min_ballots": "一律同票：最少评价人数",
    "min_entropy": "测评信息量下限（熵）",
    "entropy_min_votes": "判断信息量的最少票数",
    "icc_min_targets": "一致性：最少被评干部数",
    "icc_min_raters": "一致性：最少评价人数",
}

ROBUST_UI: dict[str, str] = {
    "intro": ("考核结果决定干部的进退留转。本页用可复核的统计方法说明：每个名次有多确定、权重稍作调整会怎样、"
              "测评人是否一致、投票有无偏向。方法与参数见 docs/method.md。"),
    "bootstrap": "名次的不确定性（自助法重抽样）",
    "bootstrap_help": ("每名干部的服务对象评价有放回重抽，各类测评人的票数按多项分布重抽，共{resamples}次；"
                       "任务得分不变。区间为{level:.0%}区间。"),
    "running": "正在重抽样……",
    "pick_group": "选择排名范围",
    "committee": "建议提交考核委员会研究的干部（进入优秀的概率在{low:.0%}～{high:.0%}之间）",
    "no_committee": "没有等次不确定的干部。",
    "settings": "稳健性与统计检验设置",
    "settings_help": "以下设置只影响“稳健性”页和本页的权重敏感性分析，不改变得分与等次。含义见 docs/method.md。",
    "sensitivity": "权重敏感性：权重在原值附近变动时，谁可能进入或退出优秀",
    "sensitivity_help": "各岗位权重按狄利克雷分布在原值附近抽取{draws}次（浓度{concentration:g}）。",
    "no_changes": "权重在原值附近变动时，没有干部进入或退出优秀。",
    "agreement": "评价人一致性（组内相关系数 ICC）",
    "agreement_help": ("测评票（每张票一行时）以测评人编号为评价人；服务对象评价以评价人编号为评价人。"
                       "双向模型只用“每名评价人都评了每名干部”的完整子表；单向模型用全部评价。"),
    "no_agreement": "没有可计算一致性的数据（需要逐张录入的测评票，或同一评价人评价多名干部的服务对象评价）。",
    "bias": "测评偏向",
    "group_bias": "各类测评人的优秀票占比（与全部测评人合并比较，卡方检验）",
    "unit_bias": "各单位的优秀票占比与信息量",
    "straight": "一律同票的测评人",
    "no_ballots": "测评数据是按类别汇总的票数，没有逐张的测评票，无法判断单个测评人是否一律同票。",
    "no_straight": "没有发现一律同票的测评人。",
    "chi2_line": "卡方检验：χ²={chi2:.1f}，自由度{dof}，p={p:.3g}。",
    "chart_rank": "{group}：名次区间与进入优秀的概率",
    "chart_sens": "{group}：权重变动下的名次范围",
    "chart_x": "名次（1为最好）",
    "chart_quota": "优秀名额线",
    "chart_p": "进入优秀的概率",
    "chart_observed": "当前名次",
    "source_ballots": "测评票",
    "source_service": "服务对象评价",
    "design_two_way": "双向（完整子表）",
    "design_one_way": "单向（全部评价）",
}

# The optional access password (intranet deployment).
ACCESS: dict[str, str] = {
    "title": "干部考核分析台 · 登录",
    "prompt": "本系统已设访问密码，请输入密码。",
    "password": "访问密码",
    "submit": "进入",
    "wrong": "密码不正确。",
    "wait": "尝试过于频繁，请等待{seconds:.0f}秒后再试。",
    "bad_hash": "访问密码的配置有误（应为 python -m appraisal password 生成的一行 scrypt$… 文字）。请联系管理员检查 secrets.toml 或环境变量 APPRAISAL_PASSWORD_HASH。",
    "empty_password": "密码不能为空。",
    "ask": "请输入要设置的访问密码：",
    "ask_again": "请再输入一次：",
    "mismatch": "两次输入的密码不一致。",
    "how": "把下面一行写入 .streamlit/secrets.toml 的 [access] 节（password_hash = \"…\"），或设为环境变量 APPRAISAL_PASSWORD_HASH：",
    "logout": "退出登录",
    "mask_toggle": "隐藏姓名和身份证号",
    "mask_help": "打开后，汇报模式和导出文件中的姓名显示为“张*三”，身份证号隐去中间数字。",
}

# The archive of saved periods (appraisal.archive; the CLI's archive commands; the 考核档案 page).
ARCHIVE: dict[str, str] = {
    "year_label": "{year}年度",
    "quarter_label": "{year}年第{quarter}季度",
    "version_title": "{period} 第{number}版",
    "bad_period": "考核期“{text}”无法识别：年度写作 2025 或 2025年度，季度写作 2025Q1 或 2025年第一季度。",
    "bad_url": "档案位置“{url}”不是有效的数据库地址：SQLite 写文件路径，PostgreSQL 写 postgresql://用户@主机/库名。",
    "cannot_open": "无法打开考核档案（{url}）：{details}。请检查路径或数据库地址、权限和网络。",
    "cannot_save": "保存到考核档案（{url}）失败：{details}。档案未改动。",
    "busy": "考核档案（{url}）正忙（可能有同事同时在保存）：{details}。本次未保存，档案未改动，请稍后重试。",
    "reason_needed": "{period}已有存档，这将是第{number}版：请写明重新保存的原因（如“更正某乡镇测评数据”）。",
    "first_reason": "首次保存",
    "imported_reason": "导入历年考核结果（{files}）",
    "import_counts": "共读取{read}行：采用{accepted}行，未采用{rejected}行",
    "unknown_saver": "（未填写）",
    "no_version": "考核档案（{url}）中没有{period}的{number}存档。",
    "number_any": "任何",
    "tampered": "考核档案（{url}）中{version}的内容与保存时的校验值不符：数据库可能被改动过。请用备份核对，不要据此使用。",
    "no_kept_files": "{version}保存时未保留输入文件，只有文件名和 SHA-256。",
}
# Headers of the archive's tables on the 考核档案 page.
ARCHIVE_COLUMNS: dict[str, str] = {
    "title": "存档",
    "label": "考核期",
    "number": "版本",
    "saved_at": "保存时间",
    "saved_by": "保存人",
    "reason": "原因",
    "n_cadres": "干部人数",
    "software_version": "软件版本",
    "name": "文件",
    "person": "姓名",
    "sha256": "SHA-256",
    "size": "字节数",
    "kept": "文件已保留",
    "unit": "单位",
    "post": "岗位",
    "grade": "等次",
    "rank_in_unit": "单位内名次",
    "composite": "综合得分",
    "flag_text": "标记说明",
}
ARCHIVE_COMPARE_COLUMNS: dict[str, str] = {
    "a": "前一版",
    "b": "后一版",
    "cadre_id": "编号",
    "name": "姓名",
    "unit_a": "单位（{a}）",
    "unit_b": "单位（{b}）",
    "grade_a": "等次（{a}）",
    "grade_b": "等次（{b}）",
    "rank_a": "名次（{a}）",
    "rank_b": "名次（{b}）",
    "composite_a": "综合得分（{a}）",
    "composite_b": "综合得分（{b}）",
    "change_label": "变化",
}
ARCHIVE_CHANGES: dict[str, str] = {
    "grade": "等次变化",
    "rank": "名次变化",
    "joined": "新出现",
    "left": "不再出现",
    "unit": "调整单位",
    "same": "不变",
}

# 考核结果运用 (appraisal.archive.consequences): the sentence saying why a cadre is on a list.
CONSEQUENCES: dict[str, str] = {
    "this_year": "{years}年度为{grades}，{rule}",
    "consecutive": "{years}年度连续{n}年为{grades}，{rule}",
    "cumulative": "{years}年度为{grades}（档案中累计{total}年，每满{n}年一次），{rule}",
    "basis": "（{basis}）",
}
CONSEQUENCE_COLUMNS: dict[str, str] = {
    "rule": "名单",
    "cadre_id": "编号",
    "name": "姓名",
    "unit": "单位",
    "grade": "当年等次",
    "years": "依据的年度",
    "basis": "依据",
    "sentence": "说明",
}

# 加分/扣分 (appraisal.scoring.component_scores.adjustment_scores): each item as the explanation lists it.
ADJUST_TEXT: dict[str, str] = {
    "item": "{item} {points}{basis}",
    "basis": "（{basis}）",
    "bonus_capped": "加分合计{total}分，超过上限{cap}分，按{cap}分计",
    "penalty_capped": "扣分合计{total}分，超过上限{cap}分，按{cap}分计",
    "sentence": "综合得分 {composite:.2f} = 三项加权得分 {weighted:.2f} + 加分 {bonus} − 扣分 {penalty}。加扣分事项：{note}",
    "excused": "{task}免责{n:g}次（{basis}）",
    "excused_all": "差错免责{n:g}次（{basis}）",
    "excused_sentence": "经容错免责认定，{n:g}次差错不计入差错率：{note}。综合得分 {composite:.2f}（不计免责为 {unexcused:.2f}），"
                        "等次 {grade}（不计免责为 {grade_unexcused}）。",
}

# Quotas (appraisal.scoring.grading): the pools of small units, the place ledger; what decided a grade.
QUOTA_TEXT: dict[str, str] = {
    "basis_band": "按分数段",
    "basis_quota": "分数达到{top}段，超出名额（第{place}位，名额{places}个），定为{grade}",
    "basis_veto": "一票否决：{records}，定为{grade}（不论得分）",
    "veto_record": "{veto}（{basis}）",
    "basis_moved_up": "因{names}一票否决，名额顺延，定为{grade}",
    "pool": "综合名额池（{type}，不足{n}人的单位）",
    "no_type": "未分类",
    "rule": "名额 = 人数 × 比例，向下取整",
}
LEDGER_COLUMNS: dict[str, str] = {
    "group": "名额单位",
    "units": "包含单位",
    "n": "人数",
    "share": "优秀比例",
    "exact": "人数×比例",
    "places": "优秀名额",
    "band": "达到优秀分数段人数",
    "used": "已用名额",
    "rule": "取整规则",
}

# 平时考核 (appraisal.archive.quarters): the quarters beside the year, and what 优秀 asks of them.
QUARTERS: dict[str, str] = {
    "was": "{quarters}为{grade}",
    "none": "{quarters}无平时考核记录",
    "no_bars": "（无）",
    "over": "{period} {unit}：“{top}”等次{good}人（{n}人中占{share}），超过名额{places}人（{quota}）；按原样导入。",
    "sentence": "{year}年度考核为{grade}，但平时考核{parts}（档案中该年有{n}个季度，为“{top}”的{good}个；"
                "{grade}要求至少{needed}个季度为“{top}”，且没有{bars}）",
}
QUARTER_COLUMNS: dict[str, str] = {
    "cadre_id": "编号",
    "name": "姓名",
    "unit": "单位",
    "grade": "年度等次",
    "q1": "第一季度",
    "q2": "第二季度",
    "q3": "第三季度",
    "q4": "第四季度",
    "meets": "符合优秀对平时考核的要求",
    "sentence": "说明",
    "period": "考核期",
    "n": "人数",
    "good": "“好”等次人数",
    "places": "“好”等次名额",
    "share": "“好”等次占比（%）",
    "over": "超出名额",
}

# 历年对比 (appraisal.archive.trends; the 历年对比 page).
TREND_COLUMNS: dict[str, str] = {
    "unit": "单位",
    "years": "年度",
    "n": "两年都在的人数",
    "rho": "名次相关（Spearman）",
    "p": "p 值",
    "cadre_id": "编号",
    "name": "姓名",
    "unit_from": "原单位",
    "unit_to": "现单位",
    "composite_from": "前一年综合得分",
    "composite_to": "后一年综合得分",
    "change": "变化",
    "grade_from": "前一年等次",
    "grade_to": "后一年等次",
    "percentile_from": "前一年所处百分位",
}
