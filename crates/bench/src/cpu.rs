//! Where a run's CPU went: the CPU time of the processes behind it, summed by
//! command name (every Postgres backend under `postgres`), read from /proc
//! before and after. The load generator counts itself, since it shares the
//! cores with what it measures.

use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// The processes a run watches: the services, their stores and the load
/// generator.
pub const WATCHED: &[&str] = &[
    "confab-api",
    "confab-gateway",
    "redis-server",
    "postgres",
    "confab-bench",
    RELAY_THREAD,
];

/// The relay's thread inside each API process: its CPU is also part of
/// `confab-api`'s, and is reported apart because relay shards divide it.
const RELAY_THREAD: &str = "confab-relay";

/// Linux reports CPU time in USER_HZ ticks, 100 a second on every
/// architecture we run on.
const TICKS_PER_SECOND: f64 = 100.0;

pub struct CpuWindow {
    started: Instant,
    before: BTreeMap<String, f64>,
}

/// CPU seconds per command name over a window, and the wall time it lasted.
#[derive(Debug, Serialize)]
pub struct CpuUse {
    pub wall_seconds: f64,
    pub cpu_seconds: BTreeMap<String, f64>,
}

impl CpuUse {
    /// Microseconds of CPU per unit of work (a delivery, a message), per process.
    pub fn micros_per(&self, units: u64) -> BTreeMap<String, f64> {
        self.cpu_seconds
            .iter()
            .map(|(name, seconds)| (name.clone(), seconds * 1e6 / units.max(1) as f64))
            .collect()
    }
}

impl CpuWindow {
    pub fn open() -> Self {
        Self {
            started: Instant::now(),
            before: cpu_seconds_by_name(),
        }
    }

    pub fn close(self) -> CpuUse {
        let after = cpu_seconds_by_name();
        let cpu_seconds = WATCHED
            .iter()
            .map(|&name| {
                let used = after.get(name).copied().unwrap_or(0.0)
                    - self.before.get(name).copied().unwrap_or(0.0);
                // A process that exited inside the window takes its time with it.
                (name.to_owned(), (used.max(0.0) * 100.0).round() / 100.0)
            })
            .collect();
        CpuUse {
            wall_seconds: self.started.elapsed().as_secs_f64(),
            cpu_seconds,
        }
    }
}

fn cpu_seconds_by_name() -> BTreeMap<String, f64> {
    let mut by_name = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return by_name;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        if let Some((command, seconds)) = parse_stat(&stat)
            && WATCHED.contains(&command)
        {
            *by_name.entry(command.to_owned()).or_insert(0.0) += seconds;
            if command == "confab-api" {
                *by_name.entry(RELAY_THREAD.to_owned()).or_insert(0.0) +=
                    relay_thread_seconds(&entry.path());
            }
        }
    }
    by_name
}

/// CPU seconds of the process's threads named [`RELAY_THREAD`].
fn relay_thread_seconds(process: &std::path::Path) -> f64 {
    let Ok(tasks) = std::fs::read_dir(process.join("task")) else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("stat")).ok())
        .filter_map(|stat| {
            parse_stat(&stat).and_then(|(name, seconds)| (name == RELAY_THREAD).then_some(seconds))
        })
        .sum()
}

/// The command name and user + system CPU seconds of a `/proc/<pid>/stat`.
fn parse_stat(stat: &str) -> Option<(&str, f64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let command = &stat[open + 1..close];
    // After the command: state is field 3 of the line, utime 14 and stime 15.
    let mut rest = stat[close + 1..].split_whitespace().skip(11);
    let user: f64 = rest.next()?.parse().ok()?;
    let system: f64 = rest.next()?.parse().ok()?;
    Some((command, (user + system) / TICKS_PER_SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_command_and_its_cpu_time() {
        let stat = "4242 (confab-gateway) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 75 0 0 20 0 9 0 1234 0 0";
        assert_eq!(parse_stat(stat), Some(("confab-gateway", 3.25)));
    }

    #[test]
    fn a_command_with_spaces_and_parentheses_is_read_whole() {
        let stat = "7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 10 10 0 0 20 0 1 0 1 0 0";
        assert_eq!(parse_stat(stat), Some(("a (b) c", 0.2)));
    }
}
