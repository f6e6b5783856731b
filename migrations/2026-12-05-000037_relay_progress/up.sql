-- How far the relay has published each partition of a stream layout (the
-- `events.partitions` count): every numbered outbox row up to
-- `published_through` is in that partition's stream, if it has recipients
-- there. Relay shards each publish a share of the partitions, so they progress
-- separately; an outbox row is deleted once every partition of the layout is
-- past it. Written by the relay only (raw SQL).
CREATE TABLE outbox_relay_progress (
    partitions        smallint NOT NULL CHECK (partitions > 0),
    partition_index   smallint NOT NULL CHECK (partition_index >= 0 AND partition_index < partitions),
    published_through bigint   NOT NULL,
    PRIMARY KEY (partitions, partition_index)
);
