//! Every bound the page enforces, in one place (docs/LIMITS.md lists them with what happens at
//! the edge). The core's own bounds are in `brokerlab_core::limits`, the share link's among them.

/// The most simulated time one frame may advance, so a background tab does not leap.
pub const FRAME_SIM_MS_MAX: f64 = 250.0;

/// Lines drawn at once, after filtering.
pub const LOG_SHOWN_MAX: usize = 100;

/// Lines drawn at once while the simulation plays: about two screens of the log.
pub const LOG_LIVE_MAX: usize = 30;

/// Members shown as one button each; beyond this, a picker.
pub const MEMBER_BUTTONS_MAX: usize = 12;

/// Snapshots kept; beyond it every other one is dropped (rewinds then replay a little more).
pub const SNAPSHOTS_MAX: usize = 256;

/// Tokens animated at once; older ones are dropped first (a visual limit only).
pub const TOKENS_MAX: usize = 2_000;

/// Lines kept in the event log.
pub const LOG_LINES_MAX: usize = 200;
