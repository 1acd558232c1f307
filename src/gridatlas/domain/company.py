"""Companies, their owner-name aliases, and user ownership overrides (checked objects).

:func:`companies_from_dict` validates a company list (``data/companies/companies.yaml``
layout); :func:`ownership_from_rows` validates the rows of a user ownership CSV
(``company, province, technology, mw``). Every problem is one
:class:`~gridatlas.core.errors.InputError` naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field, ValidationError

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.core.validation import input_error
from gridatlas.domain.case_spec import TECHNOLOGIES
from gridatlas.domain.spec_types import Fraction, NonNeg, Spec
from gridatlas.model.ownership import normalise_name


class AliasSpec(Spec):
    """An owner name with the listed company's equity share in it."""

    name: str = Field(min_length=1)
    share: Fraction = 1.0
    source: str | None = None


class CompanySpec(Spec):
    """One company of the list file."""

    name: str = Field(min_length=1)
    code: str = Field(min_length=1)
    source: str = Field(min_length=1)
    aliases: list[str | AliasSpec] = Field(min_length=1)
    full_name: str | None = None
    keywords: list[str] = Field(default_factory=list)
    note: str | None = None


class CompanyListSpec(Spec):
    """The company list file."""

    format: str | None = None
    as_of: str | None = None
    companies: list[CompanySpec] = Field(min_length=1)


@dataclass(frozen=True)
class Company:
    """A checked company: aliases normalised to ``{name: equity share}``."""

    name: str
    code: str
    source: str
    aliases: Mapping[str, float]
    keywords: tuple[str, ...]
    full_name: str | None = None


def companies_from_dict(raw: Any, origin: str) -> tuple[Company, ...]:
    """Check a company list mapping; aliases may not repeat across companies."""
    try:
        spec = CompanyListSpec.model_validate(raw)
    except ValidationError as exc:
        raise input_error(exc, raw, origin) from None
    out: list[Company] = []
    owner_of: dict[str, str] = {}
    names: set[str] = set()
    for i, c in enumerate(spec.companies):
        if c.name in names:
            raise InputError(origin, f"companies[{i}].name", "a company name used once", c.name)
        where = f"companies[{c.name}]"
        names.add(c.name)
        aliases: dict[str, float] = {}
        for j, a in enumerate(c.aliases):
            alias = a if isinstance(a, AliasSpec) else AliasSpec(name=a)
            key = normalise_name(alias.name)
            if key in owner_of:
                raise InputError(
                    origin,
                    f"{where}.aliases[{j}]",
                    f"an owner name not already an alias of {owner_of[key]}",
                    alias.name,
                )
            owner_of[key] = c.name
            aliases[key] = alias.share
        keywords = tuple(normalise_name(k) for k in c.keywords)
        out.append(Company(c.name, c.code, c.source, aliases, keywords, c.full_name))
    return tuple(out)


def merge_companies(base: Sequence[Company], extra: Sequence[Company]) -> tuple[Company, ...]:
    """``base`` with ``extra`` added; an extra company of the same name replaces its namesake."""
    replaced = {c.name for c in extra}
    return tuple(c for c in base if c.name not in replaced) + tuple(extra)


@dataclass(frozen=True)
class OwnershipRow:
    """A user's capacity figure: replaces the trackers' for this company, province, technology."""

    company: str
    province: str
    technology: str
    mw: float


class _OwnershipSpec(Spec):
    company: str = Field(min_length=1)
    province: str = Field(min_length=1)
    technology: str = Field(min_length=1)
    mw: NonNeg


def ownership_from_rows(
    rows: Iterable[Mapping[str, Any]], origin: str, companies: Sequence[Company]
) -> tuple[OwnershipRow, ...]:
    """Check ownership rows (row numbers in errors count the header as row 1)."""
    known = {c.name for c in companies}
    out: list[OwnershipRow] = []
    seen: set[tuple[str, str, str]] = set()
    for n, raw in enumerate(rows, start=2):
        try:
            spec = _OwnershipSpec.model_validate(dict(raw))
        except ValidationError as exc:
            err = input_error(exc, raw, origin)
            raise InputError(origin, f"row {n}.{err.field}", err.expected, err.got) from None
        if spec.company not in known:
            raise InputError(
                origin, f"row {n}.company", "a company in the company list", spec.company
            )
        prov = find_province(spec.province)
        if prov is None:
            raise InputError(origin, f"row {n}.province", "a province name or code", spec.province)
        if spec.technology not in TECHNOLOGIES:
            raise InputError(
                origin, f"row {n}.technology", "one of " + ", ".join(TECHNOLOGIES), spec.technology
            )
        key = (spec.company, prov.code, spec.technology)
        if key in seen:
            raise InputError(origin, f"row {n}", "one row per company, province and technology")
        seen.add(key)
        out.append(OwnershipRow(spec.company, prov.code, spec.technology, spec.mw))
    return tuple(out)
