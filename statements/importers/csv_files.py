"""Reading curators' CSV files: the columns of the exports, row by row, and a clear refusal of
anything that is not such a file (for CSV and JSON alike)."""

import csv
import io

from ..exports.reading import RowProblems

SNIFF_BYTES = 8192
# The longest cell read, as long as a JSON file's longest record: a statement's full text may
# be far longer than the csv module's default of 128 KB.
MAX_CELL = 10 * 1024 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


def refuse_binary(binary, format_name):
    if b"\x00" in binary.read(SNIFF_BYTES):
        raise FileProblem(f"This is not a {format_name} file: it holds binary data.")
    binary.seek(0)


def is_json(binary, name=""):
    """Whether a file is JSON: by its first character, else by its name."""
    start = binary.read(SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
    binary.seek(0)
    return start[:1] in (b"{", b"[") or name.lower().endswith(".json")


def csv_records(binary, known, required):
    """Yield (row number, {column: text}) for each record of the CSV file `binary`.

    Row numbers count as a spreadsheet does: the header is row 1. Raises FileProblem for a
    file that is binary, not UTF-8, empty, or without the columns it needs, even midway.
    """
    refuse_binary(binary, "CSV")
    csv.field_size_limit(MAX_CELL)  # process-wide, and other libraries set it too
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise FileProblem("The file is empty: it needs a header row and one row per record.")
        check_header(header, known, required)
        for number, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                problem = f"It has {len(cells)} cells where the header has {len(header)}."
                yield number, RowProblems([("", problem)])
                continue
            yield number, dict(zip(header, cells, strict=True))
    except UnicodeDecodeError as error:
        raise FileProblem(
            f"The file is not UTF-8 text (a byte near position {error.start} of a line after "
            f"row {reader.line_num} cannot be read). Save it as CSV UTF-8 and try again."
        ) from error
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileProblem(
                f"A cell near line {reader.line_num} is larger than {MAX_CELL // 2**20} MB, "
                "more than any cell of an export: shorten it, or check its quotes."
            ) from error
        raise FileProblem(
            f"The file is not valid CSV near line {reader.line_num}: {error}."
        ) from error


def check_header(header, known, required):
    names = [name.strip() for name in header]
    missing = [name for name in required if name not in names]
    if missing:
        raise FileProblem(
            "The first row must be the header of an export; it lacks "
            + ", ".join(missing)
            + f". It reads: {', '.join(names[:8])}{'…' if len(names) > 8 else ''}"
        )
    unknown = [name for name in names if name not in known]
    if unknown:
        raise FileProblem(f"Unknown columns: {', '.join(unknown)}. Use the columns of an export.")
    repeated = {name for name in names if names.count(name) > 1}
    if repeated:
        raise FileProblem(f"Columns given twice: {', '.join(sorted(repeated))}.")
