//! The `gradus` command. Argument parsing lives here; each subcommand's work lives in its own
//! file. Exit status: 0 success, 2 input that does not fit the contract, 1 anything else.

mod assess;
mod input;
mod library;
mod render;
mod review;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "gradus", version, about = "Open, explainable exercise therapy for back, neck and tendon pain")]
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
    /// The exercise library.
    Library {
        /// Print every exercise as JSON.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        show: Option<LibraryCommand>,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Assess { json, file } => assess::run(&file, json),
        Command::Review { json, plan, log, today } => review::run(&plan, &log, today.as_deref(), json),
        Command::Library { json, show: None } => library::list(json),
        Command::Library { show: Some(LibraryCommand::Show { id, json }), .. } => library::show(&id, json),
    };
    match result {
        Ok(text) => {
            println!("{text}");
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
    }
}
