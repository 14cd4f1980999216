"""Import of an action plan from a spreadsheet: read the upload, preview it, apply it all or nothing."""

from .applying import import_apply
from .preview import ImportPreview, PlanImportError, build_preview, read_upload

__all__ = ["ImportPreview", "PlanImportError", "build_preview", "import_apply", "read_upload"]
