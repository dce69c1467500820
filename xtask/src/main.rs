//! `cargo xtask`: the project's own build, serve and test commands.
//!
//! - `cargo xtask serve [--port N]`: installs what is missing, builds the site in release mode
//!   and serves `dist/` on http://127.0.0.1:8080.
//! - `cargo xtask test`: installs what is missing, then runs every test: native tests of every
//!   crate, clippy with warnings denied, the core's tests under wasm32 (and a check that its
//!   wasm imports nothing from `env`), the JavaScript package (`js/`, built with wasm-pack)
//!   and its Node test, and the browser tests against the built site.
//! - `cargo xtask setup`, `cargo xtask dist`, `cargo xtask tidy`: the steps on their own;
//!   `cargo xtask tidy --report` prints the longest files and functions of the core and page.
//! - `cargo xtask registry-check`: set-up's fetch into an empty cargo registry must give the
//!   site's build every crate it needs (see [`fetch`]); `cargo xtask test` runs it too.
//! - `cargo xtask rabbitmq`: the differential tests' RabbitMQ, until Enter, to replay a seed.
//! - `cargo xtask soak --seeds N [--first S]`: seed sweeps beyond the test command's 200.
//! - `cargo xtask bench`: every benchmark (native, wasm32 in Node, the page in Chromium); prints
//!   a table and writes `target/bench/summary.json`.
//!
//! Every tool is installed from here, idempotently: present tools are detected and skipped.

mod bench;
mod csp;
mod fetch;
mod rabbitmq;
mod serve;
mod tidy;
mod tools;
mod wasm_imports;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => tools::Tools::setup(tools::Need::All).map(|_| ()),
        Some("dist") => tools::Tools::setup(tools::Need::Site).and_then(|t| dist(&t)),
        Some("serve") => serve_command(&args[1..]),
        Some("test") => test(),
        Some("registry-check") => tools::Tools::setup(tools::Need::Crates).and_then(|t| fetch::check_from_empty_registry(&t)),
        Some("tidy") if args.get(1).is_some_and(|a| a == "--report") => {
            tidy::report(&root()).iter().for_each(|line| println!("{line}"));
            Ok(())
        }
        Some("tidy") => tidy::check(&root()).map_err(|problems| problems.join("\n")),
        Some("rabbitmq") => rabbitmq_command(),
        Some("soak") => soak(&args[1..]),
        Some("bench") => bench::bench(),
        _ => Err(String::from(
            "usage: cargo xtask <serve [--port N] | test | setup | dist | registry-check | tidy [--report] | rabbitmq | soak | bench>",
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of `xtask/`).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Prints a step's heading with the seconds since xtask started, so a slow step shows in the log
/// (the warm test run's budget is 15 minutes).
pub(crate) fn step(message: &str) {
    static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let since = STARTED.get_or_init(Instant::now).elapsed().as_secs();
    eprintln!("==> [{since:>4}s] {message}");
}

/// Runs a command in the workspace root, failing with its name if it fails.
pub(crate) fn run(command: &mut Command) -> Result {
    let shown = format!("{command:?}");
    if command.get_current_dir().is_none() {
        command.current_dir(root());
    }
    let status = command.status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed ({status})")) }
}

fn serve_command(args: &[String]) -> Result {
    let mut port: u16 = 8080;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" => {
                let value = rest.next().ok_or("--port needs a number")?;
                port = value.parse().map_err(|_| format!("--port must be a port number, not {value:?}"))?;
            }
            other => return Err(format!("unknown option {other:?} (serve takes --port N)")),
        }
    }
    let tools = tools::Tools::setup(tools::Need::Site)?;
    dist(&tools)?;
    let server = serve::Server::start(&root().join("dist"), port)?;
    println!("Brokerlab is at {}  (Ctrl-C stops it)", server.url());
    server.wait();
    Ok(())
}

/// Seed sweeps beyond the 200 the test command runs: random scenarios with random faults, each
/// run twice for determinism, invariants after every step; a failure names the seed.
fn soak(args: &[String]) -> Result {
    let mut seeds: u64 = 10_000;
    let mut first: u64 = 0;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = |v: Option<&String>| -> Result<u64> {
            let v = v.ok_or_else(|| format!("{arg} needs a number"))?;
            v.parse().map_err(|_| format!("{arg} takes a whole number, not {v:?}"))
        };
        match arg.as_str() {
            "--seeds" => seeds = value(rest.next())?,
            "--first" => first = value(rest.next())?,
            other => return Err(format!("unknown option {other:?} (soak takes --seeds N and --first S)")),
        }
    }
    step(&format!("seed sweep: seeds {first}..{}", first + seeds));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));
    run(Command::new(cargo)
        .args(["test", "-p", "brokerlab-core", "--test", "all", "--", "sweep::", "--nocapture"])
        .env("BROKERLAB_SWEEP_SEEDS", seeds.to_string())
        .env("BROKERLAB_SWEEP_FIRST", first.to_string()))
}

/// Runs the differential tests' RabbitMQ until Enter is pressed, to replay a failing seed.
fn rabbitmq_command() -> Result {
    if !rabbitmq::installed() {
        return Err(String::from("rabbitmq-server is not installed; `cargo xtask setup` installs it"));
    }
    let server = rabbitmq::RabbitMq::start()?;
    println!("RabbitMQ is at {} (node {}); press Enter to stop it", server.amqp_url(), server.node());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    Ok(())
}

/// Builds the site in release mode into `dist/` with Trunk (and wasm-opt through Trunk).
fn dist(tools: &tools::Tools) -> Result {
    let started = Instant::now();
    let mut trunk = Command::new(&tools.trunk);
    trunk.args(["build", "--release"]).env("PATH", tools.path_with_tools());
    if tools.page_nightly {
        step(&format!("building the site (trunk build --release, with {} and -Zbuild-std)", tools::PAGE_TOOLCHAIN));
    } else {
        step("building the site (trunk build --release, stable)");
    }
    page_build_settings(tools, &mut trunk);
    run(&mut trunk)?;
    csp::harden(&root().join("dist"))?;
    eprintln!("    built dist/ in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The differential tests (the message broker model against a real RabbitMQ), running in the
/// background from just after the native tests, while clippy, the wasm32 tests and the site
/// build (and the browser tests, if they last that long): they wait on the broker's round
/// trips and need little CPU, so they overlap the rest instead of adding to it. The 500
/// sequences run as two halves at once, each in its own virtual host (seeds 0–249 in `/`, with
/// the definitions check; 250–499 in `brokerlab-b`): about six minutes in one run, bound by
/// round trips. Their output goes to `target/differential-{1,2}.log` and is printed at
/// [`Differential::finish`]; dropped unfinished (a step failed), the runs are stopped and so is
/// the broker.
struct Differential {
    runs: Vec<(std::process::Child, PathBuf)>,
    // Dropped after the runs are stopped: the broker outlives them.
    _server: rabbitmq::RabbitMq,
}

/// Sequences in each of the two concurrent halves.
const DIFFERENTIAL_HALF: u32 = 250;

impl Differential {
    fn start(cargo: &str) -> Result<Differential> {
        step("differential tests: the message broker model against a real RabbitMQ (in the background until the browser tests end)");
        run(Command::new(cargo).args(["build", "-p", "brokerlab-differential"]))?;
        let server = rabbitmq::RabbitMq::start()?;
        let second = server.add_vhost("brokerlab-b")?;
        let mut differential = Differential { runs: Vec::new(), _server: server };
        let half = DIFFERENTIAL_HALF.to_string();
        let halves = [
            (differential._server.amqp_url(), "0".to_string(), Some(differential._server.node())),
            (second, DIFFERENTIAL_HALF.to_string(), None),
        ];
        for (n, (url, first, node)) in halves.into_iter().enumerate() {
            let log = root().join(format!("target/differential-{}.log", n + 1));
            let file = std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
            let mut command = Command::new(root().join("target/debug/differential"));
            command.args(["--amqp-url", &url, "--seeds", &half, "--first-seed", &first]);
            if let Some(node) = node {
                command.args(["--rabbitmqctl-node", node]);
            }
            let child = command
                .current_dir(root())
                .stdout(file.try_clone().map_err(|e| e.to_string())?)
                .stderr(file)
                .spawn()
                .map_err(|e| format!("cannot start the differential tests: {e}"))?;
            differential.runs.push((child, log));
        }
        Ok(differential)
    }

    /// Waits for both halves to end, prints their output, and fails if either failed.
    fn finish(mut self) -> Result {
        step("differential tests: waiting for them to end");
        let mut failed = Vec::new();
        for (child, log) in &mut self.runs {
            let status = child.wait().map_err(|e| format!("the differential tests: {e}"))?;
            eprint!("{}", std::fs::read_to_string(&*log).unwrap_or_default());
            if !status.success() {
                failed.push(format!("{} ({status})", log.display()));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(format!("the differential tests failed; their output is above and in {}", failed.join(", ")))
        }
    }
}

impl Drop for Differential {
    fn drop(&mut self) {
        for (child, _) in &mut self.runs {
            if let Ok(None) = child.try_wait() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// The page's wasm build settings, for `command` (Trunk, or cargo building something the way
/// the page is built): with the page's nightly, the standard library rebuilt for size and
/// panics that abort at once; nothing with stable.
fn page_build_settings(tools: &tools::Tools, command: &mut Command) {
    if tools.page_nightly {
        // Cargo reads `-Z` settings from CARGO_UNSTABLE_* and the target's flags from the
        // environment, so nothing in the repository's cargo config changes for stable builds.
        command
            .env("RUSTUP_TOOLCHAIN", tools::PAGE_TOOLCHAIN)
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort");
    }
}

fn test() -> Result {
    let started = Instant::now();
    let tools = tools::Tools::setup(tools::Need::All)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));

    step("tidy: banned calls in the core, leftover debugging");
    tidy::check(&root()).map_err(|problems| problems.join("\n"))?;

    step("set-up from an empty cargo registry gives the site's build every crate it needs");
    fetch::check_from_empty_registry(&tools)?;

    step("native tests of every crate (cargo test --workspace)");
    run(Command::new(&cargo).args(["test", "--workspace", "--all-targets"]))?;
    run(Command::new(&cargo).args(["test", "--workspace", "--doc"]))?;

    // Started as soon as its binary can be built: its round trips then overlap the compiling
    // steps below instead of the browser tests, which need both cores.
    let differential = Differential::start(&cargo)?;

    step("clippy, warnings denied");
    // Natively only: the page has no code for one target (tidy holds it to that), so a wasm32
    // run would lint the same lines again; the site's build compiles it for wasm32.
    run(Command::new(&cargo).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;

    step("the core's tests under wasm32 (wasm-bindgen-test in Node)");
    // Not `-q`: the wasm-bindgen test runner rejects `--quiet`.
    run(Command::new(&cargo)
        .args(["test", "-p", "brokerlab-core", "--target", "wasm32-unknown-unknown"])
        .env("PATH", tools.path_with_tools())
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &tools.wasm_bindgen_test_runner))?;
    step("the core's wasm imports nothing from `env`");
    wasm_imports::check_core_test_binaries(&root().join("target/wasm32-unknown-unknown/debug/deps"))?;

    step("JavaScript package: wasm-pack build (nodejs) and its Node test");
    // --dev: faster, and the golden traces must match in a debug build as well.
    run(Command::new(&tools.wasm_pack)
        .args(["build", "js", "--target", "nodejs", "--out-dir", "pkg/node", "--dev"])
        .env("PATH", tools.path_with_tools()))?;
    run(Command::new(&tools.node).args(["--test", "js/test/"]))?;

    dist(&tools)?;

    step("browser tests (Playwright driving Debian's Chromium against dist/)");
    let server = serve::Server::start(&root().join("dist"), 0)?;
    // Two test files at a time: most of a browser test waits on the page's clock, so two
    // share the two cores without slowing each other much. Each file has its own browser and
    // pages; they share only the static server.
    run(Command::new(&tools.node)
        .args(["--test", "--test-concurrency=2", "browser/"])
        .current_dir(root().join("tests"))
        .env("BROKERLAB_URL", server.url())
        .env("CHROMIUM", &tools.chromium))
    .map_err(|e| format!("{e}\n(the browser tests ran from tests/; screenshots are under target/screenshots)"))?;
    drop(server);
    differential.finish()?;

    eprintln!("all tests passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}
