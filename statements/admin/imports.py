"""The import page: upload a CSV or JSON file, read the dry run's report, then import it or not."""

import shutil
import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse

from ..importers.rows import KINDS, import_file
from ..models import Status
from ..workflow import can_publish


class ImportForm(forms.Form):
    records = forms.ChoiceField(choices=[(name, name.capitalize()) for name in KINDS])
    file = forms.FileField(
        help_text="CSV or JSON, UTF-8, as an export writes it (CSV with its header row)."
    )
    status = forms.ChoiceField(
        choices=Status.choices,
        initial=Status.DRAFT,
        help_text="New records start as drafts; only reviewers may choose otherwise.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not can_publish(user):
            self.fields["status"].choices = [(Status.DRAFT, Status.DRAFT.label)]

    def clean_records(self):
        name = self.cleaned_data["records"]
        model = KINDS[name].model._meta.model_name
        if not self.user.has_perm(f"statements.add_{model}"):
            raise forms.ValidationError(f"You may not add {name}.")
        return name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; uploads may be at most "
                f"{filesizeformat(limit)}. Split it, or import it with manage.py import_records."
            )
        return upload


def stored(token):
    return settings.IMPORT_DIR / f"{uuid.UUID(token)}.csv"


def import_page(request):
    if request.method == "POST" and "token" in request.POST:
        return apply_import(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {**admin.site.each_context(request), "title": "Import records", "form": form}
    if form.is_valid():
        token = str(uuid.uuid4())
        settings.IMPORT_DIR.mkdir(parents=True, exist_ok=True)
        with open(stored(token), "wb") as file:
            shutil.copyfileobj(form.cleaned_data["file"], file)
        choice = {key: form.cleaned_data[key] for key in ("records", "status")}
        request.session[f"import-{token}"] = {**choice, "name": form.cleaned_data["file"].name}
        with open(stored(token), "rb") as file:
            context["report"] = import_file(
                choice["records"],
                file,
                name=form.cleaned_data["file"].name,
                status=choice["status"],
                user=request.user,
            )
        context.update(token=token, choice=choice)
    return TemplateResponse(request, "admin/statements/import.html", context)


def apply_import(request):
    token = request.POST["token"]
    choice = request.session.pop(f"import-{token}", None)
    if choice is None:
        messages.error(request, "That dry run has expired or was already imported; start again.")
        return redirect("import_records")
    path = stored(token)
    with open(path, "rb") as file:
        report = import_file(
            choice["records"],
            file,
            name=choice["name"],
            apply=True,
            status=choice["status"],
            user=request.user,
            reason=f"Imported from {choice['name']}",
        )
    path.unlink(missing_ok=True)
    if report.applied:
        messages.success(
            request,
            f"Imported {report.rows:,} rows of {choice['name']}: {report.created:,} new, "
            f"{report.changed:,} changed, {report.unchanged:,} unchanged.",
        )
    else:
        messages.error(request, "Nothing was imported: the file changed meanwhile. Start again.")
    return redirect("import_records")
