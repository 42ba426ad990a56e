"""parley: a sourced, structured record of a negotiation, built from the news."""

from parley.model import DateValue, Document, EventReport, Evidence, IngestResult, Participant, Rejection

__version__ = "0.1.0"

__all__ = [
    "DateValue",
    "Document",
    "EventReport",
    "Evidence",
    "IngestResult",
    "Participant",
    "Rejection",
    "__version__",
]
