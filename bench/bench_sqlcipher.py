"""SQLCipher (encryption at rest) against the plain SQLite file, same data, same queries.

    python bench/bench_sqlcipher.py [--persons 100000] [--folder DIR]

Builds a person table with Kazakh-like names and an indexed search key twice — once with the
standard ``sqlite3`` module, once with ``sqlcipher3`` (SQLCipher 4 defaults: AES-256, 4 KiB
pages, PBKDF2 with 256 000 iterations when the key is given) — and times: opening with the key,
the bulk insert, 1 000 indexed prefix look-ups (``LIMIT 200``, what search as you type does) and
a full scan. Prints one JSON object with each figure, its plain baseline and the ratio.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

SCHEMA = ("CREATE TABLE person (id INTEGER PRIMARY KEY, surname TEXT, given_name TEXT, iin TEXT, "
          "search_key TEXT); CREATE INDEX ix_person_key ON person (search_key)")
SURNAMES = ["Қасымов", "Әбдірахманов", "Нұрланов", "Серікбаев", "Жұмабаев", "Оспанов", "Төлегенов", "Байжанов"]
GIVEN = ["Нұрлан", "Әсел", "Айгүл", "Ерлан", "Дәурен", "Жанар", "Мұрат", "Гүлнар"]


def _rows(count: int, seed: int = 7):
    rng = random.Random(seed)
    for number in range(count):
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        yield (number + 1, surname, given, f"{rng.randrange(10 ** 12):012d}", f"{surname.lower()} {given.lower()} {number}")


def _run(connect, path: Path, persons: int, key: str | None) -> dict[str, float]:
    figures = {}
    started = time.perf_counter()
    connection = connect(str(path))
    if key is not None:
        connection.execute(f"PRAGMA key = '{key}'")
    connection.executescript(SCHEMA)
    figures["open_and_create_s"] = time.perf_counter() - started
    started = time.perf_counter()
    connection.executemany("INSERT INTO person VALUES (?, ?, ?, ?, ?)", _rows(persons))
    connection.commit()
    figures["insert_s"] = time.perf_counter() - started
    connection.close()
    started = time.perf_counter()
    connection = connect(str(path))
    if key is not None:
        connection.execute(f"PRAGMA key = '{key}'")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the key is checked on first read
    figures["reopen_s"] = time.perf_counter() - started
    rng = random.Random(3)
    started = time.perf_counter()
    for _ in range(1000):
        prefix = rng.choice(SURNAMES).lower()[:3]
        connection.execute("SELECT id, surname FROM person WHERE search_key >= ? AND search_key < ? "
                           "ORDER BY search_key LIMIT 200", (prefix, prefix + "\uffff")).fetchall()
    figures["prefix_lookup_ms"] = (time.perf_counter() - started)  # 1 000 look-ups: seconds = ms each
    started = time.perf_counter()
    connection.execute("SELECT count(*), max(iin) FROM person").fetchone()
    figures["full_scan_s"] = time.perf_counter() - started
    connection.close()
    figures["file_mb"] = path.stat().st_size / 1e6
    return figures


def main(argv=None, quiet: bool = False) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args(argv)
    import sqlcipher3.dbapi2 as sqlcipher
    folder = args.folder or Path(tempfile.mkdtemp(prefix="qandas-sqlcipher-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("plain.sqlite3", "cipher.sqlite3"):
        (folder / name).unlink(missing_ok=True)
    plain = _run(sqlite3.connect, folder / "plain.sqlite3", args.persons, None)
    cipher = _run(sqlcipher.connect, folder / "cipher.sqlite3", args.persons, "bench passphrase")
    assert b"SQLite format 3" not in (folder / "cipher.sqlite3").read_bytes()[:16]
    result = {"persons": args.persons, "figures": {
        key: {"sqlcipher": round(cipher[key], 4), "plain": round(plain[key], 4),
              "ratio": round(cipher[key] / plain[key], 2) if plain[key] else None} for key in plain}}
    if not quiet:
        print(json.dumps(result, indent=2))
    return result


# The rows ``bench/run.py --sqlcipher`` adds to its table: the encrypted file's figure, the plain
# file's as its baseline. No target: what encryption at rest costs is reported, not guarded.
ROWS = {"open_and_create_s": ("sqlcipher_open_and_create", "s"), "insert_s": ("sqlcipher_insert", "s"),
        "reopen_s": ("sqlcipher_reopen", "s"), "prefix_lookup_ms": ("sqlcipher_prefix_lookup", "ms"),
        "full_scan_s": ("sqlcipher_full_scan", "s"), "file_mb": ("sqlcipher_file", "MB")}


def as_results(measured: dict) -> list[dict]:
    from bench.timing import result
    rows = []
    for key, figure in measured["figures"].items():
        name, unit = ROWS[key]
        rows.append(result(name, measured["persons"], figure["sqlcipher"], unit, "reported, no target", True,
                           baseline=figure["plain"], ratio=figure["ratio"]))
    return rows


if __name__ == "__main__":
    main()
