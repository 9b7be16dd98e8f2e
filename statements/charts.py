"""A small bar chart of statements and agreements per year, drawn as SVG on the server: a
scale from zero with its values marked, the years under the bars, each bar's value on it when
they are few, and the whole in words for those who do not see it."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from .dates import NO_EARLIEST

# The plot is WIDTH wide, right of a LEFT margin for the scale, and PLOT high, under a
# margin for the bars' values.
WIDTH, HEIGHT, PLOT, LEFT, BAR_GAP = 560, 170, 150, 40, 2
SMALLEST_TOP = 5


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

    @property
    def middle(self):
        return self.x + self.width / 2

    @property
    def above(self):
        return self.y - 3


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
    def scale_top(self):
        """The value at the top of the scale: a round number at least SMALLEST_TOP, so that
        one statement is not drawn as tall as a thousand."""
        top = max(self.highest, SMALLEST_TOP)
        magnitude = 10 ** (len(str(top)) - 1)
        for step in (1, 2, 2.5, 5, 10):
            if top <= step * magnitude:
                return int(step * magnitude)
        return top

    @property
    def ticks(self):
        """The scale's marks: 0, half and the top, with their heights."""
        top = self.scale_top
        marks = [0, top // 2, top] if top % 2 == 0 else [0, top]
        return [{"value": mark, "y": HEIGHT - mark * PLOT / top} for mark in marks]

    @property
    def labelled_bars(self):
        """Whether the bars are few enough to carry their values."""
        return len(self.years) <= 12

    @property
    def columns(self):
        """Per year: its label position and the two bars (statements, agreements)."""
        slot = WIDTH / max(len(self.years), 1)
        bar = max((slot - 3 * BAR_GAP) / 2, 1)
        scale = PLOT / self.scale_top
        columns = []
        for i, (year, said, signed) in enumerate(self.years):
            x = LEFT + i * slot + BAR_GAP
            statements = Bar(x, HEIGHT - said * scale, bar, said * scale, said)
            agreements = Bar(
                x + bar + BAR_GAP, HEIGHT - signed * scale, bar, signed * scale, signed
            )
            columns.append(
                {
                    "year": year,
                    "bars": (statements, agreements),
                    "label_x": LEFT + i * slot + slot / 2,
                    "show_label": len(self.years) <= 12 or i % max(len(self.years) // 8, 1) == 0,
                    "statements": statements,
                    "agreements": agreements,
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

    width, height, left = WIDTH + LEFT, HEIGHT, LEFT

    @property
    def axis_y(self):
        return HEIGHT - PLOT
