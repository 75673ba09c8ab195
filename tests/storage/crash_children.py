"""Children to SIGKILL, forked from one "seat" process that imported Qandas once.

A fresh ``python -c`` per kill spends about a second importing before its work even starts. The
seat (this file run as a script) imports services and storage once and forks a child per job: the
child is still a process of its own (own pid, own file descriptors, its own engine opened after
the fork), it says "ready" just before the work starts, and the SIGKILL lands in the work exactly
as it did in a fresh interpreter, only each start costs milliseconds instead of a second.

Lines on the seat's stdin / stdout:
  test → seat   ``["backup", url, out]`` or ``["upgrade", path]`` (JSON)
  child → test  ``ready <pid>``
  test → seat   ``kill`` (SIGKILL the child now) or ``wait`` (let it finish)
  seat → test   ``exit <pid> <code>`` (the exit code, or minus the signal number)
The seat reaps the child only after the test's ``kill``/``wait``, so the pid it kills is never
one the system could have given to another process.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# --- the seat (runs in its own interpreter) -----------------------------------------------------
def _jobs():
    from domain.permissions import SYSTEM_ACTOR
    from services import backup
    from storage import schema
    return {"backup": lambda url, out: backup.write(url, Path(out), SYSTEM_ACTOR),
            "upgrade": lambda path: schema.upgrade(path)}


def _child(job) -> None:
    status = 0
    try:
        print(f"ready {os.getpid()}", flush=True)
        job()
    except BaseException:  # noqa: BLE001 - reported through the exit code and stderr
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never return into the seat's loop, never run its exit handlers


def serve() -> None:
    jobs = _jobs()
    print("seat", flush=True)  # imports done
    for line in sys.stdin:
        kind, *args = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(lambda: jobs[kind](*args))
        order = sys.stdin.readline().strip()
        if order == "kill":
            os.kill(pid, signal.SIGKILL)  # unreaped yet: still this child's pid, even if it just ended
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


# --- the test's side ----------------------------------------------------------------------------
class Seat:
    """One seat process for a test; ``run`` times a job that finishes, ``kill_after`` kills one."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self._line() == "seat"

    def _line(self) -> str:
        line = self.process.stdout.readline()
        assert line, f"the seat ended (exit code {self.process.poll()})"
        return line.strip()

    def _send(self, text: str) -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def _start(self, kind: str, args: list[str]) -> int:
        self._send(json.dumps([kind, *args]))
        word, pid = self._line().split()
        assert word == "ready"  # the child's imports were the seat's: its work starts now
        return int(pid)

    def _end(self, order: str, pid: int) -> int:
        self._send(order)
        word, ended, code = self._line().split()
        assert (word, int(ended)) == ("exit", pid)
        return int(code)

    def run(self, kind: str, *args: str) -> float:
        """Seconds the job's work takes when it is left to finish."""
        pid = self._start(kind, list(args))
        started = time.monotonic()
        assert self._end("wait", pid) == 0
        return time.monotonic() - started

    def kill_after(self, delay: float, kind: str, *args: str) -> None:
        """SIGKILL the job ``delay`` seconds after its work started (it may have finished by then)."""
        pid = self._start(kind, list(args))
        time.sleep(delay)
        assert self._end("kill", pid) in (-signal.SIGKILL, 0)

    def close(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    serve()
