-- Do not disturb: no pushes (and no sounds in the web app) until a time, and
-- every day during quiet hours in the user's time zone. Notifications are
-- still kept; unread still counts.
ALTER TABLE users
    ADD COLUMN dnd_until timestamptz,
    ADD COLUMN dnd_start_minute smallint CHECK (dnd_start_minute BETWEEN 0 AND 1439),
    ADD COLUMN dnd_end_minute smallint CHECK (dnd_end_minute BETWEEN 0 AND 1439),
    ADD COLUMN dnd_time_zone text,
    ADD CONSTRAINT users_quiet_hours_whole CHECK (
        (dnd_start_minute IS NULL) = (dnd_end_minute IS NULL)
        AND (dnd_start_minute IS NULL) = (dnd_time_zone IS NULL));
