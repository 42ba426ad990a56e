-- Events whose mentions changed since they were last decided. Fusion in a long run re-decides a
-- well-reported event only once it has grown by a fraction (parley.fuse.SETTLE_GROWTH) and lists
-- it here meanwhile; the end of the run (parley.fuse.settle) re-decides what is listed.
CREATE TABLE unsettled_events (
    event_id TEXT PRIMARY KEY
);
