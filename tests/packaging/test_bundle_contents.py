"""What the PyInstaller spec puts in the bundle (fast: PyInstaller is not needed)."""
from __future__ import annotations

import ast
import importlib
import runpy
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
RUNTIME_PACKAGES = ("cli", "domain", "gui", "i18n", "migrations", "reports", "services", "storage")


@pytest.fixture(scope="module")
def contents() -> dict:
    return runpy.run_path(str(PACKAGING / "bundle_contents.py"))


def _package_data_files() -> set[tuple[str, str]]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        package_data = tomllib.load(handle)["tool"]["setuptools"]["package-data"]
    files = set()
    for package, patterns in package_data.items():
        folder = ROOT / package.replace(".", "/")
        for pattern in patterns:
            for path in folder.glob(pattern):
                files.add((str(path), path.parent.relative_to(ROOT).as_posix()))
    return files


def test_every_packaged_resource_goes_into_the_bundle(contents):
    bundled = set(contents["data_files"]())
    missing = _package_data_files() - bundled
    assert not missing, f"in pyproject package-data but not in the bundle: {sorted(missing)}"
    assert all(Path(source).is_file() and not destination.startswith("/") for source, destination in bundled)
    names = {Path(source).relative_to(ROOT).as_posix() for source, _ in bundled}
    assert "migrations/env.py" in names and "migrations/script.py.mako" in names
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "migrations/versions").glob("*.py")} <= names
    assert "reports/fonts/DejaVuSans.ttf" in names
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "i18n/locale").rglob("*.po")} <= names


def test_modules_imported_by_name_are_hidden_imports(contents):
    from cli.app import COMMAND_MODULES
    from gui.screens import FEATURE_MODULES
    hidden = set(contents["hidden_imports"]())
    assert set(COMMAND_MODULES) <= hidden
    assert set(FEATURE_MODULES) <= hidden
    assert {"migrations", "storage.tables", "alembic.op", "alembic.context", "sqlalchemy"} <= hidden
    for name in hidden:  # every listed module really exists (a typo would only warn in PyInstaller)
        assert importlib.util.find_spec(name) is not None, name
    assert not any(name.startswith("migrations.versions") for name in hidden)


def test_only_our_languages_of_babel_and_qt_are_kept(contents):
    keep = contents["keep_collected"]
    for name in ("root", "kk", "kk_KZ", "ru", "ru_KZ", "en", "en_GB"):
        assert keep(f"babel/locale-data/{name}.dat")
    # Every locale our Translator asks Babel for resolves to data the bundle keeps.
    from babel import Locale
    from i18n.translator import _LOCALES
    for code in _LOCALES.values():
        assert Locale.parse(code) is not None
        assert keep(f"babel/locale-data/{code}.dat"), code
    assert not keep("babel/locale-data/de.dat")
    assert not keep("PySide6\\translations\\qtbase_de.qm")
    assert keep("PySide6/Qt/translations/qtbase_ru.qm")
    assert keep("babel/global.dat") and keep("reports/fonts/DejaVuSans.ttf")


def test_windows_version_resource_follows_pyproject():
    module = runpy.run_path(str(PACKAGING / "windows_version.py"))
    version = module["project_version"]()
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert version == tomllib.load(handle)["project"]["version"]
    text = module["version_info_text"](version, "qandas-cli.exe")
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates this expression on Windows
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    strings = {node.args[0].value: node.args[1].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"}
    numbers = module["version_tuple"](version)
    assert strings["ProductVersion"] == version
    assert strings["FileVersion"] == ".".join(map(str, numbers))
    assert strings["OriginalFilename"] == "qandas-cli.exe"
    assert f"filevers={numbers}" in text
    assert module["version_tuple"]("1.2.3rc1") == (1, 2, 3, 0)
    with pytest.raises(ValueError):
        module["version_tuple"]("1.70000")


def test_the_icon_has_the_sizes_windows_uses():
    from PIL import Image
    with Image.open(PACKAGING / "qandas.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(icon.info["sizes"])


def test_packaging_folder_does_not_hide_the_pypi_library():
    # No __init__.py: a package named "packaging" here would shadow the library pip needs.
    assert not (PACKAGING / "__init__.py").exists()
    import packaging.version
    assert not Path(packaging.version.__file__).resolve().is_relative_to(ROOT)


def test_runtime_code_finds_resources_without_the_source_tree_path():
    """Bundled code reads files through importlib.resources, never paths built from __file__."""
    offenders = []
    files = [ROOT / "main.py"] + [p for package in RUNTIME_PACKAGES for p in (ROOT / package).rglob("*.py")]
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        if relative == "i18n/catalog.py":  # a developer tool that edits the source catalogues
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Name) and node.id == "__file__" for node in ast.walk(tree)):
            offenders.append(relative)
    assert not offenders, f"use importlib.resources instead of __file__ in {offenders}"
