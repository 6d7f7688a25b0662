-- Accounts, sessions, API tokens, login throttling and the audit chain.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('ministry', 'regional_office', 'centre',
                                       'partner_agency', 'association')),
    region TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    region TEXT,
    organisation_id INTEGER REFERENCES organisations(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    client_ip TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    outcome TEXT NOT NULL,
    client_ip TEXT,
    request_id TEXT,
    details TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- One row: the newest link of the chain. Updating it serialises appenders.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE programs (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    starts_on TEXT,
    ends_on TEXT,
    registration_open INTEGER NOT NULL DEFAULT 0,
    eligibility TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE program_targets (
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    beneficiaries INTEGER NOT NULL CHECK (beneficiaries >= 0),
    PRIMARY KEY (program_id, region)
);
