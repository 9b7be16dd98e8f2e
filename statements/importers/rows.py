"""Curators' files become records: CSV in the columns of the exports, or JSON in the export's
keys (read as the rows the CSV export would hold), related records matched by slug, alpha-2
code or source title (never created), every row checked by the model's own validation.

A run is one transaction. A dry run, or a run with any error, is rolled back, so its report
says exactly what applying the file would do. A record whose values already match is left
alone, so importing the same file twice changes nothing.
"""

import io
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .. import derived
from ..exports import EXPORTS, Export
from ..exports.kinds import Parties as PartiesKind
from ..exports.reading import RowProblems, remembering
from ..models import Status
from ..workflow import broken_rules, can_publish, may_change, new_problems
from .csv_files import FileProblem, csv_records, is_json
from .json_files import JsonRows
from .parties import Parties

MAX_REPORTED = 1000
PREVIEWED = 200


@dataclass
class Report:
    applied: bool = False
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)  # (row, column, message), the first MAX_REPORTED
    preview: list = field(default_factory=list)  # sentences, the first PREVIEWED
    file_problem: str = ""
    format: str = "CSV"
    reached: int = 0  # the number of the last row read: how far the file was read
    position: int = 0  # bytes read of the file's `size`, as of that row
    size: int = 0
    label: object = str  # a CSV column → what the file calls it (a JSON file's key)

    @property
    def ok(self):
        return not self.error_count and not self.file_problem

    @property
    def share_read(self):
        """How far into the file the rows read reach, in percent."""
        return min(100, round(100 * self.position / self.size)) if self.size else 100

    @property
    def how_far(self):
        """How far the file was read, for a run stopped by a problem with the file."""
        if not self.rows:
            return f"No {self.unit} of it was read."
        return (
            f"It was read up to {self.unit} {self.reached:,} ({self.rows:,} {self.unit}"
            f"{'s' if self.rows != 1 else ''}, about "
            f"{self.share_read}% of the file); the problem comes after it."
        )

    @property
    def unit(self):
        """What the file's numbers count: rows of a CSV file, records of a JSON file."""
        return "record" if self.format == "JSON" else "row"

    def error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append((row, self.label(column), message))

    def problems(self, row, problems):
        for column, message in problems:
            self.error(row, column, message)

    def note(self, sentence):
        if len(self.preview) < PREVIEWED:
            self.preview.append(sentence)


@dataclass
class Importing:
    """How rows of one list's files become records of its model: each field of its export
    reads its own columns back (exports/kinds.py); the parties of an agreement are read
    together (parties.py)."""

    export: Export
    natural_key: tuple  # fields that identify a record when the row has no id
    required: tuple  # columns a file must have

    @property
    def model(self):
        return self.export.model

    @cached_property
    def readers(self):
        return [reader for field in self.export.fields for reader in field.readers(self.model)]

    @cached_property
    def parties(self):
        reads_parties = any(isinstance(field.kind, PartiesKind) for field in self.export.fields)
        return Parties() if reads_parties else None

    @cached_property
    def known_columns(self):
        return [column.name for column in self.export.columns("")]

    def values(self, row):
        """The row as {field: value} and {m2m field: [records]}; RowProblems when it can't be."""
        values, many, problems = {}, {}, []
        for reader in self.readers:
            if reader.column not in row:
                continue
            try:
                (many if reader.many else values).update(reader.parse(row[reader.column]))
            except RowProblems as error:
                problems += error.problems
            except ValueError as error:
                problems.append((reader.column, str(error)))
        if problems:
            raise RowProblems(problems)
        return values, many

    def column_of(self, field_name):
        for reader in self.readers:
            if field_name in reader.fields:
                return reader.column
        return field_name

    def existing(self, row, values):
        if row.get("id", "").strip():
            try:
                return self.model.objects.get(pk=int(row["id"]))
            except (ValueError, self.model.DoesNotExist):
                raise RowProblems(
                    [
                        (
                            "id",
                            f"No {self.model._meta.verbose_name} has id {row['id']!r}; "
                            "leave id empty to add one.",
                        )
                    ]
                ) from None
        # A natural key may hold an empty date (an agreement not known to be signed).
        key = self.natural_key
        if key and all(name in values for name in key) and values[key[0]]:
            return self.model.objects.filter(
                **{name: values[name] for name in self.natural_key}
            ).first()
        return None


KINDS = {
    "statements": Importing(
        EXPORTS["statements"],
        natural_key=("speaker", "date", "title"),
        required=("title", "date", "kind", "speaker_slug"),
    ),
    "agreements": Importing(
        EXPORTS["agreements"],
        natural_key=("title", "signed_on"),
        required=("title", "kind", "status"),
    ),
    "actors": Importing(EXPORTS["actors"], natural_key=("slug",), required=("name", "kind")),
    "events": Importing(
        EXPORTS["events"], natural_key=("slug",), required=("name", "kind", "start_date")
    ),
}


def import_file(
    list_name,
    binary,
    *,
    name="",
    apply=False,
    status=Status.DRAFT,
    user=None,
    reason="",
    progress=None,
):
    """Read the CSV or JSON file `binary` (named `name`) into records of `list_name`; apply
    it only when asked and only when every row is sound. Returns the Report."""
    kind = KINDS[list_name]
    report = Report()
    if user is not None and status != Status.DRAFT and not can_publish(user):
        report.file_problem = (
            "Only reviewers can import records straight into review or publication."
        )
        return report
    report.size = binary.seek(0, io.SEEK_END)
    binary.seek(0)
    with transaction.atomic(), derived.batch(), remembering():
        try:
            for number, row in rows_of(kind, list_name, binary, name, report):
                report.rows += 1
                # Before the row is imported: a file problem may close the file.
                report.reached, report.position = number, binary.tell()
                if isinstance(row, RowProblems):
                    report.problems(number, row.problems)
                else:
                    import_row(kind, number, row, report, status, user, reason, apply)
                if progress and report.rows % 1000 == 0:
                    progress(report)
        except FileProblem as problem:
            report.file_problem = str(problem)
        report.applied = apply and report.ok
        if not report.applied:
            transaction.set_rollback(True)
    return report


def rows_of(kind, list_name, binary, name, report):
    """The file's rows, in the columns of the CSV export whatever the file's format."""
    if not is_json(binary, name):
        return csv_records(binary, kind.known_columns, kind.required)
    report.format = "JSON"
    reader = JsonRows(binary, kind.export, kind.required)
    report.label = reader.label
    return reader.records()


def import_row(kind, number, row, report, status, user, reason, apply):
    try:
        with transaction.atomic():  # a savepoint: a failing row leaves the others intact
            save_row(kind, number, row, report, status, user, reason, apply)
    except RowProblems as error:
        report.problems(number, error.problems)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                report.error(number, kind.column_of(name) if name != "__all__" else "", message)
    except IntegrityError as error:
        report.error(number, "", f"The database refused the row: {error}")


def save_row(kind, number, row, report, status, user, reason, apply):
    values, many = kind.values(row)
    record = kind.existing(row, values)
    noun = kind.model._meta.verbose_name
    where = f"{report.unit.capitalize()} {number}"
    publishing = status == Status.PUBLISHED if record is None else record.is_published
    parties = kind.parties.read(row, record, publishing) if kind.parties else None
    if record is None:
        record = kind.model(**values, status=status)
        record.full_clean()
        save(kind, record, many, parties, reason, apply)
        report.created += 1
        report.note(f"{where}: a new {noun}, “{record}”.")
        return
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    changed += [
        name for name, related in many.items() if set(getattr(record, name).all()) != set(related)
    ]
    changed += ["parties"] if parties is not None else []
    if not changed:
        report.unchanged += 1
        return
    if user is not None and not may_change(user, record):
        standing = record.get_status_display().lower()
        raise RowProblems(
            [
                (
                    "id",
                    f"{noun.capitalize()} {record.pk} is {standing}: only reviewers can change it.",
                )
            ]
        )
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    save(kind, record, many, parties, reason, apply)
    report.changed += 1
    columns = ", ".join(report.label(kind.column_of(name)) for name in changed)
    report.note(f"{where}: {noun} {record.pk}, “{record}”: {columns} would change.")


def save(kind, record, many, parties, reason, apply):
    """Save a row's record, with its history when the import is applied (a dry run is rolled
    back, and its history with it)."""
    before = broken_rules(type(record).objects.get(pk=record.pk)) if record.pk else []
    with derived.changing(record):
        record.save_with_relations(many, reason, history=apply)
        if parties is not None:
            kind.parties.replace(record, parties)
    # The row's savepoint is rolled back if it left a published record breaking a rule.
    if problems := new_problems(record, before):
        raise RowProblems([("", problem) for problem in problems])
