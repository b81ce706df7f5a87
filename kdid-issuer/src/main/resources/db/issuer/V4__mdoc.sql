-- ISO/IEC 18013-5 mdoc: the issuer's IACA root and document-signer certificates (public data; their
-- keys stay in the key vault), newest last per kind.
CREATE TABLE mdoc_certificates (
  id           VARCHAR(64)  PRIMARY KEY,
  kind         VARCHAR(8)   NOT NULL,
  der_base64   VARCHAR      NOT NULL,
  not_after    BIGINT       NOT NULL,
  created_at   BIGINT       NOT NULL
);

-- An access token may be used once per credential configuration of its grant (the SD-JWT VC and
-- the mdoc of one card); both formats issued with one token belong to one card, one batch. The
-- card row is claimed first (its primary key makes concurrent requests agree on one batch).
CREATE TABLE token_cards (
  token_hash        CHAR(64)     PRIMARY KEY,
  batch_id          VARCHAR(64)  NOT NULL,
  created_at        BIGINT       NOT NULL
);

CREATE TABLE token_uses (
  token_hash        CHAR(64)     NOT NULL,
  configuration_id  VARCHAR(256) NOT NULL,
  used_at           BIGINT       NOT NULL,
  PRIMARY KEY (token_hash, configuration_id)
);

-- What a deferred request was for beyond its type: the configuration (format), the card (batch) it
-- issues into, and the offer (a renewal or re-issue replaces what its offer names).
CREATE TABLE deferred_details (
  deferred_id       VARCHAR(64)  PRIMARY KEY,
  configuration_id  VARCHAR(256) NOT NULL,
  batch_id          VARCHAR(64)  NOT NULL,
  offer_id          VARCHAR(64)
);
