-- Facets follow two small columns instead of the event's whole JSON: the triggers read the
-- issues from a column of their own, and rewrite an event's facets only when its sides or
-- issues change, not at every re-decision of the event.
ALTER TABLE events ADD COLUMN issues TEXT NOT NULL DEFAULT '[]';
UPDATE events SET issues = coalesce(json_extract(data, '$.event.issues'), '[]');

DROP TRIGGER event_facets_insert;
DROP TRIGGER event_facets_update;
CREATE TRIGGER event_facets_insert AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'actor', value FROM json_each(new.parties);
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'issue', value FROM json_each(new.issues);
END;
CREATE TRIGGER event_facets_update AFTER UPDATE OF parties, issues ON events
WHEN old.parties IS NOT new.parties OR old.issues IS NOT new.issues BEGIN
    DELETE FROM event_facets WHERE event_id = old.id;
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'actor', value FROM json_each(new.parties);
    INSERT OR IGNORE INTO event_facets (event_id, facet, value)
        SELECT new.id, 'issue', value FROM json_each(new.issues);
END;
