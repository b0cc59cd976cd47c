"""Fixtures for the tests of every folder."""

from __future__ import annotations

import pytest

import appraisal
from tests.helpers import SAMPLE_DATA


@pytest.fixture(scope="session")
def sample_result() -> appraisal.Result:
    """The sample county (``sample_data/``, 2000 cadres) read and scored once for the whole run.

    Shared by every test that asks for it: read it, never change it (a test
    that needs to change it takes a ``copy.deepcopy``).
    """
    return appraisal.appraise(sorted(SAMPLE_DATA.iterdir()))
