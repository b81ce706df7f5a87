-- K-DID issuer service schema. Portable between H2 (embedded default) and PostgreSQL.
-- Times are epoch milliseconds (BIGINT). Secrets (codes, tokens, nonces) are stored as SHA-256
-- hashes only. The issuer keeps personal data here, in its own database; none of it reaches the
-- ledger.

-- The authentic source stand-in: the police agency's registry of licence holders.
CREATE TABLE licence_holders (
  id            VARCHAR(64)  PRIMARY KEY,
  person_ref    VARCHAR(128) NOT NULL UNIQUE,
  claims        VARCHAR      NOT NULL,
  created_at    BIGINT       NOT NULL
);

CREATE TABLE offers (
  id               VARCHAR(64)  PRIMARY KEY,
  code_hash        CHAR(64)     NOT NULL UNIQUE,
  tx_code_hash     CHAR(64)     NOT NULL,
  applicant_id     VARCHAR(64)  NOT NULL REFERENCES licence_holders(id),
  credential_type  VARCHAR(256) NOT NULL,
  created_at       BIGINT       NOT NULL,
  expires_at       BIGINT       NOT NULL,
  state            VARCHAR(16)  NOT NULL,
  failed_attempts  INT          NOT NULL,
  offer_json       VARCHAR      NOT NULL
);

CREATE TABLE access_tokens (
  token_hash   CHAR(64)    PRIMARY KEY,
  offer_id     VARCHAR(64) NOT NULL REFERENCES offers(id),
  expires_at   BIGINT      NOT NULL,
  used         BOOLEAN     NOT NULL
);

CREATE TABLE nonces (
  nonce_hash   CHAR(64) PRIMARY KEY,
  expires_at   BIGINT   NOT NULL,
  used         BOOLEAN  NOT NULL
);

CREATE TABLE status_lists (
  list_id          VARCHAR(64) PRIMARY KEY,
  bits             INT         NOT NULL,
  size             INT         NOT NULL,
  ledger_version   BIGINT      NOT NULL,
  created_at       BIGINT      NOT NULL
);

CREATE TABLE credentials (
  id                VARCHAR(64)  PRIMARY KEY,
  applicant_id      VARCHAR(64)  NOT NULL REFERENCES licence_holders(id),
  credential_type   VARCHAR(256) NOT NULL,
  batch_id          VARCHAR(64)  NOT NULL,
  holder_key        VARCHAR(64)  NOT NULL,
  status_list       VARCHAR(64)  NOT NULL REFERENCES status_lists(list_id),
  status_index      INT          NOT NULL,
  status            VARCHAR(16)  NOT NULL,
  issued_at         BIGINT       NOT NULL,
  expires_at        BIGINT       NOT NULL,
  CONSTRAINT credentials_status_entry UNIQUE (status_list, status_index)
);
CREATE INDEX credentials_by_applicant ON credentials(applicant_id);
CREATE INDEX credentials_by_batch ON credentials(batch_id);

-- Salted issuance commitments waiting to be anchored on the ledger.
CREATE TABLE anchor_queue (
  commitment   CHAR(64)  PRIMARY KEY,
  created_at   BIGINT    NOT NULL,
  anchor_tx    CHAR(64)
);
