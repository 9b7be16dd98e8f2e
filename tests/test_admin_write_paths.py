"""Every write the editing desk offers, found by walking the admin's registry, made by a
curator and by a reviewer on a draft, a record in review and a published record.

The database, not the response, shows that the desk's rule held on each: a draft is anyone's
to change, a record in review or published only a reviewer's; status moves only by the
workflow's moves; and no save leaves a published record breaking a rule publishing checked.
A model, inline or action registered later is walked the same way (factories.make_record
builds its records). Set WRITE_PATHS_REPORT to a file name to keep what each write answered.
"""

import json
import os
from contextlib import contextmanager

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from statements.admin.review import CURATED_MODELS, key
from statements.exports import EXPORTS, json_chunks
from statements.importers.rows import KINDS
from statements.models import Curated, Status
from statements.workflow import broken_rules

from .desk import check_at_desk, form_data, import_checked, value_of
from .factories import make_record

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED
ROLES = ["curator", "reviewer"]

# The desk's promises, written out here rather than read from the code under test.
# Each workflow action: the status it leads to, the statuses it leads from, who may make it.
MOVES = {
    "submit_for_review": (IN_REVIEW, {DRAFT}, {"curator", "reviewer"}),
    "withdraw_from_review": (DRAFT, {IN_REVIEW}, {"curator"}),
    "publish": (PUBLISHED, {DRAFT, IN_REVIEW}, {"reviewer"}),
    "send_back_to_draft": (DRAFT, {IN_REVIEW, PUBLISHED}, {"reviewer"}),
    "review queue": (PUBLISHED, {IN_REVIEW}, {"reviewer"}),
}
# What a move changes besides the status.
STANDING = {"status", "status_changed_at", "review_note", "version", "updated_at"}
IMPORTED_AS = {kind.model: name for name, kind in KINDS.items()}
# The Desk's method for each kind of path, where the first word of the path is not its name.
METHODS = {"import": "import_file", "review": "review_queue", "save": "save_as_new"}
REPORT = []


def may_change(role, status, model):
    return issubclass(model, Curated) and (role == "reviewer" or status == DRAFT)


def write_paths():
    """(model, path) for every write the registered admins offer."""
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label):
        yield model, "add"
        yield model, "save as new"
        yield model, "change"
        yield model, "delete"
        if isinstance(model_admin, SimpleHistoryAdmin):
            yield model, "restore"
        if model._meta.many_to_many:
            yield model, "change emptying relations"
        for inline in model_admin.inlines:
            for what in ("change row", "delete row", "add row", "delete every row"):
                yield model, f"inline {inline.model._meta.model_name}: {what}"
        for _, name, _ in model_admin._get_base_actions():
            yield model, f"action {name}"
        if model in IMPORTED_AS:
            yield model, "import"
        if model in CURATED_MODELS:
            yield model, "review queue"


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    if name := os.environ.get("WRITE_PATHS_REPORT"):
        with open(name, "w") as file:
            file.write("model\twrite\trole\tstatus\tanswered\toutcome\n")
            file.writelines("\t".join(map(str, line)) + "\n" for line in REPORT)


@pytest.mark.parametrize(
    ("model", "path"),
    list(write_paths()),
    ids=lambda value: value._meta.label if isinstance(value, type) else value,
)
def test_every_write_of_the_desk_keeps_the_rule(
    client, admin_client, curator, reviewer, model, path
):
    people = {"curator": curator, "reviewer": reviewer}
    kind, _, detail = path.partition(" ")
    statuses = [DRAFT, IN_REVIEW, PUBLISHED] if issubclass(model, Curated) else [None]
    for role in ROLES:
        for status in [DRAFT] if kind == "add" else statuses:
            desk = Desk(client, admin_client, people[role], role, model, status)
            with rolled_back():
                answered, outcome = getattr(desk, METHODS.get(kind, kind))(detail)
            REPORT.append((model._meta.label, path, role, status or "-", answered, outcome))


@contextmanager
def rolled_back():
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


class Desk:
    """One write, made as a browser would by `user`, on a new record in `status`."""

    def __init__(self, client, reader, user, role, model, status):
        self.client, self.reader, self.user, self.role = client, reader, user, role
        self.model, self.status = model, status
        self.may = may_change(role, status, model)
        # Signed in first: signing in is not a write of the desk (django-axes tidies its rows).
        client.force_login(user)

    def post(self, url, data):
        self.last = self.client.post(url, data)
        return self.last

    def add(self, _):
        record = make_record(self.model, self.status)
        page = self.reader.get(url(record, "change"))
        data = {**posted_back(self.reader.get(url(self.model, "add"))), **own_fields(page)}
        return self.added(url(self.model, "add"), distinct(self.model, data))

    def save_as_new(self, _):
        """ "Save as new" on a record's change form adds a copy, whatever the record's status;
        the record itself never changes."""
        record = make_record(self.model, self.status)
        before = snapshot(record)
        data = distinct(self.model, posted_back(self.reader.get(url(record, "change"))))
        answered, outcome = self.added(url(record, "change"), {**data, "_saveasnew": "1"})
        assert snapshot(record) == before
        return answered, outcome

    def added(self, to, data):
        existing = set(self.model._default_manager.values_list("pk", flat=True))
        data["status"] = PUBLISHED  # not a field of the form: it must be ignored
        response = self.post(to, data)
        added = self.model._default_manager.exclude(pk__in=existing)
        if issubclass(self.model, Curated):
            assert [row.status for row in added] == [DRAFT], errors_of(response)
            return response.status_code, "added as a draft"
        assert not added.exists()
        return response.status_code, "refused"

    def change(self, detail):
        record = make_record(self.model, self.status)
        before = snapshot(record)
        page = self.reader.get(url(record, "change"))
        data = posted_back(page)
        form = page.context["adminform"].form
        if detail == "emptying relations":
            for field in self.model._meta.many_to_many:
                data.pop(form.add_prefix(field.name), None)
            response = self.post(url(record, "change"), data)
            if not self.may:
                assert snapshot(record) == before
                return response.status_code, "refused"
            emptied = not any(
                getattr(record, f.name).exists() for f in self.model._meta.many_to_many
            )
            return response.status_code, self.done_unless_a_rule_refused(
                record, record, before, emptied, response
            )
        name = text_field(form)
        if name:
            data[name] = changed(data.get(name, ""))
        response = self.post(url(record, "change"), data)
        return response.status_code, self.changed_or_not(record, before, name, data.get(name))

    def changed_or_not(self, record, before, name, value):
        if not self.may:
            assert snapshot(record) == before
            return "refused"
        record.refresh_from_db()
        assert (getattr(record, name), record.status) == (value, self.status)
        self.keeps_the_rules(record)
        return "changed"

    def delete(self, _):
        record = make_record(self.model, self.status)
        before = snapshot(record)
        response = self.post(url(record, "delete"), {"post": "yes"})
        return response.status_code, self.deleted_or_not(record, before)

    def deleted_or_not(self, record, before):
        if self.may:
            assert not self.model._default_manager.filter(pk=record.pk).exists()
            return "deleted"
        assert snapshot(record) == before
        return "refused"

    def restore(self, _):
        record = make_record(self.model, self.status)
        name = text_field(self.reader.get(url(record, "change")).context["adminform"].form)
        original = getattr(record, name)
        setattr(record, name, changed(original))
        record.save()
        earlier = record.history.all()[1]  # the version before that change
        before = snapshot(record)
        restore_url = url(record, "simple_history", earlier.history_id)
        data = {**form_data(self.reader.get(restore_url)), "reason": "Put back."}
        response = self.post(restore_url, data)
        return response.status_code, self.changed_or_not(record, before, name, original)

    def inline(self, detail):
        name, what = detail.split(": ")
        inline = next(i for i in admin_of(self.model).inlines if i.model._meta.model_name == name)
        fk = fk_name(inline, self.model)
        if issubclass(inline.model, Curated):
            # A row that is a record of its own, on a draft's form: the row's status rules,
            # and what must not change when the write is refused is the row (the draft
            # around it may still be saved).
            guarded = row = make_record(inline.model, self.status)
            parent = getattr(row, fk)
            type(parent).objects.filter(pk=parent.pk).update(status=DRAFT)
            may = self.may if what != "add row" else may_change(self.role, DRAFT, self.model)
        else:
            guarded = parent = make_record(self.model, self.status)
            row = inline.model.objects.filter(**{fk: parent}).first()
            may = self.may
        before = snapshot(guarded)
        page = self.reader.get(url(parent, "change"))
        data = form_data(page)
        [formset] = [
            i.formset
            for i in page.context["inline_admin_formsets"]
            if i.formset.model is inline.model
        ]
        done = edit_rows(what, data, formset, row)
        response = self.post(url(parent, "change"), data)
        if not may:
            assert snapshot(guarded) == before
            return response.status_code, "refused"
        rows = inline.model.objects.filter(**{fk: parent})
        if what == "delete every row":
            return response.status_code, self.done_unless_a_rule_refused(
                parent, guarded, before, done(rows), response
            )
        assert done(rows), errors_of(response)
        self.keeps_the_rules(parent)
        return response.status_code, f"{what}: done"

    def done_unless_a_rule_refused(self, record, guarded, before, done, response):
        """A write that may leave a published record breaking a rule (no parties, no
        sources): done with the rules kept, or refused for the rule with nothing changed."""
        if done:
            self.keeps_the_rules(record)
            return "done"
        assert "would break rules it must keep" in response.content.decode(), errors_of(response)
        assert snapshot(guarded) == before
        return "refused: it would break a rule"

    def action(self, name):
        record = make_record(self.model, self.status)
        before = snapshot(record)
        data = {
            "action": name,
            "_selected_action": [record.pk],
            "reason": "Because.",
            "post": "yes",
        }
        response = self.post(url(self.model, "changelist"), data)
        if name == "delete_selected":
            return response.status_code, self.deleted_or_not(record, before)
        return response.status_code, self.moved_or_not(record, before, name)

    def moved_or_not(self, record, before, name):
        target, sources, who = MOVES.get(name, (None, set(), set()))
        if self.role not in who or self.status not in sources:
            assert snapshot(record) == before
            return "refused"
        after = snapshot(record)
        assert after["status"] == target, errors_of(self.last)
        assert without(after, STANDING) == without(before, STANDING)
        self.keeps_the_rules(record)
        return f"moved to {target}"

    def import_file(self, _):
        list_name = IMPORTED_AS[self.model]
        record = make_record(self.model, self.status)
        before = snapshot(record)
        column = "title" if "title" in document_keys(list_name) else "name"
        document = exported(list_name, record)
        document["results"][0][column] = value = changed(document["results"][0][column])
        upload = SimpleUploadedFile("records.json", json.dumps(document).encode())
        checked = check_at_desk(
            self.client, {"records": list_name, "file": upload, "status": DRAFT}
        )
        self.last = applied = (
            import_checked(self.client, checked) if "job" in checked.context else checked
        )
        answered = f"{checked.status_code}, {applied.status_code}"
        return answered, self.changed_or_not(record, before, column, value)

    def review_queue(self, _):
        record = make_record(self.model, self.status)
        before = snapshot(record)
        response = self.post(reverse("review_queue"), {"record": [key(record)]})
        return response.status_code, self.moved_or_not(record, before, "review queue")

    def keeps_the_rules(self, record):
        record.refresh_from_db()
        assert broken_rules(record) == []


def edit_rows(what, data, formset, row):
    """Make the edit `what` of the inline rows in `data`, as a browser would post it; return
    whether the rows, as stored, show it done."""
    form = next(form for form in formset.forms if form.instance.pk == row.pk)
    if what == "change row":
        field = text_field(form)
        data[form.add_prefix(field)] = value = changed(value_of(form[field]))
        return lambda rows: getattr(rows.get(pk=row.pk), field) == value
    if what == "delete row":
        data[form.add_prefix("DELETE")] = "on"
        return lambda rows: not rows.filter(pk=row.pk).exists()
    if what == "delete every row":
        for each in formset.forms:
            if each.instance.pk is not None:
                data[each.add_prefix("DELETE")] = "on"
        return lambda rows: not rows.exists()
    # "add row": a copy of the row in the form's next empty place.
    count, new = formset.initial_form_count(), formset.total_form_count()
    for name in form.fields:
        value = value_of(form[name])
        if name not in ("id", "DELETE", formset.fk.name) and value not in ("", []):
            data[f"{formset.prefix}-{new}-{name}"] = value
    data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(new + 1)
    return lambda rows: rows.count() == count + 1


def document_keys(list_name):
    return [field.name for field in EXPORTS[list_name].fields]


def admin_of(model):
    return admin.site._registry[model]


def url(record_or_model, view, *args):
    meta = record_or_model._meta
    if not isinstance(record_or_model, type):
        args = [record_or_model.pk, *args]
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def posted_back(page):
    """What a browser posts back from the form of `page`: nothing where no one may see one."""
    return form_data(page) if page.status_code == 200 else {}


def own_fields(page):
    """The record's own fields on `page`, without its inline rows."""
    form = page.context["adminform"].form
    return {
        form.add_prefix(name): value
        for name in form.fields
        if (value := value_of(form[name])) not in ("", [])
    }


def distinct(model, data):
    """Form data for a new record like the one in `data`, without repeating what is unique."""
    for name in set(data) & unique_fields(model):
        field = model._meta.get_field(name)
        if isinstance(field, models.SlugField):
            del data[name]  # made from the name
        elif isinstance(field, models.URLField):
            data[name] += "/copy"
        else:
            data[name] = changed(data[name])
    return data


def unique_fields(model):
    """The fields that must differ between two records of `model`."""
    meta = model._meta
    unique = {field.name for field in meta.concrete_fields if field.unique}
    for constraint in meta.constraints:
        unique |= set(getattr(constraint, "fields", ()))
    for together in meta.unique_together:
        unique |= set(together)
    return unique


def text_field(form):
    """The first field of `form` that takes free text: the one a write changes."""
    for name, field in form.fields.items():
        free = type(field).__name__ in ("CharField", "URLField") and not field.disabled
        if free and not field.widget.is_hidden and name not in ("reason", "slug", "password"):
            return name
    return None


def changed(value):
    return f"{value} (changed)".strip()


def fk_name(inline, model):
    if inline.fk_name:
        return inline.fk_name
    return next(f.name for f in inline.model._meta.fields if f.related_model is model)


def snapshot(record):
    """Everything stored of `record`: its row, its many-to-many relations, and its inline rows
    (None once it is deleted)."""
    model = type(record)
    row = model._default_manager.filter(pk=record.pk).values().first()
    if row is None:
        return None
    for field in model._meta.many_to_many:
        row[field.name] = sorted(getattr(record, field.name).values_list("pk", flat=True))
    for inline in admin_of(model).inlines:
        rows = inline.model._default_manager.filter(**{fk_name(inline, model): record})
        row[f"inline {inline.model.__name__}"] = sorted(map(str, rows.values()))
    return row


def without(row, names):
    return {name: value for name, value in row.items() if name not in names}


def exported(list_name, record):
    """The record as the list's JSON export writes it, whatever its status."""
    spec = EXPORTS[list_name]
    part = spec.prepare(type(record).objects.filter(pk=record.pk))
    chunks = json_chunks([part], spec.keys("http://testserver"), {"list": list_name}, copy=False)
    return json.loads(b"".join(chunks))


def errors_of(response):
    """What a refused write says, for a failing assertion's message."""
    said = [str(message) for message in get_messages(response.wsgi_request)]
    if response.context is None or "adminform" not in response.context:
        return response, said
    inlines = response.context.get("inline_admin_formsets", [])
    return [
        said,
        response.context["adminform"].form.errors,
        [(i.formset.errors, i.formset.non_form_errors()) for i in inlines],
    ]
