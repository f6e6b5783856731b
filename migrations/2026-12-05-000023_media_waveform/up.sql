-- Audio's loudness over 64 equal slices (one byte each, the loudest 255),
-- decoded from the file when it is processed; drawn as a voice message's waveform.
ALTER TABLE media ADD COLUMN waveform bytea CHECK (octet_length(waveform) = 64);
