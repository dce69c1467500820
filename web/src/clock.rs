//! The page clock: maps animation-frame time to simulated time (× speed, capped per frame).
//! The page never invents simulated time beyond this mapping.

/// The most simulated time one frame may advance, so a background tab does not leap.
pub const FRAME_SIM_MS_MAX: f64 = 250.0;
/// Speeds offered, slowest first.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

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

#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    /// Simulated milliseconds, with fractions so slow speeds still advance.
    pub now_ms: f64,
    pub speed: f64,
    pub playing: bool,
    last_frame_ms: Option<f64>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { now_ms: 0.0, speed: 1.0, playing: true, last_frame_ms: None }
    }
}

impl Clock {
    /// Called once per frame with the frame's timestamp; returns the simulated time to advance
    /// to, or `None` while paused.
    pub fn tick(&mut self, frame_ms: f64) -> Option<u64> {
        let dt = self.last_frame_ms.map_or(0.0, |last| (frame_ms - last).max(0.0));
        self.last_frame_ms = Some(frame_ms);
        if !self.playing {
            return None;
        }
        self.now_ms += (dt * self.speed).min(FRAME_SIM_MS_MAX);
        Some(self.now_ms as u64)
    }

    /// Forgets the last frame's time: the next frame advances nothing. For a frame loop that
    /// stops while paused, so the time it slept is not played when it starts again.
    pub fn rest(&mut self) {
        self.last_frame_ms = None;
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
