//! The bounds of `brokerlab run` (docs/LIMITS.md lists them with what happens at the edge).
//! The scenario's own bounds are the core's (`brokerlab_core::limits`).

/// Simulated milliseconds one `run` may ask for with `--until` (one hour).
pub(crate) const RUN_UNTIL_MS_MAX: u64 = 3_600_000;
/// Events one `run` prints; a busier run stops there with an error rather than print without
/// end.
pub(crate) const RUN_EVENTS_MAX: usize = 1_000_000;
/// Seconds of real time one `run` may take. A valid scenario can keep the model busy with no
/// event to show (hundreds of members polling every millisecond for an hour); a run that is
/// still going stops here with an error rather than seem to hang.
pub(crate) const RUN_REAL_SECONDS_MAX: u64 = 60;
/// Bytes of the scenario document or share link `run` reads: room for the largest scenario
/// (`brokerlab_core::limits::SCENARIO_BYTES_MAX`) with its whitespace, so the core says why
/// a larger one is refused; beyond it, the rest is not read.
pub(crate) const RUN_INPUT_BYTES_MAX: usize = 2 * brokerlab_core::limits::SCENARIO_BYTES_MAX;

const _: () = assert!(crate::run::UNTIL_DEFAULT_MS <= RUN_UNTIL_MS_MAX);
const _: () = assert!(brokerlab_core::limits::SCENARIO_BYTES_MAX < RUN_INPUT_BYTES_MAX);
