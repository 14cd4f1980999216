"""Uploaded documents done safely: the type is read from the content (never from the name or the browser's
claim), the size is limited, the name is checked, and the file is stored under a random name in MEDIA_ROOT.

    kind = sniff(head)                       # 'pdf', 'docx', … or None
    stored = store(data)                     # random name under MEDIA_ROOT/documents/
    path = stored_path(stored)               # where to read it back (only through a view that checks rights)
"""

import hashlib
import io
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError

FOLDER = "documents"

# Office Open XML files are zip archives; which one it is, is said by the folder its main part is in.
OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
TYPES = {
    "pdf": ("application/pdf", _("PDF")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _("Word (DOCX)")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _("Excel (XLSX)")),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _("PowerPoint (PPTX)")),
    "odt": ("application/vnd.oasis.opendocument.text", _("OpenDocument text (ODT)")),
    "png": ("image/png", _("PNG image")),
    "jpeg": ("image/jpeg", _("JPEG image")),
}
EXTENSIONS = {"pdf": {"pdf"}, "docx": {"docx"}, "xlsx": {"xlsx"}, "pptx": {"pptx"}, "odt": {"odt"},
              "png": {"png"}, "jpeg": {"jpg", "jpeg"}}


class UploadRefused(DomainError):
    """An upload that is not accepted: nothing is stored."""

    kind = DomainError.INVALID


@dataclass(frozen=True)
class Checked:
    """An accepted upload: its kind, content type, size, checksum and the name to download it under."""

    kind: str
    content_type: str
    size: int
    sha256: str
    file_name: str
    data: bytes


def max_bytes():
    return settings.DOCUMENT_UPLOAD_MAX_BYTES


def accepted_kinds_label():
    return ", ".join(str(label) for _type, label in TYPES.values())


def sniff(data: bytes):
    """The kind of document `data` is, read from its first bytes (and, for zip files, their list of parts)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if "mimetype" in names and archive.read("mimetype") == b"application/vnd.oasis.opendocument.text":
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        if "[Content_Types].xml" in names:
            for folder, kind in OOXML.items():
                if any(name.startswith(folder) for name in names):
                    return kind
    return None


def check_file_name(name: str) -> str:
    """The name as it will be offered on download; refused when it holds a path or control characters."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise UploadRefused(_("The file has no name."), field="file")
    if "/" in name or "\\" in name or name in {".", ".."} or ".." in name.split("."):
        raise UploadRefused(_("The file name must not contain a folder path: rename the file and upload it again."),
                            field="file")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise UploadRefused(_("The file name contains control characters: rename the file and upload it again."),
                            field="file")
    if len(name) > 200:
        raise UploadRefused(_("The file name is too long (at most 200 characters)."), field="file")
    return name


def check(*, name: str, data: bytes) -> Checked:
    """Refuse an upload that is too big, of a type not accepted, or whose content is not what its name says."""
    file_name = check_file_name(name)
    if len(data) > max_bytes():
        raise UploadRefused(_("The file is too big: at most %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)},
                            field="file")
    if not data:
        raise UploadRefused(_("The file is empty."), field="file")
    kind = sniff(data)
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if kind is None:
        raise UploadRefused(_("The file's content is not one of the accepted types (%(types)s), whatever its name "
                              "says.") % {"types": accepted_kinds_label()}, field="file")
    if extension not in EXTENSIONS[kind]:
        raise UploadRefused(_("The file's name says .%(extension)s but its content is %(kind)s: rename it or upload "
                              "the right file.") % {"extension": extension or "–", "kind": TYPES[kind][1]},
                            field="file")
    return Checked(kind=kind, content_type=TYPES[kind][0], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                   file_name=file_name, data=data)


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def store(data: bytes) -> str:
    """Write `data` under a new random name (never the user's) and return that name."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    with open(target / name, "xb") as handle:
        handle.write(data)
    return name


def stored_path(stored_name: str) -> Path:
    """Where a stored file is; the name is ours (hex), checked again so it can never leave the folder."""
    if not stored_name or not all(ch in "0123456789abcdef" for ch in stored_name):
        raise FileNotFoundError(stored_name)
    return folder() / stored_name


def discard(stored_name: str):
    """Remove a stored file (a write that failed after storing it)."""
    try:
        os.remove(stored_path(stored_name))
    except FileNotFoundError:
        pass
