"""Attributing a unit's capacity to its holders (pure string and number rules).

Rules (docs/exposure.md):

* holder text is split on ``;``; a trailing ``[x%]`` is the holder's share;
* when *no* holder has a share, the capacity is split equally among them
  (a gridatlas assumption: GEM's wind tracker lists co-owners without shares);
* when some or all holders have shares, each gets its stated share and
  unnamed holders get nothing; what the shares leave (100 % − Σ shares, when
  positive) goes to :data:`REMAINDER`, so attributed capacity always adds up
  to the unit's capacity; shares that add up to more than 100 % are scaled
  down to 100 %;
* blank holder text goes to :data:`BLANK`.
"""

from __future__ import annotations

import re
from typing import Final

#: Pseudo-holder of the capacity that stated shares leave unassigned.
REMAINDER: Final[str] = "(unassigned share)"
#: Pseudo-holder of units whose holder field is blank.
BLANK: Final[str] = "(no owner given)"

_SHARE = re.compile(r"^(?P<name>.*?)\s*\[(?P<pct>[\d.]+)\s*%\]\s*$")
_SUFFIX = re.compile(
    r"\s+(province|city|municipality|(hui |uygur |uyghur |zhuang )?autonomous region)$"
)
#: Spellings in the trackers that are not province names, and what they mean.
PROVINCE_FIXES: Final[dict[str, str]] = {"fujiang": "Fujian"}


def split_holders(text: str) -> list[tuple[str, float]]:
    """Holders of one unit and their fractions [p.u.], adding up to 1.

    Examples
    --------
    >>> split_holders("A [50%]; B [25%]")
    [('A', 0.5), ('B', 0.25), ('(unassigned share)', 0.25)]
    >>> split_holders("A ; B")
    [('A', 0.5), ('B', 0.5)]
    """
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if not parts:
        return [(BLANK, 1.0)]
    named: list[tuple[str, float | None]] = []
    for part in parts:
        m = _SHARE.match(part)
        named.append((m["name"].strip(), float(m["pct"]) / 100.0) if m else (part, None))
    if all(s is None for _, s in named):
        return [(n, 1.0 / len(named)) for n, _ in named]
    stated = [(n, s) for n, s in named if s is not None]
    total = sum(s for _, s in stated)
    if total > 1.0:
        return [(n, s / total) for n, s in stated]
    out = list(stated)
    if total < 1.0:
        out.append((REMAINDER, 1.0 - total))
    return out


def province_parts(text: str) -> list[tuple[str, float]]:
    """Province names of a location text and the fraction of capacity each gets.

    ``"Sichuan - Yunnan border"`` → both provinces at one half each (a
    gridatlas assumption); suffixes such as ``Province`` or ``Autonomous
    Region`` are dropped; a blank text gives ``[("", 1.0)]``.
    """
    t = text.strip()
    if t.lower().endswith(" border") and " - " in t:
        names = [n.strip() for n in t[: -len(" border")].split(" - ")]
        return [(_clean(n), 1.0 / len(names)) for n in names]
    return [(_clean(t), 1.0)]


def _clean(name: str) -> str:
    low = _SUFFIX.sub("", name.strip().lower())
    return PROVINCE_FIXES.get(low, low)


def normalise_name(name: str) -> str:
    """Owner name for matching: lower case, single spaces, no trailing punctuation."""
    return " ".join(name.lower().replace(",", " ").replace(".", " ").split())
