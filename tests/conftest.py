"""Fixtures for the tests of every folder."""

from __future__ import annotations

import os
import tempfile

import pytest

import appraisal
from tests.helpers import SAMPLE_DATA


def pytest_configure(config) -> None:
    """No test writes the user's own archive: the default archive is a file of a temporary folder
    (the dashboard started by the browser tests inherits it)."""
    os.environ["APPRAISAL_ARCHIVE"] = os.path.join(tempfile.mkdtemp(prefix="appraisal-tests-"), "archive.sqlite3")


@pytest.fixture(scope="session")
def sample_result() -> appraisal.Result:
    """The sample county (``sample_data/``, 2000 cadres) read and scored once for the whole run.

    Shared by every test that asks for it: read it, never change it (a test
    that needs to change it takes a ``copy.deepcopy``).
    """
    return appraisal.appraise(sorted(SAMPLE_DATA.iterdir()))
