"""One word for one thing (docs/glossary.md): no rejected variant in the Albanian catalogue or the templates."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "sq" / "LC_MESSAGES" / "django.po"

# Pattern of a rejected variant -> the chosen term (docs/glossary.md).
REJECTED = {
    r"\bRedakto": "Ndrysho",
    r"\b[Pp]rogres": "Ecuria",
    r"[Gg]jysmëvjetor": "Gjashtëmujor",
    r"\b[Ss]tatus(i|in|it|et|e)?\b": "Gjendja",
    r"\b[Ee]-mail": "Email",
    r"[Aa]dres[ëa] email\b": "adresa e emailit",
    r"\b[Pp]ik[ëa] (e )?kontakt": "Raportues",
    r"\bOJF\b": "OJQ",
    r"[Aa]plikohet": "Nuk zbatohet",
    r"[Jj]eshile": "E gjelbër",
    r"\b[Dd]raft": "Në hartim",
    r"\bLuftën kundër Trafikimit": "Njësia Antitrafik – Zyra e Koordinatorit Kombëtar kundër Trafikimit të Personave",
}
# Whole translations that must be the chosen term.
CHOSEN = {
    (None, "Status"): "Gjendja", (None, "Edit"): "Ndrysho", (None, "Director"): "Drejtor",
    (None, "Coordinator"): "Koordinator", (None, "Reporter"): "Raportues", (None, "Committee member"): "Anëtar i Komitetit",
    (None, "Username"): "Emri i përdoruesit", (None, "Half-year"): "Gjashtëmujor", (None, "Draft"): "Në hartim",
    (None, "Not applicable"): "Nuk zbatohet", (None, "Green"): "E gjelbër", ("period action", "Open"): "Hap",
    ("period action", "Reopen"): "Rihap", (None, "Unit of measure"): "Njësia matëse", (None, "Count"): "Numër",
    (None, "E-mail"): "Email",
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def catalogue():
    """[(msgctxt, msgid, [msgstr…])] of the Albanian catalogue."""
    entries, current, key = [], {}, None
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append((current.get("msgctxt"), current["msgid"],
                                [v for k, v in current.items() if k.startswith("msgstr")]))
            current, key = {}, None
            continue
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


def test_the_catalogue_uses_the_chosen_terms():
    found = []
    for _context, msgid, strings in catalogue():
        for text in strings:
            text = PLACEHOLDER.sub("", text)
            found += [f"{msgid!r}: {text!r} has {m.group(0)!r}, say {chosen!r}" for pattern, chosen in REJECTED.items()
                      for m in [re.search(pattern, text, flags=re.M)] if m]
    assert not found, "\n".join(found)


def test_the_main_terms_are_translated_as_chosen():
    translations = {(context, msgid): strings[0] for context, msgid, strings in catalogue()}
    wrong = {key: translations.get(key) for key, chosen in CHOSEN.items() if translations.get(key) != chosen}
    assert not wrong, wrong


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: p.name)
def test_templates_hold_no_rejected_albanian_variant(template):
    text = template.read_text(encoding="utf-8")
    albanian = [pattern for pattern in (r"\bRedakto", r"\bOJF\b", r"[Aa]plikohet", r"[Jj]eshile", r"[Gg]jysmëvjetor",
                                        r"\bStatusi\b", r"\bProgresi\b") if re.search(pattern, text)]
    assert not albanian, f"{template.relative_to(ROOT)}: {albanian}"


def test_the_glossary_lists_every_rejected_variant_checked_here():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for chosen in set(REJECTED.values()) | set(CHOSEN.values()):
        assert chosen in glossary, chosen
