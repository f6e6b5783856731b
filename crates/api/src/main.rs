use clap::{Parser, Subcommand};
use confab_api::startup::Application;
use confab_domain::{Settings, db, telemetry};
use secrecy::ExposeSecret;
use std::path::PathBuf;

/// Confab's REST API.
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
    /// Serve the API until SIGINT/SIGTERM.
    Serve,
    /// Apply pending database migrations, then exit. Safe to run from several hosts at once.
    Migrate,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    confab_domain::allocator::return_large_blocks_to_the_system();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config)?;
    telemetry::init(&settings.log);
    match cli.command {
        Command::Migrate => {
            let applied = db::run_migrations(settings.database.url.expose_secret()).await?;
            tracing::info!(count = applied.len(), ?applied, "migrations applied");
        }
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), "confab-api listening");
            confab_web::systemd::notify_ready();
            app.run_until_stopped().await?;
            tracing::info!("confab-api stopped");
        }
    }
    Ok(())
}
