-- Who took each curation action: the label of the token that signed it (the web app's sign-in or
-- its bearer token; see the `token` setting). Actions logged before labels existed read ''.
ALTER TABLE curation_log ADD COLUMN who TEXT NOT NULL DEFAULT '';
-- The log page lists the newest actions first.
CREATE INDEX curation_log_created ON curation_log(created_at, id);
