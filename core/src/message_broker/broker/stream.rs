//! Streams inside the broker (R21): appending a routed message to a stream's log, AMQP 0-9-1
//! consumers reading it each from their own offset, and what a stream refuses. The log itself
//! (offsets, segments, retention) is `message_broker::stream`.
//!
//! Over AMQP 0-9-1, as RabbitMQ's `rabbit_stream_queue` does it (3.10.8, each checked against
//! that server):
//! - `basic.consume` needs a prefetch: with a consumer prefetch of 0 it is refused with 406
//!   PRECONDITION_FAILED ("consumer prefetch count is not set"), even with `no-ack`; then
//!   `no-ack` is refused with 540 NOT_IMPLEMENTED, a connection error (`consume/3`).
//! - The prefetch is credit: each consumer has `prefetch` deliveries in flight at most, and an
//!   ack gives one back (`settle(complete, …)` adds credit and reads on). Nothing is removed.
//! - `basic.nack` and `basic.reject` are refused with 540 NOT_IMPLEMENTED, whatever `requeue`
//!   (`settle/4`'s other clause), and `basic.get` likewise (`dequeue/4`).
//! - Every delivery carries its offset as the `x-stream-offset` header and is never marked
//!   redelivered.
//!
//! Simplification: a reader whose next offset retention removed goes on from the new first
//! offset; a real osiris reader may still finish the removed segment's file it has open.

use alloc::vec::Vec;

use super::{
    Channel, Consume, DeliveryTag, Error, EventKind, MessageBroker, Pending, QueueDeclare, Settle,
};
use crate::Name;
use crate::message_broker::MESSAGES_HELD_MAX;
use crate::message_broker::error::StreamUnsupported;
use crate::message_broker::event::DropReason;
use crate::message_broker::message::{Delivery, Message};
use crate::message_broker::queue::{ConsumerKey, DeclareFlags, Queue};
use crate::message_broker::stream::OffsetSpec;

impl QueueDeclare {
    /// The flags a queue type checks (`QueueArguments::parse`).
    pub(crate) fn flags(&self) -> DeclareFlags {
        DeclareFlags {
            durable: self.durable,
            exclusive: self.exclusive,
            auto_delete: self.auto_delete,
            server_named: self.name.is_empty() && !self.passive,
        }
    }
}

/// `basic.get` on a stream: 540 NOT_IMPLEMENTED.
pub(super) fn refuse_get(queue: &Queue) -> Result<(), Error> {
    match queue.stream {
        Some(_) => Err(Error::StreamUnsupported { queue: queue.name.clone(), what: StreamUnsupported::Get }),
        None => Ok(()),
    }
}

impl MessageBroker {
    /// A `basic.consume` on a stream: the prefetch and `no-ack` checks, then where it starts.
    /// `None` for any other queue.
    pub(super) fn check_stream_consume(&self, consume: &Consume, prefetch: u16) -> Result<Option<OffsetSpec>, Error> {
        let Some(queue) = self.queues.get(&consume.queue).filter(|q| q.stream.is_some()) else { return Ok(None) };
        if prefetch == 0 {
            return Err(Error::StreamPrefetchRequired(queue.name.clone()));
        }
        if consume.no_ack {
            let what = StreamUnsupported::AutomaticAcknowledgement;
            return Err(Error::StreamUnsupported { queue: queue.name.clone(), what });
        }
        OffsetSpec::parse(&consume.arguments, self.now).map(Some)
    }

    /// `basic.nack` or `basic.reject` covering a stream delivery: 540 NOT_IMPLEMENTED, and
    /// nothing settles.
    pub(super) fn refuse_stream_settle(&self, channel: &Channel, tags: &[DeliveryTag], how: Settle) -> Result<(), Error> {
        if how == Settle::Ack {
            return Ok(());
        }
        let stream = tags
            .iter()
            .filter_map(|tag| channel.unacked.get(tag))
            .find(|p| self.queues.get(&p.queue).is_some_and(|q| q.stream.is_some() && q.incarnation == p.incarnation));
        match stream {
            Some(pending) => {
                Err(Error::StreamUnsupported { queue: pending.queue.clone(), what: StreamUnsupported::NackOrReject })
            }
            None => Ok(()),
        }
    }

    /// Appends a routed message to stream `name`; false if the model's bound refused it.
    pub(super) fn append_to_stream(&mut self, name: &Name, message: Message) -> bool {
        if self.messages_held >= MESSAGES_HELD_MAX {
            self.emit(EventKind::MessageDropped { message: message.id, queue: name.clone(), why: DropReason::ModelLimit });
            return false;
        }
        let now = self.now;
        let id = message.id;
        let Some(stream) = self.queues.get_mut(name).and_then(|q| q.stream.as_mut()) else { return false };
        let outcome = stream.log.append(message, now);
        self.messages_held += 1;
        self.emit(EventKind::StreamAppended { message: id, queue: name.clone(), offset: outcome.offset, rolled: outcome.rolled });
        for segment in outcome.removed {
            self.messages_held -= (segment.next_offset - segment.first_offset) as usize;
            let (first_offset, next_offset) = (segment.first_offset, segment.next_offset);
            self.emit(EventKind::StreamSegmentRemoved { queue: name.clone(), first_offset, next_offset });
        }
        self.dirty.insert(name.clone());
        true
    }

    /// Delivers from stream `name` to each of its consumers, in subscription order, while it
    /// has credit and the log has the offset it reads next. False if `name` is not a stream.
    pub(super) fn dispatch_stream(&mut self, name: &Name) -> bool {
        let Some(queue) = self.queues.get(name) else { return false };
        if queue.stream.is_none() {
            return false;
        }
        let consumers: Vec<ConsumerKey> = queue.consumers.clone();
        for key in consumers {
            while self.has_capacity(&key) && self.deliver_from_stream(name, &key) {}
        }
        true
    }

    /// Sends consumer `key` the message at its next offset, if the log has it.
    fn deliver_from_stream(&mut self, name: &Name, key: &ConsumerKey) -> bool {
        let now = self.now;
        let Some(queue) = self.queues.get_mut(name) else { return false };
        let incarnation = queue.incarnation;
        let Some(stream) = queue.stream.as_mut() else { return false };
        let first = stream.log.first_offset();
        let Some(next) = stream.readers.get_mut(key) else { return false };
        *next = (*next).max(first);
        let Some(entry) = stream.log.entry(*next) else { return false };
        let (offset, message) = (entry.offset, entry.message.clone());
        *next += 1;
        let (channel, tag) = (key.0, key.1.clone());
        let Some(consumer) = self.consumers.get_mut(key) else { return false };
        consumer.unacked += 1;
        let consumer_serial = consumer.serial;
        let c = self.channels.get_mut(&channel).expect("a consumer's channel is open");
        let delivery_tag = DeliveryTag(c.next_tag);
        c.next_tag += 1;
        c.consumer_unacked += 1;
        let pending = Pending {
            queue: name.clone(),
            incarnation,
            position: offset,
            consumer: Some(tag.clone()),
            consumer_serial,
            message: message.id,
            delivered_at: now,
        };
        c.unacked.insert(delivery_tag, pending);
        let delivery = Delivery {
            channel,
            consumer: Some(tag),
            delivery_tag,
            redelivered: false,
            queue: name.clone(),
            message,
            delivery_count: None,
            message_count: 0,
            no_ack: false,
            stream_offset: Some(offset),
        };
        self.emit(EventKind::MessageDelivered { delivery });
        true
    }
}
