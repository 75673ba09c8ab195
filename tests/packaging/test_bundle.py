"""Build dist/qandas with PyInstaller and run packaging/check_bundle.py on a copy of it.

About 1.5 minutes and it needs PyInstaller (the `bundle` extra), so it runs only when asked:

    python -m pip install -e ".[bundle,test]"
    QANDAS_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen python -m pytest tests/packaging/test_bundle.py -q

Where the PostgreSQL binaries are installed, the bundle also runs on a PostgreSQL database.
"""
from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

from tests.pg_server import find_postgres_binaries

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("QANDAS_BUNDLE_TEST") != "1",
                       reason="builds the PyInstaller bundle (~1.5 min): set QANDAS_BUNDLE_TEST=1 to run"),
]


def test_the_bundle_runs_from_a_temporary_copy(tmp_path, capsys, request):
    import PyInstaller  # noqa: F401 - asked for explicitly, so a missing PyInstaller is an error
    postgres_url = request.getfixturevalue("pg_url") if find_postgres_binaries() else None
    build = runpy.run_path(str(ROOT / "packaging" / "build_bundle.py"))
    check = runpy.run_path(str(ROOT / "packaging" / "check_bundle.py"))
    folder = build["build"](tmp_path / "dist", tmp_path / "work", quiet=True)
    code = check["main"]([str(folder)] + (["--postgres", postgres_url] if postgres_url else []))
    output = capsys.readouterr().out
    assert code == 0, output
    for step in ("layout", "qandas --help", "qandas db upgrade", "qandas demo", "qandas info --json",
                 "qandas --screenshot DIR"):
        assert f"ok    {step}" in output, output
    if postgres_url:
        assert "ok    qandas --db postgresql" in output, output
    assert "FAIL" not in output
