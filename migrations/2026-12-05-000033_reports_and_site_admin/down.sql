DROP TABLE site_audit_log;
DROP TABLE reports;
ALTER TABLE users DROP COLUMN disabled_reason, DROP COLUMN disabled_at, DROP COLUMN site_admin;
