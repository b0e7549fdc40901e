"""The stubs of the native module match the build (mypy.stubtest), and the Python
package type-checks strictly."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

PACKAGE = ROOT / "bindings-python"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=PACKAGE, capture_output=True, text=True)


def test_stubtest() -> None:
    done = run("mypy.stubtest", "iuran._native")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_the_package() -> None:
    done = run("mypy", "python/iuran")
    assert done.returncode == 0, done.stdout + done.stderr
