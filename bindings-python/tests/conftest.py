"""Shared fixtures: the repository root and the example policies."""

from __future__ import annotations

from pathlib import Path

import pytest

import iuran

ROOT = Path(__file__).resolve().parents[2]
TEGAL = ROOT / "examples" / "policies" / "tegal-2025.toml"
SAMPLE = ROOT / "examples" / "data" / "sample-tegal-2025.csv"


@pytest.fixture(scope="session")
def tegal() -> iuran.Policy:
    return iuran.Policy.from_file(TEGAL)
