"""The archive tests run on both backends: SQLite (a file) and PostgreSQL (a throw-away cluster)."""

from __future__ import annotations

import os

import pytest

from tests.helpers.postgres import PostgresCluster, server_binaries


@pytest.fixture(scope="session")
def postgres():
    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's postgresql (see .ci/run)")
        pytest.skip("PostgreSQL server binaries are not installed")
    cluster = PostgresCluster(binaries)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    """Where a fresh, empty archive is: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "考核档案.sqlite3")
    return request.getfixturevalue("postgres").new_database()
