"""The convo_nlp data model: typed, frozen dataclasses with ``to_dict`` / ``from_dict``."""

from convo_nlp.schema.call import (
    SCHEMA_VERSION,
    Call,
    Event,
    Evidence,
    Provenance,
    StageLabel,
    Turn,
    Word,
)
from convo_nlp.schema.labels import (
    AGENT_LABELS,
    ALL_LABELS,
    CUSTOMER_LABELS,
    EventKind,
    Label,
    Role,
    Status,
    labels_for_role,
)
from convo_nlp.schema.report import CallReport, ConversationMetrics, CriterionResult, SectionResult
from convo_nlp.schema.roles import role_from_name

__all__ = [
    "AGENT_LABELS",
    "ALL_LABELS",
    "CUSTOMER_LABELS",
    "SCHEMA_VERSION",
    "Call",
    "CallReport",
    "ConversationMetrics",
    "CriterionResult",
    "Event",
    "EventKind",
    "Evidence",
    "Label",
    "Provenance",
    "Role",
    "SectionResult",
    "StageLabel",
    "Status",
    "Turn",
    "Word",
    "labels_for_role",
    "role_from_name",
]
