"""Loaders and cleaning: every supported format yields titled sections; bad input is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag_qa.core.documents import (
    DocumentError,
    EmptyDocumentError,
    clean_text,
    parse_document,
    safe_source_name,
)

DOCS = Path(__file__).parents[1] / "data" / "docs"


def test_markdown_sections_keep_headings() -> None:
    doc = parse_document("python_scoping.md", (DOCS / "python_scoping.md").read_bytes())
    assert doc.title == "Python scoping"
    headings = [s.heading for s in doc.sections]
    assert headings == ["Python scoping", "The global statement", "The nonlocal statement"]
    assert "module-level" in doc.sections[1].text
    assert doc.media_type == "text/markdown"


def test_markdown_code_fence_is_not_a_heading() -> None:
    text = b"# Title\n\nintro\n\n```bash\n# not a heading\nmake run\n```\n\nafter\n"
    doc = parse_document("a.md", text)
    assert [s.heading for s in doc.sections] == ["Title"]
    assert "# not a heading" in doc.sections[0].text


def test_rst_underlined_headings() -> None:
    doc = parse_document("orbital_mechanics.rst", (DOCS / "orbital_mechanics.rst").read_bytes())
    assert doc.title == "Orbital mechanics"
    assert [s.heading for s in doc.sections][1:] == ["Escape velocity", "Geostationary orbit"]


def test_html_drops_scripts_navigation_and_styles() -> None:
    doc = parse_document("kitchen.html", (DOCS / "kitchen.html").read_bytes())
    assert doc.title == "Sourdough baking"
    text = " ".join(s.text for s in doc.sections)
    assert "alert" not in text
    assert "Recipes" not in text
    assert "color:red" not in text
    assert "copyright" not in text
    assert any(s.heading == "Proofing" and "four to six hours" in s.text for s in doc.sections)


def test_pdf_pages_become_sections(make_pdf) -> None:  # type: ignore[no-untyped-def]
    data = make_pdf(
        [["Escape velocity is about 11.2 km/s."], ["Page two talks about orbits."]],
        title="Orbits",
    )
    doc = parse_document("orbits.pdf", data)
    assert doc.title == "Orbits"
    assert [s.heading for s in doc.sections] == ["page 1", "page 2"]
    assert "11.2" in doc.sections[0].text


def test_pdf_without_header_is_refused() -> None:
    with pytest.raises(DocumentError, match="not a PDF"):
        parse_document("fake.pdf", b"hello")


def test_corrupt_pdf_is_refused() -> None:
    with pytest.raises(DocumentError):
        parse_document("broken.pdf", b"%PDF-1.4\n garbage without objects")


@pytest.mark.parametrize("name", ["notes.docx", "archive.zip", "script.py", "noext"])
def test_unsupported_types_are_refused(name: str) -> None:
    with pytest.raises(DocumentError, match="unsupported file type"):
        parse_document(name, b"text")


@pytest.mark.parametrize(
    "name",
    [
        "../secret.md",
        "/etc/passwd.txt",
        "a/../../b.md",
        "..\\win.md",
        "~/.ssh/id.md",
        "",
        "./../x.md",
    ],
)
def test_path_traversal_is_refused(name: str) -> None:
    with pytest.raises(DocumentError):
        safe_source_name(name)


def test_nested_relative_names_are_fine() -> None:
    assert safe_source_name("guides/setup.md") == "guides/setup.md"


def test_binary_content_is_refused() -> None:
    with pytest.raises(DocumentError, match="binary"):
        parse_document("data.txt", b"\x00\x01\x02" * 10)


def test_empty_document_is_refused() -> None:
    with pytest.raises(EmptyDocumentError):
        parse_document("empty.md", b"# Only a title\n")


def test_clean_text_normalises() -> None:
    assert clean_text("a\u00a0 b\u200b\r\n\n\n\nc\x07") == "a b\n\nc"
    assert clean_text("ﬁle") == "file"  # NFKC ligature


def test_content_hash_and_id_are_stable() -> None:
    one = parse_document("x.md", b"# T\n\nbody")
    two = parse_document("x.md", b"# T\n\nbody")
    other = parse_document("y.md", b"# T\n\nbody")
    assert one.content_sha256 == two.content_sha256
    assert one.doc_id == two.doc_id
    assert other.doc_id != one.doc_id
    assert len(one.doc_id) == 16
