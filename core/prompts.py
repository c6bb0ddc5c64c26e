"""Prompt templates live in prompts/*.md; rendered with Jinja2, where a missing variable is an error."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,  # prompts are plain text; untrusted text is delimited, not HTML-escaped
    )


def template_names() -> list[str]:
    return sorted(path.stem for path in PROMPTS_DIR.glob("*.md"))


def variables_of(name: str) -> set[str]:
    """The variables a template uses (for the test that renders every template)."""
    from jinja2 import meta

    source = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    return meta.find_undeclared_variables(_environment().parse(source))


def render(name: str, **variables: Any) -> str:
    """Render prompts/<name>.md; raises jinja2.UndefinedError when a variable is missing."""
    return _environment().get_template(f"{name}.md").render(**variables).strip()
