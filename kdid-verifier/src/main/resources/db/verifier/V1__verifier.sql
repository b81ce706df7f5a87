-- K-DID verifier service schema. Portable between H2 (embedded default) and PostgreSQL.
-- Times are epoch milliseconds (BIGINT). Several verifiers may share one database: rows carry the
-- verifier's name. Read secrets are stored as SHA-256 hashes only. Disclosed claims (personal
-- data) live in claims_json only, and are deleted once the result retention has passed; the
-- outcome (verified, error code, checks, which never contain claim values) is kept.

CREATE TABLE presentation_requests (
  id                VARCHAR(64)   PRIMARY KEY,
  verifier          VARCHAR(32)   NOT NULL,
  nonce             VARCHAR(128)  NOT NULL UNIQUE,
  state             VARCHAR(128)  NOT NULL UNIQUE,
  credential_type   VARCHAR(256)  NOT NULL,
  dcql_query        VARCHAR       NOT NULL,
  created_at        BIGINT        NOT NULL,
  expires_at        BIGINT        NOT NULL,
  -- PENDING, ANSWERED (a presentation was verified, successfully or not), DECLINED (the wallet
  -- sent an error response), EXPIRED
  status            VARCHAR(16)   NOT NULL,
  read_secret_hash  CHAR(64)      NOT NULL,
  answered_at       BIGINT,
  verified          BOOLEAN,
  error_code        VARCHAR(64),
  outcome_json      VARCHAR,
  claims_json       VARCHAR,
  purged            BOOLEAN       NOT NULL
);
CREATE INDEX presentation_requests_open ON presentation_requests(status, expires_at);
CREATE INDEX presentation_requests_answered ON presentation_requests(answered_at);

-- Salted verification commitments waiting to be anchored on the ledger.
CREATE TABLE anchor_queue (
  commitment   CHAR(64)     PRIMARY KEY,
  verifier     VARCHAR(32)  NOT NULL,
  created_at   BIGINT       NOT NULL,
  anchor_tx    CHAR(64)
);
CREATE INDEX anchor_queue_pending ON anchor_queue(verifier, anchor_tx, created_at);
