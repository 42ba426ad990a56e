-- A hash of each event's JSON, written with it: fusion reads the same candidate events for
-- report after report, and keeps them decoded; the hash tells it a kept event is current
-- without reading the JSON again. Events written before this migration have none and are read
-- in full until they are next written.
ALTER TABLE events ADD COLUMN data_hash TEXT;

-- Fusion's two lookups of candidate events read everything they need from these indexes, never
-- the rows themselves, whose JSON can run to hundreds of kilobytes (the hash, an added column,
-- lies after it). Each replaces the index it extends.
DROP INDEX events_span;
CREATE INDEX events_span ON events(
    type, span_class, span_start, span_end, party_key, place_key, anchor, data_hash, id
);
DROP INDEX events_parties;
CREATE INDEX events_parties ON events(
    type, party_key, anchor, span_class, span_start, span_end, place_key, data_hash, id
);
