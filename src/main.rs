//! The `sahayak` command line. Errors become messages and exit codes here, at the edge:
//! 2 for bad settings or arguments, 1 for everything else.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use serde_json::json;

use sahayak::app;
use sahayak::config::{self, Overrides, Settings};
use sahayak::conversation::pipeline;
use sahayak::guard::redact::Placeholders;
use sahayak::guard::thread::ThreadGuard;
use sahayak::knowledge::{self, BusinessIndex};
use sahayak::secrets;
use sahayak::store::UpsertOutcome;
use sahayak::whatsapp::signature;

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
        /// Server address (default: http://<listen setting>)
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
        Command::Serve { listen } => listen.clone(),
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
        Command::Serve { .. } => {
            sahayak::telemetry::init(&settings.log);
            let running = app::start(&settings).await?;
            println!("sahayak listening on http://{}", running.addr);
            running.until_signal().await;
            Ok(())
        }
        Command::Migrate => {
            sahayak::telemetry::init(&settings.log);
            let store = app::open_store(&settings).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Purge { older_than_days } => {
            sahayak::telemetry::init(&settings.log);
            let days = older_than_days.unwrap_or(settings.vault_retention_days);
            anyhow::ensure!(days >= 1, "--older-than-days must be at least 1");
            let secrets = app::resolve_secrets(&settings)?;
            let store = app::open_store(&settings).await?;
            let report = sahayak::conversation::purge::purge(
                &store,
                &secrets.vault_key,
                days,
                sahayak::store::now_ms(),
            )
            .await;
            store.close().await;
            let report = report?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::Ingest { dir } => ingest(&settings, &dir).await,
        Command::Search { knowledge, k, json } => search(&knowledge, k, json),
        Command::Redact { json } => redact(json),
        Command::Draft { knowledge, json } => draft(&settings, &knowledge, json).await,
        Command::Eval {
            compare: Some(EvalCommand::Compare { old, new }),
            ..
        } => compare_runs(&old, &new),
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
            eval(&settings, &path, &options).await
        }
        Command::Simulate {
            business,
            from,
            url,
            timeout,
            text,
        } => simulate(&settings, &business, &from, url, timeout, &text).await,
    }
}

async fn ingest(settings: &Settings, dir: &Path) -> anyhow::Result<()> {
    sahayak::telemetry::init("warn");
    let store = app::open_store(settings).await?;
    let results = app::ingest_dir(&store, dir, false).await?;
    let mut failed = 0;
    for (folder, outcome) in &results {
        match outcome {
            Ok(UpsertOutcome::Created { version }) => {
                println!("{folder}: created (version {version})")
            }
            Ok(UpsertOutcome::Updated { version }) => {
                println!("{folder}: updated (version {version})")
            }
            Ok(UpsertOutcome::Unchanged { version }) => {
                println!("{folder}: unchanged (version {version})")
            }
            Err(e) => {
                failed += 1;
                eprintln!("{folder}: not loaded:\n{e}");
            }
        }
    }
    store.close().await;
    if failed > 0 {
        bail!(
            "{failed} of {} business folders were not loaded",
            results.len()
        );
    }
    Ok(())
}

fn load_index(dir: &Path) -> anyhow::Result<BusinessIndex> {
    let bundle = knowledge::load_dir(dir)?;
    Ok(BusinessIndex::build(&bundle)?)
}

fn search(dir: &Path, k: usize, as_json: bool) -> anyhow::Result<()> {
    let index = load_index(dir)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let query = line.context("reading stdin")?;
        let result = index.search(&query, k.max(1))?;
        if as_json {
            let line =
                json!({"query": query, "hits": result.hits, "confidence": result.confidence});
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{query}  (confidence {:.2})", result.confidence)?;
            for h in &result.hits {
                writeln!(
                    out,
                    "  {:<8} {:>8.3}  {}",
                    format!("{:?}", h.kind).to_lowercase(),
                    h.score,
                    h.id
                )?;
            }
        }
    }
    Ok(())
}

fn redact(as_json: bool) -> anyhow::Result<()> {
    use sahayak::guard::redact::{Placeholders, redact};
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let text = line.context("reading stdin")?;
        // Each line is its own message: placeholders are numbered afresh.
        let (redacted, entities) = redact(&text, &mut Placeholders::default());
        if as_json {
            let chars = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
            let entities: Vec<_> = entities
                .iter()
                .map(|e| json!({"kind": e.kind, "start": chars(e.span.start), "end": chars(e.span.end)}))
                .collect();
            writeln!(out, "{}", json!({"text": redacted, "entities": entities}))?;
        } else {
            writeln!(out, "{redacted}")?;
        }
    }
    Ok(())
}

async fn draft(settings: &Settings, dir: &Path, as_json: bool) -> anyhow::Result<()> {
    let index = load_index(dir)?;
    let drafter = app::drafter(settings)?;
    let lines: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .collect::<Result<_, _>>()
        .context("reading stdin")?;
    let stdout = std::io::stdout();
    for text in lines {
        // Each line is a new thread: its own placeholders, nothing carried between customers.
        let mut guard = ThreadGuard::new(
            Placeholders::default(),
            Vec::new(),
            index.bundle().business.order_number_pattern.as_deref(),
        );
        let d = pipeline::respond(&index, drafter.as_ref(), &text, None, &mut guard).await?;
        let mut out = stdout.lock();
        if as_json {
            let line = json!({
                "action": d.action, "reply": d.reply,
                "reason": d.reason_str().unwrap_or(""),
                "sources": d.sources, "language": d.language.tag(), "confidence": d.confidence,
            });
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "> {text}")?;
            match d.reason {
                Some(r) => writeln!(out, "[handoff: {}]", r.as_str())?,
                None => writeln!(out, "[reply from {}]", d.sources.join(", "))?,
            }
            writeln!(out, "{}\n", d.reply)?;
        }
    }
    Ok(())
}

fn find_thresholds(path: &Path) -> Option<PathBuf> {
    let start = if path.is_file() { path.parent()? } else { path };
    start
        .ancestors()
        .map(|dir| dir.join("thresholds.toml"))
        .find(|p| p.is_file())
}

#[derive(Subcommand)]
enum EvalCommand {
    /// List the regressions and improvements between two runs, case by case
    Compare {
        /// The earlier run's results.json
        old: PathBuf,
        /// The later run's results.json
        new: PathBuf,
    },
}

fn compare_runs(old: &Path, new: &Path) -> anyhow::Result<()> {
    use sahayak::eval::{compare, report};
    let old = report::read(old).map_err(|e| anyhow!(e))?;
    let new = report::read(new).map_err(|e| anyhow!(e))?;
    print!("{}", compare::markdown(&compare::compare(&old, &new)));
    Ok(())
}

struct EvalOptions {
    report_dir: Option<PathBuf>,
    baseline: Option<PathBuf>,
    repeat: usize,
    pass_at: usize,
    prices: Option<(f64, f64)>,
    thresholds: Option<PathBuf>,
    backend: Option<String>,
    tags: Vec<String>,
}

async fn eval(settings: &Settings, path: &Path, opts: &EvalOptions) -> anyhow::Result<()> {
    use sahayak::eval::suite::{self, SuiteKind};
    use sahayak::eval::thresholds as gates;
    // Every log line of the run, at every level, is kept to be searched for seeded values;
    // warnings still reach the terminal.
    let logs = sahayak::eval::logs::Captured::default();
    sahayak::telemetry::init_capturing("warn", &logs);
    let limits = match opts.thresholds.clone().or_else(|| find_thresholds(path)) {
        Some(file) => {
            println!("thresholds: {}", file.display());
            gates::load(&file)?
        }
        None => {
            println!("thresholds: built-in defaults (no thresholds.toml found)");
            gates::Thresholds::default()
        }
    };
    let mut search_files = Vec::new();
    let mut conversation_files = Vec::new();
    for file in suite::discover(path)? {
        match suite::kind(&file)? {
            SuiteKind::Search => search_files.push(file),
            SuiteKind::Conversation => conversation_files.push(file),
        }
    }
    if search_files.is_empty() && conversation_files.is_empty() {
        bail!("no eval suite found at {}", path.display());
    }
    let mut failures: Vec<String> = Vec::new();
    if !search_files.is_empty() {
        failures.extend(eval_search(&search_files, opts, &limits.search)?);
    }
    if !conversation_files.is_empty() {
        failures
            .extend(eval_conversations(settings, &conversation_files, opts, &limits, logs).await?);
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("threshold failed: {f}");
        }
        bail!("{} threshold(s) failed", failures.len());
    }
    println!("all thresholds passed");
    Ok(())
}

/// The search suites: their report, and the thresholds they fail.
fn eval_search(
    files: &[PathBuf],
    opts: &EvalOptions,
    limits: &sahayak::eval::thresholds::SearchThresholds,
) -> anyhow::Result<Vec<String>> {
    use sahayak::eval::search;
    let report = search::run(files)?;
    for s in &report.skipped {
        println!("skipped: {s}");
    }
    let md = search::markdown(&report);
    println!("{md}");
    if let Some(dir) = &opts.report_dir {
        let dir = dir.join("search");
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(
            dir.join("results.json"),
            serde_json::to_string_pretty(&report)?,
        )?;
        std::fs::write(dir.join("report.md"), &md)?;
        println!("search report written to {}", dir.display());
    }
    if report.cases.is_empty() {
        bail!("no search case ran (all suites skipped or empty)");
    }
    if !report.skipped.is_empty() {
        // The floors describe the whole set of suites; on a part of it they mean nothing.
        println!(
            "skipped: search threshold gates, because {} suite(s) could not run (see above); the figures above are for the {} cases that ran",
            report.skipped.len(),
            report.cases.len()
        );
        return Ok(Vec::new());
    }
    println!("search: {} cases", report.cases.len());
    Ok(search::gate(&report, limits))
}

/// The conversation suites: run, reported, and the thresholds they fail.
async fn eval_conversations(
    settings: &Settings,
    files: &[PathBuf],
    opts: &EvalOptions,
    limits: &sahayak::eval::thresholds::Thresholds,
    logs: sahayak::eval::logs::Captured,
) -> anyhow::Result<Vec<String>> {
    use sahayak::eval::{compare, conversation, report, run};
    // A malformed suite stops the run before anything runs: its file, line and reason.
    let loaded = files
        .iter()
        .map(|f| conversation::load(f))
        .collect::<Result<Vec<_>, _>>()?;
    // Suites over ../shared/bench run where that folder is, and say so where it is not.
    let mut suites: Vec<run::Resolved> = Vec::new();
    let mut missing = Vec::new();
    let mut store = None;
    for suite in loaded {
        let bundle = match &suite.knowledge {
            conversation::Knowledge::Folder(dir) if !dir.is_dir() => {
                println!(
                    "skipped: {}: knowledge folder {} not found",
                    suite.name,
                    dir.display()
                );
                missing.push(suite.name.clone());
                continue;
            }
            conversation::Knowledge::Folder(dir) => knowledge::load_dir(dir)
                .map(std::sync::Arc::new)
                .map_err(|e| format!("knowledge {}: {e}", dir.display())),
            conversation::Knowledge::Database(id) => {
                if store.is_none() {
                    store = Some(app::open_store(settings).await?);
                }
                let found = match &store {
                    Some(s) => s.knowledge(id).await?,
                    None => None,
                };
                let found = found.ok_or_else(|| {
                    anyhow!(
                        "{}: no business {id:?} in the database ({})",
                        suite.path.display(),
                        config::redact_url(&settings.database_url)
                    )
                })?;
                Ok(std::sync::Arc::new(found))
            }
        };
        suites.push((suite, bundle));
    }
    if let Some(s) = store {
        s.close().await;
    }
    if suites.is_empty() {
        println!("skipped: every conversation suite (no knowledge folder found)");
        return Ok(Vec::new());
    }
    let mut settings = settings.clone();
    match opts.backend.as_deref() {
        None => {}
        Some("offline") => settings.llm_backend = sahayak::config::LlmBackend::Offline,
        Some("openai") => anyhow::ensure!(
            matches!(settings.llm_backend, sahayak::config::LlmBackend::OpenAi(_)),
            "--backend openai needs the OpenAI-compatible settings: SAHAYAK_LLM_BACKEND=openai and its endpoint, model and key"
        ),
        Some(other) => bail!("--backend {other:?}: one of offline, openai"),
    }
    let baseline = opts
        .baseline
        .as_deref()
        .map(report::read)
        .transpose()
        .map_err(|e| anyhow!(e))?;
    let drafter = app::drafter(&settings)?;
    let parallel = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
    let results = run::run(
        &suites,
        &run::Options {
            drafter,
            parallel,
            tags: opts.tags.clone(),
            logs: Some(logs),
            repeat: opts.repeat,
            pass_at: opts.pass_at,
            prices: opts.prices,
        },
    )
    .await;
    let md = report::markdown(&results);
    println!("{md}");
    if let Some(b) = &baseline {
        println!("{}", compare::markdown(&compare::compare(b, &results)));
    }
    if let Some(dir) = &opts.report_dir {
        report::write(dir, &results, baseline.as_ref())
            .with_context(|| format!("writing {}", dir.display()))?;
        // The last word on the export: nothing written may hold a case's seeded values.
        for file in report::FILES {
            let written = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
            for case in suites.iter().flat_map(|(s, _)| &s.cases) {
                if case
                    .expect
                    .no_pii
                    .iter()
                    .any(|v| sahayak::eval::checks::holds(&written, v))
                {
                    bail!(
                        "{file} holds a seeded value of case {:?}: not written safely",
                        case.id
                    );
                }
            }
        }
        println!("conversation report written to {}", dir.display());
    }
    if results.cases.is_empty() {
        bail!("no conversation case ran (no case matched --tags?)");
    }
    if !missing.is_empty() {
        // The floors describe the whole set of suites; on a part of it they mean nothing.
        println!(
            "skipped: conversation threshold gates, because {} suite(s) could not run (see above)",
            missing.len()
        );
        return Ok(Vec::new());
    }
    Ok(sahayak::eval::thresholds::gate_conversations(
        &results,
        &limits.conversation,
    ))
}

async fn simulate(
    settings: &Settings,
    business: &str,
    from: &str,
    url: Option<String>,
    timeout: u64,
    text: &str,
) -> anyhow::Result<()> {
    let base = url
        .unwrap_or_else(|| format!("http://{}", settings.listen))
        .trim_end_matches('/')
        .to_string();
    let secret = settings
        .whatsapp_app_secret
        .as_ref()
        .map(|s| s.expose().to_string())
        .or_else(|| secrets::read_stored(&settings.data_dir, "whatsapp_app_secret"))
        .ok_or_else(|| anyhow!("no app secret: set SAHAYAK_WHATSAPP_APP_SECRET or run `serve` once with this data folder ({})", settings.data_dir.display()))?;
    let admin = settings
        .admin_token
        .as_ref()
        .map(|s| s.expose().to_string())
        .or_else(|| secrets::read_stored(&settings.data_dir, "admin_token"))
        .ok_or_else(|| {
            anyhow!(
                "no admin token: set SAHAYAK_ADMIN_TOKEN or run `serve` once with this data folder"
            )
        })?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;

    let businesses: serde_json::Value = http
        .get(format!("{base}/api/businesses"))
        .bearer_auth(&admin)
        .send()
        .await
        .with_context(|| format!("is sahayak running at {base}?"))?
        .error_for_status()?
        .json()
        .await?;
    let phone_number_id = businesses["businesses"]
        .as_array()
        .and_then(|list| list.iter().find(|b| b["id"] == business))
        .and_then(|b| b["phone_number_ids"][0].as_str())
        .map(str::to_string)
        .ok_or_else(|| anyhow!("the server has no business `{business}` with a phone number id"))?;

    let wamid = format!("wamid.SIMULATED.{}", uuid::Uuid::new_v4().simple());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "SIMULATED-WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": phone_number_id, "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Simulated customer"}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": now.to_string(), "type": "text",
                          "text": {"body": text}}]
        }}]}]
    })
    .to_string();
    let started = Instant::now();
    let response = http
        .post(format!("{base}/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            signature::sign(secret.as_bytes(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await?;
    if !response.status().is_success() {
        bail!(
            "the webhook answered {}: {}",
            response.status(),
            response.text().await.unwrap_or_default()
        );
    }
    let acked = started.elapsed();

    let deadline = started + Duration::from_secs(timeout);
    while Instant::now() < deadline {
        if let Some(reply) = find_reply(&http, &base, &admin, business, from, &wamid).await? {
            let elapsed = started.elapsed();
            println!("{}", reply["body"].as_str().unwrap_or_default());
            println!(
                "\n[{} | reason: {} | sources: {} | language: {} | webhook acked in {} ms, reply in {} ms]",
                reply["action"].as_str().unwrap_or("?"),
                reply["reason"].as_str().unwrap_or("-"),
                reply["sources"]
                    .as_array()
                    .map(|s| s
                        .iter()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default(),
                reply["language"].as_str().unwrap_or("?"),
                acked.as_millis(),
                elapsed.as_millis()
            );
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    bail!(
        "no reply within {timeout} s (the message is stored; check `GET /api/threads?business={business}`)"
    )
}

async fn find_reply(
    http: &reqwest::Client,
    base: &str,
    admin: &str,
    business: &str,
    from: &str,
    wamid: &str,
) -> anyhow::Result<Option<serde_json::Value>> {
    let threads: serde_json::Value = http
        .get(format!("{base}/api/threads"))
        .query(&[("business", business)])
        .bearer_auth(admin)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let Some(thread_id) = threads["threads"]
        .as_array()
        .and_then(|list| list.iter().find(|t| t["wa_id"] == from))
        .and_then(|t| t["id"].as_str())
    else {
        return Ok(None);
    };
    let thread: serde_json::Value = http
        .get(format!("{base}/api/threads/{thread_id}"))
        .bearer_auth(admin)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let messages = thread["messages"].as_array().cloned().unwrap_or_default();
    let Some(inbound_id) = messages
        .iter()
        .find(|m| m["wamid"] == wamid)
        .and_then(|m| m["id"].as_str())
    else {
        return Ok(None);
    };
    Ok(messages
        .iter()
        .find(|m| m["direction"] == "out" && m["reply_to"] == inbound_id)
        .cloned())
}
