"""The printable report: the meeting deck as PDF, converted by LibreOffice.

LibreOffice runs headless with a private user profile in a temporary
directory, so parallel conversions (two users, two tests) never share or
lock a profile, and nothing is left behind.

>>> pdf = report_pdf(result, county="青山县", year=2025)  # doctest: +SKIP
>>> pdf[:5]  # doctest: +SKIP
b'%PDF-'
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import AppraisalError
from ..scoring import Result
from ..texts import EXPORT

__all__ = ["soffice_path", "office_to_pdf", "report_pdf", "write_report"]

_TIMEOUT = 300  # seconds


def soffice_path() -> str | None:
    """The LibreOffice command (``soffice`` or ``libreoffice`` on PATH), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(data: bytes, suffix: str = ".pptx", timeout: int = _TIMEOUT) -> bytes:
    """Convert an office document (pptx, xlsx, docx, …) given as bytes to PDF bytes.

    Raises
    ------
    AppraisalError
        In Chinese, when LibreOffice is missing, fails or times out.
    """
    soffice = soffice_path()
    if soffice is None:
        raise AppraisalError(EXPORT["no_soffice"])
    with tempfile.TemporaryDirectory(prefix="appraisal-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"report{suffix}"
        source.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = (work / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(source)]
        env = {**os.environ, "HOME": str(work)}  # LibreOffice writes to HOME too
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, cwd=work, check=False)
        except subprocess.TimeoutExpired:
            raise AppraisalError(EXPORT["soffice_timeout"].format(seconds=timeout)) from None
        target = out_dir / "report.pdf"
        if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            details = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise AppraisalError(EXPORT["soffice_failed"].format(
                details=details[-1] if details else f"exit {proc.returncode}"))
        return target.read_bytes()


def report_pdf(result: Result, county: str | None = None, year: int | None = None,
               deck: bytes | None = None, **kwargs: Any) -> bytes:
    """The printable report as PDF bytes: the meeting deck converted by LibreOffice.

    ``deck`` reuses .pptx bytes already built (the dashboard caches them);
    otherwise the deck is built with ``kwargs`` passed to :func:`appraisal.output.deck.build_deck`.
    """
    if soffice_path() is None:  # say so before spending time on the deck
        raise AppraisalError(EXPORT["no_soffice"])
    if deck is None:
        from .deck import deck_bytes

        deck = deck_bytes(result, county, year, **kwargs)
    return office_to_pdf(deck, ".pptx")


def write_report(result: Result, path: str | Path, county: str | None = None, year: int | None = None,
                 **kwargs: Any) -> None:
    """Write the printable report to a PDF file."""
    Path(path).write_bytes(report_pdf(result, county, year, **kwargs))
