use clap::{Parser, Subcommand};
use confab_domain::{Settings, telemetry};
use confab_gateway::startup::Application;
use std::path::PathBuf;

/// Confab's WebSocket gateway.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// A TOML settings file (also `CONFAB_CONFIG`); `CONFAB_*` variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve WebSockets until SIGINT/SIGTERM.
    Serve,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load(cli.config)?;
    telemetry::init(&settings.log);
    match cli.command {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), "confab-gateway listening");
            confab_web::systemd::notify_ready();
            app.run_until_stopped().await?;
            tracing::info!("confab-gateway stopped");
        }
    }
    Ok(())
}
