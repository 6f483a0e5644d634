-- The programme's records. One file, read by alize/db.py; every rule the data must obey is
-- declared here so that an import through any path (CLI, page, raw SQL) meets the same checks.
-- Amounts are whole euros; competence days allow half days.

CREATE TABLE basins (
    id          VARCHAR PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    name        VARCHAR NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    started_on  DATE NOT NULL
);

CREATE TABLE territories (
    id          VARCHAR PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    basin       VARCHAR NOT NULL REFERENCES basins (id),
    name        VARCHAR NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    joined_on   DATE NOT NULL
);

-- Employer establishments (INSEE "établissements employeurs") counted for a territory and a year.
CREATE TABLE establishments (
    territory   VARCHAR NOT NULL REFERENCES territories (id),
    year        INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    count       INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (territory, year)
);

CREATE TABLE conventions (
    basin       VARCHAR NOT NULL REFERENCES basins (id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    PRIMARY KEY (basin, number),
    CHECK (ends_on > starts_on)
);

CREATE TABLE communes (
    insee_code  VARCHAR PRIMARY KEY CHECK (regexp_full_match(insee_code, '[0-9][0-9AB][0-9]{3}')),
    name        VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    territory   VARCHAR NOT NULL REFERENCES territories (id)
);

CREATE TABLE partners (
    id          VARCHAR PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    name        VARCHAR NOT NULL CHECK (length(trim(name)) > 0),
    kind        VARCHAR NOT NULL CHECK (kind IN ('large_company', 'local_authority', 'public_body', 'bank', 'other')),
    basin       VARCHAR NOT NULL REFERENCES basins (id),
    joined_on   DATE NOT NULL,
    left_on     DATE,
    CHECK (left_on IS NULL OR left_on > joined_on)
);

-- Payments of a partner into its basin's loan fund.
CREATE TABLE contributions (
    partner     VARCHAR NOT NULL REFERENCES partners (id),
    paid_on     DATE NOT NULL,
    amount_eur  BIGINT NOT NULL CHECK (amount_eur > 0),
    PRIMARY KEY (partner, paid_on)
);

CREATE TABLE committees (
    id          VARCHAR PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    basin       VARCHAR NOT NULL REFERENCES basins (id),
    held_on     DATE NOT NULL,
    place       VARCHAR
);

CREATE TABLE projects (
    id              VARCHAR PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    company         VARCHAR NOT NULL CHECK (length(trim(company)) > 0),
    sector          VARCHAR NOT NULL CHECK (sector IN ('A','B','C','D','E','F','G','H','I','J','K','L','M','N','O','P','Q','R','S','T','U')),
    kind            VARCHAR NOT NULL CHECK (kind IN ('creation', 'development', 'takeover')),
    territory       VARCHAR NOT NULL REFERENCES territories (id),
    commune         VARCHAR REFERENCES communes (insee_code),
    submitted_on    DATE NOT NULL,
    committee       VARCHAR NOT NULL REFERENCES committees (id),
    -- pending: on the agenda of a committee that has not decided yet (its aid and jobs are the requested ones)
    decision        VARCHAR NOT NULL CHECK (decision IN ('retained', 'deferred', 'rejected', 'pending')),
    aid_eur         BIGINT NOT NULL DEFAULT 0 CHECK (aid_eur >= 0),
    bank_loans_eur  BIGINT NOT NULL DEFAULT 0 CHECK (bank_loans_eur >= 0),
    jobs_at_start   INTEGER NOT NULL CHECK (jobs_at_start >= 0),
    jobs_committed  INTEGER NOT NULL DEFAULT 0 CHECK (jobs_committed >= 0),
    closed_on       DATE,
    CHECK (closed_on IS NULL OR closed_on >= submitted_on),
    -- only a retained project receives aid or commits to jobs (a pending one states what it asks for)
    CHECK (decision IN ('retained', 'pending') OR (aid_eur = 0 AND jobs_committed = 0))
);

-- "Apports en compétence": days a partner's manager spends with the firm.
CREATE TABLE missions (
    id          VARCHAR PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    project     VARCHAR NOT NULL REFERENCES projects (id),
    partner     VARCHAR NOT NULL REFERENCES partners (id),
    days        DECIMAL(6, 1) NOT NULL CHECK (days > 0 AND days <= 365),
    theme       VARCHAR NOT NULL CHECK (theme IN ('finance', 'hr', 'quality', 'export', 'production', 'marketing', 'strategy', 'it', 'legal')),
    started_on  DATE NOT NULL
);

-- Headcount of an aided firm as observed at a follow-up visit.
CREATE TABLE followups (
    project     VARCHAR NOT NULL REFERENCES projects (id),
    observed_on DATE NOT NULL,
    jobs        INTEGER NOT NULL CHECK (jobs >= 0),
    PRIMARY KEY (project, observed_on)
);

CREATE TABLE repayments (
    project     VARCHAR NOT NULL REFERENCES projects (id),
    paid_on     DATE NOT NULL,
    amount_eur  BIGINT NOT NULL CHECK (amount_eur > 0),
    kind        VARCHAR NOT NULL CHECK (kind IN ('repayment', 'write_off')),
    PRIMARY KEY (project, paid_on, kind)
);

-- A loan's repayment schedule (the schedule in force): one row per instalment of a retained project's
-- aid. rescheduled_on: the day the schedule this instalment belongs to was agreed (empty: the original).
CREATE TABLE instalments (
    project        VARCHAR NOT NULL REFERENCES projects (id),
    due_on         DATE NOT NULL,
    amount_eur     BIGINT NOT NULL CHECK (amount_eur > 0),
    rescheduled_on DATE,
    CHECK (rescheduled_on IS NULL OR rescheduled_on <= due_on),
    PRIMARY KEY (project, due_on)
);

-- Where the loaded records come from: 'demo' for the shipped demonstration network.
CREATE TABLE meta (
    key         VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL
);
