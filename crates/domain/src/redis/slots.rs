//! Pipelines on a Redis Cluster. A cluster node answers a pipeline only when
//! every key in it hashes to one slot (redis's async cluster client refuses the
//! rest with `CrossSlot`), and several of ours mix slots on purpose: the relay
//! publishes a batch into each of its partitions in one round trip, a
//! revocation records several logins, a heartbeat runs the user's script and
//! raises the global presence index. On a cluster such a pipeline is split into
//! one per slot, the parts run at once, and the replies are put back in the
//! pipeline's order.
//!
//! Order is kept within a slot (a partition's stream and its marker share one,
//! by their hash tag), not between slots: different nodes could not promise
//! that anyway.

use futures_util::future::try_join_all;
use redis::aio::ConnectionLike;
use redis::cluster_routing::Slot;
use redis::{Arg, Cmd, Pipeline, RedisResult, Value};

fn arg(cmd: &Cmd, index: usize) -> Option<&[u8]> {
    match cmd.args_iter().nth(index)? {
        Arg::Simple(bytes) => Some(bytes),
        _ => None,
    }
}

/// The key a command is routed by: a script's or function's first key (none
/// if it has no keys), else its first argument.
fn routing_key(cmd: &Cmd) -> Option<&[u8]> {
    let name = arg(cmd, 0)?;
    let takes_numkeys = [
        &b"EVAL"[..],
        b"EVALSHA",
        b"EVAL_RO",
        b"EVALSHA_RO",
        b"FCALL",
    ]
    .iter()
    .any(|script| name.eq_ignore_ascii_case(script));
    if takes_numkeys {
        let numkeys: usize = std::str::from_utf8(arg(cmd, 2)?).ok()?.parse().ok()?;
        return if numkeys > 0 { arg(cmd, 3) } else { None };
    }
    arg(cmd, 1)
}

/// One pipeline per slot, in the order each slot first appears, each with the
/// positions its commands had in the whole. Commands without a key form a part
/// of their own.
pub(crate) fn split_by_slot(pipeline: &Pipeline) -> Vec<(Pipeline, Vec<usize>)> {
    let mut parts: Vec<(Option<Slot>, Pipeline, Vec<usize>)> = Vec::new();
    for (position, cmd) in pipeline.cmd_iter().enumerate() {
        let slot = routing_key(cmd).map(Slot::for_key);
        let part = match parts.iter().position(|(s, _, _)| *s == slot) {
            Some(i) => i,
            None => {
                parts.push((slot, redis::pipe(), Vec::new()));
                parts.len() - 1
            }
        };
        parts[part].1.add_command(cmd.clone());
        parts[part].2.push(position);
    }
    parts
        .into_iter()
        .map(|(_, part, positions)| (part, positions))
        .collect()
}

/// `req_packed_commands` for a cluster connection: the pipeline as one request
/// when it stays in one slot (or is a transaction, which must), else one per
/// slot, concurrently, with every reply back at its command's position.
pub(crate) async fn query_by_slot<C>(
    conn: &C,
    pipeline: &Pipeline,
    offset: usize,
    count: usize,
) -> RedisResult<Vec<Value>>
where
    C: ConnectionLike + Clone + Send,
{
    let parts = if pipeline.is_transaction() {
        Vec::new()
    } else {
        split_by_slot(pipeline)
    };
    if parts.len() <= 1 {
        return conn
            .clone()
            .req_packed_commands(pipeline, offset, count)
            .await;
    }
    let replies = try_join_all(parts.iter().map(|(part, _)| {
        let mut conn = conn.clone();
        async move { conn.req_packed_commands(part, 0, part.len()).await }
    }))
    .await?;
    let mut ordered = vec![Value::Nil; pipeline.len()];
    for ((_, positions), values) in parts.iter().zip(replies) {
        for (&position, value) in positions.iter().zip(values) {
            ordered[position] = value;
        }
    }
    Ok(ordered.into_iter().skip(offset).take(count).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot_of(key: &str) -> Slot {
        Slot::for_key(key)
    }

    #[test]
    fn commands_are_grouped_by_the_slot_of_their_key_keeping_their_order() {
        let mut pipe = redis::pipe();
        pipe.cmd("XADD")
            .arg("p:{ev8.1}")
            .arg("1-0")
            .arg("f")
            .arg("a");
        pipe.cmd("XADD")
            .arg("p:{ev8.2}")
            .arg("1-0")
            .arg("f")
            .arg("b");
        pipe.cmd("SET").arg("p:{ev8.1}:published").arg(1);
        pipe.cmd("SET").arg("p:{ev8.2}:published").arg(1);
        let parts = split_by_slot(&pipe);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].1, vec![0, 2]);
        assert_eq!(parts[1].1, vec![1, 3]);
        let first: Vec<&[u8]> = parts[0].0.cmd_iter().filter_map(|c| arg(c, 1)).collect();
        assert_eq!(first, vec![&b"p:{ev8.1}"[..], b"p:{ev8.1}:published"]);
    }

    #[test]
    fn a_script_is_routed_by_its_first_key_and_a_keyless_one_apart() {
        let mut script = redis::cmd("EVAL");
        script
            .arg("return 1")
            .arg(2)
            .arg("{pr:u}:conns")
            .arg("{pr:u}:away");
        assert_eq!(
            routing_key(&script).map(Slot::for_key),
            Some(slot_of("{pr:u}:conns"))
        );
        let mut keyless = redis::cmd("EVAL");
        keyless.arg("return 1").arg(0).arg("an-argument");
        assert_eq!(routing_key(&keyless), None);

        let mut pipe = redis::pipe();
        pipe.add_command(script);
        pipe.cmd("ZADD").arg("presence:index").arg(1).arg("u");
        pipe.add_command(keyless);
        let parts = split_by_slot(&pipe);
        let positions: Vec<Vec<usize>> = parts.into_iter().map(|(_, p)| p).collect();
        assert_eq!(positions, vec![vec![0], vec![1], vec![2]]);
    }

    #[test]
    fn a_pipeline_in_one_slot_stays_whole() {
        let mut pipe = redis::pipe();
        pipe.cmd("INCR").arg("{rl:u}:a");
        pipe.cmd("TTL").arg("{rl:u}:a");
        let parts = split_by_slot(&pipe);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].1, vec![0, 1]);
    }
}
