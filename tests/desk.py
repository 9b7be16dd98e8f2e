"""The editing desk as a browser uses it: the people at it, and the forms it posts back."""

import io
from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse


def member_of(group, username):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def change_url(record):
    return f"/admin/statements/{record._meta.model_name}/{record.pk}/change/"


def value_of(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_data(response):
    """What the browser would post back from an admin change or add form, unchanged."""
    form = response.context["adminform"].form
    data = {form.add_prefix(name): value_of(form[name]) for name in form.fields}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = value_of(management[name])
        for child in formset.forms:
            for name in child.fields:
                data[child.add_prefix(name)] = value_of(child[name])
    return {key: value for key, value in data.items() if value not in ("", [])}


def post_change(client, user, record, **changes):
    client.force_login(user)
    data = form_data(client.get(change_url(record)))
    data.update(changes)
    return client.post(change_url(record), data)


def run_the_worker():
    """The background worker, in this process: every job queued, then back. It keeps the
    test's connection open, in the test's transaction, as Django's test client does (between
    jobs, a worker closes connections that are not in autocommit)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def check_at_desk(client, data):
    """Upload a file to the import page and let the worker check it: the job's page, or the
    form's page when the upload was refused."""
    response = client.post(reverse("import_records"), data)
    if response.status_code != 302:
        return response
    run_the_worker()
    return client.get(response["Location"])


def import_checked(client, job_page, action="import"):
    """Confirm (or discard) a checked file, and let the worker import it: the job's page."""
    url = reverse("import_job", args=[job_page.context["job"].pk])
    client.post(url, {"action": action})
    run_the_worker()
    return client.get(url)
