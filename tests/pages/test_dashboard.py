"""The dashboard driven with streamlit.testing.v1.AppTest: every page, uploads, presentation mode."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from appraisal import Scheme
from appraisal.analysis.overview import headline
from tests.helpers import ROOT
from tests.helpers.workbooks import messy_workbook

PAGES = ["import_data", "overview", "units", "posts", "inversion", "leader_mass", "robustness", "profile", "ranking",
         "scheme", "archive", "trends"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _NavigationPagesManager(app_test_module.PagesManager):
    """AppTest resets ``PagesManager.uses_pages_directory`` before every run, so with a ``pages/``
    folder beside app.py its reruns take the legacy multipage path and run the page file alone.
    The server sets the flag to False once ``st.navigation`` has run and keeps it; so do we."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app_test_module.PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def _navigation_like_the_server(monkeypatch):
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationPagesManager)


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()


def _texts(elements) -> list[str]:
    return [str(e.value) for e in elements]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_opens_on_sample_county_with_banner_and_headline(sample_result):
    at = _app()
    assert not at.exception
    assert any("示例数据" in t for t in _texts(at.info))
    m = _metrics(at)
    h = headline(sample_result)
    assert m["干部人数"] == str(h["cadres"]) == "2000"
    assert m["单位数"] == str(h["units"])
    assert m["优秀"] == str(h["优秀"])
    assert m["倒挂分组"] == str(h["inverted_groups"])
    # the planted uniform-voting unit is named on the overview
    assert any("测评" in t for t in _texts(at.warning))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_sample(page):
    at = _app()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error, _texts(at.error)


def test_units_page_switches_metric_and_drills_into_a_unit():
    at = _app()
    at.switch_page("pages/units.py").run()
    at.selectbox(key="units_metric").set_value("service_score").run()
    at.selectbox(key="units_pick").set_value("白沙镇").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert set(table["单位"]) == {"白沙镇"}


def test_inversion_page_lists_groups_and_review_and_rule_switch(sample_result):
    at = _app()
    at.switch_page("pages/inversion.py").run()
    assert not at.exception
    groups = at.dataframe[0].value
    assert (groups["倒挂"] == "是").sum() == int(sample_result.groups["inversion"].sum())
    moves = at.dataframe[2].value
    assert {"原名次", "新名次", "名次上升"} <= set(moves.columns)


def test_profile_finds_a_cadre_and_explains_flags(sample_result):
    flagged = sample_result.cadres[sample_result.cadres["flags"].map(bool)].iloc[0]
    at = _app()
    at.switch_page("pages/profile.py").run()
    at.text_input(key="profile_query").set_value(flagged["cadre_id"]).run()
    assert not at.exception
    assert any(flagged["name"] in t for t in _texts(at.markdown))
    assert len(at.warning) == len(flagged["flags"])


def test_profile_unknown_name_says_so():
    at = _app()
    at.switch_page("pages/profile.py").run()
    at.text_input(key="profile_query").set_value("不存在的人").run()
    assert not at.exception
    assert any("没有找到" in t for t in _texts(at.info))


def test_ranking_filters_and_downloads(sample_result):
    at = _app()
    at.switch_page("pages/ranking.py").run()
    at.multiselect(key="rk_grades").set_value(["优秀"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == int((sample_result.cadres["grade"] == "优秀").sum())
    assert set(table["等次"]) == {"优秀"}


def test_scheme_page_validates_and_reranks_live():
    at = _app()
    at.switch_page("pages/scheme.py").run()
    at.number_input(key="sc_quota").set_value(0.1).run()
    assert not at.exception
    changes = at.dataframe[-1].value
    assert set(changes["变化"]) == {"退出优秀"}
    # bands out of order: a Chinese error, nothing crashes
    at.number_input(key="sc_b2").set_value(95.0).run()
    assert not at.exception
    assert any("分数段" in t for t in _texts(at.error))


def test_upload_flow_reports_rejected_rows_and_scores_the_rest():
    at = _app()
    at.switch_page("pages/import_data.py").run()
    uploader = at.get("file_uploader")[0]
    uploader.set_value(("县里报来的.xlsx", messy_workbook(), XLSX)).run()
    assert not at.exception
    rejected = at.dataframe[-1].value
    reasons = " ".join(rejected["原因"])
    assert "合计" in reasons
    assert "目标值" not in reasons or "大于0" in reasons
    assert "不在干部名册中" in reasons
    assert "很好" in reasons
    assert "不能为负数" in reasons
    assert set(rejected["行号"]) >= {9}  # the 合计 row is row 9 as the spreadsheet shows it
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert _metrics(at)["干部人数"] == "5"
    assert not any("示例数据：" in t for t in _texts(at.info))


def test_bad_upload_shows_chinese_message_not_traceback():
    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(("成绩.xlsx", "这不是表格".encode("utf-8"), XLSX)).run()
    assert not at.exception
    assert any("成绩.xlsx" in t and "无法打开" in t for t in _texts(at.error))
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.error


def test_presentation_mode_pages_through_charts_and_exits():
    at = _app()
    at.toggle(key="present_toggle").set_value(True).run()
    assert not at.exception
    assert any("第 1 /" in t for t in _texts(at.markdown))
    next_button = next(b for b in at.button if "下一张" in b.label)
    next_button.click().run()
    assert any("第 2 /" in t for t in _texts(at.markdown))
    exit_button = next(b for b in at.button if "退出" in b.label)
    exit_button.click().run()
    assert not at.exception
    assert "干部人数" in _metrics(at)


def test_scheme_page_shows_weight_sensitivity_on_demand():
    at = _app()
    at.switch_page("pages/scheme.py").run()
    at.button(key="sc_sens").click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert {"编号", "姓名"} <= set(table.columns) and len(table) > 0


def test_access_password_gates_the_app(monkeypatch):
    from appraisal.access import hash_password

    monkeypatch.setenv("APPRAISAL_PASSWORD_HASH", hash_password("青山县2025"))
    at = _app()
    assert not at.exception
    assert "干部人数" not in _metrics(at)          # nothing of the data before the password
    at.text_input(key="login_password").set_value("wrong")
    at.button[0].click().run()
    assert any("密码不正确" in t for t in _texts(at.error))
    assert "干部人数" not in _metrics(at)
    at.text_input(key="login_password").set_value("青山县2025")
    at.button[0].click().run()
    assert not at.exception
    assert _metrics(at)["干部人数"] == "2000"


def test_masking_hides_names_in_presentation_mode(sample_result):
    name = sample_result.cadres.loc[sample_result.cadres["name"].str.len() == 3, "name"].iloc[0]
    at = _app()
    at.toggle(key="mask_toggle").set_value(True).run()
    at.toggle(key="present_toggle").set_value(True).run()
    assert not at.exception
    for _ in range(2):  # the first slides have per-cadre hover text
        next(b for b in at.button if "下一张" in b.label).click().run()
    spec = "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert name not in spec
    assert name[0] + "*" + name[-1] in spec


def _office_with_unknown_sheet() -> bytes:
    """A roster the library knows, and service ratings under headers it does not (with a title row)."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    roster = book.add_worksheet("名册")
    roster.write_row(0, 0, ["编号", "姓名", "单位", "岗位"])
    for r, cid in enumerate(["1001", "1002", "1003"], start=1):
        roster.write_row(r, 0, [cid, f"干部{cid}", "青石镇", "便民服务窗口"])
    odd = book.add_worksheet("附表3")
    odd.write(0, 0, "附表3 办件评价明细")
    odd.write_row(1, 0, ["考核对象编号", "办件评价"])
    for r, (cid, word) in enumerate([("1001", "满意"), ("1002", "非常满意"), ("1003", "基本满意"), ("1001", "满意")], start=2):
        odd.write_row(r, 0, [cid, word])
    book.close()
    return buf.getvalue()


def test_mapping_step_previews_the_unknown_sheet_and_a_saved_mapping_makes_it_count():
    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(("报表.xlsx", _office_with_unknown_sheet(), XLSX)).run()
    assert not at.exception
    sheets = at.dataframe[0].value
    assert sheets.loc[sheets["工作表"] == "附表3", "识别为"].tolist() == ["未识别"]
    preview = at.dataframe[1].value          # the raw sheet, title row included, as letters and row numbers
    assert list(preview.columns[:2]) == ["A", "B"]
    assert preview.iloc[0, 0] == "附表3 办件评价明细" and preview.iloc[1, 0] == "考核对象编号"
    mapping = "columns: {考核对象编号: cadre_id, 办件评价: rating}\n".encode("utf-8")
    at.file_uploader(key="map_up").set_value(("列名对照.yaml", mapping, "application/x-yaml")).run()
    assert not at.exception
    sheets = at.dataframe[0].value
    assert sheets.loc[sheets["工作表"] == "附表3", "识别为"].tolist() == ["服务对象评价"]
    counts = next(d.value for d in at.dataframe if "读取" in d.value.columns)
    assert counts.loc["服务对象评价", "读取"] == 4 and counts.loc["服务对象评价", "采用"] == 4


def test_a_bad_mapping_file_says_why_in_chinese():
    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(("报表.xlsx", _office_with_unknown_sheet(), XLSX)).run()
    at.file_uploader(key="map_up").set_value(("列名对照.yaml", "columns: {办件评价: 不存在的字段}".encode("utf-8"),
                                              "application/x-yaml")).run()
    assert not at.exception
    assert any("列名对照" in t and "不存在的字段" in t for t in _texts(at.error))


def test_scheme_page_keeps_the_scheme_and_the_editor_data_stable():
    # The weights table dropped edits when a visit rewrote the scheme (40 → 40.0), changing the editor's data
    # between reruns so Streamlit reset the widget.  Visiting must change nothing, and the data must stay put.
    at = _app()
    baseline = at.session_state["scheme_yaml"]
    at.switch_page("pages/scheme.py").run()
    seed = at.session_state["sc_weights_seed"].copy()
    at.run()
    at.number_input(key="sc_quota").set_value(0.15).run()   # a real edit elsewhere on the page
    assert not at.exception
    assert at.session_state["sc_weights_seed"].equals(seed)
    assert "excellent_quota: 0.15" in at.session_state["scheme_yaml"]
    at.number_input(key="sc_quota").set_value(0.2).run()
    assert at.session_state["scheme_yaml"] == baseline       # back to the start: the same scheme, not a respelling


def _csv(frame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def test_a_long_rejected_list_shows_its_head_and_offers_the_whole_list():
    # Every rating is a word the scheme does not know: 1,488 rejected rows, more than a page shows.
    from appraisal.demo.sample import make_sample

    sample = make_sample(80, seed=1)
    service = sample["service"].assign(评价等级="很好")
    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value([("名册.csv", _csv(sample["roster"]), "text/csv"),
                                          ("评价.csv", _csv(service), "text/csv")]).run()
    assert not at.exception
    import ui

    assert len(at.dataframe[-1].value) == ui.TABLE_ROWS
    assert any(f"共{len(service)}行" in t for t in _texts(at.caption))
    assert any(b.label == "下载未采用行（CSV）" for b in at.get("download_button"))


def test_scheme_page_reuses_the_scheme_it_built_and_reset_gives_the_editor_a_new_key():
    from appraisal import Scheme

    at = _app()
    baseline = at.session_state["scheme_yaml"]
    at.switch_page("pages/scheme.py").run()
    at.number_input(key="sc_quota").set_value(0.15).run()
    assert not at.exception
    text, remembered = at.session_state["_scheme"]
    assert text == at.session_state["scheme_yaml"]
    assert remembered == Scheme.from_yaml(text)             # the object kept equals the YAML parsed again
    # Reset: the browser keeps a table's edits under its key, so the weights table gets a new one
    next(b for b in at.button if b.label == "恢复默认方案").click().run()
    assert not at.exception
    assert at.session_state["scheme_yaml"] == baseline
    assert at.session_state["scheme_round"] == 1
    assert "sc_weights_1" in at.session_state and "sc_weights" not in at.session_state


def test_scheme_page_edits_robustness_settings():
    at = _app()
    at.switch_page("pages/scheme.py").run()
    assert not at.exception
    at.number_input(key="sc_rb_bootstrap_resamples").set_value(200).run()
    at.number_input(key="sc_rb_interval_level").set_value(0.8).run()
    assert not at.exception
    scheme = Scheme.from_yaml(at.session_state["scheme_yaml"])
    assert scheme.get("robustness", "bootstrap_resamples") == 200
    assert scheme.get("robustness", "interval_level") == 0.8
    # the robustness page reads the edited scheme: its help line names the new resample count
    at.switch_page("pages/robustness.py").run()
    assert not at.exception
    assert any("200次" in t for t in _texts(at.caption))


def test_a_survey_export_shows_how_it_was_understood_before_it_is_scored():
    """数据导入 names the shape, previews the ballot rows it becomes, and lists the tool's columns not read."""
    from tests.helpers.workbooks import xlsx
    from tests.read.test_survey import ROSTER, _export

    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(("问卷星导出.xlsx", xlsx({"名册": ROSTER, "问卷": _export()}), XLSX)).run()
    assert not at.exception
    sheets = at.dataframe[0].value
    assert sheets.set_index("工作表").at["问卷", "格式"] == "问卷导出"
    assert any("“问卷”（问卷导出）将读成下面这样的行" in c for c in _texts(at.caption))
    preview = next(d.value for d in at.dataframe if "测评等次" in d.value.columns)
    assert list(preview.columns) == ["行号", "姓名", "单位", "测评人类别", "测评人编号", "测评等次"]
    assert preview.iloc[0].tolist()[:4] == [2, "张三", "青石镇", "县领导"]
    assert any("是问卷导出" in w and "来自IP（F列）" in w for w in _texts(at.warning))
    rows = next(d.value for d in at.dataframe if "其中按姓名关联" in d.value.columns)
    assert rows.loc["民主测评", "其中按姓名关联"] == 14
    at.switch_page("pages/overview.py").run()
    assert not at.exception and _metrics(at)["干部人数"] == "5"


def test_units_not_on_the_roster_are_offered_for_a_unit_alias():
    """A 好差评 export by 承办人/承办部门: 数据导入 asks which roster unit each unknown unit is; with the alias
    in the mapping (as the 保存单位对照 button writes it), the rows link."""
    from appraisal import ColumnMapping
    from tests.check.test_linking import _hcp_book

    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(("好差评.xlsx", _hcp_book(), XLSX)).run()
    assert not at.exception
    assert any(s.value == "单位对照" for s in at.subheader)
    editor = next(d for d in at.dataframe if "表中写法" in d.value.columns)  # the data_editor
    assert editor.value["表中写法"].tolist() == ["白沙镇", "青石镇人民政府"]
    at.session_state["mapping_yaml"] = ColumnMapping(units={"青石镇人民政府": "青石镇"}).to_yaml()
    at.run()
    editor = next(d for d in at.dataframe if "表中写法" in d.value.columns)  # the data_editor
    assert editor.value["表中写法"].tolist() == ["白沙镇"]
    rows = next(d for d in at.dataframe if "其中按姓名关联" in d.value.columns).value
    assert rows.loc["服务对象评价", "其中按姓名关联"] == 6


def test_the_mapping_step_sets_a_sheets_layout_previews_it_and_applies_it():
    """A survey export with a 满意度 question is taken for ratings; choosing 问卷导出 as its layout shows the ballot
    rows it will become before anything is applied, and applying it scores them."""
    from tests.helpers.workbooks import xlsx
    from tests.read.test_layouts import _survey_with_a_rating_question
    from tests.read.test_survey import ROSTER

    at = _app()
    at.switch_page("pages/import_data.py").run()
    book = xlsx({"名册": ROSTER, "问卷": _survey_with_a_rating_question()})
    at.get("file_uploader")[0].set_value(("问卷星导出.xlsx", book, XLSX)).run()
    assert not at.exception
    sheets = at.dataframe[0].value
    assert sheets.set_index("工作表").at["问卷", "识别为"] == "服务对象评价"
    at.selectbox(key="map_layout_1").set_value("survey").run()
    assert not at.exception
    assert any("按上面的选择，“问卷”将读成：问卷导出" in c for c in _texts(at.caption))
    preview = next(d.value for d in at.dataframe if "测评等次" in d.value.columns)
    assert preview.iloc[0].tolist()[:4] == [2, "张三", "青石镇", "县领导"]
    assert "layouts" not in at.session_state["mapping_yaml"]  # nothing applied yet
    at.button(key="map_apply").click().run()
    assert not at.exception
    assert "问卷星导出.xlsx:问卷: survey" in at.session_state["mapping_yaml"]
    sheets = at.dataframe[0].value
    assert sheets.set_index("工作表").at["问卷", "格式"] == "问卷导出"
    rows = next(d.value for d in at.dataframe if "其中按姓名关联" in d.value.columns)
    assert rows.loc["民主测评", "采用"] == 14


def test_saving_to_the_archive_then_comparing_versions_on_the_archive_page(tmp_path):
    """排名与导出 saves the session's result as a version (a reason from the second on); 考核档案 lists the
    versions, compares them and shows one cadre's record."""
    from tests.helpers.workbooks import county, xlsx

    at = _app()
    at.session_state["archive_location"] = str(tmp_path / "档案.sqlite3")
    at.switch_page("pages/ranking.py").run()
    assert any("示例数据不保存到考核档案" in i for i in _texts(at.info))  # nothing uploaded yet
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(("县.xlsx", xlsx(county()), XLSX)).run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    at.number_input(key="ar_year").set_value(2025)
    at.text_input(key="ar_by").set_value("张科长")
    at.button(key="ar_save").click().run()
    assert any("已保存为 2025年度 第1版" in s for s in _texts(at.success))
    at.button(key="ar_save").click().run()
    assert any("请写明重新保存的原因" in e for e in _texts(at.error))
    at.text_input(key="ar_reason").set_value("复核后重新保存")
    at.button(key="ar_save").click().run()
    assert any("已保存为 2025年度 第2版" in s for s in _texts(at.success))

    at.switch_page("pages/archive.py").run()
    assert not at.exception
    versions = at.dataframe[0].value
    assert versions["存档"].tolist() == ["2025年度 第1版", "2025年度 第2版"]
    assert versions["原因"].tolist() == ["首次保存", "复核后重新保存"] and set(versions["保存人"]) == {"张科长"}
    assert any("两版之间没有干部的等次、名次或单位发生变化" in s for s in _texts(at.success))
    at.text_input(key="ar_cadre").set_value("1001").run()
    history = next(d.value for d in at.dataframe if "单位内名次" in d.value.columns)
    assert history["存档"].tolist() == ["2025年度 第2版"] and history["姓名"].tolist() == ["张三"]


def test_the_archive_page_refuses_a_location_that_is_no_archive(tmp_path):
    at = _app()
    at.session_state["archive_location"] = str(tmp_path / "档案.sqlite3")
    at.switch_page("pages/archive.py").run()
    assert any("档案中还没有存档" in i for i in _texts(at.info))
    at.text_input(key="ar_location").set_value(str(tmp_path / "名册.xlsx"))
    at.button(key="ar_location_apply").click().run()
    assert not at.exception
    assert any("档案文件应以 .sqlite3、.sqlite、.db 结尾" in e for e in _texts(at.error))


def test_the_archive_page_lists_the_consequences_of_a_year(tmp_path):
    """Three annual saves: 考核结果运用 for 2025 counts each list and names who is on it and why."""
    from appraisal import InputFile, appraise
    from appraisal.archive import Period, open_archive
    from tests.helpers.workbooks import county, xlsx

    location = str(tmp_path / "档案.sqlite3")
    result = appraise([InputFile("县.xlsx", xlsx(county()))])
    with open_archive(location) as archive:
        for year in (2023, 2024, 2025):
            archive.save(result, Period(year))
    at = _app()
    at.session_state["archive_location"] = location
    at.switch_page("pages/archive.py").run()
    assert not at.exception
    counts = next(d.value for d in at.dataframe if "人数" in d.value.columns)
    by_rule = dict(zip(counts["名单"], counts["人数"]))
    assert by_rule["连续两年基本称职，组织调整或组织处理"] == 1  # 1002 基本称职 three years running
    lists = next(d.value for d in at.dataframe if "说明" in d.value.columns)
    row = lists[lists["编号"] == "1002"].iloc[0]
    assert row["依据的年度"] == "2025" and row["说明"].startswith("2025年度为基本称职，诫勉")


def test_the_trends_page_compares_years_from_the_archive(tmp_path, sample_result):
    """Three annual saves of the sample county with shifted scores: grade shares per year, rank stability per
    unit, and the movers with the caution about regression toward the mean."""
    import copy

    import numpy as np

    from appraisal.archive import Period, open_archive

    location = str(tmp_path / "档案.sqlite3")
    rng = np.random.default_rng(7)
    with open_archive(location) as archive:
        for year in (2023, 2024, 2025):
            result = copy.deepcopy(sample_result)
            result.cadres["composite"] = result.cadres["composite"] + rng.normal(0, 3, len(result.cadres))
            archive.save(result, Period(year))
    at = _app()
    at.session_state["archive_location"] = location
    at.switch_page("pages/trends.py").run()
    assert not at.exception
    stability = next(d.value for d in at.dataframe if "名次相关（Spearman）" in d.value.columns)
    assert set(stability["年度"]) == {"2023→2024", "2024→2025"}
    assert stability["名次相关（Spearman）"].between(0.3, 1).all()  # noise of 3 points: ranks mostly carry over
    assert any("均值回归" in i for i in _texts(at.info))
    moved = next(d.value for d in at.dataframe if "前一年所处百分位" in d.value.columns)
    assert len(moved) == 20 and moved["变化"].abs().is_monotonic_decreasing
    at.selectbox(key="tr_unit").set_value("青石镇").run()
    assert not at.exception
    stability = next(d.value for d in at.dataframe if "名次相关（Spearman）" in d.value.columns)
    assert set(stability["单位"]) == {"青石镇"}


def test_the_trends_page_says_what_to_do_with_an_empty_archive(tmp_path):
    at = _app()
    at.session_state["archive_location"] = str(tmp_path / "档案.sqlite3")
    at.switch_page("pages/trends.py").run()
    assert not at.exception and any("还没有年度考核的存档" in i for i in _texts(at.info))


def test_the_profile_shows_the_cadres_saved_years_and_quarters(tmp_path, sample_result):
    from appraisal.archive import Period, open_archive

    location = str(tmp_path / "档案.sqlite3")
    with open_archive(location) as archive:
        for period in (Period(2024), Period(2025, 1), Period(2025)):
            archive.save(sample_result, period)
    at = _app()
    at.session_state["archive_location"] = location
    at.switch_page("pages/profile.py").run()
    assert not at.exception
    history = next(d.value for d in at.dataframe if "单位内名次" in d.value.columns and "存档" in d.value.columns)
    assert history["存档"].tolist() == ["2024年度 第1版", "2025年第一季度 第1版", "2025年度 第1版"]


def test_earlier_years_are_checked_then_imported_on_the_archive_page(tmp_path):
    from tests.check.test_history import _book

    at = _app()
    at.session_state["archive_location"] = str(tmp_path / "档案.sqlite3")
    at.switch_page("pages/archive.py").run()
    book = _book()
    at.file_uploader(key="ar_import_files").set_value([(book.name, book.data, XLSX)]).run()
    assert not at.exception
    counts = next(d.value for d in at.dataframe if "干部人数" in d.value.columns and "考核期" in d.value.columns)
    assert counts["考核期"].tolist()[:2] == ["2023年度", "2024年度"]
    assert "共读取8行：采用3行，未采用5行" in counts["考核期"].tolist()[-1]
    rejected = next(d.value for d in at.dataframe if "原因" in d.value.columns and "行号" in d.value.columns)
    assert len(rejected) == 5
    at.button(key="ar_import").click().run()
    assert any("已导入：2023年度 第1版、2024年度 第1版" in s for s in _texts(at.success))
    versions = next(d.value for d in at.dataframe if "存档" in d.value.columns and "保存人" in d.value.columns)
    assert versions["存档"].tolist() == ["2023年度 第1版", "2024年度 第1版"]


def test_the_archive_page_sets_a_years_quarters_beside_its_grades(tmp_path):
    """2025 and its four quarters: a 优秀 whose fourth quarter was 一般 is listed with the sentence; the others,
    好 in three quarters of four and without a record in the fourth, meet the rule."""
    from appraisal import InputFile, appraise
    from appraisal.archive import Period, open_archive
    from appraisal.check import read_history
    from appraisal.demo.sample import write_sample
    from tests.helpers.workbooks import xlsx

    location = str(tmp_path / "档案.sqlite3")
    result = appraise(write_sample(tmp_path, n_cadres=60, seed=1))
    star = result.cadres[result.cadres["grade"] == "优秀"].iloc[0]
    rows = [["编号", "姓名", "单位", "季度", "等次"], [star["cadre_id"], star["name"], star["unit"], "2025年第四季度", "一般"]]
    with open_archive(location) as archive:
        archive.save(result, Period(2025))
        for quarter in (1, 2, 3):
            archive.save(result, Period(2025, quarter))
        archive.import_history(read_history([InputFile("四季度.xlsx", xlsx({"平时考核": rows}))]))
    at = _app()
    at.session_state["archive_location"] = location
    at.switch_page("pages/archive.py").run()
    assert not at.exception
    assert any("有 1 人的平时考核不符合" in w for w in _texts(at.warning))
    failing = next(d.value for d in at.dataframe if "第四季度" in d.value.columns)
    assert failing["编号"].tolist() == [star["cadre_id"]]
    assert failing["第四季度"].tolist() == ["一般"] and "第四季度为一般" in failing["说明"].iloc[0]
    shares = next(d.value for d in at.dataframe if "“好”等次名额" in d.value.columns)
    assert set(shares["考核期"]) == {"2025年第一季度", "2025年第二季度", "2025年第三季度", "2025年第四季度"}
    assert (shares["超出名额"] == "否").all()


def test_the_inversion_page_shows_the_test_with_and_without_the_exemptions(tmp_path):
    """A 容错免责 sheet beside the sample county: the page compares the inversion test both ways and lists the
    cadres whose errors were excused; 个人档案 says what the decision changed."""
    from appraisal import appraise
    from appraisal.demo.sample import write_sample
    from tests.helpers.workbooks import xlsx

    paths = write_sample(tmp_path, n_cadres=60, seed=1)
    tasks = appraise(paths).dataset.tasks
    worst = tasks.sort_values("errors", ascending=False).iloc[0]
    rows = [["编号", "任务名称", "免责差错次数", "认定文号"], [worst["cadre_id"], worst["task"], 1, "县纪委〔2025〕9号"]]
    files = [(p.name, p.read_bytes(), XLSX) for p in paths] + [("容错免责.xlsx", xlsx({"容错免责": rows}), XLSX)]
    at = _app()
    at.switch_page("pages/import_data.py").run()
    at.get("file_uploader")[0].set_value(files).run()
    assert not at.exception
    at.switch_page("pages/inversion.py").run()
    assert not at.exception
    both = next(d.value for d in at.dataframe if "不计容错免责的rho" in d.value.columns)
    assert len(both) > 0 and both["不计容错免责的rho"].notna().all()
    exempted = next(d.value for d in at.dataframe if "不计容错免责的综合得分" in d.value.columns)
    assert exempted["编号"].tolist() == [worst["cadre_id"]]
    assert (exempted["综合得分"] > exempted["不计容错免责的综合得分"]).all()
    at.switch_page("pages/profile.py").run()
    at.selectbox(key="profile_pick").set_value(worst["cadre_id"]).run()
    assert not at.exception
    assert any("经容错免责认定，1次差错不计入差错率" in t for t in _texts(at.info))
    assert any(t.startswith("定等依据：") for t in _texts(at.caption))


def test_the_ranking_page_adds_this_years_lists_and_quarters_from_the_archive(tmp_path, sample_result):
    """Two earlier years and a quarter in the archive: 排名与导出 lists 2025's 考核结果运用 (the sample county as
    2025, nothing saved) and the quarters, and the ranked workbook carries both as sheets."""
    import openpyxl

    from appraisal import InputFile
    from appraisal.archive import Period, open_archive
    from appraisal.check import read_history
    from tests.helpers.workbooks import xlsx

    location = str(tmp_path / "档案.sqlite3")
    star = sample_result.cadres[sample_result.cadres["grade"] == "优秀"].iloc[0]
    rows = [["编号", "姓名", "单位", "季度", "等次"], [star["cadre_id"], star["name"], star["unit"], "2025年第一季度", "一般"]]
    with open_archive(location) as archive:
        for year in (2023, 2024):
            archive.save(sample_result, Period(year))
        archive.import_history(read_history([InputFile("一季度.xlsx", xlsx({"平时考核": rows}))]))
    at = _app()
    at.session_state["archive_location"] = location
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    lists = next(d.value for d in at.dataframe if "依据的年度" in d.value.columns)
    excellent = set(sample_result.cadres.loc[sample_result.cadres["grade"] == "优秀", "cadre_id"])
    assert set(lists.loc[lists["名单"] == "记三等功", "编号"]) == excellent
    quarters = next(d.value for d in at.dataframe if "第一季度" in d.value.columns)
    assert quarters.set_index("编号").at[star["cadre_id"], "符合优秀对平时考核的要求"] == "否"
    # the page's download is ui.workbook_file(…, extra): the same sheets, built by the library
    from appraisal.archive import annual_grades, quarterly_grades, this_year, this_year_sheets
    from appraisal.output import workbook_bytes

    with open_archive(location) as archive:
        extra = this_year_sheets(*this_year(annual_grades(archive), quarterly_grades(archive), sample_result.cadres,
                                            2025))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sample_result, None, 2025, extra)), read_only=True)
    assert {"考核结果运用", "平时考核"} <= set(book.sheetnames)
