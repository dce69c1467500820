//! Installs what the build and the tests need, from the project's own files, idempotently.
//! Each step prints one line: what it found, or what it installs. Nothing present is
//! reinstalled. Versions that must match the project are checked, not just presence.
//!
//! | tool | how | why this way |
//! |---|---|---|
//! | wasm32 target | `rustup target add` | |
//! | every crate the builds need | `cargo fetch` ([`crate::fetch`]) | the site's build runs offline |
//! | the page's toolchain | `rustup toolchain install nightly-2026-05-20 --profile minimal -c rust-src -t wasm32-unknown-unknown` | the page only: `-Zbuild-std` for a smaller bundle (see [`PAGE_TOOLCHAIN`]); stable if it cannot be had |
//! | wasm-bindgen CLI | `cargo install wasm-bindgen-cli --version <Cargo.lock's>` | must equal the crate's version; `--locked` fails on this registry |
//! | Trunk 0.21.14 | `cargo install trunk --locked` | 0.22 needs a newer rustc |
//! | wasm-pack | `cargo install wasm-pack --locked` | builds `js/`; uses the wasm-bindgen CLI above from PATH |
//! | wasm-opt, Playwright | `npm ci` in `tests/` (binaryen, playwright-core) | Debian's binaryen is too old |
//! | Chromium | `apt-get install chromium` | Playwright cannot download browsers here |
//! | RabbitMQ | `apt-get install rabbitmq-server` | the differential tests need a real broker |

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Result, root, run, step};

pub(crate) const TRUNK_VERSION: &str = "0.21.14";

/// The toolchain that builds the page (and only the page: every test, the CLI and the
/// benchmarks' native and wasm runs use stable). A pinned nightly, because only nightly can
/// rebuild the standard library for the page (`-Zbuild-std`) with `optimize_for_size` and
/// panics that abort at once without formatting a message: about 48 KB less gzip (−10%),
/// most of it std's formatting and panic machinery and its large sort routines
/// (docs/PERFORMANCE.md). Pinned by date so the bundle does not change under us; rustup installs it
/// in about 10 seconds here. If it cannot be installed, the page is built with stable and
/// works the same, only bigger.
pub(crate) const PAGE_TOOLCHAIN: &str = "nightly-2026-05-20";

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// The toolchains and the crates only (no tools): what `cargo xtask registry-check` needs.
    Crates,
    /// What building the site needs.
    Site,
    /// Everything the tests need as well.
    All,
}

#[derive(Debug)]
pub(crate) struct Tools {
    pub trunk: PathBuf,
    pub wasm_bindgen_test_runner: PathBuf,
    pub wasm_pack: PathBuf,
    pub node: PathBuf,
    pub chromium: PathBuf,
    /// Whether [`PAGE_TOOLCHAIN`] is there to build the page with.
    pub page_nightly: bool,
    cargo_bin: PathBuf,
    npm_bin: PathBuf,
}

impl Tools {
    pub(crate) fn setup(need: Need) -> Result<Tools> {
        let cargo_bin = cargo_home().join("bin");
        let npm_bin = root().join("tests/node_modules/.bin");
        let mut tools = Tools {
            trunk: cargo_bin.join("trunk"),
            wasm_bindgen_test_runner: cargo_bin.join("wasm-bindgen-test-runner"),
            wasm_pack: cargo_bin.join("wasm-pack"),
            node: PathBuf::from("node"),
            chromium: PathBuf::from("/usr/bin/chromium"),
            page_nightly: false,
            cargo_bin,
            npm_bin,
        };
        tools.wasm_target()?;
        tools.page_nightly = tools.page_toolchain();
        crate::step("fetching every crate the builds need into the cargo registry (cargo fetch)");
        crate::fetch::fetch(&tools, &cargo_home())?;
        if need == Need::Crates {
            return Ok(tools);
        }
        tools.wasm_bindgen()?;
        tools.trunk()?;
        tools.npm_packages()?;
        if need == Need::All {
            tools.wasm_pack()?;
            tools.chromium()?;
            tools.rabbitmq()?;
        }
        tools.node = find_on_path("node").ok_or("node is not installed (it ships with this kind of machine)")?;
        Ok(tools)
    }

    /// PATH with the project's tools first, so Trunk finds this wasm-bindgen and wasm-opt.
    pub(crate) fn path_with_tools(&self) -> String {
        let rest = std::env::var("PATH").unwrap_or_default();
        format!("{}:{}:{rest}", self.npm_bin.display(), self.cargo_bin.display())
    }

    fn wasm_target(&self) -> Result {
        let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
        if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
            say("wasm32-unknown-unknown target", "present");
            return Ok(());
        }
        step("installing the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
    }

    /// Makes sure [`PAGE_TOOLCHAIN`] is installed with the standard library's source and the
    /// wasm32 target. False (with a warning) if it cannot be: the page then builds with stable.
    fn page_toolchain(&self) -> bool {
        let installed = |toolchain_list: &str| toolchain_list.lines().any(|l| l.split_whitespace().next().is_some_and(|t| t.starts_with(PAGE_TOOLCHAIN)));
        let components = || {
            output(Command::new("rustup").args(["component", "list", "--installed", "--toolchain", PAGE_TOOLCHAIN])).unwrap_or_default()
        };
        let complete = |c: &str| c.lines().any(|l| l.trim() == "rust-src") && c.lines().any(|l| l.trim() == "rust-std-wasm32-unknown-unknown");
        if installed(&output(Command::new("rustup").args(["toolchain", "list"])).unwrap_or_default()) && complete(&components()) {
            say(&format!("the page's toolchain ({PAGE_TOOLCHAIN}, rust-src, wasm32)"), "present");
            return true;
        }
        step(&format!("installing the page's toolchain {PAGE_TOOLCHAIN} with rust-src and the wasm32 target (rustup)"));
        let ok = run(Command::new("rustup").args([
            "toolchain", "install", PAGE_TOOLCHAIN, "--profile", "minimal", "-c", "rust-src", "-t", "wasm32-unknown-unknown",
        ]))
        .is_ok()
            && complete(&components());
        if !ok {
            eprintln!("warning: {PAGE_TOOLCHAIN} could not be installed; the page will be built with stable (it works the same, the bundle is about 10% bigger)");
        }
        ok
    }

    fn wasm_bindgen(&self) -> Result {
        let wanted = lockfile_version("wasm-bindgen")?;
        let binary = self.cargo_bin.join("wasm-bindgen");
        let found = output(Command::new(&binary).arg("--version")).unwrap_or_default();
        if found.split_whitespace().nth(1) == Some(wanted.as_str()) && self.wasm_bindgen_test_runner.exists() {
            say("wasm-bindgen CLI", &format!("{wanted} present"));
            return Ok(());
        }
        step(&format!("installing wasm-bindgen-cli {wanted} (matches Cargo.lock; about 5 minutes on 2 cores)"));
        // Not `--locked`: one of its locked dependency versions is missing from the registry.
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted, "--force"]))
    }

    fn trunk(&self) -> Result {
        let found = output(Command::new(&self.trunk).arg("--version")).unwrap_or_default();
        if found.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
            say("Trunk", &format!("{TRUNK_VERSION} present"));
            return Ok(());
        }
        step(&format!("installing Trunk {TRUNK_VERSION} (about 10 minutes on 2 cores)"));
        run(Command::new("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked", "--force"]))
    }

    /// Any version will do: wasm-pack drives the wasm-bindgen CLI it finds on PATH (the one
    /// above, matching Cargo.lock) rather than its own.
    fn wasm_pack(&self) -> Result {
        let found = output(Command::new(&self.wasm_pack).arg("--version")).unwrap_or_default();
        if let Some(version) = found.split_whitespace().nth(1) {
            say("wasm-pack", &format!("{version} present"));
            return Ok(());
        }
        step("installing wasm-pack (cargo install wasm-pack --locked; about 4 minutes on 2 cores)");
        run(Command::new("cargo").args(["install", "wasm-pack", "--locked"]))
    }

    fn npm_packages(&self) -> Result {
        let tests = root().join("tests");
        let installed = ["binaryen", "playwright-core"].iter().all(|p| {
            tests.join("node_modules").join(p).join("package.json").exists()
        }) && lock_matches(&tests);
        if installed {
            say("wasm-opt and Playwright (npm, tests/node_modules)", "present");
            return Ok(());
        }
        step("installing wasm-opt (binaryen) and playwright-core with npm ci");
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&tests)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
    }

    fn chromium(&self) -> Result {
        // A Korean font too: the page speaks Korean, and screenshots should show it.
        let korean_font = Path::new("/usr/share/fonts/truetype/nanum").is_dir();
        if self.chromium.exists() && korean_font {
            say("Chromium and a Korean font", &format!("present at {}", self.chromium.display()));
            return Ok(());
        }
        step("installing Debian's Chromium and a Korean font (apt-get)");
        apt_install(&["chromium", "chromium-driver", "fonts-nanum"])
    }
}

impl Tools {
    fn rabbitmq(&self) -> Result {
        if crate::rabbitmq::installed() {
            say("RabbitMQ (Debian's rabbitmq-server)", "present");
            return Ok(());
        }
        step("installing Debian's rabbitmq-server (apt-get)");
        apt_install(&["rabbitmq-server"])?;
        // Debian's package starts a default node where it can; the tests run their own.
        let _ = Command::new("/usr/sbin/rabbitmqctl").arg("stop").status();
        Ok(())
    }
}

fn apt_install(packages: &[&str]) -> Result {
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn say(what: &str, state: &str) {
    eprintln!("==> {what}: {state}, skipped");
}

pub(crate) fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/root".into())).join(".cargo")
    })
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn output(command: &mut Command) -> Result<String> {
    let out = command.output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{command:?} failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The version Cargo.lock holds for `package`.
pub(crate) fn lockfile_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("Cargo.lock has no {package}"))? + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")? + start;
    Ok(lock[start..end].to_string())
}

/// npm records what `npm ci` installed in node_modules/.package-lock.json; when it lists the
/// same versions as package-lock.json, nothing needs installing.
fn lock_matches(dir: &Path) -> bool {
    let wanted = std::fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
    let have = std::fs::read_to_string(dir.join("node_modules/.package-lock.json")).unwrap_or_default();
    let versions = |text: &str| -> Vec<String> {
        text.lines().filter(|l| l.trim_start().starts_with("\"version\"")).map(|l| l.trim().to_string()).collect()
    };
    !have.is_empty() && versions(&have).iter().all(|v| versions(&wanted).contains(v))
}
