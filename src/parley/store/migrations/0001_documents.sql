-- Documents, keyed on their content id, and the inputs that could not become one.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    source_path TEXT,
    title TEXT,
    published TEXT,
    published_from TEXT,
    url TEXT,
    outlet TEXT,
    author TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    removed TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_name ON documents(name);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE rejections (
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (source, reason)
);
