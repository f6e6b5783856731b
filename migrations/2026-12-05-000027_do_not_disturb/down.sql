ALTER TABLE users DROP CONSTRAINT users_quiet_hours_whole,
    DROP COLUMN dnd_time_zone, DROP COLUMN dnd_end_minute,
    DROP COLUMN dnd_start_minute, DROP COLUMN dnd_until;
