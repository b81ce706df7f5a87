-- Credential lifecycle: every status change of a batch (and its issuance) is an event whose salted
-- commitment is anchored on the ledger; the issuer keeps the event itself (with the salt) so it can
-- later prove when the change happened. No personal data here either: batch ids are random.

CREATE TABLE credential_events (
  id           VARCHAR(64)  PRIMARY KEY,
  batch_id     VARCHAR(64)  NOT NULL,
  kind         VARCHAR(32)  NOT NULL,
  reason       VARCHAR(256),
  commitment   CHAR(64)     NOT NULL,
  event_json   VARCHAR      NOT NULL,
  created_at   BIGINT       NOT NULL
);
CREATE INDEX credential_events_by_batch ON credential_events(batch_id);

-- A status change bumps change_seq in the same transaction; publishing a list on the ledger records
-- the change_seq it covered, so a list whose publication failed (ledger down, crash) is published
-- again by the housekeeping timer: nothing is lost between the database and the ledger.
ALTER TABLE status_lists ADD COLUMN change_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE status_lists ADD COLUMN published_seq BIGINT DEFAULT 0 NOT NULL;

-- Offers that renew a batch or re-issue a type to a new device: the credentials they replace are
-- revoked when the new ones are issued.
CREATE TABLE offer_replacements (
  offer_id        VARCHAR(64)  PRIMARY KEY REFERENCES offers(id),
  kind            VARCHAR(16)  NOT NULL,
  replaces_batch  VARCHAR(64)
);

CREATE INDEX credentials_by_expiry ON credentials(expires_at);
