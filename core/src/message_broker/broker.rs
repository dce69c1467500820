//! [`MessageBroker`]: the RabbitMQ state machine. Commands are AMQP methods; outcomes are
//! [`Event`]s; misuse is an [`Error`] that changed nothing.
//!
//! Every command first lets time pass to `now` ([`MessageBroker::advance_to`]: heads expire,
//! unused queues expire), then validates, then applies. After applying, the broker *settles*:
//! it dead-letters what died and dispatches ready messages to consumers until nothing moves, so
//! between calls no queue holds a ready message that a consumer with spare prefetch could take.

use super::error::invalid;
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use super::error::{ArgumentProblem, Error, Limit};
use super::event::{DropReason, Event, EventKind, Removal};
use super::exchange::{Binding, Destination, Exchange, ExchangeKind};
use super::headers::{Headers, XMatch};
pub use super::methods::{Consume, DeclareOk, Delivery, ExchangeDeclare, Published, QueueDeclare};
use super::message::{DeathReason, Message, Publish, header_routes};
use super::queue::{ConsumerKey, Queue, QueueArguments, QueueType, Queued};
use super::{
    BINDINGS_MAX, BODY_BYTES_MAX, CHANNELS_MAX, CONSUMERS_MAX, ChannelId, DeliveryTag, EXCHANGES_MAX,
    MESSAGES_HELD_MAX, MessageId, NAME_BYTES_MAX, QUEUES_MAX,
};
use crate::Name;
use crate::time::SimTime;

mod channels;
mod equivalence;
mod nodes;
mod restart;
mod stream;

/// A consumer (`basic.consume`) on a channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub queue: Name,
    pub no_ack: bool,
    pub exclusive: bool,
    /// Unacked deliveries allowed (`basic.qos` per consumer, at subscribe time); 0 = unlimited.
    pub prefetch: u16,
    pub unacked: u32,
    /// Unique per subscription: a consumer that subscribes again with the same tag after a
    /// cancel is a new consumer, and deliveries the old one left on the channel are not its.
    pub serial: u64,
    /// Deliveries allowed beyond `prefetch` (RabbitMQ 3.10's quorum queues, see
    /// `broker/channels.rs`, `credit_past_limit`).
    pub extra_credit: u32,
}

#[derive(Clone, Debug, Default)]
struct Channel {
    next_tag: u64,
    /// `basic.qos(global=false)`: the prefetch of consumers created from now on.
    prefetch_consumer: u16,
    /// `basic.qos(global=true)`: a limit shared by the channel's consumers.
    prefetch_global: u16,
    consumer_unacked: u32,
    unacked: BTreeMap<DeliveryTag, Pending>,
    /// In confirm mode: the next publish sequence number.
    confirm_next: Option<u64>,
}

/// A delivery the channel holds until ack, nack or reject.
#[derive(Clone, Debug)]
struct Pending {
    queue: Name,
    incarnation: u64,
    position: u64,
    consumer: Option<Name>,
    /// The `Consumer::serial` of the subscription that received it.
    consumer_serial: u64,
    message: MessageId,
    /// For the delivery acknowledgement timeout (`channels.rs`).
    delivered_at: SimTime,
}

/// A delivery's tag and its message's position in its queue.
type DeliveryAt = (DeliveryTag, u64);

/// A message that died in `queue`, waiting to be dead-lettered.
#[derive(Clone, Debug)]
struct DeadLetter {
    message: Message,
    queue: Name,
    reason: DeathReason,
    exchange: Name,
    routing_key: Option<Name>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Settle {
    Ack,
    Requeue,
    Reject,
}

/// Queues a message reaches through an exchange graph.
#[derive(Debug, Default)]
struct Route {
    queues: BTreeSet<Name>,
    /// (exchange, its alternate exchange) for each exchange that routed nothing itself.
    alternates: Vec<(Name, Name)>,
}

/// The broker: one virtual host.
#[derive(Clone, Debug)]
pub struct MessageBroker {
    now: SimTime,
    exchanges: BTreeMap<Name, Exchange>,
    queues: BTreeMap<Name, Queue>,
    channels: BTreeMap<ChannelId, Channel>,
    consumers: BTreeMap<ConsumerKey, Consumer>,
    events: VecDeque<Event>,
    bindings_total: usize,
    messages_held: usize,
    next_message: u64,
    next_incarnation: u64,
    next_generated_name: u64,
    next_consumer_serial: u64,
    dead_letters: VecDeque<DeadLetter>,
    /// Queues whose ready messages or consumers changed since they were last dispatched.
    dirty: BTreeSet<Name>,
    /// Whose behaviour it follows where RabbitMQ versions differ (`crate::versions`).
    pub(super) version: crate::versions::RabbitMqVersion,
    /// `consumer_timeout`: how long a delivery may stay unacked; `None`: forever.
    pub(super) consumer_timeout_ms: Option<u64>,
    /// The cluster's nodes, and confirms waiting for quorum queues (`broker/nodes.rs`).
    nodes: nodes::Nodes,
}

impl Default for MessageBroker {
    fn default() -> Self {
        MessageBroker::new()
    }
}

impl MessageBroker {
    /// A fresh broker with RabbitMQ's predeclared exchanges: the default exchange `""`,
    /// `amq.direct`, `amq.fanout`, `amq.topic`, `amq.headers` and `amq.match`.
    pub fn new() -> MessageBroker {
        let mut broker = MessageBroker {
            now: SimTime::ZERO,
            exchanges: BTreeMap::new(),
            queues: BTreeMap::new(),
            channels: BTreeMap::new(),
            consumers: BTreeMap::new(),
            events: VecDeque::new(),
            bindings_total: 0,
            messages_held: 0,
            next_message: 0,
            next_incarnation: 0,
            next_generated_name: 0,
            next_consumer_serial: 0,
            dead_letters: VecDeque::new(),
            dirty: BTreeSet::new(),
            version: crate::versions::RabbitMqVersion::UNNAMED,
            consumer_timeout_ms: Some(super::CONSUMER_TIMEOUT_DEFAULT_MS),
            nodes: nodes::Nodes::default(),
        };
        for (name, kind) in [
            ("", ExchangeKind::Direct),
            ("amq.direct", ExchangeKind::Direct),
            ("amq.fanout", ExchangeKind::Fanout),
            ("amq.topic", ExchangeKind::Topic),
            ("amq.headers", ExchangeKind::Headers),
            ("amq.match", ExchangeKind::Headers),
        ] {
            broker.exchanges.insert(name.into(), Exchange::new(name.into(), kind, true, false, false, Headers::new()));
        }
        broker
    }

    // -----------------------------------------------------------------------------------------
    // Drive loop

    /// The latest time the broker has seen.
    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The earliest time something happens by itself: a queue's head message expires, an
    /// unused queue expires, or a delivery stays unacked past the consumer timeout.
    pub fn next_timeout(&self) -> Option<SimTime> {
        let queues = self.queues.values().flat_map(|q| [q.head_expiry(), q.expiry()]).flatten();
        queues.chain(self.channels.keys().filter_map(|&c| self.acknowledgement_deadline(c))).min()
    }

    /// Lets time pass to `now`, handling every timeout on the way at its own time.
    pub fn advance_to(&mut self, now: SimTime) -> Result<(), Error> {
        if now < self.now {
            return Err(Error::TimeWentBackwards { now: self.now, requested: now });
        }
        // Each round removes at least one message, queue or channel, so this ends.
        while let Some(due) = self.next_timeout().filter(|&t| t <= now) {
            self.now = self.now.max(due);
            let names: Vec<Name> = self.queues.keys().cloned().collect();
            for name in &names {
                if self.queues.get(name).and_then(Queue::head_expiry).is_some_and(|t| t <= self.now) {
                    self.drop_expired_heads(name);
                    self.dirty.insert(name.clone());
                }
            }
            for name in &names {
                if self.queues.get(name).and_then(Queue::expiry).is_some_and(|t| t <= self.now) {
                    self.remove_queue(name, Removal::Expired);
                }
            }
            self.time_out_acknowledgements();
            self.settle();
        }
        self.now = now;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Views

    pub fn exchanges(&self) -> impl Iterator<Item = &Exchange> {
        self.exchanges.values()
    }
    pub fn exchange(&self, name: &str) -> Option<&Exchange> {
        self.exchanges.get(name)
    }
    pub fn queues(&self) -> impl Iterator<Item = &Queue> {
        self.queues.values()
    }
    pub fn queue(&self, name: &str) -> Option<&Queue> {
        self.queues.get(name)
    }
    pub fn consumer(&self, channel: ChannelId, tag: &str) -> Option<&Consumer> {
        self.consumers.get(&(channel, Name::from(tag)))
    }
    pub fn channels(&self) -> impl Iterator<Item = ChannelId> + '_ {
        self.channels.keys().copied()
    }
    /// A channel's outstanding deliveries: tag, message, queue.
    pub fn unacked(&self, channel: ChannelId) -> Vec<(DeliveryTag, MessageId, Name)> {
        self.channels
            .get(&channel)
            .map(|c| c.unacked.iter().map(|(tag, p)| (*tag, p.message, p.queue.clone())).collect())
            .unwrap_or_default()
    }
    /// Messages held, ready and unacked, over all queues.
    pub fn messages_held(&self) -> usize {
        self.messages_held
    }

    /// The queues a message would reach, sorted, without publishing it (R1–R7): bindings,
    /// exchange-to-exchange bindings, alternate exchanges, `CC` and `BCC` headers.
    pub fn route(&self, exchange: &str, routing_key: &str, headers: &Headers) -> Result<Vec<Name>, Error> {
        if !self.exchanges.contains_key(exchange) {
            return Err(Error::ExchangeNotFound(exchange.into()));
        }
        let keys = routing_keys(routing_key, headers)?;
        let mut headers = headers.clone();
        headers.remove("BCC");
        Ok(self.route_from(exchange, &keys, &headers).queues.into_iter().collect())
    }

    // -----------------------------------------------------------------------------------------
    // Channels and connections

    pub fn open_channel(&mut self, now: SimTime, channel: ChannelId) -> Result<(), Error> {
        self.advance_to(now)?;
        if self.channels.contains_key(&channel) {
            return Err(Error::ChannelAlreadyOpen(channel));
        }
        if self.channels.len() >= CHANNELS_MAX {
            return Err(Error::LimitReached { what: Limit::Channels, max: CHANNELS_MAX });
        }
        self.channels.insert(channel, Channel { next_tag: 1, ..Channel::default() });
        self.emit(EventKind::ChannelOpened { channel });
        Ok(())
    }

    /// `channel.close` (or the client died): its consumers go away and its unacked messages
    /// return to their queues, in their original places, marked redelivered (R9).
    pub fn close_channel(&mut self, now: SimTime, channel: ChannelId) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        self.close_channel_inner(channel);
        self.settle();
        Ok(())
    }

    /// `connection.close` (or the connection dropped): every channel closes, and the
    /// connection's exclusive queues are deleted.
    pub fn close_connection(&mut self, now: SimTime, connection: u32) -> Result<(), Error> {
        self.advance_to(now)?;
        let channels: Vec<ChannelId> = self.channels.keys().filter(|c| c.connection == connection).copied().collect();
        for channel in channels {
            self.close_channel_inner(channel);
        }
        let exclusive: Vec<Name> =
            self.queues.values().filter(|q| q.exclusive_owner == Some(connection)).map(|q| q.name.clone()).collect();
        for name in exclusive {
            self.remove_queue(&name, Removal::OwnerClosed);
        }
        self.settle();
        Ok(())
    }

    /// `confirm.select`: from now on every publish on the channel is acked or nacked (R15).
    pub fn confirm_select(&mut self, now: SimTime, channel: ChannelId) -> Result<(), Error> {
        self.advance_to(now)?;
        let c = self.channel_mut(channel)?;
        c.confirm_next.get_or_insert(1);
        Ok(())
    }

    /// `basic.qos`: with `global = false`, the prefetch of consumers created afterwards on this
    /// channel (RabbitMQ's per-consumer reading); with `global = true`, a limit the channel's
    /// consumers share. 0 means unlimited.
    pub fn qos(&mut self, now: SimTime, channel: ChannelId, prefetch_count: u16, global: bool) -> Result<(), Error> {
        self.advance_to(now)?;
        let c = self.channel_mut(channel)?;
        if global {
            c.prefetch_global = prefetch_count;
            self.unblock_channel(channel);
            self.settle();
        } else {
            c.prefetch_consumer = prefetch_count;
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Exchanges

    pub fn declare_exchange(&mut self, now: SimTime, channel: ChannelId, declare: ExchangeDeclare) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        self.declare_exchange_inner(declare)
    }

    /// `exchange.delete`. Deleting an exchange that does not exist succeeds, as in RabbitMQ.
    pub fn delete_exchange(&mut self, now: SimTime, channel: ChannelId, name: &str, if_unused: bool) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        check_not_default_or_reserved(name)?;
        let Some(exchange) = self.exchanges.get(name) else { return Ok(()) };
        if if_unused && !exchange.bindings.is_empty() {
            return Err(Error::InUse(name.into()));
        }
        self.remove_exchange(&Name::from(name), Removal::Deleted);
        self.settle();
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Queues

    pub fn declare_queue(&mut self, now: SimTime, channel: ChannelId, declare: QueueDeclare) -> Result<DeclareOk, Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        self.declare_queue_inner(Some(channel.connection), declare)
    }

    /// `queue.delete`: returns how many ready messages went with it. Deleting a queue that
    /// does not exist succeeds with 0, as in RabbitMQ.
    pub fn delete_queue(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        name: &str,
        if_unused: bool,
        if_empty: bool,
    ) -> Result<usize, Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        let Some(queue) = self.queues.get(name) else { return Ok(0) };
        check_owner(queue, channel)?;
        if if_unused && !queue.consumers.is_empty() {
            return Err(Error::InUse(name.into()));
        }
        if if_empty && !queue.ready.is_empty() {
            return Err(Error::NotEmpty(name.into()));
        }
        let count = queue.ready.len();
        self.remove_queue(&Name::from(name), Removal::Deleted);
        self.settle();
        Ok(count)
    }

    // -----------------------------------------------------------------------------------------
    // Bindings

    /// `queue.bind`. Binding the default exchange is refused (403, R1); binding twice is a no-op.
    pub fn bind_queue(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        queue: &str,
        exchange: &str,
        routing_key: &str,
        arguments: Headers,
    ) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        if let Some(q) = self.queues.get(queue) {
            check_owner(q, channel)?;
        }
        self.bind_inner(exchange, Destination::Queue(queue.into()), routing_key, arguments)
    }

    /// `queue.unbind`. Removing a binding that does not exist succeeds.
    pub fn unbind_queue(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        queue: &str,
        exchange: &str,
        routing_key: &str,
        arguments: Headers,
    ) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        if let Some(q) = self.queues.get(queue) {
            check_owner(q, channel)?;
        }
        self.unbind_inner(exchange, Destination::Queue(queue.into()), routing_key, arguments)
    }

    /// `exchange.bind`: messages routed by `source` with a matching key also go through
    /// `destination`.
    pub fn bind_exchange(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        destination: &str,
        source: &str,
        routing_key: &str,
        arguments: Headers,
    ) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        if destination.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        self.bind_inner(source, Destination::Exchange(destination.into()), routing_key, arguments)
    }

    pub fn unbind_exchange(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        destination: &str,
        source: &str,
        routing_key: &str,
        arguments: Headers,
    ) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        if destination.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        self.unbind_inner(source, Destination::Exchange(destination.into()), routing_key, arguments)
    }

    // -----------------------------------------------------------------------------------------
    // Publishing

    /// `basic.publish`: routes the message through the exchange graph to each matching queue
    /// once (R6), returns it if mandatory and unroutable (R7), confirms it in confirm mode (R15).
    pub fn publish(&mut self, now: SimTime, channel: ChannelId, publish: Publish) -> Result<Published, Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        let exchange = self.exchanges.get(&publish.exchange).ok_or_else(|| Error::ExchangeNotFound(publish.exchange.clone()))?;
        if exchange.internal {
            return Err(Error::InternalExchange(publish.exchange.clone()));
        }
        let cc = header_routes(&publish.properties.headers, "CC").map_err(|p| invalid("CC", p))?;
        let bcc = header_routes(&publish.properties.headers, "BCC").map_err(|p| invalid("BCC", p))?;
        if publish.body.len() > BODY_BYTES_MAX {
            return Err(Error::LimitReached { what: Limit::BodyBytes, max: BODY_BYTES_MAX });
        }
        if self.messages_held >= MESSAGES_HELD_MAX {
            return Err(Error::LimitReached { what: Limit::MessagesHeld, max: MESSAGES_HELD_MAX });
        }

        self.next_message += 1;
        let id = MessageId(self.next_message);
        let mut properties = publish.properties;
        properties.headers.remove("BCC");
        let (deaths, first_death) = super::message::client_history(self.version, &properties.headers);
        let mut keys = vec![publish.routing_key.clone()];
        keys.extend(cc);
        let message = Message {
            id,
            exchange: publish.exchange.clone(),
            routing_key: publish.routing_key.clone(),
            routing_keys: keys.clone(),
            properties,
            body: publish.body,
            published_at: self.now,
            deaths,
            first_death,
        };
        self.emit(EventKind::MessagePublished {
            message: id,
            channel,
            exchange: publish.exchange.clone(),
            routing_key: publish.routing_key.clone(),
        });
        keys.extend(bcc);
        let route = self.route_from(&publish.exchange, &keys, &message.properties.headers);
        self.emit_alternates(id, &route);
        let queues: Vec<Name> = route.queues.into_iter().collect();
        self.begin_publish(channel);
        let mut accepted = true;
        let returned = queues.is_empty() && publish.mandatory;
        if queues.is_empty() {
            let (exchange, routing_key) = (publish.exchange.clone(), publish.routing_key.clone());
            if publish.mandatory {
                self.emit(EventKind::MessageReturned { message: id, channel, exchange, routing_key });
            } else {
                self.emit(EventKind::MessageUnroutable { message: id, exchange, routing_key });
            }
        } else {
            self.emit(EventKind::MessageRouted { message: id, exchange: publish.exchange.clone(), queues: queues.clone() });
            for queue in &queues {
                accepted &= self.enqueue(queue, message.clone(), true);
            }
        }
        let confirm = self.confirm_publish(channel, id, &queues, accepted);
        Ok(Published { message: id, queues, returned, confirm })
    }

    // -----------------------------------------------------------------------------------------
    // Consuming

    /// `basic.consume`: returns the consumer tag.
    pub fn consume(&mut self, now: SimTime, channel: ChannelId, consume: Consume) -> Result<Name, Error> {
        self.advance_to(now)?;
        let prefetch = self.channel(channel)?.prefetch_consumer;
        let queue = self.queues.get(&consume.queue).ok_or_else(|| Error::QueueNotFound(consume.queue.clone()))?;
        check_owner(queue, channel)?;
        self.check_available(queue)?;
        if let Some(tag) = &consume.consumer_tag {
            check_name(tag)?;
            if self.consumers.contains_key(&(channel, tag.clone())) {
                return Err(Error::ConsumerTagInUse(tag.clone()));
            }
        }
        let has_exclusive = queue.consumers.iter().any(|k| self.consumers.get(k).is_some_and(|c| c.exclusive));
        if has_exclusive || (consume.exclusive && !queue.consumers.is_empty()) {
            return Err(Error::ExclusiveConsumer(consume.queue));
        }
        if self.consumers.len() >= CONSUMERS_MAX {
            return Err(Error::LimitReached { what: Limit::Consumers, max: CONSUMERS_MAX });
        }
        let stream_start = self.check_stream_consume(&consume, prefetch)?;
        let tag = match consume.consumer_tag {
            Some(tag) => tag,
            None => {
                let (tag, counter) = self.peek_generated_name("amq.ctag-");
                self.next_generated_name = counter;
                tag
            }
        };
        let key = (channel, tag.clone());
        self.next_consumer_serial += 1;
        let consumer = Consumer {
            queue: consume.queue.clone(),
            no_ack: consume.no_ack,
            exclusive: consume.exclusive,
            prefetch,
            unacked: 0,
            serial: self.next_consumer_serial,
            extra_credit: 0,
        };
        self.consumers.insert(key.clone(), consumer);
        let now = self.now;
        let queue = self.queues.get_mut(&consume.queue).expect("checked above");
        queue.start_reader(&key, stream_start);
        queue.consumers.push(key.clone());
        queue.active.push_back(key);
        queue.had_consumers = true;
        queue.last_used = now;
        let first_of_single_active = queue.arguments.single_active_consumer && queue.consumers.len() == 1;
        self.emit(EventKind::ConsumerStarted { channel, consumer: tag.clone(), queue: consume.queue.clone() });
        if first_of_single_active {
            self.emit(EventKind::SingleActiveConsumer { queue: consume.queue.clone(), channel, consumer: tag.clone() });
        }
        self.dirty.insert(consume.queue);
        self.settle();
        Ok(tag)
    }

    /// `basic.cancel`. The consumer's unacked messages stay with the channel (they return to
    /// the queue when the channel closes). Cancelling an unknown tag succeeds, as in RabbitMQ.
    pub fn cancel(&mut self, now: SimTime, channel: ChannelId, consumer_tag: &str) -> Result<(), Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        let key = (channel, Name::from(consumer_tag));
        if self.consumers.contains_key(&key) {
            self.remove_consumer(&key, false);
            self.settle();
        }
        Ok(())
    }

    /// `basic.get`: the head message, if any (after expired heads are dropped). Prefetch does
    /// not apply.
    pub fn get(&mut self, now: SimTime, channel: ChannelId, queue: &str, no_ack: bool) -> Result<Option<Delivery>, Error> {
        self.advance_to(now)?;
        self.channel(channel)?;
        self.check_available(self.queues.get(queue).ok_or_else(|| Error::QueueNotFound(queue.into()))?)?;
        let q = self.queues.get_mut(queue).expect("checked above");
        check_owner(q, channel)?;
        stream::refuse_get(q)?;
        q.last_used = self.now;
        let name = q.name.clone();
        self.drop_expired_heads(&name);
        let head = self.queues.get_mut(&name).and_then(Queue::pop_head);
        let delivery = head.map(|queued| self.deliver(&name, queued, channel, None, no_ack));
        self.settle();
        Ok(delivery)
    }

    /// `basic.ack`; with `multiple`, every outstanding tag up to `tag` (0: all of them).
    pub fn ack(&mut self, now: SimTime, channel: ChannelId, tag: DeliveryTag, multiple: bool) -> Result<(), Error> {
        self.settle_deliveries(now, channel, tag, multiple, Settle::Ack)
    }

    /// `basic.nack`: requeue to the original places, or dead-letter (`rejected`).
    pub fn nack(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        tag: DeliveryTag,
        multiple: bool,
        requeue: bool,
    ) -> Result<(), Error> {
        let how = if requeue { Settle::Requeue } else { Settle::Reject };
        self.settle_deliveries(now, channel, tag, multiple, how)
    }

    /// `basic.reject`: `nack` of one delivery.
    pub fn reject(&mut self, now: SimTime, channel: ChannelId, tag: DeliveryTag, requeue: bool) -> Result<(), Error> {
        self.nack(now, channel, tag, false, requeue)
    }

    // -----------------------------------------------------------------------------------------
    // Crate-internal entry points (definitions import uses them without a channel)

    pub(crate) fn declare_exchange_inner(&mut self, declare: ExchangeDeclare) -> Result<(), Error> {
        if declare.name.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        check_name(&declare.name)?;
        if let Some(existing) = self.exchanges.get(&declare.name) {
            if declare.passive {
                return Ok(());
            }
            let field = if existing.kind != declare.kind {
                Some("type")
            } else if existing.durable != declare.durable {
                Some("durable")
            } else if existing.auto_delete != declare.auto_delete {
                Some("auto_delete")
            } else if existing.internal != declare.internal {
                Some("internal")
            } else if existing.arguments.get("alternate-exchange") != declare.arguments.get("alternate-exchange") {
                Some("alternate-exchange")
            } else {
                None
            };
            return match field {
                Some(field) => Err(Error::ExchangeInequivalent { exchange: declare.name, field }),
                None => Ok(()),
            };
        }
        if declare.passive {
            return Err(Error::ExchangeNotFound(declare.name));
        }
        if declare.name.starts_with("amq.") {
            return Err(Error::ReservedName(declare.name));
        }
        if self.exchanges.len() >= EXCHANGES_MAX {
            return Err(Error::LimitReached { what: Limit::Exchanges, max: EXCHANGES_MAX });
        }
        let exchange = Exchange::new(
            declare.name.clone(),
            declare.kind,
            declare.durable,
            declare.auto_delete,
            declare.internal,
            declare.arguments,
        );
        self.exchanges.insert(declare.name.clone(), exchange);
        self.emit(EventKind::ExchangeDeclared { exchange: declare.name, kind: declare.kind });
        Ok(())
    }

    pub(crate) fn declare_queue_inner(&mut self, owner: Option<u32>, declare: QueueDeclare) -> Result<DeclareOk, Error> {
        let generated = declare.name.is_empty() && !declare.passive;
        let (name, counter) = if generated {
            self.peek_generated_name("amq.gen-")
        } else {
            (declare.name.clone(), self.next_generated_name)
        };
        check_name(&name)?;
        self.queues.get(&name).map_or(Ok(()), |q| self.check_home(q))?;
        if let Some(existing) = self.queues.get_mut(&name) {
            if existing.exclusive_owner.is_some() && existing.exclusive_owner != owner {
                return Err(Error::ResourceLocked(name));
            }
            if !declare.passive {
                let arguments = QueueArguments::parse(&declare.arguments, declare.flags())?;
                let field = equivalence::inequivalent_field(existing, &declare, &arguments);
                if let Some(field) = field {
                    return Err(Error::QueueInequivalent { queue: name, field });
                }
            }
            existing.last_used = self.now;
            // A quorum queue without a leader answers 0 and 0 (`rabbit_quorum_queue:stat`).
            let up = existing.placement.is_available(&self.nodes.cluster);
            let (message_count, consumer_count) = if up { existing.declare_ok_counts() } else { (0, 0) };
            return Ok(DeclareOk { queue: name, message_count, consumer_count });
        }
        if declare.passive {
            return Err(Error::QueueNotFound(name));
        }
        if name.starts_with("amq.") && !declare.name.is_empty() {
            return Err(Error::ReservedName(name));
        }
        let arguments = QueueArguments::parse(&declare.arguments, declare.flags())?;
        if self.queues.len() >= QUEUES_MAX {
            return Err(Error::LimitReached { what: Limit::Queues, max: QUEUES_MAX });
        }
        self.next_generated_name = counter;
        self.next_incarnation += 1;
        let exclusive_owner = if declare.exclusive { owner } else { None };
        let queue = Queue::new(
            name.clone(),
            self.next_incarnation,
            declare.durable,
            declare.auto_delete,
            exclusive_owner,
            declare.arguments,
            arguments,
            self.now,
        );
        self.queues.insert(name.clone(), queue);
        self.place_queue(&name, owner);
        self.emit(EventKind::QueueDeclared { queue: name.clone(), durable: declare.durable });
        Ok(DeclareOk { queue: name, message_count: 0, consumer_count: 0 })
    }

    pub(crate) fn bind_inner(
        &mut self,
        source: &str,
        destination: Destination,
        routing_key: &str,
        arguments: Headers,
    ) -> Result<(), Error> {
        if source.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        let exchange = self.exchanges.get(source).ok_or_else(|| Error::ExchangeNotFound(source.into()))?;
        self.check_destination(&destination)?;
        if exchange.kind == ExchangeKind::Headers {
            XMatch::from_arguments(&arguments).map_err(|bad| invalid("x-match", ArgumentProblem::XMatch { found: format!("{}", bad.0) }))?;
        }
        check_name(routing_key)?;
        let binding = Binding { routing_key: routing_key.into(), destination: destination.clone(), arguments };
        if exchange.bindings.contains(&binding) {
            return Ok(());
        }
        if self.bindings_total >= BINDINGS_MAX {
            return Err(Error::LimitReached { what: Limit::Bindings, max: BINDINGS_MAX });
        }
        let exchange = self.exchanges.get_mut(source).expect("checked above");
        exchange.add_binding(binding);
        self.bindings_total += 1;
        self.emit(EventKind::Bound {
            source: source.into(),
            destination: destination.name().clone(),
            to_exchange: matches!(destination, Destination::Exchange(_)),
            routing_key: routing_key.into(),
        });
        Ok(())
    }

    fn unbind_inner(&mut self, source: &str, destination: Destination, routing_key: &str, arguments: Headers) -> Result<(), Error> {
        if source.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        if !self.exchanges.contains_key(source) {
            return Err(Error::ExchangeNotFound(source.into()));
        }
        self.check_destination(&destination)?;
        let binding = Binding { routing_key: routing_key.into(), destination, arguments };
        self.remove_binding(&Name::from(source), &binding);
        self.settle();
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Private helpers

    fn emit(&mut self, kind: EventKind) {
        self.events.push_back(Event { at: self.now, kind });
    }

    fn channel(&self, channel: ChannelId) -> Result<&Channel, Error> {
        self.channels.get(&channel).ok_or(Error::ChannelNotOpen(channel))
    }

    fn channel_mut(&mut self, channel: ChannelId) -> Result<&mut Channel, Error> {
        self.channels.get_mut(&channel).ok_or(Error::ChannelNotOpen(channel))
    }

    /// A server-chosen name (`amq.gen-…`, `amq.ctag-…`) and the counter to keep once it is
    /// used; peeking first keeps a failed command from changing anything.
    fn peek_generated_name(&self, prefix: &str) -> (Name, u64) {
        let mut counter = self.next_generated_name;
        loop {
            counter += 1;
            let name: Name = format!("{prefix}{counter}").into();
            if !self.queues.contains_key(&name) && !self.consumers.keys().any(|(_, tag)| *tag == name) {
                return (name, counter);
            }
        }
    }

    fn check_destination(&self, destination: &Destination) -> Result<(), Error> {
        match destination {
            Destination::Queue(name) if !self.queues.contains_key(name) => Err(Error::QueueNotFound(name.clone())),
            Destination::Exchange(name) if !self.exchanges.contains_key(name) => Err(Error::ExchangeNotFound(name.clone())),
            _ => Ok(()),
        }
    }

    /// RabbitMQ's `rabbit_exchange:route`: a work list of exchanges, each visited once (so
    /// exchange-to-exchange cycles end), an exchange that routes nothing itself handing over
    /// to its alternate exchange, and a set of queues (R6).
    fn route_from(&self, exchange: &str, routing_keys: &[Name], headers: &Headers) -> Route {
        let mut route = Route::default();
        let mut seen: BTreeSet<Name> = BTreeSet::new();
        let mut work: VecDeque<Name> = VecDeque::new();
        seen.insert(exchange.into());
        work.push_back(exchange.into());
        while let Some(name) = work.pop_front() {
            let Some(exchange) = self.exchanges.get(&name) else { continue };
            let mut destinations = if exchange.is_default() {
                crate::sort::collect_by_insert(
                    routing_keys
                        .iter()
                        .filter(|key| self.queues.contains_key(*key))
                        .map(|key| Destination::Queue(key.clone())),
                )
            } else {
                exchange.destinations(routing_keys, headers)
            };
            if let (true, Some(alternate)) = (destinations.is_empty(), exchange.alternate_exchange()) {
                route.alternates.push((name.clone(), alternate.into()));
                destinations.insert(Destination::Exchange(alternate.into()));
            }
            for destination in destinations {
                match destination {
                    Destination::Queue(queue) => {
                        if self.queues.contains_key(&queue) {
                            route.queues.insert(queue);
                        }
                    }
                    Destination::Exchange(next) => {
                        if seen.insert(next.clone()) {
                            work.push_back(next);
                        }
                    }
                }
            }
        }
        route
    }

    fn emit_alternates(&mut self, message: MessageId, route: &Route) {
        for (exchange, alternate) in &route.alternates {
            if self.exchanges.contains_key(alternate) {
                self.emit(EventKind::AlternateExchangeUsed { message, exchange: exchange.clone(), alternate: alternate.clone() });
            }
        }
    }

    /// Puts a routed message into `queue`; false if the queue refused it. A message arriving
    /// at an empty queue goes straight to a consumer that can take it, as RabbitMQ's
    /// `deliver_or_enqueue` does; that is why a TTL of 0 still reaches a waiting consumer.
    fn enqueue(&mut self, name: &Name, message: Message, from_publish: bool) -> bool {
        let message = match self.hold_if_unavailable(name, message) {
            Ok(message) => message,
            Err(accepted) => return accepted,
        };
        if self.queues.get(name).is_some_and(|q| q.stream.is_some()) {
            return self.append_to_stream(name, message);
        }
        let now = self.now;
        let size = message.size_bytes();
        let refused = self.queues.get(name).is_some_and(|q| q.arguments.effective_overflow() != super::queue::Overflow::DropHead && self.refuses(q, size));
        let Some(queue) = self.queues.get_mut(name) else { return false };
        let overflow = queue.arguments.effective_overflow();
        if refused {
            let id = message.id;
            if from_publish {
                self.emit(EventKind::PublishRejected { message: id, queue: name.clone() });
            }
            if overflow == super::queue::Overflow::RejectPublishDlx {
                self.dead_letter_or_drop(message, name, DeathReason::Maxlen);
            } else if !from_publish {
                self.emit(EventKind::MessageDropped { message: id, queue: name.clone(), why: DropReason::QueueFull });
            }
            return false;
        }
        if self.messages_held >= MESSAGES_HELD_MAX {
            self.emit(EventKind::MessageDropped { message: message.id, queue: name.clone(), why: DropReason::ModelLimit });
            return false;
        }
        self.messages_held += 1;
        let ttl = match (queue.arguments.message_ttl_ms, message.properties.expiration_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        queue.next_position += 1;
        let queued = Queued {
            message,
            position: queue.next_position,
            enqueued_at: now,
            expires_at: ttl.map(|ms| now.plus_ms(ms)),
            redelivered: false,
            delivery_count: 0,
            taken_by: None,
            key: (0, 0),
        };
        let id = queued.message.id;
        let was_empty = queue.ready.is_empty();
        let ready = queue.ready.len() + 1;
        self.emit(EventKind::MessageEnqueued { message: id, queue: name.clone(), ready });
        if let Some(consumer) = was_empty.then(|| self.pick_consumer(name)).flatten() {
            let no_ack = self.consumers.get(&consumer).is_some_and(|c| c.no_ack);
            self.deliver(name, queued, consumer.0, Some(consumer.1), no_ack);
            return true;
        }
        let queue = self.queues.get_mut(name).expect("present above");
        queue.push_ready(queued, false);
        self.drop_expired_heads(name);
        self.enforce_max_length(name);
        self.dirty.insert(name.clone());
        true
    }

    /// The next consumer of `queue` that can take a message: the single active consumer, or
    /// round-robin over the others, setting aside those at their prefetch limit (R8, R17).
    fn pick_consumer(&mut self, name: &Name) -> Option<ConsumerKey> {
        let single_active = self.queues.get(name)?.arguments.single_active_consumer;
        if single_active {
            let first = self.queues.get(name)?.consumers.first()?.clone();
            return self.has_capacity(&first).then_some(first);
        }
        loop {
            let key = self.queues.get_mut(name)?.active.pop_front()?;
            let ok = self.has_capacity(&key);
            let queue = self.queues.get_mut(name)?;
            if ok {
                queue.active.push_back(key.clone());
                return Some(key);
            }
            queue.blocked.insert(key);
        }
    }

    fn has_capacity(&self, key: &ConsumerKey) -> bool {
        let (Some(consumer), Some(channel)) = (self.consumers.get(key), self.channels.get(&key.0)) else {
            return false;
        };
        consumer.no_ack
            || ((consumer.prefetch == 0 || consumer.unacked < u32::from(consumer.prefetch) + consumer.extra_credit)
                && (channel.prefetch_global == 0 || channel.consumer_unacked < u32::from(channel.prefetch_global)))
    }

    /// Hands `queued` (already out of the ready set) to a consumer or to `basic.get`.
    fn deliver(&mut self, name: &Name, queued: Queued, channel: ChannelId, consumer: Option<Name>, no_ack: bool) -> Delivery {
        let queue = self.queues.get_mut(name).expect("delivering from a queue that exists");
        let quorum = queue.arguments.queue_type == QueueType::Quorum;
        let message_count = queue.ready.len();
        let incarnation = queue.incarnation;
        let c = self.channels.get_mut(&channel).expect("delivering on an open channel");
        let delivery_tag = DeliveryTag(c.next_tag);
        c.next_tag += 1;
        let delivery = Delivery {
            channel,
            consumer: consumer.clone(),
            delivery_tag,
            redelivered: queued.redelivered,
            queue: name.clone(),
            message: queued.message.clone(),
            delivery_count: quorum.then_some(queued.delivery_count).filter(|&c| c > 0 || (consumer.is_none() && self.version.quorum_get_shows_zero_delivery_count())),
            message_count,
            no_ack,
            stream_offset: None,
        };
        if no_ack {
            self.messages_held -= 1;
        } else {
            let consumer_serial =
                consumer.as_ref().and_then(|tag| self.consumers.get(&(channel, tag.clone()))).map_or(0, |c| c.serial);
            let c = self.channels.get_mut(&channel).expect("delivering on an open channel");
            c.unacked.insert(
                delivery_tag,
                Pending {
                    queue: name.clone(),
                    incarnation,
                    position: queued.position,
                    consumer: consumer.clone(),
                    consumer_serial,
                    message: queued.message.id,
                    delivered_at: self.now,
                },
            );
            if let Some(tag) = &consumer {
                c.consumer_unacked += 1;
                if let Some(consumer) = self.consumers.get_mut(&(channel, tag.clone())) {
                    consumer.unacked += 1;
                }
            }
            let taken_by = consumer.clone().map(|tag| (channel, tag));
            queue.unacked.insert(queued.position, Queued { taken_by, ..queued });
        }
        consumer.into_iter().for_each(|tag| self.park_if_full(name, (channel, tag)));
        self.emit(EventKind::MessageDelivered { delivery: delivery.clone() });
        delivery
    }

    /// Delivers ready messages while a consumer can take one.
    fn dispatch(&mut self, name: &Name) {
        if self.dispatch_stream(name) {
            return;
        }
        while self.is_available(name) {
            self.drop_expired_heads(name);
            match self.queues.get(name) {
                Some(queue) if !queue.ready.is_empty() => {}
                _ => return,
            }
            let Some((channel, tag)) = self.pick_consumer(name) else { return };
            let no_ack = self.consumers.get(&(channel, tag.clone())).is_some_and(|c| c.no_ack);
            let queued = self.queues.get_mut(name).and_then(Queue::pop_head).expect("checked non-empty");
            self.deliver(name, queued, channel, Some(tag), no_ack);
        }
    }

    /// R11: messages expire only at the head of the queue.
    fn drop_expired_heads(&mut self, name: &Name) {
        let now = self.now;
        while let Some(queue) = self.queues.get_mut(name) {
            if queue.head_expiry().is_none_or(|t| t > now) {
                return;
            }
            let queued = queue.pop_head().expect("head exists");
            self.messages_held -= 1;
            self.dead_letter_or_drop(queued.message, name, DeathReason::Expired);
        }
    }

    /// R12 drop-head: the oldest ready messages go (dead-lettered if configured) while the
    /// queue is over a limit.
    fn enforce_max_length(&mut self, name: &Name) {
        while let Some(queue) = self.queues.get_mut(name) {
            if queue.arguments.effective_overflow() != super::queue::Overflow::DropHead || !queue.over_limit() {
                return;
            }
            let queued = queue.pop_head().expect("over a limit, so not empty");
            self.messages_held -= 1;
            self.dead_letter_or_drop(queued.message, name, DeathReason::Maxlen);
        }
    }

    /// A message died in `queue`: to its dead letter exchange if it has one, else dropped.
    fn dead_letter_or_drop(&mut self, message: Message, queue: &Name, reason: DeathReason) {
        let arguments = self.queues.get(queue).map(|q| q.arguments.clone()).unwrap_or_default();
        match arguments.dead_letter_exchange {
            None => self.emit(EventKind::MessageDropped { message: message.id, queue: queue.clone(), why: DropReason::Died(reason) }),
            Some(exchange) => self.dead_letters.push_back(DeadLetter {
                message,
                queue: queue.clone(),
                reason,
                exchange,
                routing_key: arguments.dead_letter_routing_key,
            }),
        }
    }

    /// R10: record the death, clear the per-message TTL, republish through the dead letter
    /// exchange, and drop copies that would close a cycle without a rejection.
    fn process_dead_letter(&mut self, job: DeadLetter) {
        let DeadLetter { mut message, queue, reason, exchange, routing_key } = job;
        if !self.exchanges.contains_key(&exchange) {
            let why = DropReason::DeadLetterExchangeMissing(reason);
            self.emit(EventKind::MessageDropped { message: message.id, queue, why });
            return;
        }
        message.record_death(self.version, reason, &queue, self.now);
        message.properties.expiration_ms = None;
        if let Some(key) = routing_key {
            message.routing_key = key.clone();
            message.routing_keys = vec![key];
            message.properties.headers.remove("CC");
        }
        message.exchange = exchange.clone();
        self.emit(EventKind::MessageDeadLettered {
            message: message.id,
            queue: queue.clone(),
            reason,
            dead_letter_exchange: exchange.clone(),
            routing_keys: message.routing_keys.clone(),
        });
        let route = self.route_from(&exchange, &message.routing_keys, &message.properties.headers);
        self.emit_alternates(message.id, &route);
        let mut targets = Vec::new();
        let routed_somewhere = !route.queues.is_empty();
        for target in route.queues {
            if message.is_death_cycle(&target) {
                self.emit(EventKind::MessageDropped { message: message.id, queue: target, why: DropReason::DeadLetterCycle });
            } else {
                targets.push(target);
            }
        }
        if targets.is_empty() {
            if !routed_somewhere {
                self.emit(EventKind::MessageDropped { message: message.id, queue, why: DropReason::DeadLetterUnroutable });
            }
            return;
        }
        self.emit(EventKind::MessageRouted { message: message.id, exchange, queues: targets.clone() });
        for target in &targets {
            self.enqueue(target, message.clone(), false);
        }
    }

    /// Dispatches what can be delivered and dead-letters what died, until nothing moves.
    /// Dispatch comes first: a RabbitMQ queue delivers to its consumers within the step that
    /// freed them (an ack, a reject, a publish), while a dead-lettered message reaches its
    /// target queue, even the same queue, later, as a new publish.
    fn settle(&mut self) {
        loop {
            if let Some(name) = self.dirty.pop_first() {
                self.dispatch(&name);
            } else if let Some(job) = self.dead_letters.pop_front() {
                self.process_dead_letter(job);
            } else {
                return;
            }
        }
    }

    fn settle_deliveries(
        &mut self,
        now: SimTime,
        channel: ChannelId,
        tag: DeliveryTag,
        multiple: bool,
        how: Settle,
    ) -> Result<(), Error> {
        self.advance_to(now)?;
        let c = self.channel(channel)?;
        let tags: Vec<DeliveryTag> = if multiple && tag.0 == 0 {
            c.unacked.keys().copied().collect()
        } else if !c.unacked.contains_key(&tag) {
            return Err(Error::UnknownDeliveryTag(tag));
        } else if multiple {
            c.unacked.range(..=tag).map(|(t, _)| *t).collect()
        } else {
            vec![tag]
        };
        self.refuse_stream_settle(c, &tags, how)?;
        // As `rabbit_channel:foreach_per_queue`: one settle per (queue, consumer tag), in that
        // order (`basic.get` deliveries, with no tag, first), and each queue runs its dispatch
        // before the next settle arrives. A multiple nack spanning two consumers therefore
        // requeues (and redelivers) one consumer's messages before the other's.
        // (queue, consumer tag) → (delivery tag, position in the queue).
        let mut groups: BTreeMap<(Name, Option<Name>), Vec<DeliveryAt>> = BTreeMap::new();
        for tag in tags {
            let pending = &c.unacked[&tag];
            groups.entry((pending.queue.clone(), pending.consumer.clone())).or_default().push((tag, pending.position));
        }
        for ((queue, _), mut tags) in groups {
            if let (Settle::Reject, Some(q)) = (how, self.queues.get(&queue)) {
                q.order_rejections(&mut tags);
            }
            let mut requeued = BTreeSet::new();
            for (tag, _) in tags {
                let pending = self.channel_mut(channel).expect("checked").unacked.remove(&tag).expect("listed");
                requeued.extend(self.release(channel, tag, pending, how));
            }
            requeued.iter().for_each(|queue| self.enforce_max_length(queue));
            self.settle();
        }
        Ok(())
    }

    /// A delivery leaves the channel. A requeue returns its queue, whose length the caller
    /// enforces once all are back (`requeue_and_run`, then `maybe_drop_head`).
    fn release(&mut self, channel: ChannelId, tag: DeliveryTag, pending: Pending, how: Settle) -> Option<Name> {
        if let Some(consumer) = &pending.consumer {
            if let Some(c) = self.channels.get_mut(&channel) {
                c.consumer_unacked -= 1;
            }
            let key = (channel, consumer.clone());
            if let Some(c) = self.consumers.get_mut(&key).filter(|c| c.serial == pending.consumer_serial) {
                c.unacked -= 1;
            }
            self.unblock_channel(channel);
        }
        let queue = self.queues.get_mut(&pending.queue).filter(|q| q.incarnation == pending.incarnation)?;
        let mut queued = queue.unacked.remove(&pending.position)?;
        let name = pending.queue.clone();
        match how {
            Settle::Ack => {
                self.messages_held -= 1;
                self.emit(EventKind::MessageAcked { message: pending.message, queue: name, channel, delivery_tag: tag });
            }
            Settle::Reject => {
                self.messages_held -= 1;
                self.dead_letter_or_drop(queued.message, &name, DeathReason::Rejected);
            }
            Settle::Requeue => {
                queued.redelivered = true;
                let limit = queue.arguments.effective_delivery_limit(self.version);
                if queue.arguments.queue_type == QueueType::Quorum {
                    queued.delivery_count += 1;
                }
                if limit.is_some_and(|limit| queued.delivery_count > limit) {
                    self.credit_past_limit(channel, &pending);
                    self.messages_held -= 1;
                    self.dead_letter_or_drop(queued.message, &name, DeathReason::DeliveryLimit);
                } else {
                    queue.push_ready(queued, true);
                    self.emit(EventKind::MessageRequeued { message: pending.message, queue: name.clone(), channel, delivery_tag: tag });
                    self.dirty.insert(name.clone());
                    return Some(name);
                }
            }
        }
        None
    }

    fn remove_consumer(&mut self, key: &ConsumerKey, by_broker: bool) {
        let Some(consumer) = self.consumers.remove(key) else { return };
        let now = self.now;
        let Some(queue) = self.queues.get_mut(&consumer.queue) else { return };
        let was_single_active = queue.arguments.single_active_consumer && queue.consumers.first() == Some(key);
        queue.consumers.retain(|k| k != key);
        queue.active.retain(|k| k != key);
        queue.forget_consumer(key);
        queue.last_used = now;
        let next_active = if was_single_active { queue.consumers.first().cloned() } else { None };
        let auto_delete = queue.auto_delete && queue.consumers.is_empty() && !by_broker;
        self.emit(EventKind::ConsumerCancelled { channel: key.0, consumer: key.1.clone(), queue: consumer.queue.clone(), by_broker });
        if let Some((channel, tag)) = next_active {
            self.emit(EventKind::SingleActiveConsumer { queue: consumer.queue.clone(), channel, consumer: tag });
            self.dirty.insert(consumer.queue.clone());
        }
        if auto_delete {
            self.remove_queue(&consumer.queue, Removal::AutoDelete);
        }
    }

    fn remove_queue(&mut self, name: &Name, why: Removal) {
        let Some(queue) = self.queues.get(name) else { return };
        let consumers = queue.consumers.clone();
        for key in &consumers {
            self.remove_consumer(key, true);
        }
        let Some(queue) = self.queues.remove(name) else { return };
        let messages = queue.messages_held();
        if why != Removal::Restart {
            self.messages_held -= messages;
        }
        self.dirty.remove(name);
        self.emit(EventKind::QueueDeleted { queue: name.clone(), why, messages: messages as u64 });
        self.remove_bindings_to(&Destination::Queue(name.clone()));
    }

    fn remove_exchange(&mut self, name: &Name, why: Removal) {
        let Some(exchange) = self.exchanges.remove(name) else { return };
        self.bindings_total -= exchange.bindings.len();
        self.emit(EventKind::ExchangeDeleted { exchange: name.clone(), why });
        self.remove_bindings_to(&Destination::Exchange(name.clone()));
    }

    fn remove_bindings_to(&mut self, destination: &Destination) {
        let found: Vec<(Name, Binding)> = self
            .exchanges
            .values()
            .flat_map(|x| x.bindings.iter().filter(|b| b.destination == *destination).map(|b| (x.name.clone(), b.clone())))
            .collect();
        for (source, binding) in found {
            self.remove_binding(&source, &binding);
        }
    }

    /// Removes one binding; an auto-delete exchange goes with its last binding.
    fn remove_binding(&mut self, source: &Name, binding: &Binding) {
        let Some(exchange) = self.exchanges.get_mut(source) else { return };
        if !exchange.remove_binding(binding) {
            return;
        }
        let now_unused = exchange.auto_delete && exchange.bindings.is_empty();
        self.bindings_total -= 1;
        self.emit(EventKind::Unbound {
            source: source.clone(),
            destination: binding.destination.name().clone(),
            to_exchange: matches!(binding.destination, Destination::Exchange(_)),
            routing_key: binding.routing_key.clone(),
        });
        if now_unused {
            self.remove_exchange(source, Removal::AutoDelete);
        }
    }
}

/// The routing key, then `CC` and `BCC` (sender-selected distribution).
fn routing_keys(routing_key: &str, headers: &Headers) -> Result<Vec<Name>, Error> {
    let mut keys = vec![Name::from(routing_key)];
    keys.extend(header_routes(headers, "CC").map_err(|p| invalid("CC", p))?);
    keys.extend(header_routes(headers, "BCC").map_err(|p| invalid("BCC", p))?);
    Ok(keys)
}


fn check_name(name: &str) -> Result<(), Error> {
    if name.len() > NAME_BYTES_MAX {
        return Err(Error::LimitReached { what: Limit::NameBytes, max: NAME_BYTES_MAX });
    }
    Ok(())
}

fn check_not_default_or_reserved(name: &str) -> Result<(), Error> {
    if name.is_empty() {
        return Err(Error::DefaultExchangeAccess);
    }
    if name.starts_with("amq.") {
        return Err(Error::ReservedName(name.into()));
    }
    Ok(())
}

/// An exclusive queue is usable only from its own connection (405 RESOURCE_LOCKED).
fn check_owner(queue: &Queue, channel: ChannelId) -> Result<(), Error> {
    match queue.exclusive_owner {
        Some(owner) if owner != channel.connection => Err(Error::ResourceLocked(queue.name.clone())),
        _ => Ok(()),
    }
}
