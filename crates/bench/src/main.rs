//! Load generators for Confab. Each subcommand drives a running deployment over
//! its public API, as clients would, and prints one JSON result line (which
//! scripts/bench stores so runs can be compared).

mod client;
mod cpu;
mod gateway;
mod group;
mod messages;
mod search;
mod sockets;
mod stats;
mod uploads;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Concurrent senders posting DMs through the REST API (closed loop).
    Messages(messages::Args),
    /// Sockets on a gateway and DMs at a fixed rate: reach, latency, memory.
    Gateway(gateway::Args),
    /// One group of many members, some online on several gateways: fan-out.
    Group(group::Args),
    /// Many large uploads at once: throughput and the API's peak memory.
    Uploads(uploads::Args),
    /// Searches over a seeded database: latency by kind of query and user.
    Search(search::Args),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Messages(args) => messages::run(args).await,
        Command::Gateway(args) => gateway::run(args).await,
        Command::Group(args) => group::run(args).await,
        Command::Uploads(args) => uploads::run(args).await,
        Command::Search(args) => search::run(args).await,
    }
}
