ALTER TABLE media DROP COLUMN waveform;
