"""One label catalogue: every zh/en text comes from the glossary through one lookup.

The glossary tables (``data/glossary/*.csv``) hold every quantity name and
every caption, title and phrase the outputs show; :func:`gridatlas.core.glossary.label`
looks them up and :func:`gridatlas.core.glossary.localized` picks between a
thing's own two spellings. These tests keep it that way.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from gridatlas.core.glossary import label, localized, terms

SRC = Path(__file__).resolve().parents[1] / "src" / "gridatlas"

# the two functions allowed to choose a language
_ALLOWED = {SRC / "core" / "glossary.py"}

_SWITCHES = re.compile(
    r"""if\s+zh\b|\bzh\s+else\b|\bzh\s*=\s*lang|\blg\s*=\s*["']zh|"""
    r"""[=!]=\s*["'](?:zh|en)["']|["'](?:zh|en)["']\s*[=!]=|[=!]=\s*Language\.(?:zh|en)\b|"""
    r"""\{\s*["']zh["']\s*:|\[0 if lang|\[1 if lang"""
)


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p not in _ALLOWED)


def test_no_inline_language_switches():
    found = [
        f"{p.relative_to(SRC)}:{i}: {line.strip()}"
        for p in _sources()
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if _SWITCHES.search(line)
    ]
    assert found == [], "use core.glossary.label/localized:\n" + "\n".join(found)


def test_the_switch_pattern_catches_the_usual_spellings():
    # the guard above is only as good as its pattern
    for line in (
        'x = "省份" if zh else "province"',
        'name = r.name if lang == "zh" else r.name_en',
        "t = f'{a}' if lg == 'zh' else b",
        "zh = lang == Language.zh",
        'labels = {"zh": {"coal": "煤电"}}',
        "label = FLAGS[flag][0 if lang == 'zh' else 1]",
    ):
        assert _SWITCHES.search(line), line
    for line in ('lang: Lang = "zh"', "lang: LangOpt = Language.zh", 'label("x", lang)'):
        assert not _SWITCHES.search(line), line


_KEY_CALL = re.compile(r"""(?<![.\w])(?:label|VocabTerm)\(\s*(f?)(["'])([^"']+)\2""")


def _used_keys() -> tuple[set[str], set[str]]:
    literal: set[str] = set()
    prefixes: set[str] = set()
    for p in sorted(SRC.rglob("*.py")):
        for fstr, _, key in _KEY_CALL.findall(p.read_text(encoding="utf-8")):
            if fstr:
                prefixes.add(key.split("{", 1)[0])
            else:
                literal.add(key)
    return literal, prefixes


def test_every_label_key_used_exists_in_both_languages():
    literal, prefixes = _used_keys()
    assert len(literal) > 50  # the scan found the calls
    table = terms()
    missing = sorted(k for k in literal if k not in table)
    assert missing == []
    for key in literal:
        assert table[key].zh.strip() and table[key].en.strip(), key
    for prefix in prefixes:
        assert prefix and any(k.startswith(prefix) for k in table), prefix


def test_phrases_take_the_same_fields_in_both_languages():
    fmt = string.Formatter()
    for t in terms().values():
        zh = {f for _, f, _, _ in fmt.parse(t.zh) if f}
        en = {f for _, f, _, _ in fmt.parse(t.en) if f}
        if t.subject == "labels":
            # the Chinese phrase may use the Chinese title where English uses another name
            assert bool(zh) == bool(en), t.name
        else:
            assert zh == en == set(), t.name


def test_label_fills_fields_and_localized_picks():
    assert label("n_units", "zh", n=3) == "3 台机组"
    assert label("n_units", "en", n=3) == "3 units"
    assert localized("en", "安徽", "Anhui") == "Anhui"
    assert localized("zh", "安徽", "Anhui") == "安徽"
    with pytest.raises(KeyError):
        localized("fr", "安徽", "Anhui")


def test_one_spelling_for_dimensionless_units():
    # p.u. everywhere: docstring units, glossary units, docs
    other = re.compile(r"\[(?:0-1|-|fraction|pu)\]|\bpu \(0-1\)|\(fraction\)")
    root = SRC.parents[1]
    files = [*SRC.rglob("*.py"), *SRC.rglob("*.csv"), *(root / "docs").glob("*.md")]
    found = [
        f"{p.relative_to(root)}:{i}"
        for p in files
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if other.search(line)
    ]
    assert found == []
    assert {t.unit for t in terms().values()} & {"fraction", "pu", "0-1", "[0-1]"} == set()
