"""Related records named in a row: by slug, alpha-2 code or a source's title, never created."""

from dataclasses import dataclass

from ..exports.format import SEPARATOR, unneutralise
from .tabular import RowProblems


def items(cell):
    """The values of a many-valued cell: text separated by SEPARATOR (CSV) or a list (JSON)."""
    if isinstance(cell, list):
        return [item.strip() for item in cell if item.strip()]
    return [unneutralise(item.strip()) for item in cell.split(SEPARATOR) if item.strip()]


@dataclass
class Reference:
    """A column naming related records by a key: slug, alpha-2 code, or a source's title."""

    column: str
    field: str
    model: type
    key: str = "slug"
    many: bool = False
    required: bool = False

    def read(self, text):
        keys = items(text) if self.many else [key for key in [text.strip()] if key]
        if self.required and not keys:
            raise RowProblems([(self.column, "This column must not be empty.")])
        found = {
            getattr(record, self.key): record
            for record in self.model.objects.filter(**{f"{self.key}__in": keys})
        }
        unknown = [key for key in keys if key not in found]
        if unknown:
            noun = self.model._meta.verbose_name
            raise RowProblems(
                [
                    (
                        self.column,
                        f"No {noun} with {self.key} {', '.join(map(repr, unknown))}; "
                        "create it first.",
                    )
                ]
            )
        records = [found[key] for key in keys]
        return records if self.many else (records[0] if records else None)
