//! Every crate a build needs comes into the cargo registry here, during set-up, so that no
//! build depends on what an earlier build happened to leave in the registry.
//!
//! Why it matters: Trunk runs the site's build as `cargo build --offline` (`offline = true` in
//! `Trunk.toml`, so that Trunk never tries to download tools), and an offline build can only use
//! crates already downloaded. A machine whose registry an earlier build had filled builds the
//! site; a new one did not, and nothing showed it, because CI keeps its machine's registry.
//!
//! [`check_from_empty_registry`] is the proof, and runs in `cargo xtask test`: it fetches into
//! an empty `CARGO_HOME` (under `target/`; the rustup toolchains are shared, only the registry
//! is new) exactly as set-up does, then asks cargo to plan the site's build offline from that
//! registry alone, the way Trunk runs it, without compiling anything.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::tools::Tools;
use crate::{Result, root, run, step};

/// The folder the check uses as an empty `CARGO_HOME`; emptied at every run.
const EMPTY_HOME: &str = "target/empty-cargo-home";

/// Downloads into `cargo_home`'s registry every crate in `Cargo.lock`, for every target, and,
/// when the page is built with its nightly, the crates of the standard library's own
/// `Cargo.lock` (`-Zbuild-std` compiles std from source, and std depends on crates such as
/// `rustc-demangle`, `hashbrown` and `wasip1` that no workspace manifest names). Idempotent: with
/// everything present, cargo answers from the registry in a second.
pub(crate) fn fetch(tools: &Tools, cargo_home: &Path) -> Result {
    run(cargo(cargo_home).args(["fetch", "--locked"]))?;
    if tools.page_nightly {
        // The same settings as the site's build, so cargo fetches the same std crates.
        let mut std_crates = cargo(cargo_home);
        std_crates.args(["fetch", "--locked", "--target", "wasm32-unknown-unknown"]);
        crate::page_build_settings(tools, &mut std_crates);
        run(&mut std_crates)?;
    }
    Ok(())
}

/// Fetches into an empty registry as set-up does, then plans the site's build offline from it.
/// Fails, naming the missing crate, if set-up leaves out anything the site's build needs.
pub(crate) fn check_from_empty_registry(tools: &Tools) -> Result {
    let home = root().join(EMPTY_HOME);
    if home.exists() {
        std::fs::remove_dir_all(&home).map_err(|e| format!("cannot empty {}: {e}", home.display()))?;
    }
    std::fs::create_dir_all(&home).map_err(|e| format!("cannot create {}: {e}", home.display()))?;
    step(&format!("fetching as set-up does into an empty registry ({EMPTY_HOME})"));
    fetch(tools, &home)?;

    step("planning the site's build offline from that registry alone, as Trunk runs it");
    let mut plan = cargo(&home);
    plan.args(["build", "--offline", "--locked", "-p", "brokerlab-web", "--target", "wasm32-unknown-unknown", "--profile", "web"]);
    if tools.page_nightly {
        // The unit graph is every crate the build would compile, the standard library's own
        // dependencies included (with -Zbuild-std), worked out without compiling one.
        crate::page_build_settings(tools, &mut plan);
        plan.args(["--unit-graph", "-Zunstable-options"]);
    } else {
        // Stable builds no standard library; the package graph is the whole plan.
        plan = cargo(&home);
        plan.args(["tree", "--offline", "--locked", "-p", "brokerlab-web", "--target", "wasm32-unknown-unknown"]);
    }
    run(plan.stdout(Stdio::null())).map_err(|e| {
        format!("{e}\nthe site's build needs a crate that set-up does not fetch (see cargo's message above); add it to xtask/src/fetch.rs")
    })?;
    eprintln!("    every crate the site's build needs came from set-up's fetch");
    Ok(())
}

/// `cargo` through rustup's proxy on PATH (so `RUSTUP_TOOLCHAIN` picks the page's toolchain
/// where [`crate::page_build_settings`] sets it), with its registry in `cargo_home`.
fn cargo(cargo_home: &Path) -> Command {
    let mut command = Command::new("cargo");
    command.env("CARGO_HOME", cargo_home);
    command
}
