"""Cross-app model helpers."""

from django.db import models
from django.utils.translation import get_language


def bilingual(text, text_en, language=None):
    """`text_en` when the language (default: the active one) is English and there is one, else `text` (Albanian)."""
    if (language or get_language() or "sq").startswith("en") and text_en:
        return text_en
    return text


class BilingualNameMixin(models.Model):
    """A model whose `name` is Albanian and `name_en` English; `label` picks by the active language."""

    class Meta:
        abstract = True

    @property
    def label(self):
        return bilingual(self.name, getattr(self, "name_en", ""))
