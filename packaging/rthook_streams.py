"""PyInstaller runtime hook: give a windowed (console=False) Qandas somewhere to write.

A Windows GUI executable starts with sys.stdout and sys.stderr set to None; json.dump,
print() to a None stream and logging's last-resort handler would then fail. Standard
output goes to the null device. What the program writes to stderr (a refusal such as
"This database comes from a newer version of Qandas", which stops the program before
its window opens) is kept and shown in a message box when the process ends, so a user
who double-clicked qandas.exe is never left with a program that silently did nothing.
Full diagnostics are in qandas.log in the user's data folder.
"""
import atexit
import io
import os
import sys


def _show_message_box(stream: io.StringIO) -> None:
    text = stream.getvalue().strip()
    if not text or sys.platform != "win32":
        return
    try:
        import ctypes
        ctypes.windll.user32.MessageBoxW(None, text[-4000:], "Qandas", 0x10)  # MB_ICONERROR
    except Exception:  # noqa: BLE001 - never turn a message into a crash at exit
        pass


if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
if sys.stderr is None:
    sys.stderr = io.StringIO()
    atexit.register(_show_message_box, sys.stderr)
