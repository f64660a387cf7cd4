//! The `gradus` command. Argument parsing lives here; each subcommand's work lives in its own
//! file. Exit status: 0 success, 2 input that does not fit the contract, 1 anything else.

mod admin;
mod assess;
mod backup;
mod input;
mod library;
mod render;
mod review;
mod serve;
mod simulate;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "gradus",
    version,
    about = "Open, explainable exercise therapy for back, neck and tendon pain"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess an intake: triage, profile and a staged plan.
    Assess {
        /// Print the assessment as JSON (contract §2).
        #[arg(long)]
        json: bool,
        /// Intake JSON file, or - for standard input.
        file: String,
        /// The day of the intake (YYYY-MM-DD); defaults to today (UTC, or `GRADUS_TODAY`). The plan records the day
        /// of any spinal surgery from it, so later reviews count the weeks from their own day.
        #[arg(long)]
        today: Option<String>,
    },
    /// Review a plan against its log: progress, hold, ease back, escalate or stop.
    Review {
        #[arg(long)]
        json: bool,
        /// The plan: a plan, an assessment or an earlier review (JSON file, or -).
        #[arg(long)]
        plan: String,
        /// The log: a JSON array of entries (contract §4).
        #[arg(long)]
        log: String,
        /// The review date (YYYY-MM-DD); defaults to the date of the last log entry.
        #[arg(long)]
        today: Option<String>,
    },
    /// Run the server (JSON API and web app).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "GRADUS_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        #[command(flatten)]
        db: Database,
        /// Whether anyone may create a member account: open or closed.
        #[arg(long, env = "GRADUS_SIGNUP", default_value = "open", value_parser = ["open", "closed"])]
        signup: String,
        /// Mark session cookies Secure (when served over TLS or behind a TLS proxy).
        #[arg(long, env = "GRADUS_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Lifetime of an API token, in seconds.
        #[arg(long, env = "GRADUS_TOKEN_TTL", default_value_t = 7 * 24 * 3600)]
        token_ttl: i64,
        /// Absolute lifetime of a web session, in seconds.
        #[arg(long, env = "GRADUS_SESSION_TTL", default_value_t = 12 * 3600)]
        session_ttl: i64,
        /// A web session unused for this many seconds has ended.
        #[arg(long, env = "GRADUS_SESSION_IDLE", default_value_t = 30 * 60)]
        session_idle: i64,
        /// Purge expired tokens, idle sessions and used links every this many seconds (0: never).
        #[arg(long, env = "GRADUS_PURGE_EVERY", default_value_t = 3600)]
        purge_every: u64,
        /// Proxies (addresses or networks, comma separated) whose X-Forwarded-For names the
        /// client; from anyone else the header is ignored.
        #[arg(long, env = "GRADUS_TRUSTED_PROXIES", default_value = "")]
        trusted_proxy: String,
        /// Seconds a connection may take to send a request's headers before it is closed.
        #[arg(long, env = "GRADUS_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
        header_timeout: u64,
        /// Connections held at once; past this, new ones wait until one closes.
        #[arg(long, env = "GRADUS_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        max_connections: u64,
        /// Log entries one member may store in 24 hours.
        #[arg(long, env = "GRADUS_LOG_ENTRIES_PER_DAY", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
        log_entries_per_day: u32,
        /// Intakes (new assessments) one member may store in 24 hours.
        #[arg(long, env = "GRADUS_INTAKES_PER_DAY", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
        intakes_per_day: u32,
    },
    /// Set a clinic up: organisations, staff accounts, assignments.
    Admin {
        #[command(flatten)]
        db: Database,
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Copy the database, consistently, to a new file while the server runs (SQLite; for
    /// PostgreSQL it says how to use pg_dump). Audited.
    Backup {
        #[command(flatten)]
        db: Database,
        /// The new file to write (must not exist yet).
        dest: std::path::PathBuf,
    },
    /// Put a backup back as the database. Stop the server first; the database it replaces is
    /// kept beside it, renamed.
    Restore {
        #[command(flatten)]
        db: Database,
        /// A file written by `gradus backup`.
        src: std::path::PathBuf,
    },
    /// Read the audit trail, or (`gradus audit verify`) check that it was not tampered with.
    Audit {
        #[command(flatten)]
        db: Database,
        #[command(subcommand)]
        verify: Option<AuditCommand>,
        /// Only events about this member id.
        #[arg(long)]
        member: Option<String>,
        /// Only events on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Run the review policy over a virtual cohort for some weeks and report what a
    /// physiotherapist would look for (stalls, late or repeated escalations, dose jumps).
    Simulate {
        /// How many virtual people (every programme meets every trajectory from 88).
        #[arg(long, default_value_t = 88)]
        members: usize,
        /// How many weekly reviews to follow each one for.
        #[arg(long, default_value_t = 12)]
        weeks: usize,
        /// The seed of the cohort: the same seed gives the same people and the same run.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print the whole run as JSON (every member's weeks and the summary).
        #[arg(long)]
        json: bool,
    },
    /// The exercise library.
    Library {
        /// Print every exercise as JSON.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        show: Option<LibraryCommand>,
    },
}

#[derive(clap::Args)]
struct Database {
    /// Database URL: sqlite://PATH (created on first run) or postgres://…
    #[arg(
        long,
        global = true,
        env = "GRADUS_DATABASE",
        default_value = "sqlite://./gradus-data/gradus.db"
    )]
    database: String,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an organisation (a clinic, employer or health plan).
    CreateOrg { name: String },
    /// Create a staff account; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        /// clinician or admin (or member).
        #[arg(long)]
        role: String,
    },
    /// Assign a member to a clinician (the member joins the clinician's organisation).
    Assign {
        #[arg(long)]
        clinician: String,
        #[arg(long)]
        member: String,
    },
    /// Take a member off a clinician's caseload (the clinician no longer sees them).
    Unassign {
        #[arg(long)]
        clinician: String,
        #[arg(long)]
        member: String,
    },
    /// Disable an account: it cannot sign in, and its tokens and sessions fail at once.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// Revoke every token and session of an account (it must sign in again).
    RevokeTokens { email: String },
    /// Print a single-use password reset link, valid for an hour.
    ResetLink {
        email: String,
        /// The server's address as people reach it.
        #[arg(long, env = "GRADUS_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
    /// Whether an organisation's staff must sign in with a TOTP code: on or off.
    Require2fa {
        #[arg(long)]
        org: String,
        #[arg(value_parser = ["on", "off"])]
        setting: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the audit trail's hash chain: the rows, the head hash and the first broken link.
    /// Exit status 0 when intact, 3 when broken.
    Verify {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum LibraryCommand {
    /// Print one exercise in full.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

/// How a command failed, which decides the exit status.
pub enum Failure {
    /// The input does not fit the contract (exit 2).
    Input(String),
    /// Anything else (exit 1).
    Other(String),
    /// The audit trail's chain is broken (exit 3): the report, printed on standard output.
    Tampered(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Assess { json, file, today } => assess::run(&file, json, today.as_deref()),
        Command::Review {
            json,
            plan,
            log,
            today,
        } => review::run(&plan, &log, today.as_deref(), json),
        Command::Serve {
            listen,
            db,
            signup,
            secure_cookies,
            trusted_proxy,
            header_timeout,
            max_connections,
            log_entries_per_day,
            intakes_per_day,
            token_ttl,
            session_ttl,
            session_idle,
            purge_every,
        } => match gradus_server::client::parse_trusted(&trusted_proxy) {
            Ok(trusted_proxies) => serve::run(
                &listen,
                &db.database,
                gradus_server::Config {
                    signup_open: signup == "open",
                    secure_cookies,
                    trusted_proxies,
                    header_read_timeout_secs: header_timeout,
                    max_connections: max_connections as usize,
                    quotas: gradus_app::Quotas {
                        log_entries_per_day,
                        intakes_per_day,
                    },
                    token_ttl_secs: token_ttl.max(1),
                    session_ttl_secs: session_ttl.max(1),
                    session_idle_secs: session_idle.max(1),
                    purge_every_secs: purge_every,
                    ..Default::default()
                },
            ),
            Err(e) => Err(Failure::Input(e)),
        },
        Command::Admin { db, command } => match command {
            AdminCommand::CreateOrg { name } => admin::create_org(&db.database, &name),
            AdminCommand::CreateUser { org, email, role } => {
                admin::create_user(&db.database, &org, &email, &role)
            }
            AdminCommand::Assign { clinician, member } => {
                admin::assign(&db.database, &clinician, &member)
            }
            AdminCommand::Unassign { clinician, member } => {
                admin::unassign(&db.database, &clinician, &member)
            }
            AdminCommand::Disable { email } => admin::disable(&db.database, &email),
            AdminCommand::Enable { email } => admin::enable(&db.database, &email),
            AdminCommand::RevokeTokens { email } => admin::revoke_tokens(&db.database, &email),
            AdminCommand::ResetLink { email, base_url } => {
                admin::reset_link(&db.database, &email, &base_url)
            }
            AdminCommand::Require2fa { org, setting } => {
                admin::require_2fa(&db.database, &org, setting == "on")
            }
        },
        Command::Backup { db, dest } => backup::backup(&db.database, &dest),
        Command::Restore { db, src } => backup::restore(&db.database, &src),
        Command::Audit {
            db,
            verify: Some(AuditCommand::Verify { json }),
            ..
        } => admin::audit_verify(&db.database, json),
        Command::Audit {
            db,
            member,
            since,
            json,
            verify: None,
        } => admin::audit(&db.database, member.as_deref(), since.as_deref(), json),
        Command::Simulate {
            members,
            weeks,
            seed,
            json,
        } => simulate::run(members, weeks, seed, json),
        Command::Library { json, show: None } => library::list(json),
        Command::Library {
            show: Some(LibraryCommand::Show { id, json }),
            ..
        } => library::show(&id, json),
    };
    match result {
        Ok(text) => {
            // A reader that stops early (`| head`) is not an error of ours.
            if !text.is_empty()
                && let Err(e) = writeln!(std::io::stdout(), "{text}")
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("gradus: writing the output: {e}");
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Input(msg)) => {
            eprintln!("gradus: invalid input: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Other(msg)) => {
            eprintln!("gradus: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Tampered(report)) => {
            println!("{report}");
            eprintln!("gradus: the audit trail has been tampered with (see above)");
            ExitCode::from(3)
        }
    }
}
