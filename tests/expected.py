"""What derived data and files should be, worked out the slow way, for tests to compare with
what the code keeps and writes."""

from statements.exports import EXPORTS
from statements.exports.writers import csv_lines, json_chunks
from statements.models import AgreementCountry, AgreementParty, Status

from .files import ABOUT, BASE, export_parts


def bound_by_the_parties():
    """(agreement, country) as the parties say, read in Python, one party at a time."""
    pairs = set()
    for party in AgreementParty.objects.select_related("organisation"):
        if party.country_id:
            pairs.add((party.agreement_id, party.country_id))
        organisation = party.organisation
        if organisation and organisation.status == Status.PUBLISHED and organisation.country_id:
            pairs.add((party.agreement_id, organisation.country_id))
    return pairs


def kept_countries():
    return set(AgreementCountry.objects.values_list("agreement", "country"))


def exported(copy):
    spec = EXPORTS["statements"]
    csv = b"".join(csv_lines(export_parts(""), spec.columns(BASE), copy=copy))
    json = b"".join(json_chunks(export_parts(""), spec.keys(BASE), ABOUT, copy=copy))
    return csv, json


def assert_copied_as_python_writes():
    copied, written = exported(copy=True), exported(copy=False)
    assert copied[0] == written[0]
    assert copied[1] == written[1]
    return written
