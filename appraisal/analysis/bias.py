"""Rater bias in the democratic evaluation: leniency, straight-lining, and how much a unit's votes say.

- **Leniency** (:func:`leniency`): per voter group, or per unit, the share of
  优秀 votes against the pooled share.  The table of 优秀 / other votes by
  row is tested with Pearson's chi-square (``scipy.stats.chi2_contingency``);
  each row's adjusted (standardized) residual
  r = (O − E) / √(E (1 − row/N) (1 − col/N)) is approximately standard
  normal, its two-sided p is Benjamini–Hochberg adjusted across rows
  (``scipy.stats.false_discovery_control``).  A row is flagged
  ``lenient_*`` (``harsh_*``) when r > ``robustness.residual_threshold``
  (r < −threshold) and q < ``diagnostics.fdr_q`` and the share differs
  from the pooled share by at least ``robustness.min_share_gap`` (votes for
  the same cadre are not independent, so with thousands of votes a gap of a
  few points is "significant" without mattering).  Rows whose expected
  优秀 or other count is below ``robustness.min_expected`` are not tested.
- **Straight-lining** (:func:`straight_lining`): a voter (``voter_id``,
  one-ballot-a-row input only) who rated at least
  ``robustness.straight_min_ballots`` cadres and gave them all the same
  grade.  ``p_chance`` = Σ_g p_g^n is how often a voter drawing grades
  independently from the unit's pooled distribution p would do that.
- **Information** (:func:`vote_entropy`): the Shannon entropy of a unit's
  grade distribution, H = −Σ p_g log₂ p_g, divided by log₂ 4 (0: one grade
  only, 1: the four grades equally often); ``low_information`` below
  ``robustness.min_entropy`` with at least ``entropy_min_votes`` votes.

Every function takes a :class:`~appraisal.check.ingest.Dataset` and a scheme and
never changes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..read import VOTE_FIELDS
from ..scheme import GRADES, Scheme
from ..texts import RATER_FLAG_EXPLAIN, UNIT_FLAG_EXPLAIN

__all__ = [
    "leniency",
    "straight_lining",
    "vote_entropy",
    "unit_bias",
    "group_bias",
    "UNIT_BIAS_FLAGS",
    "RATER_FLAGS",
    "LENIENCY_COLUMNS",
]

UNIT_BIAS_FLAGS: tuple[str, ...] = ("lenient_unit", "harsh_unit", "low_information")
RATER_FLAGS: tuple[str, ...] = ("lenient_group", "harsh_group", "straight_lining")

LENIENCY_COLUMNS: list[str] = [
    "by", "name", "n_votes", "excellent", "share", "pooled_share", "expected", "residual", "p", "q",
    "testable", "lenient", "harsh", "chi2", "dof", "chi2_p",
]

STRAIGHT_COLUMNS: list[str] = ["voter_id", "voter_group", "unit", "n_ballots", "n_grades", "grade", "p_chance",
                               "straight_lining", "flag_text"]

ENTROPY_COLUMNS: list[str] = ["unit", "n_votes", *VOTE_FIELDS, "entropy", "entropy_norm", "low_information"]


def _votes_with_unit(dataset) -> pd.DataFrame:
    unit_of = dataset.roster.set_index("cadre_id")["unit"]
    v = dataset.votes
    return v.assign(unit=v["cadre_id"].map(unit_of))


def leniency(dataset, scheme: Scheme | None = None, by: str = "voter_group") -> pd.DataFrame:
    """Share of 优秀 votes per voter group or per unit, against the pooled share, with a chi-square test.

    Parameters
    ----------
    dataset : the validated input (its ``votes`` tallies; not changed)
    scheme : the settings (``robustness.min_expected``,
        ``robustness.residual_threshold``, ``diagnostics.fdr_q``)
    by : "voter_group" or "unit"

    Returns
    -------
    pd.DataFrame
        One row per voter group or unit, sorted by residual (most lenient first):

        - ``by``, ``name``: the grouping and the group
        - ``n_votes``, ``excellent``: votes and 优秀 votes
        - ``share``: excellent / n_votes; ``pooled_share``: the same over the tested rows
        - ``expected``: n_votes × pooled_share
        - ``residual``: adjusted standardized residual of the 优秀 cell
        - ``p``: two-sided normal p of the residual; ``q``: BH-adjusted across the tested rows
        - ``testable``: expected 优秀 and other votes both ≥ ``min_expected``
        - ``lenient``, ``harsh``: residual beyond ±``residual_threshold``, q < ``fdr_q`` and
          share − pooled_share ≥ ``min_share_gap`` (or ≤ −gap)
        - ``chi2``, ``dof``, ``chi2_p``: the table's chi-square test (same on every row)

    Examples
    --------
    Two voter groups, 30 of 40 and 10 of 40 votes 优秀: pooled 50 %, the
    residual is (30 − 20)/√(20 × ½ × ½) = 4.47.

    >>> from types import SimpleNamespace
    >>> votes = pd.DataFrame({"cadre_id": ["a", "a"], "voter_group": ["县领导", "干部职工"],
    ...                       "excellent": [30, 10], "competent": [10, 30], "basic": [0, 0], "unfit": [0, 0]})
    >>> ds = SimpleNamespace(votes=votes, roster=pd.DataFrame({"cadre_id": ["a"], "unit": ["甲镇"]}))
    >>> leniency(ds)[["name", "share", "residual", "lenient", "harsh"]].round(2)
       name  share  residual  lenient  harsh
    0   县领导   0.75      4.47     True  False
    1  干部职工   0.25     -4.47    False   True
    """
    from scipy import (
        stats,  # here, not at the top: about a second to import, and the deck imports this module
    )

    scheme = scheme or Scheme.default()
    r = scheme.section("robustness")
    if by not in ("voter_group", "unit"):
        raise ValueError("by must be 'voter_group' or 'unit'")
    v = _votes_with_unit(dataset)
    counts = v.groupby(by, sort=True)[list(VOTE_FIELDS)].sum()
    out = pd.DataFrame({"n_votes": counts.sum(axis=1).astype("int64"),
                        "excellent": counts["excellent"].astype("int64")})
    out = out[out["n_votes"] > 0]
    n = out["n_votes"].to_numpy(dtype="float64")
    exc = out["excellent"].to_numpy(dtype="float64")
    pooled_all = exc.sum() / n.sum() if n.sum() else np.nan
    testable = (n * pooled_all >= r["min_expected"]) & (n * (1 - pooled_all) >= r["min_expected"])
    residual = np.full(len(out), np.nan)
    p = np.full(len(out), np.nan)
    q = np.full(len(out), np.nan)
    chi2 = dof = chi2_p = np.nan
    pooled = pooled_all
    if testable.sum() >= 2:
        table = np.column_stack([exc[testable], n[testable] - exc[testable]])
        total = table.sum()
        pooled = table[:, 0].sum() / total
        if 0 < pooled < 1:
            res = stats.chi2_contingency(table, correction=False)
            chi2, dof, chi2_p = float(res.statistic), int(res.dof), float(res.pvalue)
            expected = res.expected_freq[:, 0]
            row = table.sum(axis=1) / total
            residual[testable] = (table[:, 0] - expected) / np.sqrt(expected * (1 - row) * (1 - pooled))
            p[testable] = 2 * stats.norm.sf(np.abs(residual[testable]))
            q[testable] = stats.false_discovery_control(p[testable], method="bh")
    fdr = float(scheme.section("diagnostics")["fdr_q"])
    threshold = float(r["residual_threshold"])
    out = out.reset_index().rename(columns={by: "name"})
    out.insert(0, "by", by)
    out["share"] = exc / n
    out["pooled_share"] = pooled
    out["expected"] = n * pooled
    out["residual"] = residual
    out["p"] = p
    out["q"] = q
    out["testable"] = testable & ~np.isnan(residual)
    gap = float(r["min_share_gap"])
    out["lenient"] = out["testable"] & (out["residual"] > threshold) & (out["q"] < fdr) \
        & (out["share"] - out["pooled_share"] >= gap)
    out["harsh"] = out["testable"] & (out["residual"] < -threshold) & (out["q"] < fdr) \
        & (out["pooled_share"] - out["share"] >= gap)
    out["chi2"], out["dof"], out["chi2_p"] = chi2, dof, chi2_p
    return out.sort_values("residual", ascending=False, na_position="last", kind="mergesort") \
        .reset_index(drop=True)[LENIENCY_COLUMNS]


def straight_lining(dataset, scheme: Scheme | None = None) -> pd.DataFrame:
    """Voters who gave every cadre they rated the same grade (one-ballot-a-row input).

    Returns
    -------
    pd.DataFrame
        One row per voter_id (empty with these columns when there are no
        single ballots), flagged voters first:

        - ``voter_id``, ``voter_group``, ``unit``: who (the first group and unit seen)
        - ``n_ballots``: cadres rated; ``n_grades``: distinct grades given
        - ``grade``: the grade when only one was given, else ""
        - ``p_chance``: Σ_g p_g^n with p the unit's pooled ballot distribution
        - ``straight_lining``: n_ballots ≥ ``robustness.straight_min_ballots`` and one grade only
        - ``flag_text``: the sentence for a flagged voter, else ""

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> b = pd.DataFrame({"cadre_id": list("abcde") * 2, "voter_group": "干部职工",
    ...                   "voter_id": ["v1"] * 5 + ["v2"] * 5,
    ...                   "ballot": ["优秀"] * 5 + ["优秀", "称职", "称职", "基本称职", "优秀"]})
    >>> ds = SimpleNamespace(ballots=b, roster=pd.DataFrame({"cadre_id": list("abcde"), "unit": "甲镇"}))
    >>> straight_lining(ds)[["voter_id", "n_ballots", "grade", "straight_lining"]]
      voter_id  n_ballots grade  straight_lining
    0       v1          5    优秀             True
    1       v2          5                  False
    """
    scheme = scheme or Scheme.default()
    minimum = int(scheme.section("robustness")["straight_min_ballots"])
    b = dataset.ballots
    if b.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("n_ballots", "n_grades") else "float64"
                                          if c == "p_chance" else bool if c == "straight_lining" else "str")
                             for c in STRAIGHT_COLUMNS})
    unit_of = dataset.roster.set_index("cadre_id")["unit"]
    b = b.assign(unit=b["cadre_id"].map(unit_of))
    b = b[b["voter_id"].notna() & (b["voter_id"] != "")]
    grp = b.groupby("voter_id", sort=True)
    out = pd.DataFrame({
        "voter_group": grp["voter_group"].first(),
        "unit": grp["unit"].first(),
        "n_ballots": grp["cadre_id"].nunique().astype("int64"),
        "n_grades": grp["ballot"].nunique().astype("int64"),
        "first": grp["ballot"].first(),
    })
    out["grade"] = out["first"].where(out["n_grades"] == 1, "").astype("str")
    dist = pd.crosstab(b["unit"], b["ballot"]).reindex(columns=list(GRADES), fill_value=0)
    dist = dist.div(dist.sum(axis=1), axis=0)
    p = dist.reindex(out["unit"]).to_numpy(dtype="float64")
    out["p_chance"] = (p ** out["n_ballots"].to_numpy()[:, None]).sum(axis=1)
    out["straight_lining"] = (out["n_ballots"] >= minimum) & (out["n_grades"] == 1)
    out = out.reset_index()
    out["flag_text"] = ""
    flagged = out.index[out["straight_lining"]]
    out.loc[flagged, "flag_text"] = [
        RATER_FLAG_EXPLAIN["straight_lining"].format(voter_id=row.voter_id, voter_group=row.voter_group,
                                                     unit=row.unit, n_ballots=row.n_ballots, grade=row.grade,
                                                     p_chance=row.p_chance)
        for row in out.loc[flagged].itertuples()
    ]
    return out.sort_values(["straight_lining", "voter_id"], ascending=[False, True], kind="mergesort") \
        .reset_index(drop=True)[STRAIGHT_COLUMNS]


def vote_entropy(dataset, scheme: Scheme | None = None) -> pd.DataFrame:
    """Per unit: the grade distribution of its votes and its normalized Shannon entropy.

    Returns
    -------
    pd.DataFrame
        One row per unit with votes: ``unit``, ``n_votes``, ``excellent``,
        ``competent``, ``basic``, ``unfit``, ``entropy`` (bits, −Σ p log₂ p,
        by ``scipy.stats.entropy``), ``entropy_norm`` (entropy / 2, in
        [0, 1]) and ``low_information`` (``entropy_norm`` <
        ``robustness.min_entropy`` with at least ``entropy_min_votes`` votes).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> votes = pd.DataFrame({"cadre_id": ["a", "b"], "voter_group": "干部职工",
    ...                       "excellent": [25, 40], "competent": [25, 0], "basic": [25, 0], "unfit": [25, 0]})
    >>> ds = SimpleNamespace(votes=votes, roster=pd.DataFrame({"cadre_id": ["a", "b"], "unit": ["甲", "乙"]}))
    >>> vote_entropy(ds)[["unit", "entropy", "entropy_norm", "low_information"]]
      unit  entropy  entropy_norm  low_information
    0    乙      0.0           0.0             True
    1    甲      2.0           1.0            False
    """
    from scipy import stats  # here, not at the top (see leniency)

    scheme = scheme or Scheme.default()
    r = scheme.section("robustness")
    v = _votes_with_unit(dataset)
    counts = v.groupby("unit", sort=True)[list(VOTE_FIELDS)].sum().astype("int64")
    out = counts.copy()
    out.insert(0, "n_votes", counts.sum(axis=1))
    out = out[out["n_votes"] > 0]
    h = stats.entropy(out[list(VOTE_FIELDS)].to_numpy(dtype="float64"), base=2, axis=1)
    out["entropy"] = np.abs(h)
    out["entropy_norm"] = out["entropy"] / np.log2(len(VOTE_FIELDS))
    out["low_information"] = (out["n_votes"] >= r["entropy_min_votes"]) & (out["entropy_norm"] < r["min_entropy"])
    return out.reset_index()[ENTROPY_COLUMNS]


def unit_bias(dataset, scheme: Scheme | None = None) -> pd.DataFrame:
    """Per unit: leniency against the county and the information in its votes, with flags.

    Returns
    -------
    pd.DataFrame
        One row per unit with votes: ``unit``, ``n_votes``, ``share``,
        ``pooled_share``, ``residual``, ``q``, ``entropy_norm``, ``flags``
        (codes of :data:`UNIT_BIAS_FLAGS`) and ``flag_text`` (their sentences).
    """
    scheme = scheme or Scheme.default()
    r = scheme.section("robustness")
    lean = leniency(dataset, scheme, by="unit").set_index("name")
    ent = vote_entropy(dataset, scheme).set_index("unit")
    out = ent[["n_votes"]].join(lean[["share", "pooled_share", "residual", "q", "lenient", "harsh"]])
    out = out.join(ent[["entropy_norm", "low_information"]])
    out.index.name = "unit"
    out = out.reset_index()
    codes = {"lenient_unit": out["lenient"].fillna(False).astype(bool),
             "harsh_unit": out["harsh"].fillna(False).astype(bool),
             "low_information": out["low_information"].astype(bool)}
    flags, texts = [], []
    for i, row in enumerate(out.itertuples()):
        mine = [c for c in UNIT_BIAS_FLAGS if codes[c].iat[i]]
        flags.append(mine)
        texts.append("".join(UNIT_FLAG_EXPLAIN[c].format(
            name=row.unit, n_votes=row.n_votes, share=row.share, pooled_share=row.pooled_share,
            residual=row.residual, q=row.q, entropy_norm=row.entropy_norm, threshold=float(r["min_entropy"]))
            for c in mine))
    out["flags"] = flags
    out["flag_text"] = pd.Series(texts, index=out.index, dtype="str")
    return out[["unit", "n_votes", "share", "pooled_share", "residual", "q", "entropy_norm", "flags", "flag_text"]]


def group_bias(dataset, scheme: Scheme | None = None) -> pd.DataFrame:
    """Per voter group: :func:`leniency` by ``voter_group`` with ``flags`` (lenient_group / harsh_group) and ``flag_text``.

    Returns the columns of :data:`LENIENCY_COLUMNS` plus ``flags`` and ``flag_text``.
    """
    out = leniency(dataset, scheme, by="voter_group")
    flags, texts = [], []
    for row in out.itertuples():
        mine = [c for c, on in (("lenient_group", row.lenient), ("harsh_group", row.harsh)) if on]
        flags.append(mine)
        texts.append("".join(RATER_FLAG_EXPLAIN[c].format(name=row.name, n_votes=row.n_votes, share=row.share,
                                                          pooled_share=row.pooled_share, residual=row.residual,
                                                          q=row.q) for c in mine))
    out["flags"] = flags
    out["flag_text"] = pd.Series(texts, index=out.index, dtype="str")
    return out
