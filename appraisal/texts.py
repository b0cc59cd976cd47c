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
    "UI",
    "CHART",
    "GRADES_ORDER",
    "SHEET_NAMES",
    "TEMPLATE_NOTES",
]

# The four sources a sheet can be recognized as.
SOURCE_LABELS: dict[str, str] = {
    "roster": "干部名册",
    "tasks": "任务完成",
    "service": "服务对象评价",
    "democratic": "民主测评",
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

REJECTED_COLUMN_LABELS: dict[str, str] = {
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
}

UNIT_FLAG_LABELS: dict[str, str] = {"uniform_votes": "测评趋同"}

UNIT_FLAG_EXPLAIN: dict[str, str] = {
    "uniform_votes": (
        "{unit}共{n_votes}张测评票中优秀占{excellent_share:.0%}，干部间民主测评得分标准差"
        "{score_sd:.1f}分：投票几乎一致，民主测评难以区分干部。"
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
    "missing_id": "缺少干部编号",
    "missing_value": "“{column}”为空",
    "duplicate_id": "编号“{value}”与{where}重复，以先出现的一行为准",
    "unknown_id": "编号“{value}”不在干部名册中",
    "not_number": "“{column}”的值“{value}”不是数字",
    "not_positive": "“{column}”必须大于0，实为“{value}”",
    "negative": "“{column}”不能为负数，实为“{value}”",
    "not_date": "“{column}”的值“{value}”不是可识别的日期",
    "rating_not_on_scale": "评价“{value}”不在评价量表上（{scale}）",
    "rating_out_of_range": "评分{value}超出评价量表范围{low}～{high}",
    "ballot_not_grade": "测评等次“{value}”不是优秀/称职/基本称职/不称职之一",
    "no_votes": "各等次票数都为空",
    "post_not_in_scheme": "岗位“{value}”不在考核方案中，且方案没有默认权重",
    "where": "{file}“{sheet}”第{row}行",
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
    "missing_column": "{file}“{sheet}”被识别为{source}，但缺少必需的列“{column}”（表头在第{row}行）。请补上该列，或在列名对照中指定。",
    "no_cadre": "干部名册中没有可用的行，无法计分。请查看未采用行的原因。",
    "mapping": "列名对照文件有误：{details}",
    "no_files": "没有提供任何文件。",
    "read_failed": "读取文件“{file}”失败：{details}",
}

WARNING: dict[str, str] = {
    "sheet_ignored": "{file}“{sheet}”未识别为任何数据表，已跳过（{why}）。",
    "sheet_empty": "没有找到表头",
    "sheet_unrecognized": "表头为：{headers}",
    "other_group": "测评人类别{groups}不在考核方案中，按权重{weight}计入。",
    "formula_no_value": "{file}“{sheet}”含有没有缓存值的公式单元格，请在 Excel 中重新计算并保存。",
}

SCHEME_ERROR: dict[str, str] = {
    "yaml": "考核方案不是有效的 YAML：{details}",
    "not_mapping": "考核方案“{key}”应为键值表。",
    "unknown_key": "考核方案中有未知的设置“{key}”。",
    "not_number": "考核方案“{key}”应为数字，实为“{value}”。",
    "range": "考核方案“{key}”应在{low}～{high}之间，实为{value}。",
    "negative": "考核方案“{key}”不能为负数，实为{value}。",
    "weights_sum": "岗位“{post}”的权重合计为{total:g}，应为100。",
    "weight_keys": "岗位“{post}”的权重应包含且只包含 任务(task)、服务(service)、民主(democratic) 三项。",
    "unknown_post": "权重表中的岗位“{post}”不在岗位列表（posts）中。",
    "bands_order": "分数段下限应满足 优秀 > 称职 > 基本称职，实为 {bands}。",
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
    "scheme_help": "考核方案 YAML 文件（默认使用内置方案）。",
    "map_help": "列名对照 YAML 文件。",
    "out_help": "输出排名 Excel 文件。",
    "json_help": "输出 JSON 结果文件。",
    "template_out_help": "模板输出路径。",
    "sample_out_help": "示例数据输出目录。",
    "cadres_help": "干部人数。",
    "seed_help": "随机种子。",
    "rows_line": "{source}：读取{read}行，采用{accepted}行，未采用{rejected}行",
    "rejected_header": "未采用的行：",
    "rejected_line": "  {file}“{sheet}”第{row}行【{column}】：{reason}",
    "rejected_more": "  ……另有{more}行，完整清单见输出文件。",
    "sheets_header": "识别的工作表：",
    "sheet_line": "  {file}“{sheet}” → {source}（表头第{header_row}行）",
    "summary": "共{cadres}名干部，{units}个单位；优秀{excellent}人，称职{competent}人，基本称职{basic}人，不称职{unfit}人；有标记的干部{flagged}人，倒挂分组{inverted}个。",
    "wrote": "已写入 {path}",
    "error_prefix": "错误：",
    "internal": "程序内部错误（{kind}）。请把输入文件和本条信息反馈给维护人员。",
    "warnings_header": "提示：",
    "rejected_all_header": "其余未采用的行：",
    "sample_too_small": "示例县至少需要20名干部（--cadres）。",
    "os_error": "无法读写“{path}”：{details}",
    "memory": "内存不足，无法完成。请拆分文件或调小方案中的读取上限。",
}

# Grade words by the keys the summary line uses.
GRADES_ORDER: dict[str, str] = {"excellent": "优秀", "competent": "称职", "basic": "基本称职", "unfit": "不称职"}

# Chart titles and axis words.
CHART: dict[str, str] = {
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
    "page_profile": "个人档案",
    "page_ranking": "排名与导出",
    "page_scheme": "考核方案",
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
    "upload_help": "一个工作簿可含多张表，也可以每类数据一个文件。文件只保存在本次会话的内存中，不写入磁盘。",
    "use_sample": "改用示例数据",
    "template": "下载空白模板",
    "sheets": "识别结果",
    "rows": "各类数据行数",
    "rejected": "未采用的行",
    "no_rejected": "所有行都已采用。",
    "download_rejected": "下载未采用行（CSV）",
    "warnings": "提示",
    "mapping": "列名对照",
    "mapping_help": "没有识别的表：为每一列选择它对应的字段，然后应用。对照可以下载，明年直接上传使用。",
    "mapping_sheet": "工作表",
    "mapping_column": "原表头",
    "mapping_field": "对应字段",
    "mapping_source": "这张表是",
    "mapping_apply": "应用列名对照",
    "mapping_download": "下载列名对照（YAML）",
    "mapping_upload": "上传列名对照（YAML）",
    "mapping_preview": "预览（前5行）",
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
}

# Sheet names of the exported workbook and of the template.
SHEET_NAMES: dict[str, str] = {
    "ranked": "排名",
    "rejected": "未采用行",
    "scheme": "考核方案与来源",
    "groups": "倒挂分析",
    "units": "单位标记",
    "notes": "填表说明",
}

TEMPLATE_NOTES: list[tuple[str, str]] = [
    ("总体", "一个工作簿可含多张表，也可每类数据一个文件；系统按表头自动识别表的类别。表头上方可以有标题行。"),
    ("干部名册", "每名干部一行。编号必须唯一；单位类型可空（按单位名称推断：镇/乡→乡镇，街道→街道，其余→县直部门）。"),
    ("任务完成", "每项任务一行。目标值须大于0；难度系数空白按1计；差错次数空白按0计；日期空白不检查是否逾期。"),
    ("服务对象评价", "每条评价一行。评价等级填“非常满意、满意、基本满意、不满意、非常不满意”或1～5星。"),
    ("民主测评", "每名干部每类测评人一行，填各等次票数；也可每张票一行，用“测评等次”列填写等次。"),
    ("合计行", "合计、小计、总计行会被自动排除，不计入干部数据。"),
    ("日期", "日期可写 2025-03-05、2025/3/5 或 2025年3月5日。"),
]
