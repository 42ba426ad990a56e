-- Per-document event reports. A document's reports are replaced together when it is re-extracted.
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    date TEXT,
    date_start TEXT,
    date_end TEXT,
    place TEXT,
    parties TEXT NOT NULL,
    mediator TEXT,
    data TEXT NOT NULL
);
CREATE INDEX reports_doc ON reports(doc_id);
CREATE INDEX reports_date ON reports(date_start);

-- Which documents have been extracted, with which extractor version, so re-runs skip them.
CREATE TABLE extractions (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    extractor TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);
