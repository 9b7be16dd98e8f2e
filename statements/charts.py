"""A small bar chart of statements and agreements per year, drawn as SVG on the server."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from .dates import NO_EARLIEST

WIDTH, HEIGHT, BAR_GAP = 600, 160, 2


def per_year(queryset, date_field):
    rows = (
        queryset.exclude(**{f"{date_field}__isnull": True})
        .exclude(**{date_field: NO_EARLIEST})
        .annotate(year=ExtractYear(date_field))
        .order_by()
        .values("year")
        .annotate(count=Count("id"))
    )
    return {row["year"]: row["count"] for row in rows}


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int


@dataclass
class YearChart:
    years: list  # (year, statements, agreements)

    @classmethod
    def of(cls, statements, agreements):
        said = per_year(statements, "date_earliest")
        signed = per_year(agreements, "signed_on_earliest")
        if not said and not signed:
            return cls([])
        first, last = min([*said, *signed]), max([*said, *signed])
        return cls([(y, said.get(y, 0), signed.get(y, 0)) for y in range(first, last + 1)])

    @property
    def highest(self):
        return max((max(s, a) for _, s, a in self.years), default=0)

    @property
    def columns(self):
        """Per year: its label position and the two bars (statements, agreements)."""
        slot = WIDTH / max(len(self.years), 1)
        bar = max((slot - 3 * BAR_GAP) / 2, 1)
        scale = (HEIGHT - 20) / max(self.highest, 1)
        columns = []
        for i, (year, said, signed) in enumerate(self.years):
            x = i * slot + BAR_GAP
            columns.append(
                {
                    "year": year,
                    "label_x": i * slot + slot / 2,
                    "show_label": len(self.years) <= 12 or i % max(len(self.years) // 8, 1) == 0,
                    "statements": Bar(x, HEIGHT - said * scale, bar, said * scale, said),
                    "agreements": Bar(
                        x + bar + BAR_GAP, HEIGHT - signed * scale, bar, signed * scale, signed
                    ),
                }
            )
        return columns

    @property
    def description(self):
        parts = [
            f"{year}: {s} statement{'s' * (s != 1)}, {a} agreement{'s' * (a != 1)}"
            for year, s, a in self.years
            if s or a
        ]
        return "; ".join(parts)

    width, height = WIDTH, HEIGHT
