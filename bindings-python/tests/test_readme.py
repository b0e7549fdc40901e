"""The Python code blocks of the READMEs run, in order, from the repository root:
bindings-python/README.md and the repository's README.md (which may have none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

READMES = [ROOT / "bindings-python" / "README.md", ROOT / "README.md"]


def blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)


def test_the_package_readme_has_a_quick_start() -> None:
    assert len(blocks(READMES[0])) >= 3


@pytest.mark.parametrize("readme", READMES, ids=["bindings-python", "repository"])
def test_readme_python_blocks_run(readme: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for i, code in enumerate(blocks(readme), 1):
        exec(compile(code, f"{readme.relative_to(ROOT)} (python block {i})", "exec"), namespace)
