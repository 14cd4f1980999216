"""Form widgets shared by the apps.

`widgets.Select` is Django's `<select>` written out in Python, under the same class name (crispy-forms writes
the widget's class name into the markup: `class="select form-select"`). Django renders a select through a template that
includes one more template per option (and one for its attributes), about a tenth of a millisecond each: a
list page's filters offering every institution, objective and pillar spent longer on its drop-downs than on
its rows. The markup is exactly Django's (tests/test_quick_rendering.py compares the two).
"""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe


def _text(value):
    """A value as `{{ value }}` writes it: localized, escaped unless already safe."""
    return conditional_escape(localize(value))


def _string(value):
    """A value as `{{ value|stringformat:'s' }}` writes it."""
    text = f"{value}"
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs):
    """Attributes as django/forms/widgets/attrs.html writes them (False left out, True as a bare name)."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"'
        for name, value in attrs.items() if value is not False
    )


class Select(forms.Select):
    """A `<select>` with the markup of django/forms/widgets/select.html, rendered without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in options:
                parts.append(f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                             f'{_text(option["label"])}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def use_quick_selects(filterset):
    """Let the drop-downs of a django-filter FilterSet render with widgets.Select (call it in `__init__`, before the
    form is built): the filters whose field would use a plain Select, including sort orders."""
    for item in filterset.filters.values():
        widget = item.extra.get("widget")
        if widget is None and getattr(item.field_class, "widget", None) is forms.Select:
            item.extra["widget"] = Select
        elif type(widget) is forms.Select:
            item.extra["widget"] = Select(attrs=widget.attrs, choices=widget.choices)
