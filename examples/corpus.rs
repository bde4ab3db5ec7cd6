//! Writes a generated site of about N pages, for benchmarks:
//! `cargo run --release --example corpus -- PAGES LANGUAGES DIR [HUGO_DIR]`
//! e.g. `cargo run --release --example corpus -- 10000 8 /dev/shm/corpus-10k`; with HUGO_DIR,
//! also the same site for Hugo.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 && args.len() != 5 {
        eprintln!("usage: corpus PAGES LANGUAGES DIR [HUGO_DIR]");
        std::process::exit(2);
    }
    let (Ok(pages), Ok(languages)) = (args[1].parse::<usize>(), args[2].parse::<usize>()) else {
        eprintln!("PAGES and LANGUAGES must be numbers");
        std::process::exit(2);
    };
    let dir = PathBuf::from(&args[3]);
    let spec = corpus::CorpusSpec::for_pages(pages, languages);
    let theme = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes");
    if let Err(e) = corpus::write_corpus(&dir, spec, &theme) {
        eprintln!("cannot write {}: {e}", dir.display());
        std::process::exit(2);
    }
    if let Some(hugo) = args.get(4).map(PathBuf::from)
        && let Err(e) = corpus::write_hugo_site(&hugo, spec)
    {
        eprintln!("cannot write {}: {e}", hugo.display());
        std::process::exit(2);
    }
    println!(
        "{} districts, {} languages: {} pages in {}",
        spec.districts,
        spec.languages,
        spec.pages(),
        dir.display()
    );
}
