"""Quarterly reports and committee reports."""

from .committee import CommitteeReport, CommitteeReportDownload  # noqa: F401
from .committee_tasks import CommitteeReportTask, CommitteeTaskKind, CommitteeTaskState  # noqa: F401
from .public import Publication, PublicationStatus  # noqa: F401
from .quarterly import (  # noqa: F401
    ActivityProgress,
    QuarterlyReport,
    ReminderLog,
    ReportEvent,
    ReviewComment,
    StatValue,
)
from .secretariat import CommitteeRecommendationItem, CommitteeReportPresentation, ItemFollowUp  # noqa: F401
from .sources import PublicSource, PublicSourceFigure  # noqa: F401
