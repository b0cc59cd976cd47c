"""The dashboard's configuration keeps it offline: no telemetry, no look-up of the external IP."""

from __future__ import annotations

import os

import pytest

from tests.helpers import ROOT


@pytest.fixture
def repo_config(monkeypatch):
    """Streamlit's config as `streamlit run app.py` reads it from the repository root."""
    from streamlit import config

    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield config
    os.chdir(ROOT)
    config.get_config_options(force_reparse=True)


def test_no_usage_statistics(repo_config):
    assert repo_config.get_option("browser.gatherUsageStats") is False


def test_start_up_banner_asks_nobody_for_the_external_ip(repo_config, monkeypatch, capsys):
    from streamlit import net_util
    from streamlit.web import bootstrap

    calls: list[str] = []
    monkeypatch.setattr(net_util, "_make_blocking_http_get", lambda url, timeout: calls.append(url))
    monkeypatch.setattr(net_util, "_external_ip", None)
    assert repo_config.get_option("server.headless") is True
    bootstrap._print_url(False)
    assert calls == []
    assert "http://localhost:8501" in capsys.readouterr().out
