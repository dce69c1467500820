//! The operations a sequence is made of, and the seeded generator that picks them.
//!
//! The generator keeps a scratch model beside it and asks it which deliveries a channel holds,
//! so every generated operation is valid (nothing a real broker would refuse), and a seed
//! always gives the same list: the model is deterministic too.

use brokerlab_core::Name;
use brokerlab_core::message_broker::{DeliveryTag, ExchangeKind, MessageBroker, MessageId, Overflow};
use brokerlab_core::rng::Prng;

use crate::model::{ModelRun, channel_id};

/// Queue arguments a declare may carry (no TTL, nothing time-dependent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueArgs {
    pub max_length: Option<u8>,
    /// `drop-head`, `reject-publish` or `reject-publish-dlx`.
    pub overflow: Option<&'static str>,
    pub dead_letter_exchange: Option<String>,
    pub dead_letter_routing_key: Option<String>,
    pub max_priority: Option<u8>,
    /// `x-queue-type = quorum` (then durable, no `x-max-priority`).
    pub quorum: bool,
    /// `x-delivery-limit`, set on every quorum queue: 3.10 has no default.
    pub delivery_limit: Option<u8>,
    /// `x-queue-type=stream` (then durable, and no other argument).
    pub stream: bool,
}

mod display;
mod streams;
pub use streams::StreamOffset;

/// A headers-exchange binding's arguments: `x-match` and string values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadersMatch {
    pub any: bool,
    pub values: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `ch` is the sequence's channel index (model channel number `ch + 1`).
    OpenChannel { ch: usize, confirm: bool },
    CloseChannel { ch: usize },
    DeclareExchange { name: String, kind: ExchangeKind, durable: bool },
    DeclareQueue { name: String, durable: bool, args: QueueArgs },
    Bind { queue: String, exchange: String, key: String, headers: Option<HeadersMatch> },
    Unbind { queue: String, exchange: String, key: String, headers: Option<HeadersMatch> },
    Publish {
        ch: usize,
        exchange: String,
        key: String,
        headers: Vec<(String, String)>,
        priority: Option<u8>,
        mandatory: bool,
        persistent: bool,
        body: String,
    },
    /// `basic.qos(prefetch, global=false)` then `basic.consume`.
    /// `offset`: a stream consumer's `x-stream-offset`.
    Consume { ch: usize, queue: String, tag: String, prefetch: u16, no_ack: bool, offset: Option<StreamOffset> },
    Cancel { ch: usize, tag: String },
    Get { ch: usize, queue: String, no_ack: bool },
    Ack { ch: usize, tag: u64, multiple: bool },
    Nack { ch: usize, tag: u64, multiple: bool, requeue: bool },
    Reject { ch: usize, tag: u64, requeue: bool },
}

/// At most this many queues and exchanges per sequence (cleanup deletes exactly these names).
pub const QUEUES_PER_SEQUENCE: usize = 5;
pub const EXCHANGES_PER_SEQUENCE: usize = 4;
const CHANNELS_OPEN_MAX: usize = 3;
const CONSUMERS_MAX: usize = 6;
/// A focused sequence's first queues, dead-lettering round in a ring.
const RING_QUEUES: usize = 3;

pub fn queue_name(seed: u64, i: usize) -> String {
    format!("d{seed}.q{i}")
}

pub fn exchange_name(seed: u64, i: usize) -> String {
    format!("d{seed}.x{i}")
}

/// Direct (and fanout) keys.
const DIRECT_KEYS: [&str; 4] = ["a", "b", "c", "a.b"];
/// Topic words in routing keys.
const TOPIC_WORDS: [&str; 3] = ["a", "b", "c"];
/// Topic binding words; at most one `#` per pattern (3.10 differs from 4.x with more).
const PATTERN_WORDS: [&str; 4] = ["a", "b", "*", "#"];
const HEADER_NAMES: [&str; 3] = ["h1", "h2", "h3"];
const HEADER_VALUES: [&str; 2] = ["x", "y"];

#[derive(Clone, Debug)]
struct Consumer {
    ch: usize,
    tag: String,
    queue: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Binding {
    queue: String,
    exchange: String,
    key: String,
    headers: Option<HeadersMatch>,
}

/// The generator's knowledge of what exists.
#[derive(Debug)]
struct State {
    seed: u64,
    rng: Prng,
    /// Half the sequences aim at messages that die again and again and at settles of several
    /// deliveries at once (the corners of issue 22): their first queues form a ring that
    /// dead-letters into the next one, then a short `drop-head` queue dead-letters into a
    /// plain one, and gets and settles go where the deliveries are (see `focused_queue`,
    /// `focused_settle`).
    focus: bool,
    /// Half the other sequences (a quarter of all) declare quorum queues half the time, and open every
    /// channel in confirm mode: a publish to a quorum queue is applied asynchronously, and only
    /// its confirm says it is in (V1), so each publish waits for its confirm. May go with
    /// `streams` (see `generate`).
    quorum: bool,
    /// A quarter of the sequences (never focused ones) read streams: their first queue is a
    /// stream and later ones may be (not with `quorum`); every channel is in confirm mode, because a publish to
    /// a stream is applied asynchronously and a consumer starting at `next` or `last` must
    /// find it written; nothing dead-letters (into a stream that would be asynchronous too);
    /// a stream consumer has a channel to itself (two readers' deliveries on one channel
    /// interleave as the channel process folds over its readers).
    streams: bool,
    exchanges: Vec<(String, ExchangeKind)>,
    queues: Vec<String>,
    /// Open channels (indices).
    channels: Vec<usize>,
    next_channel: usize,
    consumers: Vec<Consumer>,
    next_consumer: usize,
    bindings: Vec<Binding>,
    next_body: usize,
}

impl State {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, per_mille: u32) -> bool {
        self.rng.chance_per_mille(per_mille)
    }

    fn any_channel(&mut self) -> usize {
        let channels = self.channels.clone();
        *self.pick(&channels)
    }

    fn any_queue(&mut self) -> String {
        let queues = self.queues.clone();
        self.pick(&queues).clone()
    }

    fn open_channel(&mut self) -> Op {
        let ch = self.next_channel;
        self.next_channel += 1;
        self.channels.push(ch);
        // Short-circuits as each side did alone: a quorum sequence draws nothing here.
        let confirm = self.quorum || self.chance(500) || self.streams;
        Op::OpenChannel { ch, confirm }
    }

    fn declare_exchange(&mut self) -> Op {
        let name = exchange_name(self.seed, self.exchanges.len());
        let kind = *self.pick(&[ExchangeKind::Direct, ExchangeKind::Fanout, ExchangeKind::Topic, ExchangeKind::Headers]);
        self.exchanges.push((name.clone(), kind));
        Op::DeclareExchange { name, kind, durable: self.chance(500) }
    }

    fn declare_queue(&mut self) -> Op {
        let name = queue_name(self.seed, self.queues.len());
        if self.focus {
            let args = self.focused_queue(self.queues.len());
            self.queues.push(name.clone());
            return Op::DeclareQueue { name, durable: self.chance(500), args };
        }
        if self.streams && (self.queues.is_empty() || (!self.quorum && self.chance(300))) {
            self.queues.push(name.clone());
            return Op::DeclareQueue { name, durable: true, args: QueueArgs { stream: true, ..QueueArgs::default() } };
        }
        let mut args = QueueArgs { quorum: self.quorum && self.chance(600), ..QueueArgs::default() };
        if args.quorum {
            args.delivery_limit = Some(self.rng.below(3) as u8);
        }
        if self.chance(450) {
            args.max_length = Some(1 + self.rng.below(4) as u8);
            args.overflow = *self.pick(&[None, Some("drop-head"), Some("reject-publish"), Some("reject-publish-dlx")]);
        }
        if !self.streams && self.chance(450) {
            if self.chance(600) {
                // Through the default exchange straight into another queue of the sequence
                // (which may not exist yet, or be this very queue).
                args.dead_letter_exchange = Some(String::new());
                let target = self.rng.below(QUEUES_PER_SEQUENCE as u64) as usize;
                args.dead_letter_routing_key = Some(queue_name(self.seed, target));
            } else {
                let target = self.rng.below(EXCHANGES_PER_SEQUENCE as u64) as usize;
                args.dead_letter_exchange = Some(exchange_name(self.seed, target));
                if self.chance(400) {
                    args.dead_letter_routing_key = Some(self.pick(&DIRECT_KEYS).to_string());
                }
            }
        }
        if self.chance(250) && !args.quorum {
            args.max_priority = Some(1 + self.rng.below(4) as u8);
        }
        self.queues.push(name.clone());
        Op::DeclareQueue { name, durable: args.quorum || self.chance(500), args }
    }

    /// A focused sequence's queue `index`: the first `RING_QUEUES` dead-letter through the
    /// default exchange into the next (the last into the first), without a length limit, so a
    /// rejected message goes round and round (rejections never make a cycle that drops); only
    /// the first may have priorities, so the order in which a multiple reject dead-letters
    /// shows in the next. Then a `drop-head` queue of 2 to 3 messages dead-letters into the
    /// last, a plain queue, where the order of its maxlen deaths shows; no limited queue
    /// dead-letters into the ring, where maxlen deaths could chase each other without end.
    fn focused_queue(&mut self, index: usize) -> QueueArgs {
        let mut args = QueueArgs::default();
        let seed = self.seed;
        let dead_letter_to = |args: &mut QueueArgs, target: usize| {
            args.dead_letter_exchange = Some(String::new());
            args.dead_letter_routing_key = Some(queue_name(seed, target));
        };
        if index < RING_QUEUES {
            dead_letter_to(&mut args, (index + 1) % RING_QUEUES);
        } else if index == RING_QUEUES {
            args.max_length = Some(2 + self.rng.below(2) as u8);
            args.overflow = *self.pick(&[None, Some("drop-head")]);
            dead_letter_to(&mut args, RING_QUEUES + 1);
        }
        if (index == 0 || index == RING_QUEUES) && self.chance(700) {
            args.max_priority = Some(1 + self.rng.below(4) as u8);
        }
        args
    }

    fn topic_key(&mut self) -> String {
        let words = 1 + self.rng.below(3) as usize;
        (0..words).map(|_| *self.pick(&TOPIC_WORDS)).collect::<Vec<_>>().join(".")
    }

    fn topic_pattern(&mut self) -> String {
        let words = 1 + self.rng.below(3) as usize;
        let mut hash_used = false;
        let mut out = Vec::new();
        for _ in 0..words {
            let mut word = *self.pick(&PATTERN_WORDS);
            while word == "#" && hash_used {
                word = *self.pick(&PATTERN_WORDS);
            }
            hash_used |= word == "#";
            out.push(word);
        }
        out.join(".")
    }

    fn headers_match(&mut self) -> HeadersMatch {
        let any = self.chance(500);
        let mut values = Vec::new();
        for name in HEADER_NAMES {
            if self.chance(450) {
                values.push((name.to_string(), self.pick(&HEADER_VALUES).to_string()));
            }
        }
        HeadersMatch { any, values }
    }

    fn bind(&mut self) -> Op {
        let queue = self.any_queue();
        let exchanges = self.exchanges.clone();
        let (exchange, kind) = self.pick(&exchanges).clone();
        let (key, headers) = match kind {
            ExchangeKind::Direct | ExchangeKind::Fanout => (self.pick(&DIRECT_KEYS).to_string(), None),
            ExchangeKind::Topic => (self.topic_pattern(), None),
            ExchangeKind::Headers => (String::new(), Some(self.headers_match())),
        };
        let binding = Binding { queue: queue.clone(), exchange: exchange.clone(), key: key.clone(), headers: headers.clone() };
        if !self.bindings.contains(&binding) {
            self.bindings.push(binding);
        }
        Op::Bind { queue, exchange, key, headers }
    }

    fn unbind(&mut self) -> Op {
        let index = self.rng.below(self.bindings.len() as u64) as usize;
        let Binding { queue, exchange, key, headers } = self.bindings.remove(index);
        Op::Unbind { queue, exchange, key, headers }
    }

    fn publish(&mut self, model: &MessageBroker) -> Op {
        let ch = self.any_channel();
        let refill = if self.focus { self.drop_head_to_refill(model) } else { None };
        let (exchange, key) = if let Some(queue) = refill.filter(|_| self.chance(600)) {
            (String::new(), queue)
        } else if self.focus && self.chance(700) {
            (String::new(), self.any_queue())
        } else if self.exchanges.is_empty() || self.chance(250) {
            // The default exchange: a queue of the sequence, declared or not.
            let target = self.rng.below(QUEUES_PER_SEQUENCE as u64 + 1) as usize;
            (String::new(), queue_name(self.seed, target))
        } else {
            let exchanges = self.exchanges.clone();
            let (exchange, kind) = self.pick(&exchanges).clone();
            let key = match kind {
                ExchangeKind::Topic => self.topic_key(),
                _ => self.pick(&DIRECT_KEYS).to_string(),
            };
            (exchange, key)
        };
        let mut headers = Vec::new();
        if self.chance(600) {
            for name in HEADER_NAMES {
                if self.chance(500) {
                    headers.push((name.to_string(), self.pick(&HEADER_VALUES).to_string()));
                }
            }
        }
        let priority = self.chance(500).then(|| self.rng.below(7) as u8);
        let body = format!("m{}", self.next_body);
        self.next_body += 1;
        Op::Publish { ch, exchange, key, headers, priority, mandatory: self.chance(300), persistent: self.chance(500), body }
    }

    /// A `drop-head` queue not yet full while a channel holds two of its deliveries or more:
    /// a publish there sets up a multiple requeue into a full queue.
    fn drop_head_to_refill(&self, model: &MessageBroker) -> Option<String> {
        self.queues
            .iter()
            .find(|name| {
                let Some(q) = model.queue(name) else { return false };
                let limited = q.arguments().overflow == Overflow::DropHead && q.arguments().max_length.is_some();
                let held = |ch: &usize| model.unacked(channel_id(*ch)).iter().filter(|(_, _, queue)| &**queue == name.as_str()).count();
                limited && self.channels.iter().any(|ch| held(ch) >= 2)
            })
            .cloned()
    }

    fn consume(&mut self, model: &MessageBroker) -> Op {
        let ch = self.any_channel();
        // Deliveries from different queues to one channel interleave as the queue processes
        // run, so their delivery tags differ from run to run: a channel's consumers all read
        // one queue.
        let queue = match self.consumers.iter().find(|c| c.ch == ch) {
            Some(c) if self.is_stream(model, &c.queue) => return self.publish(model),
            Some(c) => c.queue.clone(),
            None => self.any_queue(),
        };
        if self.is_stream(model, &queue) {
            return self.stream_consumer(model, ch, queue);
        }
        let tag = format!("c{}", self.next_consumer);
        self.next_consumer += 1;
        self.consumers.push(Consumer { ch, tag: tag.clone(), queue: queue.clone() });
        let prefetch = if self.focus { *self.pick(&[0, 2, 3, 3]) } else { *self.pick(&[0, 1, 1, 2, 3]) };
        Op::Consume { ch, queue, tag, prefetch, no_ack: self.chance(if self.focus { 50 } else { 200 }), offset: None }
    }

    fn cancel(&mut self) -> Op {
        let index = self.rng.below(self.consumers.len() as u64) as usize;
        let Consumer { ch, tag, .. } = self.consumers.remove(index);
        Op::Cancel { ch, tag }
    }

    fn get(&mut self, model: &MessageBroker) -> Op {
        let ch = self.any_channel();
        let holding: Vec<String> =
            self.queues.iter().filter(|q| model.queue(q).is_some_and(|q| q.ready_count() > 0)).cloned().collect();
        let aimed = self.focus || self.quorum;
        let mut queue = if aimed && !holding.is_empty() && self.chance(800) { self.pick(&holding).clone() } else { self.any_queue() };
        if self.is_stream(model, &queue) {
            // basic.get on a stream is a connection error (540): get from another queue.
            let others: Vec<String> = self.queues.iter().filter(|q| !self.is_stream(model, q)).cloned().collect();
            if others.is_empty() {
                return self.publish(model);
            }
            queue = self.pick(&others).clone();
        }
        Op::Get { ch, queue, no_ack: self.chance(if aimed { 50 } else { 250 }) }
    }

    /// Ack, nack or reject one of the deliveries `model` says a channel holds.
    fn settle(&mut self, model: &MessageBroker) -> Option<Op> {
        let holding: Vec<usize> =
            self.channels.iter().copied().filter(|&ch| !model.unacked(channel_id(ch)).is_empty()).collect();
        if holding.is_empty() {
            return None;
        }
        let ch = *self.pick(&holding);
        if self.focus
            && let Some(op) = self.focused_settle(model, ch)
        {
            return Some(op);
        }
        let tags: Vec<u64> = model.unacked(channel_id(ch)).iter().map(|(tag, _, _)| tag.0).collect();
        let tag = *self.pick(&tags);
        let multiple = self.chance(300);
        // A nack or reject of a stream delivery is a connection error (540): streams are acked.
        // A sequence with quorum queues too looks only at the deliveries this settle covers,
        // so quorum deliveries beside a stream's are still returned.
        let covered = |t: u64| !self.quorum || t == tag || (multiple && t <= tag);
        if model.unacked(channel_id(ch)).iter().any(|(t, _, queue)| covered(t.0) && self.is_stream(model, queue)) {
            return Some(Op::Ack { ch, tag, multiple });
        }
        // Quorum sequences nack with requeue most: each return counts toward the limit.
        let requeue = self.chance(if self.focus { 250 } else if self.quorum { 850 } else { 500 });
        let acks = if self.focus || self.quorum { 0..=3 } else { 0..=8 };
        Some(match self.rng.below(20) {
            n if acks.contains(&n) => Op::Ack { ch, tag, multiple },
            9..=14 => Op::Nack { ch, tag, multiple, requeue },
            _ => Op::Reject { ch, tag, requeue },
        })
    }

    /// In a focused sequence, half the time a channel holding two deliveries or more from one
    /// queue settles them all at once: a multiple nack without requeue if that queue has
    /// priorities, with requeue if it is a `drop-head` queue they would take past its limit.
    /// Otherwise, more often than not, it rejects the delivery whose message died most, so
    /// messages go round the ring again and again.
    fn focused_settle(&mut self, model: &MessageBroker, ch: usize) -> Option<Op> {
        let unacked = model.unacked(channel_id(ch));
        if let Some(op) = self.settle_several(model, ch, &unacked) {
            return Some(op);
        }
        let deaths = |(tag, message, queue): &(DeliveryTag, MessageId, Name)| {
            let queued = model.queue(queue).and_then(|q| q.unacked().find(|m| m.message.id == *message));
            (queued.map_or(0, |m| m.message.deaths.iter().map(|d| d.count).sum::<u64>()), tag.0)
        };
        let (_, tag) = unacked.iter().map(deaths).max()?;
        self.chance(600).then_some(Op::Reject { ch, tag, requeue: false })
    }

    fn settle_several(&mut self, model: &MessageBroker, ch: usize, unacked: &[(DeliveryTag, MessageId, Name)]) -> Option<Op> {
        let last = unacked.iter().map(|(tag, _, _)| tag.0).max()?;
        let mut per_queue: Vec<(&str, usize)> = Vec::new();
        for (_, _, queue) in unacked {
            match per_queue.iter_mut().find(|(q, _)| *q == &**queue) {
                Some((_, n)) => *n += 1,
                None => per_queue.push((queue, 1)),
            }
        }
        let requeue = per_queue.iter().filter(|(_, n)| *n >= 2).find_map(|(queue, n)| {
            let q = model.queue(queue)?;
            let arguments = q.arguments();
            let full = arguments.max_length.is_some_and(|max| (q.ready_count() + n) as u64 > max);
            if arguments.overflow == Overflow::DropHead && full {
                return Some(true);
            }
            (arguments.max_priority.is_some() && arguments.dead_letter_exchange.is_some()).then_some(false)
        })?;
        self.chance(500).then_some(Op::Nack { ch, tag: last, multiple: true, requeue })
    }

    fn close_channel(&mut self) -> Op {
        let index = self.rng.below(self.channels.len() as u64) as usize;
        let ch = self.channels.remove(index);
        self.consumers.retain(|c| c.ch != ch);
        Op::CloseChannel { ch }
    }

    /// The next operations (one, or a close followed by its replacement channel).
    fn next(&mut self, model: &MessageBroker) -> Vec<Op> {
        if self.channels.is_empty() {
            return vec![self.open_channel()];
        }
        if self.queues.is_empty() {
            return vec![self.declare_queue()];
        }
        let has_unacked = self.channels.iter().any(|&ch| !model.unacked(channel_id(ch)).is_empty());
        let (gets, settles) = if self.focus || self.quorum { (10, 24) } else { (6, 18) };
        let choices: [(u64, bool); 12] = [
            (5, self.exchanges.len() < EXCHANGES_PER_SEQUENCE),
            (7, self.queues.len() < QUEUES_PER_SEQUENCE),
            (10, !self.exchanges.is_empty()),
            (2, !self.bindings.is_empty()),
            (30, true),
            (8, self.consumers.len() < CONSUMERS_MAX),
            (2, !self.consumers.is_empty()),
            (gets, true),
            (settles, has_unacked),
            (3, true),
            (2, self.channels.len() < CHANNELS_OPEN_MAX),
            (0, false),
        ];
        let total: u64 = choices.iter().filter(|c| c.1).map(|c| c.0).sum();
        let mut roll = self.rng.below(total);
        let mut which = 0;
        for (index, (weight, ok)) in choices.iter().enumerate() {
            if !ok {
                continue;
            }
            if roll < *weight {
                which = index;
                break;
            }
            roll -= weight;
        }
        match which {
            0 => vec![self.declare_exchange()],
            1 => vec![self.declare_queue()],
            2 => vec![self.bind()],
            3 => vec![self.unbind()],
            4 => vec![self.publish(model)],
            5 => vec![self.consume(model)],
            6 => vec![self.cancel()],
            7 => vec![self.get(model)],
            8 => vec![self.settle(model).expect("a channel holds deliveries")],
            9 => {
                let close = self.close_channel();
                vec![close, self.open_channel()]
            }
            _ => vec![self.open_channel()],
        }
    }
}

/// The operations of sequence `seed`. Panics if the model refuses one (a generator bug).
pub fn generate(seed: u64) -> Vec<Op> {
    let mut rng = Prng::new(seed ^ 0x00D1_FFE2_E471_A100);
    let focus = rng.chance_per_mille(500);
    // Quorum queues and streams are each drawn from a stream of their own, so the sequences
    // with neither stay as they were, and so do those with one of them. A seed drawn for both
    // (an eighth of all) mixes them: its first queue is a stream, the others are not (room for
    // quorum queues), nothing dead-letters, and the server runner's waits compose (the quorum
    // barrier, then stream deliveries counted with those it read; stream message counts
    // masked throughout).
    let quorum = !focus && Prng::new(seed ^ 0x0051_0A11_7E00_0000).chance_per_mille(500);
    let streams = !focus && Prng::new(seed ^ 0x5772_EA45).chance_per_mille(500);
    let mut state = State {
        seed,
        rng,
        focus,
        quorum,
        streams,
        exchanges: Vec::new(),
        queues: Vec::new(),
        channels: Vec::new(),
        next_channel: 0,
        consumers: Vec::new(),
        next_consumer: 0,
        bindings: Vec::new(),
        next_body: 0,
    };
    let length = if focus { 40 } else { 20 } + state.rng.below(21) as usize;
    let mut model = ModelRun::new();
    let mut ops = Vec::with_capacity(length + 1);
    // A plain channel and, half the time, one in confirm mode; a focused sequence's queues.
    let mut first = vec![state.open_channel(), state.open_channel()];
    if focus {
        first.extend((0..QUEUES_PER_SEQUENCE).map(|_| state.declare_queue()));
    }
    for op in first {
        model.apply(&op).unwrap_or_else(|e| panic!("seed {seed}: the model refused {op}: {e}"));
        ops.push(op);
    }
    while ops.len() < length {
        for op in state.next(model.broker()) {
            model.apply(&op).unwrap_or_else(|e| panic!("seed {seed}: the model refused {op}: {e}"));
            ops.push(op);
        }
    }
    ops
}

/// How many dead-letter hops one operation can set off, each needing one more barrier round:
/// none without a dead letter exchange; else one, plus one per queue that can kill an arriving
/// message's neighbour or the message itself and pass it on (a length limit and a dead letter
/// exchange: sequences have no TTL), so a focused sequence's ring, unlimited, needs one.
pub fn dead_letter_hops(ops: &[Op]) -> usize {
    let declares = || ops.iter().filter_map(|op| match op {
        Op::DeclareQueue { args, .. } if args.dead_letter_exchange.is_some() => Some(args),
        _ => None,
    });
    match declares().count() {
        0 => 0,
        _ => 1 + declares().filter(|args| args.max_length.is_some()).count(),
    }
}
