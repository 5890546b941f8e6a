"""The same notice in another form — GB18030, UTF-16, a web page, a Word file — gives the same
tasks and units as its UTF-8 text (and the same metadata where the form carries it)."""

from __future__ import annotations

import pytest
from conftest import CORPUS, DATA
from variants import as_docx, bare_page, district_page, fingerprint, govcn_page, metadata, write

from govkg import extract_file
from govkg.read.files import read_source

NOTICES = sorted(p.stem for p in CORPUS.glob("*.txt"))
# notices the extractor reads fully today (their scores are held at 1.0 in test_corpus_scores):
# their variants must also find tasks; the others are compared between formats only
SCORED = {"heping-2017-9", "sc-2019-guofa3-bonded-zones", "sc-2018-guobanfa129-consumption-poverty",
          "sc-2018-guofa39-employment", "sc-2018-guobanfa128-zero-waste-cities"}
RAW_HTML = sorted(p.stem for p in (DATA / "raw_html").glob("*.html"))


def _text(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference():
    """Each sample notice extracted from its UTF-8 text."""
    return {name: extract_file(CORPUS / f"{name}.txt") for name in NOTICES}


def _same(reference, name: str, variant, *, meta: bool = True) -> None:
    want = reference[name]
    got = extract_file(variant)
    assert fingerprint(got) == fingerprint(want)
    if name in SCORED:
        assert len(got.tasks) == len(want.tasks) > 0
    if meta:
        assert metadata(got) == metadata(want)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", NOTICES)
def test_other_encodings_give_the_same_notice(reference, tmp_path, name, encoding):
    f = write(tmp_path / f"{name}.txt", _text(name).encode(encoding))
    _same(reference, name, f)
    assert extract_file(f).source.encoding.replace("-sig", "").startswith(encoding.replace("-sig", "")[:6])


@pytest.mark.parametrize("name", NOTICES)
def test_gb18030_detection_is_reported(tmp_path, name):
    f = write(tmp_path / f"{name}.txt", _text(name).encode("gb18030"))
    text, source = read_source(f)
    assert source.encoding == "gb18030" and source.format == "text"
    assert source.notes == ["read as gb18030 (detected; give --encoding to override)"]
    assert text == _text(name)


@pytest.mark.parametrize("name", RAW_HTML)
def test_raw_gov_cn_page_gives_the_same_tasks(reference, name):
    n = extract_file(DATA / "raw_html" / f"{name}.html")
    assert n.source.format == "html"
    # the pages hold the notice from its title on (the Shanghai page lacks the title line)
    _same(reference, name, DATA / "raw_html" / f"{name}.html", meta=not name.startswith("sh-"))


@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
@pytest.mark.parametrize("name", RAW_HTML)
def test_full_gov_cn_page_gives_the_same_tasks(reference, tmp_path, name, charset):
    fragment = (DATA / "raw_html" / f"{name}.html").read_text(encoding="utf-8")
    page = govcn_page(fragment, charset)
    f = write(tmp_path / f"{name}.html", page.encode("gb18030" if charset == "gb2312" else charset))
    _same(reference, name, f, meta=not name.startswith("sh-"))
    n = extract_file(f)
    assert n.source.encoding == ("gb18030" if charset == "gb2312" else "utf-8")
    assert _chrome(n.text, _text(name)) == []


@pytest.mark.parametrize("name", NOTICES)
def test_district_portal_page_gives_the_same_notice(reference, tmp_path, name):
    f = write(tmp_path / f"{name}.htm", district_page(_text(name)))
    _same(reference, name, f)
    assert _chrome(extract_file(f).text, _text(name)) == []


@pytest.mark.parametrize("name", NOTICES)
def test_page_without_known_layout_gives_the_same_notice(reference, tmp_path, name):
    f = write(tmp_path / f"{name}.html", bare_page(_text(name)))
    _same(reference, name, f)
    assert _chrome(extract_file(f).text, _text(name)) == []


@pytest.mark.parametrize("name", NOTICES)
def test_page_saved_as_txt_is_still_read_as_a_page(reference, tmp_path, name):
    f = write(tmp_path / f"{name}.txt", district_page(_text(name), "gbk").encode("gb18030"))
    assert extract_file(f).source.format == "html"
    _same(reference, name, f)


@pytest.mark.parametrize("name", NOTICES)
def test_word_file_gives_the_same_notice(reference, tmp_path, name):
    f = write(tmp_path / f"{name}.docx", as_docx(_text(name)))
    n = extract_file(f)
    assert n.source.format == "docx" and n.source.encoding is None
    _same(reference, name, f)


def test_word_file_with_another_suffix_is_still_read_as_word(reference, tmp_path):
    f = write(tmp_path / "heping.txt", as_docx(_text("heping-2017-9")))
    assert extract_file(f).source.format == "docx"
    _same(reference, "heping-2017-9", f)


def test_page_text_is_the_same_every_time(tmp_path):
    page = district_page(_text("heping-2017-9"))
    a = write(tmp_path / "a.html", page)
    b = write(tmp_path / "b" / "a.html", page)
    assert read_source(a)[0] == read_source(b)[0]


def _chrome(got: str, source: str) -> list[str]:
    """Words of the page's chrome (script, title, navigation, footer) found in the text taken
    from the page more often than in the notice itself."""
    words = ("假的", "页面统计脚本", "当前位置", "无障碍", "版权所有", "分享到", "打印本页", "政府门户网站", "政务服务")
    return [w for w in words if got.count(w) > source.count(w)]
