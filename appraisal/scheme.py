"""The appraisal scheme: every weight, mapping, band, quota and threshold.

A scheme is the shipped ``default_scheme.yaml`` with the user's YAML laid
over it, checked by :func:`validate_scheme`.  It is immutable; change it by
building a new one from an edited dict (:meth:`Scheme.updated`).

>>> s = Scheme.default()
>>> s.weights_of("便民服务窗口")
{'task': 30.0, 'service': 45.0, 'democratic': 25.0}
>>> s.updated({"grading": {"excellent_quota": 0.15}}).get("grading", "excellent_quota")
0.15
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import AppraisalError
from .texts import SCHEME_ERROR

__all__ = ["Scheme", "validate_scheme", "number_range", "is_count", "COMPONENTS", "GRADES", "DEFAULT_POST"]

COMPONENTS: tuple[str, ...] = ("task", "service", "democratic")
GRADES: tuple[str, ...] = ("优秀", "称职", "基本称职", "不称职")
DEFAULT_POST = "默认"

def number_range(section: str, key: str) -> tuple[float | None, float | None]:
    """The allowed (low, high) of a numeric setting, None where unbounded (what :func:`validate_scheme` checks).

    >>> number_range("robustness", "interval_level")
    (0.5, 0.999)
    """
    return _NUMBERS.get((section, key), (None, None))


def is_count(section: str, key: str) -> bool:
    """Whether a numeric setting counts something (ratings, votes, resamples, rows), so must be a whole number.

    >>> is_count("robustness", "bootstrap_resamples"), is_count("robustness", "interval_level")
    (True, False)
    """
    return (section, key) in _COUNTS


# Free-form maps whose keys are data (posts, words, groups), not settings.
_FREE_KEYS = {
    ("weights",),
    ("service", "words"),
    ("democratic", "values"),
    ("democratic", "group_weights"),
    ("reading", "unit_type_by_suffix"),
    ("consequences", "rules"),
    ("history", "grades"),
    ("quarterly", "grades"),
    ("quarterly", "excellent_bars"),
    ("quotas", "by_unit_type"),
    ("vetoes", "items"),
}

# (section, key) -> (low, high) for numbers; None means unbounded.
_NUMBERS: dict[tuple[str, str], tuple[float | None, float | None]] = {
    ("tasks", "ratio_min"): (0, None),
    ("tasks", "ratio_max"): (0, 10),
    ("tasks", "blank_difficulty"): (0, None),
    ("tasks", "blank_errors"): (0, None),
    ("tasks", "error_penalty_rate"): (0, None),
    ("tasks", "error_penalty_count"): (0, None),
    ("tasks", "late_factor"): (0, 1),
    ("tasks", "points_per_difficulty"): (0.1, 1000),
    ("trends", "min_pairs"): (3, None),
    ("quarterly", "good_quota"): (0, 1),
    ("adjustments", "bonus_cap"): (0, 100),
    ("quotas", "pool_below"): (0, None),
    ("adjustments", "penalty_cap"): (0, 100),
    ("quarterly", "excellent_min_good_share"): (0, 1),
    ("service", "scale_min"): (None, None),
    ("service", "scale_max"): (None, None),
    ("service", "trim_above"): (0, None),
    ("service", "prior_weight"): (0, None),
    ("service", "confidence"): (0.5, 0.999),
    ("democratic", "other_group_weight"): (0, None),
    ("democratic", "review_unfit_share"): (0, 1),
    ("democratic", "review_approval_share"): (0, 1),
    ("grading", "excellent_quota"): (0, 1),
    ("grading", "tie_decimals"): (0, 6),
    ("diagnostics", "min_group_size"): (3, None),
    ("diagnostics", "fdr_q"): (0, 1),
    ("diagnostics", "workload_quartile"): (0.01, 0.5),
    ("diagnostics", "gap_threshold"): (0, None),
    ("diagnostics", "min_ratings"): (0, None),
    ("diagnostics", "uniform_excellent_share"): (0, 1),
    ("diagnostics", "uniform_score_sd"): (0, None),
    ("diagnostics", "uniform_min_votes"): (0, None),
    ("robustness", "bootstrap_resamples"): (20, 100000),
    ("robustness", "seed"): (0, None),
    ("robustness", "interval_level"): (0.5, 0.999),
    ("robustness", "uncertain_low"): (0, 0.5),
    ("robustness", "uncertain_high"): (0.5, 1),
    ("robustness", "weight_draws"): (20, 100000),
    ("robustness", "dirichlet_concentration"): (1, None),
    ("robustness", "enter_leave_share"): (0, 0.5),
    ("robustness", "min_expected"): (0, None),
    ("robustness", "residual_threshold"): (0, None),
    ("robustness", "min_share_gap"): (0, 1),
    ("robustness", "straight_min_ballots"): (2, None),
    ("robustness", "min_entropy"): (0, 1),
    ("robustness", "entropy_min_votes"): (0, None),
    ("robustness", "icc_min_targets"): (2, None),
    ("robustness", "icc_min_raters"): (2, None),
    ("reading", "max_file_mb"): (0.001, None),
    ("reading", "max_unpacked_mb"): (0.001, None),
    ("reading", "max_ratio"): (1, None),
    ("reading", "max_rows"): (1, None),
    ("reading", "max_cells"): (1, None),
    ("reading", "max_csv_mb"): (0.001, None),
    ("reading", "max_csv_rows"): (1, None),
    ("reading", "max_csv_cells"): (1, None),
    ("reading", "max_csv_columns"): (1, None),
    ("reading", "max_cell_chars"): (1, None),
    ("reading", "header_scan_rows"): (1, 1000),
}

# Numeric settings that count something (or a number of decimals): whole numbers only, as the code uses them.
_COUNTS: frozenset[tuple[str, str]] = frozenset({
    ("service", "trim_above"),
    ("grading", "tie_decimals"),
    ("diagnostics", "min_group_size"),
    ("diagnostics", "min_ratings"),
    ("trends", "min_pairs"),
    ("quotas", "pool_below"),
    ("diagnostics", "uniform_min_votes"),
    *(("robustness", k) for k in ("bootstrap_resamples", "seed", "weight_draws", "min_expected",
                                  "straight_min_ballots", "entropy_min_votes", "icc_min_targets", "icc_min_raters")),
    *(("reading", k) for k in ("max_rows", "max_cells", "max_csv_rows", "max_csv_cells", "max_csv_columns",
                               "max_cell_chars",
                               "header_scan_rows")),
})

_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("tasks", "error_rule"): ("rate", "count"),
    ("grading", "group_by"): ("unit", "post"),
}

_TIE_KEYS = ("democratic_score", "task_score", "service_score", "leader_score", "workload")


@functools.cache
def _parsed_default() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("default_scheme.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _default_data() -> dict[str, Any]:
    """A fresh copy of the shipped defaults (parsed once: about 40 ms each time otherwise)."""
    return copy.deepcopy(_parsed_default())


def _merge(base: dict[str, Any], over: dict[str, Any], path: tuple[str, ...] = ()) -> dict[str, Any]:
    """Lay ``over`` on ``base``; free-form maps are replaced whole, not merged."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        sub = (*path, str(key))
        if isinstance(value, dict) and isinstance(out.get(key), dict) and sub not in _FREE_KEYS:
            out[key] = _merge(out[key], value, sub)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _canonical(value: Any) -> Any:
    """A deep copy with whole-number floats written as ints (40.0 → 40).

    >>> _canonical({"w": [40.0, 0.5, True]})
    {'w': [40, 0.5, True]}
    """
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _weight(value: Any) -> float:
    """A weight as the editor gives it: a blank cell (None, NaN) is 0."""
    return 0.0 if value is None or value != value else float(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _rule_errors(rules: Any) -> list[str]:
    """Problems of the 考核结果运用 rules table (``consequences.rules``): each rule names grades and exactly one
    of ``consecutive`` or ``cumulative`` years (a whole number ≥ 1), with its basis."""
    if not isinstance(rules, dict):
        return [SCHEME_ERROR["not_mapping"].format(key="consequences.rules")]
    errors = []
    for name, rule in rules.items():
        key = f"consequences.rules.{name}"
        if not isinstance(rule, dict) or set(rule) - {"grades", "consecutive", "cumulative", "basis"}:
            errors.append(SCHEME_ERROR["rule_shape"].format(key=key))
            continue
        grades = rule.get("grades")
        if not isinstance(grades, list) or not grades or not all(isinstance(g, str) and g for g in grades):
            errors.append(SCHEME_ERROR["empty_list"].format(key=f"{key}.grades"))
        counts = [k for k in ("consecutive", "cumulative") if k in rule]
        if len(counts) != 1:
            errors.append(SCHEME_ERROR["rule_shape"].format(key=key))
            continue
        n = rule[counts[0]]
        if not _is_number(n) or n < 1 or n != int(n):
            errors.append(SCHEME_ERROR["whole_positive"].format(key=f"{key}.{counts[0]}", value=n))
    return errors


def _quarterly_errors(q: dict[str, Any]) -> list[str]:
    """Problems of the 平时考核 section: four distinct grade words, bars among them, a yes/no rule."""
    errors = []
    grades = q.get("grades")
    if not (isinstance(grades, list) and len(grades) == 4 and all(isinstance(g, str) and g.strip() for g in grades)
            and len(set(grades)) == 4):
        errors.append(SCHEME_ERROR["quarterly_grades"].format(value=grades))
    bars = q.get("excellent_bars")
    if not isinstance(bars, list) or (isinstance(grades, list) and any(b not in grades for b in bars)):
        errors.append(SCHEME_ERROR["quarterly_bars"].format(value=bars, grades="、".join(map(str, grades or []))))
    if not isinstance(q.get("excellent_rule"), bool):
        errors.append(SCHEME_ERROR["not_bool"].format(key="quarterly.excellent_rule", value=q.get("excellent_rule")))
    return errors


def validate_scheme(data: Any) -> list[str]:
    """Every problem of a (merged) scheme dict, as Chinese sentences; [] when valid.

    >>> validate_scheme(Scheme.default().to_dict())
    []
    >>> d = Scheme.default().to_dict(); d["weights"]["默认"]["task"] = 50
    >>> validate_scheme(d)
    ['岗位“默认”的权重合计为110，应为100。']
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        return [SCHEME_ERROR["not_mapping"].format(key=SCHEME_ERROR["whole"])]
    default = _default_data()
    for key in data:
        if key not in default:
            errors.append(SCHEME_ERROR["unknown_key"].format(key=key))
    for section, body in default.items():
        if not isinstance(body, dict) or (section,) in _FREE_KEYS:
            continue
        got = data.get(section)
        if not isinstance(got, dict):
            errors.append(SCHEME_ERROR["not_mapping"].format(key=section))
            continue
        for key in got:
            if key not in body:
                errors.append(SCHEME_ERROR["unknown_key"].format(key=f"{section}.{key}"))
    if errors:
        return errors

    for (section, key), (low, high) in _NUMBERS.items():
        value = data[section][key]
        name = f"{section}.{key}"
        if not _is_number(value):
            errors.append(SCHEME_ERROR["not_number"].format(key=name, value=value))
        elif (low is not None and value < low) or (high is not None and value > high):
            if low == 0 and value < 0 and high is None:
                errors.append(SCHEME_ERROR["negative"].format(key=name, value=value))
            else:
                errors.append(SCHEME_ERROR["range"].format(
                    key=name, low=low if low is not None else "-∞",
                    high=high if high is not None else "+∞", value=value))
        elif (section, key) in _COUNTS and value != int(value):
            errors.append(SCHEME_ERROR["not_whole"].format(key=name, value=value))
    for (section, key), choices in _CHOICES.items():
        value = data[section][key]
        if value not in choices:
            errors.append(SCHEME_ERROR["choice"].format(
                key=f"{section}.{key}", choices="、".join(choices), value=value))

    posts = data.get("posts")
    if not isinstance(posts, list) or not posts:
        errors.append(SCHEME_ERROR["empty_list"].format(key="posts"))
        posts = []
    weights = data.get("weights")
    if not isinstance(weights, dict) or not weights:
        errors.append(SCHEME_ERROR["empty_list"].format(key="weights"))
        weights = {}
    for post, w in weights.items():
        if str(post) != DEFAULT_POST and post not in posts:
            errors.append(SCHEME_ERROR["unknown_post"].format(post=post))
        if not isinstance(w, dict) or set(w) != set(COMPONENTS):
            errors.append(SCHEME_ERROR["weight_keys"].format(post=post))
            continue
        bad = [c for c in COMPONENTS if not _is_number(w[c])]
        if bad:
            errors.extend(SCHEME_ERROR["not_number"].format(key=f"weights.{post}.{c}", value=w[c]) for c in bad)
            continue
        errors.extend(SCHEME_ERROR["negative"].format(key=f"weights.{post}.{c}", value=w[c])
                      for c in COMPONENTS if w[c] < 0)
        total = sum(float(w[c]) for c in COMPONENTS)
        if abs(total - 100) > 1e-6:
            errors.append(SCHEME_ERROR["weights_sum"].format(post=post, total=total))

    service = data["service"]
    low, high = service["scale_min"], service["scale_max"]
    if _is_number(low) and _is_number(high):
        if low >= high:
            errors.append(SCHEME_ERROR["scale"].format(low=low, high=high))
        words = service.get("words")
        if not isinstance(words, dict) or not words:
            errors.append(SCHEME_ERROR["empty_list"].format(key="service.words"))
        else:
            for word, value in words.items():
                if not _is_number(value) or not low <= value <= high:
                    errors.append(SCHEME_ERROR["word_range"].format(word=word, value=value, low=low, high=high))

    demo = data["democratic"]
    values = demo.get("values")
    if not isinstance(values, dict) or set(values) != set(GRADES):
        errors.append(SCHEME_ERROR["not_mapping"].format(key=SCHEME_ERROR["values_keys"]))
    else:
        errors.extend(SCHEME_ERROR["not_number"].format(key=f"democratic.values.{g}", value=v)
                      for g, v in values.items() if not _is_number(v))
    gw = demo.get("group_weights")
    if not isinstance(gw, dict):
        errors.append(SCHEME_ERROR["not_mapping"].format(key="democratic.group_weights"))
    else:
        for group, value in gw.items():
            if not _is_number(value):
                errors.append(SCHEME_ERROR["not_number"].format(key=f"democratic.group_weights.{group}", value=value))
            elif value < 0:
                errors.append(SCHEME_ERROR["negative"].format(key=f"democratic.group_weights.{group}", value=value))
    if not isinstance(demo.get("leader_groups"), list):
        errors.append(SCHEME_ERROR["empty_list"].format(key="democratic.leader_groups"))

    errors.extend(_rule_errors(data["consequences"].get("rules")))
    grades = data["history"].get("grades")
    if not isinstance(grades, list) or not grades or not all(isinstance(g, str) and g.strip() for g in grades):
        errors.append(SCHEME_ERROR["empty_list"].format(key="history.grades"))

    errors.extend(_quarterly_errors(data["quarterly"]))
    items = data["vetoes"].get("items")
    if not isinstance(items, dict):
        errors.append(SCHEME_ERROR["not_mapping"].format(key="vetoes.items"))
    else:
        errors.extend(SCHEME_ERROR["choice"].format(key=f"vetoes.items.{k}", choices="、".join(GRADES[1:]), value=v)
                      for k, v in items.items() if v not in GRADES[1:])
    by_type = data["quotas"].get("by_unit_type")
    if not isinstance(by_type, dict):
        errors.append(SCHEME_ERROR["not_mapping"].format(key="quotas.by_unit_type"))
    else:
        errors.extend(SCHEME_ERROR["range"].format(key=f"quotas.by_unit_type.{t}", low=0, high=1, value=v)
                      for t, v in by_type.items() if not _is_number(v) or not 0 <= v <= 1)
    if not isinstance(data["adjustments"].get("require_basis"), bool):
        errors.append(SCHEME_ERROR["not_bool"].format(key="adjustments.require_basis",
                                                      value=data["adjustments"].get("require_basis")))

    bands = data["grading"].get("bands")
    if not isinstance(bands, dict) or set(bands) != set(GRADES[:3]) or not all(_is_number(v) for v in bands.values()):
        errors.append(SCHEME_ERROR["bands_order"].format(bands=bands))
    elif not bands[GRADES[0]] > bands[GRADES[1]] > bands[GRADES[2]]:
        errors.append(SCHEME_ERROR["bands_order"].format(bands=bands))
    tie = data["grading"].get("tie_break")
    if not isinstance(tie, list) or any(t not in _TIE_KEYS for t in tie):
        errors.append(SCHEME_ERROR["choice"].format(
            key="grading.tie_break", choices="、".join(_TIE_KEYS), value=tie))
    return errors


class _FrozenDict(dict):
    """A dict that refuses changes: a scheme's sections are read, never written."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a Scheme is immutable: build a new one with Scheme.updated()")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:  # pickle and deepcopy rebuild it whole, never item by item
        return (type(self), (dict(self),))


class _FrozenList(list):
    """A list that refuses changes (posts, leader groups, tie-break keys)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a Scheme is immutable: build a new one with Scheme.updated()")

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self),))


def _freeze(value: Any) -> Any:
    """A read-only deep copy, with whole-number floats written as ints (40.0 → 40, see :func:`_canonical`)."""
    if isinstance(value, dict):
        return _FrozenDict({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return _FrozenList(_freeze(v) for v in value)
    return _canonical(value)


def _thaw(value: Any) -> Any:
    """A plain, writable deep copy of a frozen value."""
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


class Scheme:
    """A validated, immutable scheme.  Build with :meth:`default`, :meth:`from_yaml` or :meth:`from_dict`.

    Read it with :meth:`section` (a read-only view), :meth:`get` or
    :meth:`weights_of`; change it with :meth:`updated`, which returns a new one.

    >>> s = Scheme.default()
    >>> s.section("grading")["excellent_quota"] = 0.5
    Traceback (most recent call last):
    TypeError: a Scheme is immutable: build a new one with Scheme.updated()
    """

    __slots__ = ("_data", "_key")

    def __init__(self, data: dict[str, Any]) -> None:
        # 40 and 40.0 are the same weight: one spelling, so the key and the YAML do not depend on it.
        object.__setattr__(self, "_data", _freeze(data))
        text = json.dumps(self._data, ensure_ascii=False, sort_keys=True)
        object.__setattr__(self, "_key", hashlib.sha256(text.encode("utf-8")).hexdigest())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Scheme is immutable: build a new one with Scheme.updated()")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Scheme, (self.to_dict(),))

    @classmethod
    def default(cls) -> Scheme:
        """The shipped default scheme."""
        return cls(_default_data())

    @classmethod
    def from_dict(cls, over: dict[str, Any]) -> Scheme:
        """The default scheme with ``over`` laid on top; raises AppraisalError if invalid."""
        if not isinstance(over, dict):
            raise AppraisalError(SCHEME_ERROR["not_mapping"].format(key=SCHEME_ERROR["whole"]))
        data = _merge(_default_data(), over)
        errors = validate_scheme(data)
        if errors:
            raise AppraisalError("\n".join(errors))
        return cls(data)

    @classmethod
    def from_yaml(cls, text: str | bytes) -> Scheme:
        """Parse YAML text (a partial scheme is fine); raises AppraisalError if invalid."""
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        try:
            over = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise AppraisalError(SCHEME_ERROR["yaml"].format(details=exc)) from None
        return cls.from_dict(over)

    @classmethod
    def load(cls, path: str | Path) -> Scheme:
        """Read a scheme YAML file."""
        return cls.from_yaml(Path(path).read_bytes())

    def to_dict(self) -> dict[str, Any]:
        """A plain, writable deep copy of the settings (to edit, then :meth:`from_dict`)."""
        return _thaw(self._data)

    def to_yaml(self) -> str:
        """The whole scheme as YAML, keys in their documented order."""
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    def updated(self, patch: dict[str, Any]) -> Scheme:
        """A new scheme with ``patch`` laid over this one (free-form maps replaced whole)."""
        return Scheme.from_dict(_merge(self.to_dict(), patch))

    def edited(self, weights: dict[str, dict[str, float]] | None = None,
               bands: tuple[float, float, float] | None = None, **sections: dict[str, Any]) -> Scheme:
        """A new scheme with the settings a user edited, as the 考核方案 page collects them.

        ``weights``: the whole weights table, post → component → weight
        (a blank weight, NaN or None, counts 0; a post not yet in ``posts``
        is added to it).  ``bands``: the lower bounds of 优秀, 称职 and
        基本称职.  ``sections``: settings laid over their section, e.g.
        ``grading={"excellent_quota": 0.15}``.  Raises AppraisalError with
        one problem a line if the result is invalid.

        >>> s = Scheme.default().edited(weights={"默认": {"task": 50, "service": 25, "democratic": 25},
        ...                                      "驻村": {"task": 60, "service": 40, "democratic": None}},
        ...                             bands=(88, 70, 60), grading={"excellent_quota": 0.15})
        >>> s.weights_of("驻村"), "驻村" in s.section("posts")
        ({'task': 60.0, 'service': 40.0, 'democratic': 0.0}, True)
        >>> s.get("grading", "bands")["优秀"], s.get("grading", "excellent_quota")
        (88, 0.15)
        """
        patch: dict[str, Any] = {name: dict(values) for name, values in sections.items()}
        if weights is not None:
            table = {str(post): {c: _weight(w.get(c)) for c in COMPONENTS} for post, w in weights.items()}
            posts = list(self._data["posts"])
            patch["weights"] = table
            patch["posts"] = posts + [p for p in table if p not in posts and p != DEFAULT_POST]
        if bands is not None:
            patch.setdefault("grading", {})["bands"] = dict(zip(GRADES[:3], bands))
        return self.updated(patch)

    @property
    def key(self) -> str:
        """A stable hash of the settings, for caching and audit."""
        return self._key

    @property
    def name(self) -> str:
        """The scheme's name ("" if it has none)."""
        return str(self._data.get("name", ""))

    def get(self, section: str, key: str) -> Any:
        """One setting, e.g. ``get("grading", "excellent_quota")`` (lists and maps read-only)."""
        return self._data[section][key]

    def section(self, section: str) -> Any:
        """One section, read-only (no copy: a scheme never changes), e.g. ``section("grading")["bands"]``.

        A section is a map, but for ``posts`` (a list) and ``name`` (text).
        """
        return self._data[section]

    def weights_of(self, post: str) -> dict[str, float] | None:
        """The component weights of a post, the default ones, or None if neither exists."""
        weights = self._data["weights"]
        w = weights.get(post, weights.get(DEFAULT_POST))
        return None if w is None else {c: float(w[c]) for c in COMPONENTS}

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scheme) and other.key == self.key
