"""The import page: upload a CSV or JSON file; the worker checks it (importers/jobs.py) and its
page shows the dry run's report; then import it, as a job too, or discard it."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse

from ..importers import jobs
from ..importers.rows import KINDS
from ..models import ImportJob, Status
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


def import_page(request):
    """Upload a file: the worker checks it, and its job's page follows."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            user=request.user,
            records=form.cleaned_data["records"],
            status=form.cleaned_data["status"],
            file_name=upload.name[:255],
            size=upload.size,
        )
        jobs.start(job, upload)
        return redirect("import_job", job.pk)
    context = {
        **admin.site.each_context(request),
        "title": "Import records",
        "form": form,
        "jobs": ImportJob.objects.filter(user=request.user)[:10],
    }
    return TemplateResponse(request, "admin/statements/import.html", context)


def import_job(request, job_id):
    """A job's progress, then its report; confirming imports it, as a job too."""
    job = get_object_or_404(ImportJob, pk=job_id, user=request.user)
    if request.method == "POST":
        if job.phase != ImportJob.Phase.CHECKED or not job.upload_path.exists():
            messages.error(request, "That file was already imported, discarded or expired.")
        elif request.POST.get("action") == "import" and job.report and job.report["ok"]:
            jobs.confirm(job)
        elif request.POST.get("action") == "discard":
            jobs.discard(job)
            messages.info(request, f"{job.file_name} was discarded: nothing was imported.")
            return redirect("import_records")
        return redirect("import_job", job.pk)
    context = {
        **admin.site.each_context(request),
        "title": f"Import of {job.file_name}",
        "job": job,
        "report": job.report,
        "progress": jobs.progress_of(job) if job.running else None,
        "can_import": job.phase == ImportJob.Phase.CHECKED and job.upload_path.exists(),
    }
    return TemplateResponse(request, "admin/statements/import_job.html", context)
