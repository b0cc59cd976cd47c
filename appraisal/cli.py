"""``python -m appraisal``: score, validate, template, sample.

Exit codes: 0 when anything could be scored (rejected rows are reported,
not fatal); 2 with one Chinese message on stderr when nothing can be (or the
command line itself is wrong); 3 for an internal error, still without a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import AppraisalError
from .texts import CLI, GRADES_ORDER, SOURCE_LABELS

__all__ = ["main"]

_SHOW_REJECTED = 20


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese, with exit code 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{CLI['error_prefix']}命令行参数有误：{message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m appraisal", description=CLI["description"])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score", help=CLI["score_help"])
    s.add_argument("files", nargs="+", help=CLI["files_help"])
    s.add_argument("--scheme", help=CLI["scheme_help"])
    s.add_argument("--map", dest="mapping", help=CLI["map_help"])
    s.add_argument("--out", help=CLI["out_help"])
    s.add_argument("--json", help=CLI["json_help"])
    v = sub.add_parser("validate", help=CLI["validate_help"])
    v.add_argument("files", nargs="+", help=CLI["files_help"])
    v.add_argument("--scheme", help=CLI["scheme_help"])
    v.add_argument("--map", dest="mapping", help=CLI["map_help"])
    t = sub.add_parser("template", help=CLI["template_help"])
    t.add_argument("--out", required=True, help=CLI["template_out_help"])
    m = sub.add_parser("sample", help=CLI["sample_help"])
    m.add_argument("--out", required=True, help=CLI["sample_out_help"])
    m.add_argument("--cadres", type=int, default=2000, help=CLI["cadres_help"])
    m.add_argument("--seed", type=int, default=2025, help=CLI["seed_help"])
    return p


def _load(args: argparse.Namespace):
    from .ingest import ingest
    from .mapping import ColumnMapping
    from .reading import InputFile
    from .scheme import Scheme

    scheme = Scheme.load(args.scheme) if args.scheme else Scheme.default()
    mapping = ColumnMapping.load(args.mapping) if args.mapping else None
    files = [InputFile.from_path(f) for f in args.files]
    return ingest(files, scheme, mapping), scheme


def _report(dataset, out) -> None:
    print(CLI["sheets_header"], file=out)
    for row in dataset.sheets.itertuples():
        if row.source:
            print(CLI["sheet_line"].format(file=row.file, sheet=row.sheet, source=row.source_label,
                                           header_row=row.header_row), file=out)
    for source, n in dataset.rows.items():
        print(CLI["rows_line"].format(source=SOURCE_LABELS[source], **n), file=out)
    rejected = dataset.rejected
    if len(rejected):
        print(CLI["rejected_header"], file=out)
        for r in rejected.head(_SHOW_REJECTED).itertuples():
            print(CLI["rejected_line"].format(file=r.file, sheet=r.sheet, row=r.row,
                                              column=r.column or "-", reason=r.reason), file=out)
        if len(rejected) > _SHOW_REJECTED:
            print(CLI["rejected_more"].format(more=len(rejected) - _SHOW_REJECTED), file=out)
    if dataset.warnings:
        print(CLI["warnings_header"], file=out)
        for w in dataset.warnings:
            print("  " + w, file=out)


def _validate(args: argparse.Namespace) -> int:
    dataset, _ = _load(args)
    _report(dataset, sys.stdout)
    if len(dataset.rejected):
        print(CLI["rejected_all_header"])
        for r in dataset.rejected.iloc[_SHOW_REJECTED:].itertuples():
            print(CLI["rejected_line"].format(file=r.file, sheet=r.sheet, row=r.row,
                                              column=r.column or "-", reason=r.reason))
    return 0


def _score(args: argparse.Namespace) -> int:
    from .export import write_workbook
    from .pipeline import score

    dataset, scheme = _load(args)
    result = score(dataset, scheme)
    _report(dataset, sys.stderr if args.json == "-" else sys.stdout)
    grades = result.cadres["grade"].value_counts()
    summary = CLI["summary"].format(
        cadres=len(result.cadres), units=result.cadres["unit"].nunique(),
        **{key: int(grades.get(word, 0)) for key, word in GRADES_ORDER.items()},
        flagged=int(result.cadres["flags"].map(bool).sum()), inverted=int(result.groups["inversion"].sum()))
    print(summary, file=sys.stderr if args.json == "-" else sys.stdout)
    if args.out:
        write_workbook(result, args.out)
        print(CLI["wrote"].format(path=args.out), file=sys.stderr)
    if args.json:
        if args.json == "-":
            sys.stdout.write(result.to_json())
        else:
            result.to_json(args.json)
            print(CLI["wrote"].format(path=args.json), file=sys.stderr)
    return 0


def _template(args: argparse.Namespace) -> int:
    from .template import write_template

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_template(args.out)
    print(CLI["wrote"].format(path=args.out))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from .sample import write_sample

    if args.cadres < 20:
        raise AppraisalError(CLI["sample_too_small"])
    for path in write_sample(args.out, n_cadres=args.cadres, seed=args.seed):
        print(CLI["wrote"].format(path=path))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    commands = {"score": _score, "validate": _validate, "template": _template, "sample": _sample}
    try:
        return commands[args.command](args)
    except AppraisalError as exc:
        sys.stderr.write(f"{CLI['error_prefix']}{exc.message}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['os_error'].format(path=exc.filename or '', details=exc.strerror or exc)}\n")
        return 2
    except MemoryError:
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['memory']}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: never a traceback for a user
        sys.stderr.write(f"{CLI['error_prefix']}{CLI['internal'].format(kind=type(exc).__name__)}\n")
        return 3
