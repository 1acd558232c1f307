"""Request bodies of the REST API: strict pydantic models.

``strict=True`` means no coercion (``false`` is not a number, ``"3"`` is not
an int) and ``extra="forbid"`` rejects unknown keys. Sizes are bounded so one
request cannot ask for unbounded work.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from gridatlas.app.scenarios import Overrides

Technology = Literal["coal", "gas", "nuclear", "hydro", "pumped_storage", "wind", "solar"]
Hydrology = Literal["wet", "normal", "dry"]
YearKey = Annotated[str, StringConstraints(pattern=r"^(19|20|21)[0-9]{2}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Growth = Annotated[float, Field(ge=-0.5, le=1.0)]
Coefficient = Annotated[float, Field(ge=0.0, le=1.0)]
AddedCapacity = Annotated[float, Field(ge=-100_000.0, le=100_000.0)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Unit = Literal["万千瓦", "MW", "GW"]
Lang = Literal["zh", "en"]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class LinkChange(Strict):
    """Fields of one link to change (only those given are changed)."""

    from_year: Year | None = None
    until_year: Year | None = None
    rating: Annotated[float, Field(ge=0.0, le=1_000_000.0)] | None = Field(
        None, description="Rating [case unit, 万千瓦 in the bundled cases]."
    )
    share: Coefficient | None = Field(None, description="Share serving this province [p.u.].")
    fraction: Coefficient | None = Field(None, description="Contracted fraction [p.u.].")


class OverridesIn(Strict):
    """What-if changes to a case; see :class:`gridatlas.app.scenarios.Overrides`."""

    peak_growth: Annotated[
        dict[Name, Annotated[dict[YearKey, Growth], Field(max_length=60)]], Field(max_length=10)
    ] = Field(default_factory=dict, description="weather → year → peak-load growth [p.u./yr].")
    coefficients: Annotated[
        dict[Technology, Annotated[dict[Hydrology, Coefficient], Field(max_length=3)]],
        Field(max_length=7),
    ] = Field(default_factory=dict, description="technology → hydrology → coefficient [p.u.].")
    links: Annotated[dict[Name, LinkChange], Field(max_length=50)] = Field(
        default_factory=dict, description="link name → fields to change."
    )
    added_capacity: Annotated[
        dict[Technology, Annotated[dict[YearKey, AddedCapacity], Field(max_length=60)]],
        Field(max_length=7),
    ] = Field(default_factory=dict, description="technology → year → added capacity [万千瓦].")

    def to_app(self) -> Overrides:
        """The app-layer overrides (years as int, unset link fields left out)."""
        return Overrides(
            peak_growth={w: {int(y): g for y, g in v.items()} for w, v in self.peak_growth.items()},
            coefficients={
                t: {str(h): c for h, c in v.items()} for t, v in self.coefficients.items()
            },
            links={n: ch.model_dump(exclude_unset=True) for n, ch in self.links.items()},
            added_capacity={
                t: {int(y): a for y, a in v.items()} for t, v in self.added_capacity.items()
            },
        )


class BalanceRequest(Strict):
    """``POST /cases/{name}/balance``: the case with overrides."""

    overrides: OverridesIn = Field(default_factory=OverridesIn)
    scenario: Annotated[list[Name], Field(max_length=20)] | None = None
    unit: Unit = "万千瓦"
    lang: Lang = "zh"


class SimulateRequest(Strict):
    """``POST /cases/{name}/simulate``: Monte Carlo of the reserve margin."""

    weather: Name = "neutral"
    draws: Annotated[int, Field(ge=1, le=200_000)] = 20_000
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 20241
    overrides: OverridesIn = Field(default_factory=OverridesIn)


class MicrogridRequest(Strict):
    """``POST /microgrid/evaluate``: screen a bundled example site as a job."""

    site: Name
    optimize: bool = False
    sensitivity: bool = True


class AdequacyRequest(Strict):
    """``POST /adequacy``: LOLE/EUE of a bundled system by sequential Monte Carlo, as a job."""

    system: Name
    samples: Annotated[int, Field(ge=1, le=100_000)] = 2000
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 1
    hydrology: Name | None = None


class ScenarioIn(Strict):
    """``POST /scenarios``: a named set of overrides on a listed case."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    case: Name
    overrides: OverridesIn = Field(default_factory=OverridesIn)
    note: Annotated[str, StringConstraints(max_length=2000)] = ""


Cell = str | float | int | None


class TableIn(Strict):
    """``POST /export/xlsx``: the table the page shows, written as a workbook."""

    title: Annotated[str, StringConstraints(max_length=200)] = ""
    columns: Annotated[
        list[Annotated[str, StringConstraints(max_length=200)]], Field(max_length=100)
    ]
    rows: Annotated[list[Annotated[list[Cell], Field(max_length=100)]], Field(max_length=2000)]


class TermOut(BaseModel):
    """One glossary name's labels and unit."""

    zh: str
    en: str
    unit: str = Field(description="Unit; ``-`` for a caption or category, ``p.u.`` for a ratio.")


class GlossaryOut(BaseModel):
    """``GET /glossary``: every glossary name, and its label in the requested language."""

    lang: Lang
    terms: dict[str, TermOut] = Field(description="name → zh, en, unit (every glossary name).")
    labels: dict[str, str] = Field(
        description=(
            "name → label in ``lang`` (every glossary name). The atlas page's own UI strings "
            "are the ``web.*`` names; phrases may hold ``{field}`` placeholders."
        )
    )
