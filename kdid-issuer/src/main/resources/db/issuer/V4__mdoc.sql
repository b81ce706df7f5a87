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
-- the mdoc of one card); both formats issued with one token belong to one batch.
CREATE TABLE token_uses (
  token_hash        CHAR(64)     NOT NULL,
  configuration_id  VARCHAR(256) NOT NULL,
  batch_id          VARCHAR(64)  NOT NULL,
  used_at           BIGINT       NOT NULL,
  PRIMARY KEY (token_hash, configuration_id)
);
