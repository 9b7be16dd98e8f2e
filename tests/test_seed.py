"""The curated seed dataset: the facts of the five documents Demarche was conceived from."""

import copy
import tomllib

import pytest
from django.core.management import call_command

from statements.importers import SEED_FILE, load_seed
from statements.importers.seed import load_data
from statements.models import (
    Actor,
    Agreement,
    Event,
    Forum,
    Role,
    SeededRecord,
    Source,
    Statement,
    Status,
)

pytestmark = pytest.mark.django_db

CURATED = [Source, Forum, Actor, Role, Event, Statement, Agreement]


@pytest.fixture
def seeded():
    load_seed()


def counts():
    return {model.__name__: model.objects.count() for model in CURATED}


def test_loading_the_seed_twice_changes_nothing_and_duplicates_nothing(seeded):
    before = counts()
    updated = {model.__name__: list(model.objects.values_list("updated_at")) for model in CURATED}
    assert load_seed() == {}
    assert counts() == before
    assert updated == {
        model.__name__: list(model.objects.values_list("updated_at")) for model in CURATED
    }


def test_the_seed_holds_every_kind_of_record(seeded):
    assert counts() == {
        "Source": 6,
        "Forum": 9,
        "Actor": 22,
        "Role": 8,
        "Event": 9,
        "Statement": 9,
        "Agreement": 6,
    }


def test_a_curators_correction_survives_loading_the_seed_again(seeded):
    statement = Statement.objects.get(speaker__slug="tahereh-jalili")
    statement.title = "Corrected title"
    statement.save()
    Statement.objects.get(speaker__slug="wilfredo-gonzalez-vidal").delete()
    load_seed()
    assert Statement.objects.get(pk=statement.pk).title == "Corrected title"
    assert not Statement.objects.filter(speaker__slug="wilfredo-gonzalez-vidal").exists()


def test_every_seed_record_is_published_with_a_source(seeded):
    for model in CURATED:
        for record in model.objects.all():
            assert record.status == Status.PUBLISHED
            assert record.publication_problems() == [], record
    assert SeededRecord.objects.count() == sum(counts().values())


def test_sadr_statement_at_the_28th_cstd_session(seeded):
    statement = Statement.objects.get(
        speaker__slug="mohammad-mohsen-sadr", event__slug="28th-session-of-the-cstd"
    )
    assert statement.speaker_title == "Head of the Information Technology Organization of Iran"
    assert statement.country_id == "IR"
    assert statement.forum.slug == "cstd"
    assert (str(statement.when), statement.kind) == (
        "between 7 April 2025 and 11 April 2025",
        "speech",
    )
    assert {"unilateral-coercive-measures", "digital-divide"} <= set(
        statement.themes.values_list("slug", flat=True)
    )
    event = statement.event
    assert (event.start_date, event.end_date) == ("2025-04-07", "2025-04-11")
    assert (event.city, event.host_country_id) == ("Geneva", "CH")


def test_the_cuban_first_deputy_ministers_remarks_at_the_cstd(seeded):
    statement = Statement.objects.get(speaker__slug="ernesto-rodriguez-hernandez")
    assert statement.speaker_title == "First Deputy Minister of Communications of Cuba"
    assert statement.country_id == "CU"
    assert statement.forum.slug == "cstd"
    assert statement.event.part_of.slug == "28th-session-of-the-cstd"
    assert "Cuban officials are determined" in statement.text and statement.text_is_excerpt


def test_iran_statement_at_the_23rd_cstd_session_with_its_full_text(seeded):
    statement = Statement.objects.get(speaker__slug="tahereh-jalili")
    assert statement.date == "2020-06-12"
    assert statement.speaker_title == "Ministry of Foreign Affairs of Iran"
    assert statement.event.attendance == Event.Attendance.VIRTUAL
    assert statement.text.startswith("In the name of God")
    assert statement.text.endswith("I thank you.")
    assert "pivotal role of ITU" in statement.text and not statement.text_is_excerpt


def test_iran_oewg_submission_on_capacity_building_with_its_full_text(seeded):
    statement = Statement.objects.get(kind=Statement.Kind.WRITTEN_SUBMISSION)
    assert statement.forum.slug == "oewg"
    assert statement.forum.parent.slug == "unga"
    assert statement.date == "2023-08/2024-07"
    assert "2022 and 2023 annual progress" in statement.how_we_know
    assert "permanent mechanism for capacity-building" in statement.text
    assert statement.text.endswith("Thank you.")


def test_the_ict_ministers_op_ed_on_serbia(seeded):
    statement = Statement.objects.get(kind=Statement.Kind.OP_ED)
    assert statement.date == "2025-02-27"
    assert statement.speaker.slug == "sattar-hashemi"
    assert set(statement.mentioned_countries.values_list("code", flat=True)) >= {"RS", "CU"}
    assert "Belgrade, a city of history and nature" in statement.text


def test_every_agreement_the_documents_report(seeded):
    agreements = {
        agreement.slug: agreement
        for agreement in Agreement.objects.prefetch_related("parties", "themes")
    }
    postal = agreements["iran-cuba-memorandum-of-understanding-on-postal-services"]
    assert (postal.signed.iso, postal.agreement_status, postal.city) == (
        "2024-11-24",
        "signed",
        "Havana",
    )
    assert [party.country_id for party in postal.parties.all()] == ["IR", "CU"]
    assert [theme.slug for theme in postal.themes.all()] == ["postal-services"]
    science = agreements["iran-cuba-memorandum-of-understanding-on-scientific-and-technological"]
    assert science.signed.iso == "2023-12-05"
    assert science.event.slug == "visit-of-cuban-president-miguel-diaz-canel-to-iran"
    assert agreements["iran-cuba-joint-committee-on-ict-cooperation-proposed"].agreement_status == (
        "proposed"
    )
    group = agreements["iran-cuba-joint-working-group-on-communications"]
    assert (group.signed_on, str(group.signed)) == (
        "../2024-01-24",
        "on or before 24 January 2024",
    )
    cloud = agreements[
        "iran-serbia-joint-cooperation-document-on-cloud-infrastructure-and-artificial"
    ]
    assert {party.country_id for party in cloud.parties.all()} == {"IR", "RS"}
    assert (
        agreements["earlier-iran-serbia-memoranda-of-understanding-on-postal-traffic"].signed
        is None
    )


def test_people_and_organisations_with_roles_known_as_of_their_sources(seeded):
    sadr = Actor.objects.get(slug="mohammad-mohsen-sadr")
    role = sadr.roles.get()
    assert role.organisation.slug == "information-technology-organization-of-iran"
    assert role.tenure == "known from 7 April 2025 to 11 April 2025"
    cuban = Role.objects.get(person__slug="ernesto-rodriguez-hernandez")
    other = Role.objects.get(person__slug="wilfredo-gonzalez-vidal")
    assert cuban.title == other.title == "First Deputy Minister of Communications of Cuba"
    assert other.tenure == "as of 24 January 2024"
    assert not cuban.known_period.overlaps(other.known_period)
    assert "Seyed Sattar Hashemi" in Actor.objects.get(slug="sattar-hashemi").all_other_names
    assert Actor.objects.filter(kind=Actor.Kind.PERSON).count() == 8


def test_forums_with_their_parent_bodies(seeded):
    assert Forum.objects.get(slug="cstd").parent.slug == "ecosoc"
    assert set(Forum.objects.values_list("slug", flat=True)) >= {
        "cstd",
        "ecosoc",
        "oewg",
        "itu",
        "upu",
        "wsis",
        "gpai",
    }


def test_each_seed_document_is_a_source(seeded):
    op_ed = Source.objects.get(author="Seyed Sattar Hashemi")
    assert (op_ed.published.iso, op_ed.language) == ("2025-02-27", "en")
    assert Source.objects.get(publisher="dolat.ir").statements.count() == 5


def test_the_load_seed_command_reports_what_it_did():
    from io import StringIO

    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "statements: 9 created" in out.getvalue()
    call_command("load_seed", stdout=out)
    assert "already loaded" in out.getvalue()


def as_first_seeded(data):
    """The seed data as it was before its corrections: each corrected entry with the values
    its correction says it had."""
    old = copy.deepcopy(data)
    corrections = old.pop("corrections")
    entries = {e["key"]: e for v in old.values() if isinstance(v, list) for e in v if "key" in e}
    for correction in corrections:
        entry = entries[correction["key"]]
        for name, value in correction["was"].items():
            entry.pop(name, None)
            if value not in ("", []):
                entry[name] = value
    old["sources"] = [s for s in old["sources"] if s["key"] != "source:unga-resolution-75-240"]
    for forum in old["forums"]:
        forum["sources"] = [s for s in forum["sources"] if s != "source:unga-resolution-75-240"]
    return old


def test_a_database_seeded_before_takes_the_corrections_its_curators_did_not_override():
    with open(SEED_FILE, "rb") as file:
        data = tomllib.load(file)
    load_data(as_first_seeded(data))
    cloud = Agreement.objects.get(slug__startswith="iran-serbia-joint-cooperation-document")
    assert (cloud.agreement_status, cloud.signed_on, cloud.city) == (
        "signed",
        "2025-02",
        "Belgrade",
    )
    group = Agreement.objects.get(slug="iran-cuba-joint-working-group-on-communications")
    assert group.signed_on == "2024-01"
    cloud.city = "Novi Sad"  # a curator's edit
    cloud.save()

    report = load_data(data)

    group.refresh_from_db()
    assert (group.signed_on, group.how_we_know[:40]) == (
        "../2024-01-24",
        "The article of 24 January 2024 says the ",
    )
    assert group.history.first().history_change_reason == "Corrected from the seed dataset"
    cloud.refresh_from_db()
    assert (cloud.agreement_status, cloud.city) == ("signed", "Novi Sad")
    ito = Actor.objects.get(slug="information-technology-organization-of-iran")
    assert (ito.original_name, ito.parent) == ("", None)
    oewg = Forum.objects.get(slug="oewg")
    assert "source:unga-resolution-75-240" in {
        s.key for s in SeededRecord.objects.filter(object_id__in=oewg.sources.values("pk"))
    }
    assert len(report["corrected"]) == len(data["corrections"]) - 1
    assert load_data(data) == {}
