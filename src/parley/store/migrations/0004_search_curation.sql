-- Full-text search over the articles, facets that let the web views filter the record through
-- indexes, and the curation layer that analysts write and that is applied when the record is read.

-- A plain (not external-content) FTS5 table: documents has no INTEGER PRIMARY KEY, so its rowids
-- may be renumbered by VACUUM, which would silently detach an external-content index.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    doc_id UNINDEXED,
    title,
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (doc_id, title, text) SELECT id, coalesce(title, ''), text FROM documents;

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (doc_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE doc_id = old.id;
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    DELETE FROM documents_fts WHERE doc_id = old.id;
    INSERT INTO documents_fts (doc_id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;

-- One row per (event, facet, value): every party as 'actor', every agenda item as 'issue'. The
-- events table keeps both inside JSON, so without this a filter by actor or issue reads every row.
-- Triggers keep it in step with whatever fusion writes.
CREATE TABLE event_facets (
    event_id TEXT NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (facet, value, event_id)
) WITHOUT ROWID;
CREATE INDEX event_facets_event ON event_facets(event_id);
INSERT OR IGNORE INTO event_facets (event_id, facet, value)
    SELECT events.id, 'actor', j.value FROM events, json_each(events.parties) AS j;
INSERT OR IGNORE INTO event_facets (event_id, facet, value)
    SELECT events.id, 'issue', j.value FROM events, json_each(events.data, '$.event.issues') AS j;

CREATE TRIGGER event_facets_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'actor', value FROM json_each(new.parties);
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'issue', value FROM json_each(new.data, '$.event.issues');
END;
CREATE TRIGGER event_facets_update AFTER UPDATE OF parties, data ON events BEGIN
    DELETE FROM event_facets WHERE event_id = old.id;
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'actor', value FROM json_each(new.parties);
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'issue', value FROM json_each(new.data, '$.event.issues');
END;
CREATE TRIGGER event_facets_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_facets WHERE event_id = old.id;
END;

-- Status, mediator and venue filters walk these in date order instead of scanning every event.
CREATE INDEX events_status_date ON events(status, date_start);
CREATE INDEX events_mediator_date ON events(mediator, date_start);
CREATE INDEX events_place_date ON events(place, date_start);
-- The ledger pages through claims in the order they were made.
CREATE INDEX expectations_made ON expectations(made_on, report_id);

-- Curation. Every action an analyst takes is logged; its effect is kept in the tables below it,
-- which fusion never writes, so re-extraction and re-fusion cannot overwrite a correction.
CREATE TABLE curation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject', 'merge', 'split')),
    event_id TEXT NOT NULL,
    field TEXT,
    value TEXT,
    target TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX curation_log_event ON curation_log(event_id);
CREATE INDEX curation_log_target ON curation_log(target);

-- The latest corrected value of a field (JSON-encoded), which wins over the fused one.
CREATE TABLE corrections (
    event_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    curation_id INTEGER NOT NULL REFERENCES curation_log(id),
    PRIMARY KEY (event_id, field)
) WITHOUT ROWID;

-- An event's verdict: confirmed, rejected (hidden from the record) or merged into another event.
CREATE TABLE event_verdicts (
    event_id TEXT PRIMARY KEY,
    verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'rejected', 'merged')),
    merged_into TEXT,
    curation_id INTEGER NOT NULL REFERENCES curation_log(id)
) WITHOUT ROWID;
CREATE INDEX event_verdicts_merged ON event_verdicts(merged_into);

-- A mention split off its fused event becomes an event of its own (id 'split-' + report id).
CREATE TABLE mention_splits (
    report_id TEXT PRIMARY KEY,
    from_event TEXT NOT NULL,
    event_id TEXT NOT NULL,
    curation_id INTEGER NOT NULL REFERENCES curation_log(id)
) WITHOUT ROWID;
CREATE INDEX mention_splits_from ON mention_splits(from_event);
CREATE INDEX mention_splits_event ON mention_splits(event_id);
