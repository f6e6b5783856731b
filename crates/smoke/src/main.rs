//! Checks a running Confab deployment end to end over its public surface
//! (HTTPS and WSS through Nginx), as a client would. `scripts/vm-test` runs it
//! from the host against a VM; each check prints `ok   <name> (<ms>)` or
//! `FAIL <name>: <why>`, and the exit status is 0 only if all passed.

mod api;
mod check;
mod report;
mod socket;
mod state;
mod stream;
mod verify;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
struct Cli {
    /// The deployment's public origin, e.g. https://localhost:8443.
    #[arg(long, env = "CONFAB_SMOKE_BASE")]
    base: String,
    /// A PEM certificate to trust (the deployment's own, self-signed).
    #[arg(long)]
    ca: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign-up, friends, a DM, live delivery over the socket, an image and a
    /// ranged fetch of it; writes what it made to the state file.
    Check {
        #[arg(long)]
        state: PathBuf,
    },
    /// Users, a DM with messages and an image, for a later `verify`.
    Seed {
        #[arg(long)]
        state: PathBuf,
    },
    /// What the state file names is all still there, and a new message is
    /// delivered live.
    Verify {
        #[arg(long)]
        state: PathBuf,
    },
    /// Messages at a fixed rate while the other user listens and resumes
    /// across socket closes: none missing, none twice.
    Stream {
        #[arg(long)]
        state: PathBuf,
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        #[arg(long, default_value_t = 10)]
        rate: u32,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let api = match api::Api::new(&cli.base, cli.ca.as_deref()) {
        Ok(api) => api,
        Err(e) => {
            eprintln!("confab-smoke: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut report = report::Report::default();
    match cli.command {
        Command::Check { state } => check::run(&api, &state, &mut report).await,
        Command::Seed { state } => check::seed(&api, &state, &mut report).await,
        Command::Verify { state } => verify::run(&api, &state, &mut report).await,
        Command::Stream {
            state,
            seconds,
            rate,
        } => stream::run(&api, &state, seconds, rate, &mut report).await,
    }
    report.exit_code()
}
