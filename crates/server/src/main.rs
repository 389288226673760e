//! The `rencontres-server` binary: serve (the default), or manage accounts. Flags and
//! environment only; everything else is in the library.

// The allocator of every Rencontres binary (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use rencontres_protocol::Role;
use rencontres_server::{Config, SqliteStorage, Storage};

#[derive(Parser)]
#[command(name = "rencontres-server", about = "Central sync server of Rencontres")]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "RENCONTRES_LISTEN", default_value = "127.0.0.1:8787", global = true)]
    listen: SocketAddr,
    /// Data folder (the SQLite store lives in it).
    #[arg(long, env = "RENCONTRES_DATA", default_value = "./server-data", global = true)]
    data: PathBuf,
    /// When the server has no account yet, create this secretariat account first
    /// (password from RENCONTRES_PASSWORD or stdin): how a new server gets its first user.
    #[arg(long, env = "RENCONTRES_BOOTSTRAP_USER", global = true)]
    bootstrap_user: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve sync requests until Ctrl+C or SIGTERM (the default).
    Serve,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Adds an account; the password is read from RENCONTRES_PASSWORD or the first line of stdin.
    Add {
        username: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Lists accounts with their role and state.
    List,
    /// Disables an account and revokes its tokens.
    Disable { username: String },
    /// Sets a new password (RENCONTRES_PASSWORD or stdin), re-enables and unlocks the account.
    ResetPassword { username: String },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "the role is one of secretariat, committee, organiser".to_string())
}

fn read_password() -> anyhow::Result<String> {
    let password = match std::env::var("RENCONTRES_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            eprintln!("Password (one line):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).context("reading the password from stdin")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if password.chars().count() < 10 {
        bail!("the password must have at least 10 characters");
    }
    Ok(password)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl+C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("RENCONTRES_LOG").unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            if let Some(username) = &cli.bootstrap_user {
                let storage = SqliteStorage::open_folder(&cli.data)
                    .with_context(|| format!("opening the server store in {}", cli.data.display()))?;
                if storage.users()?.is_empty() {
                    storage.add_user(username, Role::Secretariat, &read_password()?)?;
                    tracing::info!(user = %username, "created the first secretariat account");
                }
            }
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(rencontres_server::serve(Config::new(cli.listen, cli.data), shutdown_signal()))?;
        }
        Command::User { action } => {
            let storage = SqliteStorage::open_folder(&cli.data)
                .with_context(|| format!("opening the server store in {}", cli.data.display()))?;
            match action {
                UserAction::Add { username, role } => {
                    let user = storage.add_user(&username, role, &read_password()?)?;
                    println!("added {} ({})", user.username, user.role.as_str());
                }
                UserAction::List => {
                    for user in storage.users()? {
                        let state = if user.disabled { "disabled" } else { "active" };
                        println!("{}\t{}\t{state}", user.username, user.role.as_str());
                    }
                }
                UserAction::Disable { username } => {
                    storage.disable_user(&username)?;
                    println!("disabled {username}; its devices are told so at their next sync and wipe what they synced");
                }
                UserAction::ResetPassword { username } => {
                    storage.reset_password(&username, &read_password()?)?;
                    println!("password of {username} reset; its tokens are revoked");
                }
            }
        }
    }
    Ok(())
}
