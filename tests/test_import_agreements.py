"""Importing agreements from CSV: their parties read back from the export's party columns."""

import csv
import io

import pytest

from statements.importers import load_seed
from statements.importers.rows import import_file
from statements.models import Agreement, AgreementParty, Country, Status

from .desk import member_of
from .factories import make_actor, make_agreement, make_person, make_source
from .files import csv_file, export

pytestmark = pytest.mark.django_db

HEADER = (
    "title,kind,status,date_signed,party_country_codes,party_names,signatory_slugs,source_titles"
    "\r\n"
)


def agreements_file(*rows):
    return csv_file(*rows, header=HEADER)


def parties_of(agreement):
    return [
        (party.country_id, party.organisation and party.organisation.slug, party.signatory_id)
        for party in agreement.parties.all()
    ]


def edited(rows, **cells):
    """The export's rows with the first one's `cells` replaced, as a CSV file."""
    rows[0].update(cells)
    file = io.StringIO()
    writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(file.getvalue().encode())


def exported_rows(client):
    return list(csv.DictReader(io.StringIO(export(client, "agreements").read().decode())))


@pytest.fixture
def ministry():
    make_source(title="Joint communiqué")
    return make_actor(
        name="Ministry of ICT", slug="iran-ict", country=Country.objects.get(code="IR")
    )


def test_reimporting_an_exported_agreements_file_changes_nothing(client):
    load_seed()
    parties = list(AgreementParty.objects.values_list("id", "agreement", "country", "organisation"))
    before = Agreement.history.count()
    report = import_file("agreements", export(client, "agreements"), apply=True)
    assert report.ok, report.errors
    assert (report.created, report.changed, report.unchanged) == (0, 0, Agreement.objects.count())
    assert Agreement.history.count() == before
    assert list(
        AgreementParty.objects.values_list("id", "agreement", "country", "organisation")
    ) == (parties)


def test_a_party_the_export_cannot_name_is_kept_when_its_export_is_reimported(client):
    # A draft organisation is exported as its country's name: reading that back would drop it.
    agreement = make_agreement(parties=("IR", "CU"))
    draft = make_actor(
        name="Draft agency", status=Status.DRAFT, country=Country.objects.get(code="RS")
    )
    AgreementParty.objects.create(agreement=agreement, organisation=draft, position=2)
    report = import_file("agreements", export(client, "agreements"), apply=True)
    assert (report.ok, report.unchanged) == (True, 1)
    assert parties_of(agreement) == [
        ("IR", None, None),
        ("CU", None, None),
        (None, "draft-agency", None),
    ]


def test_agreements_are_imported_with_their_parties_and_signatories(ministry):
    minister = make_person(name="Sattar Hashemi", country=Country.objects.get(code="IR"))
    report = import_file(
        "agreements",
        agreements_file(
            "Postal MoU,mou,signed,2024-11-24,IR; CU,Ministry of ICT; Cuba,sattar-hashemi,"
            "Joint communiqué\r\n",
            "Science MoU,mou,proposed,,IR; RS,,,Joint communiqué\r\n",
        ),
        apply=True,
    )
    assert report.ok, report.errors
    postal = Agreement.objects.get(title="Postal MoU")
    assert postal.status == Status.DRAFT
    assert parties_of(postal) == [("IR", "iran-ict", minister.pk), ("CU", None, None)]
    assert parties_of(Agreement.objects.get(title="Science MoU")) == [
        ("IR", None, None),
        ("RS", None, None),
    ]


def test_unknown_parties_are_reported_by_row_and_column_and_nothing_is_imported(ministry):
    report = import_file(
        "agreements",
        agreements_file(
            "Fine,mou,signed,2024,IR; CU,,,Joint communiqué\r\n",
            "No country,mou,signed,2024,IR; ZZ,,,\r\n",
            "No organisation,mou,signed,2024,IR; CU,Ministry of Magic; Cuba,,\r\n",
            "No signatory,mou,signed,2024,IR; CU,,nobody-at-all,\r\n",
            "Spare country,mou,signed,2024,IR; CU,Iran,,\r\n",
        ),
        apply=True,
    )
    assert not report.applied
    assert [(row, column) for row, column, _ in report.errors] == [
        (3, "party_country_codes"),
        (4, "party_names"),
        (5, "signatory_slugs"),
        (6, "party_country_codes"),
    ]
    assert "'ZZ'" in report.errors[0][2] and "Ministry of Magic" in report.errors[1][2]
    assert not Agreement.objects.exists()


def test_editing_an_exports_parties_replaces_them_and_nothing_else(client):
    agreement = make_agreement(parties=("IR", "CU"))
    report = import_file(
        "agreements",
        edited(exported_rows(client), party_country_codes="IR; RS", party_names="Iran; Serbia"),
        apply=True,
    )
    assert report.preview == [
        f"Row 2: agreement {agreement.pk}, “{agreement.title}”: parties would change."
    ]
    assert parties_of(agreement) == [("IR", None, None), ("RS", None, None)]


def test_a_published_agreement_needs_two_parties(ministry):
    reviewer = member_of("reviewers", "rafael")
    file = agreements_file("Alone,mou,signed,2024,IR,,,Joint communiqué\r\n")
    report = import_file("agreements", file, status=Status.PUBLISHED, user=reviewer)
    assert report.errors == [(2, "party_names", "An agreement needs at least two parties.")]
