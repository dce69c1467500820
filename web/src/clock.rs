//! The page clock: maps animation-frame time to simulated time (× speed, capped per frame).
//! The page never invents simulated time beyond this mapping, a step and a skip (`SKIP_MS`;
//! both in `stage.rs`).

use crate::limits::FRAME_SIM_MS_MAX;



/// Speeds offered, slowest first.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
/// Simulated milliseconds the skip button (and Shift+→) runs at once: long enough for the slow
/// parts of a broker (a retention check, an auto-commit, a session timeout's approach), short
/// enough that it takes no noticeable time.
pub const SKIP_MS: u64 = 10_000;

/// What one animation frame changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Frame {
    /// Paused, or nothing in flight and nothing happened: draw nothing.
    Idle,
    /// Only tokens moved.
    Moving,
    /// Events arrived: counts, cells or log lines changed too.
    Changed,
}

/// The page's clock in milliseconds (`performance.now()`, the time base of animation frames).
pub fn wall_now() -> Option<f64> {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now())
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    /// Simulated milliseconds, with fractions so slow speeds still advance.
    pub now_ms: f64,
    pub speed: f64,
    pub playing: bool,
    last_frame_ms: Option<f64>,
    /// Wall milliseconds the frame loop means to go without a frame while this clock plays
    /// (see [`Clock::doze`]); the next tick may count that much past the per-frame cap.
    doze_ms: Option<f64>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { now_ms: 0.0, speed: 1.0, playing: true, last_frame_ms: None, doze_ms: None }
    }
}

impl Clock {
    /// Called once per frame with the frame's timestamp; returns the simulated time to advance
    /// to, or `None` while paused.
    pub fn tick(&mut self, frame_ms: f64) -> Option<u64> {
        let dt = self.last_frame_ms.map_or(0.0, |last| (frame_ms - last).max(0.0));
        self.last_frame_ms = Some(frame_ms);
        let doze = self.doze_ms.take();
        if !self.playing {
            return None;
        }
        // One frame advances at most FRAME_SIM_MS_MAX (a tab in the background comes back where
        // it was), plus the doze the loop announced, which is time that really played.
        let cap = FRAME_SIM_MS_MAX + doze.map_or(0.0, |ms| ms * self.speed);
        self.now_ms += (dt * self.speed).min(cap);
        Some(self.now_ms as u64)
    }

    /// The frame loop goes about `wall_ms` without a frame while the clock plays on (nothing
    /// is in flight and the model's next timer is that far): the next tick counts the whole
    /// time since the last one, up to `wall_ms` past the per-frame cap.
    pub fn doze(&mut self, wall_ms: f64) {
        self.doze_ms = Some(wall_ms);
    }

    /// Whether the loop dozes with this clock playing: the model's time lags the clock's until
    /// the next tick.
    pub fn dozing(&self) -> bool {
        self.playing && self.doze_ms.is_some()
    }

    /// While the loop dozes, the time to run a frame at so the model reaches the present before
    /// a command is applied (so it lands at the moment it is given); `None` otherwise.
    pub fn catch_up_to(&self) -> Option<f64> {
        if self.dozing() { wall_now() } else { None }
    }

    /// Forgets the last frame's time: the next frame advances nothing. For a frame loop that
    /// stops while paused, so the time it slept is not played when it starts again.
    pub fn rest(&mut self) {
        self.last_frame_ms = None;
        self.doze_ms = None;
    }

    /// Jumps to a simulated time (single step, scrubbing).
    pub fn jump_to(&mut self, ms: u64) {
        self.now_ms = ms as f64;
    }

    /// Progress of a hop from `departs` to `arrives` at the current time, 0 to 1.
    pub fn progress(&self, departs: u64, arrives: u64) -> f64 {
        let span = arrives.saturating_sub(departs) as f64;
        if span <= 0.0 {
            return 1.0;
        }
        ((self.now_ms - departs as f64) / span).clamp(0.0, 1.0)
    }

    pub fn faster(&mut self) {
        if let Some(next) = SPEEDS.iter().find(|s| **s > self.speed) {
            self.speed = *next;
        }
    }

    pub fn slower(&mut self) {
        if let Some(next) = SPEEDS.iter().rev().find(|s| **s < self.speed) {
            self.speed = *next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_advance_by_speed_capped_and_not_while_paused() {
        let mut clock = Clock { speed: 2.0, ..Clock::default() };
        assert_eq!(clock.tick(1000.0), Some(0), "the first frame only sets the origin");
        assert_eq!(clock.tick(1100.0), Some(200));
        assert_eq!(clock.tick(61_100.0), Some(450), "a long gap advances at most the cap");
        clock.playing = false;
        assert_eq!(clock.tick(62_000.0), None);
        assert!((clock.progress(400, 500) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_rested_clock_does_not_play_the_time_it_slept() {
        let mut clock = Clock::default();
        clock.tick(1000.0);
        assert_eq!(clock.tick(1100.0), Some(100));
        clock.playing = false;
        assert_eq!(clock.tick(1116.0), None);
        clock.rest();
        // Woken 30 s later: that frame only sets the origin again, then time flows as before.
        clock.playing = true;
        assert_eq!(clock.tick(31_116.0), Some(100));
        assert_eq!(clock.tick(31_132.0), Some(116));
    }

    #[test]
    fn a_dozing_clock_counts_the_time_it_dozed_and_no_more() {
        let mut clock = Clock { speed: 2.0, ..Clock::default() };
        clock.tick(1000.0);
        clock.doze(900.0);
        assert!(clock.dozing());
        // 900 ms of wall time at 2x: 1,800 simulated, past the 250 ms cap of one frame.
        assert_eq!(clock.tick(1900.0), Some(1800));
        assert!(!clock.dozing(), "a doze covers one tick");
        // Woken late (a tab in the background): the doze plus one frame's cap, no more.
        clock.doze(100.0);
        assert_eq!(clock.tick(61_900.0), Some(1800 + 200 + 250));
        // Without a doze the cap holds as before.
        assert_eq!(clock.tick(71_900.0), Some(2250 + 250));
        clock.playing = false;
        clock.doze(500.0);
        assert!(!clock.dozing(), "a paused clock does not doze");
    }

    #[test]
    fn speeds_step_through_the_offered_list() {
        let mut clock = Clock::default();
        clock.faster();
        assert_eq!(clock.speed, 2.0);
        for _ in 0..10 {
            clock.faster();
        }
        assert_eq!(clock.speed, 8.0);
        for _ in 0..10 {
            clock.slower();
        }
        assert_eq!(clock.speed, 0.25);
    }
}
