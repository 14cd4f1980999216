"""Hostile values for the property tests (tests/security/test_properties*.py), and the checks every answer must pass.

`fill(html)` reads the page's main form as a browser would; `form_data(fields)` is a hypothesis strategy that keeps
each field's own value or replaces it with something hostile: text with control characters and unicode, script,
formulas, numbers in Albanian and English notation and in forms no spreadsheet should hold, dates real and not,
huge sizes. `answer_is_safe` is what any answer to such a request must satisfy.
"""

import re
from dataclasses import dataclass, field

import html5lib
from hypothesis import strategies as st

SCRIPT = '<script>alert("antitrafik")</script>'
PAYLOADS = [
    SCRIPT, f'"><{SCRIPT[1:]}', "<img src=x onerror=alert(1)>", "javascript:alert(1)", "[x](javascript:alert(1))",
    "=HYPERLINK(\"http://evil.example\")", "+cmd|' /C calc'!A0", "@SUM(1)", "' OR 1=1 --", "{{ 7|add:7 }}",
    "{% debug %}", r"$\frac{1}{2$", "$x$", "\u202eevil", "ë ç Ë Ç – “”", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂", "\x00", "a\x00b",
    "\x1b[31m", "\r\n\t", "\ufeff", "\u200b", " ", "", "x" * 300, "9" * 40,
]
NUMBERS = [
    "0", "15", "1.500", "1,500", "1.500,5", "1,500.5", "1 500", "12.345.678,90", "0,001", "1.5", "1,5",
    "≥ 15", ">=15", "≥", "≤ 3", "-5", "−5", "1E999", "1e5", "inf", "-inf", "nan", "NaN", "Infinity", "0x10",
    "١٢٣", "99999999999999999999999999", "0.0000001", "1..5", ",5", "5,", "1.500.00",
]
DATES = [
    "31.12.2025", "2025-12-31", "31/12/2025", "2025-02-30", "29.02.2023", "T4 2025", "Q5 2025", "T0 2025",
    "0000-00-00", "99999-01-01", "1900-01-01", "2025-13-01", "2025", "-1", "2025-12-31T25:61",
]
HUGE = ["A" * 100_000, "ë" * 30_000, "1" * 5_000]

# NUL is one of the PAYLOADS; left out of the generated text, where it would be in almost every example and
# stop every request at the door (antitrafik.middleware.NulCharacterMiddleware) before the form is tried.
text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=40),  # any unicode, other controls too
    st.text(alphabet=st.characters(max_codepoint=0x7F, exclude_characters="\x00"), max_size=40),
)
hostile = st.one_of(text, st.sampled_from(NUMBERS), st.sampled_from(DATES), st.sampled_from(HUGE))


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, hidden
    value: str = ""
    options: list = field(default_factory=list)
    multiple: bool = False


def main_form(html):
    """The fields of the page's main POST form (the one with most fields; not the header's language or
    sign-out forms). File inputs are left out: uploads have their own tests."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    forms = [f for f in document.iter("form") if (f.get("method") or "").lower() == "post"
             and not re.search(r"i18n|logout", f.get("action") or "")]
    best = []
    for form in forms:
        fields = []
        for element in form.iter():
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.tag == "input":
                kind = (element.get("type") or "text").lower()
                if kind in {"submit", "button", "file", "image", "reset"}:
                    continue
                if kind in {"checkbox", "radio"}:
                    fields.append(Field(name, "checkbox", element.get("value", "on") if element.get("checked") is not None
                                        else "", [element.get("value", "on")]))
                else:
                    fields.append(Field(name, "hidden" if kind == "hidden" else "text", element.get("value", "")))
            elif element.tag == "textarea":
                fields.append(Field(name, "textarea", element.text or ""))
            elif element.tag == "select":
                options = [o.get("value", o.text or "") for o in element.iter("option")]
                chosen = [o.get("value", o.text or "") for o in element.iter("option") if o.get("selected") is not None]
                fields.append(Field(name, "select", chosen[0] if chosen else "", options,
                                    element.get("multiple") is not None))
        if len(fields) > len(best):
            best = fields
    return best


def _field_values(f):
    """What a hostile client may send for one field: its own value, or something else."""
    if f.kind == "select":
        other = st.sampled_from(f.options) if f.options else st.just("")
        choice = st.one_of(other, st.just(f.value), st.sampled_from(["", "0", "999999", "-1"]), hostile)
        return st.lists(choice, max_size=3) if f.multiple else choice
    if f.kind == "checkbox":
        return st.sampled_from(["", f.options[0], "on", "\x00"])
    return hostile


def form_data(fields):
    """A strategy of POST data for `fields`: each field kept, replaced, or left out; about two fields of a form are
    replaced in each example, so that long forms (the report's) are sometimes accepted too."""
    span = 2 * max(len(fields), 4)

    @st.composite
    def build(draw):
        data = {}
        for f in fields:
            fate = draw(st.integers(0, span - 1))
            if fate == 0 and draw(st.booleans()):
                continue  # a field left out
            value = draw(_field_values(f)) if fate < 4 else f.value
            if value == "" and f.kind == "checkbox":
                continue
            data.setdefault(f.name, [])
            data[f.name] += value if isinstance(value, list) else [value]
        return data
    return build()


def answer_is_safe(response, *, allowed=(200, 302, 400, 403, 404, 409, 429)):
    """No server error, and no script of ours reaching the page unescaped."""
    assert response.status_code < 500, response.status_code
    assert response.status_code in allowed, response.status_code
    body = response.content.decode("utf-8", "replace") if response.get("Content-Type", "").startswith("text/") else ""
    assert "<script>alert(" not in body, "a script reached the page unescaped"
    assert "<img src=x onerror" not in body, "markup reached the page unescaped"
    assert 'href="javascript:' not in body.lower()


def rows_of(*querysets):
    """A snapshot of what the database holds for these querysets (compared before and after a refused request)."""
    return [sorted(map(repr, qs.values_list())) for qs in querysets]
