"""Meeting documents through the pages: type from the content, size limit, safe download name, rights, log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategy import services
from strategy.models import DocumentDownload, MeetingDocument
from tests.strategy.secretariat_builders import PDF, held_meeting

pytestmark = pytest.mark.django_db


def _upload(client, meeting, name, data, content_type="application/pdf"):
    return client.post(reverse("strategy:document_upload", args=[meeting.pk]), {
        "kind": "agenda", "title": "", "file": SimpleUploadedFile(name, data, content_type=content_type)})


def test_a_fake_pdf_and_an_oversized_file_are_refused_with_a_message(director, client_for, settings):
    meeting = held_meeting(director)
    client = client_for(director)
    fake = _upload(client, meeting, "rendi.pdf", b"MZ\x90\x00 an executable")
    assert fake.status_code == 200 and "not one of the accepted types" in fake.content.decode()
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 100
    big = _upload(client, meeting, "rendi.pdf", PDF + b"0" * 200)
    assert big.status_code == 200 and "too big" in big.content.decode()
    assert not MeetingDocument.objects.exists()


def test_a_document_is_downloaded_under_a_safe_name_and_logged(director, committee_member, reporter, client_for):
    meeting = held_meeting(director)
    response = _upload(client_for(director), meeting, 'procesverbali "përfundimtar".pdf', PDF)
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert "/" not in document.stored_name and document.stored_name not in document.file_name
    download = client_for(committee_member).get(reverse("strategy:document_download", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\r" not in disposition and "\n" not in disposition
    assert "filename*=utf-8''" in disposition and download["X-Content-Type-Options"] == "nosniff"
    assert DocumentDownload.objects.filter(document=document, user=committee_member).count() == 1
    assert client_for(reporter).get(reverse("strategy:document_download", args=[document.pk])).status_code == 404


def test_a_path_in_the_file_name_is_refused_by_the_service(director):
    meeting = held_meeting(director)
    with pytest.raises(Exception, match="folder path"):
        services.document_upload(meeting=meeting, by=director, kind="agenda", title="", name="../../settings.pdf",
                                 data=PDF)
    with pytest.raises(Exception, match="control characters"):
        services.document_upload(meeting=meeting, by=director, kind="agenda", title="", name="a\r\nSet-Cookie: x.pdf",
                                 data=PDF)
    assert not MeetingDocument.objects.exists()
