"""Build dist/qandas with PyInstaller and run packaging/check_bundle.py on a copy of it.

About a minute and it needs PyInstaller (the `bundle` extra), so it runs only when asked:

    python -m pip install -e ".[bundle,test]"
    QANDAS_BUNDLE_TEST=1 python -m pytest tests/packaging/test_bundle.py -q
"""
from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("QANDAS_BUNDLE_TEST") != "1",
                       reason="builds the PyInstaller bundle (~1 min): set QANDAS_BUNDLE_TEST=1 to run"),
]


def test_the_bundle_runs_from_a_temporary_copy(tmp_path, capsys):
    import PyInstaller  # noqa: F401 - asked for explicitly, so a missing PyInstaller is an error
    build = runpy.run_path(str(ROOT / "packaging" / "build_bundle.py"))
    check = runpy.run_path(str(ROOT / "packaging" / "check_bundle.py"))
    folder = build["build"](tmp_path / "dist", tmp_path / "work", quiet=True)
    code = check["main"]([str(folder)])
    output = capsys.readouterr().out
    assert code == 0, output
    assert "ok    qandas db upgrade" in output
    assert "ok    qandas --screenshot DIR" in output
    assert "FAIL" not in output
