"""Template source rules that Django does not enforce itself."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parent.parent / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_no_multi_line_short_comment(path):
    """`{# … #}` is a one-line comment: over several lines Django prints it on the page. Use {% comment %}."""
    source = path.read_text(encoding="utf-8")
    offenders = [source[:m.start()].count("\n") + 1 for m in re.finditer(r"\{#(.*?)#\}", source, re.S) if "\n" in m.group(1)]
    offenders += [n for n, line in enumerate(source.splitlines(), 1) if "{#" in line and "#}" not in line]
    assert not offenders, f"{path.name}: a {{# … #}} comment spans lines at line(s) {sorted(set(offenders))}"
