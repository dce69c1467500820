//! `brokerlab-bench`: the native benchmarks at full size.
//!
//! - `brokerlab-bench` runs every native benchmark and prints one JSON object on stdout
//!   (progress on stderr).
//! - `brokerlab-bench merge OUT IN...` merges JSON objects (later files win), derives the
//!   ratios that need figures from several runs (`wasm_native_ratio`), writes OUT and prints the
//!   table with the targets. `cargo xtask bench` runs both.
//! - `brokerlab-bench produce` (the produce benchmark and its baseline) and `brokerlab-bench
//!   world` (the busy world, as JSON: `cargo xtask bench` runs it again right before the wasm
//!   runs, for the wasm ÷ native ratios) run one benchmark each; also quick loops while
//!   profiling.

use std::process::ExitCode;

use brokerlab_bench as bench;
use serde_json::{Map, Value, json};

/// Simulated time the world benchmark runs (natively and under wasm32).
const WORLD_SIM_MS: u64 = 120_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None => {
            let summary = run_native();
            println!("{}", serde_json::to_string_pretty(&summary).expect("JSON"));
            Ok(())
        }
        Some("merge") if args.len() >= 3 => merge(&args[1], &args[2..]),
        Some("produce") => {
            // A quick loop for profiling: only the produce benchmark and its baseline.
            let records = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(300_000);
            let produce = bench::best_of(3, || bench::produce(records, 16));
            let baseline = bench::best_of(3, || bench::produce_baseline(records, 16).0);
            let floor = bench::best_of(3, || bench::produce_store_floor(records, 16).0);
            let ratio = produce.per_s() / baseline.per_s();
            println!(
                "produce {:.0}/s  baseline {:.0}/s  ratio {ratio:.3}  store floor {:.0}/s (ratio {:.3})",
                produce.per_s(),
                baseline.per_s(),
                floor.per_s(),
                floor.per_s() / baseline.per_s()
            );
            Ok(())
        }
        Some("world") => {
            let world = bench::best_of(3, || bench::world_events(WORLD_SIM_MS));
            println!("{}", json!({ "world_events_per_s_paired": world.per_s() }));
            Ok(())
        }
        _ => Err(String::from("usage: brokerlab-bench [produce [RECORDS] | world | merge OUT IN...]")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("brokerlab-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn note(what: &str) {
    eprintln!("    bench: {what}");
}

fn run_native() -> Value {
    let mut out = Map::new();

    note("produce through the World (300,000 keyed records, 16 partitions)");
    let produce = bench::best_of(3, || bench::produce(300_000, 16));
    let baseline = bench::best_of(3, || bench::produce_baseline(300_000, 16).0);
    out.insert("produce_records_per_s".into(), json!(produce.per_s()));
    out.insert("produce_baseline_records_per_s".into(), json!(baseline.per_s()));
    out.insert("produce_baseline_ratio".into(), json!(produce.per_s() / baseline.per_s()));
    // The ceiling on that ratio for any world that keeps the records: storing them alone.
    note("storing the same records in bare partition logs (no world)");
    let floor = bench::best_of(3, || bench::produce_store_floor(300_000, 16).0);
    out.insert("produce_store_floor_records_per_s".into(), json!(floor.per_s()));
    out.insert("produce_store_floor_ratio".into(), json!(floor.per_s() / baseline.per_s()));

    note("fetch through the World (300,000 records, 16 partitions, one member)");
    let fetch = bench::best_of(3, || bench::fetch(300_000, 16).0);
    out.insert("fetch_records_per_s".into(), json!(fetch.per_s()));

    note("topic-exchange routing, trie and naive");
    let keys = bench::routing_keys(1_000);
    let route = |bindings: usize| {
        let (broker, list) = bench::routing_fixture(bindings);
        let trie = bench::best_of(3, || bench::route_trie(&broker, &keys, 20_000).0);
        let naive_messages = (2_000_000 / bindings as u64).clamp(100, 20_000);
        let naive = bench::best_of(3, || bench::route_naive(&list, &keys, naive_messages).0);
        (trie.per_s(), naive.per_s())
    };
    let (trie_1k, naive_1k) = route(1_000);
    let (trie_10k, naive_10k) = route(10_000);
    let (trie_100, naive_100) = route(100);
    out.insert("topic_route_msgs_per_s_1k".into(), json!(trie_1k));
    out.insert("topic_route_msgs_per_s_10k".into(), json!(trie_10k));
    out.insert("topic_route_naive_msgs_per_s_1k".into(), json!(naive_1k));
    out.insert("topic_route_naive_msgs_per_s_10k".into(), json!(naive_10k));
    out.insert("topic_route_vs_naive_1k".into(), json!(trie_1k / naive_1k));
    out.insert("topic_route_vs_naive_10k".into(), json!(trie_10k / naive_10k));

    note("assignors, 1,000 members x 10,000 partitions (fresh group, then one member leaves)");
    let mut assign = Map::new();
    let mut scaling_assign = Map::new();
    for (strategy, name) in bench::STRATEGIES {
        // The fastest of three runs (one if a run takes over a second).
        let mut best: Option<(f64, f64)> = None;
        for _ in 0..3 {
            let run = bench::assign(strategy, 1_000, 10_000);
            check_assignment(name, &run);
            let (f, r) = best.unwrap_or((f64::MAX, f64::MAX));
            best = Some((f.min(run.fresh_ms), r.min(run.rebalance_ms)));
            if run.fresh_ms + run.rebalance_ms > 1_000.0 {
                break;
            }
        }
        let (fresh, rebalance) = best.expect("one run");
        assign.insert(name.into(), json!({ "fresh": fresh, "rebalance": rebalance }));
        let mut sizes = Map::new();
        for members in [10usize, 100] {
            let run = bench::assign(strategy, members, 10_000);
            sizes.insert(members.to_string(), json!({ "fresh": run.fresh_ms, "rebalance": run.rebalance_ms }));
        }
        sizes.insert("1000".into(), json!({ "fresh": fresh, "rebalance": rebalance }));
        scaling_assign.insert(name.into(), Value::Object(sizes));
    }
    out.insert("assign_ms_1k_members_10k_partitions".into(), Value::Object(assign));

    note("a busy world advanced in 16 ms frames, nothing drawn");
    let world = bench::best_of(3, || bench::world_events(WORLD_SIM_MS));
    out.insert("world_events_per_s".into(), json!(world.per_s()));
    out.insert("world_sim_ms".into(), json!(WORLD_SIM_MS));
    out.insert("world_events_per_run".into(), json!(world.ops));

    note("scaling: produce vs partitions");
    let mut produce_scaling = Map::new();
    for partitions in [1u32, 8, 64] {
        let rate = bench::best_of(2, || bench::produce(90_000, partitions));
        produce_scaling.insert(partitions.to_string(), json!(rate.per_s()));
    }
    let mut route_scaling = Map::new();
    for (bindings, trie, naive) in [(100, trie_100, naive_100), (1_000, trie_1k, naive_1k), (10_000, trie_10k, naive_10k)] {
        route_scaling.insert(bindings.to_string(), json!({ "trie": trie, "naive": naive }));
    }
    out.insert(
        "scaling".into(),
        json!({
            "produce_records_per_s_by_partitions": produce_scaling,
            "topic_route_msgs_per_s_by_bindings": route_scaling,
            "assign_ms_by_members_10k_partitions": scaling_assign,
        }),
    );
    Value::Object(out)
}

/// A benchmark that computed nonsense must not report a time.
fn check_assignment(name: &str, run: &bench::AssignRun) {
    let (topics, members) = bench::assign_input(1_000, 10_000);
    let mut problems = bench::assignment_problems(&topics, &members, &run.fresh, true);
    let complete = name != "cooperative-sticky";
    problems.extend(bench::assignment_problems(&topics, &run.rebalance_members, &run.rebalance, complete));
    assert!(problems.is_empty(), "{name} at 1,000 members: {problems:?}");
}

fn merge(out: &str, inputs: &[String]) -> Result<(), String> {
    let mut summary = Map::new();
    for input in inputs {
        let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{input} is not JSON: {e}"))?;
        let Value::Object(object) = value else { return Err(format!("{input} is not a JSON object")) };
        summary.extend(object);
    }
    // The native figure measured right before the wasm runs, if there is one (see xtask).
    let native = number(&summary, "world_events_per_s_paired").or_else(|| number(&summary, "world_events_per_s"));
    if let (Some(wasm), Some(native)) = (number(&summary, "wasm_world_events_per_s"), native) {
        summary.insert("wasm_native_ratio".into(), json!(wasm / native));
    }
    if let (Some(wasm), Some(native)) = (number(&summary, "wasm_world_events_per_s_page"), native) {
        summary.insert("wasm_native_ratio_page".into(), json!(wasm / native));
    }
    let text = serde_json::to_string_pretty(&Value::Object(summary.clone())).expect("JSON");
    std::fs::write(out, text + "\n").map_err(|e| format!("cannot write {out}: {e}"))?;
    print!("{}", table(&summary));
    println!("written to {out}");
    Ok(())
}

fn number(summary: &Map<String, Value>, key: &str) -> Option<f64> {
    summary.get(key).and_then(Value::as_f64)
}

/// Thousands separators, no decimals (or two below 100).
fn show(x: f64) -> String {
    if x.abs() < 1.0 {
        return format!("{x:.3}");
    }
    if x.abs() < 100.0 {
        return format!("{x:.2}");
    }
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 { format!("-{out}") } else { out }
}

#[derive(Clone, Copy)]
enum Target {
    None,
    AtLeast(f64),
    AtMost(f64),
    Below(f64),
}

impl Target {
    fn describe(self, value: Option<f64>) -> String {
        let (text, met) = match (self, value) {
            (Target::None, _) => return String::new(),
            (Target::AtLeast(t), v) => (format!(">= {}", show(t)), v.map(|v| v >= t)),
            (Target::AtMost(t), v) => (format!("<= {}", show(t)), v.map(|v| v <= t)),
            (Target::Below(t), v) => (format!("< {}", show(t)), v.map(|v| v < t)),
        };
        match met {
            Some(true) => format!("{text}  met"),
            Some(false) => format!("{text}  MISSED"),
            None => format!("{text}  (not measured)"),
        }
    }
}

/// A map's entries with numeric keys in numeric order.
fn numeric(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
    entries
}

fn table(s: &Map<String, Value>) -> String {
    let rows: &[(&str, Target)] = &[
        ("produce_records_per_s", Target::None),
        ("produce_baseline_records_per_s", Target::None),
        ("produce_baseline_ratio", Target::AtLeast(0.25)),
        // Not a target: the most produce_baseline_ratio can be while the records are kept.
        ("produce_store_floor_records_per_s", Target::None),
        ("produce_store_floor_ratio", Target::None),
        ("fetch_records_per_s", Target::None),
        ("topic_route_msgs_per_s_1k", Target::None),
        ("topic_route_msgs_per_s_10k", Target::None),
        ("topic_route_vs_naive_1k", Target::None),
        ("topic_route_vs_naive_10k", Target::AtLeast(50.0)),
        ("world_events_per_s", Target::None),
        ("world_events_per_s_paired", Target::None),
        ("wasm_world_events_per_s", Target::None),
        ("wasm_native_ratio", Target::AtLeast(0.5)),
        ("wasm_world_events_per_s_page", Target::None),
        ("wasm_native_ratio_page", Target::None),
        ("bundle_gzip_bytes", Target::AtMost(300_000.0)),
        ("bundle_wasm_gzip_bytes", Target::None),
        ("bundle_js_gzip_bytes", Target::None),
        // Not targets: measuring sticks built as the page is, the core with the JS package's
        // JSON interface alone, and the smallest Yew app (xtask's `page_built`).
        ("bundle_core_gzip_bytes", Target::None),
        ("bundle_yew_floor_gzip_bytes", Target::None),
        ("bundle_brotli_bytes", Target::None),
        ("first_render_ms", Target::AtMost(1_000.0)),
        // Frames: main thread per frame at each load, and divided by an empty page's in the same
        // rounds (`frame_ratio_*`, what carries across machines). The targets are the best other
        // broker visualizer's ratios at those loads (issue 23).
        ("main_thread_ms_per_frame_floor", Target::None),
        ("main_thread_ms_per_frame_lesson", Target::None),
        ("frame_ratio_lesson", Target::AtMost(2.5)),
        ("main_thread_ms_per_frame_idle", Target::None),
        ("frame_ratio_idle", Target::AtMost(1.15)),
        ("page_frames_idle", Target::AtMost(0.0)),
        ("main_thread_ms_per_frame_180_tokens", Target::None),
        ("frame_ratio_180_tokens", Target::AtMost(3.5)),
        ("main_thread_ms_per_frame_600_tokens", Target::None),
        ("frame_ratio_600_tokens", Target::AtMost(6.0)),
        ("main_thread_ms_per_frame_2000_tokens", Target::None),
        ("frame_ratio_2000_tokens", Target::None),
        ("fps_lesson", Target::None),
        ("fps_180_tokens", Target::None),
        ("fps_600_tokens", Target::AtLeast(55.0)),
        ("fps_2000_tokens", Target::None),
        ("frame_ms_p95_600_tokens", Target::None),
        ("frame_ms_p95_2000_tokens", Target::None),
        ("tokens_seen_lesson", Target::None),
        ("tokens_seen_180_tokens", Target::None),
        ("tokens_seen_600_tokens", Target::None),
        ("tokens_seen_2000_tokens", Target::None),
    ];
    let mut out = String::from("\n");
    out.push_str(&format!("{:<40} {:>16}  {}\n", "figure", "value", "target"));
    out.push_str(&format!("{}\n", "-".repeat(80)));
    for &(key, target) in rows {
        let value = number(s, key);
        let shown = value.map_or_else(|| String::from("-"), show);
        out.push_str(&format!("{key:<40} {shown:>16}  {}\n", target.describe(value)));
    }
    if let Some(Value::Object(assign)) = s.get("assign_ms_1k_members_10k_partitions") {
        out.push_str("\nassignment, 1,000 members x 10,000 partitions (ms; target < 100 each)\n");
        for (name, v) in assign {
            let fresh = v.get("fresh").and_then(Value::as_f64);
            let rebalance = v.get("rebalance").and_then(Value::as_f64);
            out.push_str(&format!(
                "  {name:<20} fresh {:>10}  {:<14} rebalance {:>10}  {}\n",
                fresh.map_or_else(|| "-".into(), show),
                Target::Below(100.0).describe(fresh),
                rebalance.map_or_else(|| "-".into(), show),
                Target::Below(100.0).describe(rebalance),
            ));
        }
    }
    if let Some(scaling) = s.get("scaling") {
        out.push_str("\nscaling\n");
        if let Some(Value::Object(p)) = scaling.get("produce_records_per_s_by_partitions") {
            out.push_str("  produce records/s by partitions:");
            for (k, v) in numeric(p) {
                out.push_str(&format!("  {k}: {}", v.as_f64().map_or_else(|| "-".into(), show)));
            }
            out.push('\n');
        }
        if let Some(Value::Object(r)) = scaling.get("topic_route_msgs_per_s_by_bindings") {
            out.push_str("  topic routing msgs/s by bindings (trie / naive):");
            for (k, v) in numeric(r) {
                let f = |n: &str| v.get(n).and_then(Value::as_f64).map_or_else(|| "-".into(), show);
                out.push_str(&format!("  {k}: {} / {}", f("trie"), f("naive")));
            }
            out.push('\n');
        }
        if let Some(Value::Object(a)) = scaling.get("assign_ms_by_members_10k_partitions") {
            out.push_str("  assignment ms by members, 10,000 partitions (fresh / rebalance):\n");
            for (name, sizes) in a {
                out.push_str(&format!("    {name:<20}"));
                if let Value::Object(sizes) = sizes {
                    for (k, v) in numeric(sizes) {
                        let f = |n: &str| v.get(n).and_then(Value::as_f64).map_or_else(|| "-".into(), show);
                        out.push_str(&format!("  {k}: {} / {}", f("fresh"), f("rebalance")));
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}
