"""What every curated record's admin shares: the workflow moves, refusal of stale saves, the
history with restore, and the one rule of who may change what (workflow.may_change) on each
of its write paths: the change form, inline rows that are records of their own, the
history's restore, the actions and delete."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet, _get_foreign_key
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .. import derived
from ..models import Curated
from ..workflow import (
    MOVES,
    PUBLISH,
    SEND_BACK,
    SUBMIT,
    WITHDRAW,
    broken_rules,
    can_publish,
    describe,
    may_change,
    move,
    moves_for,
    new_problems,
    publication_problems,
)
from .dates import DateInputs

# Fields a curator does not edit, and so are not worth showing in a conflict.
BOOKKEEPING = {"version", "updated_at", "created_at", "status_changed_at", "search_document"}
# Where a record stands in the workflow: restoring an earlier version never brings these back.
STANDING = ["status", "status_changed_at", "review_note", "version"]


class BrokenRules(Exception):
    """A save would leave a published record breaking a rule it must keep: it is rolled back."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def keep_rules(request, records):
    """Refuse the save, which the view's transaction then rolls back, if it left a published
    record of `records` breaking a rule publishing checked that it did not break before."""
    before = getattr(request, "broken_before", {})
    problems = [
        f"{describe(record).capitalize()}: {problem}"
        for record in records
        for problem in new_problems(record, before.get((type(record), record.pk), ()))
    ]
    if problems:
        raise BrokenRules(problems)


def broken_before(record, inlines):
    """What the stored `record` and its inline rows that are records of their own (`inlines`,
    the admin's inline classes) break already, by (model, pk), before a save changes them."""
    rows = [
        row
        for inline in inlines
        if issubclass(inline.model, Curated)
        for row in inline.model._default_manager.filter(
            **{_get_foreign_key(type(record), inline.model, inline.fk_name).name: record}
        )
    ]
    return {(type(row), row.pk): broken_rules(row) for row in [record, *rows]}


def is_restoring(request):
    return request.resolver_match.url_name.endswith("_simple_history")


def admin_link(record):
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    return format_html('<a href="{}">{}</a>', url, describe(record))


class CuratedForm(forms.ModelForm):
    """A curated record's form: the version it was loaded at, and the move to make on save."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    move = forms.ChoiceField(
        label="Then", required=False, widget=forms.RadioSelect, choices=[("", "Keep as it is")]
    )
    reason = forms.CharField(
        label="Reason for sending it back",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The curator reads this on the record.",
    )
    # Set by CuratedAdmin.get_form: who is editing, whether the form restores an earlier
    # version from the history, and what the last attempt to save it would have broken.
    user = None
    restoring = False
    broken = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.current_version()
        if self.restoring:
            # Restoring changes the record's content, never where it stands.
            self.fields["move"].choices = [("", "Keep where it stands")]
            self.fields["reason"].label = "Why restore this version"
            self.fields["reason"].help_text = "Kept in the history with the version restored."
            self.fields["reason"].required = True
            return
        status = self.instance.get_status_display()
        moves = moves_for(self.user, self.instance.status)
        self.fields["move"].choices = [("", f"Keep as {status.lower()}")] + [
            (name, MOVES[name][0]) for name in moves
        ]
        if SEND_BACK not in moves:
            self.fields["reason"].widget = forms.HiddenInput()

    def current_version(self):
        """The stored version: a form restoring an earlier version starts from the latest."""
        record = self.instance
        if record._state.adding:
            return record.version
        stored = type(record).objects.filter(pk=record.pk).values_list("version", flat=True)
        return stored.first() or record.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("move") == SEND_BACK and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why it goes back to draft: the curator will read it.")
        if self.broken:
            raise ValidationError(
                ["Not saved: published, the record would break rules it must keep."]
                + list(self.broken),
                code="broken",
            )
        self.refuse_a_stale_save()
        return cleaned

    def refuse_a_stale_save(self):
        record = self.instance
        if record._state.adding:
            return
        seen = self.cleaned_data.get("seen_version")
        # Locked until this save commits, so two saves cannot both pass this check.
        current = (
            type(record)
            .objects.select_for_update()
            .filter(pk=record.pk)
            .values_list("version", flat=True)
            .first()
        )
        if seen is None or current is None or seen == current:
            return
        # The form comes back with the curator's input; saving it again is then deliberate.
        data = self.data.copy()
        data[self.add_prefix("seen_version")] = current
        self.data = data
        raise ValidationError(changed_meanwhile(record, seen), code="stale")


def changed_meanwhile(record, seen):
    history = type(record).history.filter(id=record.pk)
    latest, then = history.first(), history.filter(version=seen).first()
    who = latest.history_user or "someone"
    when = latest.history_date.strftime("%Y-%m-%d %H:%M")
    changes = []
    if then is not None:
        delta = latest.diff_against(then, excluded_fields=BOOKKEEPING)
        changes = [f"{change.field}: “{change.old}” → “{change.new}”" for change in delta.changes]
    listed = "; ".join(changes) if changes else "see the history"
    return (
        f"Not saved: {who} saved this record at {when}, after you opened it. "
        f"Changed meanwhile: {listed}. Your input is still in the form: check it against "
        "these changes and save again to keep yours."
    )


def make_moves(request, records, name, reason=""):
    """Make the move `name` on each of `records` the user may move; say what was refused."""
    label = MOVES[name][0].lower()
    allowed = [record for record in records if name in moves_for(request.user, record.status)]
    for record in records:
        if record not in allowed:
            messages.warning(request, format_html("Cannot {} {} now.", label, admin_link(record)))
    if name == PUBLISH:
        problems = publication_problems(allowed)
        for record, found in problems.items():
            sentences = format_html_join(" ", "{}", ((sentence,) for sentence in found))
            messages.error(
                request, format_html("{} was not published. {}", admin_link(record), sentences)
            )
        allowed = [record for record in allowed if record not in problems]
    for record in allowed:
        move(record, name, reason)
    if allowed:
        noun = "record" if len(allowed) == 1 else "records"
        messages.success(request, f"{MOVES[name][0]}: {len(allowed)} {noun}.")
    return allowed


class CuratedInlineFormSet(BaseInlineFormSet):
    """Inline rows that are curated records of their own (a person's roles): a row the user may
    not change as a record is shown with its fields disabled, so what is posted for it, a
    deletion included, is ignored, as on its own change form."""

    user = None  # set by CuratedInline.get_formset

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is not None and not may_change(self.user, form.instance):
            for field in form.fields.values():
                field.disabled = True
        return form


class CuratedInline(DateInputs, InlineModelAdmin):
    formset = CuratedInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class ChangeListWithLastChanges(ChangeList):
    """A changelist whose page knows who changed each of its records last: read for the page's
    rows only, in one query, not for every row its count reads."""

    def get_results(self, request):
        super().get_results(request)
        records = list(self.result_list)
        history = self.model.history.model.objects.filter(id=OuterRef("pk"))
        last = history.order_by("-history_date").values("history_user__username")[:1]
        changed_by = dict(
            self.model._default_manager.filter(pk__in=[record.pk for record in records])
            .annotate(changed_by=Subquery(last))
            .values_list("pk", "changed_by")
        )
        for record in records:
            record.changed_by = changed_by.get(record.pk)
        self.result_list = records


class CuratedAdmin(DateInputs, SimpleHistoryAdmin):
    form = CuratedForm
    # A web address typed without its scheme is a secure one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["status"]
    readonly_fields = ["status", "review_note", "created_at", "updated_at"]
    actions = ["submit_for_review", "withdraw_from_review", "publish", "send_back_to_draft"]
    object_history_list_template = "admin/statements/history_list.html"

    def get_changelist(self, request, **kwargs):
        return ChangeListWithLastChanges

    @admin.display(description="Last changed", ordering="updated_at")
    def last_changed(self, record):
        when = date_format(timezone.localtime(record.updated_at), "j M Y H:i")
        changed_by = getattr(record, "changed_by", None)
        return f"{when} by {changed_by}" if changed_by else when

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        context = {
            "user": request.user,
            "restoring": is_restoring(request),
            "broken": getattr(request, "save_would_break", ()),
        }
        return type(form.__name__, (form,), context)

    def get_fields(self, request, obj=None):
        """The record's own fields first, then its sources, then where it stands and what next."""
        fields = list(super().get_fields(request, obj))
        last = ["sources", "status", "review_note", "move", "reason", "created_at", "updated_at"]
        return [f for f in fields if f not in last] + [f for f in last if f in fields]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or not obj.review_note:
            fields.remove("review_note")
        return fields

    # Records in review or published are changed and deleted by reviewers only: curators
    # read them (workflow.may_change). `obj` is the record as stored.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_change(request.user, obj))

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        if request.method != "POST":
            return view(request, object_id, form_url, extra_context)
        if object_id and (record := self.get_object(request, unquote(object_id))):
            request.broken_before = broken_before(record, self.inlines)
        try:
            with transaction.atomic(), derived.batch():
                return view(request, object_id, form_url, extra_context)
        except BrokenRules as broken:
            return self.show_broken_rules(request, broken, view, object_id)

    def delete_view(self, request, object_id, extra_context=None):
        with transaction.atomic(), derived.batch():
            return super().delete_view(request, object_id, extra_context)

    def response_action(self, request, queryset):
        with transaction.atomic(), derived.batch():
            return super().response_action(request, queryset)

    def delete_model(self, request, obj):
        with derived.changing(obj):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        records = list(queryset)
        with derived.changing(*records):
            super().delete_queryset(request, queryset)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version, to read or restore: restoring is a change of the record as it is
        stored now, with the permission, the stale-save check and the history of any change."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404("No such record: a deleted record is not restored from here.")
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        request.broken_before = broken_before(record, ())
        view = super().history_form_view
        try:
            with transaction.atomic(), derived.batch():
                return view(request, object_id, version_id, extra_context)
        except BrokenRules as broken:
            return self.show_broken_rules(request, broken, view, object_id, version_id)

    def show_broken_rules(self, request, broken, view, *args):
        """The save was rolled back: the same form again, with the input and what it broke."""
        request.save_would_break = broken.problems
        return view(request, *args)

    def revert_disabled(self, request, obj=None):
        stored = self.model.objects.filter(pk=obj.pk).first() if obj is not None else None
        return stored is None or not self.has_change_permission(request, stored)

    # The record, its relations and inlines are saved, then kept as one entry of its history.
    def save_model(self, request, obj, form, change):
        obj.skip_history_when_saving = True
        request.stored = derived.before(obj)  # what the change may leave behind
        if is_restoring(request):
            self.restore(request, obj, form)
            return
        super().save_model(request, obj, form, change)

    def restore(self, request, obj, form):
        """Save an earlier version over the record where it stands now: its status, reviewer's
        note and version are the stored ones, and the version number goes on from there."""
        restored = obj.version
        stored = type(obj).objects.get(pk=obj.pk)
        for name in STANDING:
            setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, True)
        form.save_m2m()
        keep_rules(request, [obj])
        del obj.skip_history_when_saving
        obj.record_history(f"Restored version {restored}: {form.cleaned_data['reason']}")
        derived.after(obj, request.stored)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        rows = [
            row
            for formset in formsets
            for row in [*formset.new_objects, *(row for row, _ in formset.changed_objects)]
        ]
        keep_rules(request, [record, *(row for row in rows if isinstance(row, Curated))])
        del record.skip_history_when_saving
        record.record_history(getattr(record, "_change_reason", ""))
        derived.after(record, request.stored)
        deleted = [row for formset in formsets for row in formset.deleted_objects]
        for row in [*rows, *deleted]:
            derived.after(row)
        if name := form.cleaned_data.get("move"):
            make_moves(request, [form.instance], name, form.cleaned_data.get("reason", ""))

    @admin.action(description="Submit for review")
    def submit_for_review(self, request, queryset):
        make_moves(request, list(queryset), SUBMIT)

    @admin.action(description="Withdraw from review, back to draft")
    def withdraw_from_review(self, request, queryset):
        make_moves(request, list(queryset), WITHDRAW)

    @admin.action(description="Publish", permissions=["publish"])
    def publish(self, request, queryset):
        make_moves(request, list(queryset), PUBLISH)

    @admin.action(description="Send back to draft, with a reason", permissions=["publish"])
    def send_back_to_draft(self, request, queryset):
        form = SendBackForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            make_moves(request, list(queryset), SEND_BACK, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Send back to draft",
            "opts": self.opts,
            "records": queryset,
            "form": form,
            "action": "send_back_to_draft",
        }
        return TemplateResponse(request, "admin/statements/send_back.html", context)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why these records go back to draft. The curator reads it on each record.",
    )
