ALTER TABLE messages DROP COLUMN system;
DROP TABLE group_invites;
DROP TABLE group_bans;
ALTER TABLE conversation_members DROP COLUMN role_id;
ALTER TABLE groups DROP CONSTRAINT groups_default_role_id_fkey;
DROP TABLE group_roles;
DROP TABLE groups;
