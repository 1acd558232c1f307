"""Province registry: one code per region, resolved from any common spelling.

Codes are the letter part of ISO 3166-2:CN (e.g. ``AH`` for 安徽). ``grid_region``
is the regional grid (华北/华东/…) used to group provinces; Hong Kong, Macau and
Taiwan have none. The table lives in ``data/provinces.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from gridatlas.core.glossary import localized


@dataclass(frozen=True)
class Province:
    """One region of the registry."""

    code: str
    name_zh: str
    short_zh: str
    name_en: str
    pinyin: str
    grid_region: str
    kind: str

    def display(self, lang: str = "zh") -> str:
        """The short Chinese name (``安徽``) or the English name (``Anhui``)."""
        return localized(lang, self.short_zh, self.name_en)

    @property
    def mainland(self) -> bool:
        """True for the 31 mainland provinces, municipalities and autonomous regions."""
        return self.code not in {"HK", "MO", "TW"}


@cache
def all_provinces() -> tuple[Province, ...]:
    """All 34 regions in the registry's order (31 mainland, then HK, MO, TW)."""
    text = resources.files("gridatlas.data").joinpath("provinces.csv").read_text("utf-8")
    return tuple(Province(**row) for row in csv.DictReader(text.splitlines()))


@cache
def _index() -> dict[str, Province]:
    idx: dict[str, Province] = {}
    for p in all_provinces():
        for key in (p.code, p.name_zh, p.short_zh, p.name_en, p.pinyin):
            idx[_norm(key)] = p
    # spellings seen in third-party data
    extra = {"nei mongol": "NM", "xizang": "XZ", "macao": "MO", "shensi": "SN"}
    for key, code in extra.items():
        idx[_norm(key)] = idx[_norm(code)]
    # long official English forms ("Guangxi Zhuang Autonomous Region", "Hubei Province")
    for p in all_provinces():
        for suffix in _LONG_SUFFIXES.get(p.kind, ()):
            idx.setdefault(_norm(p.name_en + suffix), p)
    long_forms = {  # autonomous regions whose long name holds the people's name
        "guangxi zhuang autonomous region": "GX",
        "xinjiang uygur autonomous region": "XJ",
        "xinjiang uyghur autonomous region": "XJ",
        "ningxia hui autonomous region": "NX",
    }
    for key, code in long_forms.items():
        idx[_norm(key)] = idx[_norm(code)]
    return idx


_LONG_SUFFIXES: dict[str, tuple[str, ...]] = {
    "province": (" province",),
    "municipality": (" city", " municipality"),
    "autonomous_region": (" autonomous region",),
    "sar": (" special administrative region", " sar"),
}


def _norm(name: str) -> str:
    return "".join(name.split()).lower().replace("-", "")


def find_province(name: str) -> Province | None:
    """The province a name, code or pinyin refers to, or ``None``."""
    return _index().get(_norm(name))


def province(name: str) -> Province:
    """Like :func:`find_province`, but raises ``KeyError`` naming the input."""
    p = find_province(name)
    if p is None:
        raise KeyError(f"unknown province {name!r}")
    return p
