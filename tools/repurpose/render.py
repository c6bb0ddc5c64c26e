"""The formats side by side with the original: markdown (for files and the web chat) and terminal columns."""

from __future__ import annotations

from tools.repurpose.models import (
    FORMAT_LABELS,
    AnyFormat,
    EmailTeaser,
    Piece,
    RepurposeSet,
    ScriptSource,
    Thread,
)


def _marks(piece: Piece, source: ScriptSource) -> str:
    numbers = [source.number_of(item) for item in piece.evidence]
    shown = [f"[{n}]" if n is not None else f"[{item}]" for n, item in zip(numbers, piece.evidence)]
    return "".join(shown)


def _cited(piece: Piece, source: ScriptSource, text: str | None = None) -> str:
    marks = _marks(piece, source)
    return f"{text if text is not None else piece.text} {marks}".rstrip()


def format_lines(fmt: AnyFormat, source: ScriptSource) -> list[str]:
    """The format's text with [n] citation marks, one entry a paragraph/post/line."""
    if isinstance(fmt, Thread):
        return [_cited(post, source, numbered) for post, numbered in zip(fmt.posts, fmt.numbered())]
    if isinstance(fmt, EmailTeaser):
        return [f"Subject: {_cited(fmt.subject, source)}", f"Preview: {_cited(fmt.preheader, source)}",
                " ".join(_cited(piece, source) for piece in fmt.body)]
    return [_cited(piece, source) for piece in fmt.pieces()]


def original_lines(source: ScriptSource) -> list[str]:
    return [f"{name.capitalize()}: {_cited(Piece(text=part.text, evidence=part.evidence), source)}"
            for name, part in source.draft.parts()]


def check_summary(fmt: AnyFormat) -> str:
    checks = fmt.checks
    if checks is None:
        return "not checked"
    limits = "; ".join(
        f"{c.limit.name}{' ' + c.where if c.where else ''} {c.value}/{c.limit.max_value} {'ok' if c.ok else 'OVER'}"
        for c in checks.limits if not c.where or not c.ok
    )
    kept = f"citations kept {checks.citations_kept:.0%}" + (f" (missing {', '.join(checks.missing_citations)})" if checks.missing_citations else "")
    brand = "" if checks.brand_score is None else f"; brand {checks.brand_score}/100 {'passed' if checks.brand_passed else 'FAILED'}"
    return f"{kept}; {limits}{brand}; {fmt.method}"


def _cell(lines: list[str]) -> str:
    return "<br><br>".join(line.replace("|", "\\|").replace("\n", "<br>") for line in lines)


def to_markdown(result: RepurposeSet) -> str:
    source = result.source
    columns = [("Original script", original_lines(source), "")]
    columns += [(FORMAT_LABELS[fmt.kind], format_lines(fmt, source), check_summary(fmt)) for fmt in result.formats]
    out = [f"# Repurposed: {source.draft.angle}", "",
           f"Platform: {source.platform.replace('_', ' ')} · language: {source.language}"
           + (f" · brand kit: {source.brand}" if source.brand else ""), ""]
    out.append("| " + " | ".join(title for title, _lines, _c in columns) + " |")
    out.append("|" + "---|" * len(columns))
    out.append("| " + " | ".join(_cell(lines) for _t, lines, _c in columns) + " |")
    out.append("| " + " | ".join(_cell([checks]) if checks else "" for _t, _l, checks in columns) + " |")
    notes = [(FORMAT_LABELS[fmt.kind], note) for fmt in result.formats for note in fmt.notes]
    if notes:
        out += ["", "**Notes**", *[f"- {label}: {note}" for label, note in notes]]
    if source.citations:
        out += ["", "**Sources**", *[f"[{c.number}] {c.kind} {c.source_id}: “{c.text}”".replace("  ", " ") for c in source.citations]]
    return "\n".join(out) + "\n"


def print_columns(result: RepurposeSet) -> None:
    """Terminal view: the original and each format in columns (rich wraps them to the window)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import (
        Text,  # plain Text: "[1]" would otherwise be read as rich markup
    )

    source = result.source
    table = Table(show_lines=True, expand=True)
    table.add_column("Original script")
    for fmt in result.formats:
        table.add_column(FORMAT_LABELS[fmt.kind])
    table.add_row(Text("\n\n".join(original_lines(source))), *[Text("\n\n".join(format_lines(fmt, source))) for fmt in result.formats])
    table.add_row(Text(""), *[Text(check_summary(fmt)) for fmt in result.formats])
    console = Console()
    console.print(table)
    for fmt in result.formats:
        for note in fmt.notes:
            console.print(f"{FORMAT_LABELS[fmt.kind]}: {note}", highlight=False, markup=False)
    for citation in source.citations:
        console.print(f"[{citation.number}] {citation.kind} {citation.source_id}: “{citation.text}”", highlight=False, markup=False)
