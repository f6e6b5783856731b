-- Time-based one-time codes (RFC 6238). The secret is set when setup starts
-- and required at login only once `totp_enabled_at` is set (after a correct
-- code). `totp_last_step` is the last time step a code was accepted for: each
-- code works once.
ALTER TABLE users
    ADD COLUMN totp_secret text,
    ADD COLUMN totp_enabled_at timestamptz,
    ADD COLUMN totp_last_step bigint;
