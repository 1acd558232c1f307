"""Chart text in the chosen language (bad-input item 9).

With ``--lang en`` the reserve-margin chart showed a case's Chinese scenario
name as empty boxes. Every text on an English chart must now be free of CJK
characters, and the font list must still carry a CJK font as fallback so any
Chinese that does reach a chart is drawn, not boxed.
"""

from __future__ import annotations

import re

import pytest
from matplotlib.text import Text

from gridatlas.app.cases import bundled_case_names, load_case
from gridatlas.reports.charts import chart_style, cjk_font, font_family, margin_figure
from gridatlas.runners.balance import run_balance

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@pytest.fixture(scope="module")
def results():
    return [run_balance(load_case(n)) for n in bundled_case_names()]


def test_english_margin_chart_has_no_chinese_text(results):
    assert any(s.custom for r in results for s in r.scenarios)  # the case that showed boxes
    texts = _texts(margin_figure(results, "en"))
    assert any("normal × neutral" in t for t in texts)
    assert [t for t in texts if _CJK.search(t)] == []


def test_chinese_margin_chart_keeps_the_case_names(results):
    texts = _texts(margin_figure(results, "zh"))
    assert any("陕北-安徽推迟" in t for t in texts)


def test_fonts_fall_back_to_cjk_in_both_languages():
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed")
    assert font_family("zh")[0] == font
    assert font_family("en") == ["DejaVu Sans", font]
    assert chart_style("en")["font.family"] == ["DejaVu Sans", font]
