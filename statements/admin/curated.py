"""What every curated record's admin shares: the workflow moves, refusal of stale saves, the
history with revert, and who may change or delete a published record."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from ..workflow import (
    MOVES,
    PUBLISH,
    SEND_BACK,
    SUBMIT,
    can_publish,
    describe,
    move,
    moves_for,
    publication_problems,
)

# Fields a curator does not edit, and so are not worth showing in a conflict.
BOOKKEEPING = {"version", "updated_at", "created_at", "status_changed_at", "search_document"}


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
    user = None  # set by CuratedAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.instance.get_status_display()
        moves = moves_for(self.user, self.instance.status)
        self.fields["move"].choices = [("", f"Keep as {status.lower()}")] + [
            (name, MOVES[name][0]) for name in moves
        ]
        self.fields["seen_version"].initial = self.current_version()
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


class CuratedAdmin(SimpleHistoryAdmin):
    form = CuratedForm
    list_filter = ["status"]
    readonly_fields = ["status", "review_note", "created_at", "updated_at"]
    actions = ["submit_for_review", "publish", "send_back_to_draft"]
    history_list_display = ["status"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

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

    # Published records are changed and deleted by reviewers only; curators may read them.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.is_published or can_publish(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.is_published or can_publish(request.user))

    def has_publish_permission(self, request):
        return can_publish(request.user)

    # The record, its relations and inlines are saved, then kept as one entry of its history.
    def save_model(self, request, obj, form, change):
        # Restoring from the history page saves in one step, so its save is the entry.
        if not request.resolver_match.url_name.endswith("_simple_history"):
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        del record.skip_history_when_saving
        record.record_history(getattr(record, "_change_reason", ""))
        if name := form.cleaned_data.get("move"):
            make_moves(request, [form.instance], name, form.cleaned_data.get("reason", ""))

    @admin.action(description="Submit for review")
    def submit_for_review(self, request, queryset):
        make_moves(request, list(queryset), SUBMIT)

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
