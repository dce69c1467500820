//! How often a set of sequences reaches the corners where the model and RabbitMQ 3.10 once
//! differed (issue 22): counted by running each sequence on the model, so the figures hold for
//! the server run too (the two agree operation by operation, or the seed fails).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::AddAssign;

use brokerlab_core::message_broker::{MessageBroker, Overflow};

use crate::model::{ModelRun, channel_id};
use crate::observe::{Observed, Outcome, Seen};
use crate::ops::{Op, StreamOffset};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Messages a client received having died twice or more (their `x-death` counts add up).
    pub died_twice: usize,
    /// Messages a client received with three `x-death` entries or more: where 3.10's order
    /// (older entries reversed at each death) and the cycle check that reads it show.
    pub three_death_entries: usize,
    /// `basic.nack` with `multiple` and no requeue settling two deliveries or more from one
    /// queue with `x-max-priority` whose delivery tags are not in priority order (RabbitMQ
    /// dead-letters them highest priority first, not in tag order).
    pub priority_multi_rejects: usize,
    /// Requeues of two deliveries or more at once (a multiple nack or a channel close) into a
    /// `drop-head` queue that they take past its `x-max-length`, their delivery tags not in
    /// queue order (all go back, then the head drops: requeueing and dropping one at a time in
    /// tag order drops others, or in another order).
    pub drop_head_multi_requeues: usize,
    /// Messages a quorum queue dead-lettered or dropped having been returned more times than
    /// its `x-delivery-limit` allows.
    pub past_delivery_limit: usize,
    /// Deliveries (consumer or `basic.get`) carrying an `x-delivery-count` of 1 or more.
    pub delivery_count_seen: usize,
    /// Stream deliveries to consumers that started at `first` or at a numeric offset (R21):
    /// messages written before the consumer came, read from the log.
    pub stream_from_first_or_offset: usize,
    /// Stream messages that two consumers or more received: reading removes nothing.
    pub stream_read_twice: usize,
}

impl AddAssign for Coverage {
    fn add_assign(&mut self, other: Coverage) {
        self.died_twice += other.died_twice;
        self.three_death_entries += other.three_death_entries;
        self.priority_multi_rejects += other.priority_multi_rejects;
        self.drop_head_multi_requeues += other.drop_head_multi_requeues;
        self.past_delivery_limit += other.past_delivery_limit;
        self.delivery_count_seen += other.delivery_count_seen;
        self.stream_from_first_or_offset += other.stream_from_first_or_offset;
        self.stream_read_twice += other.stream_read_twice;
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} messages received having died 2+ times, {} with 3+ x-death entries; {} multiple rejects of 2+ deliveries from a priority queue; {} requeues of 2+ deliveries into a full drop-head queue; {} quorum messages past their delivery limit, {} deliveries with x-delivery-count 1+; {} stream deliveries from first or a numeric offset, {} stream messages read by 2+ consumers",
            self.died_twice,
            self.three_death_entries,
            self.priority_multi_rejects,
            self.drop_head_multi_requeues,
            self.past_delivery_limit,
            self.delivery_count_seen,
            self.stream_from_first_or_offset,
            self.stream_read_twice
        )
    }
}

/// The coverage of one sequence.
pub fn of(ops: &[Op]) -> Coverage {
    let mut coverage = Coverage::default();
    let mut model = ModelRun::new();
    let mut died_twice = BTreeSet::new();
    let mut three_entries = BTreeSet::new();
    let mut from_log: BTreeSet<String> = BTreeSet::new();
    let mut readers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in ops {
        if let Op::Consume { tag, offset, .. } = op {
            if matches!(offset, Some(StreamOffset::First | StreamOffset::At(_))) {
                from_log.insert(tag.clone());
            } else {
                from_log.remove(tag);
            }
        }
        let broker = model.broker();
        match op {
            Op::Nack { ch, tag, multiple: true, requeue } => {
                let settled = per_queue(broker, *ch, Some(*tag));
                if *requeue {
                    coverage.drop_head_multi_requeues += overflowing(broker, &settled);
                } else {
                    coverage.priority_multi_rejects += settled.iter().filter(|(q, held)| out_of_priority_order(broker, q, held)).count();
                }
            }
            Op::CloseChannel { ch } => coverage.drop_head_multi_requeues += overflowing(broker, &per_queue(broker, *ch, None)),
            _ => {}
        }
        let Ok(observed) = model.apply(op) else { break };
        for (tag, seen) in &observed.deliveries {
            for s in seen.iter().filter(|s| s.stream_offset.is_some()) {
                coverage.stream_from_first_or_offset += usize::from(from_log.contains(tag));
                readers.entry(s.body.clone()).or_default().insert(tag.clone());
            }
        }
        for seen in received(&observed) {
            if seen.delivery_count.is_some_and(|n| n >= 1) {
                coverage.delivery_count_seen += 1;
            }
            if seen.deaths.iter().map(|d| d.count).sum::<i64>() >= 2 {
                died_twice.insert(seen.body.clone());
            }
            if seen.deaths.len() >= 3 {
                three_entries.insert(seen.body.clone());
            }
        }
    }
    coverage.past_delivery_limit = model.past_delivery_limit;
    coverage.died_twice = died_twice.len();
    coverage.three_death_entries = three_entries.len();
    coverage.stream_read_twice = readers.values().filter(|tags| tags.len() >= 2).count();
    coverage
}

/// One delivery a channel holds: its position in its queue and its priority there.
#[derive(Clone, Copy, Debug)]
struct Held {
    position: u64,
    priority: u8,
}

/// The deliveries channel `ch` holds up to `tag` (all with `None` or tag 0), per queue, in tag
/// order.
fn per_queue(broker: &MessageBroker, ch: usize, tag: Option<u64>) -> BTreeMap<String, Vec<Held>> {
    let mut held: BTreeMap<String, Vec<Held>> = BTreeMap::new();
    for (t, message, queue) in broker.unacked(channel_id(ch)) {
        let Some(q) = broker.queue(&queue) else { continue };
        let Some(queued) = q.unacked().find(|m| m.message.id == message) else { continue };
        if tag.is_none_or(|tag| tag == 0 || t.0 <= tag) {
            let max = q.arguments().max_priority.unwrap_or(0);
            let priority = queued.message.properties.priority.unwrap_or(0).min(max);
            held.entry(queue.to_string()).or_default().push(Held { position: queued.position, priority });
        }
    }
    held
}

/// Two deliveries or more of a priority queue whose tags are not in priority order.
fn out_of_priority_order(broker: &MessageBroker, queue: &str, held: &[Held]) -> bool {
    held.len() >= 2
        && broker.queue(queue).is_some_and(|q| q.arguments().max_priority.is_some())
        && held.windows(2).any(|pair| pair[0].priority < pair[1].priority)
}

/// How many of these requeues (queue, deliveries) put 2+ deliveries, not in queue order, back
/// into a drop-head queue past its length limit.
fn overflowing(broker: &MessageBroker, requeued: &BTreeMap<String, Vec<Held>>) -> usize {
    requeued
        .iter()
        .filter(|(queue, held)| {
            held.len() >= 2
                && held.windows(2).any(|pair| pair[0].position > pair[1].position)
                && broker.queue(queue).is_some_and(|q| {
                    let arguments = q.arguments();
                    arguments.overflow == Overflow::DropHead
                        && arguments.max_length.is_some_and(|max| (q.ready_count() + held.len()) as u64 > max)
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
