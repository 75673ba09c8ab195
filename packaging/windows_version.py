"""The Windows version resource of qandas.exe, generated from pyproject's version.

PyInstaller's ``version=`` option takes a text file holding a ``VSVersionInfo(...)``
expression (the format `pyi-grab_version` prints). Writing it from pyproject.toml keeps
Explorer's "Details" tab in step with the release without a second place to edit.
The spec calls ``write_version_file`` on Windows; ``python packaging/windows_version.py``
prints the text for review on any system.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPANY = "Qandas"
PRODUCT = "Qandas"
DESCRIPTION = "Qandas: case management for kandas adaptation and integration centres"


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    with pyproject.open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0); a pre-release or local suffix ('rc1', '+abc') is dropped."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    numbers = [int(part) for part in match.group(0).split(".")] if match else []
    if not numbers or len(numbers) > 4 or any(number > 65535 for number in numbers):
        raise ValueError(f"cannot express version {version!r} as four 16-bit numbers (Windows' limit)")
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_info_text(version: str, filename: str = "qandas.exe") -> str:
    numbers = version_tuple(version)
    dotted = ".".join(str(n) for n in numbers)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": dotted,
        "InternalName": filename.removesuffix(".exe"),
        "LegalCopyright": f"© {COMPANY}",
        "OriginalFilename": filename,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    string_lines = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    # 0x0409 = US English, 1200 = Unicode: the language-neutral choice Windows shows everywhere.
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{string_lines}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_file(target: Path, version: str | None = None, filename: str = "qandas.exe") -> str:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(version_info_text(version or project_version(), filename), encoding="utf-8")
    return str(target)


if __name__ == "__main__":
    print(version_info_text(project_version()), end="")
