//! The generator's stream consumers (see `State::streams`): a prefetch, manual acks, and an
//! `x-stream-offset` of `first`, `last`, `next` or a number up to one past the end.

use brokerlab_core::message_broker::MessageBroker;

use super::{Consumer, Op, State};

/// A stream consumer's `x-stream-offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamOffset {
    First,
    Last,
    Next,
    /// Beyond the end the consumer waits for that offset.
    At(u64),
}

impl State {
    pub(super) fn is_stream(&self, model: &MessageBroker, queue: &str) -> bool {
        model.queue(queue).is_some_and(|q| q.stream().is_some())
    }

    /// A consumer of stream `queue` on channel `ch`, which has no other consumer.
    pub(super) fn stream_consumer(&mut self, model: &MessageBroker, ch: usize, queue: String) -> Op {
        let tag = format!("c{}", self.next_consumer);
        self.next_consumer += 1;
        self.consumers.push(Consumer { ch, tag: tag.clone(), queue: queue.clone() });
        let next = model.queue(&queue).and_then(|q| q.stream()).map_or(0, |s| s.log.next_offset());
        let offset = match self.rng.below(5) {
            0 | 1 => StreamOffset::First,
            2 => StreamOffset::Next,
            3 => StreamOffset::Last,
            _ => StreamOffset::At(self.rng.below(next + 2)),
        };
        let prefetch = *self.pick(&[1, 2, 3, 5]);
        Op::Consume { ch, queue, tag, prefetch, no_ack: false, offset: Some(offset) }
    }
}
