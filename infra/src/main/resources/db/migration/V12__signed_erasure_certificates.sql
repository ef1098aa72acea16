-- An erasure certificate's signature: a compact JWS by the deployment's signing key over the
-- certificate's canonical form, written in the same statement that completes the certificate, so
-- asking again answers the same signed certificate. The signing key itself is never in this
-- database. Certificates completed before signing existed keep NULL: they were never signed, and
-- signing them now would vouch for rows nobody checked at the time.
ALTER TABLE erasure_ledger ADD COLUMN signature TEXT;
