//! Golden traces: each scenario run for 12 simulated seconds must give exactly the trace in
//! its `golden/*.trace` file. The same files are checked natively and under wasm32, so both
//! builds produce byte-identical traces. `slice` is the foundation slice (the event broker
//! alone); `both` runs both brokers on one timeline with replication, retention, compaction,
//! a keyless record refused by a compacted topic, dead-lettering and a message-broker restart.
//!
//! To accept a deliberate change: `UPDATE_GOLDEN=1 cargo test -p brokerlab-core --test all -- golden::`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::{Scenario, SimTime};

#[test]
fn slice_trace_is_golden() {
    check("slice", include_str!("data/slice.json"), include_str!("golden/slice.trace"));
}

#[test]
fn both_brokers_trace_is_golden() {
    check("both", include_str!("golden/both.json"), include_str!("golden/both.trace"));
}

fn check(name: &str, scenario: &str, golden: &str) {
    let scenario = Scenario::from_json(scenario).unwrap();
    let trace = brokerlab_core::trace::run(&scenario, SimTime::from_ms(12_000), 16).unwrap();
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = format!("{}/tests/golden/{name}.trace", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(path, &trace).unwrap();
        return;
    }
    assert!(!golden.is_empty(), "golden/{name}.trace is empty; run with UPDATE_GOLDEN=1");
    if trace != golden {
        let first = trace.lines().zip(golden.lines()).position(|(a, b)| a != b);
        panic!(
            "trace differs from golden/{name}.trace (first differing line: {first:?}; {} vs {} lines)",
            trace.lines().count(),
            golden.lines().count()
        );
    }
}
