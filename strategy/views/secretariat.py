"""The Committee's secretariat: meetings, their documents (uploaded and downloaded safely) and their minutes.

Items (decisions, recommendations) and proposals are in `secretariat_items`."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik import policy, uploads
from antitrafik.policy import PolicyMixin
from antitrafik.spreadsheets import attachment
from antitrafik.views.generic import ConfirmActionView, ObjectFormView, ObjectMixin, ObjectView, ServiceFormView

from .. import hooks, services
from ..choices import MeetingStatus, MinutesStatus
from ..models import DocumentDownload, Meeting, MeetingDocument, Minutes, SecretariatError
from ..models.secretariat import FROZEN_MINUTES
from ..secretariat_forms import DocumentForm, MeetingForm, MinutesForm


def meeting_values(form):
    data = form.cleaned_data
    return services.MeetingValues(**{name: data[name] for name in (
        "body", "title", "held_on", "place", "chair", "agenda")}, invited=list(data["invited"]),
        present=list(data["present"]))


class MeetingListView(PolicyMixin, View):
    permission = "secretariat.meetings"

    def get(self, request):
        meetings = Meeting.objects.for_user(request.user).prefetch_related("items")
        return render(request, "strategy/secretariat/meeting_list.html", {
            "title": _("Meetings of the Committee"), "meetings": meetings, "tab": "meetings",
            "can_manage": policy.can(request.user, "secretariat.manage"),
        })


class MeetingCreateView(ServiceFormView):
    permission = "secretariat.manage"
    form_class = MeetingForm
    title = _("New meeting")
    success_message = _("The meeting was recorded.")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_cancel_url(self):
        return reverse("strategy:meeting_list")

    def save(self, form):
        return services.meeting_create(by=self.request.user, values=meeting_values(form))


class MeetingMixin(ObjectMixin):
    model = Meeting


class MeetingDetailView(MeetingMixin, ObjectView):
    """A meeting: its agenda, who was there, its decisions, proposals, documents, minutes and committee reports."""

    permission = "secretariat.meetings"
    template_name = "strategy/secretariat/meeting_detail.html"
    context_object_name = "meeting"

    def get_context_data(self, **kwargs):
        meeting, user = self.object, self.request.user
        context = {
            "title": str(meeting), "tab": "meetings",
            "invited": meeting.invited.order_by("code"), "present": meeting.present.order_by("code"),
            "items": meeting.items.for_user(user).select_related("lead_institution"),
            "proposals": meeting.proposals.for_user(user),
            "documents": MeetingDocument.objects.for_user(user).filter(meeting=meeting),
            "minutes": Minutes.objects.for_user(user).filter(meeting=meeting),
            "committee_reports": hooks.meeting_committee_reports(meeting, user),
            "can_manage": policy.can(user, "secretariat.manage"),
            "can_mark_held": meeting.status == MeetingStatus.PLANNED,
        }
        if policy.can(user, "secretariat.download_log"):
            context["downloads"] = DocumentDownload.objects.filter(document__meeting=meeting).select_related(
                "user", "document")[:100]
        return super().get_context_data(**context, **kwargs)


class MeetingUpdateView(MeetingMixin, ObjectFormView):
    permission = "secretariat.manage"
    form_class = MeetingForm

    def get_form_kwargs(self):
        meeting = self.object
        initial = {name: getattr(meeting, name) for name in ("body", "title", "held_on", "place", "chair", "agenda")}
        initial |= {"invited": list(meeting.invited.all()), "present": list(meeting.present.all())}
        return {"user": self.request.user, "initial": initial}

    def save(self, form):
        return services.meeting_update(meeting=self.object, by=self.request.user, values=meeting_values(form))


class MeetingHeldView(MeetingMixin, ConfirmActionView):
    permission = "secretariat.manage"
    title = _("Mark the meeting as held")
    question = _("Was the meeting “%(object)s” held? Its decisions and minutes can then be recorded.")
    submit_label = _("Mark as held")
    success_message = _("The meeting is marked as held.")
    refusal_on_page = True

    def check(self, obj):
        services.meeting_check_held(meeting=obj)

    def act(self, obj, data):
        return services.meeting_mark_held(meeting=obj, by=self.request.user)


class DocumentUploadView(MeetingMixin, ObjectFormView):
    """Upload an agenda, minutes or a presentation; the type is read from the content (antitrafik.uploads)."""

    permission = "secretariat.manage"
    form_class = DocumentForm
    submit_label = _("Upload")
    success_message = _("The document was uploaded.")

    def get_title(self):
        return _("Upload a document to %(meeting)s") % {"meeting": self.object}

    def save(self, form):
        data = form.cleaned_data
        upload = data["file"]
        services.document_upload(meeting=self.object, by=self.request.user, kind=data["kind"], title=data["title"],
                                  name=upload.name, data=upload.read(), restricted=data["restricted"])
        return self.object


class DocumentDownloadView(ObjectMixin, View):
    """The file of a document the user may see (404 otherwise), under a safe name; every download is logged."""

    permission = "secretariat.document"
    model = MeetingDocument

    def get(self, request, pk):
        document = self.get_object()
        try:
            handle = open(uploads.stored_path(document.stored_name), "rb")  # noqa: SIM115 - FileResponse closes it
        except FileNotFoundError:
            raise Http404 from None
        services.document_log_download(document=document, by=request.user)
        response = FileResponse(handle, content_type=document.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return attachment(response, document.file_name)


class MinutesCreateView(MeetingMixin, ObjectFormView):
    permission = "secretariat.manage"
    form_class = MinutesForm
    success_message = _("The minutes were saved as a draft.")

    def get_title(self):
        return _("Minutes of %(meeting)s") % {"meeting": self.object}

    def get_form_kwargs(self):
        return {"meeting": self.object, "user": self.request.user}

    def save(self, form):
        return services.minutes_create(meeting=self.object, by=self.request.user, text=form.cleaned_data["text"],
                                       document=form.cleaned_data["document"])


class MinutesMixin(ObjectMixin):
    model = Minutes

    def get_queryset(self):
        return super().get_queryset().select_related("meeting", "document", "approved_by")


class MinutesDetailView(MinutesMixin, ObjectView):
    permission = "secretariat.meetings"
    template_name = "strategy/secretariat/minutes_detail.html"
    context_object_name = "minutes"

    def get_context_data(self, **kwargs):
        minutes = self.object
        user = self.request.user
        can_manage = policy.can(user, "secretariat.manage")
        return super().get_context_data(
            title=str(minutes), tab="meetings", can_manage=can_manage,
            document=MeetingDocument.objects.for_user(user).filter(pk=minutes.document_id).first(),
            can_amend=can_manage and minutes.status == MinutesStatus.APPROVED
            and not Minutes.objects.filter(amends=minutes).exists(), **kwargs)


class MinutesUpdateView(MinutesMixin, ObjectFormView):
    permission = "secretariat.manage"
    form_class = MinutesForm
    success_message = _("The minutes were saved.")

    def check(self):
        if self.object.is_frozen:
            raise SecretariatError(FROZEN_MINUTES)

    def get_form_kwargs(self):
        minutes = self.object
        return {"meeting": minutes.meeting, "user": self.request.user,
                "initial": {"text": minutes.text, "document": minutes.document_id}}

    def save(self, form):
        return services.minutes_update(minutes=self.object, by=self.request.user, text=form.cleaned_data["text"],
                                       document=form.cleaned_data["document"])


class MinutesApproveView(MinutesMixin, ConfirmActionView):
    permission = "secretariat.manage"
    title = _("Approve the minutes")
    question = _("Approve “%(object)s”? They are frozen with a checksum and can never change again; a correction "
                 "needs a new version.")
    submit_label = _("Approve")
    success_message = _("The minutes are approved and frozen.")
    refusal_on_page = True

    def act(self, obj, data):
        return services.minutes_approve(minutes=obj, by=self.request.user)


class MinutesAmendView(MinutesMixin, ConfirmActionView):
    permission = "secretariat.manage"
    title = _("Amend the minutes")
    question = _("Create a new draft version of “%(object)s”? The approved version stays until the new one is "
                 "approved.")
    submit_label = _("Create the new version")
    success_message = _("A new draft version of the minutes was created.")
    refusal_on_page = True

    def act(self, obj, data):
        return services.minutes_amend(minutes=obj, by=self.request.user)

    def get_success_url(self, result):
        return result.get_absolute_url()
