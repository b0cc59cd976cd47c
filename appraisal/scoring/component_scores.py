"""The three component scores and the composite, one row per cadre.

Every number follows ``../shared/domain.md`` (the method we start from) with
its settings in the scheme:

- task score: 100 × difficulty-weighted mean of clip(actual/target), late
  tasks discounted, minus an error penalty — by default per unit of
  workload (a *rate*), optionally per error (a raw count, to show the
  difference);
- service score: ratings mapped to 0–100, trimmed mean when there are more
  than ``trim_above`` ratings, shrunk toward the post's mean:
  (n·R + m·C)/(n + m);
- democratic score: vote-value mean per voter group, groups combined with
  their weights; the leaders' groups alone give the leader view;
- composite: the post's weights over the components present.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..read import VOTE_FIELDS
from ..scheme import COMPONENTS, DEFAULT_POST, GRADES, Scheme
from ..texts import ADJUST_TEXT
from ..threads import workers

__all__ = ["task_scores", "service_scores", "democratic_scores", "components", "composite"]

COMPONENT_COLUMNS = {"task": "task_score", "service": "service_score", "democratic": "democratic_score"}


def task_scores(tasks: pd.DataFrame, scheme: Scheme, error_rule: str | None = None) -> pd.DataFrame:
    """Per cadre: workload, n_tasks, errors, error_rate, late_tasks, completion, task_score.

    ``error_rule`` overrides the scheme's ``tasks.error_rule`` ("rate" or "count").

    >>> t = pd.DataFrame({"cadre_id": ["a", "a", "b"], "target": [10.0, 10, 10], "actual": [10.0, 5, 13],
    ...                   "difficulty": [1.0, 3, 1], "errors": [1.0, 1, 0],
    ...                   "deadline": pd.NaT, "done_on": pd.NaT})
    >>> task_scores(t, Scheme.default())[["workload", "error_rate", "task_score"]]
              workload  error_rate  task_score
    cadre_id
    a              4.0         0.5        52.5
    b              1.0         0.0       120.0
    """
    s = scheme.section("tasks")
    rule = error_rule or s["error_rule"]
    ratio = (tasks["actual"] / tasks["target"]).clip(s["ratio_min"], s["ratio_max"])
    late = (tasks["done_on"] > tasks["deadline"]).fillna(False).astype(bool)
    ratio = ratio.where(~late, ratio * s["late_factor"])
    work = pd.DataFrame({
        "cadre_id": tasks["cadre_id"],
        "workload": tasks["difficulty"],
        "weighted": tasks["difficulty"] * ratio,
        "errors": tasks["errors"],
        "late_tasks": late.astype("int64"),
        "n_tasks": 1,
    })
    per = work.groupby("cadre_id", sort=True).sum()
    per["completion"] = per["weighted"] / per["workload"]
    per["error_rate"] = per["errors"] / per["workload"]
    penalty = (s["error_penalty_rate"] * per["error_rate"] if rule == "rate"
               else s["error_penalty_count"] * per["errors"])
    per["task_score"] = (100 * per["completion"] - penalty).clip(lower=0)
    return per[["workload", "n_tasks", "errors", "error_rate", "late_tasks", "completion", "task_score"]]


def service_scores(service: pd.DataFrame, posts: pd.Series, scheme: Scheme) -> pd.DataFrame:
    """Per cadre: service_n, service_raw (trimmed mean, 0–100), service_ci_low/high, service_score (shrunk).

    ``posts`` maps cadre_id → post (the shrinkage target is the post's mean
    of cadre means).

    >>> r = pd.DataFrame({"cadre_id": ["a"] * 7 + ["b"] * 3, "rating": [5.0, 5, 5, 5, 4, 4, 1, 5, 5, 5]})
    >>> out = service_scores(r, pd.Series({"a": "x", "b": "x"}), Scheme.default())
    >>> out["service_raw"].round(2).tolist(), out["service_score"].round(2).tolist()
    ([90.0, 100.0], [92.08, 96.88])
    """
    # The t quantile of the interval: scipy.stats.t.ppf calls special.stdtrit; scipy.stats takes ~1 s to import.
    from scipy import special

    s = scheme.section("service")
    low, high = float(s["scale_min"]), float(s["scale_max"])
    points = (service["rating"] - low) / (high - low) * 100
    g = points.groupby(service["cadre_id"], sort=True)
    per = pd.DataFrame({"service_n": g.count(), "sum": g.sum(), "max": g.max(), "min": g.min(),
                        "mean": g.mean(), "sd": g.std(ddof=1)})
    trim = per["service_n"] > s["trim_above"]
    per["service_raw"] = per["mean"].where(
        ~trim, (per["sum"] - per["max"] - per["min"]) / (per["service_n"] - 2))
    n = per["service_n"]
    t = special.stdtrit(np.maximum(n.to_numpy() - 1, 1), 0.5 + s["confidence"] / 2)
    half = t * per["sd"].to_numpy() / np.sqrt(n.to_numpy())
    per["service_ci_low"] = np.clip(per["mean"].to_numpy() - half, 0, 100)
    per["service_ci_high"] = np.clip(per["mean"].to_numpy() + half, 0, 100)
    post = posts.reindex(per.index)
    prior = per["service_raw"].groupby(post).transform("mean")
    m = float(s["prior_weight"])
    per["service_score"] = (n * per["service_raw"] + m * prior) / (n + m)
    return per[["service_n", "service_raw", "service_ci_low", "service_ci_high", "service_score"]]


def democratic_scores(votes: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Per cadre: democratic_score, leader_score, n_votes and vote shares.

    A group's score is the vote-value mean of its ballots; groups combine
    with their scheme weights, renormalized over the groups that voted.

    >>> v = pd.DataFrame({"cadre_id": ["a", "a"], "voter_group": ["县领导", "干部职工"],
    ...                   "excellent": [3, 10], "competent": [1, 10], "basic": [0, 0], "unfit": [0, 0]})
    >>> democratic_scores(v, Scheme.default())[["democratic_score", "leader_score"]].round(2)
              democratic_score  leader_score
    cadre_id
    a                    91.67          95.0
    """
    d = scheme.section("democratic")
    values = np.array([float(d["values"][g]) for g in GRADES])
    counts = votes[list(VOTE_FIELDS)].to_numpy(dtype="float64")
    total = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        group_score = (counts @ values) / total
    codes, groups = votes["voter_group"].factorize()  # few groups: look each up once
    other = float(d["other_group_weight"])
    by_group = [float(d["group_weights"].get(g, other)) for g in groups]
    weight = np.append(np.array(by_group, dtype="float64"), other)[codes]  # code -1 (blank): other
    weight = np.where(np.isnan(weight), other, weight)
    voted = total > 0
    leader = np.append(np.isin(np.asarray(groups, dtype=object), list(d["leader_groups"])), False)[codes] & voted
    frame = pd.DataFrame({
        "cadre_id": votes["cadre_id"],
        "w": np.where(voted, weight, 0.0),
        "ws": np.where(voted, weight * np.nan_to_num(group_score), 0.0),
        "lw": np.where(leader, weight, 0.0),
        "lws": np.where(leader, weight * np.nan_to_num(group_score), 0.0),
        "n_votes": total,
        **{v: counts[:, i] for i, v in enumerate(VOTE_FIELDS)},
    })
    per = frame.groupby("cadre_id", sort=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        per["democratic_score"] = (per["ws"] / per["w"]).where(per["w"] > 0)
        per["leader_score"] = (per["lws"] / per["lw"]).where(per["lw"] > 0)
        n = per["n_votes"].where(per["n_votes"] > 0)
        per["excellent_share"] = per["excellent"] / n
        per["unfit_share"] = per["unfit"] / n
        per["approval_share"] = (per["excellent"] + per["competent"]) / n
    return per[["democratic_score", "leader_score", "n_votes", "excellent_share", "unfit_share", "approval_share"]]


def adjustment_scores(adjustments: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Per cadre with 加分/扣分 items: bonus_items and penalty_items (the sums as approved), bonus and penalty
    (capped by ``adjustments.bonus_cap`` and ``penalty_cap``), n_adjustments, and adjust_note (each item
    with its points and basis, and the cap where it applied).

    >>> a = pd.DataFrame({"cadre_id": ["1", "1", "1"], "item": ["招商引资", "抗洪抢险", "迟报信息"],
    ...                   "points": [3.0, 3.0, -1.0], "basis": ["县委〔2025〕1号", "县委〔2025〕2号", "通报3号"]})
    >>> out = adjustment_scores(a, Scheme.default())
    >>> out[["bonus_items", "bonus", "penalty"]].values.tolist()
    [[6.0, 5.0, 1.0]]
    >>> out["adjust_note"].iloc[0]
    '招商引资 +3（县委〔2025〕1号）；抗洪抢险 +3（县委〔2025〕2号）；迟报信息 −1（通报3号）；加分合计6分，超过上限5分，按5分计'
    """
    caps = scheme.section("adjustments")
    if adjustments.empty:
        return pd.DataFrame({"bonus_items": pd.Series(dtype="float64"), "penalty_items": pd.Series(dtype="float64"),
                             "n_adjustments": pd.Series(dtype="int64"), "adjust_note": pd.Series(dtype="str"),
                             "bonus": pd.Series(dtype="float64"), "penalty": pd.Series(dtype="float64")},
                            index=pd.Index([], dtype="str", name="cadre_id"))
    points = adjustments["points"].to_numpy(dtype="float64")
    rows = adjustments.assign(plus=np.where(points > 0, points, 0.0), minus=np.where(points < 0, -points, 0.0),
                              text=[ADJUST_TEXT["item"].format(item=i, points=_signed(p),
                                                               basis=ADJUST_TEXT["basis"].format(basis=b) if b else "")
                                    for i, p, b in zip(adjustments["item"], points, adjustments["basis"])])
    by = rows.groupby("cadre_id", sort=False)
    out = pd.DataFrame({"bonus_items": by["plus"].sum(), "penalty_items": by["minus"].sum(),
                        "n_adjustments": by.size(), "adjust_note": by["text"].agg("；".join)})
    out["bonus"] = np.minimum(out["bonus_items"], float(caps["bonus_cap"]))
    out["penalty"] = np.minimum(out["penalty_items"], float(caps["penalty_cap"]))
    for kind, cap in (("bonus", caps["bonus_cap"]), ("penalty", caps["penalty_cap"])):
        over = out[f"{kind}_items"] > out[kind]
        if over.any():
            out.loc[over, "adjust_note"] = out.loc[over, "adjust_note"] + "；" + [
                ADJUST_TEXT[f"{kind}_capped"].format(total=f"{t:g}", cap=f"{float(cap):g}")
                for t in out.loc[over, f"{kind}_items"]]
    out["adjust_note"] = out["adjust_note"].astype("str")
    return out.rename_axis("cadre_id")


def excuse(tasks: pd.DataFrame, exemptions: pd.DataFrame) -> pd.DataFrame:
    """The task rows with the errors 容错免责 excused taken off: a decision naming a task from that task's rows
    (in row order), one without from the cadre's rows with errors left (in row order); never below 0.

    >>> t = pd.DataFrame({"cadre_id": ["a", "a", "b"], "task": ["防汛", "信访", "防汛"], "errors": [2.0, 1.0, 1.0]})
    >>> e = pd.DataFrame({"cadre_id": ["a", "a"], "task": ["防汛", ""], "excused": [1.0, 2.0]})
    >>> excuse(t, e)["errors"].tolist()
    [0.0, 0.0, 1.0]
    """
    if exemptions.empty:
        return tasks
    errors = tasks["errors"].to_numpy(dtype="float64").copy()
    rows = pd.Series(np.arange(len(tasks)))
    by_task = rows.groupby([tasks["cadre_id"].to_numpy(), tasks["task"].to_numpy()]).groups
    by_cadre = rows.groupby(tasks["cadre_id"].to_numpy()).groups
    # the named tasks first, so a decision for the cadre's tasks as a whole takes what is left
    for named in (True, False):
        part = exemptions[(exemptions["task"] != "") == named]
        for cadre_id, task, n in zip(part["cadre_id"], part["task"], part["excused"].to_numpy(dtype="float64")):
            for i in (by_task.get((cadre_id, task), []) if named else by_cadre.get(cadre_id, [])):
                taken = min(errors[i], n)
                errors[i] -= taken
                n -= taken
                if n <= 0:
                    break
    return tasks.assign(errors=errors)


def exemption_notes(exemptions: pd.DataFrame) -> pd.DataFrame:
    """Per cadre with 容错免责 decisions: excused_errors (the errors taken off) and excused_note (each decision
    with its task and document number)."""
    if exemptions.empty:
        return pd.DataFrame({"excused_errors": pd.Series(dtype="float64"), "excused_note": pd.Series(dtype="str")},
                            index=pd.Index([], dtype="str", name="cadre_id"))
    text = [ADJUST_TEXT["excused" if t else "excused_all"].format(task=t, n=n, basis=b)
            for t, n, b in zip(exemptions["task"], exemptions["excused"], exemptions["basis"])]
    by = exemptions.assign(text=text).groupby("cadre_id", sort=False)
    return pd.DataFrame({"excused_errors": by["excused"].sum(),
                         "excused_note": by["text"].agg("；".join).astype("str")}).rename_axis("cadre_id")


def _signed(points: float) -> str:
    """+3, −1.5: a bonus or penalty as a meeting reads it."""
    return f"+{points:g}" if points > 0 else f"−{-points:g}"


def components(dataset, scheme: Scheme, error_rule: str | None = None, excused: bool = True) -> pd.DataFrame:
    """The roster with every component score joined (NaN where a source has no data for a cadre).

    Depends on the scheme's ``tasks``, ``service``, ``democratic`` and ``adjustments``
    sections and ``error_rule`` only (:func:`appraisal.scoring.pipeline.components_key`).
    The 加分/扣分 items are joined as bonus and penalty (0 where none), which :func:`composite` adds.
    The errors 容错免责 excused are taken off the tasks first (``excused`` False: not, to show what they change);
    excused_errors and excused_note say which.
    """
    roster = dataset.roster.reset_index(drop=True)
    ids = pd.Index(roster["cadre_id"])
    with workers(len(dataset.tasks) + len(dataset.service) + len(dataset.votes)) as pool:  # side by side
        tasks = excuse(dataset.tasks, dataset.exemptions) if excused else dataset.tasks
        parts = [pool.submit(task_scores, tasks, scheme, error_rule),
                 pool.submit(service_scores, dataset.service, roster["post"].set_axis(ids), scheme),
                 pool.submit(democratic_scores, dataset.votes, scheme)]
        parts = [part.result().reindex(ids).reset_index(drop=True) for part in parts]
    adjust = adjustment_scores(dataset.adjustments, scheme).reindex(ids).reset_index(drop=True)
    exempt = exemption_notes(dataset.exemptions if excused else dataset.exemptions.head(0)).reindex(ids)
    out = pd.concat([roster, *parts, adjust, exempt.reset_index(drop=True)], axis=1)
    fixed = {col: out[col].fillna(0).astype("int64") for col in ("service_n", "n_tasks", "late_tasks", "n_adjustments")}
    zero = {col: out[col].fillna(0.0) for col in ("bonus_items", "penalty_items", "bonus", "penalty", "excused_errors")}
    return out.assign(**fixed, **zero, n_votes=out["n_votes"].fillna(0),
                      **{c: out[c].fillna("").astype("str") for c in ("adjust_note", "excused_note")})


def _post_weights(posts: pd.Index, weights: dict) -> np.ndarray:
    """(len(posts) + 1, 3) weights: each post's own, else the default's (NaN without one); the default last."""
    default = weights.get(DEFAULT_POST, {c: np.nan for c in COMPONENTS})
    rows = []
    for post in [*posts, None]:
        own = weights.get(post) if post is not None else None
        row = [float(own[c]) if own is not None else np.nan for c in COMPONENTS]
        rows.append([float(default[c]) if np.isnan(v) else v for v, c in zip(row, COMPONENTS)])
    return np.array(rows, dtype="float64").reshape(len(posts) + 1, len(COMPONENTS))


# The "missing" text for each combination of absent components (bit i: COMPONENTS[i] absent).
_MISSING = pd.array([" ".join(c for i, c in enumerate(COMPONENTS) if k >> i & 1)
                     for k in range(2 ** len(COMPONENTS))], dtype="str")


def composite(frame: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Add ``composite``, ``weighted_score``, ``weights_used`` and ``missing`` (space-separated components absent)
    to a components frame.

    Weights come from the cadre's post (or the default); a missing
    component's weight is spread over the present ones in proportion.
    ``weighted_score`` is that weighted mean; ``composite`` adds the frame's ``bonus`` and takes off its
    ``penalty`` (the capped 加分/扣分, if the frame has them), never below 0.  ``frame`` is not changed.

    >>> f = pd.DataFrame({"post": ["党政综合"], "task_score": [80.0], "service_score": [np.nan],
    ...                   "democratic_score": [70.0]})
    >>> composite(f, Scheme.default())[["composite", "weights_used", "missing"]]
       composite weights_used  missing
    0       75.0    50/0/50  service
    """
    codes, posts = frame["post"].factorize()
    w = _post_weights(posts, scheme.section("weights"))[codes]  # code -1 (no post): the default row
    scores = frame[[COMPONENT_COLUMNS[c] for c in COMPONENTS]].to_numpy(dtype="float64")
    present = ~np.isnan(scores)
    used = np.where(present, w, 0.0)
    total = np.nansum(used, axis=1)
    ok = total > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        share = used / np.where(ok, total, np.nan)[:, None]
    value = np.where(ok, np.nansum(share * np.where(present, scores, 0.0), axis=1), np.nan)
    # "40/30/30": few distinct rows, each formatted once.
    pct = np.where(ok[:, None], np.round(share * 100, 1), -1.0)  # -1: no composite, no text
    # One integer per row (tenths of a percent, 11 bits a component) finds the distinct rows fast.
    key = (np.rint(pct * 10).astype(np.int64) + 10) @ (2048 ** np.arange(pct.shape[1], dtype=np.int64))
    _, first, which = np.unique(key, return_index=True, return_inverse=True)
    texts = pd.array(["" if row[0] == -1.0 else "/".join(f"{x:g}" for x in row) for row in pct[first].tolist()],
                     dtype="str")
    absent = (w > 0) & ~present
    missing = _MISSING.take(absent @ (1 << np.arange(len(COMPONENTS))))
    total = value
    if "bonus" in frame:
        total = np.maximum(value + frame["bonus"].to_numpy(dtype="float64") - frame["penalty"].to_numpy(dtype="float64"),
                           0.0)  # NaN stays NaN: no composite without a component
    return frame.assign(composite=total, weighted_score=value,
                        weights_used=pd.Series(texts.take(which.reshape(-1)), index=frame.index),
                        missing=pd.Series(missing, index=frame.index))
