//! Shared helpers for the `kafka_*` trace tests: run a scenario (with its script) and render
//! selected events as compact lines, one per event: `at kind field=value ...` with the fields
//! in name order, leaving out the animation-only ones.

#![allow(dead_code)]

pub mod invariants;

use brokerlab_core::Drive;
use brokerlab_core::{Advance, Scenario, SimTime, World};

/// Fields that only matter for drawing (or are always there) and would clutter expectations.
const NOISE: &[&str] = &["kind", "at", "departs", "arrives", "choice", "partitions_count", "producer", "key"];

pub fn world(json: &str) -> World {
    World::new(&Scenario::from_json(json).unwrap()).unwrap()
}

/// Advances to `until_ms` in 50 ms steps and renders every event whose kind is in `kinds`.
pub fn run(world: &mut World, until_ms: u64, kinds: &[&str]) -> String {
    let mut out = String::new();
    let mut now = world.now().as_ms();
    render_pending(world, kinds, &mut out);
    while now < until_ms {
        now = (now + 50).min(until_ms);
        while let Advance::Partial { .. } = world.advance_to(SimTime::from_ms(now)) {
            render_pending(world, kinds, &mut out);
        }
        render_pending(world, kinds, &mut out);
    }
    out
}

pub fn render_pending(world: &mut World, kinds: &[&str], out: &mut String) {
    while let Some(event) = world.poll_event() {
        // Every event explains itself in both languages.
        assert!(!event.explain(brokerlab_core::Lang::En).is_empty());
        assert!(!event.explain(brokerlab_core::Lang::Ko).is_empty());
        if !kinds.contains(&event.kind_name()) {
            continue;
        }
        let value = serde_json::to_value(&event).unwrap();
        let mut line = format!("{} {}", value["at"], event.kind_name());
        for (k, v) in value.as_object().unwrap() {
            if NOISE.contains(&k.as_str()) || (k == "partitions" && v.is_number()) {
                continue;
            }
            let v = v.to_string().replace('"', "");
            line.push_str(&format!(" {k}={v}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// Compares line by line, ignoring leading indentation, and prints the actual trace on failure.
pub fn check(actual: &str, expected: &str) {
    let expected: Vec<&str> = expected.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let got: Vec<&str> = actual.lines().collect();
    assert!(got == expected, "trace differs; actual:\n{actual}");
}
