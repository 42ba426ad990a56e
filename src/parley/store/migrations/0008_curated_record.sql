-- The curated record, written when curation is: one row per event that curation changes (a
-- verdict that hides it, a correction, a merge into it, a mention split off it, an event split
-- off another), holding the event as every reader sees it. Events without a row read as fusion
-- decided them. ``hidden`` marks a rejected event and one merged into another; their rows keep
-- the event as it last read, for its own page. Fusion rewrites the rows of the events it
-- touches (parley.store.curation.rebuild), so re-fusion never overwrites a curation.
CREATE TABLE curated_events (
    id TEXT PRIMARY KEY,
    hidden INTEGER NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    date_start TEXT,
    anchor TEXT,
    place TEXT,
    parties TEXT NOT NULL,
    mediator TEXT,
    issues TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;

-- The expectations of the curated events that are shown: those of a merged or split event
-- decided again from the mentions it now has; the ledger reads them in place of fusion's rows
-- of every event that has a row above.
CREATE TABLE curated_expectations (
    report_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    made_on TEXT,
    expected_end TEXT,
    resolution TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX curated_expectations_event ON curated_expectations(event_id);
CREATE INDEX curated_expectations_made ON curated_expectations(made_on, report_id);

-- Curation written before this table existed is applied when fusion next settles the record
-- (parley fuse): its events are listed as unsettled, and `parley check` says so.
INSERT OR IGNORE INTO unsettled_events (event_id)
    SELECT event_id FROM curation_log WHERE event_id IN (SELECT id FROM events)
    UNION SELECT target FROM curation_log WHERE action = 'merge' AND target IN (SELECT id FROM events);
