-- Trainings (cohorts) of a programme with their enrolments and attendance, and the
-- enterprises created by beneficiaries with their follow-ups at 6, 12 and 24 months.
-- Region and province are copied into each row that is filtered or scoped by them,
-- so that a regional coordinator's lists and the survival report read one table.

-- A session of a programme held in a centre or an incubator. Centres are not a
-- table yet: the venue is free text and the region/province come from the
-- reference map. `enrolled` counts the enrolments; a conditional update on it
-- decides the last free place, so two enrolments cannot both take it.
CREATE TABLE trainings (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id),
    title TEXT NOT NULL,
    venue TEXT NOT NULL,
    region TEXT NOT NULL,
    province TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    trainers TEXT NOT NULL DEFAULT '[]',
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    enrolled INTEGER NOT NULL DEFAULT 0 CHECK (enrolled >= 0 AND enrolled <= capacity),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX trainings_by_program ON trainings (program_id, id);
CREATE INDEX trainings_by_region ON trainings (region, id);

-- A beneficiary (an application) in a training. `completed` is NULL until staff
-- record the outcome, then 1 (completed) or 0 (did not complete) on `completed_on`.
CREATE TABLE training_enrolments (
    training_id INTEGER NOT NULL REFERENCES trainings(id),
    application_id INTEGER NOT NULL REFERENCES applications(id),
    enrolled_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    completed INTEGER CHECK (completed IN (0, 1)),
    completed_on TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (training_id, application_id)
);
CREATE INDEX training_enrolments_by_application ON training_enrolments (application_id);

-- One mark per beneficiary and day of the training.
CREATE TABLE training_attendance (
    training_id INTEGER NOT NULL,
    application_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (training_id, day, application_id),
    FOREIGN KEY (training_id, application_id)
        REFERENCES training_enrolments (training_id, application_id)
);
CREATE INDEX training_attendance_by_beneficiary
    ON training_attendance (training_id, application_id, day);

-- One enterprise per application; region and province are the beneficiary's.
CREATE TABLE enterprises (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications(id),
    program_id INTEGER NOT NULL REFERENCES programs(id),
    region TEXT NOT NULL,
    province TEXT NOT NULL,
    name TEXT NOT NULL,
    sector TEXT NOT NULL,
    legal_form TEXT NOT NULL,
    created_on TEXT NOT NULL,
    jobs_created INTEGER NOT NULL CHECK (jobs_created >= 0),
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_by_program_region ON enterprises (program_id, region, created_on);
CREATE INDEX enterprises_by_region ON enterprises (region, id);

-- One follow-up per enterprise and milestone (6, 12 or 24 months).
CREATE TABLE enterprise_followups (
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    milestone INTEGER NOT NULL CHECK (milestone IN (6, 12, 24)),
    followed_on TEXT NOT NULL,
    still_active INTEGER NOT NULL CHECK (still_active IN (0, 1)),
    jobs INTEGER NOT NULL CHECK (jobs >= 0),
    revenue_band TEXT NOT NULL,
    note TEXT,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, milestone)
);
CREATE INDEX enterprise_followups_by_milestone ON enterprise_followups (milestone, enterprise_id);
