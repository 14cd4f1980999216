"""Cross-app model helpers."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def bilingual(text, text_en, language=None):
    """`text_en` when the language (default: the active one) is English and there is one, else `text` (Albanian)."""
    if (language or get_language() or "sq").startswith("en") and text_en:
        return text_en
    return text


def choice_label(choices, value):
    """What Django's `get_FOO_display()` gives for a field of these choices (a TextChoices class): the value's
    label, or the value when it is not one of them. Django's rebuilds and translates every choice on each call,
    which a list calling it on every row pays dozens of times."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class BilingualNameMixin(models.Model):
    """A model whose `name` is Albanian and `name_en` English; `label` picks by the active language."""

    class Meta:
        abstract = True

    @property
    def label(self):
        return bilingual(self.name, getattr(self, "name_en", ""))


class Version(models.Model):
    """One row per version of the data that the database keeps itself ("data", "definitions"): a token that its
    triggers change whenever a table the version watches changes (antitrafik.versions)."""

    name = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("version of the data")
        verbose_name_plural = _("versions of the data")

    def __str__(self):
        return f"{self.name}: {self.token}"
