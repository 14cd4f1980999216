"""Cross-app model helpers."""

from django.db import models
from django.utils.translation import get_language


class BilingualNameMixin(models.Model):
    """A model whose `name` is Albanian and `name_en` English; `label` picks by the active language."""

    class Meta:
        abstract = True

    @property
    def label(self):
        if (get_language() or "sq").startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name

