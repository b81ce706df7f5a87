-- OpenID4VCI authorization code flow (with PKCE), deferred issuance and the holder's self-service
-- pages. Same conventions as V1: times are epoch milliseconds, secrets (codes, tokens, CSRF tokens,
-- transaction ids, session ids) are stored as SHA-256 hashes only, sign-in secrets as salted
-- Argon2id hashes only.

-- TEST identity provider: stands in for the government's sign-in service. Each account signs in
-- as one applicant of the authentic source. Never holds real people's credentials.
CREATE TABLE test_idp_accounts (
  login_id       VARCHAR(64)  PRIMARY KEY,
  applicant_id   VARCHAR(64)  NOT NULL REFERENCES licence_holders(id),
  password_hash  VARCHAR(256) NOT NULL,
  created_at     BIGINT       NOT NULL
);
CREATE INDEX test_idp_accounts_by_applicant ON test_idp_accounts(applicant_id);

-- Credential offers with the authorization_code grant: issuer_state binds the sign-in to the
-- applicant the offer was made for.
CREATE TABLE authorization_offers (
  id                 VARCHAR(64)  PRIMARY KEY,
  issuer_state_hash  CHAR(64)     NOT NULL UNIQUE,
  applicant_id       VARCHAR(64)  NOT NULL REFERENCES licence_holders(id),
  credential_type    VARCHAR(256) NOT NULL,
  created_at         BIGINT       NOT NULL,
  expires_at         BIGINT       NOT NULL,
  used               BOOLEAN      NOT NULL
);

-- One authorization request: PENDING (sign-in page open), CODE_ISSUED (code sent to the
-- wallet), REDEEMED (code exchanged or burnt), DENIED.
CREATE TABLE authorizations (
  id                VARCHAR(64)   PRIMARY KEY,
  csrf_hash         CHAR(64)      NOT NULL,
  client_id         VARCHAR(128)  NOT NULL,
  redirect_uri      VARCHAR(2048) NOT NULL,
  code_challenge    VARCHAR(128)  NOT NULL,
  client_state      VARCHAR(1024),
  credential_type   VARCHAR(256)  NOT NULL,
  with_details      BOOLEAN       NOT NULL,
  offer_id          VARCHAR(64)   REFERENCES authorization_offers(id),
  status            VARCHAR(16)   NOT NULL,
  failed_logins     INT           NOT NULL,
  created_at        BIGINT        NOT NULL,
  expires_at        BIGINT        NOT NULL,
  applicant_id      VARCHAR(64)   REFERENCES licence_holders(id),
  code_hash         CHAR(64)      UNIQUE,
  code_expires_at   BIGINT
);

-- Access tokens from the authorization code grant name their authorization instead of an offer.
ALTER TABLE access_tokens ALTER COLUMN offer_id DROP NOT NULL;
ALTER TABLE access_tokens ADD COLUMN authorization_id VARCHAR(64) REFERENCES authorizations(id);

-- Deferred issuance: the request waits for an officer. The holder keys of the original request
-- are kept (public JWKs) so the credentials can be issued to them after approval.
CREATE TABLE deferred_transactions (
  id                 VARCHAR(64)  PRIMARY KEY,
  transaction_hash   CHAR(64)     NOT NULL UNIQUE,
  token_hash         CHAR(64)     NOT NULL,
  applicant_id       VARCHAR(64)  NOT NULL REFERENCES licence_holders(id),
  credential_type    VARCHAR(256) NOT NULL,
  holder_keys        VARCHAR      NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  created_at         BIGINT       NOT NULL,
  expires_at         BIGINT       NOT NULL,
  decided_at         BIGINT
);
CREATE INDEX deferred_by_status ON deferred_transactions(status);

-- The holder's self-service sessions (credential list, revocation after a lost phone).
CREATE TABLE holder_sessions (
  session_hash  CHAR(64)    PRIMARY KEY,
  applicant_id  VARCHAR(64) NOT NULL REFERENCES licence_holders(id),
  created_at    BIGINT      NOT NULL,
  expires_at    BIGINT      NOT NULL
);
