"""``python -m appraisal``: score, report, validate, template, sample, password, archive.

``archive save|list|show|compare|export|history|import|consequences|quarters`` keeps every appraisal period in the archive (``--db``: a SQLite
file or a PostgreSQL URL; see :mod:`appraisal.archive`).

``report`` builds the meeting materials: ``--pptx`` deck, ``--pdf`` report (LibreOffice),
``--charts`` folder of PNG and SVG images, ``--out`` ranked workbook; ``--county``/``--year`` title them.

Exit codes: 0 when anything could be scored (rejected rows are reported,
not fatal); 2 with one Chinese message on stderr when nothing can be (or the
command line itself is wrong); 3 for an internal error, still without a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError

from .errors import AppraisalError
from .texts import ARCHIVE, ARGPARSE, CLI, GRADES_ORDER, SOURCE_LABELS, TEMPLATE_LAYOUTS

__all__ = ["main"]

_SHOW_REJECTED = 20


@contextlib.contextmanager
def _argparse_in_chinese() -> Iterator[None]:
    """argparse's own words (usage:, options, its error messages) in Chinese while ours is built and run.

    argparse looks its words up through a module-level gettext function at
    the moment it uses them; it is swapped for :data:`~appraisal.texts.ARGPARSE`
    only here, so other users of argparse in the process keep theirs.
    """
    english = argparse._
    argparse._ = lambda text: ARGPARSE.get(text, english(text))
    try:
        yield
    finally:
        argparse._ = english


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese, with exit code 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        sys.stderr.write(CLI["error_prefix"] + CLI["usage_error"].format(details=message) + "\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m appraisal", description=CLI["description"])
    sub = p.add_subparsers(dest="command", required=True, metavar=CLI["command_metavar"])
    s = sub.add_parser("score", help=CLI["score_help"])
    s.add_argument("files", nargs="+", metavar=CLI["files_metavar"], help=CLI["files_help"])
    s.add_argument("--scheme", help=CLI["scheme_help"])
    s.add_argument("--map", dest="mapping", help=CLI["map_help"])
    s.add_argument("--out", help=CLI["out_help"])
    s.add_argument("--json", help=CLI["json_help"])
    s.add_argument("--county", help=CLI["county_help"])
    s.add_argument("--year", type=int, help=CLI["year_help"])
    s.add_argument("--mask", action="store_true", help=CLI["mask_help"])
    s.add_argument("--db", help=CLI["score_db_help"])
    v = sub.add_parser("validate", help=CLI["validate_help"])
    v.add_argument("files", nargs="+", metavar=CLI["files_metavar"], help=CLI["files_help"])
    v.add_argument("--scheme", help=CLI["scheme_help"])
    v.add_argument("--map", dest="mapping", help=CLI["map_help"])
    t = sub.add_parser("template", help=CLI["template_help"])
    t.add_argument("--out", required=True, help=CLI["template_out_help"])
    t.add_argument("--layout", choices=TEMPLATE_LAYOUTS, default="long", help=CLI["template_layout_help"])
    r = sub.add_parser("report", help=CLI["report_help"])
    r.add_argument("files", nargs="+", metavar=CLI["files_metavar"], help=CLI["files_help"])
    r.add_argument("--scheme", help=CLI["scheme_help"])
    r.add_argument("--map", dest="mapping", help=CLI["map_help"])
    r.add_argument("--pptx", help=CLI["pptx_help"])
    r.add_argument("--pdf", help=CLI["pdf_help"])
    r.add_argument("--charts", help=CLI["charts_help"])
    r.add_argument("--out", help=CLI["out_help"])
    r.add_argument("--county", help=CLI["county_help"])
    r.add_argument("--year", type=int, help=CLI["year_help"])
    r.add_argument("--mask", action="store_true", help=CLI["mask_help"])
    m = sub.add_parser("sample", help=CLI["sample_help"])
    m.add_argument("--out", required=True, help=CLI["sample_out_help"])
    m.add_argument("--cadres", type=int, default=2000, help=CLI["cadres_help"])
    m.add_argument("--seed", type=int, default=2025, help=CLI["seed_help"])
    sub.add_parser("password", help=CLI["password_help"])
    _archive_parser(sub)
    return p


def _archive_parser(sub) -> None:
    """``archive save|list|show|compare|export``, each with ``--db``."""
    a = sub.add_parser("archive", help=CLI["archive_help"])
    commands = a.add_subparsers(dest="archive_command", required=True, metavar=CLI["archive_command_metavar"])
    save = commands.add_parser("save", help=CLI["archive_save_help"])
    save.add_argument("files", nargs="+", metavar=CLI["files_metavar"], help=CLI["files_help"])
    save.add_argument("--period", required=True, help=CLI["period_help"])
    save.add_argument("--reason", default="", help=CLI["reason_help"])
    save.add_argument("--by", default="", help=CLI["by_help"])
    save.add_argument("--keep-files", action="store_true", help=CLI["keep_files_help"])
    save.add_argument("--scheme", help=CLI["scheme_help"])
    save.add_argument("--map", dest="mapping", help=CLI["map_help"])
    listing = commands.add_parser("list", help=CLI["archive_list_help"])
    show = commands.add_parser("show", help=CLI["archive_show_help"])
    show.add_argument("ref", metavar=CLI["ref_metavar"], help=CLI["ref_help"])
    compare = commands.add_parser("compare", help=CLI["archive_compare_help"])
    compare.add_argument("ref", metavar=CLI["ref_metavar"], help=CLI["ref_help"])
    compare.add_argument("other", metavar=CLI["ref_metavar"], help=CLI["ref_help"])
    compare.add_argument("--csv", help=CLI["compare_csv_help"])
    export = commands.add_parser("export", help=CLI["archive_export_help"])
    export.add_argument("ref", metavar=CLI["ref_metavar"], help=CLI["ref_help"])
    export.add_argument("--json", help=CLI["export_json_help"])
    export.add_argument("--files", help=CLI["export_files_help"])
    person = commands.add_parser("history", help=CLI["archive_history_help"])
    person.add_argument("cadre_id", metavar=CLI["cadre_metavar"], help=CLI["cadre_help"])
    imported = commands.add_parser("import", help=CLI["archive_import_help"])
    imported.add_argument("files", nargs="+", metavar=CLI["files_metavar"], help=CLI["import_files_help"])
    imported.add_argument("--year", type=int, help=CLI["import_year_help"])
    imported.add_argument("--reason", default="", help=CLI["import_reason_help"])
    imported.add_argument("--by", default="", help=CLI["by_help"])
    imported.add_argument("--keep-files", action="store_true", help=CLI["keep_files_help"])
    imported.add_argument("--map", dest="mapping", help=CLI["map_help"])
    lists = commands.add_parser("consequences", help=CLI["archive_consequences_help"])
    lists.add_argument("year", type=int, metavar=CLI["year_metavar"], help=CLI["consequences_year_help"])
    lists.add_argument("--scheme", help=CLI["consequences_scheme_help"])
    lists.add_argument("--csv", help=CLI["consequences_csv_help"])
    quarterly = commands.add_parser("quarters", help=CLI["archive_quarters_help"])
    quarterly.add_argument("year", type=int, metavar=CLI["year_metavar"], help=CLI["quarters_year_help"])
    quarterly.add_argument("--scheme", help=CLI["quarters_scheme_help"])
    quarterly.add_argument("--csv", help=CLI["quarters_csv_help"])
    for command in (save, listing, show, compare, export, person, imported, lists, quarterly):
        command.add_argument("--db", help=CLI["db_help"])


def _load(args: argparse.Namespace):
    import pyarrow as pa

    from .check import ingest
    from .read import ColumnMapping, InputFile
    from .scheme import Scheme
    from .scoring import score  # noqa: F401  (imported here, before the freeze below)

    gc.freeze()  # what the imports made lives as long as the command: later collections skip it
    # Arrow's own default (mimalloc) hands freed pages back to the system and faults them in again:
    # the C library's allocator is 0.5 s faster on a province's 8.8 M rows (benchmarks/README.md).
    pa.set_memory_pool(pa.system_memory_pool())

    scheme = Scheme.load(args.scheme) if args.scheme else Scheme.default()
    mapping = ColumnMapping.load(args.mapping) if args.mapping else None
    files = [InputFile.from_path(f) for f in args.files]
    return ingest(files, scheme, mapping), scheme


def _report(dataset, out, show: int | None = _SHOW_REJECTED) -> None:
    """What was read: sheets, rows per source, the first ``show`` rejected rows (None: all of them), warnings."""
    print(CLI["sheets_header"], file=out)
    for row in dataset.sheets.itertuples():
        if row.source:
            line = CLI["sheet_line_shape"] if row.shape else CLI["sheet_line"]
            print(line.format(file=row.file, sheet=row.sheet, source=row.source_label, shape=row.shape_label,
                              header_row=row.header_row), file=out)
    for source, n in dataset.reported_rows.items():
        by_name = dataset.linked_by_name.get(source, 0)
        note = CLI["by_name_note"].format(n=by_name) if by_name else ""
        print(CLI["rows_line"].format(source=SOURCE_LABELS[source], **n) + note, file=out)
    rejected = dataset.rejected
    if len(rejected):
        print(CLI["rejected_header"], file=out)
        for r in (rejected if show is None else rejected.head(show)).itertuples():
            print(CLI["rejected_line"].format(file=r.file, sheet=r.sheet, row=r.row,
                                              column=r.column or "-", reason=r.reason), file=out)
        if show is not None and len(rejected) > show:
            print(CLI["rejected_more"].format(more=len(rejected) - show), file=out)
    if dataset.warnings:
        print(CLI["warnings_header"], file=out)
        for w in dataset.warnings:
            print("  " + w, file=out)


def _validate(args: argparse.Namespace) -> int:
    dataset, _ = _load(args)
    _report(dataset, sys.stdout, show=None)  # checking is all this command does: every rejected row
    return 0


def _masked(result, mask: bool):
    """The result with names and resident ID numbers masked, when ``--mask`` asks for it."""
    from .output import mask_result

    return mask_result(result) if mask else result


def _score(args: argparse.Namespace) -> int:
    from .output import result_json, result_json_bytes
    from .scoring import score

    if args.db and not args.year:
        raise AppraisalError(CLI["score_db_needs_year"])
    dataset, scheme = _load(args)
    scored = score(dataset, scheme)
    lists, quarters = _from_archive(args.db, scored, args.year, scheme) if args.db else (None, None)
    result = _masked(scored, args.mask)
    _report(dataset, sys.stderr if args.json == "-" else sys.stdout)
    grades = result.cadres["grade"].value_counts()
    summary = CLI["summary"].format(
        cadres=len(result.cadres), units=result.cadres["unit"].nunique(),
        **{key: int(grades.get(word, 0)) for key, word in GRADES_ORDER.items()},
        flagged=int(result.cadres["flags"].map(bool).sum()), inverted=int(result.groups["inversion"].sum()))
    print(summary, file=sys.stderr if args.json == "-" else sys.stdout)
    if args.out:
        from .output import (
            write_workbook,  # with plotly's colours and xlsxwriter: only for --out
        )

        extra = None
        if lists is not None:
            from .archive import this_year_sheets

            extra = this_year_sheets(_masked_lists(lists, args.mask),
                                     None if quarters is None else _masked_lists(quarters, args.mask))
        write_workbook(result, args.out, args.county, args.year, extra)
        print(CLI["wrote"].format(path=args.out), file=sys.stderr)
    if args.json:
        members = {"consequences": _masked_lists(lists, args.mask)} if lists is not None else None
        if quarters is not None:
            members["quarters"] = _masked_lists(quarters, args.mask)
        if args.json == "-" and hasattr(sys.stdout, "buffer"):  # bytes straight out, after any text written
            sys.stdout.flush()
            sys.stdout.buffer.write(result_json_bytes(result, members))
            sys.stdout.buffer.flush()
        elif args.json == "-":  # a stream of text only (sys.stdout replaced)
            sys.stdout.write(result_json(result, extra=members))
        else:
            Path(args.json).write_bytes(result_json_bytes(result, members))
            print(CLI["wrote"].format(path=args.json), file=sys.stderr)
    return 0


def _from_archive(location: str, result, year: int, scheme):
    """What the archive adds to ``year``'s result, nothing saved: the 考核结果运用 lists and, if the archive holds
    quarters of ``year``, each cadre's quarters with the 优秀 rule (None otherwise)."""
    from .archive import annual_grades, open_archive, quarterly_grades, this_year

    with open_archive(location) as archive:
        grades, quarters = annual_grades(archive), quarterly_grades(archive)
    return this_year(grades, quarters, result.cadres, year, scheme)


def _masked_lists(lists, mask: bool):
    """The lists with names masked when ``--mask`` asks for it (the sentences name years, not people)."""
    if not mask:
        return lists
    from .output import mask_names

    return lists.assign(name=mask_names(lists["name"]))


def _report_files(args: argparse.Namespace) -> int:
    """``report``: the meeting deck, the PDF report, chart images and the workbook, from one scoring."""
    from .scoring import score

    if not (args.pptx or args.pdf or args.charts or args.out):
        raise AppraisalError(CLI["report_needs_output"])
    dataset, scheme = _load(args)
    result = _masked(score(dataset, scheme), args.mask)
    _report(dataset, sys.stderr)
    deck = None
    if args.pptx or args.pdf:
        from .output import deck_bytes

        if args.pdf:
            from .output import soffice_path
            from .texts import EXPORT

            if soffice_path() is None:
                raise AppraisalError(EXPORT["no_soffice"])
        deck = deck_bytes(result, args.county, args.year)
    if args.pptx:
        Path(args.pptx).write_bytes(deck)
        print(CLI["wrote"].format(path=args.pptx), file=sys.stderr)
    if args.pdf:
        from .output import office_to_pdf

        Path(args.pdf).write_bytes(office_to_pdf(deck, ".pptx"))
        print(CLI["wrote"].format(path=args.pdf), file=sys.stderr)
    if args.charts:
        from .output import chart_images, meeting_figures

        folder = Path(args.charts)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in chart_images(meeting_figures(result, present=True)):
            (folder / name).write_bytes(data)
            print(CLI["wrote"].format(path=folder / name), file=sys.stderr)
    if args.out:
        from .output import write_workbook

        write_workbook(result, args.out, args.county, args.year)
        print(CLI["wrote"].format(path=args.out), file=sys.stderr)
    return 0


def _template(args: argparse.Namespace) -> int:
    from .demo import write_template

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_template(args.out, args.layout)
    print(CLI["wrote"].format(path=args.out))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from .demo import write_sample

    if args.cadres < 20:
        raise AppraisalError(CLI["sample_too_small"])
    for path in write_sample(args.out, n_cadres=args.cadres, seed=args.seed):
        print(CLI["wrote"].format(path=path))
    return 0


def _password(args: argparse.Namespace) -> int:
    """Ask for the access password twice (from the terminal, or two lines of standard input) and print its hash."""
    import getpass

    from .access import hash_password
    from .texts import ACCESS

    if sys.stdin.isatty():
        first, second = getpass.getpass(ACCESS["ask"]), getpass.getpass(ACCESS["ask_again"])
    else:
        lines = sys.stdin.read().splitlines() + ["", ""]
        first, second = lines[0], lines[1]
    if first != second:
        raise AppraisalError(ACCESS["mismatch"])
    stored = hash_password(first)
    print(ACCESS["how"], file=sys.stderr)
    print(stored)
    return 0


def _archive(args: argparse.Namespace) -> int:
    """``archive …``: the commands on the archive of saved periods."""
    from .archive import open_archive

    with open_archive(args.db) as archive:
        print(CLI["archive_at"].format(location=archive.location), file=sys.stderr)
        return _ARCHIVE_COMMANDS[args.archive_command](args, archive)


def _archive_save(args: argparse.Namespace, archive) -> int:
    import getpass

    from .archive import parse_period
    from .read import InputFile
    from .scoring import score

    period = parse_period(args.period)  # a bad period is refused before the files are read
    dataset, scheme = _load(args)
    result = score(dataset, scheme)
    _report(dataset, sys.stderr)
    mapping = Path(args.mapping).read_text(encoding="utf-8-sig") if args.mapping else ""
    files = [InputFile.from_path(f) for f in args.files] if args.keep_files else []
    number = archive.save(result, period, reason=args.reason, saved_by=args.by or getpass.getuser(),
                          files=files, keep_files=args.keep_files, mapping_yaml=mapping)
    title = period.version_title(number)
    print(CLI["archive_saved"].format(title=title, n=len(result.cadres)))
    return 0


def _archive_list(args: argparse.Namespace, archive) -> int:
    from .archive import local_time

    listed = archive.versions()
    if listed.empty:
        print(CLI["archive_empty"])
    for v, when in zip(listed.itertuples(), local_time(listed["saved_at"])):
        print(CLI["archive_version_line"].format(title=v.period.version_title(v.number), saved_at=when,
                                                 saved_by=v.saved_by, n=v.n_cadres, reason=v.reason))
    return 0


def _grades_text(cadres) -> str:
    from .archive import grade_counts

    return "，".join(f"{g}{n}人" for g, n in grade_counts(cadres).items())


def _archive_show(args: argparse.Namespace, archive) -> int:
    import pandas as pd

    from .archive import local_time, parse_version_ref

    v = archive.load(*parse_version_ref(args.ref))
    saved_at = local_time(pd.Series([v.saved_at])).iloc[0]
    print(CLI["archive_show"].format(title=v.title, saved_by=v.saved_by, saved_at=saved_at, reason=v.reason,
                                     software_version=v.software_version, n=len(v.cadres), grades=_grades_text(v.cadres)))
    for f in v.inputs:
        print(CLI["archive_input_line"].format(name=f["name"], size=f["size"], sha256=f["sha256"],
                                               kept=CLI["archive_kept"] if f["kept"] else ""))
    return 0


def _archive_compare(args: argparse.Namespace, archive) -> int:
    from .archive import compare_versions, comparison_table, parse_version_ref
    from .output import to_csv

    a, b = archive.load(*parse_version_ref(args.ref)), archive.load(*parse_version_ref(args.other))
    diff = compare_versions(a.cadres, b.cadres)
    counts = "，".join(f"{label}{n}人" for label, n in diff["change_label"].value_counts(sort=False).items())
    print(CLI["archive_compare_head"].format(a=a.title, b=b.title, counts=counts))
    changed = diff[diff["change"] != "same"]
    for r in changed.head(_SHOW_REJECTED).itertuples():
        print(CLI["archive_compare_line"].format(
            change=r.change_label, cadre_id=r.cadre_id, name=r.name,
            unit=_arrow(r.unit_a, r.unit_b), grade=_arrow(r.grade_a, r.grade_b), rank=_arrow(r.rank_a, r.rank_b)))
    if len(changed) > _SHOW_REJECTED and not args.csv:
        print(CLI["archive_compare_more"].format(more=len(changed) - _SHOW_REJECTED))
    if args.csv:
        Path(args.csv).write_bytes(to_csv(comparison_table(diff, a.title, b.title)))
        print(CLI["wrote"].format(path=args.csv), file=sys.stderr)
    return 0


def _arrow(before, after) -> str:
    """"优秀→称职", or the one value where both are the same; a dash where a side has none."""
    import pandas as pd

    shown = ["-" if pd.isna(x) else (str(int(x)) if isinstance(x, float) else str(x)) for x in (before, after)]
    return shown[0] if shown[0] == shown[1] else "→".join(shown)


def _archive_export(args: argparse.Namespace, archive) -> int:
    from .archive import parse_version_ref

    if not (args.json or args.files):
        raise AppraisalError(CLI["export_needs_output"])
    period, number = parse_version_ref(args.ref)
    v = archive.load(period, number)
    if args.json:
        Path(args.json).write_bytes(v.contract)
        print(CLI["wrote"].format(path=args.json), file=sys.stderr)
    if args.files:
        kept = archive.input_files(period, v.number)
        if not kept:
            raise AppraisalError(ARCHIVE["no_kept_files"].format(version=v.title))
        folder = Path(args.files)
        folder.mkdir(parents=True, exist_ok=True)
        for f in kept:
            (folder / Path(f.name).name).write_bytes(f.data)
            print(CLI["wrote"].format(path=folder / Path(f.name).name), file=sys.stderr)
    return 0


def _archive_history(args: argparse.Namespace, archive) -> int:
    """One cadre's saved years and quarters, by ID whatever unit or post they held."""
    history = archive.history(args.cadre_id.strip())
    if history.empty:
        raise AppraisalError(CLI["history_none"].format(cadre_id=args.cadre_id))
    for r in history.itertuples():
        title = r.period.version_title(r.number)
        score = "-" if r.composite != r.composite or r.composite is None else f"{r.composite:.2f}"
        rank = "-" if r.rank_in_unit is None or r.rank_in_unit != r.rank_in_unit else str(int(r.rank_in_unit))
        print(CLI["history_line"].format(title=title, name=r.name, unit=r.unit, post=r.post, grade=r.grade,
                                         score=score, rank=rank))
    return 0


def _archive_import(args: argparse.Namespace, archive) -> int:
    """历年考核结果 into the archive: each period found (a year, or a quarter) becomes a version of it."""
    import getpass

    from .archive import over_quota
    from .check import read_history
    from .read import ColumnMapping, InputFile

    files = [InputFile.from_path(f) for f in args.files]
    mapping = ColumnMapping.load(args.mapping) if args.mapping else None
    history = read_history(files, mapping=mapping, year=args.year)
    out = sys.stderr
    for r in history.sheets.itertuples():
        print(CLI["import_sheet"].format(file=r.file, sheet=r.sheet, rows=r.rows, header_row=r.header_row,
                                         year=CLI["import_year_from"].format(year=r.year_from) if r.year_from else ""),
              file=out)
    print(CLI["rows_line"].format(source=SOURCE_LABELS["history"], **history.rows), file=out)
    if len(history.rejected):
        print(CLI["rejected_header"], file=out)
        for r in history.rejected.head(_SHOW_REJECTED).itertuples():
            print(CLI["rejected_line"].format(file=r.file, sheet=r.sheet, row=r.row, column=r.column or "-",
                                              reason=r.reason), file=out)
        if len(history.rejected) > _SHOW_REJECTED:
            print(CLI["rejected_more"].format(more=len(history.rejected) - _SHOW_REJECTED), file=out)
    for w in [*history.warnings, *over_quota(history.grades)]:
        print("  " + w, file=out)
    if history.grades.empty:
        raise AppraisalError(CLI["import_nothing"])
    numbers = archive.import_history(history, reason=args.reason, saved_by=args.by or getpass.getuser(),
                                     files=files, keep_files=args.keep_files)
    counts = history.grades.groupby(["year", "quarter"]).size()
    for period, number in numbers.items():
        print(CLI["archive_saved"].format(title=period.version_title(number),
                                          n=int(counts[(period.year, period.quarter)])))
    return 0


def _archive_consequences(args: argparse.Namespace, archive) -> int:
    """考核结果运用: the lists of the year, by rule, each entry with the years that caused it."""
    from .archive import annual_grades, consequence_lists, consequence_table
    from .output import to_csv
    from .scheme import Scheme

    scheme = Scheme.load(args.scheme) if args.scheme else Scheme.default()
    grades = annual_grades(archive)
    if args.year not in set(grades["year"]):
        raise AppraisalError(CLI["consequences_no_year"].format(year=args.year))
    lists = consequence_lists(grades, args.year, scheme)
    print(CLI["consequences_head"].format(year=args.year, years="、".join(map(str, sorted(set(grades["year"]))))))
    for rule in scheme.section("consequences")["rules"]:
        mine = lists[lists["rule"] == rule]
        print(CLI["consequences_rule"].format(rule=rule, n=len(mine)))
        for r in mine.itertuples():
            print(CLI["consequences_line"].format(cadre_id=r.cadre_id, name=r.name, unit=r.unit, sentence=r.sentence))
    if args.csv:
        Path(args.csv).write_bytes(to_csv(consequence_table(lists)))
        print(CLI["wrote"].format(path=args.csv), file=sys.stderr)
    return 0


def _archive_quarters(args: argparse.Namespace, archive) -> int:
    """平时考核 of a year: each cadre's quarters beside the annual grade, the 好 share, the 优秀 rule."""
    from .archive import (
        Period,
        good_shares,
        quarter_check,
        quarter_table,
        quarterly_grades,
        year_cadres,
        yearly_results,
    )
    from .output import to_csv
    from .scheme import Scheme

    scheme = Scheme.load(args.scheme) if args.scheme else Scheme.default()
    quarters = quarterly_grades(archive)
    mine = quarters[quarters["year"] == args.year]
    if mine.empty:
        raise AppraisalError(CLI["quarters_no_year"].format(year=args.year))
    annual, saved = year_cadres(yearly_results(archive), quarters, args.year)
    if not saved:  # no annual appraisal saved yet: the quarters' cadres, without an annual grade
        print(CLI["quarters_no_annual"].format(year=args.year))
    checked = quarter_check(annual, quarters, args.year, scheme)
    held = sorted(set(mine["quarter"]))
    print(CLI["quarters_head"].format(year=args.year, quarters="、".join(Period(args.year, q).label for q in held),
                                      n=len(checked)))
    shares = good_shares(mine, scheme)
    for r in shares[shares["over"]].itertuples():
        print(CLI["quarters_over"].format(period=Period(r.year, r.quarter).label, unit=r.unit, good=r.good,
                                          places=r.places, n=r.n))
    failing = checked[~checked["meets"]]
    print(CLI["quarters_failing"].format(n=len(failing)))
    for r in failing.itertuples():
        print(CLI["consequences_line"].format(cadre_id=r.cadre_id, name=r.name, unit=r.unit, sentence=r.sentence))
    if args.csv:
        Path(args.csv).write_bytes(to_csv(quarter_table(checked)))
        print(CLI["wrote"].format(path=args.csv), file=sys.stderr)
    return 0


_ARCHIVE_COMMANDS = {"save": _archive_save, "list": _archive_list, "show": _archive_show,
                     "compare": _archive_compare, "export": _archive_export, "history": _archive_history, "import": _archive_import,
                     "consequences": _archive_consequences, "quarters": _archive_quarters}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    with _argparse_in_chinese():
        args = _parser().parse_args(argv)
    commands = {"score": _score, "validate": _validate, "template": _template, "sample": _sample,
                "report": _report_files, "password": _password, "archive": _archive}
    try:
        return commands[args.command](args)
    except AppraisalError as exc:
        sys.stderr.write(f"{CLI['error_prefix']}{exc.message}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['os_error'].format(path=exc.filename or '', details=exc.strerror or exc)}\n")
        return 2
    except FileCreateError as exc:  # xlsxwriter wraps the OSError of an unwritable --out path
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc
        path = getattr(cause, "filename", None) or ""
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['os_error'].format(path=path, details=getattr(cause, 'strerror', None) or cause)}\n")
        return 2
    except MemoryError:
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['memory']}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: never a traceback for a user
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['internal'].format(kind=type(exc).__name__)}\n")
        return 3
