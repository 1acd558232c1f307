"""The atlas page's words come from the glossary: no string table in the JavaScript.

atlas.js looks its UI strings up with ``t("name")`` and index.html names them in
``data-i18n`` attributes; every such name must be a glossary row with both a zh and
an en label, and every ``web.*`` row of labels.csv must be used by the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gridatlas.core.glossary import LANGS, terms
from gridatlas.web.app import create_app

STATIC = Path(__file__).resolve().parents[1] / "src" / "gridatlas" / "web" / "static"
JS = (STATIC / "atlas.js").read_text("utf-8")
HTML = (STATIC / "index.html").read_text("utf-8")

# t("name") not preceded by a word character or a dot (so q.get("x") / set("x") do not count)
_T_CALL = re.compile(r"""(?<![\w.])t\(\s*"([^"]+)"\s*[,)]""")
_I18N = re.compile(r"""data-i18n(?:-placeholder)?="([^"]+)\"""")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: CJK allowed in atlas.js: the capacity unit sent to the API and a font-loading probe text.
_CJK_ALLOWED = ("万千瓦", '"中文"')


def used_keys() -> set[str]:
    return set(_T_CALL.findall(JS)) | set(_I18N.findall(HTML))


def test_the_scan_finds_the_lookups() -> None:
    keys = used_keys()
    assert len(keys) > 40
    assert {"web.title", "web.nodata", "scenario_pair"} <= keys
    # the scan must not pick up URL query parameters such as q.get("scenario")
    assert "scenario" not in keys and "lang" not in keys


def test_every_key_the_page_uses_is_in_labels_csv_in_both_languages() -> None:
    table = terms()
    missing = sorted(k for k in used_keys() if k not in table)
    assert missing == []
    not_labels = sorted(k for k in used_keys() if table[k].subject != "labels")
    assert not_labels == []
    empty = sorted(k for k in used_keys() for lg in LANGS if not table[k].text(lg).strip())
    assert empty == []


def test_every_web_row_is_used_by_the_page() -> None:
    rows = {k for k in terms() if k.startswith("web.")}
    assert sorted(rows - used_keys()) == []


def test_no_string_table_in_the_javascript() -> None:
    text = JS
    for allowed in _CJK_ALLOWED:
        text = text.replace(allowed, "")
    assert _CJK.findall(text) == []
    assert "const UI" not in JS
    # the HTML carries no fallback text either: every labelled element is filled from the API
    assert re.findall(r'data-i18n="[^"]+"[^>]*>[^<\s]', HTML) == []


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path_factory.mktemp("lab") / "s.sqlite")) as c:
        yield c


def test_glossary_endpoint_serves_labels_in_the_requested_language(client: TestClient) -> None:
    zh = client.get("/api/v1/glossary").json()
    en = client.get("/api/v1/glossary", params={"lang": "en"}).json()
    table = terms()
    assert (zh["lang"], en["lang"]) == ("zh", "en")
    assert zh["labels"] == {k: t.zh for k, t in table.items()}
    assert en["labels"] == {k: t.en for k, t in table.items()}
    assert zh["terms"] == en["terms"]
    assert zh["terms"]["lole"] == {"zh": table["lole"].zh, "en": table["lole"].en, "unit": "h/yr"}
    assert en["labels"]["web.title"] == "Power balance and microgrid opportunity atlas"
    assert client.get("/api/v1/glossary", params={"lang": "fr"}).status_code == 422
    schema = client.get("/openapi.json").json()
    op = schema["paths"]["/api/v1/glossary"]["get"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    out = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(out["properties"]) == {"lang", "terms", "labels"}
    assert "web." in out["properties"]["labels"]["description"]
