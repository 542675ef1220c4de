#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() {
    let cli = match promlint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not failures; bad flags exit 2.
            let code = if e.use_stderr() {
                promlint::cli::CANNOT_RUN
            } else {
                0
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    // Parsers recurse once per nesting level (bounded by their own limits);
    // give every worker a generous stack so that no input can exhaust it.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(8 << 20)
        .build_global();
    std::process::exit(promlint::cli::run(cli));
}
