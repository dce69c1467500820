//! The time scrubber's record, shared by both simulations: every command with the simulated
//! time it was applied at, a snapshot of the model every `SNAPSHOT_EVERY_MS`, and how far the
//! timeline reaches. Rewinding restores the nearest snapshot and replays the commands after it;
//! the models are deterministic, so the same state results. A command applied after a rewind
//! starts a new future and the old one is forgotten.

use brokerlab_core::time::SimTime;
use crate::limits::SNAPSHOTS_MAX;

/// Simulated time between snapshots kept for rewinding.
pub const SNAPSHOT_EVERY_MS: u64 = 2_000;

/// The model as it was at `at`, with `commands` of the timeline applied so far.
#[derive(Clone, Debug)]
struct Snapshot<S> {
    at: SimTime,
    commands: usize,
    state: S,
}

/// Commands `C` and snapshots `S` of one model.
#[derive(Debug)]
pub struct Timeline<C, S> {
    commands: Vec<(SimTime, C)>,
    /// How many of `commands` the current model has applied.
    applied: usize,
    snapshots: Vec<Snapshot<S>>,
    /// The furthest simulated time reached (the scrubber's end).
    horizon: SimTime,
}

/// Where [`Timeline::next_stop`] says an advance towards a target must stop next, and what to do
/// there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stop {
    pub at: SimTime,
    /// A recorded command is due at `at`: take it with [`Timeline::take_command`] and apply it.
    pub replay: bool,
    /// A snapshot is due at `at`: give it to [`Timeline::keep`].
    pub snapshot: bool,
    /// `at` is the target and nothing more is due there.
    pub done: bool,
}

impl<C: Clone, S: Clone> Timeline<C, S> {
    /// A timeline whose first snapshot is the model at time 0.
    pub fn new(initial: S) -> Timeline<C, S> {
        Timeline {
            commands: Vec::new(),
            applied: 0,
            snapshots: vec![Snapshot { at: SimTime::ZERO, commands: 0, state: initial }],
            horizon: SimTime::ZERO,
        }
    }

    pub fn horizon(&self) -> SimTime {
        self.horizon
    }

    /// A command the model just applied at `now`. After a rewind it starts a new future: the
    /// recorded commands and snapshots after `now` are dropped.
    pub fn record(&mut self, now: SimTime, command: C) {
        if self.applied < self.commands.len() {
            self.commands.truncate(self.applied);
            self.snapshots.retain(|s| s.at <= now);
            self.horizon = now;
        }
        self.commands.push((now, command));
        self.applied += 1;
    }

    /// The nearest snapshot at or before `to`: its time and state, to restore and replay from.
    pub fn restore(&mut self, to: SimTime) -> (SimTime, S) {
        let snapshot = self.snapshots.iter().rev().find(|s| s.at <= to).expect("the snapshot at time 0 is always kept");
        self.applied = snapshot.commands;
        (snapshot.at, snapshot.state.clone())
    }

    /// The next place an advance towards `target` must stop: a recorded command, a snapshot,
    /// or the target itself.
    pub fn next_stop(&self, target: SimTime) -> Stop {
        let next_command = self.commands.get(self.applied).map(|(at, _)| *at).filter(|at| *at <= target);
        let last = self.snapshots.last().map_or(SimTime::ZERO, |s| s.at);
        let next_snapshot = last + SNAPSHOT_EVERY_MS;
        let at = [Some(target), next_command, Some(next_snapshot).filter(|t| *t <= target)]
            .into_iter()
            .flatten()
            .min()
            .expect("target is always there");
        Stop {
            at,
            replay: next_command == Some(at),
            snapshot: at == next_snapshot && last < at,
            done: at == target && next_command != Some(target),
        }
    }

    /// When the next recorded command is due, if one is (after a rewind, the old future).
    pub fn next_command_at(&self) -> Option<SimTime> {
        self.commands.get(self.applied).map(|(at, _)| *at)
    }

    /// The recorded command due now, counted as applied.
    pub fn take_command(&mut self) -> C {
        let (_, command) = self.commands[self.applied].clone();
        self.applied += 1;
        command
    }

    /// Keeps the model's state at `at`; past `SNAPSHOTS_MAX`, drops every other snapshot
    /// (always keeping the one at time 0), so a long run keeps them spread over its length.
    pub fn keep(&mut self, at: SimTime, state: S) {
        self.snapshots.push(Snapshot { at, commands: self.applied, state });
        if self.snapshots.len() > SNAPSHOTS_MAX {
            let mut keep = true;
            self.snapshots.retain(|s| {
                keep = !keep || s.at == SimTime::ZERO;
                keep
            });
        }
    }

    /// The advance reached `target`.
    pub fn reached(&mut self, target: SimTime) {
        self.horizon = self.horizon.max(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An advance stops at each recorded command and each snapshot on the way to its target,
    /// and a command recorded after a rewind drops the old future.
    #[test]
    fn stops_at_commands_and_snapshots_and_a_new_command_forgets_the_old_future() {
        let mut t: Timeline<&str, u64> = Timeline::new(0);
        t.record(SimTime::from_ms(500), "a");
        t.reached(SimTime::from_ms(5_000));
        let (at, state) = t.restore(SimTime::from_ms(100));
        assert_eq!((at, state), (SimTime::ZERO, 0));
        assert_eq!(t.next_command_at(), Some(SimTime::from_ms(500)), "after the rewind, the old future's command is due");
        let target = SimTime::from_ms(3_000);
        let first = t.next_stop(target);
        assert_eq!(first, Stop { at: SimTime::from_ms(500), replay: true, snapshot: false, done: false });
        assert_eq!(t.take_command(), "a");
        assert_eq!(t.next_command_at(), None);
        let second = t.next_stop(target);
        assert_eq!(second, Stop { at: SimTime::from_ms(SNAPSHOT_EVERY_MS), replay: false, snapshot: true, done: false });
        t.keep(second.at, 2);
        assert_eq!(t.next_stop(target), Stop { at: target, replay: false, snapshot: false, done: true });
        // Back before the snapshot, then a new command: the snapshot after it and the horizon go.
        let (at, _) = t.restore(SimTime::from_ms(600));
        assert_eq!(at, SimTime::ZERO);
        t.record(SimTime::from_ms(600), "b");
        assert_eq!(t.horizon(), SimTime::from_ms(600));
        assert_eq!(t.restore(SimTime::from_ms(4_000)).0, SimTime::ZERO, "the snapshot at 2 s belonged to the old future");
    }

    #[test]
    fn snapshots_thin_out_but_time_zero_stays() {
        let mut t: Timeline<(), u64> = Timeline::new(0);
        for i in 1..=SNAPSHOTS_MAX as u64 + 1 {
            t.keep(SimTime::from_ms(i * SNAPSHOT_EVERY_MS), i);
        }
        // One thinning happened on the way: about half are left, spread over the whole run.
        assert!(t.snapshots.len() < SNAPSHOTS_MAX / 2 + 4, "{}", t.snapshots.len());
        assert_eq!(t.snapshots[0].at, SimTime::ZERO);
        assert_eq!(t.snapshots.last().map(|s| s.state), Some(SNAPSHOTS_MAX as u64 + 1));
    }
}
