//! The golden trace: the slice scenario run for 12 simulated seconds must give exactly the
//! trace in `golden/slice.trace`. The same file is checked natively and under wasm32, so
//! both builds produce byte-identical traces.
//!
//! To accept a deliberate change: `UPDATE_GOLDEN=1 cargo test -p brokerlab-core --test golden`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::{Scenario, SimTime};

const GOLDEN: &str = include_str!("golden/slice.trace");

#[test]
fn slice_trace_is_golden() {
    let scenario = Scenario::from_json(include_str!("data/slice.json")).unwrap();
    let trace = brokerlab_core::trace::run(&scenario, SimTime::from_ms(12_000), 16).unwrap();
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/slice.trace"), &trace).unwrap();
        return;
    }
    assert!(!GOLDEN.is_empty(), "the golden file is missing; run with UPDATE_GOLDEN=1");
    if trace != GOLDEN {
        let first = trace.lines().zip(GOLDEN.lines()).position(|(a, b)| a != b);
        panic!(
            "trace differs from golden/slice.trace (first differing line: {first:?}; {} vs {} lines)",
            trace.lines().count(),
            GOLDEN.lines().count()
        );
    }
}
