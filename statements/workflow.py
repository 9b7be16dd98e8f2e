"""Draft → in review → published: who may move a record, and what publishing needs.

Curators submit drafts for review; reviewers also publish, unpublish and send records back
to draft with a reason. Every move goes through `save()`, so the history keeps it and why.
"""

from django.utils import timezone

from .querysets import Status

PUBLISH_PERMISSION = "statements.publish"

SUBMIT, PUBLISH, SEND_BACK = "submit", "publish", "send_back"
MOVES = {
    SUBMIT: ("Submit for review", Status.IN_REVIEW),
    PUBLISH: ("Publish", Status.PUBLISHED),
    SEND_BACK: ("Send back to draft", Status.DRAFT),
}


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def moves_for(user, status):
    """The moves `user` may make from `status`, in the order a form offers them."""
    moves = [SUBMIT] if status == Status.DRAFT else []
    if can_publish(user):
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
    record.save()
