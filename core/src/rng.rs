//! The world's only source of randomness: a small seeded PRNG (SplitMix64). It is part of the
//! world's state, so snapshots capture it and a replay draws the same numbers.

use serde::{Deserialize, Serialize};

/// Sets the message broker's stream apart ([`Prng::message_stream`]); any non-zero constant
/// would do.
const MESSAGE_STREAM_SALT: u64 = 0x6D65_7373_6167_6573; // "messages"

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prng {
    state: u64,
}

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng { state: seed }
    }

    /// The message broker's stream for a scenario's `seed`. The two brokers draw from their
    /// own streams, so what one side draws never shifts the other: the page, which runs the
    /// two sides as separate simulations, and one world running both (the JS package, the
    /// golden traces) draw the same numbers on each side. The stream starts at a mixed seed,
    /// far along SplitMix64's cycle from the event broker's (`new(seed)`).
    pub fn message_stream(seed: u64) -> Prng {
        Prng::new(Prng::new(seed ^ MESSAGE_STREAM_SALT).next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        // SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and well distributed.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (bound > 0), without modulo bias worth caring about at our sizes.
    pub fn below(&mut self, bound: u64) -> u64 {
        assert!(bound > 0, "Prng::below needs a positive bound");
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance_per_mille(&mut self, per_mille: u32) -> bool {
        self.below(1000) < u64::from(per_mille)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Prng::new(7);
        let mut b = Prng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = Prng::new(8);
        assert_ne!(Prng::new(7).next_u64(), c.next_u64());
    }

    #[test]
    fn the_message_stream_is_its_own() {
        let event: alloc::vec::Vec<u64> = (0..1000).scan(Prng::new(5), |r, _| Some(r.next_u64())).collect();
        let mut message = Prng::message_stream(5);
        let first = message.next_u64();
        assert!(!event.contains(&first), "the message stream does not start inside the event stream's first 1000 draws");
        assert_eq!(Prng::message_stream(5).next_u64(), first, "the same seed gives the same stream");
        assert_ne!(Prng::message_stream(6).next_u64(), first);
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Prng::new(1);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let n = rng.below(5) as usize;
            seen[n] = true;
        }
        assert!(seen.iter().all(|s| *s), "every value of 0..5 drawn: {seen:?}");
    }
}
