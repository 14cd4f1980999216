"""The strategy app's models, one module per sub-domain: the plan tree (`plan`), indicators and their rules
(`indicators`), reporting periods (`periods`), the Committee's secretariat (`secretariat`: meetings, documents,
minutes; `secretariat_items`: decisions, recommendations, proposals). Everything is importable from
`strategy.models`."""

from .indicators import (  # noqa: F401
    Dimension,
    DimensionOption,
    Indicator,
    IndicatorDimension,
    IndicatorQuerySet,
    RuleTerm,
    ValidationRule,
    normalise_kinds,
    option_belongs_to,
    slice_label,
)
from .periods import (  # noqa: F401
    ReportingPeriod,
    ReportingPeriodQuerySet,
)
from .plan import (  # noqa: F401
    CODE_MESSAGE,
    CODE_RE,
    UNKNOWN_OPTION_CODE,
    ActionPlan,
    Activity,
    ActivityQuerySet,
    Objective,
    Pillar,
    PlanQuerySet,
    Strategy,
    clean_code,
    led_by_q,
    natural_sort_key,
    validate_code,
)
from .secretariat import (  # noqa: F401
    DocumentDownload,
    Meeting,
    MeetingDocument,
    Minutes,
    SecretariatError,
)
from .secretariat_items import (  # noqa: F401
    Proposal,
    TrackedItem,
)
