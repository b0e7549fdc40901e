"""Shared fixtures: the repository root and the example policies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import iuran

ROOT = Path(__file__).resolve().parents[2]
TEGAL = ROOT / "examples" / "policies" / "tegal-2025.toml"
SAMPLE = ROOT / "examples" / "data" / "sample-tegal-2025.csv"

# Spark's Python workers run this interpreter (the one with iuran), as the driver does.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)


@pytest.fixture(scope="session")
def tegal() -> iuran.Policy:
    return iuran.Policy.from_file(TEGAL)
