"""A synthetic county for demonstrations and tests.

The county (青山县) is fictional: every unit, name and number is made up.
It is generated from a small latent model with a fixed seed, so the same
arguments always give the same tables and byte-identical files, and it
deliberately contains the patterns the product is meant to detect:

* **inversion** -- in three townships (:data:`PLANTED_INVERSION_UNITS`)
  cadres who carry more work make disproportionately more errors
  (roughly proportional to workload squared) and get worse votes and
  service ratings, so workload and overall score are strongly negatively
  related there;
* **uniform voting** -- in one township (:data:`PLANTED_UNIFORM_UNIT`)
  every voter group gives at least 95 % 优秀 to every cadre;
* **leader/mass gaps** -- about 3 % of cadres whom the county leaders and
  the unit's leading group rate almost all 优秀 while the people they serve
  are mostly 不满意/基本满意, and about 3 % the other way round;
* **few ratings** -- about 4 % of cadres in service posts have only 2-8
  service ratings;
* **poor performers** -- about 1 % of cadres with more than a third of
  their democratic votes 不称职.

:func:`planted` tells which units and cadres carry each pattern for a given
``n_cadres`` and ``seed``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["make_sample", "write_sample"]

COUNTY = "青山县"
YEAR = 2025

WORKBOOK_NAME = f"县域干部考核_{YEAR}.xlsx"
SERVICE_CSV_NAME = f"服务对象评价_{YEAR}.csv"

ROSTER_COLUMNS = ("编号", "姓名", "单位", "单位类型", "岗位")
TASK_COLUMNS = (
    "编号", "姓名", "任务名称", "目标值", "完成值", "难度系数", "截止日期", "完成日期", "差错次数",
)
SERVICE_COLUMNS = ("编号", "评价人编号", "评价等级", "评价时间")
DEMOCRATIC_COLUMNS = ("编号", "测评人类别", "优秀", "称职", "基本称职", "不称职")

# ---------------------------------------------------------------- vocabulary

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
)
_GIVEN = (
    "建国明华军平伟强磊洋勇杰涛超斌鹏辉刚健峰宇浩凯俊帆晨阳文静丽"
    "敏芳燕红霞玲婷雪梅兰慧颖琳欣悦佳宁安康泰和顺志远海波清泉林森"
    "松柏晓东春秋雨露云飞翔龙凤瑞祥德仁义礼智信忠诚立新光荣永长青"
    "晶莹秀丹彤蕾璐倩娟琴艳萍英桂芬淑珍娜宏亮振民兴旺福庆喜乐嘉铭"
)

# 22 镇, 6 乡, 6 街道 -- fictional names of the county's townships.
_TOWNS = (
    "青石镇", "白沙镇", "松林镇", "石门镇", "桃源镇", "清水镇", "龙潭镇", "黄坪镇",
    "双溪镇", "枫林镇", "马鞍镇", "金竹镇", "云山镇", "高桥镇", "杨柳镇", "花园镇",
    "长岭镇", "凤鸣镇", "大坪镇", "回龙镇", "新店镇", "麻石镇",
)
_XIANG = ("柳河乡", "岩口乡", "茶园乡", "梅溪乡", "竹坪乡", "鹤鸣乡")
_STREETS = ("城关街道", "东城街道", "西城街道", "南湖街道", "北苑街道", "新华街道")
_TOWNSHIPS = _TOWNS + _XIANG + _STREETS
_DEPARTMENTS = (
    "县发展和改革局", "县财政局", "县民政局", "县自然资源局", "县住房和城乡建设局",
    "县农业农村局", "县卫生健康委员会", "县市场监督管理局", "县行政审批服务局",
    "县人力资源和社会保障局", "县生态环境分局", "县交通运输局", "县教育局", "县信访局",
)
_UNITS = _TOWNSHIPS + _DEPARTMENTS

# Planted townships: the 2nd, 5th and 9th township invert, the 3rd votes uniformly.
_INVERSION_IDX = (1, 4, 8)
_UNIFORM_IDX = 2

PLANTED_INVERSION_UNITS: tuple[str, ...] = tuple(_TOWNSHIPS[i] for i in _INVERSION_IDX)
"""Townships where workload and score are inverted (for any ``n_cadres >= 40``)."""
PLANTED_UNIFORM_UNIT: str = _TOWNSHIPS[_UNIFORM_IDX]
"""Township whose voters give >= 95 % 优秀 to everyone (for any ``n_cadres >= 40``)."""

_POSTS = ("党政综合", "经济发展", "社会事务", "便民服务窗口", "综治维稳", "农业农村", "城乡建设")
_RATED_POSTS = frozenset(("便民服务窗口", "社会事务", "农业农村", "城乡建设", "综治维稳"))
_POST_PROBS = {
    "乡镇": (0.17, 0.12, 0.15, 0.12, 0.13, 0.18, 0.13),
    "街道": (0.18, 0.14, 0.18, 0.16, 0.14, 0.05, 0.15),
    "县直部门": (0.32, 0.24, 0.18, 0.20, 0.02, 0.02, 0.02),
}

# Task name, target range and the posts it mostly belongs to (indices into _POSTS).
_TASKS: tuple[tuple[str, int, int, tuple[int, ...]], ...] = (
    ("招商引资项目落地", 5, 20, (1, 0)),
    ("重点项目建设推进", 5, 30, (1, 6)),
    ("人居环境整治", 20, 200, (5, 6)),
    ("信访积案化解", 5, 40, (4, 2)),
    ("高标准农田建设", 50, 500, (5,)),
    ("医保参保登记", 100, 500, (3, 2)),
    ("企业开办审批", 50, 400, (3, 1)),
    ("矛盾纠纷排查调处", 10, 120, (4,)),
    ("安全生产隐患排查", 20, 300, (4, 6)),
    ("农村危房改造", 5, 60, (6, 5)),
    ("防返贫动态监测", 20, 300, (5, 2)),
    ("河湖长巡河", 24, 120, (5, 6)),
    ("森林防火巡查", 20, 200, (5, 4)),
    ("城乡低保核查", 20, 300, (2,)),
    ("养老保险扩面", 100, 500, (2, 3)),
    ("就业技能培训", 20, 300, (2, 1)),
    ("政务服务事项办理", 100, 500, (3,)),
    ("12345热线工单办理", 20, 300, (3, 4)),
    ("营商环境问题整改", 5, 50, (1, 3)),
    ("耕地保护图斑整改", 10, 120, (5, 6)),
    ("村级集体经济增收", 5, 50, (5, 1)),
    ("基层党组织建设", 5, 30, (0,)),
    ("老旧小区改造", 5, 40, (6,)),
    ("市场主体培育", 20, 200, (1,)),
    ("食品安全抽检", 20, 200, (2, 4)),
    ("环境污染问题整改", 5, 60, (6, 4)),
    ("道路交通安全整治", 10, 150, (4, 6)),
    ("文明城市创建", 10, 100, (0, 6)),
    ("社会保障卡发放", 100, 500, (3, 2)),
    ("家庭医生签约服务", 50, 500, (2, 3)),
    ("公文办理与督查督办", 20, 200, (0,)),
)
_DIFFICULTIES = np.array([0.8, 1.0, 1.2, 1.5, 2.0])
_SERVICE_WORDS = np.array(["非常满意", "满意", "基本满意", "不满意", "非常不满意"], dtype=object)
_GROUPS = ("县领导", "班子成员", "干部职工", "服务对象代表")
_GROUP_SIZES = ((3, 6), (5, 9), (15, 40), (5, 12))  # voters per unit, inclusive
_GROUP_BIAS = np.array([0.25, 0.35, 0.0, -0.1])

_MIN_UNIT = 10
_JAN1 = np.datetime64(f"{YEAR}-01-01", "D")
_DEC31 = np.datetime64(f"{YEAR}-12-31", "D")


# ------------------------------------------------------------------ helpers

def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _ordered_probs(mu: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Category probabilities of an ordered logit, best category first.

    ``cuts`` are decreasing; ``P(category <= k) = sigmoid(mu - cuts[k])``.
    """
    upper = _sigmoid(mu[..., None] - cuts)  # P(at least as good as k), shape (..., K-1)
    ones = np.ones(mu.shape + (1,))
    zeros = np.zeros(mu.shape + (1,))
    cum = np.concatenate([zeros, upper, ones], axis=-1)
    return np.clip(np.diff(cum, axis=-1), 0.0, 1.0)


def _draw_categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category index per row of ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=-1)
    u = rng.random(probs.shape[:-1]) * cum[..., -1]
    return (u[..., None] >= cum[..., :-1]).sum(axis=-1)


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that add up to ``total``."""
    if total <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    short = total - int(base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:short]] += 1
    return base


def _next_prime(n: int) -> int:
    n = max(n, 2)
    while True:
        if all(n % p for p in range(2, int(n**0.5) + 1)):
            return n
        n += 1


def _within_group_rank(group_sizes: np.ndarray) -> np.ndarray:
    """0, 1, ..., size-1 for each group, concatenated."""
    total = int(group_sizes.sum())
    starts = np.repeat(np.cumsum(group_sizes) - group_sizes, group_sizes)
    return np.arange(total) - starts


def _pick(rng: np.random.Generator, pool: np.ndarray, count: int) -> np.ndarray:
    """``count`` distinct members of ``pool`` (sorted), or all of it if smaller."""
    count = min(count, len(pool))
    if count <= 0:
        return np.array([], dtype=np.int64)
    return np.sort(rng.choice(pool, size=count, replace=False))


def _planted_count(frac: float, n_cadres: int, pool: int) -> int:
    want = int(round(frac * n_cadres))
    if pool >= 4:
        want = max(want, 1)
    return min(want, pool)


# ------------------------------------------------------------------ the model

def _choose_units(n_cadres: int) -> list[int]:
    """Indices into ``_UNITS`` of the units a county of this size has.

    The planted townships come first so that every county of 40 cadres or
    more contains all four of them.
    """
    k = min(len(_UNITS), max(n_cadres // 25, min(6, n_cadres // _MIN_UNIT), 1))
    first = [*_INVERSION_IDX[:1], _UNIFORM_IDX, *_INVERSION_IDX[1:]]
    towns = [i for i in range(len(_TOWNSHIPS)) if i not in first]
    depts = [len(_TOWNSHIPS) + j for j in range(len(_DEPARTMENTS))]
    rest: list[int] = []
    while towns or depts:  # one department, then two townships, and so on
        if depts:
            rest.append(depts.pop(0))
        for _ in range(2):
            if towns:
                rest.append(towns.pop(0))
    return sorted((first + rest)[:k])


def _unit_type(name: str) -> str:
    if name.endswith("街道"):
        return "街道"
    if name.endswith(("镇", "乡")):
        return "乡镇"
    return "县直部门"


class _Units(NamedTuple):
    """The county's units, and the unit each cadre belongs to."""

    idx: list[int]  # indices into _UNITS
    names: list[str]
    types: list[str]  # 乡镇, 街道 or 县直部门
    of: np.ndarray  # cadre -> unit position (index into idx, names, types)


class _Cadres(NamedTuple):
    """The roster, and the parts of it that later draws depend on."""

    frame: pd.DataFrame
    ids: np.ndarray  # 编号, object array
    names: np.ndarray  # 姓名, object array
    post_idx: np.ndarray  # indices into _POSTS
    rated: np.ndarray  # bool: the post serves the public (_RATED_POSTS)


class _Planted(NamedTuple):
    """Where the planted patterns are: unit positions, cadre masks and cadre positions."""

    inv_units: list[int]
    uni_units: list[int]
    in_inv: np.ndarray
    in_uni: np.ndarray
    lam_ids: np.ndarray  # leaders above the masses
    mal_ids: np.ndarray  # masses above the leaders
    few_ids: np.ndarray
    poor_ids: np.ndarray


def _units(n: int, r_units: np.random.Generator) -> _Units:
    """The county's units and how many of the ``n`` cadres each holds (at least 10 where possible);
    the inversion townships are drawn mid-sized (weight 42-50 instead of 30-60)."""
    unit_idx = _choose_units(n)
    k = len(unit_idx)
    unit_names = [_UNITS[i] for i in unit_idx]
    unit_types = [_unit_type(u) for u in unit_names]
    raw = np.where(
        np.array([t == "县直部门" for t in unit_types]),
        r_units.integers(15, 41, size=k),
        r_units.integers(30, 61, size=k),
    ).astype(float)
    mid = np.array([i in _INVERSION_IDX for i in unit_idx])
    raw[mid] = r_units.integers(42, 51, size=int(mid.sum()))
    sizes = _largest_remainder(n, raw)
    floor_size = min(_MIN_UNIT, n // k)
    if sizes.min() < floor_size:
        sizes = floor_size + _largest_remainder(n - k * floor_size, raw)
    unit_of = np.repeat(np.arange(k), sizes)  # cadre -> unit position
    return _Units(unit_idx, unit_names, unit_types, unit_of)


def _roster(n: int, r_people: np.random.Generator, units: _Units) -> _Cadres:
    """The roster (编号, 姓名, 单位, 单位类型, 岗位): made-up one- or two-character given names,
    and posts drawn with the mix of the unit's type."""
    unit_names, unit_types, unit_of = units.names, units.types, units.of
    ids = np.array([f"GB{i:05d}" for i in range(1, n + 1)], dtype=object)
    sur = np.array(list(_SURNAMES), dtype=object)[r_people.integers(0, len(_SURNAMES), n)]
    given = np.array(list(_GIVEN), dtype=object)
    g1 = given[r_people.integers(0, len(_GIVEN), n)]
    g2 = given[r_people.integers(0, len(_GIVEN), n)]
    two = r_people.random(n) < 0.68
    names = sur + g1 + np.where(two, g2, "")
    utype_arr = np.array(unit_types, dtype=object)[unit_of]
    post_idx = np.empty(n, dtype=np.int64)
    for t, probs in _POST_PROBS.items():
        mask = utype_arr == t
        post_idx[mask] = r_people.choice(len(_POSTS), size=int(mask.sum()), p=np.array(probs))
    posts = np.array(_POSTS, dtype=object)[post_idx]
    unit_arr = np.array(unit_names, dtype=object)[unit_of]
    roster = pd.DataFrame(
        {"编号": ids, "姓名": names, "单位": unit_arr, "单位类型": utype_arr, "岗位": posts}
    )
    rated = np.isin(posts, list(_RATED_POSTS))
    return _Cadres(roster, ids, names, post_idx, rated)


def _latent(n: int, r_people: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each cadre's latent ability and busyness (standard normal, correlation 0.35): busyness sets
    how many and how hard the tasks are, ability how well they are done and how others rate it."""
    ability = r_people.standard_normal(n)
    busy = 0.35 * ability + np.sqrt(1 - 0.35**2) * r_people.standard_normal(n)
    return ability, busy


def _plant(
    n: int,
    r_plant: np.random.Generator,
    units: _Units,
    rated: np.ndarray,
    ability: np.ndarray,
    busy: np.ndarray,
) -> tuple[_Planted, np.ndarray, np.ndarray]:
    """Pick the leader/mass-gap, few-ratings and poor-performer cadres; return them with ability
    and busyness adjusted (poor performers sunk; inversion units: wider workload, half ability)."""
    unit_idx, unit_of = units.idx, units.of
    ability, busy = ability.copy(), busy.copy()
    inv_units = [p for p, i in enumerate(unit_idx) if i in _INVERSION_IDX]
    uni_units = [p for p, i in enumerate(unit_idx) if i == _UNIFORM_IDX]
    in_inv = np.isin(unit_of, inv_units)
    in_uni = np.isin(unit_of, uni_units)
    ordinary = ~in_inv & ~in_uni
    cand = np.flatnonzero(rated & ordinary)
    n_gap = _planted_count(0.03, n, len(cand) // 3)
    gap = _pick(r_plant, cand, 2 * n_gap)
    r_plant.shuffle(gap)
    lam_ids = np.sort(gap[:n_gap])  # leaders above the masses
    mal_ids = np.sort(gap[n_gap:])  # masses above the leaders
    cand = np.setdiff1d(np.flatnonzero(rated), gap)
    few_ids = _pick(r_plant, cand, _planted_count(0.04, int(rated.sum()), len(cand) // 3))
    cand = np.setdiff1d(np.flatnonzero(ordinary), np.concatenate([gap, few_ids]))
    poor_ids = _pick(r_plant, cand, _planted_count(0.01, n, len(cand) // 4))
    ability[poor_ids] = np.minimum(ability[poor_ids], -1.6) - 0.5 * r_plant.random(len(poor_ids))
    # inversion units: workload varies more and ability matters less than workload
    busy[in_inv] = 1.3 * r_plant.standard_normal(int(in_inv.sum()))
    ability[in_inv] *= 0.5
    where = _Planted(inv_units, uni_units, in_inv, in_uni, lam_ids, mal_ids, few_ids, poor_ids)
    return where, ability, busy


def _assign_tasks(
    n: int, r_tasks: np.random.Generator, post_idx: np.ndarray, busy: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The task rows' cadre, task (mostly of the cadre's post), target and difficulty: busy cadres
    get more tasks (2-12) and harder ones."""
    n_tasks = np.clip(np.rint(6.5 + 2.8 * busy), 2, 12).astype(np.int64)
    n_rows = int(n_tasks.sum())
    t_cadre = np.repeat(np.arange(n), n_tasks)
    t_rank = _within_group_rank(n_tasks)
    # task names: weighted sampling without replacement (exponential race)
    affinity = np.full((len(_POSTS), len(_TASKS)), 0.25)
    for j, (_, _, _, owners) in enumerate(_TASKS):
        affinity[list(owners), j] = 3.0
    keys = r_tasks.exponential(size=(n, len(_TASKS))) / affinity[post_idx]
    chosen = np.argsort(keys, axis=1, kind="stable")
    t_task = chosen[t_cadre, t_rank]
    lo = np.array([t[1] for t in _TASKS], dtype=float)[t_task]
    hi = np.array([t[2] for t in _TASKS], dtype=float)[t_task]
    target = np.exp(np.log(lo) + r_tasks.random(n_rows) * (np.log(hi) - np.log(lo)))
    target = np.where(target >= 50, np.rint(target / 5) * 5, np.rint(target)).astype(np.int64)
    target = np.clip(target, 5, 500)
    # difficulty leans heavier for busy cadres
    base_p = np.array([0.16, 0.36, 0.24, 0.15, 0.09])
    tilt = np.exp(0.35 * busy[t_cadre, None] * np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))
    d_idx = _draw_categorical(r_tasks, base_p * tilt / (base_p * tilt).sum(1, keepdims=True))
    difficulty = _DIFFICULTIES[d_idx]
    return t_cadre, t_task, target, difficulty


def _workload(
    n: int, t_cadre: np.ndarray, difficulty: np.ndarray, unit_of: np.ndarray, inv_units: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Each cadre's workload (sum of task difficulties) and its z-score within each inversion unit
    (0 elsewhere): the quantity the inversion turns against the cadre."""
    workload = np.bincount(t_cadre, weights=difficulty, minlength=n)
    z_work = np.zeros(n)
    for p in inv_units:
        m = unit_of == p
        sd = workload[m].std()
        z_work[m] = (workload[m] - workload[m].mean()) / (sd if sd > 0 else 1.0)
    return workload, z_work


def _task_outcomes(
    r_tasks: np.random.Generator,
    r_err: np.random.Generator,
    t_cadre: np.ndarray,
    target: np.ndarray,
    difficulty: np.ndarray,
    ability: np.ndarray,
    workload: np.ndarray,
    z_work: np.ndarray,
    in_inv: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Completed amounts (5 % of rows well short) and error counts; in the inversion units the
    error rate grows with workload x difficulty, so a cadre's errors go with workload squared."""
    n_rows = len(t_cadre)
    ratio = (
        0.92 + 0.04 * ability[t_cadre] - 0.035 * z_work[t_cadre]
        + 0.06 * r_tasks.standard_normal(n_rows)
    )
    short = r_tasks.random(n_rows) < 0.05
    ratio = np.where(short, 0.4 + 0.4 * r_tasks.random(n_rows), ratio)
    actual = np.rint(target * np.clip(ratio, 0.0, 1.6)).astype(np.int64)

    rate = 0.09 * difficulty**1.5 * np.exp(-0.35 * ability[t_cadre])
    heavy = in_inv[t_cadre]
    rate = np.where(heavy, 0.06 * workload[t_cadre] * difficulty, rate)
    errors = r_err.poisson(rate).astype(np.int64)
    return actual, errors


def _task_dates(r_date: np.random.Generator, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Deadlines (mid-month or month end) and completion dates (10 % late) as date objects,
    each blank (None) in about 5 % of rows."""
    late = r_date.random(n_rows) < 0.10
    month = r_date.integers(3, 13, size=n_rows)
    month = np.where(late, np.minimum(month, 11), month)
    month_start = (np.datetime64(f"{YEAR}-01", "M") + (month - 1)).astype("datetime64[D]")
    month_end = (np.datetime64(f"{YEAR}-01", "M") + month).astype("datetime64[D]") - 1
    deadline = np.where(r_date.random(n_rows) < 0.4, month_start + 14, month_end)
    early = np.minimum(r_date.geometric(1 / 18, size=n_rows) - 1, 120).astype("timedelta64[D]")
    overdue = r_date.integers(1, 46, size=n_rows).astype("timedelta64[D]")
    done = np.where(late, deadline + overdue, deadline - early)
    done = np.clip(done, _JAN1 + 7, _DEC31)
    deadline = deadline.astype(object)
    done = done.astype(object)
    deadline[r_date.random(n_rows) < 0.05] = None
    done[r_date.random(n_rows) < 0.05] = None
    return deadline, done


def _tasks(
    n: int,
    r_tasks: np.random.Generator,
    r_err: np.random.Generator,
    r_date: np.random.Generator,
    units: _Units,
    cadres: _Cadres,
    plant: _Planted,
    ability: np.ndarray,
    busy: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The task table (编号 ... 差错次数), with the inversion planted in its error counts, and the
    within-unit workload z-score that the ratings and votes then punish."""
    t_cadre, t_task, target, difficulty = _assign_tasks(n, r_tasks, cadres.post_idx, busy)
    workload, z_work = _workload(n, t_cadre, difficulty, units.of, plant.inv_units)
    actual, errors = _task_outcomes(
        r_tasks, r_err, t_cadre, target, difficulty, ability, workload, z_work, plant.in_inv
    )
    deadline, done = _task_dates(r_date, len(t_cadre))
    tasks = pd.DataFrame(
        {
            "编号": cadres.ids[t_cadre],
            "姓名": cadres.names[t_cadre],
            "任务名称": np.array([t[0] for t in _TASKS], dtype=object)[t_task],
            "目标值": target,
            "完成值": actual,
            "难度系数": difficulty,
            "截止日期": deadline,
            "完成日期": done,
            "差错次数": errors,
        }
    )
    return tasks, z_work


def _raters(
    r_serv: np.random.Generator,
    k: int,
    unit_of: np.ndarray,
    n_rate: np.ndarray,
    s_cadre: np.ndarray,
    s_rank: np.ndarray,
) -> np.ndarray:
    """The rater (评价人编号) of every rating: a prime-sized pool per unit, walked arithmetically
    so that no one rates the same cadre twice."""
    per_unit = np.bincount(unit_of, weights=n_rate, minlength=k)
    max_unit = np.zeros(k, dtype=np.int64)
    np.maximum.at(max_unit, unit_of, n_rate)
    pool = np.array(
        [_next_prime(max(int(per_unit[u]) // 4, int(max_unit[u]) + 1, 11)) for u in range(k)]
    )
    pool_start = np.cumsum(pool) - pool
    cad_pool = pool[unit_of]
    walk_start = (r_serv.random(len(unit_of)) * cad_pool).astype(np.int64)
    walk_step = 1 + (r_serv.random(len(unit_of)) * (cad_pool - 1)).astype(np.int64)
    member = (walk_start[s_cadre] + s_rank * walk_step[s_cadre]) % cad_pool[s_cadre]
    rater_no = pool_start[unit_of[s_cadre]] + member + 1
    rater = np.array([f"P{i:06d}" for i in range(1, int(pool.sum()) + 1)], dtype=object)
    return rater[rater_no - 1]


def _service(
    n: int,
    r_serv: np.random.Generator,
    units: _Units,
    cadres: _Cadres,
    plant: _Planted,
    perceived: np.ndarray,
) -> pd.DataFrame:
    """The service ratings (编号, 评价人编号, 评价等级, 评价时间), sorted by cadre and date, with
    the few-ratings cadres (2-8 ratings) and the leader/mass gaps (levels forced) planted."""
    few_ids, lam_ids, mal_ids = plant.few_ids, plant.lam_ids, plant.mal_ids
    n_rate = np.where(
        cadres.rated,
        np.clip(r_serv.poisson(r_serv.uniform(14, 30, size=n)), 12, 40),
        # back-office posts: fewer ratings, and about one in ten none at all
        np.where(r_serv.random(n) < 0.1, 0, r_serv.integers(10, 21, size=n)),
    )
    n_rate[few_ids] = r_serv.integers(2, 9, size=len(few_ids))
    serv_mu = 0.7 * perceived + 0.45 * r_serv.standard_normal(n)
    serv_cuts = np.array([0.45, -1.75, -3.2, -4.3])
    serv_p = _ordered_probs(serv_mu, serv_cuts)
    serv_p[lam_ids] = [0.03, 0.10, 0.42, 0.35, 0.10]
    serv_p[mal_ids] = [0.84, 0.14, 0.02, 0.0, 0.0]
    s_rows = int(n_rate.sum())
    s_cadre = np.repeat(np.arange(n), n_rate)
    s_rank = _within_group_rank(n_rate)
    s_level = _draw_categorical(r_serv, serv_p[s_cadre])
    rater = _raters(r_serv, len(units.idx), units.of, n_rate, s_cadre, s_rank)
    s_day = _JAN1 + r_serv.integers(0, 365, size=s_rows).astype("timedelta64[D]")
    order = np.lexsort((s_day, s_cadre))
    return pd.DataFrame(
        {
            "编号": cadres.ids[s_cadre[order]],
            "评价人编号": rater[order],
            "评价等级": _SERVICE_WORDS[s_level[order]],
            "评价时间": s_day[order].astype(object),
        }
    )


def _plant_tallies(
    r_vote: np.random.Generator, tally: np.ndarray, voters: np.ndarray, plant: _Planted
) -> np.ndarray:
    """``tally`` with two planted patterns: poor performers get more than a third 不称职 in every
    group, and the uniform unit's groups at least 95 % 优秀."""
    poor_ids, in_uni = plant.poor_ids, plant.in_uni
    tally = tally.copy()
    # poor performers: more than a third 不称职 in every group
    if len(poor_ids):
        pv = voters[poor_ids]
        unfit = np.ceil(pv * r_vote.uniform(0.38, 0.6, size=pv.shape)).astype(np.int64)
        unfit = np.minimum(unfit, pv)
        rest = r_vote.multinomial(pv - unfit, [0.08, 0.47, 0.45])
        tally[poor_ids] = np.concatenate([rest, unfit[..., None]], axis=-1)
    # uniform unit: at most 5 % of any group is not 优秀
    if in_uni.any():
        uv = voters[in_uni]
        other = np.floor(0.05 * uv * r_vote.random(uv.shape)).astype(np.int64)
        zeros = np.zeros_like(uv)
        tally[in_uni] = np.stack([uv - other, other, zeros, zeros], axis=-1)
    return tally


def _democratic(
    n: int,
    r_vote: np.random.Generator,
    units: _Units,
    ids: np.ndarray,
    plant: _Planted,
    perceived: np.ndarray,
) -> pd.DataFrame:
    """The democratic tallies (编号, 测评人类别, 优秀, 称职, 基本称职, 不称职), one row per cadre and
    voter group; leaders and masses split for the gap cadres, then :func:`_plant_tallies`."""
    lam_ids, mal_ids = plant.lam_ids, plant.mal_ids
    k = len(units.idx)
    g = len(_GROUPS)
    unit_voters = np.column_stack(
        [r_vote.integers(lo_, hi_ + 1, size=k) for lo_, hi_ in _GROUP_SIZES]
    )
    voters = unit_voters[units.of].copy()
    absent = r_vote.binomial(2, 0.25, size=n)
    voters[:, 2] = np.maximum(voters[:, 2] - absent, 1)
    vote_mu = (
        0.8 * perceived[:, None] + _GROUP_BIAS + 0.35 * r_vote.standard_normal((n, g))
    )
    vote_p = _ordered_probs(vote_mu, np.array([1.0, -2.9, -4.7]))
    vote_p[lam_ids[:, None], [0, 1]] = [0.96, 0.04, 0.0, 0.0]
    vote_p[lam_ids, 3] = [0.10, 0.45, 0.33, 0.12]
    vote_p[mal_ids[:, None], [0, 1]] = [0.03, 0.55, 0.40, 0.02]
    vote_p[mal_ids, 3] = [0.75, 0.23, 0.02, 0.0]
    tally = r_vote.multinomial(voters, vote_p / vote_p.sum(-1, keepdims=True))
    tally = _plant_tallies(r_vote, tally, voters, plant)
    flat = tally.reshape(n * g, 4)
    return pd.DataFrame(
        {
            "编号": np.repeat(ids, g),
            "测评人类别": np.tile(np.array(_GROUPS, dtype=object), n),
            "优秀": flat[:, 0],
            "称职": flat[:, 1],
            "基本称职": flat[:, 2],
            "不称职": flat[:, 3],
        }
    )


def _planted_info(units: _Units, ids: np.ndarray, plant: _Planted) -> dict:
    """What :func:`planted` returns: the planted units by name and the planted cadres by 编号."""
    return {
        "inversion_units": [units.names[p] for p in plant.inv_units],
        "uniform_unit": units.names[plant.uni_units[0]] if plant.uni_units else None,
        "leader_above_mass": ids[plant.lam_ids].tolist(),
        "mass_above_leader": ids[plant.mal_ids].tolist(),
        "few_ratings": ids[plant.few_ids].tolist(),
        "poor_performers": ids[plant.poor_ids].tolist(),
    }


def _generate(n_cadres: int, seed: int) -> tuple[dict[str, pd.DataFrame], dict]:
    """The four tables and :func:`planted`'s summary; each part draws from its own of eight
    streams spawned from ``seed``, in the order below."""
    if not isinstance(n_cadres, (int, np.integer)) or isinstance(n_cadres, bool):
        raise TypeError("n_cadres must be an integer")
    if n_cadres < 1:
        raise ValueError("n_cadres must be at least 1")
    n = int(n_cadres)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(int(seed)).spawn(8)]
    r_units, r_people, r_plant, r_tasks, r_err, r_serv, r_vote, r_date = streams

    units = _units(n, r_units)
    cadres = _roster(n, r_people, units)
    ability, busy = _latent(n, r_people)
    plant, ability, busy = _plant(n, r_plant, units, cadres.rated, ability, busy)
    tasks, z_work = _tasks(n, r_tasks, r_err, r_date, units, cadres, plant, ability, busy)
    # perceived performance: ability, and in inversion units heavy work hurts
    perceived = ability - 1.8 * z_work
    service = _service(n, r_serv, units, cadres, plant, perceived)
    democratic = _democratic(n, r_vote, units, cadres.ids, plant, perceived)
    tables = {"roster": cadres.frame, "tasks": tasks, "service": service, "democratic": democratic}
    return tables, _planted_info(units, cadres.ids, plant)


# ------------------------------------------------------------------ public API

def make_sample(n_cadres: int = 2000, seed: int = 2025) -> dict[str, pd.DataFrame]:
    """Return the four source tables keyed 'roster', 'tasks', 'service', 'democratic' with Chinese headers.

    Parameters
    ----------
    n_cadres : int, default 2000
        Number of cadres in the county; the unit list shrinks for small
        counties so that each unit keeps at least 10 cadres (when possible).
    seed : int, default 2025
        Seed of the generator; the same seed gives the same tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``roster`` (编号, 姓名, 单位, 单位类型, 岗位), ``tasks`` (编号, 姓名,
        任务名称, 目标值, 完成值, 难度系数, 截止日期, 完成日期, 差错次数),
        ``service`` (编号, 评价人编号, 评价等级, 评价时间) and ``democratic``
        (编号, 测评人类别, 优秀, 称职, 基本称职, 不称职).  Dates are
        :class:`datetime.date` objects; a blank date is ``None``.

    Raises
    ------
    TypeError
        If ``n_cadres`` is not an integer.
    ValueError
        If ``n_cadres`` is less than 1.

    Examples
    --------
    >>> tables = make_sample(60, seed=1)
    >>> sorted(tables)
    ['democratic', 'roster', 'service', 'tasks']
    >>> len(tables["roster"])
    60
    """
    return _generate(n_cadres, seed)[0]


def planted(n_cadres: int = 2000, seed: int = 2025) -> dict:
    """Which units and cadres carry each planted pattern.

    Parameters
    ----------
    n_cadres : int, default 2000
        As for :func:`make_sample`.
    seed : int, default 2025
        As for :func:`make_sample`.

    Returns
    -------
    dict
        ``inversion_units`` (list of unit names), ``uniform_unit`` (a unit
        name, or None in counties too small to have it), and lists of cadre
        ids ``leader_above_mass``, ``mass_above_leader``, ``few_ratings``
        and ``poor_performers``.

    Examples
    --------
    >>> planted(200)["inversion_units"] == list(PLANTED_INVERSION_UNITS)
    True
    """
    return _generate(n_cadres, seed)[1]


def write_sample(out_dir: str | Path, n_cadres: int = 2000, seed: int = 2025) -> list[Path]:
    """Write the sample county to out_dir and return the paths written.

    Two files are written, the way a county's staff would hand them over:

    * ``县域干部考核_2025.xlsx`` with sheets 干部名册, 任务完成 and 民主测评,
      each with a merged title in row 1, a blank row 2, the header in row 3
      and data from row 4; dates are real Excel dates (yyyy-mm-dd);
    * ``服务对象评价_2025.csv`` encoded GBK, header in row 1, dates written
      as text such as ``2025年3月5日``.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        Folder to write into; created if missing.
    n_cadres : int, default 2000
        As for :func:`make_sample`.
    seed : int, default 2025
        As for :func:`make_sample`.

    Returns
    -------
    list of pathlib.Path
        The workbook and the CSV file, in that order.  The same arguments
        always give byte-identical files.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = make_sample(n_cadres, seed)

    xlsx_path = out / WORKBOOK_NAME
    sheets = (("干部名册", "roster"), ("任务完成", "tasks"), ("民主测评", "democratic"))
    widths = {
        "编号": 10, "姓名": 10, "单位": 22, "单位类型": 10, "岗位": 14, "任务名称": 22,
        "截止日期": 12, "完成日期": 12, "测评人类别": 14,
    }
    with pd.ExcelWriter(
        xlsx_path, engine="xlsxwriter", date_format="yyyy-mm-dd", datetime_format="yyyy-mm-dd"
    ) as writer:
        book = writer.book
        book.set_properties(
            {"title": f"{COUNTY}{YEAR}年度干部考核", "author": f"{COUNTY}委组织部",
             "created": datetime(YEAR, 12, 31)}
        )
        title_fmt = book.add_format(
            {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
        )
        for sheet, key in sheets:
            frame = tables[key]
            frame.to_excel(writer, sheet_name=sheet, index=False, startrow=2)
            ws = writer.sheets[sheet]
            title = f"{COUNTY}{YEAR}年度干部考核 {sheet}"
            if frame.shape[1] > 1:
                ws.merge_range(0, 0, 0, frame.shape[1] - 1, title, title_fmt)
            else:
                ws.write(0, 0, title, title_fmt)
            ws.set_row(0, 24)
            for c, col in enumerate(frame.columns):
                ws.set_column(c, c, widths.get(col, 9))
            ws.freeze_panes(3, 0)

    csv_path = out / SERVICE_CSV_NAME
    service = tables["service"].copy()
    when = pd.to_datetime(service["评价时间"])
    service["评价时间"] = (
        when.dt.year.astype(str) + "年" + when.dt.month.astype(str) + "月"
        + when.dt.day.astype(str) + "日"
    )
    service.to_csv(csv_path, index=False, encoding="gbk", lineterminator="\r\n")
    return [xlsx_path, csv_path]
