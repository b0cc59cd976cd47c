"""The vectorized pipeline against straightforward references, on a small random county.

Issue #6 made re-scoring fast (numpy instead of per-row ``.loc``, one ranking
pass for every Spearman coefficient, components reusable across weight
changes).  The results decide promotions, so each step is checked here
against code written the plain way — a Python loop per group or per cadre,
following the rule in the module's docstring — and the shortcut
``score(..., components=...)`` against the full call.

The county: ``appraisal.demo.sample.make_sample(120, seed=11)`` written to an
in-memory workbook, with a few cadres' tasks and ratings removed so that
missing components (and reweighting) occur.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from appraisal import InputFile, Scheme, ingest, score
from appraisal.demo.sample import make_sample
from appraisal.scheme import COMPONENTS, GRADES
from appraisal.scoring.component_scores import components
from appraisal.scoring.diagnostics import CADRE_FLAGS, spearman_by_group
from appraisal.scoring.pipeline import components_key
from appraisal.texts import COMPONENT_LABELS, FLAG_EXPLAIN, GROUP_SELF, TIE_KEY_LABELS, UNIT_FLAG_EXPLAIN

SHEETS = {"roster": "干部名册", "tasks": "任务完成", "service": "服务对象评价", "democratic": "民主测评"}
NEW_WEIGHTS = {"weights": {"默认": {"task": 50, "service": 25, "democratic": 25}}}

SCHEMES = {
    "default": (Scheme.default(), None),
    "weights": (Scheme.default().updated(NEW_WEIGHTS), None),
    "post": (Scheme.default().updated({"grading": {"group_by": "post"}}), None),
    "count": (Scheme.default(), "count"),
    "quota": (Scheme.default().updated({"grading": {"excellent_quota": 0.1}}), None),
    # whole points and a short tie-break: ties at the quota line happen
    "ties": (Scheme.default().updated({"grading": {"tie_decimals": 0, "excellent_quota": 0.3,
                                                    "tie_break": ["task_score"]},
                                       "weights": {"默认": {"task": 40, "service": 30, "democratic": 30},
                                                   "党政综合": {"task": 0, "service": 50, "democratic": 50}}}), None),
    # the weights map is replaced whole: posts left out have no weights, hence no composite
    "no_default": (Scheme.default().updated({"weights": {"党政综合": {"task": 40, "service": 20, "democratic": 40}}}),
                   None),
    # low thresholds: every flag fires somewhere
    "flags": (Scheme.default().updated({"diagnostics": {"min_group_size": 3, "gap_threshold": 0.5,
                                                         "min_ratings": 40, "workload_quartile": 0.4}}), "count"),
}


@pytest.fixture(scope="module")
def dataset():
    tables = make_sample(120, seed=11)
    ids = tables["roster"]["编号"]
    tables["tasks"] = tables["tasks"][~tables["tasks"]["编号"].isin(ids.iloc[:4])]
    tables["service"] = tables["service"][~tables["service"]["编号"].isin(ids.iloc[10:13])]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as writer:
        for key, sheet in SHEETS.items():
            tables[key].to_excel(writer, sheet_name=sheet, index=False)
    return ingest([InputFile("county.xlsx", buf.getvalue())])


# ----------------------------------------------------------------- references

def ref_composite(row: pd.Series, scheme: Scheme) -> tuple[float, str, str]:
    """One cadre: the post's weights (else the default's) spread over the components present."""
    weights = scheme.section("weights")
    w = weights.get(row["post"], weights.get("默认"))
    if w is None:
        return np.nan, "", ""
    scores = {c: row[f"{c}_score"] for c in COMPONENTS}
    used = {c: float(w[c]) if scores[c] == scores[c] else 0.0 for c in COMPONENTS}
    total = sum(used.values())
    missing = " ".join(c for c in COMPONENTS if w[c] > 0 and scores[c] != scores[c])
    if total <= 0:
        return np.nan, "", missing
    value = sum(used[c] / total * scores[c] for c in COMPONENTS if used[c] > 0)
    return value, "/".join(f"{round(used[c] / total * 100, 1):g}" for c in COMPONENTS), missing


def ref_grade(cadres: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Per group: sort by (rounded composite, tie-break, id), count 优秀 places among band-优秀 cadres."""
    g = scheme.section("grading")
    rows = []
    for _, grp in cadres.groupby(g["group_by"]):
        recs = grp.to_dict("records")

        def key(r):
            rounded = round(r["composite"], int(g["tie_decimals"]))
            missing = rounded != rounded
            return (missing, 0 if missing else -rounded,
                    *[(r[k] != r[k], 0 if r[k] != r[k] else -r[k]) for k in g["tie_break"]], r["cadre_id"])

        recs.sort(key=key)
        quota = int(np.floor(len(recs) * float(g["excellent_quota"]) + 1e-9))
        places, line = 0, None
        for rank, r in enumerate(recs, start=1):
            c = r["composite"]
            band = ("" if c != c else GRADES[0] if c >= g["bands"]["优秀"] else GRADES[1] if c >= g["bands"]["称职"]
                    else GRADES[2] if c >= g["bands"]["基本称职"] else GRADES[3])
            grade = band
            if band == GRADES[0]:
                places += 1
                if places <= quota:
                    line = round(c, int(g["tie_decimals"]))
                else:
                    grade = GRADES[1]
            rows.append({"cadre_id": r["cadre_id"], "rank_in_unit": rank, "quota": quota, "band_grade": band,
                         "grade": grade, "_rounded": round(c, int(g["tie_decimals"])), "_group": id(grp)})
        for r in rows[-len(recs):]:
            same = line is not None and r["_rounded"] == line
            r["quota_tie"] = same
        if line is not None:
            tied = [r for r in rows[-len(recs):] if r["quota_tie"]]
            if all(r["grade"] == GRADES[0] for r in tied):
                for r in tied:
                    r["quota_tie"] = False
    return pd.DataFrame(rows).set_index("cadre_id")


def ref_explain(cadres: pd.DataFrame, flags: pd.DataFrame, scheme: Scheme) -> list[tuple[list, list, str]]:
    """Per cadre, row by row: codes in CADRE_FLAGS order and each code's sentence from FLAG_EXPLAIN."""
    d, demo = scheme.section("diagnostics"), scheme.section("democratic")
    q = float(d["workload_quartile"])
    rule = "、".join(TIE_KEY_LABELS[k] for k in scheme.section("grading")["tie_break"]) + "、编号"
    out = []
    for (_, row), (_, f) in zip(cadres.iterrows(), flags.iterrows()):
        values = {
            "workload": row["workload"], "composite": row["composite"], "group": GROUP_SELF[scheme.section("grading")["group_by"]],
            "top_pct": q * 100, "bottom_pct": q * 100, "leader_score": row["leader_score"],
            "service_score": row["service_score"], "z_leader": f["z_leader"], "z_service": f["z_service"],
            "gap": abs(f["gap"]) if f["gap"] == f["gap"] else 0, "service_n": row["service_n"],
            "min_ratings": d["min_ratings"], "unfit_share": row["unfit_share"],
            "approval_share": row["approval_share"],
            "missing": "、".join(COMPONENT_LABELS[c] for c in str(row["missing"]).split()),
            "weights_used": row["weights_used"], "rule": rule,
        }
        codes = [c for c in CADRE_FLAGS if f[c]]
        threshold = {"unfit_votes": demo["review_unfit_share"], "low_approval": demo["review_approval_share"]}
        notes = [FLAG_EXPLAIN[c].format(threshold=threshold.get(c), **values) for c in codes]
        out.append((codes, notes, "".join(notes)))
    return out


# ---------------------------------------------------------------------- tests

@pytest.mark.parametrize("name", list(SCHEMES))
def test_precomputed_components_give_the_same_result(dataset, name):
    scheme, rule = SCHEMES[name]
    full = score(dataset, scheme, rule)
    parts = components(dataset, scheme, rule)
    before = parts.copy()
    fast = score(dataset, scheme, rule, components=parts)
    pd.testing.assert_frame_equal(parts, before)  # not changed
    for attr in ("cadres", "flags", "groups", "units", "ties"):
        pd.testing.assert_frame_equal(getattr(fast, attr), getattr(full, attr), check_exact=True)


def test_components_survive_a_weight_change(dataset):
    base, new = Scheme.default(), Scheme.default().updated(NEW_WEIGHTS)
    assert components_key(base) == components_key(new)
    parts = components(dataset, base)
    reused = score(dataset, new, components=parts)
    for attr in ("cadres", "flags", "groups", "units", "ties"):
        pd.testing.assert_frame_equal(getattr(reused, attr), getattr(score(dataset, new), attr), check_exact=True)


@pytest.mark.parametrize(("patch", "rule", "same"), [
    ({"weights": {"默认": {"task": 10, "service": 10, "democratic": 80}}}, None, True),
    ({"grading": {"group_by": "post", "excellent_quota": 0.1}}, None, True),
    ({"diagnostics": {"gap_threshold": 1.0}}, None, True),
    ({}, "rate", True),  # the scheme's own rule
    ({}, "count", False),
    ({"tasks": {"late_factor": 0.8}}, None, False),
    ({"service": {"prior_weight": 2}}, None, False),
    ({"democratic": {"values": {"优秀": 100, "称职": 75, "基本称职": 50, "不称职": 0}}}, None, False),
])
def test_components_key_names_what_components_depend_on(patch, rule, same):
    base = Scheme.default()
    assert (components_key(base.updated(patch), rule) == components_key(base)) is same


def test_components_of_another_roster_are_refused(dataset):
    parts = components(dataset, Scheme.default()).iloc[::-1].reset_index(drop=True)
    with pytest.raises(ValueError):
        score(dataset, Scheme.default(), components=parts)


@pytest.mark.parametrize("name", list(SCHEMES))
def test_composite_and_grades_match_a_loop_per_cadre_and_group(dataset, name):
    scheme, rule = SCHEMES[name]
    cadres = score(dataset, scheme, rule).cadres.set_index("cadre_id")
    for cid, row in cadres.iterrows():
        value, used, missing = ref_composite(row, scheme)
        assert row["composite"] == pytest.approx(value, rel=1e-12, nan_ok=True), cid
        assert (row["weights_used"], row["missing"]) == (used, missing), cid
    ref = ref_grade(cadres.reset_index(), scheme).loc[cadres.index]
    for col in ("rank_in_unit", "quota", "band_grade", "grade"):
        assert cadres[col].tolist() == ref[col].tolist(), col


def test_ties_match_a_loop_per_group(dataset):
    scheme, rule = SCHEMES["ties"]
    result = score(dataset, scheme, rule)
    ref = ref_grade(result.cadres, scheme)
    assert sorted(result.ties["cadre_id"]) == sorted(ref.index[ref["quota_tie"]])
    assert len(result.ties) > 0  # the scheme is chosen so that the case occurs
    assert result.flags["quota_tie"].sum() == len(result.ties)


@pytest.mark.parametrize("name", ["default", "post", "flags"])
def test_inversion_table_matches_scipy_spearmanr_per_group(dataset, name):
    scheme, rule = SCHEMES[name]
    result = score(dataset, scheme, rule)
    least = scheme.section("diagnostics")["min_group_size"]
    for by in ("unit", "post"):
        table = result.groups[result.groups["by"] == by].set_index("name")
        for metric, col in (("composite", "rho"), ("task_score", "rho_task"), ("service_score", "rho_service"),
                            ("democratic_score", "rho_democratic")):
            for group, grp in result.cadres.groupby(by):
                both = grp[["workload", metric]].dropna()
                if len(both) < least or group not in table.index:
                    continue
                # scipy.stats.spearmanr(x, y, alternative="less")
                ref = stats.spearmanr(both["workload"], both[metric], alternative="less")
                assert table.at[group, col] == pytest.approx(ref.statistic, rel=1e-12, abs=1e-14)
                if metric == "composite":
                    assert table.at[group, "n"] == len(both)
                    assert table.at[group, "p"] == pytest.approx(ref.pvalue, rel=1e-9)
        ok = table["p"].notna()
        q = stats.false_discovery_control(table.loc[ok, "p"].to_numpy(), method="bh")
        np.testing.assert_allclose(table.loc[ok, "q"].to_numpy(), q, rtol=1e-12)


def test_spearman_by_group_leaves_out_incomplete_rows_per_pair():
    rng = np.random.default_rng(5)
    f = pd.DataFrame({"g": rng.choice(["a", "b", "c"], 90), "x": rng.integers(0, 6, 90).astype(float),
                      "y": rng.integers(0, 4, 90).astype(float)})
    f.loc[rng.random(90) < 0.2, "y"] = np.nan
    f.loc[f["g"] == "c", "y"] = np.nan  # no complete row: not listed
    out = spearman_by_group(f, "g", "x", "y")
    assert out.index.tolist() == ["a", "b"]
    for group, grp in f.dropna().groupby("g"):
        ref = stats.spearmanr(grp["x"], grp["y"], alternative="less")  # scipy.stats.spearmanr
        assert out.at[group, "n"] == len(grp)
        assert out.at[group, "rho"] == pytest.approx(ref.statistic, rel=1e-12)
        assert out.at[group, "p"] == pytest.approx(ref.pvalue, rel=1e-9)


@pytest.mark.parametrize("name", list(SCHEMES))
def test_flag_explanations_match_a_loop_per_cadre(dataset, name):
    scheme, rule = SCHEMES[name]
    result = score(dataset, scheme, rule)
    ref = ref_explain(result.cadres, result.flags, scheme)
    assert result.cadres["flags"].tolist() == [r[0] for r in ref]
    assert result.cadres["flag_notes"].tolist() == [r[1] for r in ref]
    assert result.cadres["flag_text"].tolist() == [r[2] for r in ref]
    if name == "flags":
        assert all(result.flags[c].any() for c in CADRE_FLAGS if c != "quota_tie")


@pytest.mark.parametrize("name", ["default", "flags"])
def test_cadre_flag_numbers_match_a_loop_per_group(dataset, name):
    scheme, rule = SCHEMES[name]
    result = score(dataset, scheme, rule)
    cadres, flags = result.cadres, result.flags
    by = scheme.section("grading")["group_by"]
    for _, idx in cadres.groupby(by).groups.items():
        for col, pct in (("workload", "workload_pct"), ("composite", "composite_pct")):
            values = cadres.loc[idx, col]
            ok = values.notna()
            ranks = stats.rankdata(values[ok]) / ok.sum()  # scipy.stats.rankdata, average ties
            np.testing.assert_allclose(flags.loc[idx, pct][ok].to_numpy(), ranks, rtol=1e-12)
    for _, idx in cadres.groupby("post").groups.items():
        both = cadres.loc[idx, ["leader_score", "service_score"]].notna().all(axis=1)  # standardized over these
        for col, z in (("leader_score", "z_leader"), ("service_score", "z_service")):
            values = cadres.loc[idx, col].where(both)
            sd = values.std()
            expect = (values - values.mean()) / sd if sd > 0 else values * np.nan
            np.testing.assert_allclose(flags.loc[idx, z].to_numpy(), expect.to_numpy(), rtol=1e-9, atol=1e-12)


def test_unit_table_matches_a_loop_per_unit(dataset):
    scheme = Scheme.default()
    d = scheme.section("diagnostics")
    result = score(dataset, scheme)
    votes = dataset.votes.merge(result.cadres[["cadre_id", "unit"]], on="cadre_id")
    for row in result.units.itertuples():
        mine = votes[votes["unit"] == row.unit]
        n_votes = int(mine[["excellent", "competent", "basic", "unfit"]].to_numpy().sum())
        share = mine["excellent"].sum() / n_votes if n_votes else np.nan
        sd = result.cadres.loc[result.cadres["unit"] == row.unit, "democratic_score"].std()
        uniform = n_votes >= d["uniform_min_votes"] and (
            share >= d["uniform_excellent_share"] or (sd < d["uniform_score_sd"] and share > 0.5))
        assert (row.n_votes, row.uniform_votes, row.flags) == (n_votes, uniform, ["uniform_votes"] if uniform else [])
        assert row.excellent_share == pytest.approx(share, rel=1e-12, nan_ok=True)
        text = UNIT_FLAG_EXPLAIN["uniform_votes"].format(unit=row.unit, n_votes=n_votes, excellent_share=share,
                                                         score_sd=sd if sd == sd else 0.0) if uniform else ""
        assert row.flag_text == text


def test_score_does_not_change_its_inputs(dataset):
    before = {k: getattr(dataset, k).copy() for k in ("roster", "tasks", "service", "votes")}
    score(dataset, SCHEMES["weights"][0])
    for k, frame in before.items():
        pd.testing.assert_frame_equal(getattr(dataset, k), frame)


@pytest.mark.parametrize("seed", range(20))
def test_numpy_ranks_and_order_match_pandas(seed):
    # pandas: groupby(...).rank() / rank(pct=True), sort_values(..., na_position="last", kind="mergesort")
    from appraisal.scoring.diagnostics import _group_ranks
    from appraisal.scoring.grading import _rank_order

    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    f = pd.DataFrame({"g": pd.Series(rng.choice(["甲镇", "乙镇", "b", "a"], n), dtype="str"),
                      "r": rng.integers(0, 4, n).astype(float), "t": rng.normal(size=n).round(1),
                      "id": pd.Series(rng.choice(["x1", "x2", "x10", "y"], n), dtype="str")})
    f.loc[rng.random(n) < 0.2, "r"] = np.nan
    f.loc[rng.random(n) < 0.2, "t"] = np.nan
    codes = f["g"].factorize()[0]
    rank, count = _group_ranks(codes, f["r"].to_numpy())
    np.testing.assert_array_equal(rank, f.groupby("g")["r"].rank().to_numpy())
    with np.errstate(invalid="ignore", divide="ignore"):
        np.testing.assert_array_equal(rank / np.where(count > 0, count, np.nan),
                                      f.groupby("g")["r"].rank(pct=True).to_numpy())
    ref = f.sort_values(["g", "r", "t", "id"], ascending=[True, False, False, True], na_position="last",
                        kind="mergesort").index.to_numpy()
    np.testing.assert_array_equal(_rank_order(f["g"], [f["r"], f["t"]], f["id"]), ref)
