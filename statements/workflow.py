"""Draft → in review → published: who may change a record, who may move it, and what
publishing needs.

One rule decides who may change or delete a record, whatever the path (a change form, an
inline row on another record's form, the history's restore, an action, the import):
`may_change`. Drafts are the curators' to edit; a record in review or published is changed
only by reviewers, so what a reviewer passed is what the public reads. Status moves only
through the moves below, and every move goes through `save()`, so the history keeps it and
why.
"""

from django.utils import timezone

from . import derived
from .querysets import Status

PUBLISH_PERMISSION = "statements.publish"

SUBMIT, WITHDRAW, PUBLISH, SEND_BACK = "submit", "withdraw", "publish", "send_back"
MOVES = {
    SUBMIT: ("Submit for review", Status.IN_REVIEW),
    WITHDRAW: ("Withdraw from review", Status.DRAFT),
    PUBLISH: ("Publish", Status.PUBLISHED),
    SEND_BACK: ("Send back to draft", Status.DRAFT),
}


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def may_change(user, record):
    """Whether `user` may change or delete `record` as it is stored (status included)."""
    return record.status == Status.DRAFT or can_publish(user)


def moves_for(user, status):
    """The moves `user` may make from `status`, in the order a form offers them."""
    if not can_publish(user):
        return {Status.DRAFT: [SUBMIT], Status.IN_REVIEW: [WITHDRAW]}.get(status, [])
    moves = [SUBMIT] if status == Status.DRAFT else []
    if status != Status.PUBLISHED:
        moves.append(PUBLISH)
    if status != Status.DRAFT:
        moves.append(SEND_BACK)
    return moves


def describe(record):
    return f"{record._meta.verbose_name} “{record}”"


def publication_problems(records):
    """What stops each of `records` being published together, as {record: [sentences]}."""
    batch = {(type(record), record.pk) for record in records}
    problems = {}
    for record in records:
        found = list(record.publication_problems())
        for linked in record.linked_records():
            if not linked.is_published and (type(linked), linked.pk) not in batch:
                found.append(
                    f"Its {describe(linked)} is not published: publish it first, or with it."
                )
        if found:
            problems[record] = found
    return problems


def broken_rules(record):
    """What a published `record`, as now stored, breaks of the rules publishing checked."""
    if not record.is_published:
        return []
    return publication_problems([record]).get(record, [])


def new_problems(record, before):
    """The rules `record`, as now stored, breaks that it did not before a save (`before`, from
    broken_rules): a save is rolled back if it has any, whichever path it came by (a form, an
    inline row, a restore, an import). A save need not mend what another record's move broke,
    such as a role whose person was sent back to draft."""
    return [problem for problem in broken_rules(record) if problem not in before]


def move(record, name, reason=""):
    """Make the move `name`; the caller has checked that it is allowed and possible."""
    label, status = MOVES[name]
    record.status = status
    record.status_changed_at = timezone.now()
    if name == SEND_BACK:
        record.review_note = reason
    elif name == PUBLISH:
        record.review_note = ""
    record._change_reason = f"{label}: {reason}" if reason else label
    with derived.changing(record):
        record.save()
