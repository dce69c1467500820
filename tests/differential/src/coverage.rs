//! How often a set of sequences reaches the corners where the model and RabbitMQ 3.10 once
//! differed (issue 22): counted by running each sequence on the model, so the figures hold for
//! the server run too (the two agree operation by operation, or the seed fails).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::AddAssign;

use brokerlab_core::message_broker::{MessageBroker, Overflow};

use crate::model::{ModelRun, channel_id};
use crate::observe::{Observed, Outcome, Seen};
use crate::ops::Op;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Messages a client received having died twice or more (their `x-death` counts add up).
    pub died_twice: usize,
    /// Messages a client received with three `x-death` entries or more: where 3.10's order
    /// (older entries reversed at each death) and the cycle check that reads it show.
    pub three_death_entries: usize,
    /// `basic.nack` with `multiple` and no requeue settling two deliveries or more from one
    /// queue with `x-max-priority` (dead-lettered highest priority first).
    pub priority_multi_rejects: usize,
    /// Requeues of two deliveries or more at once (a multiple nack or a channel close) into a
    /// `drop-head` queue that they take past its `x-max-length` (all go back, then the head
    /// drops).
    pub drop_head_multi_requeues: usize,
}

impl AddAssign for Coverage {
    fn add_assign(&mut self, other: Coverage) {
        self.died_twice += other.died_twice;
        self.three_death_entries += other.three_death_entries;
        self.priority_multi_rejects += other.priority_multi_rejects;
        self.drop_head_multi_requeues += other.drop_head_multi_requeues;
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} messages received having died 2+ times, {} with 3+ x-death entries; {} multiple rejects of 2+ deliveries from a priority queue; {} requeues of 2+ deliveries into a full drop-head queue",
            self.died_twice, self.three_death_entries, self.priority_multi_rejects, self.drop_head_multi_requeues
        )
    }
}

/// The coverage of one sequence.
pub fn of(ops: &[Op]) -> Coverage {
    let mut coverage = Coverage::default();
    let mut model = ModelRun::new();
    let mut died_twice = BTreeSet::new();
    let mut three_entries = BTreeSet::new();
    for op in ops {
        let broker = model.broker();
        match op {
            Op::Nack { ch, tag, multiple: true, requeue } => {
                let settled = per_queue(broker, *ch, Some(*tag));
                if *requeue {
                    coverage.drop_head_multi_requeues += overflowing(broker, &settled);
                } else {
                    let priority = |queue: &str| broker.queue(queue).is_some_and(|q| q.arguments().max_priority.is_some());
                    coverage.priority_multi_rejects += settled.iter().filter(|(q, n)| **n >= 2 && priority(q)).count();
                }
            }
            Op::CloseChannel { ch } => coverage.drop_head_multi_requeues += overflowing(broker, &per_queue(broker, *ch, None)),
            _ => {}
        }
        let Ok(observed) = model.apply(op) else { break };
        for seen in received(&observed) {
            if seen.deaths.iter().map(|d| d.count).sum::<i64>() >= 2 {
                died_twice.insert(seen.body.clone());
            }
            if seen.deaths.len() >= 3 {
                three_entries.insert(seen.body.clone());
            }
        }
    }
    coverage.died_twice = died_twice.len();
    coverage.three_death_entries = three_entries.len();
    coverage
}

/// The deliveries channel `ch` holds up to `tag` (all with `None` or tag 0), per queue.
fn per_queue(broker: &MessageBroker, ch: usize, tag: Option<u64>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (t, _, queue) in broker.unacked(channel_id(ch)) {
        if tag.is_none_or(|tag| tag == 0 || t.0 <= tag) {
            *counts.entry(queue.to_string()).or_default() += 1;
        }
    }
    counts
}

/// How many of these requeues (queue, deliveries) put 2+ deliveries back into a drop-head
/// queue past its length limit.
fn overflowing(broker: &MessageBroker, requeued: &BTreeMap<String, usize>) -> usize {
    requeued
        .iter()
        .filter(|(queue, n)| {
            **n >= 2
                && broker.queue(queue).is_some_and(|q| {
                    let arguments = q.arguments();
                    arguments.overflow == Overflow::DropHead
                        && arguments.max_length.is_some_and(|max| (q.ready_count() + **n) as u64 > max)
                })
        })
        .count()
}

fn received(observed: &Observed) -> impl Iterator<Item = &Seen> {
    let got = match &observed.outcome {
        Outcome::Got(Some((seen, _))) => Some(seen),
        _ => None,
    };
    got.into_iter().chain(observed.deliveries.values().flatten())
}
