//! The layout of events in Redis, shared by the relay that writes it and the
//! gateways that read it.
//!
//! Users are spread over a fixed number of partitions (a hash of the user id);
//! each partition is one stream. An event is written once into each partition that
//! holds at least one of its recipients, listing only those recipients. A user's
//! events are therefore all in one stream, in order, and resuming is one `XRANGE`.
//!
//! Keys carry a Redis Cluster hash tag naming the partition (`{ev8.3}`), so a
//! partition's keys live on one node and partitions spread over the cluster. The
//! partition count is part of the tag: raising it starts new streams, and clients
//! holding ids of the old layout get `resync`.
//!
//! Stream ids are `<seq>-0`, where `seq` is the relay's global publish sequence,
//! so the same event has the same id in every partition and across republishing.

use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct StreamLayout {
    prefix: String,
    partitions: u16,
}

/// Field names of a stream entry.
pub const FIELD_TYPE: &str = "type";
pub const FIELD_RECIPIENTS: &str = "to";
pub const FIELD_DATA: &str = "data";

impl StreamLayout {
    pub fn new(prefix: impl Into<String>, partitions: u16) -> Self {
        assert!(partitions > 0, "at least one partition");
        Self {
            prefix: prefix.into(),
            partitions,
        }
    }

    pub fn partitions(&self) -> u16 {
        self.partitions
    }

    /// The partition that holds a user's events. UUIDv7's low bits are random,
    /// so a remainder spreads users evenly.
    pub fn partition_of(&self, user: Uuid) -> u16 {
        (user.as_u128() % u128::from(self.partitions)) as u16
    }

    fn tag(&self, partition: u16) -> String {
        format!("{}{{ev{}.{}}}", self.prefix, self.partitions, partition)
    }

    /// The stream of one partition.
    pub fn stream_key(&self, partition: u16) -> String {
        format!("{}:stream", self.tag(partition))
    }

    /// The lowest sequence number this stream has held since Redis last started
    /// empty: a client resuming from before it may have missed events.
    pub fn floor_key(&self, partition: u16) -> String {
        format!("{}:floor", self.tag(partition))
    }

    /// How far the relay has published this partition (every event up to this
    /// sequence number that has a recipient here is in its stream). A Redis
    /// restored from an older snapshot (or a lagging replica promoted) holds an
    /// older value than the relay knows it published: the relay compares the
    /// two before publishing, and fills or flags the gap.
    pub fn marker_key(&self, partition: u16) -> String {
        format!("{}:published", self.tag(partition))
    }

    /// The layout-wide marker of releases before relay shards, which kept one
    /// for all partitions: read as every partition's marker until it has its
    /// own, and kept up by a relay with one shard.
    pub fn published_key(&self) -> String {
        format!("{}{{ev{}}}:published", self.prefix, self.partitions)
    }

    /// Groups recipients by partition.
    pub fn split(&self, recipients: &[Uuid]) -> Vec<(u16, Vec<Uuid>)> {
        let mut by_partition: Vec<(u16, Vec<Uuid>)> = Vec::new();
        for &user in recipients {
            let p = self.partition_of(user);
            match by_partition.iter_mut().find(|(q, _)| *q == p) {
                Some((_, users)) => users.push(user),
                None => by_partition.push((p, vec![user])),
            }
        }
        by_partition.sort_by_key(|(p, _)| *p);
        by_partition
    }
}

/// The stream id of an event with publish sequence `seq`.
pub fn stream_id(seq: i64) -> String {
    format!("{seq}-0")
}

/// The sequence part of a stream id (`"42-0"` → 42).
pub fn parse_stream_id(id: &str) -> Option<i64> {
    let (seq, n) = id.split_once('-').unwrap_or((id, "0"));
    n.parse::<u64>().ok()?;
    seq.parse().ok()
}

pub fn encode_recipients(users: &[Uuid]) -> String {
    users
        .iter()
        .map(Uuid::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub fn decode_recipients(field: &str) -> Vec<Uuid> {
    field.split(',').filter_map(|s| s.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_a_cluster_hash_tag_per_partition() {
        let layout = StreamLayout::new("confab:", 8);
        assert_eq!(layout.stream_key(3), "confab:{ev8.3}:stream");
        assert_eq!(layout.floor_key(3), "confab:{ev8.3}:floor");
    }

    #[test]
    fn users_spread_over_partitions_and_split_groups_them() {
        let layout = StreamLayout::new("p:", 4);
        let users: Vec<Uuid> = (0..400).map(|_| Uuid::now_v7()).collect();
        let split = layout.split(&users);
        assert_eq!(split.len(), 4);
        for (p, members) in &split {
            assert!(members.len() > 50, "partition {p} has {}", members.len());
            assert!(members.iter().all(|u| layout.partition_of(*u) == *p));
        }
        assert_eq!(split.iter().map(|(_, m)| m.len()).sum::<usize>(), 400);
    }

    #[test]
    fn ids_and_recipients_round_trip() {
        assert_eq!(parse_stream_id(&stream_id(42)), Some(42));
        assert_eq!(parse_stream_id("7"), Some(7));
        assert_eq!(parse_stream_id("x-0"), None);
        let users = vec![Uuid::now_v7(), Uuid::now_v7()];
        assert_eq!(decode_recipients(&encode_recipients(&users)), users);
    }
}
