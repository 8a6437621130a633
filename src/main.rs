//! The `sahayak` command line. Errors become messages and exit codes here, at the edge:
//! 2 for bad settings or arguments, 1 for everything else.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use cli::eval::{EvalCommand, EvalOptions};
use sahayak::config::{self, Overrides, Settings};

#[derive(Parser)]
#[command(
    name = "sahayak",
    version,
    about = "Answers WhatsApp messages for small businesses from their own catalog and FAQ"
)]
struct Cli {
    /// Settings file (default: ./sahayak.toml when it exists; also SAHAYAK_CONFIG)
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data folder (database, secrets, indexes); overrides SAHAYAK_DATA_DIR
    #[arg(long = "data", global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the service: webhook, workers, sender and admin API
    Serve {
        /// Address to listen on; overrides SAHAYAK_LISTEN
        #[arg(long)]
        listen: Option<String>,
    },
    /// Load business folders (one, or a folder of them) into the database
    Ingest { dir: PathBuf },
    /// Search a knowledge folder: queries on stdin, one a line
    Search {
        #[arg(long)]
        knowledge: PathBuf,
        #[arg(long, default_value_t = 5)]
        k: usize,
        /// One JSON line per query: {"query", "hits": [{"id", "kind", "score"}], "confidence"}
        #[arg(long)]
        json: bool,
    },
    /// Redact personal data: messages on stdin, one a line, each on its own
    Redact {
        /// One JSON line per message: {"text", "entities": [{"kind", "start", "end"}]}, offsets
        /// in characters of the original line
        #[arg(long)]
        json: bool,
    },
    /// Draft replies from a knowledge folder: customer messages on stdin, one a line, each a new thread
    Draft {
        #[arg(long)]
        knowledge: PathBuf,
        /// One JSON line per message: {"action", "reply", "reason", "sources", "language"}
        #[arg(long)]
        json: bool,
    },
    /// Post a correctly signed webhook to a running server and print the reply
    Simulate {
        /// Business id, e.g. sharma-kirana
        #[arg(long)]
        business: String,
        /// The customer's WhatsApp number (wa_id)
        #[arg(long, default_value = "919800000001")]
        from: String,
        /// Address the server listens on; overrides SAHAYAK_LISTEN (as `serve --listen`)
        #[arg(long)]
        listen: Option<String>,
        /// Server URL (default: http://<listen address>)
        #[arg(long)]
        url: Option<String>,
        /// Seconds to wait for the reply
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// The customer's message
        text: String,
    },
    /// Run eval suites (a suite file or a folder of them: search and conversation suites) and
    /// gate on evals/thresholds.toml
    #[command(args_conflicts_with_subcommands = true)]
    Eval {
        #[command(subcommand)]
        compare: Option<EvalCommand>,
        /// A suite file, or a folder of them
        path: Option<PathBuf>,
        /// Folder for the reports: results.json, report.md, report.html and junit.xml of the
        /// conversation suites, search/results.json and search/report.md of the search suites
        #[arg(long)]
        report: Option<PathBuf>,
        /// An earlier run's results.json: the reports set this run against it
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Thresholds file (default: thresholds.toml in the suite folder or its parents)
        #[arg(long)]
        thresholds: Option<PathBuf>,
        /// The drafter for conversation suites: offline, or openai (as configured by the
        /// SAHAYAK_LLM_* settings); default: the configured backend
        #[arg(long)]
        backend: Option<String>,
        /// Run only the conversation cases with one of these tags
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
        /// Run every conversation case N times (a model's drafts differ from run to run)
        #[arg(long, default_value_t = 1)]
        repeat: usize,
        /// With --repeat: a case passes when at least K of its N runs pass (default: all N)
        #[arg(long)]
        pass_at: Option<usize>,
        /// US dollars per million prompt and completion tokens, for the estimated cost of a
        /// model backend: PROMPT,COMPLETION
        #[arg(long, value_delimiter = ',', num_args = 2)]
        price_per_mtok: Vec<f64>,
    },
    /// Apply database migrations and exit
    Migrate,
    /// Console accounts: add, passwd, grant, list
    User {
        #[command(subcommand)]
        command: cli::user::UserCommand,
    },
    /// Remove personal data from threads quiet for longer than the retention period
    Purge {
        /// Days of quiet after which a thread is purged; overrides SAHAYAK_VAULT_RETENTION_DAYS
        #[arg(long)]
        older_than_days: Option<u32>,
    },
}

fn main() -> ExitCode {
    let command = Cli::command().mut_subcommand("serve", |c| c.after_help(config::settings_help()));
    let matches = command.get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let listen = match &cli.command {
        Command::Serve { listen } | Command::Simulate { listen, .. } => listen.clone(),
        _ => None,
    };
    let overrides = Overrides {
        config_file: cli.config.clone(),
        listen,
        data_dir: cli.data_dir.clone(),
    };
    let settings = match Settings::load(&overrides) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sahayak: bad setting: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sahayak: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sahayak: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { .. } => cli::service::serve(&settings).await,
        Command::Migrate => cli::service::migrate(&settings).await,
        Command::User { command } => cli::user::user(&settings, command).await,
        Command::Purge { older_than_days } => cli::service::purge(&settings, older_than_days).await,
        Command::Ingest { dir } => cli::ingest::ingest(&settings, &dir).await,
        Command::Search { knowledge, k, json } => cli::search::search(&knowledge, k, json),
        Command::Redact { json } => cli::redact::redact(json),
        Command::Draft { knowledge, json } => cli::draft::draft(&settings, &knowledge, json).await,
        Command::Eval {
            compare: Some(EvalCommand::Compare { old, new }),
            ..
        } => cli::eval::compare_runs(&old, &new),
        Command::Eval {
            compare:
                Some(EvalCommand::ImportReviews {
                    business,
                    knowledge,
                    out,
                }),
            ..
        } => cli::eval::import_reviews(&settings, &business, &knowledge, out.as_deref()).await,
        Command::Eval {
            compare: None,
            path,
            report,
            baseline,
            thresholds,
            backend,
            tags,
            repeat,
            pass_at,
            price_per_mtok,
        } => {
            let path = path.ok_or_else(|| {
                anyhow!("sahayak eval needs a suite file or folder (or: eval compare OLD NEW)")
            })?;
            anyhow::ensure!(repeat >= 1, "--repeat must be at least 1");
            let pass_at = pass_at.unwrap_or(repeat);
            anyhow::ensure!(
                (1..=repeat).contains(&pass_at),
                "--pass-at must be between 1 and --repeat ({repeat})"
            );
            let options = EvalOptions {
                report_dir: report,
                baseline,
                thresholds,
                backend,
                tags,
                repeat,
                pass_at,
                prices: match price_per_mtok.as_slice() {
                    [prompt, completion] => Some((*prompt, *completion)),
                    _ => None,
                },
            };
            cli::eval::eval(&settings, &path, &options).await
        }
        Command::Simulate {
            business,
            from,
            url,
            timeout,
            text,
            ..
        } => cli::simulate::simulate(&settings, &business, &from, url, timeout, &text).await,
    }
}
