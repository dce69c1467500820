//! The world's timer queue: timers run in `(due time, scheduling order)` order, exactly as a
//! single ordered map keyed by `(at, seq)` would run them.
//!
//! Most timers are one link away (`now + link_ms`: a record reaching its leader, a fetch
//! request or answer, a retry). `now` never goes back and `link_ms` is fixed for a world, so
//! those are scheduled in non-decreasing time order: they go into a FIFO (`link`), which costs
//! a push and a pop instead of an ordered-map insert and remove. Every other timer goes into
//! the ordered map (`other`). The next timer is the smaller `(at, seq)` of the two fronts, so
//! the order is the same as with one map, and traces do not change.

use alloc::collections::{BTreeMap, VecDeque};

use crate::time::SimTime;

#[derive(Clone, Debug)]
pub(super) struct TimerQueue<T> {
    seq: u64,
    /// Timers due in non-decreasing `(at, seq)` order (each push is at or after the back).
    link: VecDeque<(SimTime, u64, T)>,
    other: BTreeMap<(SimTime, u64), T>,
}

impl<T> TimerQueue<T> {
    pub(super) fn new() -> Self {
        TimerQueue { seq: 0, link: VecDeque::new(), other: BTreeMap::new() }
    }

    /// Schedules `timer` at `at`. `in_order` says the caller expects `at` to be at or after
    /// every timer scheduled with `in_order` before (a link delay from the current time); if
    /// it is not, the timer still goes where it keeps the order right.
    pub(super) fn schedule(&mut self, at: SimTime, timer: T, in_order: bool) {
        self.seq += 1;
        if in_order && self.link.back().is_none_or(|&(back, _, _)| back <= at) {
            self.link.push_back((at, self.seq, timer));
        } else {
            self.other.insert((at, self.seq), timer);
        }
    }

    /// The next timer's `(at, seq)`, if any.
    pub(super) fn peek(&self) -> Option<(SimTime, u64)> {
        let link = self.link.front().map(|&(at, seq, _)| (at, seq));
        let other = self.other.first_key_value().map(|(&key, _)| key);
        match (link, other) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Removes and returns the next timer.
    pub(super) fn pop(&mut self) -> Option<(SimTime, T)> {
        let link = self.link.front().map(|&(at, seq, _)| (at, seq));
        let other = self.other.first_key_value().map(|(&key, _)| key);
        match (link, other) {
            (Some(a), Some(b)) if b < a => self.other.pop_first().map(|((at, _), t)| (at, t)),
            (Some(_), _) => self.link.pop_front().map(|(at, _, t)| (at, t)),
            (None, Some(_)) => self.other.pop_first().map(|((at, _), t)| (at, t)),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The queue runs timers in the order one map keyed by `(at, seq)` runs them, whatever mix
    /// of in-order and other timers is scheduled (including an in-order timer scheduled
    /// earlier than the FIFO's back, which must go to the map).
    #[test]
    fn same_order_as_one_ordered_map() {
        let mut queue = TimerQueue::new();
        let mut map = BTreeMap::new();
        let mut seq = 0u64;
        let mut state = 12_345u64;
        let mut popped = Vec::new();
        let mut expected = Vec::new();
        for step in 0..5_000u64 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let r = state >> 33;
            if r.is_multiple_of(3) {
                popped.push(queue.pop());
                expected.push(map.pop_first().map(|((at, _), t)| (at, t)));
                continue;
            }
            let at = SimTime(step / 4 + r % 50);
            seq += 1;
            queue.schedule(at, seq, r.is_multiple_of(2));
            map.insert((at, seq), seq);
        }
        while let Some(entry) = map.pop_first() {
            expected.push(Some((entry.0.0, entry.1)));
            popped.push(queue.pop());
        }
        assert_eq!(queue.pop(), None);
        assert_eq!(popped, expected);
        assert!(expected.iter().filter(|e| e.is_some()).count() > 1_000);
    }
}
