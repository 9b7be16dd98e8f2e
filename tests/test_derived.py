"""Derived data follows its source by every path that changes records: the desk (a reviewer's
form), the importer, the workflow's moves, and the seed loader's bulk load (statements/
derived.py lists each datum and what keeps it)."""

import csv
import io
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from statements import derived
from statements.agreement_countries import bound_pairs
from statements.importers import load_seed
from statements.importers.rows import import_file
from statements.models import (
    AgreementCountry,
    AgreementParty,
    Statement,
    StatementExportCells,
    Status,
)
from statements.workflow import PUBLISH, SEND_BACK, move

from .desk import change_url, form_data, post_change
from .factories import (
    add_party,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_role,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db

FOLLOW = "statements.migrations.0014_statements_follow_their_events_forum"


def imported(list_name, header, *rows, user=None):
    text = header + "\r\n" + "".join(f"{row}\r\n" for row in rows)
    report = import_file(list_name, io.BytesIO(text.encode()), apply=True, user=user)
    assert report.applied, (report.errors, report.file_problem)
    return report


def found(client, words):
    return {row.title for row in client.get("/statements/", {"q": words}).context["page"].rows}


def country_of(statement):
    return Statement.objects.get(pk=statement.pk).country_id


def forum_of(statement):
    return Statement.objects.get(pk=statement.pk).forum_id


def bound():
    return set(AgreementCountry.objects.values_list("agreement", "country"))


def exported_sources(client, statement):
    rows = csv.DictReader(
        io.StringIO(b"".join(client.get("/statements/export.csv")).decode("utf-8-sig"))
    )
    [row] = [row for row in rows if row["id"] == str(statement.pk)]
    if connection.vendor == "postgresql":  # kept, and what the export read
        assert StatementExportCells.objects.get(pk=statement).source_titles == (
            row["source_titles"] or None
        )
    return row["source_titles"]


# A statement is found by its speaker's names.


def test_a_speaker_renamed_at_the_desk_is_found_by_the_new_name(client, reviewer):
    speaker = make_person(name="Sattar Hashemi")
    make_statement(title="Op-ed", speaker=speaker)
    post_change(client, reviewer, speaker, other_names="Seyed Sattar Hashemi")
    assert found(client, "seyed") == {"Op-ed"}


def test_a_speaker_renamed_by_an_import_is_found_by_the_new_name(client, reviewer):
    speaker = make_person(name="Sattar Hashemi")
    make_statement(title="Op-ed", speaker=speaker)
    imported("actors", "id,name,kind", f"{speaker.pk},Seyed Sattar Hashemi,person", user=reviewer)
    assert found(client, "seyed") == {"Op-ed"}


def test_a_speaker_published_by_the_workflow_makes_the_statement_found_by_their_name(client):
    speaker = make_person(name="Zorblax Secretname", country_id="FR", status=Status.IN_REVIEW)
    statement = make_statement(title="Open words", speaker=speaker)
    assert found(client, "zorblax") == set() and country_of(statement) is None
    move(speaker, PUBLISH)
    assert found(client, "zorblax") == {"Open words"}
    assert country_of(statement) == "FR"  # and made for the speaker's country


# A statement is made for its speaker's country when no other.


def test_a_speakers_country_corrected_at_the_desk_moves_their_statements(client, reviewer):
    speaker = make_person(country_id="IR")
    statement = make_statement(speaker=speaker)
    on_behalf = make_statement(speaker=speaker, on_behalf_of_country_id="CU")
    post_change(client, reviewer, speaker, country="RS")
    assert (country_of(statement), country_of(on_behalf)) == ("RS", "CU")


def test_a_speakers_country_corrected_by_an_import_moves_their_statements(reviewer):
    speaker = make_person(name="Sadr", country_id="IR")
    statement = make_statement(speaker=speaker)
    imported("actors", "id,name,kind,country_code", f"{speaker.pk},Sadr,person,RS", user=reviewer)
    assert country_of(statement) == "RS"


def test_a_speaker_sent_back_to_draft_no_longer_gives_their_statements_a_country():
    speaker = make_person(country_id="IR")
    statement = make_statement(speaker=speaker)
    move(speaker, SEND_BACK, "Check the spelling.")
    assert country_of(statement) is None


# A statement's forum is its event's.


def test_an_event_moved_to_another_forum_at_the_desk_takes_its_statements_along(client, reviewer):
    oewg, cstd = make_forum(name="OEWG", acronym="OEWG"), make_forum(name="CSTD", acronym="CSTD")
    session = make_event(forum=oewg)
    statement = make_statement(event=session)
    assert forum_of(statement) == oewg.pk
    post_change(client, reviewer, session, forum=cstd.pk)
    assert forum_of(statement) == cstd.pk
    assert [row.title for row in client.get("/statements/?forum=cstd").context["page"].rows] == [
        statement.title
    ]
    Statement.objects.get(pk=statement.pk).full_clean()  # consistent with its event again


def test_an_event_moved_to_another_forum_by_an_import_takes_its_statements_along(reviewer):
    oewg, cstd = make_forum(name="OEWG", acronym="OEWG"), make_forum(name="CSTD", acronym="CSTD")
    session = make_event(name="Session", forum=oewg)
    statement = make_statement(event=session)
    imported(
        "events",
        "id,name,kind,start_date,forum_slug",
        f"{session.pk},Session,session,2025-04-07,cstd",
        user=reviewer,
    )
    assert forum_of(statement) == cstd.pk


# The countries an agreement binds.


def test_a_party_added_at_the_desk_binds_its_country(client, reviewer):
    agreement = make_agreement(parties=("IR", "CU"))
    client.force_login(reviewer)
    page = client.get(change_url(agreement))
    data = form_data(page)
    [inline] = page.context["inline_admin_formsets"]
    new = inline.formset.total_form_count()
    data.update({f"parties-{new}-country": "RS", f"parties-{new}-position": "2"})
    data["parties-TOTAL_FORMS"] = str(new + 1)
    assert client.post(change_url(agreement), data).status_code == 302
    assert bound() == {(agreement.pk, "IR"), (agreement.pk, "CU"), (agreement.pk, "RS")}


def test_parties_imported_bind_their_countries(reviewer):
    make_source(title="Communiqué")
    imported(
        "agreements",
        "title,kind,status,party_country_codes,source_titles",
        "Memorandum,mou,proposed,IR; BR,Communiqué",
        user=reviewer,
    )
    assert {country for _, country in bound()} == {"IR", "BR"}


def test_an_organisation_published_by_the_workflow_binds_its_country():
    agreement = make_agreement(parties=("IR",))
    ministry = make_actor(country_id="KE", status=Status.IN_REVIEW)
    add_party(agreement, organisation=ministry)
    assert bound() == {(agreement.pk, "IR")}
    move(ministry, PUBLISH)
    assert bound() == {(agreement.pk, "IR"), (agreement.pk, "KE")}


# A statement's export cells (kept on PostgreSQL; the export is checked on both).


def test_a_source_renamed_at_the_desk_is_exported_with_its_new_title(client, reviewer):
    source = make_source(title="First title")
    statement = make_statement()
    post_change(client, reviewer, statement, sources=[source.pk])
    assert exported_sources(client, statement) == "First title"
    post_change(client, reviewer, source, title="Corrected title")
    assert exported_sources(client, statement) == "Corrected title"


def test_sources_imported_for_a_statement_are_exported(client, reviewer):
    make_source(title="Second report")
    statement = make_statement(title="Words")
    header = "id,title,date,kind,verification,speaker_slug,source_titles"
    row = f"{statement.pk},Words,2025-04-08,speech,reported,{statement.speaker.slug},Second report"
    imported("statements", header, row, user=reviewer)
    assert exported_sources(client, statement) == "Second report"


def test_a_source_sent_back_to_draft_leaves_the_exports(client):
    kept_source, withdrawn = make_source(title="Kept"), make_source(title="Withdrawn")
    statement = make_statement()
    with derived.changing(statement):
        statement.sources.set([kept_source, withdrawn])
    assert exported_sources(client, statement) == "Kept; Withdrawn"
    move(withdrawn, SEND_BACK, "Not an official record.")
    assert exported_sources(client, statement) == "Kept"


# A speaker's title on the day, copied when a statement is entered.


def test_a_statement_entered_at_the_desk_or_imported_takes_the_speakers_title_on_the_day(
    client, reviewer
):
    speaker = make_person(name="Sadr")
    make_role(speaker, title="Head of the ITO")
    client.force_login(reviewer)
    entry = {"title": "At the desk", "speaker": speaker.pk, "date": "2025-04-08"}
    client.post(
        "/admin/statements/statement/add/",
        {**entry, "date_precision": "day", "kind": "speech", "verification": "reported"},
    )
    imported(
        "statements",
        "title,date,kind,verification,speaker_slug",
        f"Imported,2025-04-08,speech,reported,{speaker.slug}",
    )
    titles = dict(Statement.objects.values_list("title", "speaker_title"))
    assert titles == {"At the desk": "Head of the ITO", "Imported": "Head of the ITO"}


# The seed loader's bulk load keeps all of it.


def test_the_seed_loader_keeps_what_derives_from_what_it_loads(client):
    load_seed()
    assert bound() == set(bound_pairs(AgreementParty.objects.all()))
    for statement in Statement.objects.select_related("speaker", "event"):
        assert statement.search_document == statement.search_text()
        if statement.event and statement.event.forum_id:
            assert statement.forum_id == statement.event.forum_id
    if connection.vendor == "postgresql":
        assert StatementExportCells.objects.count() == Statement.objects.count()


def test_the_migration_moves_statements_left_behind_by_their_event():
    """Statements saved before events were followed take their event's forum."""
    oewg, cstd = make_forum(name="OEWG", acronym="OEWG"), make_forum(name="CSTD", acronym="CSTD")
    session = make_event(forum=oewg)
    statement = make_statement(event=session)
    type(session).objects.filter(pk=session.pk).update(forum=cstd)  # as before this release
    import_module(FOLLOW).follow_the_events(apps, None)
    assert forum_of(statement) == cstd.pk
