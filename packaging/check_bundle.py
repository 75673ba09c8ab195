"""Prove a built Qandas folder works on its own: copy it out of the project and run it.

    python packaging/check_bundle.py [dist/qandas] [--keep] [--postgres URL]

The folder is copied to a new temporary directory outside the project and every command
runs from there with a clean environment: no PYTHONPATH, the working directory in the
temporary folder, QANDAS_DATA_DIR pointing to an empty data folder, HOME inside it and
QT_QPA_PLATFORM=offscreen. A command whose module is not in this build (``report``,
``export`` before their branches land) is skipped with a line saying so, but only when
the source tree lacks it too: a command the source has and the bundle lost is a failure.

Exit code: 0 when every check passed (skips allowed), 1 when one failed, 2 on bad usage.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"
TIMEOUT = 300
# Environment variables a clean Windows process needs to start at all.
_WINDOWS_KEEP = ("SYSTEMROOT", "WINDIR", "SYSTEMDRIVE", "COMSPEC", "PATHEXT", "NUMBER_OF_PROCESSORS",
                 "PROCESSOR_ARCHITECTURE")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cpu_seconds: float | None = None  # user + system time of the child (POSIX): steady on a busy machine
    first_file_seconds: float | None = None

    def detail(self) -> str:
        text = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return f"exit {self.returncode}: " + (" | ".join(text[-3:]) if text else "no output")


class CheckFailed(Exception):
    pass


def _children_cpu() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Sandbox:
    """A copy of the bundle in a temporary folder and a clean environment to run it in."""

    def __init__(self, bundle: Path, keep: bool = False) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="qandas-bundle-check-")).resolve()
        if self.base.is_relative_to(ROOT) or self.base.is_relative_to(bundle.resolve()):
            raise SystemExit(f"the temporary folder {self.base} is inside the project; set TMPDIR elsewhere")
        self.keep = keep
        self.app = self.base / "qandas"
        shutil.copytree(bundle, self.app, symlinks=True)
        self.work = self.base / "work"
        self.data = self.base / "data"
        for folder in (self.work, self.data, self.base / "home"):
            folder.mkdir()
        cli_name = "qandas-cli.exe" if WINDOWS else "qandas"
        self.cli = self.app / cli_name
        # On Windows the windowed qandas.exe is what users start; the screenshots prove it works.
        self.gui = self.app / ("qandas.exe" if WINDOWS else "qandas")
        self.env = self._clean_environment()
        self.postgres_url: str | None = None

    def _clean_environment(self) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(self.base / "home"),
            "QANDAS_DATA_DIR": str(self.data),
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
            "TMPDIR": str(self.base),
        }
        if WINDOWS:
            env.update({key: os.environ[key] for key in _WINDOWS_KEEP if key in os.environ})
            env.update({"USERPROFILE": str(self.base / "home"), "LOCALAPPDATA": str(self.base / "home"),
                        "APPDATA": str(self.base / "home"), "TEMP": str(self.base), "TMP": str(self.base)})
        return env

    def run(self, *args: str, gui: bool = False, watch: Path | None = None) -> Result:
        """Run the CLI (or GUI) executable; with ``watch``, also time the first file appearing there."""
        cpu_before = _children_cpu()
        started = time.monotonic()
        first_file = None
        with subprocess.Popen([str(self.gui if gui else self.cli), *args], cwd=self.work, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                              errors="replace") as process:
            while watch is not None and first_file is None and process.poll() is None:
                if watch.is_dir() and any(watch.iterdir()):
                    first_file = time.monotonic() - started
                elif time.monotonic() - started > TIMEOUT:
                    break
                time.sleep(0.01)
            try:
                stdout, stderr = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
        seconds = time.monotonic() - started
        if watch is not None and first_file is None and watch.is_dir() and any(watch.iterdir()):
            first_file = seconds  # the process finished between two looks
        cpu_after = _children_cpu()
        cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        return Result(process.returncode, stdout, stderr, seconds, cpu, first_file)

    def close(self) -> None:
        if self.keep:
            print(f"kept {self.base}")
        else:
            shutil.rmtree(self.base, ignore_errors=True)


# --- the folder's layout ------------------------------------------------------------------

def layout_problems(bundle: Path, source: Path | None) -> list[str]:
    """Files the bundle must hold; compared with the source tree when it is at hand."""
    internal = bundle / "_internal"
    problems = []
    executables = ["qandas.exe", "qandas-cli.exe"] if WINDOWS else ["qandas"]
    required = executables + [
        "_internal/migrations/env.py", "_internal/migrations/script.py.mako",
        "_internal/reports/fonts/DejaVuSans.ttf", "_internal/reports/fonts/DejaVuSans-Bold.ttf",
        "_internal/reports/fonts/LICENSE",
        "_internal/PySide6/Qt/translations/qtbase_ru.qm" if not WINDOWS else "_internal/PySide6/translations/qtbase_ru.qm",
    ] + [f"_internal/babel/locale-data/{name}.dat" for name in ("root", "kk", "kk_KZ", "ru", "ru_KZ", "en", "en_GB")]
    problems += [f"missing {name}" for name in required if not (bundle / name).is_file()]
    plugins = internal / "PySide6" / ("plugins" if WINDOWS else "Qt/plugins")
    wanted_plugins = {"platforms": ["qoffscreen"] + (["qwindows"] if WINDOWS else ["qxcb"]), "imageformats": []}
    if WINDOWS:
        wanted_plugins["styles"] = []  # qmodernwindowsstyle: without it the window looks like Windows 95
    for folder, names in wanted_plugins.items():
        found = [p.name for p in (plugins / folder).glob("*")] if (plugins / folder).is_dir() else []
        if not found:
            problems.append(f"no Qt plugins in {plugins.relative_to(bundle) / folder}")
        problems += [f"no Qt plugin {name} in {folder}" for name in names if not any(name in f for f in found)]
    if source is not None:
        for pattern in ("migrations/versions/*.py", "i18n/locale/*/LC_MESSAGES/*.po", "storage/reference_data/*.json"):
            for path in source.glob(pattern):
                if not (internal / path.relative_to(source)).is_file():
                    problems.append(f"missing {path.relative_to(source).as_posix()} (it is in the source tree)")
    return problems


# --- the commands ---------------------------------------------------------------------------

def expect(result: Result, code: int = 0) -> None:
    if result.returncode != code:
        raise CheckFailed(result.detail())


def command_in_build(box: Sandbox, source: Path | None, words: list[str]) -> str | None:
    """None when the bundle has the command; a reason to skip it; CheckFailed when the bundle lost it."""
    bundled = box.run(*words, "--help")
    if bundled.returncode == 0:
        return None
    in_source = None
    if source is not None and (source / "main.py").is_file():
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        in_source = subprocess.run([sys.executable, "main.py", *words, "--help"], cwd=source, env=env,
                                   capture_output=True, timeout=TIMEOUT).returncode
    if bundled.returncode == 2 and in_source != 0:
        return f"`{' '.join(words)}` is not in this build (its module has not landed)"
    if bundled.returncode == 2:
        raise CheckFailed(f"the source tree has `{' '.join(words)}` but the bundle does not")
    raise CheckFailed(bundled.detail())


def check_help(box: Sandbox, measured: dict) -> str:
    runs = []
    for _ in range(3):
        result = box.run("--help")
        expect(result)
        runs.append(result)
    if "usage: qandas" not in result.stdout:
        raise CheckFailed("no usage line in the output")
    fastest = min(runs, key=lambda run: run.seconds)
    measured["help_seconds"] = round(fastest.seconds, 2)
    if fastest.cpu_seconds is not None:
        measured["help_cpu_seconds"] = round(fastest.cpu_seconds, 2)
    return f"best of 3: {fastest.seconds:.2f} s" + _cpu(fastest)


def _cpu(result: Result) -> str:
    return f" (CPU {result.cpu_seconds:.2f} s)" if result.cpu_seconds is not None else ""


def check_upgrade(box: Sandbox, measured: dict) -> str:
    result = box.run("db", "upgrade")
    expect(result)
    database = box.data / "qandas.sqlite3"
    if not database.is_file():
        raise CheckFailed(f"no database at {database}")
    check = box.run("db", "check", "--json")
    expect(check)
    state = json.loads(check.stdout)
    if not state["ok"] or state["schema_revision"] != state["head_revision"]:
        raise CheckFailed(f"db check after the upgrade: {state}")
    return f"schema {state['schema_revision']}"


def check_demo(box: Sandbox, measured: dict) -> str:
    result = box.run("demo", "--families", "50")
    expect(result)
    return result.stdout.strip()


def check_info(box: Sandbox, measured: dict) -> str:
    result = box.run("info", "--json")
    expect(result)
    info = json.loads(result.stdout)
    if info["schema_state"] != "current" or info["counts"]["families"] != 50:
        raise CheckFailed(f"unexpected info: state {info['schema_state']}, families {info['counts']['families']}")
    english = box.run("info").stdout
    for language in ("kk", "ru"):
        translated = box.run("--lang", language, "info")
        expect(translated)
        if translated.stdout == english or not any("\u0400" <= ch <= "\u04ff" for ch in translated.stdout):
            raise CheckFailed(f"`--lang {language} info` is not translated")
    return f"{info['counts']['families']} families, {info['counts']['persons']} persons; kk and ru translated"


def check_without_streams(box: Sandbox, measured: dict) -> str:
    """A windowed Windows exe starts with no stdout/stderr; JSON output must not crash it."""
    if WINDOWS:
        result = box.run("info", "--json", gui=True)  # qandas.exe is the windowed one
        code = result.returncode
    else:
        def close_streams() -> None:
            os.close(1)
            os.close(2)
        code = subprocess.run([str(box.cli), "info", "--json"], cwd=box.work, env=box.env,
                              preexec_fn=close_streams, timeout=TIMEOUT).returncode  # noqa: PLW1509
    if code != 0:
        raise CheckFailed(f"exit {code} with no stdout/stderr (packaging/rthook_streams.py)")
    return "exit 0"


def check_screenshots(box: Sandbox, measured: dict) -> str:
    """Every language once; en twice, because the first start of a fresh user builds font caches."""
    lines = []
    for run, language in enumerate(("en", "kk", "ru", "en")):
        folder = box.work / f"shots-{run}-{language}"
        result = box.run("--lang", language, "--screenshot", str(folder), gui=True, watch=folder)
        expect(result)
        images = sorted(folder.glob("*.png"))
        if not images or any(image.stat().st_size < 5000 for image in images):
            raise CheckFailed(f"no or empty screenshots in {folder}")
        key = "first_start" if run == 0 else "next_start" if run == 3 else None
        if key:
            measured[f"{key}_first_window_seconds"] = round(result.first_file_seconds or result.seconds, 2)
            measured[f"{key}_screenshots_seconds"] = round(result.seconds, 2)
            if result.cpu_seconds is not None:
                measured[f"{key}_screenshots_cpu_seconds"] = round(result.cpu_seconds, 2)
        lines.append(f"{language}: {len(images)} PNG, first after {result.first_file_seconds or result.seconds:.1f} s"
                     f", exit after {result.seconds:.1f} s")
    return "; ".join(lines)


def check_postgres(box: Sandbox, measured: dict) -> str:
    """The same commands on a PostgreSQL database (the bundled psycopg and libpq)."""
    url = box.postgres_url
    expect(box.run("--db", url, "db", "upgrade"))
    expect(box.run("--db", url, "demo", "--families", "5"))
    result = box.run("--db", url, "info", "--json")
    expect(result)
    info = json.loads(result.stdout)
    if info["dialect"] != "postgresql" or info["schema_state"] != "current" or info["counts"]["families"] != 5:
        raise CheckFailed(f"unexpected info: {info['dialect']}, {info['schema_state']}, {info['counts']['families']}")
    return f"db upgrade, demo, info on {info['database']}"


def check_report(box: Sandbox, measured: dict) -> str:
    result = box.run("report", "monthly", "--month", "2026-10", "--lang", "kk", "--out", "r.pdf")
    expect(result)
    pdf = (box.work / "r.pdf").read_bytes()
    if not pdf.startswith(b"%PDF") or b"%%EOF" not in pdf[-1024:]:
        raise CheckFailed("r.pdf is not a complete PDF")
    if b"DejaVu" not in pdf:
        raise CheckFailed("r.pdf does not embed the shipped DejaVu font (Kazakh letters would be missing)")
    return f"r.pdf, {len(pdf) // 1024} KB, DejaVu embedded"


def check_export(box: Sandbox, measured: dict) -> str:
    result = box.run("export", "register", "--out", "r.xlsx")
    expect(result)
    path = box.work / "r.xlsx"
    with zipfile.ZipFile(path) as book:
        if "xl/workbook.xml" not in book.namelist():
            raise CheckFailed("r.xlsx is not an Excel workbook")
    try:
        import openpyxl
    except ImportError:
        return f"r.xlsx, {path.stat().st_size // 1024} KB"
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = sum(1 for _ in sheet.iter_rows(values_only=True))
    if rows < 50:
        raise CheckFailed(f"r.xlsx has {rows} rows for 50 demonstration families")
    return f"r.xlsx, {rows} rows"


CHECKS = [
    ("qandas --help", None, check_help),
    ("qandas db upgrade", ["db", "upgrade"], check_upgrade),
    ("qandas demo --families 50", ["demo"], check_demo),
    ("qandas info --json", ["info"], check_info),
    ("qandas info --json with no stdout/stderr (as a windowed exe)", None, check_without_streams),
    ("qandas --screenshot DIR", None, check_screenshots),
    ("qandas --db postgresql://… db upgrade / demo / info", None, check_postgres),
    ("qandas report monthly --month 2026-10 --lang kk --out r.pdf", ["report", "monthly"], check_report),
    ("qandas export register --out r.xlsx", ["export", "register"], check_export),
]


def folder_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1_000_000


def run_checks(bundle: Path, source: Path | None, keep: bool = False,
               postgres_url: str | None = None) -> tuple[int, dict]:
    failures = 0
    measured: dict = {"size_mb": round(folder_megabytes(bundle))}
    for problem in layout_problems(bundle, source):
        print(f"FAIL  layout: {problem}")
        failures += 1
    if failures == 0:
        print(f"ok    layout: executable, migrations, fonts, catalogues, Babel and Qt data ({measured['size_mb']} MB)")
    box = Sandbox(bundle, keep=keep)
    box.postgres_url = postgres_url
    print(f"      running from {box.app} (cwd {box.work}, QANDAS_DATA_DIR {box.data})")
    try:
        for title, words, check in CHECKS:
            try:
                reason = command_in_build(box, source, words) if words else None
                if check is check_postgres and not postgres_url:
                    reason = "no PostgreSQL server given (--postgres URL of an empty database)"
                if reason:
                    print(f"skip  {title}: {reason}")
                    continue
                print(f"ok    {title}: {check(box, measured)}")
            except CheckFailed as failure:
                print(f"FAIL  {title}: {failure}")
                failures += 1
            except (OSError, ValueError, KeyError, subprocess.TimeoutExpired) as error:
                print(f"FAIL  {title}: {type(error).__name__}: {error}")
                failures += 1
    finally:
        box.close()
    return failures, measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a built Qandas folder from a temporary copy.")
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "qandas",
                        help="the application folder (default: dist/qandas)")
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="the source tree the bundle was built from (default: this checkout)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder for a look")
    parser.add_argument("--postgres", metavar="URL",
                        help="also run db upgrade, demo and info on this (empty) PostgreSQL database")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the measurements to FILE")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    if not bundle.is_dir():
        print(f"no bundle at {bundle}: build it with python packaging/build_bundle.py", file=sys.stderr)
        return 2
    source = args.source.resolve() if args.source and (args.source / "main.py").is_file() else None
    failures, measured = run_checks(bundle, source, keep=args.keep, postgres_url=args.postgres)
    print(f"measured: {json.dumps(measured)}")
    if args.json:
        args.json.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
    print("bundle check passed" if failures == 0 else f"bundle check FAILED: {failures} problem(s)")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
