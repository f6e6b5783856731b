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
    /// Print the OpenAPI document (as served at /api/v1/openapi.json) and exit.
    /// `docs/openapi.json` is this output; a test fails when it is stale.
    Openapi,
    /// Operator tasks.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Print a new VAPID key pair for Web Push, as settings to paste into the
    /// config file (`[push]`), and exit. Keep the private key secret; changing
    /// it invalidates every browser's subscription.
    VapidKeys,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Print a single-use link (valid for `accounts.operator_link_ttl_secs`,
    /// 15 minutes by default) that lets the user set a new password: for a
    /// locked-out user when the server sends no mail. Hand it over privately;
    /// using it logs out every device of the account.
    ResetLink {
        /// The account's username.
        username: String,
    },
    /// Make the user a site administrator: they get the admin area (accounts,
    /// the site's report queue, the site audit log). Logged in that log.
    Grant {
        /// The account's username.
        username: String,
    },
    /// Take the site administrator flag away again.
    Revoke {
        /// The account's username.
        username: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    confab_domain::allocator::return_large_blocks_to_the_system();
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => {
            println!(
                "{}",
                serde_json::to_string_pretty(&confab_api::openapi::document())?
            );
        }
        Command::VapidKeys => {
            let (private, public) = confab_domain::push::generate_keys()?;
            println!(
                "[push]\nvapid_private_key = \"{private}\"\n# public key (browsers get it from GET /api/v1/push/vapid-key): {public}"
            );
        }
        Command::Migrate => {
            let settings = load_settings(cli.config)?;
            let applied = db::run_migrations(settings.database.url.expose_secret()).await?;
            tracing::info!(count = applied.len(), ?applied, "migrations applied");
        }
        Command::Admin(AdminCommand::ResetLink { username }) => {
            let settings = load_settings(cli.config)?;
            let platform = confab_domain::Platform::build(&settings)?;
            let link = platform.auth.operator_reset_link(&username).await?;
            tracing::info!(%username, "operator reset link made");
            println!("{link}");
        }
        Command::Admin(AdminCommand::Grant { username }) => {
            set_site_admin(cli.config, &username, true).await?;
        }
        Command::Admin(AdminCommand::Revoke { username }) => {
            set_site_admin(cli.config, &username, false).await?;
        }
        Command::Serve => {
            let app = Application::build(load_settings(cli.config)?).await?;
            tracing::info!(port = app.port(), "confab-api listening");
            confab_web::systemd::notify_ready();
            app.run_until_stopped().await?;
            tracing::info!("confab-api stopped");
        }
    }
    Ok(())
}

/// Gives or takes the site administrator flag, and says what happened.
async fn set_site_admin(
    config: Option<PathBuf>,
    username: &str,
    admin: bool,
) -> anyhow::Result<()> {
    let settings = load_settings(config)?;
    let platform = confab_domain::Platform::build(&settings)?;
    let name = confab_domain::users::Username::parse(username)?;
    let mut conn = platform.conn().await?;
    let changed = confab_domain::admin::set_site_admin(&mut conn, &name, admin).await?;
    let state = if admin {
        "a site administrator"
    } else {
        "not a site administrator"
    };
    let already = if changed { "is now" } else { "was already" };
    tracing::info!(%username, admin, changed, "site administrator flag set");
    println!("{username} {already} {state}");
    Ok(())
}

/// The settings, with logging set up from them.
fn load_settings(config: Option<PathBuf>) -> anyhow::Result<Settings> {
    let settings = Settings::load(config)?;
    telemetry::init(&settings.log);
    Ok(settings)
}
