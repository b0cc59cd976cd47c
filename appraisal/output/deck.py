"""The meeting deck: a 16:9 PowerPoint a leadership meeting can be run from.

Slides, in order: title; overview numbers; the composite distribution; the
distribution per township (and per county department); per post; inversion
findings with the groups and the people to review; the leader/mass gap;
grades against the 优秀 quota; the top and bottom of each unit's ranking;
the method.  Every slide has a title and a source line (input files, scheme
name and hash, date).  Charts are images from :mod:`appraisal.output.images`,
rendered in one browser start; Chinese text carries an East-Asian font
(``a:ea``) so PowerPoint, WPS and LibreOffice all draw it with a CJK face.

>>> from appraisal.demo.sample import write_sample  # doctest: +SKIP
>>> deck = deck_bytes(appraise(write_sample(tmp)), county="青山县", year=2025)  # doctest: +SKIP
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..analysis import group_bias, headline, review_list, straight_lining, unit_bias
from ..scheme import GRADES
from ..scoring import Result
from ..texts import (
    COLUMN_LABELS,
    DECK,
    FLAG_LABELS,
    GROUP_BY_LABELS,
    METHOD,
    NO_VALUE,
    ROBUST_FLAG_LABELS,
    UI,
)
from . import charts
from .export import method_sections, report_title
from .images import figure_images

__all__ = ["build_deck", "deck_bytes", "write_deck", "slide_plan", "CJK_FONT"]

CJK_FONT = "Noto Sans CJK SC"
_W, _H = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.5)
_TITLE_TOP, _TITLE_H = Inches(0.3), Inches(0.8)
_BODY_TOP = Inches(1.2)
_BODY_H = Inches(5.6)
_SOURCE_TOP, _SOURCE_H = Inches(7.0), Inches(0.35)
_BODY_W = _W - 2 * _MARGIN
_IMAGE_WIDTH = 1280  # CSS pixels of a chart's layout; the height follows the body's shape
_IMAGE_SCALE = 1.5  # 1280 × 1.5 = 1920 pixels wide: projector resolution, type large enough to read
_ROWS_PER_SLIDE = 12
_INK, _GREY, _HEAD = "1F2D3D", "666666", "DDEBF7"


@dataclass
class _Slide:
    """One slide's content before it is drawn: kind is title, numbers, chart, table or text."""

    kind: str
    title: str
    figure: go.Figure | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    note: str = ""
    numbers: list[tuple[str, int, str | None]] = field(default_factory=list)
    image: bytes | None = None


# ---------------------------------------------------------------- what the deck says


def _chunks(rows: list[list[Any]], size: int) -> list[list[list[Any]]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return NO_VALUE
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _no_title(fig: go.Figure) -> go.Figure:
    """A copy of a figure without its own title (the slide has one)."""
    out = go.Figure(fig)
    out.update_layout(title_text="", margin={"t": 50})
    return out


def _numbered(title: str, i: int, n: int) -> str:
    """A title with its part number, none when there is one part."""
    return title + (DECK["part"].format(i=i, n=n) if n > 1 else "")


def _split_table(title: str, header: list[str], rows: list[list[Any]], widths: list[float],
                 empty: str, note: str = "", size: int = _ROWS_PER_SLIDE) -> list[_Slide]:
    if not rows:
        return [_Slide("text", _numbered(title, 1, 1), lines=[empty])]
    parts = _chunks(rows, size)
    return [_Slide("table", _numbered(title, i, len(parts)), header=header, rows=part, widths=widths,
                   note=note if i == len(parts) else "")
            for i, part in enumerate(parts, start=1)]


def _overview(result: Result) -> _Slide:
    h = headline(result)
    numbers = [(UI["cadres"], h["cadres"], None), (UI["units"], h["units"], None)]
    numbers += [(g, h[g], charts.GRADE_COLORS[g]) for g in GRADES]
    numbers += [(UI["flagged_cadres"], h["flagged_cadres"], None), (UI["inverted_groups"], h["inverted_groups"], None),
                (UI["flagged_units"], h["flagged_units"], None), (UI["rejected_rows"], h["rejected_rows"], None)]
    return _Slide("numbers", DECK["overview"], numbers=numbers)


def _distribution_slides(result: Result) -> list[_Slide]:
    c = result.cadres
    dept = result.scheme.get("reading", "unit_type_default")
    towns = c[c["unit_type"] != dept]
    depts = c[c["unit_type"] == dept]
    out = []
    if len(towns):
        out.append(_Slide("chart", DECK["by_unit"], _no_title(charts.distribution(towns, "unit", present=True))))
    if len(depts):
        out.append(_Slide("chart", DECK["by_dept"], _no_title(charts.distribution(depts, "unit", present=True))))
    out.append(_Slide("chart", DECK["by_post"], _no_title(charts.distribution(c, "post", present=True))))
    return out


def _inversion_slides(result: Result, max_units: int, max_people: int) -> list[_Slide]:
    g = result.groups
    inverted = g[g["inversion"]].sort_values("rho")
    header = [DECK["col_group_by"], DECK["col_group"], DECK["col_n"], "rho", "q"]
    rows = [[GROUP_BY_LABELS.get(r.by, r.by), r.name, int(r.n), _fmt(r.rho, 2), _fmt(r.q, 3)]
            for r in inverted.itertuples()]
    out = _split_table(DECK["inversion_groups"], header, rows, [2, 5, 1.5, 1.5, 1.5],
                       DECK["inversion_none"])
    c = result.cadres
    for r in inverted[inverted["by"] == "unit"].head(max_units).itertuples():
        fig = charts.inversion_scatter(c[c["unit"] == r.name], rho=r.rho, present=True)
        out.append(_Slide("chart", DECK["inversion_scatter"].format(unit=r.name, rho=r.rho, q=r.q), _no_title(fig)))
    review = review_list(result)
    rows = [[r.unit, r.name, r.post, _fmt(r.workload), _fmt(r.composite), r.grade, int(r.rank_in_unit)]
            for r in review.itertuples()]
    more = max(len(rows) - max_people, 0)
    header = [COLUMN_LABELS[k] for k in ("unit", "name", "post", "workload", "composite", "grade", "rank_in_unit")]
    out += _split_table(DECK["review"], header, rows[:max_people], [3, 1.6, 2, 1.3, 1.5, 1.3, 1.5],
                        DECK["review_none"], note=DECK["more_people"].format(n=more) if more else "")
    return out


def _gap_slides(result: Result, max_people: int) -> list[_Slide]:
    c = result.cadres
    out = [_Slide("chart", DECK["leader_mass"], _no_title(charts.leader_mass_scatter(c, present=True)))]
    codes = ("leader_above_mass", "mass_above_leader")
    gaps = c[c["flags"].map(lambda f: any(x in f for x in codes))].copy()
    gaps["gap"] = (gaps["leader_score"] - gaps["service_score"]).abs()
    gaps = gaps.sort_values("gap", ascending=False)
    rows = [[r.unit, r.name, r.post, _fmt(r.leader_score), _fmt(r.service_score),
             "、".join(FLAG_LABELS[x] for x in r.flags if x in codes)] for r in gaps.itertuples()]
    more = max(len(rows) - max_people, 0)
    header = [COLUMN_LABELS[k] for k in ("unit", "name", "post", "leader_score", "service_score")] + [DECK["col_flag"]]
    out += _split_table(DECK["gaps"], header, rows[:max_people], [3, 1.6, 2, 1.8, 2.2, 2.6], DECK["gaps_none"],
                        note=DECK["more_people"].format(n=more) if more else "")
    return out


def _bias_slides(result: Result, max_rows: int) -> list[_Slide]:
    """Rater bias, only when something is flagged: lenient or harsh units and voter groups, low-information
    voting, voters who gave everyone the same grade (:mod:`appraisal.analysis.bias`)."""
    ds, scheme = result.dataset, result.scheme
    rows = []
    for kind, table, who in ((DECK["bias_unit"], unit_bias(ds, scheme), "unit"),
                             (DECK["bias_group"], group_bias(ds, scheme), "name")):
        if table.empty:
            continue
        flagged = table[table["flags"].map(bool)]
        rows += [[kind, str(w), "、".join(ROBUST_FLAG_LABELS[f] for f in fl), t]
                 for w, fl, t in zip(flagged[who], flagged["flags"], flagged["flag_text"])]
    straight = straight_lining(ds, scheme)
    for r in straight[straight["straight_lining"]].itertuples() if not straight.empty else ():
        rows.append([DECK["bias_voter"], f"{r.voter_id}（{r.unit}）", ROBUST_FLAG_LABELS["straight_lining"], r.flag_text])
    if not rows:
        return []
    more = max(len(rows) - max_rows, 0)
    header = [DECK["col_bias_kind"], DECK["col_bias_who"], DECK["col_flag"], DECK["col_bias_text"]]
    return _split_table(DECK["bias"], header, rows[:max_rows], [1.6, 2.6, 2.2, 8.6], "", size=6,
                        note=DECK["more_rows"].format(n=more) if more else "")


def _quota_slide(result: Result) -> _Slide:
    c = result.cadres
    by = result.scheme.get("grading", "group_by")
    quota = c.groupby(by)["quota"].first()
    excellent = c[c["grade"] == GRADES[0]].groupby(by).size().reindex(quota.index, fill_value=0)
    full = int(((excellent >= quota) & (quota > 0)).sum())
    key = "unit_type" if by == "unit" else "post"
    group_quota = quota if key == by else quota.groupby(c.groupby(by)[key].first()).sum()
    counts = pd.crosstab(c[key], c["grade"]).reindex(columns=list(GRADES), fill_value=0)
    rows = []
    for name in counts.index:
        n = int(counts.loc[name].sum())
        rows.append([name, n, int(group_quota.get(name, 0))] + [int(counts.loc[name, g]) for g in GRADES]
                    + [f"{counts.loc[name, GRADES[0]] / n:.1%}" if n else NO_VALUE])
    total = int(counts.to_numpy().sum())
    rows.append([DECK["total"], total, int(quota.sum())] + [int(counts[g].sum()) for g in GRADES]
                + [f"{counts[GRADES[0]].sum() / total:.1%}" if total else NO_VALUE])
    header = [DECK["col_type"] if by == "unit" else COLUMN_LABELS["post"], DECK["col_n"], DECK["col_quota"],
              *GRADES, DECK["col_share"]]
    note = DECK["quota_note"].format(quota=result.scheme.get("grading", "excellent_quota"), full=full,
                                     groups=len(quota), scope=GROUP_BY_LABELS[by], ties=len(result.ties))
    return _Slide("table", DECK["quota"], header=header, rows=rows, widths=[2.2, 1.3, 1.5, 1.3, 1.3, 1.5, 1.3, 1.5],
                  note=note)


def _top_bottom_slides(result: Result, top_n: int) -> list[_Slide]:
    c = result.cadres[result.cadres["composite"].notna()]
    rows = []
    for (_, unit), part in c.groupby(["unit_type", "unit"], sort=True):
        part = part.sort_values(["composite", "cadre_id"], ascending=[False, True])
        def people(frame: pd.DataFrame) -> str:
            return "、".join(DECK["person"].format(name=r.name, score=f"{r.composite:.1f}") for r in frame.itertuples())
        top = part.head(top_n)
        bottom = part.iloc[max(len(part) - top_n, top_n):].iloc[::-1] if len(part) > top_n else part.iloc[0:0]
        rows.append([unit, len(part), people(top), people(bottom)])
    header = [DECK["col_unit"], DECK["col_n"], DECK["col_top"].format(n=top_n), DECK["col_bottom"].format(n=top_n)]
    parts = _chunks(rows, _ROWS_PER_SLIDE)
    title = DECK["top_bottom"].format(n=top_n)
    return [_Slide("table", _numbered(title, i, len(parts)), header=header, rows=part, widths=[2.4, 1.0, 4.5, 4.5])
            for i, part in enumerate(parts, start=1)]


def _method_slide(result: Result) -> _Slide:
    lines, weights = [], []
    for topic, text in method_sections(result.scheme):
        if topic == METHOD["weights"]:
            weights.append(text)
        else:
            lines.append(f"{topic}：{text}")
    lines.insert(2, f"{METHOD['weights']}：" + "；".join(weights) + "。")
    return _Slide("text", DECK["method"], lines=lines)


def slide_plan(result: Result, county: str | None = None, year: int | None = None, top_n: int = 3,
               max_units: int = 3, max_people: int = 36) -> list[_Slide]:
    """What each slide will show, in order (figures not yet rendered)."""
    title = DECK["title"].format(title=report_title(county, year))
    slides = [_Slide("title", title), _overview(result),
              _Slide("chart", DECK["grades"], _no_title(charts.composite_histogram(result.cadres, present=True)))]
    slides += _distribution_slides(result)
    slides += _inversion_slides(result, max_units, max_people)
    slides += _gap_slides(result, max_people)
    slides += _bias_slides(result, max_people)
    slides.append(_quota_slide(result))
    slides += _top_bottom_slides(result, top_n)
    slides.append(_method_slide(result))
    return slides


# ---------------------------------------------------------------- drawing


def _font(run, size: float, bold: bool = False, color: str = _INK) -> None:
    """Size, weight, colour and the CJK font in the latin, East-Asian and complex-script slots."""
    f = run.font
    f.size = Pt(size)
    f.bold = bold
    f.color.rgb = RGBColor.from_string(color)
    f.name = CJK_FONT  # a:latin
    rPr = run._r.get_or_add_rPr()
    latin = rPr.find(qn("a:latin"))
    anchor = latin
    for tag in ("a:ea", "a:cs"):
        el = rPr.find(qn(tag))
        if el is None:
            el = etree.Element(qn(tag))
            anchor.addnext(el)
        el.set("typeface", CJK_FONT)
        anchor = el


def _textbox(slide, left, top, width, height, paragraphs: list[str], size: float, bold: bool = False,
             color: str = _INK, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, spacing: float = 0) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for i, text in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        if spacing:
            p.space_after = Pt(spacing)
        run = p.add_run()
        run.text = text
        _font(run, size, bold, color)


def _frame(slide, title: str, source: str) -> None:
    _textbox(slide, _MARGIN, _TITLE_TOP, _BODY_W, _TITLE_H, [title], 28, bold=True, anchor=MSO_ANCHOR.MIDDLE)
    line = slide.shapes.add_connector(1, _MARGIN, _TITLE_TOP + _TITLE_H, _W - _MARGIN, _TITLE_TOP + _TITLE_H)
    line.line.color.rgb = RGBColor.from_string("2E75B6")
    line.line.width = Pt(2)
    _textbox(slide, _MARGIN, _SOURCE_TOP, _BODY_W, _SOURCE_H, [source], 10, color=_GREY)


def _draw_title(slide, s: _Slide, subtitle: str, source: str) -> None:
    _textbox(slide, _MARGIN, Inches(2.2), _BODY_W, Inches(1.6), [s.title], 40, bold=True, align=PP_ALIGN.CENTER,
             anchor=MSO_ANCHOR.MIDDLE)
    _textbox(slide, _MARGIN, Inches(4.0), _BODY_W, Inches(0.8), [subtitle], 20, color=_GREY, align=PP_ALIGN.CENTER)
    _textbox(slide, _MARGIN, _SOURCE_TOP, _BODY_W, _SOURCE_H, [source], 10, color=_GREY)


def _draw_numbers(slide, s: _Slide) -> None:
    per_row = 5
    gap = Inches(0.25)
    tile_w = int((_BODY_W - gap * (per_row - 1)) / per_row)
    tile_h = Inches(2.3)
    for i, (label, value, color) in enumerate(s.numbers):
        r, c = divmod(i, per_row)
        left = _MARGIN + c * (tile_w + gap)
        top = _BODY_TOP + Inches(0.3) + r * (tile_h + gap)
        tile = slide.shapes.add_shape(1, left, top, tile_w, tile_h)
        tile.fill.solid()
        tile.fill.fore_color.rgb = RGBColor.from_string((color or "#F2F2F2").lstrip("#"))
        tile.line.fill.background()
        ink = "FFFFFF" if color else _INK
        tf = tile.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        p = tf.paragraphs[0]
        p.alignment = PP_ALIGN.CENTER
        run = p.add_run()
        run.text = f"{value:,}"
        _font(run, 44, True, ink)
        p = tf.add_paragraph()
        p.alignment = PP_ALIGN.CENTER
        run = p.add_run()
        run.text = label
        _font(run, 18, False, ink)


def _draw_chart(slide, s: _Slide) -> None:
    if s.image:
        slide.shapes.add_picture(io.BytesIO(s.image), _MARGIN, _BODY_TOP, width=_BODY_W, height=_BODY_H)


def _draw_table(slide, s: _Slide) -> None:
    n_rows = len(s.rows) + 1
    note_h = Inches(0.5) if s.note else 0
    row_h = min(Inches(0.45), int((_BODY_H - note_h) / n_rows))
    shape = slide.shapes.add_table(n_rows, len(s.header), _MARGIN, _BODY_TOP, _BODY_W, row_h * n_rows)
    table = shape.table
    total = sum(s.widths) or len(s.header)
    widths = s.widths or [1] * len(s.header)
    for c, w in enumerate(widths):
        table.columns[c].width = Emu(int(_BODY_W * w / total))
    for r in range(n_rows):
        table.rows[r].height = row_h
    size = 14 if n_rows <= 8 else 12
    grade_cols = {c for c, h in enumerate(s.header) if h in (COLUMN_LABELS["grade"],)}
    for r, values in enumerate([s.header] + s.rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            tf = cell.text_frame
            tf.word_wrap = True
            p = tf.paragraphs[0]
            numeric = isinstance(value, (int, float)) or (isinstance(value, str) and value[:1].isdigit())
            p.alignment = PP_ALIGN.CENTER if r == 0 or numeric else PP_ALIGN.LEFT
            run = p.add_run()
            run.text = _fmt(value)
            ink = _INK
            cell.fill.solid()
            if r == 0:
                cell.fill.fore_color.rgb = RGBColor.from_string(_HEAD)
            elif c in grade_cols and value in charts.GRADE_COLORS:
                cell.fill.fore_color.rgb = RGBColor.from_string(charts.GRADE_COLORS[value].lstrip("#"))
                ink = "FFFFFF"
            else:
                cell.fill.fore_color.rgb = RGBColor.from_string("FFFFFF" if r % 2 else "F5F8FC")
            _font(run, size, bold=r == 0, color=ink)
    if s.note:
        _textbox(slide, _MARGIN, _BODY_TOP + row_h * n_rows + Inches(0.1), _BODY_W, note_h, [s.note], 14)


def _draw_text(slide, s: _Slide) -> None:
    size = 20 if len(s.lines) <= 3 else 13
    _textbox(slide, _MARGIN, _BODY_TOP, _BODY_W, _BODY_H, s.lines, size, spacing=4)


def _source(result: Result, when: str) -> str:
    files = [i["file"] for i in result.dataset.inputs]
    shown = "、".join(files[:3]) + (DECK["more_files"].format(n=len(files)) if len(files) > 3 else "")
    return DECK["source"].format(files=shown, scheme=result.scheme.name, key=result.scheme.key[:12],
                                 date=when)


def build_deck(result: Result, county: str | None = None, year: int | None = None, when: Date | None = None,
               top_n: int = 3, max_units: int = 3, max_people: int = 36) -> Presentation:
    """The meeting deck as a python-pptx ``Presentation``.

    Charts are rendered with :func:`appraisal.output.images.figure_images` in one
    call (one browser start).  ``when`` is the date on the slides (default
    today); ``top_n`` the people shown at each end of a unit's ranking;
    ``max_units`` the inverted units given a scatter slide each;
    ``max_people`` the most people listed for review or for a gap.
    """
    when_text = (when or Date.today()).isoformat()
    slides = slide_plan(result, county, year, top_n, max_units, max_people)
    figs = [s for s in slides if s.kind == "chart"]
    height = round(_IMAGE_WIDTH * _BODY_H / _BODY_W)
    images = figure_images([s.figure for s in figs], "png", _IMAGE_WIDTH, height, scale=_IMAGE_SCALE)
    for s, image in zip(figs, images):
        s.image = image
    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    blank = prs.slide_layouts[6]
    source = _source(result, when_text)
    subtitle = DECK["subtitle"].format(date=when_text, scheme=result.scheme.name)
    for s in slides:
        slide = prs.slides.add_slide(blank)
        if s.kind == "title":
            _draw_title(slide, s, subtitle, source)
            continue
        _frame(slide, s.title, source)
        {"numbers": _draw_numbers, "chart": _draw_chart, "table": _draw_table, "text": _draw_text}[s.kind](slide, s)
    prs.core_properties.title = slides[0].title
    return prs


def deck_bytes(result: Result, county: str | None = None, year: int | None = None, **kwargs: Any) -> bytes:
    """The meeting deck as .pptx bytes (for a download button)."""
    buf = io.BytesIO()
    build_deck(result, county, year, **kwargs).save(buf)
    return buf.getvalue()


def write_deck(result: Result, path: str | Path, county: str | None = None, year: int | None = None,
               **kwargs: Any) -> None:
    """Write the meeting deck to a .pptx file."""
    Path(path).write_bytes(deck_bytes(result, county, year, **kwargs))
