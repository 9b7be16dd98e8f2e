"""Imports as background jobs: the worker (`manage.py db_worker`) checks an uploaded file, then,
when the curator confirms, imports it, all or nothing, as `import_file` does; the import page
follows the job and shows its report.

How far the worker has read is written to a small file beside the upload, not to the
database: the rows are read inside the import's transaction, which a dry run rolls back, and
the page must see the progress as it happens.
"""

import datetime
import json
import os

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..models import ImportJob
from .rows import import_file

Phase = ImportJob.Phase
STOPPED = "The job stopped on an unexpected error: nothing was imported."
CHANGED_MEANWHILE = (
    "Nothing was imported: the records changed since the file was checked. This is what it "
    "would do now."
)


@task()
def check_import(job_id):
    run(job_id, apply=False)


@task()
def apply_import(job_id):
    run(job_id, apply=True)


def run(job_id, apply):
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        with open(job.upload_path, "rb") as file:
            report = import_file(
                job.records,
                file,
                name=job.file_name,
                apply=apply,
                status=job.status,
                user=job.user,
                reason=f"Imported from {job.file_name}",
                progress=lambda report: write_progress(job, report),
            )
    except Exception:
        job.upload_path.unlink(missing_ok=True)
        finish(job, Phase.FAILED, notice=STOPPED)
        raise
    if apply and report.applied:
        finish(job, Phase.APPLIED, report)
    elif apply:
        finish(job, Phase.CHECKED, report, CHANGED_MEANWHILE)
    else:
        finish(job, Phase.CHECKED, report)
    if report.applied or not (report.ok and (report.created or report.changed)):
        job.upload_path.unlink(missing_ok=True)  # imported, or nothing it could import
    else:  # kept for the curator to import, for IMPORT_UPLOAD_HOURS
        kept_until = timezone.now() + datetime.timedelta(hours=settings.IMPORT_UPLOAD_HOURS)
        expire_upload.using(run_after=kept_until).enqueue(str(job.pk))


def finish(job, phase, report=None, notice=""):
    job.phase, job.notice = phase, notice
    if report is not None:
        job.report = kept(report)
    job.save()
    job.progress_path.unlink(missing_ok=True)


def kept(report):
    """The report as the job keeps it (JSON), with what its page says of it."""
    return {
        "applied": report.applied,
        "ok": report.ok,
        "rows": report.rows,
        "created": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "error_count": report.error_count,
        "errors": [list(error) for error in report.errors],
        "preview": report.preview,
        "file_problem": report.file_problem,
        "format": report.format,
        "size": report.size,
        "unit": report.unit,
        "how_far": report.how_far,
    }


def write_progress(job, report):
    """How far the worker has read, for the page, replaced whole (a rename is atomic)."""
    written = job.progress_path.with_suffix(".writing")
    written.write_text(json.dumps({"rows": report.rows, "percent": report.share_read}))
    os.replace(written, job.progress_path)


def progress_of(job):
    """{"rows": …, "percent": …} read so far by a running job, or None."""
    try:
        return json.loads(job.progress_path.read_text())
    except (OSError, ValueError):
        return None


def start(job, upload):
    """Keep the upload beside the job and ask the worker to check it."""
    settings.IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    with open(job.upload_path, "wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    check_import.enqueue(str(job.pk))


def confirm(job):
    """The curator confirmed a checked file: the worker imports it."""
    with transaction.atomic():
        job.phase = Phase.APPLYING
        job.save(update_fields=["phase", "updated_at"])
        apply_import.enqueue(str(job.pk))


def discard(job):
    job.upload_path.unlink(missing_ok=True)
    job.phase = Phase.DISCARDED
    job.save(update_fields=["phase", "updated_at"])


@task()
def expire_upload(job_id):
    """A checked file the curator neither imported nor discarded in IMPORT_UPLOAD_HOURS is
    deleted (the worker runs this that long after the check)."""
    job = ImportJob.objects.filter(pk=job_id, phase=Phase.CHECKED).first()
    # Not if it was checked again since (a later expiry follows that check).
    if job is not None and job.updated_at <= timezone.now() - datetime.timedelta(
        hours=settings.IMPORT_UPLOAD_HOURS
    ):
        job.upload_path.unlink(missing_ok=True)
        job.phase = Phase.EXPIRED
        job.save(update_fields=["phase", "updated_at"])
