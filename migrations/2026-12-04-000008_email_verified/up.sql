-- When the user proved they own `email` (by a link sent to it). Only a proven
-- email may link an external identity to the account; changing the email
-- clears it.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
