//! The trace of a run: its events, one JSON object per line. Two runs of the same scenario,
//! seed and inputs give byte-identical traces, natively and in wasm; golden-trace tests
//! compare them as text.

use alloc::string::String;

use crate::drive::Drive;
use crate::time::SimTime;
use crate::world::{Event, Scenario, ScenarioError, World};

/// Runs `scenario` from time 0 to `until`, advancing in `step_ms` increments (as a page would,
/// frame by frame), and returns every event as a JSON line.
pub fn run(scenario: &Scenario, until: SimTime, step_ms: u64) -> Result<String, ScenarioError> {
    assert!(step_ms > 0, "a trace needs a positive step");
    let mut world = World::new(scenario)?;
    let mut out = String::new();
    let mut now = SimTime::ZERO;
    while let Some(event) = world.poll_event() {
        line(&event, &mut out);
    }
    while now < until {
        now = now.plus_ms(step_ms).min(until);
        world.run_to(now, |event| line(&event, &mut out));
    }
    Ok(out)
}

fn line(event: &Event, out: &mut String) {
    out.push_str(&serde_json::to_string(event).expect("events always serialize"));
    out.push('\n');
}
