-- Bot accounts: users made by a user for their code. A bot has no password
-- and no email; it signs in with access tokens its owner makes.
ALTER TABLE users ADD COLUMN bot_owner_id uuid REFERENCES users (id);
CREATE INDEX users_bot_owner ON users (bot_owner_id) WHERE bot_owner_id IS NOT NULL;
