"""The reviewers' queue: every record in review, oldest first, published together."""

from django.contrib import admin
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import derived
from ..models import Actor, Agreement, Event, Forum, Role, Source, Statement, Theme
from ..querysets import Status
from ..workflow import PUBLISH, can_publish
from .curated import make_moves

CURATED_MODELS = [Statement, Agreement, Event, Actor, Role, Forum, Source, Theme]


def key(record):
    return f"{record._meta.model_name}:{record.pk}"


def records_in_review():
    records = [
        record
        for model in CURATED_MODELS
        for record in model.objects.filter(status=Status.IN_REVIEW)
    ]
    return sorted(records, key=lambda record: record.status_changed_at or record.updated_at)


# What a change in review is shown without: where the record stands and derived values.
BOOKKEEPING = {"id", "status", "version", "review_note", "created_at", "updated_at"}
SHOWN_LENGTH = 300


def changes_since_published(record):
    """(field label, published value, value in review) of each field the record changed since
    its last published version; None when it was never published."""
    versions = record.history.order_by("-history_date")
    published = versions.filter(status=Status.PUBLISHED).first()
    if published is None:
        return None
    fields = [
        field
        for field in type(record)._meta.fields
        if field.editable and field.name not in BOOKKEEPING and not field.name.endswith("_document")
    ]
    current = versions.first()
    delta = current.diff_against(published, included_fields=[field.name for field in fields])
    labels = {field.name: field.verbose_name for field in fields}
    return [
        (labels.get(change.field, change.field), shown(change.old), shown(change.new))
        for change in delta.changes
    ]


def shown(value):
    text = "" if value in (None, "") else str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def review_queue(request):
    records = records_in_review()
    if request.method == "POST" and can_publish(request.user):
        chosen = [record for record in records if key(record) in request.POST.getlist("record")]
        with transaction.atomic(), derived.batch():
            make_moves(request, chosen, PUBLISH)
        return redirect("review_queue")
    context = {
        **admin.site.each_context(request),
        "title": "Records in review, oldest first",
        "rows": [
            {
                "key": key(record),
                "record": record,
                "kind": record._meta.verbose_name,
                "changes": changes_since_published(record),
                "sources": list(record.sources.all()) if hasattr(record, "sources") else [],
                "url": reverse(
                    f"admin:statements_{record._meta.model_name}_change", args=[record.pk]
                ),
            }
            for record in records
        ],
        "can_publish": can_publish(request.user),
    }
    return TemplateResponse(request, "admin/statements/review_queue.html", context)


def desk_summary(user):
    """Per kind of record: how many await review, and how many drafts the user changed last."""
    rows = []
    for model in CURATED_MODELS:
        history = model.history.model.objects.filter(id=OuterRef("pk"))
        last_changer = history.order_by("-history_date").values("history_user")[:1]
        drafts = model.objects.filter(status=Status.DRAFT).annotate(by=Subquery(last_changer))
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        rows.append(
            {
                "kind": meta.verbose_name_plural,
                "in_review": model.objects.filter(status=Status.IN_REVIEW).count(),
                "my_drafts": drafts.filter(by=user.pk).count(),
                "review_url": f"{changelist}?status__exact={Status.IN_REVIEW}",
                "drafts_url": f"{changelist}?status__exact={Status.DRAFT}",
            }
        )
    return rows


def index_with_summary(request, extra_context=None):
    """The desk's home, with what awaits review and the user's own drafts above the models."""
    context = {**(extra_context or {}), "summary": desk_summary(request.user)}
    return admin.AdminSite.index(admin.site, request, context)
