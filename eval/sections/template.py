"""The strict template of eval/RESULTS.md: every sentence of the report is a block of eval/results_template.md.

A block starts at a line `<!-- @name -->` (or `<!-- @name: a note for readers -->`) and runs to the next
marker, without its trailing blank lines; other one-line `<!-- ... -->` comments are notes, not text.
`fill(name, **values)` substitutes `$placeholders` (string.Template) and raises TemplateError when the block
is unknown, a placeholder has no value, a value has no placeholder, or a value is not text or a whole number:
the report can only say what the measured figures filled in.

Two rules follow markdown: a value on a table line (one starting with "|") is made safe for a cell, as
`fmt.cell` does; a line holding nothing but a `$..._rows` placeholder is left out when its value is empty
(a table with no rows ends at its header).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from string import Template

from eval.sections.fmt import cell

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "results_template.md"

_MARKER = re.compile(r"<!-- @([a-z][a-z0-9_.]*)(?::[^>]*)? -->")
_NOTE = re.compile(r"<!--(?! @).*-->")
_ROWS_LINE = re.compile(r"\$\{?(\w+_rows)\}?")


class TemplateError(ValueError):
    """The report and its template disagree: a block or placeholder is missing, or a value is unfilled."""


@functools.cache
def blocks(path: Path = TEMPLATE_PATH) -> dict[str, Template]:
    """Every block of the template file by name (read once per process)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if match := _MARKER.fullmatch(line):
            if match.group(1) in found:
                raise TemplateError(f"{path.name}:{number}: block {match.group(1)!r} is defined twice")
            current = found[match.group(1)] = []
        elif _NOTE.fullmatch(line):
            continue
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise TemplateError(f"{path.name}:{number}: text outside any block: {line[:60]!r}")
    result = {}
    for name, lines in found.items():
        while lines and not lines[-1]:
            lines.pop()
        template = Template("\n".join(lines))
        if not template.is_valid():
            raise TemplateError(f"{path.name}: block {name!r} has a malformed placeholder (write $$ for a dollar sign)")
        result[name] = template
    return result


def fill(name: str, **values: str | int) -> str:
    """The block `name` with every placeholder replaced by its value; raises TemplateError on any mismatch."""
    template = blocks().get(name)
    if template is None:
        raise TemplateError(f"no block {name!r} in {TEMPLATE_PATH.name}")
    wanted = set(template.get_identifiers())
    missing, unused = sorted(wanted - values.keys()), sorted(values.keys() - wanted)
    if missing or unused:
        raise TemplateError(f"block {name!r}: " + "; ".join(
            part for part in (missing and f"no value for {', '.join(missing)}", unused and f"no placeholder for {', '.join(unused)}")
            if part))
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TemplateError(f"block {name!r}: {key} is {value!r}, not text or a whole number (format the figure)")
    text = {key: str(value) for key, value in values.items()}
    in_cells = {key: cell(value) for key, value in text.items()}
    lines = []
    for line in template.template.split("\n"):
        if (rows := _ROWS_LINE.fullmatch(line)) and not text[rows.group(1)]:
            continue
        lines.append(Template(line).substitute(in_cells if line.startswith("|") else text))
    return "\n".join(lines)
