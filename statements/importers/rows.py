"""Curators' files become records: CSV in the columns of the exports, or JSON in the export's
keys (read as the rows the CSV export would hold), related records matched by slug, alpha-2
code or source title (never created), every row checked by the model's own validation.

A run is one transaction. A dry run, or a run with any error, is rolled back, so its report
says exactly what applying the file would do. A record whose values already match is left
alone, so importing the same file twice changes nothing.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch, prefetch_related_objects

from .. import derived
from ..exports import EXPORTS, Export
from ..exports.kinds import Parties as PartiesKind
from ..exports.reading import RowProblems, remembering
from ..models import Actor, Role, Status
from ..workflow import broken_rules, can_publish, may_change, new_problems
from .csv_files import FileProblem, csv_records, is_json
from .json_files import JsonRows
from .parties import Parties

MAX_REPORTED = 1000
PREVIEWED = 200
CHUNK = 1000  # rows read, looked up and written together


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

    @property
    def noun(self):
        return self.model._meta.verbose_name

    @property
    def writes_together(self):
        """Whether new records are written a chunk at a time: all but those with parties,
        which are read and written with their record."""
        return self.parties is None

    def key_of(self, values):
        """A row's natural key as stored (a related record by its id), or None."""
        key = self.natural_key
        if not key or not all(name in values for name in key) or not values[key[0]]:
            return None
        parts = tuple(getattr(values[name], "pk", values[name]) for name in key)
        return None if None in parts else parts

    def named_by_key(self, rows):
        """The stored records that rows (their values) name by their natural key, found
        together: {key: record}, the first in the model's order where several share one, as
        existing() finds them one by one."""
        keys = {key for key in map(self.key_of, rows) if key is not None}
        if not keys:
            return {}
        fields = [self.model._meta.get_field(name) for name in self.natural_key]
        lookup = {f"{field.name}__in": {key[n] for key in keys} for n, field in enumerate(fields)}
        found = {}
        for record in self.model.objects.filter(**lookup):
            found.setdefault(tuple(getattr(record, field.attname) for field in fields), record)
        return found

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
    run = Run(kind, report, status, user, reason, apply)
    with transaction.atomic(), derived.batch(), remembering():
        try:
            for chunk in chunks(rows_of(kind, list_name, binary, name, report), report, binary):
                import_rows(run, chunk)
                if progress:
                    progress(report)
        except FileProblem as problem:
            report.file_problem = str(problem)
        report.applied = apply and report.ok
        if not report.applied:
            transaction.set_rollback(True)
    return report


@dataclass
class Run:
    """One reading of one file: what becomes of its rows, and the report on them."""

    kind: Importing
    report: Report
    status: str
    user: object
    reason: str
    apply: bool


def rows_of(kind, list_name, binary, name, report):
    """The file's rows, in the columns of the CSV export whatever the file's format."""
    if not is_json(binary, name):
        return csv_records(binary, kind.known_columns, kind.required)
    report.format = "JSON"
    reader = JsonRows(binary, kind.export, kind.required)
    report.label = reader.label
    return reader.records()


def chunks(rows, report, binary):
    """The file's rows, CHUNK at a time, counted as they are read. A problem with the file
    ends them: the rows read before it are still given, to be reported on, then it is
    raised."""
    chunk = []
    try:
        for number, row in rows:
            report.rows += 1
            report.reached, report.position = number, binary.tell()
            chunk.append((number, row))
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
    except FileProblem:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def import_rows(run, chunk):
    """A chunk of rows: the records they name are found together; each new record is
    checked on its own and written with the others (write_together); a row that changes a
    record is saved alone, in the file's order."""
    kind = run.kind
    read = []
    for number, row in chunk:
        with reported(run, number):
            if isinstance(row, RowProblems):
                raise row
            read.append((number, row, *kind.values(row)))
    named = kind.named_by_key([values for _, row, values, _ in read if not has_id(row)])
    read_roles([value for _, _, values, _ in read for value in values.values()])
    new = {}  # natural key or row number → (number, record, many), checked, to write
    added = set()  # the natural keys of the records this chunk adds
    for number, row, values, many in read:
        key = kind.key_of(values)
        if key in new:  # a second row for a record the file adds: it is that record now
            write_together(run, new)
        with reported(run, number):
            alone = has_id(row) or key in added  # not among those found together
            record = kind.existing(row, values) if alone else named.get(key)
            if record is None and kind.writes_together:
                new[key or number] = (number, checked_new(run, values), many)
                added.add(key)
                continue
            write_together(run, new)
            with transaction.atomic():  # a savepoint: a failing row leaves the others intact
                save_row(run, number, row, values, many, record)
    write_together(run, new)


def has_id(row):
    return bool(row.get("id", "").strip())


@contextmanager
def reported(run, number):
    """What is wrong with row `number` goes into the report, and the next row is read."""
    try:
        yield
    except RowProblems as error:
        run.report.problems(number, error.problems)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                column = run.kind.column_of(name) if name != "__all__" else ""
                run.report.error(number, column, message)
    except IntegrityError as error:
        run.report.error(number, "", f"The database refused the row: {error}")


def read_roles(values):
    """The published roles of the people among `values`, read once for all the rows that
    name them: a statement's speaker's title on the day is taken from them."""
    people = {
        id(value): value
        for value in values
        if isinstance(value, Actor) and value.is_person and not hasattr(value, "published_roles")
    }
    roles = Role.objects.published().select_related("organisation")
    prefetch_related_objects(
        list(people.values()), Prefetch("roles", queryset=roles, to_attr="published_roles")
    )


def checked_new(run, values):
    model = run.kind.model
    record = model(**values, status=run.status)
    # The related records were just found by their keys: their existence needs no query each
    # (unless the field limits its choices, which only a query checks).
    found = [
        name
        for name, value in values.items()
        if isinstance(value, Model)
        and not model._meta.get_field(name).remote_field.limit_choices_to
    ]
    record.full_clean(exclude=found)
    return record


def write_together(run, new):
    """Write the checked new records of `new` at once. If the database or a rule of
    publishing refuses one, they are written one by one instead, so that the report names
    the row."""
    if not new:
        return
    pending = list(new.values())
    new.clear()
    records = [record for _, record, _ in pending]
    try:
        with transaction.atomic():
            run.kind.model.create_together(
                records,
                [many for _, _, many in pending],
                user=run.user,
                reason=run.reason,
                history=run.apply,
            )
            derived.added(records)
            if any(new_problems(record, []) for record in records):
                raise BreaksARule
    except (IntegrityError, BreaksARule):
        for number, record, many in pending:
            record.pk, record._state.adding = None, True
            with reported(run, number), transaction.atomic():
                save_new(run, number, record, many)
        return
    for number, record, _ in pending:
        run.report.created += 1
        run.report.note(f"{where(run, number)}: a new {run.kind.noun}, “{record}”.")


class BreaksARule(Exception):
    """A record written with others would break a rule of publishing: its row is named when
    they are written again one by one."""


def where(run, number):
    return f"{run.report.unit.capitalize()} {number}"


def save_row(run, number, row, values, many, record):
    kind, report = run.kind, run.report
    publishing = run.status == Status.PUBLISHED if record is None else record.is_published
    parties = kind.parties.read(row, record, publishing) if kind.parties else None
    if record is None:
        record = kind.model(**values, status=run.status)
        record.full_clean()
        save_new(run, number, record, many, parties)
        return
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    changed += [
        name for name, related in many.items() if set(getattr(record, name).all()) != set(related)
    ]
    changed += ["parties"] if parties is not None else []
    if not changed:
        report.unchanged += 1
        return
    if run.user is not None and not may_change(run.user, record):
        standing = record.get_status_display().lower()
        raise RowProblems(
            [
                (
                    "id",
                    f"{kind.noun.capitalize()} {record.pk} is {standing}: "
                    "only reviewers can change it.",
                )
            ]
        )
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    save(run, record, many, parties)
    report.changed += 1
    columns = ", ".join(report.label(kind.column_of(name)) for name in changed)
    report.note(
        f"{where(run, number)}: {kind.noun} {record.pk}, “{record}”: {columns} would change."
    )


def save_new(run, number, record, many, parties=None):
    save(run, record, many, parties)
    run.report.created += 1
    run.report.note(f"{where(run, number)}: a new {run.kind.noun}, “{record}”.")


def save(run, record, many, parties):
    """Save a row's record, with its history when the import is applied (a dry run is rolled
    back, and its history with it)."""
    before = broken_rules(type(record).objects.get(pk=record.pk)) if record.pk else []
    record._history_user = run.user
    with derived.changing(record):
        record.save_with_relations(many, run.reason, history=run.apply)
        if parties is not None:
            run.kind.parties.replace(record, parties)
    # The row's savepoint is rolled back if it left a published record breaking a rule.
    if problems := new_problems(record, before):
        raise RowProblems([("", problem) for problem in problems])
