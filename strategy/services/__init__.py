"""Writes of the strategy app: the plan tree, indicators, dimensions, rules and reporting periods.

Every function is keyword-only, runs in one transaction, validates with `full_clean()` and
records who made the change (django-simple-history) in the same transaction.

One module per sub-domain (`plan`, `indicators`, `periods`); everything is importable from `strategy.services`.
"""

from .common import (  # noqa: F401
    StrategyError,
)
from .indicators import (  # noqa: F401
    IndicatorValues,
    OptionValues,
    dimension_create,
    dimension_update,
    indicator_create,
    indicator_delete,
    indicator_set_dimensions,
    indicator_set_overlapping,
    indicator_update,
    rule_create,
    rule_delete,
    rule_update,
)
from .periods import (  # noqa: F401
    DEFAULT_DUE_DAYS,
    PERIOD_ACTION_LABELS,
    PERIOD_PERMISSION,
    PERIOD_REASON_REQUIRED,
    PERIOD_SERVICES,
    PERIOD_TRANSITIONS,
    default_due_on,
    period_action_label,
    period_actions,
    period_check_transition,
    period_close,
    period_create_year,
    period_lock,
    period_open,
    period_unlock,
)
from .plan import (  # noqa: F401
    ActivityValues,
    activity_create,
    activity_delete,
    activity_update,
    item_set_archived,
    objective_create,
    objective_delete,
    objective_update,
    pillar_create,
    pillar_delete,
    pillar_update,
    plan_create,
    plan_update,
    strategy_create,
)
from .secretariat import (  # noqa: F401
    MeetingValues,
    document_log_download,
    document_upload,
    meeting_check_held,
    meeting_create,
    meeting_mark_held,
    meeting_update,
    minutes_amend,
    minutes_approve,
    minutes_create,
    minutes_update,
)
from .secretariat_items import (  # noqa: F401
    ItemValues,
    ProposalValues,
    item_create,
    item_set_status,
    item_update,
    proposal_apply,
    proposal_check_apply,
    proposal_create,
    proposal_decide,
    proposal_update,
)
