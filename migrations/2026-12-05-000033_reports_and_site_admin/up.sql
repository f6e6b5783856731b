-- Reports and site administration (issue #21).

-- A site administrator (granted by `confab-api admin grant`) handles reports
-- of DMs and users and may disable accounts; a disabled account cannot log in
-- and its logins were ended when it was disabled.
ALTER TABLE users
    ADD COLUMN site_admin boolean NOT NULL DEFAULT false,
    ADD COLUMN disabled_at timestamptz,
    ADD COLUMN disabled_reason text;

-- A report of a message or of a user. A message in a group is the group's to
-- handle (members whose role has `manage_reports`); a message in a DM, and a
-- user, are the site administrators'.
CREATE TABLE reports (
    id              uuid PRIMARY KEY,
    reporter_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    -- Whose queue: the group's, or (null) the site's.
    group_id        uuid REFERENCES groups (id) ON DELETE CASCADE,
    conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
    message_id      uuid,
    -- The message's author, or the user reported.
    target_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    -- What the message said when it was reported: the evidence outlives an
    -- edit or a delete.
    message_text    text,
    reason          text NOT NULL,
    details         text NOT NULL DEFAULT '',
    state           text NOT NULL DEFAULT 'open'
                    CHECK (state IN ('open', 'actioned', 'dismissed')),
    handled_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    handled_at      timestamptz,
    -- What was done, as the handler wrote it; told to the reporter.
    outcome         text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_group_queue ON reports (group_id, state, id DESC) WHERE group_id IS NOT NULL;
CREATE INDEX reports_site_queue ON reports (state, id DESC) WHERE group_id IS NULL;
CREATE INDEX reports_by_reporter ON reports (reporter_id, id DESC);
-- One open report per reporter and message (or user): reporting again while
-- it is open changes nothing.
CREATE UNIQUE INDEX reports_one_open_per_message
    ON reports (reporter_id, message_id) WHERE state = 'open' AND message_id IS NOT NULL;
CREATE UNIQUE INDEX reports_one_open_per_user
    ON reports (reporter_id, target_user_id) WHERE state = 'open' AND message_id IS NULL;

-- Every site administrator's action (and the operator's, from the command
-- line: no actor), with reason.
CREATE TABLE site_audit_log (
    id              uuid PRIMARY KEY,
    actor_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    action          text NOT NULL,
    target_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    -- Kept as an id and a name: a deleted group is still named in the log.
    target_group_id uuid,
    details         jsonb NOT NULL DEFAULT '{}',
    reason          text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_audit_log_by_target ON site_audit_log (target_user_id, id DESC);
