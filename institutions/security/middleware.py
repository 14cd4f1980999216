"""The security log's middleware: the request being served, refused requests and downloads."""

from ..choices import SecurityEventKind as Kind
from . import _current_request, security_event_record, target_of


def _is_download(response):
    return response.status_code == 200 and response.get("Content-Disposition", "").startswith("attachment")


def _file_format(response):
    name = response.get("Content-Disposition", "").rsplit(".", 1)
    return name[1].strip('"; ').lower()[:10] if len(name) == 2 else ""


class SecurityLogMiddleware:
    """Record 403s, 404s of URLs that name an object, and downloads, of requests that reached a view.

    A path that matches no URL (a scanner trying /wp-admin/) is not recorded: the log is about the
    application's pages and objects. Also makes the request available to `security_event_record` for the
    code that runs inside it (services).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
            self._record(request, response)
        finally:
            _current_request.reset(token)
        return response

    def _record(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is None:
            return
        if response.status_code == 403:
            kind = Kind.ACCESS_DENIED
        elif response.status_code == 404 and match.kwargs:
            kind = Kind.NOT_FOUND
        elif _is_download(response) and request.user.is_authenticated:
            security_event_record(kind=Kind.DOWNLOAD, request=request, target=target_of(match),
                                  detail={"format": _file_format(response)})
            return
        else:
            return
        security_event_record(kind=kind, request=request, target=target_of(match), detail={"method": request.method})
