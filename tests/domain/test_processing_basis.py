import datetime as dt

import pytest

from domain.errors import ValidationError
from domain.processing_basis import (BasisPeriod, check_ground_code, check_withdrawal, has_basis,
                                     persons_without_basis)

D = dt.date


def test_a_withdrawn_basis_ends_the_day_it_is_withdrawn():
    period = BasisPeriod(D(2026, 3, 1), D(2026, 6, 1))
    assert not period.in_force(D(2026, 2, 28))
    assert period.in_force(D(2026, 3, 1)) and period.in_force(D(2026, 5, 31))
    assert not period.in_force(D(2026, 6, 1))


def test_a_family_member_without_any_basis_in_force_is_named():
    bases = {1: [BasisPeriod(D(2026, 1, 1))], 2: [BasisPeriod(D(2026, 1, 1), D(2026, 2, 1))], 3: []}
    assert persons_without_basis(bases, D(2026, 3, 1)) == [2, 3]
    assert has_basis(bases[2], D(2026, 1, 15))


def test_withdrawal_rules():
    today = D(2026, 11, 25)
    with pytest.raises(ValidationError, match="already withdrawn"):
        check_withdrawal(BasisPeriod(D(2026, 1, 1), D(2026, 2, 1)), D(2026, 3, 1), today)
    with pytest.raises(ValidationError, match="cannot be before"):
        check_withdrawal(BasisPeriod(D(2026, 5, 1)), D(2026, 4, 1), today)
    with pytest.raises(ValidationError, match="future"):
        check_withdrawal(BasisPeriod(D(2026, 5, 1)), D(2026, 12, 1), today)
    check_withdrawal(BasisPeriod(D(2026, 5, 1)), today, today)


def test_ground_codes_are_plain_latin():
    assert check_ground_code(" Migration_Law ") == "migration_law"
    for bad in ("", "закон", "a b", "x" * 33):
        with pytest.raises(ValidationError):
            check_ground_code(bad)
