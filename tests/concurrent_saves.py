"""Ten curators save one record at the same moment, each from the form they opened at the
same version, on a SQLite file (DATABASE_URL). Run in a process of its own by
test_concurrent_saves.py; prints what each save answered, as JSON."""

import json
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from statements.models import Status  # noqa: E402
from tests.desk import change_url, form_data, member_of  # noqa: E402
from tests.factories import make_statement  # noqa: E402

CURATORS = 10


def save(number, user, statement, start, answers):
    client = Client()
    client.force_login(user)
    data = form_data(client.get(change_url(statement)))
    data["title"] = f"Title typed by curator {number}"
    start.wait()
    try:
        response = client.post(change_url(statement), data)
    except Exception as error:  # what a server would answer 500 to
        answers[number] = {"status": 500, "error": repr(error)}
        return
    page = response.content.decode() if response.status_code == 200 else ""
    answers[number] = {
        "status": response.status_code,
        "told": "Changed meanwhile" in page,
        "input kept": f"Title typed by curator {number}" in page,
    }


def main():
    setup_test_environment()  # responses keep their context, as in the test client
    call_command("migrate", verbosity=0)
    statement = make_statement(title="First title", status=Status.DRAFT)
    users = [member_of("curators", f"curator-{n}") for n in range(CURATORS)]
    start, answers = threading.Barrier(CURATORS), {}
    threads = [
        threading.Thread(target=save, args=(n, user, statement, start, answers))
        for n, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statement.refresh_from_db()
    print(json.dumps({"answers": answers, "title": statement.title, "version": statement.version}))


if __name__ == "__main__":
    main()
