"""The public site is read, never written: pages, hubs, records and files answer GET and
HEAD, and any other method gets 405 with Allow before the view runs its queries."""

import pytest

from .factories import make_statement

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/statements/?country=IR",
    "/agreements/",
    "/events/",
    "/actors/",
    "/countries/IR/",
    "/themes/digital-divide/",
    "/data/",
    "/data/datapackage.json",
    "/statements/export.csv",
    "/agreements/export.json",
]
METHODS = ["post", "put", "patch", "delete", "options", "trace"]


@pytest.fixture
def paths():
    statement = make_statement()
    return [*PATHS, statement.get_absolute_url(), statement.speaker.get_absolute_url()]


def test_other_methods_get_405_with_allow_without_running_the_view(
    client, paths, django_assert_num_queries
):
    for path in paths:
        for method in METHODS:
            with django_assert_num_queries(0):
                response = getattr(client, method)(path)
            assert response.status_code == 405, (method, path)
            assert response["Allow"] == "GET, HEAD", (method, path)
            assert response.content == b"", (method, path)


def test_get_and_head_answer(client, paths):
    for path in paths:
        assert client.get(path).status_code == 200, path
        head = client.head(path)
        assert head.status_code == 200 and b"".join(head) == b"", path


def test_the_head_of_an_export_names_its_file_without_reading_its_rows(
    client, django_assert_num_queries
):
    make_statement()
    with django_assert_num_queries(0):  # no filter to check, and no rows read
        response = client.head("/statements/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="demarche-statements')
