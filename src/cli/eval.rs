//! `sahayak eval PATH …` and `sahayak eval compare OLD NEW`: run the search and conversation
//! suites, print and write their reports, gate on the thresholds.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::Subcommand;

use sahayak::app;
use sahayak::config::{self, Settings};
use sahayak::knowledge;

pub(crate) fn find_thresholds(path: &Path) -> Option<PathBuf> {
    let start = if path.is_file() { path.parent()? } else { path };
    start
        .ancestors()
        .map(|dir| dir.join("thresholds.toml"))
        .find(|p| p.is_file())
}

#[derive(Subcommand)]
pub(crate) enum EvalCommand {
    /// List the regressions and improvements between two runs, case by case
    Compare {
        /// The earlier run's results.json
        old: PathBuf,
        /// The later run's results.json
        new: PathBuf,
    },
    /// Write people's reviews of a business's suggestions (approved, edited, rejected in the
    /// console or the API) as a conversation suite
    ImportReviews {
        /// The business whose reviews to take
        #[arg(long)]
        business: String,
        /// The business's knowledge folder, as the suite's `knowledge =` names it
        #[arg(long)]
        knowledge: PathBuf,
        /// Where to write the suite (default: standard output)
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub(crate) async fn import_reviews(
    settings: &Settings,
    business: &str,
    knowledge: &Path,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    if let Some(why) = sahayak::knowledge::business_id::problem(business) {
        anyhow::bail!("--business `{business}` is not a business id: it {why}");
    }
    let key = sahayak::app::vault_key(settings)?;
    let store = sahayak::app::open_store(settings, &key).await?;
    let reviews = store.reviews(business).await;
    store.close().await;
    let reviews = reviews?;
    let (text, skipped) =
        sahayak::eval::reviews::suite_toml(&knowledge.display().to_string(), &reviews)?;
    match out {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?
        }
        None => print!("{text}"),
    }
    eprintln!(
        "{} review(s) of {business} as cases; {skipped} left out (no question on record)",
        reviews.len() - skipped
    );
    Ok(())
}

pub(crate) fn compare_runs(old: &Path, new: &Path) -> anyhow::Result<()> {
    use sahayak::eval::{compare, report};
    let old = report::read(old).map_err(|e| anyhow!(e))?;
    let new = report::read(new).map_err(|e| anyhow!(e))?;
    print!("{}", compare::markdown(&compare::compare(&old, &new)));
    Ok(())
}

pub(crate) struct EvalOptions {
    pub(crate) report_dir: Option<PathBuf>,
    pub(crate) baseline: Option<PathBuf>,
    pub(crate) repeat: usize,
    pub(crate) pass_at: usize,
    pub(crate) prices: Option<(f64, f64)>,
    pub(crate) thresholds: Option<PathBuf>,
    pub(crate) backend: Option<String>,
    pub(crate) tags: Vec<String>,
}

pub(crate) async fn eval(
    settings: &Settings,
    path: &Path,
    opts: &EvalOptions,
) -> anyhow::Result<()> {
    use sahayak::eval::suite::{self, SuiteKind};
    use sahayak::eval::thresholds as gates;
    // Every log line of the run, at every level, is kept to be searched for seeded values;
    // warnings still reach the terminal.
    let logs = sahayak::eval::logs::Captured::default();
    sahayak::telemetry::init_capturing("warn", settings.log_format, &logs);
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
    let mut search_gates_skipped = false;
    if !search_files.is_empty() {
        match eval_search(settings, &search_files, opts, &limits.search).await? {
            Some(f) => failures.extend(f),
            None => search_gates_skipped = true,
        }
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
    if search_gates_skipped {
        // A gate that did not run is not a gate that passed.
        println!("the thresholds that ran passed; the search gates were SKIPPED (see above)");
    } else {
        println!("all thresholds passed");
    }
    Ok(())
}

/// The search suites: their report, and the thresholds they fail.
async fn eval_search(
    settings: &Settings,
    files: &[PathBuf],
    opts: &EvalOptions,
    limits: &sahayak::eval::thresholds::SearchThresholds,
) -> anyhow::Result<Option<Vec<String>>> {
    use sahayak::eval::search;
    let embedder = settings
        .embeddings
        .clone()
        .map(sahayak::embed::Embedder::new);
    match &embedder {
        Some(e) => println!("search: hybrid, embeddings model {}", e.settings().model),
        None => println!("search: lexical (no embeddings_url set)"),
    }
    let report = search::run(files, embedder.as_ref()).await?;
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
        return Ok(None);
    }
    println!("search: {} cases", report.cases.len());
    Ok(Some(search::gate(&report, limits)))
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
                    let key = app::vault_key(settings)?;
                    store = Some(app::open_store(settings, &key).await?);
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
            vectors: settings.embeddings.clone().map(|e| {
                std::sync::Arc::new(sahayak::conversation::vectors::Vectors::new(
                    std::sync::Arc::new(sahayak::embed::Embedder::new(e)),
                    true,
                ))
            }),
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
