"""An agreement's parties, read back from what the agreements export writes of them.

The CSV export writes the parties in three lists: their countries' codes, their names (an
organisation's, else the country's) and the slugs of those who signed. That loses some of
them (a draft organisation is written as its country), so cells that are exactly what the
export writes for the agreement leave its parties alone; only changed cells are read, and
replace the parties. The JSON export writes each party whole, with slugs.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from ..exports.fields import EXPORTS
from ..exports.format import cell
from ..exports.reading import Reference, RowProblems, Shape, items, member
from ..models import Actor, Agreement, AgreementParty, Country

CSV_COLUMNS = ("party_country_codes", "party_names", "signatory_slugs", "signatory_names")
JSON_KEY = "parties"
COUNTRIES = Reference("party_country_codes", "country", Country, key="code", many=True)
SIGNATORIES = Reference("signatory_slugs", "signatory", Actor, many=True)
# Where a party's own validation errors are reported in a CSV row.
CSV_COLUMN_OF = {
    "country": "party_country_codes",
    "organisation": "party_names",
    "signatory": "signatory_slugs",
    "parties": "party_names",
}


class Parties:
    columns = CSV_COLUMNS

    def read(self, row, record, publishing):
        """The row's parties, unsaved, or None when the row leaves them as they are."""
        if record is not None and as_exported(record, row) == given(row):
            return None
        if JSON_KEY in row:
            parties, column_of = from_json(row[JSON_KEY]), lambda name: JSON_KEY
        elif any(column in row for column in CSV_COLUMNS):
            parties, column_of = from_csv(row), lambda name: CSV_COLUMN_OF.get(name, name)
        else:
            return None
        check(parties, publishing, column_of)
        return parties

    def replace(self, agreement, parties):
        agreement.parties.all().delete()
        for position, party in enumerate(parties):
            party.agreement, party.position = agreement, position
            party.save()


def given(row):
    """The party cells of the row, as `as_exported` writes them."""
    found = {name: row[name] for name in CSV_COLUMNS if name in row}
    if JSON_KEY in row:
        try:
            found[JSON_KEY] = [identity(party) for party in row[JSON_KEY]]
        except Shape as shape:
            raise RowProblems([(JSON_KEY, str(shape))]) from None
    return found


def as_exported(agreement, row):
    """What the exports write of the agreement's parties, in the cells the row has."""
    agreement.prefetched_parties = list(
        agreement.parties.select_related("country", "organisation", "signatory")
    )
    written = {
        column.name: cell(column.value(agreement))
        for column in EXPORTS["agreements"].columns("")
        if column.name in CSV_COLUMNS and column.name in row
    }
    if JSON_KEY in row:
        [key] = [key for key in EXPORTS["agreements"].keys("") if key.name == JSON_KEY]
        written[JSON_KEY] = [identity(party) for party in key.value(agreement)]
    return written


def identity(party):
    """A JSON party as what names it: country code, organisation, signatory, their title."""
    if not isinstance(party, dict):
        raise Shape("Write each party as an object.")
    title = party.get("signatory_title") or ""
    if not isinstance(title, str):
        raise Shape("Write signatory_title as a string.")
    return (
        member(party.get("country"), "code", "a party's country"),
        member(party.get("organisation"), "slug", "a party's organisation"),
        member(party.get("signatory"), "slug", "a party's signatory"),
        title,
    )


def from_json(parties):
    found, problems = [], []
    for number, party in enumerate(parties, start=1):
        try:
            code, organisation, signatory, title = identity(party)
            found.append(
                AgreementParty(
                    country=Reference(JSON_KEY, "country", Country, key="code").read(code),
                    organisation=Reference(JSON_KEY, "organisation", Actor).read(organisation),
                    signatory=Reference(JSON_KEY, "signatory", Actor).read(signatory),
                    signatory_title=title,
                )
            )
        except Shape as shape:
            problems.append((JSON_KEY, f"Party {number}: {shape}"))
        except RowProblems as error:
            problems += [(JSON_KEY, f"Party {number}: {message}") for _, message in error.problems]
    if problems:
        raise RowProblems(problems)
    return found


def from_csv(row):
    """The parties of the CSV cells: the export's party columns read back in their order."""
    countries = COUNTRIES.read(row.get("party_country_codes", ""))
    names = items(row.get("party_names", ""))
    if names:
        parties = named(names, countries)
    else:  # a hand-written file may give the countries alone
        parties = [AgreementParty(country=country) for country in countries]
    sign(parties, SIGNATORIES.read(row.get("signatory_slugs", "")))
    return parties


def named(names, countries):
    """Each name is the next country's, or an organisation's (of that country, if it has one)."""
    waiting, parties = list(countries), []
    for name in names:
        country = waiting[0] if waiting else None
        if country and name == str(country):
            parties.append(AgreementParty(country=waiting.pop(0)))
            continue
        organisation = organisation_named(name, country)
        if country and organisation.country_id == country.code:
            waiting.pop(0)
        else:
            country = None
        parties.append(AgreementParty(country=country, organisation=organisation))
    if waiting:
        codes = ", ".join(country.code for country in waiting)
        raise RowProblems(
            [("party_country_codes", f"{codes}: no party in party_names; give one name each.")]
        )
    return parties


def organisation_named(name, country):
    found = list(Actor.objects.exclude(kind=Actor.Kind.PERSON).filter(Q(slug=name) | Q(name=name)))
    if len(found) > 1 and country:
        found = [actor for actor in found if actor.country_id == country.code]
    if len(found) == 1:
        return found[0]
    problem = (
        f"Several organisations are named {name!r}; write its slug instead."
        if found
        else f"No country (at its place in party_country_codes) or organisation named {name!r}; "
        "create it first."
    )
    raise RowProblems([("party_names", problem)])


def sign(parties, signatories):
    """One signatory per party in order, or each for the party of the signatory's country."""
    if len(signatories) == len(parties):
        for party, person in zip(parties, signatories, strict=True):
            party.signatory = person
        return
    for person in signatories:
        party = next(
            (p for p in parties if not p.signatory and country_of(p) == person.country_id), None
        )
        if party is None or person.country_id is None:
            raise RowProblems(
                [
                    (
                        "signatory_slugs",
                        f"{person.slug} signed for no party's country; give one signatory per "
                        "party, in their order.",
                    )
                ]
            )
        party.signatory = person


def country_of(party):
    return party.country_id or (party.organisation.country_id if party.organisation else None)


def check(parties, publishing, column_of):
    problems = []
    for number, party in enumerate(parties, start=1):
        try:
            party.full_clean(exclude=["agreement"])
        except ValidationError as error:
            problems += [
                (column_of(name), f"Party {number}: {message}")
                for name, messages in error.message_dict.items()
                for message in messages
            ]
    if publishing and not problems:
        try:
            Agreement.validate_parties(parties)
        except ValidationError as error:
            problems.append((column_of("parties"), error.messages[0]))
    if problems:
        raise RowProblems(problems)
