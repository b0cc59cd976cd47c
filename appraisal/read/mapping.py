"""A user's column mapping: names for headers the built-in synonyms do not know.

The dashboard builds one interactively; the command line reads one from
YAML (``--map``).  The YAML looks like::

    columns:          # header as written -> field
      考核对象编号: cadre_id
      办件评价: rating
    sheets:           # sheet (or "file:sheet") -> source, when detection is not wanted
      附表3: service
    units:            # unit as another sheet writes it -> the roster's unit (rows linked by name)
      青石镇人民政府: 青石镇
    options:          # a survey export's option numbers -> the grade they stand for
      1: 优秀
    layouts:          # sheet (or "file:sheet") -> how it is laid out, when recognition is not wanted:
      问卷结果: survey  # long, survey, wide_tally (横排测评汇总), wide_tasks (横排任务/指标得分)

>>> m = ColumnMapping.from_yaml("columns: {考核对象编号: cadre_id}")
>>> m.columns
{'考核对象编号': 'cadre_id'}
>>> ColumnMapping.from_yaml(m.to_yaml()) == m
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..errors import AppraisalError
from ..scheme import GRADES
from ..texts import ERROR
from .fields import HEADER_SYNONYMS, LAYOUTS, SOURCES, normalize_header

__all__ = ["ColumnMapping"]


@dataclass(frozen=True)
class ColumnMapping:
    """Extra header → field names, sheet → source and sheet → layout overrides, unit aliases, survey options."""

    columns: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    layouts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bad = [f"“{h}”→“{f}”" for h, f in self.columns.items() if f not in HEADER_SYNONYMS]
        bad += [f"“{s}”→“{src}”" for s, src in self.sheets.items() if src not in SOURCES]
        bad += [f"“{k}”→“{g}”" for k, g in self.options.items() if g not in GRADES]
        bad += [f"“{s}”→“{layout}”" for s, layout in self.layouts.items() if layout not in LAYOUTS]
        if bad:
            known = "；".join("、".join(names) for names in (HEADER_SYNONYMS, SOURCES, GRADES, LAYOUTS))
            raise AppraisalError(ERROR["mapping"].format(
                details=ERROR["mapping_unknown"].format(pairs=", ".join(bad), known=known)))

    @classmethod
    def from_yaml(cls, text: str | bytes) -> ColumnMapping:
        """Parse the YAML form shown in the module docstring."""
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise AppraisalError(ERROR["mapping"].format(details=exc)) from None
        if not isinstance(data, dict):
            raise AppraisalError(ERROR["mapping"].format(details=ERROR["mapping_shape"]))
        parts = [data.get(part) or {} for part in ("columns", "sheets", "units", "options", "layouts")]
        if not all(isinstance(part, dict) for part in parts):
            raise AppraisalError(ERROR["mapping"].format(details=ERROR["mapping_sections"]))
        return cls(*({str(k): str(v) for k, v in part.items()} for part in parts))

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping YAML file."""
        return cls.from_yaml(Path(path).read_bytes())

    def to_yaml(self) -> str:
        """The mapping as YAML, to save for next year."""
        data = {"columns": dict(self.columns), "sheets": dict(self.sheets)}
        if self.units:
            data["units"] = dict(self.units)
        if self.options:
            data["options"] = dict(self.options)
        if self.layouts:
            data["layouts"] = dict(self.layouts)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    def header_fields(self) -> dict[str, str]:
        """Normalized header → field, as :func:`appraisal.read.fields.field_of` wants it."""
        return {normalize_header(h): f for h, f in self.columns.items()}

    def source_of(self, file: str, sheet: str) -> str | None:
        """The source forced for a sheet, if any (``file:sheet`` wins over ``sheet``)."""
        return self.sheets.get(f"{file}:{sheet}", self.sheets.get(sheet))

    def layout_of(self, file: str, sheet: str) -> str | None:
        """The layout forced for a sheet, if any (``file:sheet`` wins over ``sheet``)."""
        return self.layouts.get(f"{file}:{sheet}", self.layouts.get(sheet))

    def with_(self, **parts: dict[str, str]) -> ColumnMapping:
        """A copy with some parts replaced: ``mapping.with_(units={...})``."""
        return replace(self, **parts)

    def __hash__(self) -> int:
        return hash(self.to_yaml())
