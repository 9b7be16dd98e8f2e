"""The editing desk as a browser uses it: the people at it, and the forms it posts back."""

from django.contrib.auth.models import Group, User


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
