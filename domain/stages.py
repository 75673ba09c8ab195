"""The stages of a case and which moves between them are allowed."""
from __future__ import annotations

from domain.errors import RuleViolation, ValidationError
from domain.messages import N_


class Stage:
    ARRIVED = "arrived"
    STATUS_PENDING = "status_pending"
    STATUS_GRANTED = "status_granted"
    QUOTA_INCLUDED = "quota_included"
    SETTLED = "settled"
    CITIZENSHIP = "citizenship"
    CLOSED = "closed"
    ALL = (ARRIVED, STATUS_PENDING, STATUS_GRANTED, QUOTA_INCLUDED, SETTLED, CITIZENSHIP, CLOSED)
    LABELS = {
        ARRIVED: N_("Arrived, registered"), STATUS_PENDING: N_("Status applied for"),
        STATUS_GRANTED: N_("Kandas status granted"), QUOTA_INCLUDED: N_("Included in regional quota"),
        SETTLED: N_("Settled, receiving support"), CITIZENSHIP: N_("Citizenship obtained"),
        CLOSED: N_("Closed"),
    }


class CloseReason:
    CITIZENSHIP = "citizenship"
    LEFT = "left"
    REFUSED = "refused"
    MOVED_ELSEWHERE = "moved_elsewhere"
    MERGED = "merged"
    ALL = (CITIZENSHIP, LEFT, REFUSED, MOVED_ELSEWHERE, MERGED)
    LABELS = {CITIZENSHIP: N_("Citizenship obtained"), LEFT: N_("Family left the country"),
              REFUSED: N_("Family refused further help"), MOVED_ELSEWHERE: N_("Moved to another region"),
              MERGED: N_("Merged into another case")}


# "Citizenship obtained" is reachable from every stage after registration (shared/domain.md §9:
# citizenship ends the status and closes the case, whatever support was still running).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.ARRIVED: (Stage.STATUS_PENDING, Stage.STATUS_GRANTED, Stage.CLOSED),
    Stage.STATUS_PENDING: (Stage.ARRIVED, Stage.STATUS_GRANTED, Stage.CITIZENSHIP, Stage.CLOSED),
    Stage.STATUS_GRANTED: (Stage.QUOTA_INCLUDED, Stage.SETTLED, Stage.CITIZENSHIP, Stage.CLOSED),
    Stage.QUOTA_INCLUDED: (Stage.SETTLED, Stage.STATUS_GRANTED, Stage.CITIZENSHIP, Stage.CLOSED),
    Stage.SETTLED: (Stage.CITIZENSHIP, Stage.CLOSED),
    Stage.CITIZENSHIP: (Stage.CLOSED,),
    Stage.CLOSED: (Stage.ARRIVED,),  # reopening a case
}


# Cases nobody follows up any more: citizenship closes a kandas case (shared/domain.md §9) as
# closing does; no "no contact" reminder is raised for them.
FINISHED = frozenset({Stage.CITIZENSHIP, Stage.CLOSED})


def is_finished(stage: str) -> bool:
    return stage in FINISHED


def check_transition(current: str, target: str, close_reason: str | None = None) -> None:
    if target not in Stage.ALL:
        raise ValidationError("stage", N_("Unknown stage."))
    if target not in TRANSITIONS.get(current, ()):
        raise RuleViolation("stage_transition", N_("A case cannot move from «{current}» to «{target}»."),
                            current=current, target=target)
    if target == Stage.CLOSED and close_reason not in CloseReason.ALL:
        raise ValidationError("closed_reason", N_("Give the reason for closing the case."))


def can_close_for_citizenship(current: str) -> bool:
    """Whether the card may offer to move the case to "citizenship obtained"."""
    return Stage.CITIZENSHIP in TRANSITIONS.get(current, ())


def stage_after_quota_inclusion(current: str) -> str:
    """An inclusion needs a valid kandas status, so the stages before it are behind the family;
    a family already settled, naturalised or closed keeps its stage."""
    early = (Stage.ARRIVED, Stage.STATUS_PENDING, Stage.STATUS_GRANTED)
    return Stage.QUOTA_INCLUDED if current in early else current


def stage_after_move(current: str) -> str:
    """The family moved to the region and receives support: an included family becomes settled."""
    return Stage.SETTLED if current == Stage.QUOTA_INCLUDED else current
