"""The import's database lane: order, bounded waiting, failures raised in the caller, nothing half-written."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from services.database_lane import DatabaseLane
from tests.register_files import big_register


def test_calls_and_writes_run_in_the_order_they_were_made_on_one_other_thread():
    done, threads = [], set()

    def work(name, pause=0.0):
        time.sleep(pause)
        threads.add(threading.get_ident())
        done.append(name)
        return name

    with DatabaseLane() as lane:
        lane.write(work, "write 1", 0.05)
        lane.write(work, "write 2")
        assert lane.call(work, "look-up") == "look-up"
        assert done == ["write 1", "write 2", "look-up"]  # the look-up saw both writes
        lane.write(work, "write 3")
        lane.drain()
    assert done[-1] == "write 3" and threads == {next(iter(threads))} != {threading.get_ident()}


def test_the_caller_waits_once_a_write_is_already_waiting():
    started = threading.Event()
    release = threading.Event()

    def slow():
        started.set()
        release.wait(5)

    with DatabaseLane() as lane:
        lane.write(slow)
        started.wait(5)
        blocked = threading.Thread(target=lane.write, args=(lambda: None,))
        blocked.start()
        blocked.join(0.2)
        assert blocked.is_alive()  # the second write waits for the first: memory stays bounded
        release.set()
        blocked.join(5)
        assert not blocked.is_alive()


def test_a_failed_write_is_raised_at_the_next_call_before_its_result():
    def fail():
        raise ValueError("disk full")

    with DatabaseLane() as lane:
        lane.write(fail)
        with pytest.raises(ValueError, match="disk full"):
            lane.call(lambda: "never seen")
        lane.write(fail)
        with pytest.raises(ValueError):
            lane.drain()


def test_a_write_refused_by_the_database_mid_import_leaves_nothing(services, tmp_path, db_path):
    path, persons = big_register(tmp_path / "big.xlsx", 900)
    with sqlite3.connect(db_path) as connection:
        # the 1 200th person or so is refused by the database itself, on the lane, chunks after the first
        connection.execute("CREATE TRIGGER refuse_late_person BEFORE INSERT ON person "
                           "WHEN (SELECT count(*) FROM person) >= 1200 BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(Exception, match="refused"):
        services.imports.import_file(path)
    with sqlite3.connect(db_path) as connection:
        assert [connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("family", "person", "person_search_token", "family_event", "import_batch")] == [0] * 5
        connection.execute("DROP TRIGGER refuse_late_person")
    assert services.imports.import_file(path).imported == persons
