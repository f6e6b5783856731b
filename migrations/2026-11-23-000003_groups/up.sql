-- Groups: a group is a conversation (kind 'group') plus its info, roles, bans and
-- pending invitations. Members are the conversation's members, each holding
-- exactly one role.

CREATE TABLE groups (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL UNIQUE REFERENCES conversations (id) ON DELETE CASCADE,
    name            text NOT NULL,
    description     text NOT NULL DEFAULT '',
    photo_media_id  uuid,
    kind            text NOT NULL CHECK (kind IN ('private', 'public')),
    -- Public groups only; unique regardless of case.
    handle          text,
    owner_id        uuid NOT NULL REFERENCES users (id),
    -- Set right after the group's first role is made; the role everyone joins with.
    default_role_id uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'public') = (handle IS NOT NULL))
);
CREATE UNIQUE INDEX groups_handle_unique ON groups (lower(handle));
-- Search of public groups by name prefix (the handle index serves handles).
CREATE INDEX groups_public_name ON groups (lower(name) text_pattern_ops) WHERE kind = 'public';
CREATE INDEX groups_handle_prefix ON groups (lower(handle) text_pattern_ops) WHERE kind = 'public';

CREATE TABLE group_roles (
    id          uuid PRIMARY KEY,
    group_id    uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    name        text NOT NULL,
    colour      text,
    -- Higher outranks lower; the owner outranks every role.
    priority    integer NOT NULL,
    permissions text[] NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_roles_group ON group_roles (group_id, priority DESC);

ALTER TABLE groups ADD FOREIGN KEY (default_role_id) REFERENCES group_roles (id) DEFERRABLE INITIALLY DEFERRED;

-- A group member's role (NULL for DM members).
ALTER TABLE conversation_members ADD COLUMN role_id uuid REFERENCES group_roles (id);
CREATE INDEX conversation_members_role ON conversation_members (role_id) WHERE role_id IS NOT NULL;

CREATE TABLE group_bans (
    group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    banned_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);

-- Pending invitations only: accepting or declining deletes the row.
CREATE TABLE group_invites (
    id         uuid PRIMARY KEY,
    group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    inviter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invitee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (group_id, invitee_id)
);
CREATE INDEX group_invites_invitee ON group_invites (invitee_id);

-- System messages (group actions) have no author and carry what happened here.
ALTER TABLE messages ADD COLUMN system jsonb;
