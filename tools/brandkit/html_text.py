"""HTML style guides as Markdown: headings, paragraphs, list items and table cells kept as blocks, scripts,
styles and other page furniture dropped (tools/brandkit/sources.py reads the result like a .md guide)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _HtmlToMarkdown(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BREAK = {"p", "div", "br", "tr", "td", "th", "section", "article", "header", "footer", "table", "ul", "ol", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "blockquote":
            self.parts.append("\n\n> ")
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("_")
        elif tag in self._BREAK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BREAK or tag == "blockquote":
            self.parts.append("\n\n")
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("_")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_markdown(source: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(source)
    parser.close()
    text = "".join(parser.parts)
    return "\n".join(line.strip() for line in text.split("\n"))
