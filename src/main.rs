//! The `quartier` command line. Only this file prints.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use quartier::diagnostics::Diagnostics;
use quartier::{BuildError, BuildOptions, build, default_output};

/// mimalloc: the preview's rebuild allocates and frees many small values (page records, tera
/// values) beside large kept ones; with the system allocator a third of a rebuild after an
/// office edit went to allocating and freeing (docs/benchmark.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn options(today: Option<NaiveDate>) -> BuildOptions {
    match today {
        Some(today) => BuildOptions {
            today,
            editorial: false,
            pdf: None,
            preview: false,
        },
        None => BuildOptions::from_environment(),
    }
}

/// quartier builds the multilingual site of a local integration network from YAML and Markdown.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One finding per line, grouped by file, with help lines.
    Text,
    /// A JSON array of findings, for tooling.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum NewKind {
    /// content/offices/ID.yaml
    Office,
    /// content/partners/ID.yaml
    Partner,
    /// content/districts/ID/district.yaml and guide.de.md
    District,
    /// content/pages/ID.de.md
    Page,
    /// content/journeys/ID/journey.yaml and journey.de.md
    Journey,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(BuildArgs),
    /// Check all content without writing anything; exit 1 when there are errors.
    Check(CheckArgs),
    /// Report the state of the translations: a table here, plus translations.csv and
    /// translations.html (with a coverage bar per language, styled by translations.css) in the
    /// output folder.
    Report(ReportArgs),
    /// Create a new office, partner, district or page from a commented example that is valid
    /// as it is.
    New(NewArgs),
    /// Build the site into memory, serve it on 127.0.0.1 and rebuild and reload open pages
    /// whenever a file changes.
    Serve(ServeArgs),
    /// Write the JSON Schemas of the content files into schemas/, so that an editor with a
    /// YAML language server completes keys and flags mistakes while typing.
    Schema(SchemaArgs),
}

/// The options of `quartier schema`.
#[derive(clap::Args)]
struct SchemaArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// The options of `quartier build`.
#[derive(clap::Args)]
struct BuildArgs {
    /// The site folder (holds site-config.yaml, content/, themes/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The output folder [default: ROOT/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Build as of this day (YYYY-MM-DD) [default: today in Europe/Berlin, or SOURCE_DATE_EPOCH].
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Print how long each stage of the build took.
    #[arg(long)]
    timings: bool,
    /// Also print the leaflets and the journeys' checklists to PDF with headless Chromium
    /// (each linked from its page).
    #[arg(long)]
    pdf: bool,
    /// Print only the leaflets and checklists of these districts (comma-separated ids).
    #[arg(long, value_delimiter = ',', requires = "pdf")]
    pdf_districts: Option<Vec<String>>,
    /// Print only the leaflets and checklists in these languages (comma-separated tags).
    #[arg(long, value_delimiter = ',', requires = "pdf")]
    pdf_languages: Option<Vec<String>>,
    /// Print only warnings and errors: no progress line, no summary. (The progress line
    /// is only ever shown on a terminal.)
    #[arg(long, short)]
    quiet: bool,
}

/// The options of `quartier check`.
#[derive(clap::Args)]
struct CheckArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Check as of this day (YYYY-MM-DD) [default: today].
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also check links to other websites over the network, and write a dated report to
    /// reports/external-links-DATE.txt.
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external website.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// Also print what the hours of this office mean: the weekly table and the next 14 days
    /// with public holidays and closures applied.
    #[arg(long, value_name = "OFFICE")]
    hours: Option<String>,
    /// List every warning (by default each kind shows its first three).
    #[arg(long)]
    all: bool,
    /// Show only the errors (the warnings are counted).
    #[arg(long, conflicts_with = "all")]
    errors_only: bool,
    /// The published output folder; `check` warns when its open-now data runs out within 14
    /// days [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    published: Option<PathBuf>,
}

/// The options of `quartier report`.
#[derive(clap::Args)]
struct ReportArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the CSV and HTML files [default: ROOT/reports].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Report as of this day (YYYY-MM-DD) [default: today].
    #[arg(long)]
    today: Option<NaiveDate>,
}

/// The options of `quartier new`.
#[derive(clap::Args)]
struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    kind: NewKind,
    /// Its id: lowercase letters, digits and `-` (becomes the file or folder name).
    id: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// The options of `quartier serve`.
#[derive(clap::Args)]
struct ServeArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Port [default: 8000].
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Listen on this address instead of 127.0.0.1 (makes the preview visible to others).
    #[arg(long)]
    bind: Option<std::net::IpAddr>,
    /// Poll for changes instead of using file-system events (for network drives).
    #[arg(long)]
    poll: bool,
    /// Build as of this day (YYYY-MM-DD) [default: today, at every rebuild].
    #[arg(long)]
    today: Option<NaiveDate>,
}

/// Errors first, each in full; then the warnings grouped by kind with their count and the
/// first few of each (all of them with `all`, none with `errors_only`).
fn print_findings(sorted: &[quartier::diagnostics::Diagnostic], all: bool, errors_only: bool) {
    const EXAMPLES: usize = 3;
    let errors: Vec<_> = sorted.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        println!("{d}\n");
    }
    if errors_only {
        return;
    }
    let mut groups: Vec<(String, Vec<&quartier::diagnostics::Diagnostic>)> = Vec::new();
    for d in sorted.iter().filter(|d| !d.is_error()) {
        let kind = d.kind();
        match groups.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(d),
            None => groups.push((kind, vec![d])),
        }
    }
    for (kind, list) in &groups {
        let count = list.len();
        println!("== {count} warning{}: {kind}", if count == 1 { "" } else { "s" });
        let shown = if all { count } else { count.min(EXAMPLES) };
        for d in &list[..shown] {
            println!("{d}");
        }
        if shown < count {
            println!("… and {} more like these (`--all` lists every one)", count - shown);
        }
        println!();
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

fn print_failure(error: &BuildError) {
    eprintln!("{error}");
}

/// A progress line on the terminal, redrawn at most ten times a second.
struct ProgressLine {
    last: std::sync::Mutex<Option<Instant>>,
}

impl ProgressLine {
    /// A progress line on stderr if that is a terminal and `quiet` is not set.
    fn new(quiet: bool) -> Option<Self> {
        use std::io::IsTerminal;
        (!quiet && std::io::stderr().is_terminal()).then(|| ProgressLine {
            last: std::sync::Mutex::new(None),
        })
    }

    fn show(&self, progress: quartier::Progress) {
        let (what, done, total) = match progress {
            quartier::Progress::Pages { done, total } => ("pages made", done, total),
            quartier::Progress::Pdfs { done, total } => ("leaflets printed to PDF", done, total),
        };
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if done < total && last.is_some_and(|t| t.elapsed().as_millis() < 100) {
            return;
        }
        *last = Some(Instant::now());
        // \r and "erase to end of line": the line is redrawn in place.
        eprint!("\r\x1b[K{what}: {done} of {total}");
        if done == total {
            eprint!("\r\x1b[K");
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Report(args) => run_report(args),
        Command::New(args) => run_new(args),
        Command::Schema(args) => run_schema(&args.root),
        Command::Serve(args) => run_serve(args),
    }
}

/// `quartier build`.
fn run_build(args: BuildArgs) -> ExitCode {
    let BuildArgs {
        root,
        out,
        today,
        timings,
        pdf,
        pdf_districts,
        pdf_languages,
        quiet,
    } = args;
    let out = out.unwrap_or_else(|| default_output(&root));
    let line = ProgressLine::new(quiet);
    let progress = |p: quartier::Progress| {
        if let Some(line) = &line {
            line.show(p);
        }
    };
    let started = Instant::now();
    let mut build_options = options(today);
    if pdf {
        build_options.pdf = Some(quartier::PdfSelection {
            districts: pdf_districts,
            languages: pdf_languages,
        });
    }
    match build(&root, &out, &build_options, &progress) {
        Ok(b) => {
            print_diagnostics(&b.warnings);
            if timings {
                let mut accounted = std::time::Duration::ZERO;
                for (stage, took) in &b.timings {
                    eprintln!("{:>8.1} ms  {stage}", took.as_secs_f64() * 1000.0);
                    accounted += *took;
                    if stage.starts_with("make pages") {
                        for (step, took) in &b.page_steps {
                            eprintln!(
                                "{:>19.1} ms  {step} (thread time, all threads)",
                                took.as_secs_f64() * 1000.0
                            );
                        }
                    }
                }
                eprintln!(
                    "{:>8.1} ms  publish (print PDFs, swap the output in)",
                    (started.elapsed().saturating_sub(accounted)).as_secs_f64() * 1000.0
                );
                let mut totals: Vec<(usize, &String)> =
                    b.page_weights.iter().map(|(f, (h, c, j))| (h + c + j, f)).collect();
                totals.sort();
                if let (Some(median), Some(largest)) = (totals.get(totals.len() / 2), totals.last()) {
                    eprintln!(
                        "page weight (HTML + CSS + JS, uncompressed): median {:.1} KB, largest {:.1} KB ({})",
                        median.0 as f64 / 1024.0,
                        largest.0 as f64 / 1024.0,
                        largest.1
                    );
                }
            }
            if quiet {
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "built {} pages ({} files) into {} in {} ms",
                b.pages,
                b.files,
                out.display(),
                started.elapsed().as_millis()
            );
            if !b.pdf_jobs.is_empty() {
                let count = b.pdf_jobs.len();
                eprintln!(
                    "printed {count} PDF{} (leaflets and checklists), each beside its page:",
                    if count == 1 { "" } else { "s" }
                );
                for (_, pdf) in b.pdf_jobs.iter().take(5) {
                    eprintln!("  {}", out.join(pdf).display());
                }
                if count > 5 {
                    eprintln!(
                        "  … and {} more in {}/<language>/leaflets/ and …/journeys/",
                        count - 5,
                        out.display()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_failure(&e);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// `quartier check`.
fn run_check(args: CheckArgs) -> ExitCode {
    let CheckArgs {
        root,
        today,
        format,
        external,
        timeout,
        hours,
        published,
        all,
        errors_only,
    } = args;
    let options = BuildOptions {
        editorial: true,
        ..options(today)
    };
    let mut external_findings = quartier::diagnostics::Diagnostics::new();
    if external && let Ok((_, Some(content), _)) = quartier::load_checked_content(&root, &options) {
        let report = quartier::external::check_external(
            &content.external_links,
            options.today,
            std::time::Duration::from_secs(timeout),
        );
        let name = format!("external-links-{}.txt", options.today);
        match quartier::write_reports(&root, &root.join("reports"), &[(&name, report.text.as_bytes())]) {
            Ok(files) => eprintln!(
                "checked {} external addresses; report: {}",
                report.checked,
                files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Err(e) => print_failure(&e),
        }
        external_findings = report.findings;
    }
    if let Some(office_id) = hours {
        match quartier::load_checked_content(&root, &options) {
            Ok((_, Some(content), _)) => match content.offices.get(&office_id) {
                Some(office) => {
                    // Only the hours: the findings of the whole site are `check` without `--hours`.
                    print!("{}", quartier::preview::hours_preview(office, options.today, 14));
                    return ExitCode::SUCCESS;
                }
                None => {
                    let ids: Vec<&str> = content.offices.keys().map(String::as_str).collect();
                    eprintln!("error: there is no office `{office_id}`");
                    eprintln!(
                        "  help: use the file name of an office in content/offices/: {}",
                        ids.join(", ")
                    );
                    return ExitCode::from(2);
                }
            },
            Ok((_, None, _)) => {}
            Err(e) => {
                print_failure(&e);
                return ExitCode::from(e.exit_code() as u8);
            }
        }
    }
    let mut result = quartier::check_site(&root, &options);
    match &mut result {
        Ok(b) => {
            b.warnings.extend(external_findings);
            let published = published.unwrap_or_else(|| root.join("public"));
            if let Some(warning) = quartier::published_hours_warning(&published, options.today) {
                b.warnings.push(warning);
            }
        }
        Err(BuildError::Content(diags)) => diags.extend(external_findings),
        Err(_) => {}
    }
    let (findings, code) = match &result {
        Ok(b) => (Some(&b.warnings), 0),
        Err(BuildError::Content(diags)) => (Some(diags), 1),
        Err(e) => (None, e.exit_code()),
    };
    match (format, findings) {
        (Format::Json, Some(diags)) => {
            let list: Vec<_> = diags.sorted().iter().map(|d| d.to_json()).collect();
            println!("{}", serde_json::Value::Array(list));
        }
        (Format::Text, Some(diags)) => {
            let sorted = diags.sorted();
            print_findings(&sorted, all, errors_only);
            let errors = diags.error_count();
            let warnings = sorted.len() - errors;
            let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            match &result {
                Ok(b) => eprintln!(
                    "check passed: {} pages, no errors, {}",
                    b.pages,
                    plural(warnings, "warning")
                ),
                Err(_) => eprintln!(
                    "check failed: {}, {} — fix the errors before publishing",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                ),
            }
        }
        (_, None) => {
            if let Err(e) = &result {
                print_failure(e);
            }
        }
    }
    ExitCode::from(code as u8)
}

/// `quartier report`.
fn run_report(args: ReportArgs) -> ExitCode {
    let ReportArgs { root, out, today } = args;
    let options = options(today);
    match quartier::load_checked_content(&root, &options) {
        Ok((config, Some(content), _)) => {
            let report = quartier::report::translation_report(&content, &config);
            print!("{}", report.table());
            let out = out.unwrap_or_else(|| root.join("reports"));
            let csv = report.csv();
            let html = report.html(&config, options.today);
            let files = [
                ("translations.csv", csv.as_slice()),
                ("translations.html", html.as_bytes()),
                (quartier::report::REPORT_CSS_FILE, report.css().as_bytes()),
            ];
            match quartier::write_reports(&root, &out, &files) {
                Ok(written) => {
                    let names: Vec<String> = written.iter().map(|f| f.display().to_string()).collect();
                    eprintln!("wrote {}", names.join(", "));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    print_failure(&e);
                    ExitCode::from(e.exit_code() as u8)
                }
            }
        }
        Ok((_, None, diags)) => {
            print_failure(&BuildError::Content(diags));
            ExitCode::from(1)
        }
        Err(e) => {
            print_failure(&e);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// `quartier new`.
fn run_new(args: NewArgs) -> ExitCode {
    let NewArgs { kind, id, root } = args;
    if let Err(e) = quartier::require_site(&root) {
        print_failure(&e);
        return ExitCode::from(e.exit_code() as u8);
    }
    let kind = match kind {
        NewKind::Office => quartier::scaffold::Kind::Office,
        NewKind::Partner => quartier::scaffold::Kind::Partner,
        NewKind::District => quartier::scaffold::Kind::District,
        NewKind::Page => quartier::scaffold::Kind::Page,
        NewKind::Journey => quartier::scaffold::Kind::Journey,
    };
    match quartier::scaffold::scaffold(&root, kind, &id) {
        Ok(files) => {
            for f in files {
                eprintln!("created {}", f.display());
            }
            eprintln!("fill in the PLATZHALTER lines, then run `quartier check`");
            // The new id is a value the other files may now name.
            run_schema(&root)
        }
        Err(e) => {
            eprintln!("error: {}\n  help: {}", e.message, e.help);
            ExitCode::from(2)
        }
    }
}

/// `quartier schema` (and the end of `quartier new`).
fn run_schema(root: &std::path::Path) -> ExitCode {
    match quartier::write_schemas(root) {
        Ok(files) => {
            eprintln!(
                "wrote the editor schemas: {}",
                files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_failure(&e);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// `quartier serve`.
fn run_serve(args: ServeArgs) -> ExitCode {
    let ServeArgs {
        root,
        port,
        bind,
        poll,
        today,
    } = args;
    if let Some(addr) = bind {
        eprintln!("warning: listening on {addr}: other computers on the network can see this preview");
    }
    let serve_options = quartier::serve::ServeOptions {
        root,
        bind: bind.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1])),
        port,
        poll,
    };
    let result = quartier::serve::serve(&serve_options, &|| options(today), &mut |event| match event {
        quartier::serve::Event::Listening(addr) => {
            eprintln!("serving http://{addr}/ — open it in a browser; press Ctrl+C to stop")
        }
        quartier::serve::Event::Built {
            pages,
            remade,
            millis,
            warnings,
        } => {
            print_diagnostics(&warnings);
            if remade == pages {
                eprintln!("built {pages} pages in {millis} ms");
            } else {
                eprintln!("remade {remade} of {pages} pages in {millis} ms");
            }
        }
        quartier::serve::Event::Failed(e) => {
            print_failure(&e);
            eprintln!("(still serving the last good version; the error is shown on every page)");
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
