//! A token in flight as both token layers take it (`token_canvas` draws it, `token_glide`
//! lets it glide): where it goes, when, and how it looks, and the clock it travels by.

use crate::layout::{Motion, along_with};

/// How a token is outlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ring {
    /// The panel colour, so a token stands out from edges it crosses.
    Plain,
    /// An acknowledgement travelling back.
    Ack,
    /// A reject travelling back.
    Reject,
}

/// One token to draw, in the diagram's viewBox units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub hue: u32,
    pub ring: Ring,
}

/// One token in flight, in viewBox units: its flight's id, where it travels from and to,
/// between which simulated moments (ms), and how it looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flying {
    pub id: u64,
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub departs: f64,
    pub arrives: f64,
    pub r: f64,
    pub hue: u32,
    pub ring: Ring,
}

impl Flying {
    /// The token where it is at simulated time `now` (as `Clock::progress` times a hop).
    pub fn at(&self, now: f64, motion: Motion) -> Token {
        let span = self.arrives - self.departs;
        let t = if span <= 0.0 { 1.0 } else { ((now - self.departs) / span).clamp(0.0, 1.0) };
        let (x, y) = along_with(self.from, self.to, t, motion);
        Token { x, y, r: self.r, hue: self.hue, ring: self.ring }
    }
}

/// The clock the tokens travel by: simulated now (ms), its speed, and whether it plays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenClock {
    pub now_ms: f64,
    pub speed: f64,
    pub playing: bool,
}

/// Width of a token's ring (as the SVG tokens' stroke-width was).
pub const RING_W: f64 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;

    /// A token is where the stage's clock puts its hop: at its source before it departs, eased
    /// along the way, at its destination once it arrived; with reduced motion only at its ends.
    #[test]
    fn a_token_is_where_the_clock_puts_its_hop() {
        let f = Flying { id: 1, from: (0.0, 0.0), to: (100.0, 50.0), departs: 1_000.0, arrives: 1_400.0, r: 9.0, hue: 30, ring: Ring::Plain };
        let mut clock = Clock::default();
        for now in [900.0, 1_000.0, 1_100.0, 1_200.0, 1_399.0, 1_400.0, 2_000.0] {
            clock.now_ms = now;
            let expected = along_with(f.from, f.to, clock.progress(1_000, 1_400), Motion::Full);
            let t = f.at(now, Motion::Full);
            assert_eq!((t.x, t.y), expected, "at {now}");
        }
        assert_eq!((f.at(1_200.0, Motion::Full).x, f.at(1_200.0, Motion::Full).y), (50.0, 25.0), "half way at half time");
        assert_eq!((f.at(1_100.0, Motion::Reduced).x, f.at(1_300.0, Motion::Reduced).x), (0.0, 100.0));
        let instant = Flying { arrives: 1_000.0, ..f };
        assert_eq!(instant.at(1_000.0, Motion::Full).x, 100.0, "a hop of no time has arrived");
    }
}
