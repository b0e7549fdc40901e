"""The package docstring's example runs, as written, from the repository root."""

from __future__ import annotations

import doctest

import pytest

import iuran

from conftest import ROOT


def test_the_package_docstring_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(iuran, verbose=False, report=True)
    assert result.attempted >= 4
    assert result.failed == 0
