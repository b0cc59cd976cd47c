"""The meeting deck, the PDF report and the ``report`` command.

Most tests replace the chart renderer with tiny PNGs and read the .pptx back
with python-pptx; one test runs the command line end to end with kaleido,
Chromium and LibreOffice.
"""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

import appraisal
from appraisal import AppraisalError
from appraisal.analysis.overview import review_list
from appraisal.cli import main
from appraisal.demo.sample import write_sample
from appraisal.output import deck, report
from appraisal.output.deck import CJK_FONT, deck_bytes, slide_plan
from appraisal.output.report import report_pdf
from appraisal.texts import DECK
from tests.helpers import ROOT, SAMPLE_DATA


def _png(width: int = 16, height: int = 9) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "#1a9850").save(buf, "PNG")
    return buf.getvalue()


class _Renderer:
    """Stands in for appraisal.output.images.figure_images: tiny PNGs, every call recorded."""

    def __init__(self):
        self.calls = []

    def __call__(self, figs, fmt="png", width=1920, height=1080, scale=1):
        self.calls.append((list(figs), fmt, width, height, scale))
        return [_png() for _ in figs]


@pytest.fixture(scope="module")
def result(sample_result):
    return sample_result


@pytest.fixture(scope="module")
def built(result):
    renderer = _Renderer()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(deck, "figure_images", renderer)
        data = deck_bytes(result, county="青山县", year=2025)
    return Presentation(io.BytesIO(data)), renderer, data


def _texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def _title(slide) -> str:
    return _texts(slide)[0]


def test_sixteen_by_nine(built):
    prs, _, _ = built
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))


def test_slide_titles_in_meeting_order(built):
    prs, _, _ = built
    titles = [_title(s) for s in prs.slides]
    assert titles[0] == "青山县2025年度干部考核结果分析"
    expected = [DECK[k] for k in ("overview", "grades", "by_unit", "by_dept", "by_post")]
    assert titles[1:6] == expected
    order = [DECK["inversion_groups"], "倒挂单位：", "建议复核的干部", DECK["leader_mass"], "领导与群众评价落差明显的干部",
             DECK["bias"], DECK["quota"], "各单位排名前3名与后3名", DECK["method"]]
    positions = [next(i for i, t in enumerate(titles) if t.startswith(o)) for o in order]
    assert positions == sorted(positions)
    assert titles[-1] == DECK["method"]


def test_every_slide_has_a_source_line(built, result):
    prs, _, _ = built
    for slide in prs.slides:
        source = [t for t in _texts(slide) if t.startswith("资料来源")]
        assert len(source) == 1
        assert result.scheme.key[:12] in source[0]
        assert all(i["file"] in source[0] for i in result.dataset.inputs)


def test_charts_are_images_from_one_render(built, result):
    prs, renderer, _ = built
    charts_slides = [s for s in slide_plan(result) if s.kind == "chart"]
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == len(charts_slides) >= 8
    assert len(renderer.calls) == 1  # one browser start for the whole deck
    figs, fmt, width, height, scale = renderer.calls[0]
    assert fmt == "png" and width * scale == 1920 and abs(width / height - 12.333 / 5.6) < 0.01
    assert all(f.layout.title.text in ("", None) for f in figs)  # the slide carries the title


def test_east_asian_font_on_every_run(built):
    prs, _, _ = built
    runs = 0
    for slide in prs.slides:
        for r in slide._element.iter(qn("a:r")):
            rpr = r.find(qn("a:rPr"))
            assert rpr is not None
            assert rpr.find(qn("a:latin")).get("typeface") == CJK_FONT
            assert rpr.find(qn("a:ea")).get("typeface") == CJK_FONT
            children = [c.tag for c in rpr]
            assert children.index(qn("a:latin")) < children.index(qn("a:ea"))  # schema order
            runs += 1
    assert runs > 500


def test_tables_stay_readable(built):
    prs, _, _ = built
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert tables
    assert all(len(t.rows) <= 13 for t in tables)


def test_review_slides_list_the_people(built, result):
    prs, _, _ = built
    slides = [s for s in prs.slides if _title(s).startswith("建议复核的干部")]
    names = [t for s in slides for sh in s.shapes if sh.has_table
             for t in [sh.table.cell(r, 1).text for r in range(1, len(sh.table.rows))]]
    expected = list(review_list(result)["name"][:36])
    assert names == expected
    inverted = set(result.groups.loc[result.groups["inversion"], "name"])
    groups = next(s for s in prs.slides if _title(s).startswith(DECK["inversion_groups"]))
    assert inverted <= set(_texts(groups))


def test_quota_slide_adds_up(built, result):
    prs, _, _ = built
    slide = next(s for s in prs.slides if _title(s) == DECK["quota"])
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    total = [table.cell(len(table.rows) - 1, c).text for c in range(len(table.columns))]
    assert total[0] == DECK["total"] and total[1] == str(len(result.cadres))
    assert total[3] == str(int((result.cadres["grade"] == "优秀").sum()))


def test_top_and_bottom_cover_every_unit(built, result):
    prs, _, _ = built
    units = [sh.table.cell(r, 0).text for s in prs.slides if _title(s).startswith("各单位排名前")
             for sh in s.shapes if sh.has_table for r in range(1, len(sh.table.rows))]
    assert sorted(units) == sorted(result.cadres["unit"].unique())
    best = result.cadres.sort_values("composite", ascending=False).iloc[0]
    row = next(r for s in prs.slides if _title(s).startswith("各单位排名前") for sh in s.shapes if sh.has_table
               for r in sh.table.rows if r.cells[0].text == best["unit"])
    assert row.cells[2].text.startswith(f"{best['name']}{best['composite']:.1f}")


def test_method_slide_from_the_scheme(result, monkeypatch):
    monkeypatch.setattr(deck, "figure_images", _Renderer())
    scheme = result.scheme.updated({"grading": {"excellent_quota": 0.15}})
    prs = Presentation(io.BytesIO(deck_bytes(appraisal.score(result.dataset, scheme))))
    assert _title(prs.slides[0]) == "干部考核结果分析"  # no county, no year
    method = "\n".join(_texts(prs.slides[-1]))
    assert "15%" in method and scheme.key[:12] in method


def test_missing_libreoffice_is_a_chinese_error(result, monkeypatch):
    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    with pytest.raises(AppraisalError, match="LibreOffice"):
        report_pdf(result, deck=b"not used")
    code = main(["report", *map(str, sorted(SAMPLE_DATA.iterdir())), "--pdf", "x.pdf"])
    assert code == 2


def test_report_needs_an_output(capsys):
    assert main(["report", *map(str, sorted(SAMPLE_DATA.iterdir()))]) == 2
    assert "--pptx" in capsys.readouterr().err


def test_report_command_end_to_end(tmp_path):
    """python -m appraisal report … --pptx --pdf: real charts (kaleido + Chromium), PDF by LibreOffice."""
    if report.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    files = write_sample(tmp_path / "data", n_cadres=120, seed=11)
    pptx, pdf = tmp_path / "汇报.pptx", tmp_path / "报告.pdf"
    code = main(["report", *map(str, files), "--pptx", str(pptx), "--pdf", str(pdf),
                 "--county", "青山县", "--year", "2025"])
    assert code == 0
    prs = Presentation(str(pptx))
    assert _title(prs.slides[0]) == "青山县2025年度干部考核结果分析"
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert pictures
    image = Image.open(io.BytesIO(pictures[0].image.blob))
    assert image.size[0] == 1920
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == len(prs.slides)


# ---------------------------------------------------------------- the dashboard's buttons


class _NavigationPagesManager(app_test_module.PagesManager):
    """As in test_dashboard: keep ``st.navigation`` routing across AppTest reruns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app_test_module.PagesManager.uses_pages_directory = False


def test_ranking_page_builds_the_meeting_materials(monkeypatch):
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationPagesManager)
    monkeypatch.setattr(deck, "figure_images", _Renderer())
    monkeypatch.setattr(report, "office_to_pdf", lambda data, suffix=".pptx": b"%PDF-1.7 fake")
    monkeypatch.setattr(report, "soffice_path", lambda: "/usr/bin/soffice")
    from appraisal.output import images

    monkeypatch.setattr(images, "_images", lambda specs: [_png() for _ in specs])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    assert at.text_input(key="rk_county").value == "青山县"
    labels = lambda: [b.proto.label for b in at.get("download_button")]  # noqa: E731
    assert labels() == ["下载排名 Excel", "下载排名 CSV"]
    for name in ("deck", "pdf", "charts"):
        at.button(key=f"rk_build_{name}").click().run()
        assert not at.exception
    assert labels() == ["下载排名 Excel", "下载排名 CSV", "下载汇报 PPT", "下载 PDF 报告",
                        "下载图表图片（PNG+SVG，ZIP）"]


def test_report_command_charts_and_workbook(tmp_path, monkeypatch, capsys):
    from appraisal.output import images

    monkeypatch.setattr(images, "_images", lambda specs: [_png() for _ in specs])
    files = map(str, sorted(SAMPLE_DATA.iterdir()))
    out = tmp_path / "排名.xlsx"
    code = main(["report", *files, "--charts", str(tmp_path / "图"), "--out", str(out), "--county", "青山县",
                 "--year", "2025"])
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "图").iterdir())
    assert "01_综合得分分布（按等次）.png" in names and "01_综合得分分布（按等次）.svg" in names
    assert len(names) == 2 * len([n for n in names if n.endswith(".png")])
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "排名"
    assert "已写入" in capsys.readouterr().err


def test_small_county_without_findings(tmp_path, monkeypatch):
    """Twenty cadres: no inversion can be shown; the deck says so in words instead of failing."""
    monkeypatch.setattr(deck, "figure_images", _Renderer())
    small = appraisal.appraise(write_sample(tmp_path, n_cadres=20, seed=5))
    small = dataclasses.replace(small, groups=small.groups.iloc[0:0])
    prs = Presentation(io.BytesIO(deck_bytes(small)))
    texts = [t for s in prs.slides for t in _texts(s)]
    assert DECK["inversion_none"] in texts
    assert _title(prs.slides[-1]) == DECK["method"]


def test_rater_bias_slide_names_the_planted_uniform_unit(built):
    from appraisal.demo.sample import PLANTED_UNIFORM_UNIT

    prs, _, _ = built
    bias = [s for s in prs.slides if _title(s).startswith(DECK["bias"])]
    assert len(bias) == 1
    text = " ".join(_texts(bias[0]))
    assert PLANTED_UNIFORM_UNIT in text and "测评偏宽" in text and "信息量低" in text


def test_no_rater_bias_slide_when_nothing_is_flagged(result):
    calm = dataclasses.replace(result, dataset=dataclasses.replace(
        result.dataset, votes=result.dataset.votes.iloc[0:0], ballots=result.dataset.ballots.iloc[0:0]))
    assert not any(s.title.startswith(DECK["bias"]) for s in slide_plan(calm))
