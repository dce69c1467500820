//! `cargo xtask bench`: every benchmark, one table, one `target/bench/summary.json`.
//!
//! 1. the native benchmarks (`brokerlab-bench`, profile `bench-native`): produce, fetch,
//!    topic routing, assignors, a busy world, the scaling table;
//! 2. the world benchmark built for wasm32 and run in Node through wasm-bindgen (right after the
//!    native world benchmark runs again, so the ratio compares runs seconds apart), twice: with
//!    profile `wasm-bench` (opt-level 3, as the native run: `wasm_native_ratio` compares like
//!    with like) and with profile `web` (opt-level z, as the page ships: `..._page`);
//! 3. the browser benchmark (`tests/browser/bench.mjs`) against the freshly built `dist/`
//!    served by xtask's own server: bundle size, first render, frames with 100, 180, 500, 600
//!    and 2000 tokens in flight, and the sizes of two measuring sticks built as the page is,
//!    the core alone and the smallest Yew app (see [`page_built`]);
//! 4. `brokerlab-bench merge` writes the summary and prints the table with the targets.
//!
//! Timings are of this machine at this moment: nothing here asserts on them.

use std::path::Path;
use std::process::Command;

use crate::{Result, dist, root, run, serve, step, tools};

/// Runs the wasm-bindgen output under Node: the best of three runs of the world benchmark at
/// the native run's simulated duration.
const WASM_RUNNER: &str = r#"
const [, , modulePath, native, out, key] = process.argv;
const fs = require('fs');
const m = require(modulePath);
const simMs = JSON.parse(fs.readFileSync(native, 'utf8')).world_sim_ms;
let best = 0;
for (let i = 0; i < 3; i++) best = Math.max(best, m.wasm_world_events_per_s(simMs));
fs.writeFileSync(out, JSON.stringify({ [key]: best }) + '\n');
"#;

pub(crate) fn bench() -> Result {
    let tools = tools::Tools::setup(tools::Need::All)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));
    let root = root();
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;

    dist(&tools)?;

    step("native benchmarks (cargo build --profile bench-native -p brokerlab-bench)");
    run(Command::new(&cargo).args(["build", "--profile", "bench-native", "-p", "brokerlab-bench", "--bin", "brokerlab-bench"]))?;
    let bench_bin = root.join("target/bench-native/brokerlab-bench");
    let native_json = out.join("native.json");
    capture(&mut Command::new(&bench_bin), &native_json)?;

    step("the world benchmark under wasm32 in Node");
    let runner = out.join("run_wasm.cjs");
    write(&runner, WASM_RUNNER)?;
    let mut merged = vec![native_json.clone()];
    let modules = [
        ("wasm-bench", "wasm_world_events_per_s", "wasm"),
        ("web", "wasm_world_events_per_s_page", "wasm-page"),
    ];
    for (profile, _, dir) in modules {
        run(Command::new(&cargo).args([
            "build", "--target", "wasm32-unknown-unknown", "--profile", profile, "-p", "brokerlab-bench", "--lib",
        ]))?;
        run(Command::new("wasm-bindgen")
            .args(["--target", "nodejs", "--out-dir"])
            .arg(out.join(dir))
            .arg(root.join(format!("target/wasm32-unknown-unknown/{profile}/brokerlab_bench.wasm")))
            .env("PATH", tools.path_with_tools()))?;
    }
    // The native world figure again, right before the wasm runs: the ratios compare runs a few
    // seconds apart rather than minutes apart (this machine's load changes in between).
    let paired_json = out.join("native-paired.json");
    capture(Command::new(&bench_bin).arg("world"), &paired_json)?;
    merged.push(paired_json);
    for (_, key, dir) in modules {
        let module_dir = out.join(dir);
        let result = out.join(format!("{dir}.json"));
        run(Command::new(&tools.node)
            .arg(&runner)
            .arg(module_dir.join("brokerlab_bench.js"))
            .arg(&native_json)
            .arg(&result)
            .arg(key))?;
        merged.push(result);
    }

    step("measuring sticks for the bundle, built as the page is: the core alone (js/), the smallest Yew app");
    let core_dist = page_built(&tools, "brokerlab-js", "brokerlab_js", "--lib", "core-bundle")?;
    let yew_dist = page_built(&tools, "brokerlab-yew-floor", "brokerlab-yew-floor", "--bins", "yew-floor")?;

    step("browser benchmark (tests/browser/bench.mjs, headless Chromium against dist/)");
    let browser_json = out.join("browser.json");
    {
        let server = serve::Server::start(&root.join("dist"), 0)?;
        run(Command::new(&tools.node)
            .arg("browser/bench.mjs")
            .current_dir(root.join("tests"))
            .env("BROKERLAB_URL", server.url())
            .env("BROKERLAB_DIST", root.join("dist"))
            .env("BENCH_CORE_DIST", &core_dist)
            .env("BENCH_YEW_FLOOR_DIST", &yew_dist)
            .env("BENCH_OUT", &browser_json)
            .env("CHROMIUM", &tools.chromium))?;
    }
    merged.push(browser_json);

    step("summary");
    run(Command::new(&bench_bin).arg("merge").arg(out.join("summary.json")).args(&merged))
}

/// Builds `package` for wasm32 the way the page's wasm is built (profile `web`, the page's
/// toolchain settings, wasm-bindgen for the web, wasm-opt -Oz as Trunk runs it) into
/// `target/bench/<dir>/`, for the browser benchmark to size. Two measuring sticks for the
/// bundle target:
/// - `js/` (`bundle_core_gzip_bytes`): the core and its JSON interface, no page; about what any
///   page holding the core ships before its first view. Not the page's core exactly: it
///   carries JSON serializers the page does not.
/// - `bench/yew-floor/` (`bundle_yew_floor_gzip_bytes`): the smallest Yew app, no core.
fn page_built(tools: &tools::Tools, package: &str, artifact: &str, kind: &str, dir: &str) -> Result<std::path::PathBuf> {
    let root = root();
    let out = root.join("target/bench").join(dir);
    let _ = std::fs::remove_dir_all(&out);
    // Through rustup's `cargo` on the PATH, as Trunk calls it, so that the page's toolchain
    // setting applies (`$CARGO` names the stable toolchain's own binary). The page's own target
    // directory, so the standard library built for the page is reused.
    let mut build = Command::new("cargo");
    build
        .env("PATH", tools.path_with_tools())
        .args(["build", "-p", package, kind, "--target", "wasm32-unknown-unknown", "--profile", "web"]);
    crate::page_build_settings(tools, &mut build);
    run(&mut build)?;
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--out-dir"])
        .arg(&out)
        .arg(root.join(format!("target/wasm32-unknown-unknown/web/{artifact}.wasm")))
        .env("PATH", tools.path_with_tools()))?;
    let wasm = out.join(format!("{artifact}_bg.wasm"));
    run(Command::new("wasm-opt").arg("-Oz").arg(&wasm).arg("-o").arg(&wasm).env("PATH", tools.path_with_tools()))?;
    Ok(out)
}

/// Runs `command`, writing its stdout to `to` (stderr passes through).
fn capture(command: &mut Command, to: &Path) -> Result {
    let shown = format!("{command:?}");
    let output = command
        .current_dir(root())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{shown} failed ({})", output.status));
    }
    std::fs::write(to, &output.stdout).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
