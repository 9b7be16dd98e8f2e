"""The reviewers' queue: every record in review, oldest first, published together."""

from django.contrib import admin
from django.db import transaction
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
                "url": reverse(
                    f"admin:statements_{record._meta.model_name}_change", args=[record.pk]
                ),
            }
            for record in records
        ],
        "can_publish": can_publish(request.user),
    }
    return TemplateResponse(request, "admin/statements/review_queue.html", context)
