"""Small lxml helpers shared by the HTML page parsers: decoding, whitespace, labelled values."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import html as lxml_html

from standards_lib.errors import LayoutError, SourceError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def decode_page(content: bytes, location: str) -> str:
    """The text of a page: its declared charset (gb2312/gbk read as gb18030), else UTF-8, else GB18030."""
    if not content.strip():
        raise SourceError(location, "empty page")
    m = _META_CHARSET.search(content[:4096])
    candidates = []
    if m:
        declared = m.group(1).decode("ascii").lower()
        candidates.append("gb18030" if declared in ("gb2312", "gbk", "gb18030") else declared)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise SourceError(location, f"cannot decode the page (tried {', '.join(candidates)})")


def parse_page(content: bytes, location: str) -> lxml_html.HtmlElement:
    """An lxml tree of the page; a page that is not HTML raises SourceError naming it."""
    text = decode_page(content, location)
    try:
        return lxml_html.fromstring(text)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise SourceError(location, f"not an HTML page: {exc}") from exc


def clean(text: str | None) -> str:
    """Whitespace (including &nbsp; and full-width spaces) collapsed to single spaces."""
    return " ".join((text or "").replace("\xa0", " ").split())


def text_of(element: lxml_html.HtmlElement | None) -> str:
    return clean(element.text_content()) if element is not None else ""


def require(found: Mapping[str, object], location: str, names: list[str]) -> None:
    """LayoutError naming the expected elements that are missing (empty) on a page."""
    missing = [name for name in names if not found.get(name)]
    if missing:
        raise LayoutError(location, missing)
