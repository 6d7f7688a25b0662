-- Registration and enrolment: applications, their history, and the counters that
-- give gap-free references and enforce regional quotas.

-- One row per programme and region. Taking the next reference bumps last_seq in
-- the registering transaction, which also serialises quota decisions per region;
-- `counted` is the number of applications that count against the target (every
-- state but withdrawn and ineligible).
CREATE TABLE reference_counters (
    program_id INTEGER NOT NULL REFERENCES programs(id),
    region TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    counted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (program_id, region)
);

-- Running totals for dashboards and reports, kept in step with every registration,
-- transition and region change in the same transaction: a programme's bilan reads
-- a few hundred rows whatever the number of applications.
CREATE TABLE application_counts (
    program_id INTEGER NOT NULL REFERENCES programs(id),
    region TEXT NOT NULL,
    status TEXT NOT NULL,
    applications INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (program_id, region, status)
);

CREATE TABLE registrations_daily (
    program_id INTEGER NOT NULL REFERENCES programs(id),
    region TEXT NOT NULL,
    day TEXT NOT NULL,
    registrations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (program_id, day, region)
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id),
    reference TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    cin TEXT NOT NULL,
    first_name TEXT,
    last_name TEXT,
    first_name_ar TEXT,
    last_name_ar TEXT,
    name_key TEXT,
    name_key_ar TEXT,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    region TEXT NOT NULL,
    province TEXT NOT NULL,
    commune TEXT,
    education TEXT,
    situation TEXT,
    project_idea TEXT,
    consent_at TEXT NOT NULL,
    flag TEXT,
    duplicate_of INTEGER REFERENCES applications(id),
    source TEXT NOT NULL DEFAULT 'online',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX applications_program_cin ON applications (program_id, cin);
CREATE INDEX applications_by_program ON applications (program_id, id);
CREATE INDEX applications_by_region ON applications (program_id, region, id);
CREATE INDEX applications_by_status ON applications (program_id, status, id);
CREATE INDEX applications_by_region_status ON applications (program_id, region, status, id);
CREATE INDEX applications_by_created ON applications (created_at, id);
CREATE INDEX applications_by_name_key ON applications (program_id, name_key);
CREATE INDEX applications_by_name_key_ar ON applications (program_id, name_key_ar);
CREATE INDEX applications_by_phone ON applications (program_id, phone);
CREATE INDEX applications_flagged ON applications (flag, id) WHERE flag IS NOT NULL;

-- Words of the applicant's names in comparison form (domain/names.h), for search
-- by name prefix: a range scan on (program_id, region, token) or (program_id, token).
CREATE TABLE application_tokens (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    program_id INTEGER NOT NULL,
    region TEXT NOT NULL,
    token TEXT NOT NULL,
    PRIMARY KEY (program_id, region, token, application_id)
);
CREATE INDEX application_tokens_national ON application_tokens (program_id, token, application_id);
CREATE INDEX application_tokens_by_application ON application_tokens (application_id);

CREATE TABLE application_history (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor_id INTEGER,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT
);
CREATE INDEX application_history_by_application ON application_history (application_id, id);

CREATE TABLE application_edits (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    actor_id INTEGER,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX application_edits_by_application ON application_edits (application_id, id);
