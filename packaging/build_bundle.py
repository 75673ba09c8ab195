"""Build the Qandas application folder: dist/qandas/ (PyInstaller, packaging/qandas.spec).

    python -m pip install -e ".[bundle]"
    python packaging/build_bundle.py                 # → dist/qandas/qandas (qandas.exe on Windows)
    python packaging/build_bundle.py --check         # … then run packaging/check_bundle.py on it

Run it as a script, never as ``python -m packaging…``: a package named ``packaging``
would hide the PyPI ``packaging`` library that pip and setuptools import.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "qandas.spec"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build(dist: Path, work: Path, clean: bool = False, quiet: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the application folder (dist/qandas)."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
               "--workpath", str(work), "--log-level", "WARN" if quiet else "INFO"]
    if clean:
        command.append("--clean")
    command.append(str(SPEC))
    # The build must not pick up a developer's PYTHONPATH (it would hide what the bundle misses).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    folder = dist / "qandas"
    executable = folder / ("qandas.exe" if sys.platform == "win32" else "qandas")
    if not executable.is_file():
        raise SystemExit(f"the build did not produce {executable}")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build dist/qandas/ with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--quiet", action="store_true", help="PyInstaller prints warnings only")
    parser.add_argument("--check", action="store_true",
                        help="afterwards run packaging/check_bundle.py on a copy of the folder")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('PyInstaller is not installed: python -m pip install -e ".[bundle]"', file=sys.stderr)
        return 2
    started = time.monotonic()
    folder = build(args.dist.resolve(), args.work.resolve(), clean=args.clean, quiet=args.quiet)
    size_mb = folder_size(folder) / 1_000_000
    print(f"built {folder} ({size_mb:.0f} MB) in {time.monotonic() - started:.0f} s")
    if args.check:
        return subprocess.call([sys.executable, str(ROOT / "packaging" / "check_bundle.py"), str(folder)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
