"""PyInstaller runtime hook: give a windowed (console=False) Qandas somewhere to write.

A Windows GUI executable starts with sys.stdout and sys.stderr set to None; argparse,
print() and logging's last-resort handler would then fail. The streams go to the null
device instead; real diagnostics go to qandas.log in the user's data folder.
"""
import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
