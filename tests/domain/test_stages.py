import pytest

from domain.errors import RuleViolation, ValidationError
from domain.stages import TRANSITIONS, CloseReason, Stage, check_transition


def test_every_stage_has_its_allowed_moves():
    assert set(TRANSITIONS) == set(Stage.ALL)


def test_allowed_and_refused_moves():
    check_transition(Stage.ARRIVED, Stage.STATUS_PENDING)
    with pytest.raises(RuleViolation):
        check_transition(Stage.ARRIVED, Stage.SETTLED)


def test_closing_needs_a_reason():
    with pytest.raises(ValidationError) as caught:
        check_transition(Stage.SETTLED, Stage.CLOSED)
    assert caught.value.field == "closed_reason"
    check_transition(Stage.SETTLED, Stage.CLOSED, CloseReason.LEFT)


def test_quota_inclusion_moves_early_stages_forward_only():
    from domain.stages import stage_after_quota_inclusion
    assert stage_after_quota_inclusion(Stage.ARRIVED) == Stage.QUOTA_INCLUDED
    assert stage_after_quota_inclusion(Stage.STATUS_GRANTED) == Stage.QUOTA_INCLUDED
    assert stage_after_quota_inclusion(Stage.SETTLED) == Stage.SETTLED
    assert stage_after_quota_inclusion(Stage.CLOSED) == Stage.CLOSED
