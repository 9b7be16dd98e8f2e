"""Reading curators' JSON files: the export's `{"about": {...}, "results": [...]}`, one record
at a time, each turned into the row its CSV export would hold, so both formats are read by the
same code.

The results are read as a stream: only the record being read is held in memory, never the
whole file (the standard library's `json.load` would build all 50,000 records at once).
"""

import io
import json
import re

from ..exports.reading import RowProblems, Shape
from .csv_files import FileProblem, refuse_binary

CHUNK = 64 * 1024
MAX_RECORD = 10 * 1024 * 1024
SPACE = re.compile(r"\s*")
DECODER = json.JSONDecoder()
SHAPE = 'The file must be an export\'s JSON: {"about": {...}, "results": [{...}, ...]}.'


class JsonStream:
    """The values of a JSON text read piece by piece, with `raw_decode` doing the parsing."""

    def __init__(self, binary):
        self.text = io.TextIOWrapper(binary, encoding="utf-8-sig")
        self.buffer, self.position, self.ended = "", 0, False
        self.records = 0  # how many results were read: where a problem was found

    def more(self):
        try:
            chunk = self.text.read(CHUNK)
        except UnicodeDecodeError as error:
            raise FileProblem(
                f"The file is not UTF-8 text (after record {self.records}). "
                "Save it as UTF-8 and try again."
            ) from error
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        self.ended = not chunk
        return bool(chunk)

    def peek(self):
        """The next character that is not white space; "" at the end of the file."""
        while True:
            self.position = SPACE.match(self.buffer, self.position).end()
            if self.position < len(self.buffer) or not self.more():
                return self.buffer[self.position : self.position + 1]

    @property
    def where(self):
        return f"at record {self.records}" if self.records else "before its results"

    def expect(self, characters, problem):
        found = self.peek()
        if not found or found not in characters:
            raise FileProblem(problem)
        self.position += 1
        return found

    def value(self):
        self.peek()
        while True:
            try:
                value, end = DECODER.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                if len(self.buffer) - self.position > MAX_RECORD:
                    raise FileProblem(
                        f"A value {self.where} is larger than {MAX_RECORD // 2**20} MB, more "
                        "than any record of an export: split it, or shorten its texts."
                    ) from error
                if not self.more():
                    raise FileProblem(
                        f"The file is not valid JSON {self.where}: {error.msg}."
                    ) from error
                continue
            except RecursionError as error:
                raise FileProblem(
                    f"The file nests lists or objects too deeply {self.where}: an export's "
                    "records are a few levels deep."
                ) from error
            except ValueError as error:  # an integer of more digits than Python reads
                raise FileProblem(
                    f"The file holds a number {self.where} too long to read."
                ) from error
            # A number or literal at the end of what was read may go on in the next piece.
            if end < len(self.buffer) or self.ended or not self.more():
                self.position = end
                return value

    def results(self):
        """Yield each value of the top-level object's "results" list."""
        start = self.peek()
        if not start:
            raise FileProblem(f"The file is empty. {SHAPE}")
        if start != "{":
            if start != "[":
                try:
                    self.value()
                except FileProblem:
                    raise FileProblem(f"The file is not JSON: it starts with {start!r}.") from None
            raise FileProblem(f"The file's JSON is not an object. {SHAPE}")
        self.position += 1
        found = False
        while self.peek() != "}":
            key = self.value()
            self.expect(":", SHAPE)
            if key == "results":
                found = True
                yield from self.items()
            else:
                self.value()  # "about": what was exported, not records
            if self.expect(",}", SHAPE) == "}":
                break
        else:
            self.position += 1
        if self.peek():
            raise FileProblem(f"The file goes on after its JSON object. {SHAPE}")
        if not found:
            raise FileProblem(f'The file has no "results". {SHAPE}')

    def items(self):
        self.expect("[", f'"results" must be a list. {SHAPE}')
        if self.peek() == "]":
            self.position += 1
            return
        while True:
            self.records += 1
            yield self.value()
            if self.expect(",]", f"The results list is broken after record {self.records}.") == "]":
                return


class JsonRows:
    """The records of a JSON export as rows of its CSV export: each field of the export reads
    its key into the columns it writes (exports/kinds.py)."""

    def __init__(self, binary, export, required):
        self.binary = binary
        self.fields = {field.name: field for field in export.fields}
        self.required = required
        self.key_of = {
            column.name: field.name
            for field in export.fields
            for column in field.columns(export.model, "")
        }

    def label(self, column):
        """The JSON key a CSV column is read from: what an error names."""
        return self.key_of.get(column, column)

    def records(self):
        refuse_binary(self.binary, "JSON")
        stream = JsonStream(self.binary)
        for number, document in enumerate(stream.results(), start=1):
            try:
                yield number, self.row(document)
            except RowProblems as problems:
                if number == 1:
                    raise FileProblem(
                        f"Record 1 is not a record of an export: {problems.problems[0][1]}"
                    ) from None
                yield number, problems

    def row(self, document):
        if not isinstance(document, dict):
            raise RowProblems([("", "A result must be an object {…}.")])
        unknown = [name for name in document if name not in self.fields]
        if unknown:
            raise RowProblems([("", f"Unknown keys: {', '.join(unknown)}. Use an export's keys.")])
        row, problems = {}, []
        for name, value in document.items():
            field = self.fields[name]
            try:
                row.update(field.kind.cells(field, value))
            except Shape as shape:
                problems.append((name, str(shape)))
        missing = [self.label(column) for column in self.required if column not in row]
        if missing:
            problems.append(("", f"It lacks {', '.join(missing)}."))
        if problems:
            raise RowProblems(problems)
        return row
