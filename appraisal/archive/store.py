"""The archive: every saved appraisal period, in SQLite (a file, the default) or PostgreSQL (a URL).

:func:`open_archive` connects and brings the tables up to date (Alembic, ``migrations/``); an
:class:`Archive` saves a scored result as a new version of its period and reads versions back.
A saved version is never changed: saving a period again makes the next version, with its reason.
Each version keeps its ``--json`` contract with its SHA-256, checked whenever the version is read,
so a database edited by hand is found out rather than believed.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> archive = open_archive(str(folder / "档案.sqlite3"))
>>> archive.versions().empty
True
>>> archive.close()
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import stat
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)

from .._version import __version__
from ..check import History
from ..errors import AppraisalError
from ..output import result_json_bytes
from ..read import InputFile
from ..scoring import Result, as_quarter
from ..texts import ARCHIVE
from .periods import Period
from .schema import inputs, periods, results, versions

__all__ = ["Archive", "ArchivedVersion", "open_archive", "default_location", "archive_url", "ENV_ARCHIVE",
           "RESULT_FIELDS"]

#: The environment variable naming the archive (a file path or a database URL), for the dashboard and the CLI.
ENV_ARCHIVE = "APPRAISAL_ARCHIVE"
_MIGRATIONS = Path(__file__).with_name("migrations")
_SAVE_ATTEMPTS = 5
_MIGRATING = threading.Lock()
_MIGRATION_LOCK = 0x61707072  # PostgreSQL advisory lock key of this archive's migrations ("appr")

#: The cadre fields kept per row of a version (the rest are in the version's --json contract).
RESULT_FIELDS: tuple[str, ...] = (
    "cadre_id", "name", "unit", "unit_type", "post", "rank_in_unit", "grade", "composite",
    "task_score", "service_score", "democratic_score", "leader_score", "flags", "flag_text",
)


def default_location() -> str:
    """Where the archive is unless told otherwise: ``$APPRAISAL_ARCHIVE``, else a file in the user's data folder."""
    named = os.environ.get(ENV_ARCHIVE, "").strip()
    if named:
        return named
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("appraisal", appauthor=False)) / "archive.sqlite3")


def archive_url(location: str) -> sa.URL:
    """A location as a database URL: a URL as it is (``postgresql+psycopg://…``), anything else a SQLite file.

    >>> archive_url("/tmp/a.sqlite3").render_as_string()
    'sqlite:////tmp/a.sqlite3'
    >>> archive_url("postgresql+psycopg://kh:secret@10.0.0.5/kaohe").render_as_string()
    'postgresql+psycopg://kh:***@10.0.0.5/kaohe'
    """
    if "://" in location:
        try:
            url = make_url(location)
        except ArgumentError:
            raise AppraisalError(ARCHIVE["bad_url"].format(url=location.split("@")[-1])) from None
        if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("psycopg2", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")  # the driver we install (psycopg 3)
        return url
    return sa.URL.create("sqlite", database=str(Path(location).expanduser().resolve()))


def _private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (mode 0600), and keep it so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if stat.S_IMODE(path.stat().st_mode) != 0o600:
        path.chmod(0o600)


def open_archive(location: str | None = None) -> Archive:
    """Connect to the archive at ``location`` (see :func:`archive_url`; default :func:`default_location`)
    and migrate its tables to the current revision.  Raises AppraisalError (Chinese) if it cannot."""
    location = location or default_location()
    url = archive_url(location)
    shown = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)
    try:
        if url.get_backend_name() == "sqlite":
            _private_file(Path(url.database))
            engine = sa.create_engine(url)
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            held = _file_lock(Path(url.database))
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
            held = contextlib.nullcontext()
        with held, engine.begin() as connection:
            _migrate(connection)
    except (OSError, DBAPIError, NoSuchModuleError) as exc:
        raise AppraisalError(ARCHIVE["cannot_open"].format(url=shown, details=_why(exc))) from None
    return Archive(engine, shown)


@contextlib.contextmanager
def _file_lock(path: Path):
    """An exclusive lock on the SQLite file while its tables are checked and migrated: SQLite's DDL through
    Python's driver is not one transaction, so two processes creating a new archive at once would both try to
    create its tables.  ``flock`` is apart from SQLite's own (fcntl) locks; where it does not exist (Windows),
    nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        yield
        return
    with open(path, "rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on, and a second writer waits rather than fails (two analysts saving at once)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _migrate(connection: sa.Connection) -> None:
    """Upgrade the tables to the newest revision of ``migrations/versions`` (Alembic), on this connection.

    Alembic's command runs through module-level state: one migration at a time in this process.  Across
    processes (two dashboards opening a new shared database at once), PostgreSQL's transaction-scoped
    advisory lock lets one migrate while the other waits, then finds the tables at the newest revision;
    an exclusive ``flock`` on the file does the same for SQLite (:func:`_file_lock`).  An archive already at the newest revision is left
    alone (the usual case, and cheap).
    """
    from alembic import command
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    if MigrationContext.configure(connection).get_current_revision() == head:
        return
    if connection.dialect.name == "postgresql":  # held until this transaction ends; then look again
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with _MIGRATING:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _why(exc: BaseException) -> str:
    """The first line of a database error, without SQLAlchemy's links and parameters."""
    inner = getattr(exc, "orig", None) or exc
    return str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__


@dataclass
class ArchivedVersion:
    """One saved version of a period, as read back (its contract's SHA-256 checked)."""

    period: Period
    number: int
    reason: str
    saved_by: str
    saved_at: datetime
    software_version: str
    scheme_yaml: str
    mapping_yaml: str
    #: the files it was computed from: name, sha256, size, kept (whether the bytes are in the archive)
    inputs: list[dict[str, object]]
    #: one row per cadre: :data:`RESULT_FIELDS` (flags as a list of codes)
    cadres: pd.DataFrame
    #: the version's ``--json`` contract, byte for byte as the command line wrote it
    contract: bytes = field(repr=False)

    @property
    def title(self) -> str:
        """"2025年度 第2版"."""
        return self.period.version_title(self.number)


class Archive:
    """An open archive; :meth:`save` adds a version, the other methods read.  Nothing here changes a saved row."""

    def __init__(self, engine: sa.Engine, shown: str) -> None:
        self.engine = engine
        #: the archive's location as shown to users (a password hidden)
        self.location = shown

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing: one transaction a save, a new version number each time

    def save(self, result: Result, period: Period, *, reason: str = "", saved_by: str = "",
             files: list[InputFile] | None = None, keep_files: bool = False, mapping_yaml: str = "") -> int:
        """Save ``result`` as the next version of ``period``; returns the version's number.

        ``reason`` is required from the second version on (why it was saved again); ``files`` are the
        inputs (their names and SHA-256 are kept; their bytes too, compressed, with ``keep_files``).
        A quarter of 平时考核 is saved graded on its own scale (:func:`~appraisal.scoring.as_quarter`).
        """
        if period.quarter:
            result = as_quarter(result)
        reason = reason.strip()
        saved_by = saved_by.strip() or ARCHIVE["unknown_saver"]
        contract = result_json_bytes(result)
        record = _version_record(contract, reason, saved_by, result.scheme.to_yaml(), mapping_yaml)
        kept = _input_rows(result.dataset.inputs, files, keep_files)
        return self._commit(period, record, kept, _result_rows(result.cadres))

    def import_history(self, history: History, *, reason: str = "", saved_by: str = "",
                       files: list[InputFile] | None = None, keep_files: bool = False) -> dict[int, int]:
        """Save earlier years' grades (:func:`appraisal.check.read_history`) as a version of each period they
        are for (a year's annual appraisal, or a quarter of 平时考核); returns period → version number.  The version's contract is the imported rows as JSON
        (``imported: true``); its scheme is the default's, as no scoring made these grades."""
        from ..scheme import Scheme

        saved_by = saved_by.strip() or ARCHIVE["unknown_saver"]
        reason = reason.strip() or ARCHIVE["imported_reason"].format(files="、".join(i["file"] for i in history.inputs))
        kept = _input_rows(history.inputs, files, keep_files)
        numbers = {}
        for (year, quarter), rows in history.grades.groupby(["year", "quarter"], sort=True):
            period = Period(int(year), int(quarter))
            rows = rows.drop(columns=["year", "quarter"])
            cadres = rows.assign(unit_type="", composite=rows["score"], task_score=None, service_score=None,
                                 democratic_score=None, leader_score=None, flags=[[] for _ in range(len(rows))],
                                 flag_text="")
            contract = json.dumps({"imported": True, "year": int(year), "quarter": int(quarter),
                                   "cadres": _records(rows), "inputs": history.inputs, "version": __version__},
                                  ensure_ascii=False, indent=1).encode("utf-8")
            record = _version_record(contract, reason, saved_by, Scheme.default().to_yaml(), "")
            numbers[period] = self._commit(period, record, kept, _result_rows(cadres), need_reason=False)
        return numbers

    def _commit(self, period: Period, record: dict[str, object], kept: list[dict[str, object]],
                rows: list[dict[str, object]], need_reason: bool = True) -> int:
        """:meth:`_insert`, tried again when another session took the number first (see :meth:`save`)."""
        # Two sessions saving the same period at once race for its next number: the loser's transaction
        # fails whole (the unique number, or SQLite's lock) and is tried again, then told to retry.
        for attempt in range(_SAVE_ATTEMPTS):
            try:
                return self._insert(period, record, kept, rows, need_reason)
            except (IntegrityError, OperationalError) as exc:
                if attempt == _SAVE_ATTEMPTS - 1:
                    raise AppraisalError(ARCHIVE["busy"].format(url=self.location, details=_why(exc))) from None
                time.sleep(0.05 * (attempt + 1))
            except DBAPIError as exc:
                raise AppraisalError(ARCHIVE["cannot_save"].format(url=self.location, details=_why(exc))) from None
        raise AssertionError("unreachable")

    def _insert(self, period: Period, record: dict[str, object], kept: list[dict[str, object]],
                rows: list[dict[str, object]], need_reason: bool = True) -> int:
        """One save in one transaction: the period (if new), the version, its inputs and its rows, or nothing."""
        now = datetime.now(timezone.utc)
        with self.engine.begin() as c:
            period_id = self._period_id(c, period, now)
            last = c.execute(sa.select(sa.func.max(versions.c.number))
                             .where(versions.c.period_id == period_id)).scalar()
            number = (last or 0) + 1
            if need_reason and number > 1 and not record["reason"]:
                raise AppraisalError(ARCHIVE["reason_needed"].format(period=period.label, number=number))
            version_id = c.execute(versions.insert().values(
                period_id=period_id, number=number, saved_at=now, n_cadres=len(rows),
                **{**record, "reason": record["reason"] or ARCHIVE["first_reason"]},
            )).inserted_primary_key[0]
            if kept:
                c.execute(inputs.insert(), [{"version_id": version_id, **k} for k in kept])
            if rows:
                c.execute(results.insert(), [{"version_id": version_id, **row} for row in rows])
        return number

    @staticmethod
    def _period_id(c: sa.Connection, period: Period, now: datetime) -> int:
        found = c.execute(sa.select(periods.c.id).where(periods.c.year == period.year,
                                                        periods.c.quarter == period.quarter)).scalar()
        if found is not None:
            return found
        return c.execute(periods.insert().values(year=period.year, quarter=period.quarter, label=period.label,
                                                 created_at=now)).inserted_primary_key[0]

    # ---- reading

    def versions(self, period: Period | None = None) -> pd.DataFrame:
        """Every saved version (of ``period``, if given), in time order (a year's quarters before its annual
        appraisal): period (a :class:`Period`),
        label, number, saved_at, saved_by, reason, n_cadres, software_version."""
        query = (sa.select(periods.c.year, periods.c.quarter, periods.c.label, versions.c.number,
                           versions.c.saved_at, versions.c.saved_by, versions.c.reason, versions.c.n_cadres,
                           versions.c.software_version)
                 .join(versions, versions.c.period_id == periods.c.id)
                 .order_by(*_CHRONOLOGICAL, versions.c.number))
        if period is not None:
            query = query.where(periods.c.year == period.year, periods.c.quarter == period.quarter)
        with self.engine.connect() as c:
            frame = pd.DataFrame(c.execute(query).mappings().all(),
                                 columns=["year", "quarter", "label", "number", "saved_at", "saved_by", "reason",
                                          "n_cadres", "software_version"])
        frame.insert(0, "period", [Period(int(y), int(q)) for y, q in zip(frame["year"], frame["quarter"])])
        frame["saved_at"] = pd.to_datetime(frame["saved_at"], utc=True)
        return frame.drop(columns=["year", "quarter"])

    def load(self, period: Period, number: int | None = None) -> ArchivedVersion:
        """A saved version (the latest of the period without ``number``); its contract's SHA-256 is checked."""
        with self.engine.connect() as c:
            query = (sa.select(versions).join(periods, versions.c.period_id == periods.c.id)
                     .where(periods.c.year == period.year, periods.c.quarter == period.quarter))
            query = (query.where(versions.c.number == number) if number is not None
                     else query.order_by(versions.c.number.desc()).limit(1))
            v = c.execute(query).mappings().first()
            if v is None:
                raise AppraisalError(ARCHIVE["no_version"].format(
                    period=period.label, number=ARCHIVE["number_any"] if number is None else number,
                    url=self.location))
            files = c.execute(sa.select(inputs.c.name, inputs.c.sha256, inputs.c.size,
                                        (inputs.c.content.is_not(None)).label("kept"))
                              .where(inputs.c.version_id == v["id"]).order_by(inputs.c.position)).mappings().all()
            rows = c.execute(sa.select(*[results.c[f] for f in RESULT_FIELDS])
                             .where(results.c.version_id == v["id"])).mappings().all()
        title = period.version_title(v["number"])
        try:
            contract = gzip.decompress(v["result_json"])
        except (OSError, EOFError):
            raise AppraisalError(ARCHIVE["tampered"].format(version=title, url=self.location)) from None
        if hashlib.sha256(contract).hexdigest() != v["result_sha256"]:
            raise AppraisalError(ARCHIVE["tampered"].format(version=title, url=self.location))
        cadres = pd.DataFrame(rows, columns=list(RESULT_FIELDS))
        cadres["flags"] = [[f for f in str(s).split("、") if f] for s in cadres["flags"]]
        cadres = cadres.astype({"rank_in_unit": "Int64", **{f: "float64" for f in _SCORES}})
        saved_at = pd.Timestamp(v["saved_at"])
        saved_at = saved_at.tz_localize("UTC") if saved_at.tzinfo is None else saved_at  # SQLite keeps no zone
        return ArchivedVersion(
            period=period, number=v["number"], reason=v["reason"], saved_by=v["saved_by"],
            saved_at=saved_at.to_pydatetime(), software_version=v["software_version"],
            scheme_yaml=v["scheme_yaml"], mapping_yaml=v["mapping_yaml"],
            inputs=[{**dict(f), "kept": bool(f["kept"])} for f in files], cadres=cadres, contract=contract)

    def input_files(self, period: Period, number: int) -> list[InputFile]:
        """The input files kept with a version (those saved with ``keep_files``), each checked against its SHA-256."""
        with self.engine.connect() as c:
            rows = c.execute(
                sa.select(inputs.c.name, inputs.c.sha256, inputs.c.content)
                .join(versions, inputs.c.version_id == versions.c.id).join(periods, versions.c.period_id == periods.c.id)
                .where(periods.c.year == period.year, periods.c.quarter == period.quarter,
                       versions.c.number == number, inputs.c.content.is_not(None))
                .order_by(inputs.c.position)).all()
        out = []
        for name, digest, content in rows:
            f = InputFile(name, gzip.decompress(content))
            if f.sha256 != digest:
                title = period.version_title(number)
                raise AppraisalError(ARCHIVE["tampered"].format(version=title, url=self.location))
            out.append(f)
        return out

    def recompute(self, period: Period, number: int) -> Result:
        """Score a version again from its kept input files, scheme and mapping (to show it is reproducible).

        Raises AppraisalError if the version was saved without its files.
        """
        from ..check import ingest
        from ..read import ColumnMapping
        from ..scheme import Scheme
        from ..scoring import score

        version = self.load(period, number)
        files = self.input_files(period, number)
        if not files or len(files) != len(version.inputs):
            raise AppraisalError(ARCHIVE["no_kept_files"].format(version=version.title))
        mapping = ColumnMapping.from_yaml(version.mapping_yaml) if version.mapping_yaml.strip() else None
        scheme = Scheme.from_yaml(version.scheme_yaml)
        return score(ingest(files, scheme, mapping), scheme, quarterly=bool(period.quarter))

    def history(self, cadre_id: str) -> pd.DataFrame:
        """A cadre's rows over every period (the latest version of each), by ID whatever unit or post they had:
        period, label, number, and :data:`RESULT_FIELDS` but the ID."""
        latest = (sa.select(versions.c.period_id, sa.func.max(versions.c.number).label("number"))
                  .group_by(versions.c.period_id).subquery())
        query = (sa.select(periods.c.year, periods.c.quarter, periods.c.label, versions.c.number,
                           *[results.c[f] for f in RESULT_FIELDS if f != "cadre_id"])
                 .join(versions, versions.c.period_id == periods.c.id)
                 .join(latest, sa.and_(latest.c.period_id == versions.c.period_id, latest.c.number == versions.c.number))
                 .join(results, results.c.version_id == versions.c.id)
                 .where(results.c.cadre_id == str(cadre_id))
                 .order_by(*_CHRONOLOGICAL))
        with self.engine.connect() as c:
            rows = c.execute(query).mappings().all()
        columns = ["year", "quarter", "label", "number", *[f for f in RESULT_FIELDS if f != "cadre_id"]]
        frame = pd.DataFrame(rows, columns=columns)
        frame.insert(0, "period", [Period(int(y), int(q)) for y, q in zip(frame["year"], frame["quarter"])])
        return frame.drop(columns=["year", "quarter"])


# Periods in time order: a year's quarters, then its annual appraisal (which rests on them).
_CHRONOLOGICAL = (periods.c.year, sa.case((periods.c.quarter == 0, 5), else_=periods.c.quarter))
_SCORES = ("composite", "task_score", "service_score", "democratic_score", "leader_score")


def _version_record(contract: bytes, reason: str, saved_by: str, scheme_yaml: str, mapping_yaml: str) -> dict:
    """A version's own columns but its period and number: the contract compressed, with its SHA-256."""
    return {"reason": reason, "saved_by": saved_by, "software_version": __version__, "scheme_yaml": scheme_yaml,
            "mapping_yaml": mapping_yaml, "result_sha256": hashlib.sha256(contract).hexdigest(),
            "result_json": gzip.compress(contract, mtime=0)}


def _input_rows(listed: list[dict[str, str]], files: list[InputFile] | None, keep: bool) -> list[dict[str, object]]:
    """The ``inputs`` rows of a version: each listed file's name and SHA-256, its size and, with ``keep``, its
    bytes compressed (for the files given)."""
    by_name = {f.name: f for f in files or []}
    return [{"position": i, "name": item["file"], "sha256": item["sha256"],
             "size": len(by_name[item["file"]].data) if item["file"] in by_name else 0,
             "content": gzip.compress(by_name[item["file"]].data, mtime=0) if keep and item["file"] in by_name else None}
            for i, item in enumerate(listed)]


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """A frame's rows as plain dicts, a missing value as None (NULL in the database, null in JSON)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _result_rows(cadres: pd.DataFrame) -> list[dict[str, object]]:
    """The cadre table as rows for ``results``: missing scores as NULL, flags joined by 、."""
    frame = cadres[list(RESULT_FIELDS)].copy()
    frame["flags"] = ["、".join(f) for f in frame["flags"]]
    records = _records(frame)
    for row in records:
        if row["rank_in_unit"] is not None:
            row["rank_in_unit"] = int(row["rank_in_unit"])
        for f in _SCORES:
            if row[f] is not None:
                row[f] = float(row[f])
    return records
