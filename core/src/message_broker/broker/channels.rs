//! What happens to a channel as a whole: it closes (its unacked deliveries go back to their
//! queues, R9), its consumers rejoin the round-robin when they have room again, and the
//! delivery acknowledgement timeout closes it when a delivery stays unacked too long.
//!
//! The timeout, as `rabbit_channel` keeps it (3.8.15 onwards): the channel looks at its
//! oldest unacked delivery only (the head of `unacked_message_q`, the lowest delivery tag,
//! `basic.get` deliveries included) and, if that delivery is older than the timeout
//! (`delivered_at < now - timeout`, strictly), closes itself with 406 PRECONDITION_FAILED;
//! the connection stays. The timeout is the broker's `consumer_timeout` (30 minutes by
//! default), or from 3.12 the delivery's queue's `x-consumer-timeout`
//! ([`RabbitMqVersion::reads_queue_consumer_timeout`]). Sources: rabbitmq-server
//! `deps/rabbit/src/rabbit_channel.erl` (`evaluate_consumer_timeout`,
//! `get_queue_consumer_timeout`, `handle_consumer_timed_out`), its `consumer_timeout_SUITE`
//! (a consumer's and a `basic.get` delivery both time out; the channel goes, the connection
//! stays), rabbitmq-website `consumers.md`, "Delivery Acknowledgement Timeout".
//!
//! Simplification: the real channel evaluates this on its tick, every
//! `channel_tick_interval` (60 s by default), so it notices up to a minute late, at a
//! moment that depends on when its timer started; the model closes the channel at the first
//! millisecond past the timeout, which is deterministic and the earliest the server could.
//! Not modelled: policies (`consumer-timeout`, the lower of policy and argument wins) and the
//! 4.3 per-consumer argument.
//!
//! [`RabbitMqVersion::reads_queue_consumer_timeout`]: crate::versions::RabbitMqVersion::reads_queue_consumer_timeout

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::{ChannelId, ConsumerKey, DeliveryTag, EventKind, MessageBroker, Pending, QueueType, Settle};
use crate::Name;
use crate::time::SimTime;

impl MessageBroker {
    /// When `channel` closes for an unacked delivery, if it holds one and a timeout applies.
    pub(super) fn acknowledgement_deadline(&self, channel: ChannelId) -> Option<SimTime> {
        let (_, oldest) = self.channels.get(&channel)?.unacked.first_key_value()?;
        let timeout_ms = self.acknowledgement_timeout_ms(oldest)?;
        Some(oldest.delivered_at.plus_ms(timeout_ms).plus_ms(1))
    }

    /// Closes every channel whose oldest unacked delivery is past its timeout at `self.now`.
    pub(super) fn time_out_acknowledgements(&mut self) {
        let now = self.now;
        let due: Vec<ChannelId> =
            self.channels.keys().copied().filter(|&c| self.acknowledgement_deadline(c).is_some_and(|t| t <= now)).collect();
        for channel in due {
            let (tag, oldest) = self.channels[&channel].unacked.first_key_value().map(|(t, p)| (*t, p.clone())).expect("a deadline has a delivery");
            let timeout_ms = self.acknowledgement_timeout_ms(&oldest).expect("a deadline has a timeout");
            self.emit(EventKind::AcknowledgementTimedOut {
                channel,
                queue: oldest.queue,
                consumer: oldest.consumer,
                delivery_tag: tag,
                message: oldest.message,
                timeout_ms,
            });
            self.close_channel_inner(channel);
        }
    }

    /// The timeout for a delivery from `pending.queue`: the queue's `x-consumer-timeout` where
    /// the version reads it (a value that is not an integer turns it off: the channel compares
    /// integers only), else the broker's. The queue is looked up by name, as the channel does.
    fn acknowledgement_timeout_ms(&self, pending: &Pending) -> Option<u64> {
        let own = self.queues.get(&pending.queue).and_then(|q| q.arguments.consumer_timeout_ms);
        match own.filter(|_| self.version.reads_queue_consumer_timeout()) {
            Some(own) => own,
            None => self.consumer_timeout_ms,
        }
    }

    /// Consumers of `channel` set aside at their limit rejoin the round-robin when they have
    /// room again.
    pub(super) fn unblock_channel(&mut self, channel: ChannelId) {
        let keys: Vec<ConsumerKey> = self.consumers.keys().filter(|(c, _)| *c == channel).cloned().collect();
        for key in keys {
            if !self.has_capacity(&key) {
                continue;
            }
            let Some(queue_name) = self.consumers.get(&key).map(|c| c.queue.clone()) else { continue };
            if let Some(queue) = self.queues.get_mut(&queue_name) {
                if queue.blocked.remove(&key) {
                    queue.active.push_back(key);
                }
                self.dirty.insert(queue_name);
            }
        }
    }

    /// A quorum queue's consumer leaves the round-robin as soon as its prefetch is used up:
    /// `rabbit_fifo` keeps only consumers with credit in its `service_queue` and appends one
    /// again when a settle or a return gives it credit (3.10.8, `checkout_one`,
    /// `update_or_remove_sub`), so a consumer freed by a settle comes after those already
    /// waiting. A classic queue sets a full consumer aside only when it next tries it.
    pub(super) fn park_if_full(&mut self, name: &Name, key: ConsumerKey) {
        let quorum = self.queues.get(name).is_some_and(|q| q.arguments.queue_type == QueueType::Quorum);
        if quorum && !self.has_capacity(&key) {
            let queue = self.queues.get_mut(name).expect("checked above");
            queue.active.retain(|k| *k != key);
            queue.blocked.insert(key);
        }
    }

    /// RabbitMQ 3.10's quorum queue credits a consumer twice for a message it returns that is
    /// then past the delivery limit: `rabbit_fifo:return_one` completes it (`complete` adds a
    /// credit), and `return` adds credit for every returned message again (machine version 2,
    /// 3.10.8). The consumer may then hold one more delivery than its prefetch, for good.
    /// From 3.13 (machine version 3) `return` no longer adds it. Found by the differential
    /// suite (seed 132).
    pub(super) fn credit_past_limit(&mut self, channel: ChannelId, pending: &Pending) {
        if !self.version.quorum_return_past_limit_adds_credit() {
            return;
        }
        let Some(tag) = &pending.consumer else { return };
        if let Some(c) = self.consumers.get_mut(&(channel, tag.clone())).filter(|c| c.serial == pending.consumer_serial) {
            c.extra_credit += 1;
        }
    }

    /// The channel goes: its unacked deliveries are requeued (a full `drop-head` queue drops
    /// from its head once all are back), then its consumers are cancelled.
    pub(super) fn close_channel_inner(&mut self, channel: ChannelId) {
        let Some(c) = self.channels.get(&channel) else { return };
        let pending: Vec<(DeliveryTag, Pending)> = c.unacked.iter().map(|(t, p)| (*t, p.clone())).collect();
        self.emit(EventKind::ChannelClosed { channel });
        let mut requeued = BTreeSet::new();
        for (tag, pending) in pending {
            self.channels.get_mut(&channel).expect("still open").unacked.remove(&tag);
            requeued.extend(self.release(channel, tag, pending, Settle::Requeue));
        }
        requeued.iter().for_each(|queue| self.enforce_max_length(queue));
        let consumers: Vec<ConsumerKey> = self.consumers.keys().filter(|(c, _)| *c == channel).cloned().collect();
        for key in consumers {
            self.remove_consumer(&key, false);
        }
        self.channels.remove(&channel);
        self.forget_confirms(channel);
    }
}
