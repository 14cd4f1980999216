"""The unit's texts: Markdown in, sanitised HTML out. Raw HTML and script links never get through.

Two layers: `unsafe_markdown_problems` refuses such input when it is saved (a clear message next to
the field), and `render_markdown` escapes raw HTML and cleans the result with nh3 whatever is stored.
"""

import html
import re

import markdown
import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# A tag or comment written as raw HTML: <b>, </div>, <img src=…>, <!-- …>. Autolinks like <https://…> are not tags.
RAW_HTML = re.compile(r"<(/\s*)?[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?/?\s*>|<!|<\?", re.DOTALL)
SCRIPT_SCHEMES = re.compile(r"(javascript|vbscript|livescript):|(\]\(<?|\]:|<)data:")


def _normalised(text):
    """The text as a browser would read a URL in it: entities decoded, blanks and controls removed, lower case."""
    decoded = html.unescape(html.unescape(text or ""))
    return re.sub(r"[\s\x00-\x1f\\]+", "", decoded).lower()


def unsafe_markdown_problems(text):
    """Messages for what is not allowed in a text: raw HTML, and links with a script scheme."""
    problems = []
    if RAW_HTML.search(text or ""):
        problems.append(_("Raw HTML is not allowed in the text (for example <script> or <b>); use Markdown instead."))
    normalised = _normalised(text)
    if SCRIPT_SCHEMES.search(normalised):
        problems.append(_("Links may only use http, https or mailto; javascript:, vbscript: and data: are not allowed."))
    return problems


class _NoRawHtml(markdown.Extension):
    """Treat raw HTML as text: Markdown then escapes it instead of passing it through."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _drop_script_links(tag, attribute, value):
    if attribute == "href" and SCRIPT_SCHEMES.search(_normalised(value)):
        return None
    return value


def render_markdown(text):
    """Markdown → safe HTML (headings start at h3 so they sit under the report's own headings)."""
    if not text:
        return ""
    source = re.sub(r"^(#{1,6})", lambda m: "#" * min(6, len(m.group(1)) + 2), text, flags=re.MULTILINE)
    rendered = markdown.markdown(source, extensions=[_NoRawHtml(), "tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer", attribute_filter=_drop_script_links,
    )
    return mark_safe(cleaned)  # noqa: S308 (cleaned by nh3 just above)
