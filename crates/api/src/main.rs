//! `sanxiang`: serve the API and app, run migrations, print the OpenAPI document.

use clap::{Parser, Subcommand};
use sanxiang_api::{openapi, telemetry, Application, Config};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sanxiang",
    version,
    about = "Sanxiang (三项): administrative law enforcement — disclosure, whole-process recording, legal review"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API under /api and the web app at /.
    Serve {
        /// Seed a demo agency (桓仁满族自治县财政局) and one user per role on first start.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (JSON) to standard output.
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        return match openapi::document_json() {
            Ok(s) => {
                print!("{s}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log);
    let result = actix_web::rt::System::new().block_on(async move {
        match cli.command {
            Command::Serve { demo } => serve(config, demo).await,
            Command::Migrate => migrate(config).await,
            Command::Openapi => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let bind = config.bind.clone();
    let (app, first) = Application::build(config, demo).await?;
    for line in first.lines {
        println!("{line}");
    }
    println!(
        "Sanxiang is listening on http://{bind} (app at /, API under /api, docs at /api/docs/)"
    );
    tracing::info!(port = app.port(), "server started");
    app.run_until_stopped().await?;
    Ok(())
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    sanxiang_api::bootstrap::prepare_dirs(&config)?;
    let db = sanxiang_persistence::Db::connect(&config.database_url).await?;
    db.migrate().await?;
    println!(
        "migrations applied; pending: {}",
        db.pending_migrations().await?
    );
    Ok(())
}
