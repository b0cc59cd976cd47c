"""The scheme: shipped defaults, partial YAML laid over them, and Chinese errors for every mistake."""

from __future__ import annotations

import pytest

from appraisal import AppraisalError, Scheme, validate_scheme
from appraisal.scheme import COMPONENTS


def test_default_is_valid_and_every_post_weight_sums_to_100():
    s = Scheme.default()
    assert validate_scheme(s.to_dict()) == []
    for post, w in s.section("weights").items():
        assert sum(w[c] for c in COMPONENTS) == 100, post


def test_partial_yaml_overrides_only_what_it_names():
    s = Scheme.from_yaml("grading:\n  excellent_quota: 0.15\n")
    assert s.get("grading", "excellent_quota") == 0.15
    assert s.get("grading", "bands") == Scheme.default().get("grading", "bands")
    assert s.get("diagnostics", "min_group_size") == 8


def test_weights_are_replaced_whole_not_merged():
    s = Scheme.from_yaml("weights:\n  默认: {task: 50, service: 25, democratic: 25}\n")
    assert list(s.section("weights")) == ["默认"]
    assert s.weights_of("便民服务窗口") == {"task": 50.0, "service": 25.0, "democratic": 25.0}


def test_yaml_round_trip_and_stable_key():
    s = Scheme.default().updated({"service": {"prior_weight": 3}})
    again = Scheme.from_yaml(s.to_yaml())
    assert again == s and again.key == s.key
    assert s.key != Scheme.default().key


def test_updated_leaves_the_original_alone():
    base = Scheme.default()
    before = base.to_dict()
    base.updated({"grading": {"excellent_quota": 0.1}})
    assert base.to_dict() == before


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("weights:\n  默认: {task: 50, service: 30, democratic: 30}\n", "岗位“默认”的权重合计为110，应为100"),
    ("weights:\n  默认: {task: 40, service: 30, democratic: 30}\n  不存在的岗位: {task: 40, service: 30, democratic: 30}\n",
     "岗位“不存在的岗位”不在岗位列表"),
    ("weights:\n  默认: {task: 40, service: 60}\n", "应包含且只包含"),
    ("weights:\n  默认: {task: 120, service: -20, democratic: 0}\n", "不能为负数"),
    ("grading:\n  excellent_quota: -0.1\n", "grading.excellent_quota"),
    ("grading:\n  excellent_quota: 1.5\n", "grading.excellent_quota"),
    ("grading:\n  bands: {优秀: 70, 称职: 90, 基本称职: 60}\n", "优秀 > 称职 > 基本称职"),
    ("grading:\n  group_by: 部门\n", "grading.group_by"),
    ("grading:\n  tie_break: [颜值]\n", "grading.tie_break"),
    ("grading:\n  quota: 0.2\n", "未知的设置“grading.quota”"),
    ("colour: red\n", "未知的设置“colour”"),
    ("tasks:\n  error_rule: 按心情\n", "tasks.error_rule"),
    ("service:\n  scale_min: 5\n  scale_max: 1\n", "下限应小于上限"),
    ("service:\n  words: {好: 9}\n", "评价词“好”的分值9超出量表"),
    ("democratic:\n  values: {优秀: 100, 称职: 80}\n", "democratic.values"),
    ("democratic:\n  group_weights: {县领导: -5}\n", "不能为负数"),
    ("diagnostics:\n  min_group_size: 2\n", "diagnostics.min_group_size"),
    ("diagnostics:\n  fdr_q: abc\n", "应为数字"),
    ("reading:\n  max_file_mb: 0\n", "reading.max_file_mb"),
    ("robustness:\n  bootstrap_resamples: 200.5\n", "考核方案“robustness.bootstrap_resamples”应为整数，实为200.5"),
    ("grading:\n  tie_decimals: 1.5\n", "考核方案“grading.tie_decimals”应为整数"),
    ("diagnostics:\n  min_ratings: 2.5\n", "diagnostics.min_ratings"),
    ("posts: []\n", "posts"),
])
def test_every_mistake_gets_a_chinese_message(yaml_text, message):
    with pytest.raises(AppraisalError) as err:
        Scheme.from_yaml(yaml_text)
    assert message in err.value.message


def test_counts_may_be_written_as_whole_floats_and_the_others_as_fractions():
    s = Scheme.from_yaml("robustness:\n  bootstrap_resamples: 300.0\n  interval_level: 0.9\n"
                         "reading:\n  max_rows: 2000000\n")
    assert s.get("robustness", "bootstrap_resamples") == 300 and s.get("robustness", "interval_level") == 0.9


def test_all_problems_are_listed_at_once():
    with pytest.raises(AppraisalError) as err:
        Scheme.from_dict({"grading": {"excellent_quota": 2, "tie_decimals": -1}})
    assert err.value.message.count("\n") == 1  # two sentences, one per line


@pytest.mark.parametrize("text", ["a: [1, 2", "- 就是一个列表\n", "{{{"])
def test_not_a_scheme_at_all(text):
    with pytest.raises(AppraisalError) as err:
        Scheme.from_yaml(text)
    assert "考核方案" in err.value.message


def test_bom_and_bytes_are_accepted():
    s = Scheme.from_yaml("\ufeffgrading:\n  excellent_quota: 0.25\n".encode("utf-8"))
    assert s.get("grading", "excellent_quota") == 0.25


def test_a_scheme_cannot_be_changed_in_place():
    """Every section, list and the scheme itself refuse writes; to_dict gives a writable copy."""
    import pickle

    s = Scheme.default()
    key = s.key
    with pytest.raises(TypeError):
        s.section("grading")["excellent_quota"] = 0.9
    with pytest.raises(TypeError):
        s.section("grading")["bands"].update({"优秀": 10})
    with pytest.raises(TypeError):
        s.get("democratic", "leader_groups").append("群众")
    with pytest.raises(TypeError):
        s.section("posts").clear()
    with pytest.raises(AttributeError):
        s.key = "x"
    d = s.to_dict()
    d["grading"]["excellent_quota"] = 0.9
    d["posts"].append("新岗位")
    assert s.key == key and s.get("grading", "excellent_quota") == 0.2
    copy = pickle.loads(pickle.dumps(s))
    assert copy == s and copy.key == key and copy.to_yaml() == s.to_yaml()


def test_edited_takes_what_the_scheme_page_collects():
    """The weights table replaces the old one (new posts listed, blanks 0); bands and settings are laid over."""
    base = Scheme.default()
    s = base.edited(weights={"默认": {"task": 40, "service": 30, "democratic": 30},
                             "驻村干部": {"task": 70.0, "service": float("nan"), "democratic": 30}},
                    bands=(85, 65, 55), grading={"group_by": "post"}, robustness={"seed": 7})
    assert s.weights_of("驻村干部") == {"task": 70.0, "service": 0.0, "democratic": 30.0}
    assert list(s.section("weights")) == ["默认", "驻村干部"]
    assert list(s.section("posts")) == [*base.section("posts"), "驻村干部"]
    assert dict(s.get("grading", "bands")) == {"优秀": 85, "称职": 65, "基本称职": 55}
    assert (s.get("grading", "group_by"), s.get("robustness", "seed")) == ("post", 7)
    assert s.get("grading", "excellent_quota") == base.get("grading", "excellent_quota")
    assert base.edited() == base


def test_edited_refuses_an_invalid_edit_with_every_problem():
    with pytest.raises(AppraisalError) as err:
        Scheme.default().edited(weights={"默认": {"task": 50, "service": 50, "democratic": 50}},
                                bands=(60, 70, 80))
    lines = err.value.message.splitlines()
    assert any("合计为150" in line for line in lines) and any("优秀" in line for line in lines), lines
