"""The rules of the files, which every writer and reader of them follows: how a value becomes a
CSV cell (many values separated, formulas neutralised) and a cell becomes text again. Python
writes them here; the SQL of the PostgreSQL writer (copy.py) and the importer read these
constants."""

# Between the values of a many-valued cell.
SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text):
    """Text a spreadsheet will not run: a leading formula character gets a `'` before it.

    A text that starts with `'` gets one too, so that removing one leading `'` always gives
    back the text as recorded.
    """
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def unneutralise(text):
    """The text as recorded: the files put one `'` before text a spreadsheet would run."""
    return text[1:] if text.startswith(QUOTE) else text


def cell(value):
    """A value (text, number, true or false, or a list of texts) as its CSV cell."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEPARATOR.join(neutralise(str(item)) for item in value)
    if isinstance(value, str):
        return neutralise(value)
    return value
