"""The whole-register duplicate scan: variant spellings found with their evidence, decisions kept."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from domain.errors import PermissionDenied
from domain.permissions import Actor, Role
from services.dto import DocumentInput, FamilyInput, PersonInput

ROOT = Path(__file__).resolve().parents[2]
BORN = dt.date(1979, 4, 12)


def _family(services, *members, phone=""):
    return services.registration.register_family(FamilyInput(
        members=tuple(members), arrival_date=dt.date(2026, 1, 10), origin_country_code="UZ", region_code="ABAI",
        phone=phone), confirm_duplicates=True)


@pytest.fixture
def register(services):
    """A Kazakh-spelt family, the same head from an Uzbek passport in a second case (the year
    typed one digit off), and a
    brother born the same day (same surname, patronymic and birth date, another given name)."""
    first = _family(services, PersonInput("Әбдірахманов", "Нұрлан", "Серікұлы", birth_date=BORN, sex="M"),
                    PersonInput("Әбдірахманов", "Ержан", "Серікұлы", relation="child", birth_date=BORN, sex="M"))
    # one digit of the year slipped: the new-family form (same day, or day and month swapped) did not
    # see it; the scan's surname/given name/day-and-month block does
    second = _family(services, PersonInput("Abdurahmonov", "Nurlan", "Serikovich", birth_date=dt.date(1978, 4, 12),
                                           sex="M"))
    unrelated = _family(services, PersonInput("Омаров", "Ерлан", birth_date=dt.date(1990, 1, 1), sex="M"))
    head = services.cases.details(first.id).members[0]
    uzbek = services.cases.details(second.id).members[0]
    services.registration.add_document(uzbek.id, DocumentInput("passport", "FA 1234567"))
    return first, second, unrelated, head, uzbek


def test_scan_finds_the_same_person_under_another_countrys_spelling(services, register):
    first, second, unrelated, head, uzbek = register
    result = services.duplicates.scan()
    assert result.persons == 4
    pairs = {(row.a.person_id, row.b.person_id): row for row in result.pairs}
    assert list(pairs) == [tuple(sorted((head.id, uzbek.id)))]  # not the brother, not the other family
    row = pairs[tuple(sorted((head.id, uzbek.id)))]
    messages = {item.message for item in row.evidence}
    assert {"{field}: the same in another spelling", "Birth date: one digit apart"} <= messages
    assert row.score >= 60 and {row.a.case_number, row.b.case_number} == {first.case_number, second.case_number}


def test_recorded_pairs_reach_the_review_list_once_and_decisions_stick(services, register):
    _, _, _, head, uzbek = register
    before = len(services.duplicates.open_pairs())
    assert services.duplicates.scan(record=True).recorded == 1
    assert services.duplicates.scan(record=True).recorded == 0  # already on the list
    rows = services.duplicates.open_pairs()
    assert len(rows) == before + 1
    scanned = next(r for r in rows if {r.person_a_id, r.person_b_id} == {head.id, uzbek.id})
    assert scanned.reason == "scored"
    services.duplicates.mark_distinct(scanned.id)
    assert services.duplicates.scan().pairs == ()  # a reviewer's decision is not asked again


def test_a_shared_passport_number_alone_makes_a_strong_pair(services, register):
    _, _, unrelated, _, uzbek = register
    other = services.cases.details(unrelated.id).members[0]
    services.registration.add_document(other.id, DocumentInput("passport", "FA1234567"))
    found = {(r.a.person_id, r.b.person_id) for r in services.duplicates.scan().pairs}
    assert tuple(sorted((other.id, uzbek.id))) in found


def test_reading_needs_view_and_recording_needs_edit(services, register):
    viewer = services.for_actor(Actor(None, "viewer", Role.READ_ONLY))
    assert viewer.duplicates.scan().pairs
    with pytest.raises(PermissionDenied):
        viewer.duplicates.scan(record=True)


def test_cli_scan_prints_json_and_a_translated_summary(tmp_path):
    db = tmp_path / "q.sqlite3"
    from tests.cli.in_process import run_cli  # the command line in this process: the scan is tested, not a process
    run = lambda *args: run_cli("--db", str(db), *args, env={"QANDAS_DATA_DIR": str(tmp_path)})  # noqa: E731
    assert run("demo", "--families", "40", "--seed", "5").returncode == 0
    done = run("duplicates", "scan", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["persons"] > 40 and payload["threshold"] == 60 and isinstance(payload["pairs"], list)
    for pair in payload["pairs"]:
        assert pair["score"] >= 60 and pair["evidence"] and pair["a"]["case_number"]
    text = run("--lang", "ru", "duplicates", "scan", "--threshold", "90")
    assert text.returncode == 0 and "среди" in text.stdout
    assert run("duplicates", "scan", "--threshold", "0").returncode == 2


def test_the_new_family_form_warns_about_another_countrys_spelling_but_not_a_twin(services):
    from services.registration import PossibleDuplicateError
    _family(services, PersonInput("Әбдірахманов", "Нұрлан", "Серікұлы", birth_date=BORN, sex="M"))
    uzbek = FamilyInput(members=(PersonInput("Abdurahmonov", "Nurlan", "", birth_date=dt.date(1979, 12, 4),
                                             sex="M"),), arrival_date=dt.date(2026, 2, 1), origin_country_code="UZ",
                        region_code="ABAI")
    hints = services.registration.find_duplicates(uzbek)
    assert [(h.full_name, h.reason) for h in hints] == [("Әбдірахманов Нұрлан Серікұлы", "scored")]
    with pytest.raises(PossibleDuplicateError):
        services.registration.register_family(uzbek)
    twin = FamilyInput(members=(PersonInput("Әбдірахманов", "Ержан", "Серікұлы", birth_date=BORN, sex="M"),),
                       arrival_date=dt.date(2026, 2, 1), origin_country_code="UZ", region_code="ABAI")
    assert services.registration.find_duplicates(twin) == []
