-- Credentials ADMIN manages at run time, in the database so that every node checks the same ones on
-- every request: an issue, revocation or password change holds on all nodes once its statement commits.

-- Bearer API tokens. The secret itself is never stored, only its SHA-256 (a random 256-bit secret
-- needs no salt or slow hash: nothing can be guessed from the hash). A revoked token keeps its row so
-- that the name its requests were recorded under ("token:<name>" in the access log and the events'
-- metadata) stays unique and traceable.
CREATE TABLE api_token (
    id          UUID         PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL UNIQUE,
    secret_hash BYTEA        NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
    roles       VARCHAR(16)[] NOT NULL
        CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['AGENT', 'COMPLIANCE', 'ADMIN']::VARCHAR(16)[]),
    created_at  TIMESTAMPTZ  NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    revoked_by  VARCHAR(200)
);

-- Users besides those in the configuration: bcrypt hashes only. Names are case-insensitive, as the
-- configured users' are.
CREATE TABLE api_user (
    name          VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(72)  NOT NULL CHECK (password_hash LIKE '$2_$%'),
    roles         VARCHAR(16)[] NOT NULL
        CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['AGENT', 'COMPLIANCE', 'ADMIN']::VARCHAR(16)[]),
    created_at    TIMESTAMPTZ  NOT NULL,
    created_by    VARCHAR(200) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX api_user_name ON api_user (lower(name));
