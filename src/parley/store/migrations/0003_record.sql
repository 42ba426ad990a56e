-- The fused record: one row per real-world event, every report that mentions it, and what is derived.

-- span_start/span_end are the date range used for matching (approximate dates widened);
-- span_class (day|month|year|none) bounds how far back a range can start, so a date lookup is a
-- narrow index range per class instead of a scan. Undated events are found by (type, party_key, anchor),
-- where anchor is the first publication date that mentions them.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_start TEXT,
    date_end TEXT,
    span_class TEXT NOT NULL,
    span_start TEXT,
    span_end TEXT,
    anchor TEXT,
    place TEXT,
    place_key TEXT,
    parties TEXT NOT NULL,
    party_key TEXT NOT NULL,
    mediator TEXT,
    first_reported TEXT,
    last_reported TEXT,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_span ON events(type, span_class, span_start);
CREATE INDEX events_parties ON events(type, party_key, anchor);
CREATE INDEX events_date ON events(date_start);

-- Deferred: a report's mention is written before the event it starts is decided from it.
CREATE TABLE mentions (
    report_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    doc_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    published TEXT,
    fingerprint TEXT NOT NULL,
    rule TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE status_history (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL,
    reported_on TEXT,
    doc TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    after_event INTEGER NOT NULL,
    current INTEGER NOT NULL,
    PRIMARY KEY (event_id, seq)
);

-- Resolution here is came_true, failed or pending; overdue vs open depends on the day asked
-- and is decided when the ledger is read.
CREATE TABLE expectations (
    report_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    made_on TEXT,
    expected_end TEXT,
    resolution TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX expectations_event ON expectations(event_id);
CREATE INDEX expectations_doc ON expectations(doc_id);

CREATE TABLE contradictions (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (event_id, field)
);

-- Stances are per document (they come from its text, not from its reports).
CREATE TABLE stances (
    doc_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    issue TEXT NOT NULL,
    party TEXT,
    published TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (doc_id, start, issue)
);
CREATE INDEX stances_issue ON stances(issue, published);
