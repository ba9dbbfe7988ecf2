"""Document loading and cleaning: Markdown, plain text, reStructuredText, HTML and PDF.

Every loader returns a `ParsedDocument`: a title and a list of sections (heading + clean text), so
chunks downstream can carry "document > section" with them.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePosixPath

SUPPORTED_SUFFIXES = frozenset(
    {".md", ".markdown", ".txt", ".text", ".rst", ".html", ".htm", ".pdf"}
)


class DocumentError(ValueError):
    """A document that cannot be ingested (unsupported, undecodable, empty, unsafe name)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


class EmptyDocumentError(DocumentError):
    """A readable document with no text to index."""


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str


@dataclass(slots=True)
class ParsedDocument:
    source: str  # a relative POSIX path or an upload name: the document's identity
    title: str
    sections: list[Section]
    content_sha256: str
    media_type: str
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        return document_id(self.source)

    @property
    def chars(self) -> int:
        return sum(len(s.text) for s in self.sections)


def document_id(source: str) -> str:
    """A stable, URL-safe id from the document's source name."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def safe_source_name(name: str) -> str:
    """Validate an upload or relative file name: no absolute paths, no `..`, no hidden tricks.

    Returns the normalised POSIX form; raises `DocumentError` for anything that could escape the
    corpus folder.
    """
    if not name or len(name) > 255 or any(ord(c) < 32 for c in name):
        raise DocumentError(name[:80] or "<empty>", "invalid file name")
    if "\\" in name:
        raise DocumentError(name, "backslashes are not allowed in file names")
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in {"..", ""} for part in path.parts) or name.startswith("~"):
        raise DocumentError(name, "path traversal is not allowed (use a plain relative name)")
    return str(path)


# ---------------------------------------------------------------------------- cleaning
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")


def clean_text(text: str) -> str:
    """Unicode NFKC, no control or zero-width characters, single spaces, at most one blank line."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def decode(name: str, data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Latin-1; NUL bytes without
    a UTF-16 BOM mean a binary file."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(name, "invalid UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise DocumentError(name, "binary content; expected text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------------------- parsers
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:._])\1{2,}\s*$")


def _sections_from_lines(
    lines: list[str], default_heading: str, heading_at: HeadingFn
) -> list[Section]:
    sections: list[Section] = []
    heading, buf = default_heading, list[str]()
    i = 0
    while i < len(lines):
        found = heading_at(lines, i)
        if found is not None:
            text, consumed = found
            if "\n".join(buf).strip():
                sections.append(Section(heading, clean_text("\n".join(buf))))
            heading, buf = text, []
            i += consumed
            continue
        buf.append(lines[i])
        i += 1
    if "\n".join(buf).strip():
        sections.append(Section(heading, clean_text("\n".join(buf))))
    return sections


class HeadingFn:
    """Callable protocol: `(lines, i) -> (heading, lines consumed) | None`."""

    def __call__(self, lines: list[str], i: int) -> tuple[str, int] | None:  # pragma: no cover
        raise NotImplementedError


class _Markdown(HeadingFn):
    def __init__(self) -> None:
        self.in_fence = False

    def __call__(self, lines: list[str], i: int) -> tuple[str, int] | None:
        line = lines[i]
        if line.lstrip().startswith(("```", "~~~")):
            self.in_fence = not self.in_fence
            return None
        if self.in_fence:
            return None
        match = _MD_HEADING.match(line)
        if match:
            return _MD_LINK.sub(r"\1", match.group(2)).strip("*_ `"), 1
        return _underlined(lines, i)


class _Underlined(HeadingFn):
    def __call__(self, lines: list[str], i: int) -> tuple[str, int] | None:
        return _underlined(lines, i)


def _underlined(lines: list[str], i: int) -> tuple[str, int] | None:
    """Setext / reST headings: a short text line with a punctuation underline (and overline)."""
    line = lines[i].strip()
    if i + 2 < len(lines) and _UNDERLINE.match(line) and _UNDERLINE.match(lines[i + 2].strip()):
        title = lines[i + 1].strip()
        if title and len(title) <= 120:
            return title, 3
    if not line or len(line) > 120 or _UNDERLINE.match(line) or i + 1 >= len(lines):
        return None
    under = lines[i + 1].strip()
    if _UNDERLINE.match(under) and len(under) >= max(3, int(len(line) * 0.7)):
        return line.strip("*_ `"), 2
    return None


def parse_markdown(name: str, text: str) -> tuple[str, list[Section]]:
    text = _HTML_COMMENT.sub("", text)
    sections = _sections_from_lines(text.split("\n"), "", _Markdown())
    sections = [Section(s.heading, _MD_LINK.sub(r"\1", s.text)) for s in sections]
    return _title(name, sections), sections


def parse_plain(name: str, text: str) -> tuple[str, list[Section]]:
    """Plain text and reStructuredText: underlined headings start sections."""
    sections = _sections_from_lines(text.split("\n"), "", _Underlined())
    return _title(name, sections), sections


def _title(name: str, sections: list[Section]) -> str:
    for section in sections:
        if section.heading:
            return section.heading
    return PurePosixPath(name).stem.replace("_", " ").replace("-", " ")


class _HTMLText(HTMLParser):
    SKIP = frozenset({"script", "style", "nav", "header", "footer", "noscript", "svg", "template"})
    BLOCK = frozenset(
        {"p", "div", "li", "tr", "br", "pre", "table", "ul", "ol", "section", "article", "dd", "dt"}
    )
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[Section] = []
        self._heading = ""
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_heading = False
        self._heading_buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.HEADINGS:
            self._flush()
            self._in_heading, self._heading_buf = True, []
        elif tag in self.BLOCK:
            self._buf.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.HEADINGS and self._in_heading:
            self._in_heading = False
            self._heading = clean_text(" ".join(self._heading_buf))
        elif tag in self.BLOCK:
            self._buf.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        elif self._in_heading:
            self._heading_buf.append(data)
        else:
            self._buf.append(data)

    def _flush(self) -> None:
        text = clean_text("".join(self._buf))
        if text:
            self.sections.append(Section(self._heading, text))
        self._buf = []

    def close(self) -> None:
        super().close()
        self._flush()


def parse_html(name: str, text: str) -> tuple[str, list[Section]]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    title = clean_text(parser.title) or _title(name, parser.sections)
    return title, parser.sections


def parse_pdf(name: str, data: bytes) -> tuple[str, list[Section]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(name, f"unreadable PDF ({exc})") from None
    sections = [
        Section(f"page {n}", clean_text(_HYPHEN_BREAK.sub(r"\1\2", text)))
        for n, text in enumerate(pages, start=1)
        if text.strip()
    ]
    return clean_text(str(meta_title)) or PurePosixPath(name).stem, sections


def parse_document(name: str, data: bytes) -> ParsedDocument:
    """Parse raw bytes by file suffix; raises `DocumentError` for what cannot be indexed."""
    source = safe_source_name(name)
    suffix = PurePosixPath(source).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(name, f"unsupported file type {suffix or '(none)'!r}; use {allowed}")
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise DocumentError(name, "not a PDF file (missing %PDF header)")
        title, sections = parse_pdf(source, data)
        media = "application/pdf"
    else:
        text = decode(source, data)
        if suffix in {".md", ".markdown"}:
            title, sections, media = *parse_markdown(source, text), "text/markdown"
        elif suffix in {".html", ".htm"}:
            title, sections, media = *parse_html(source, text), "text/html"
        elif suffix == ".rst":
            title, sections, media = *parse_plain(source, text), "text/x-rst"
        else:
            title, sections, media = *parse_plain(source, text), "text/plain"
    if not any(s.text for s in sections):
        raise EmptyDocumentError(name, "no extractable text")
    return ParsedDocument(
        source=source,
        title=title.strip() or PurePosixPath(source).stem,
        sections=sections,
        content_sha256=hashlib.sha256(data).hexdigest(),
        media_type=media,
    )
