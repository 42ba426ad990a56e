-- Each event's confidence (parley.confidence: the probability that it is real), in a column of its
-- own so that the one query layer can filter on it (--min-confidence); the event's JSON holds it
-- too, with its fields' confidences and the cues behind it.
ALTER TABLE events ADD COLUMN confidence REAL;
ALTER TABLE curated_events ADD COLUMN confidence REAL;
UPDATE events SET confidence = json_extract(data, '$.event.confidence');
UPDATE curated_events SET confidence = json_extract(data, '$.confidence');

-- Events decided before confidence existed have none; they are listed as unsettled, so the next
-- run (or parley fuse) decides them again, with their confidence, and parley check says so.
INSERT OR IGNORE INTO unsettled_events (event_id) SELECT id FROM events WHERE confidence IS NULL;
