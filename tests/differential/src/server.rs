//! Runs operations against a real RabbitMQ through lapin, and reads what the client observed
//! once the server has finished the operation's effects (the barrier).

use std::collections::BTreeMap;

use futures_lite::StreamExt;
use futures_lite::future::poll_once;
use lapin::options::{
    BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicGetOptions, BasicNackOptions, BasicPublishOptions,
    BasicQosOptions, BasicRejectOptions, ConfirmSelectOptions, ExchangeDeclareOptions, ExchangeDeleteOptions,
    QueueBindOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::message::{BasicReturnMessage, Delivery};
use lapin::Confirmation;
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties, Consumer};

use brokerlab_core::message_broker::{ExchangeKind, HeaderValue, Headers};

use crate::model::{binding_arguments, consume_arguments, queue_arguments};
use crate::observe::{Death, Observed, Outcome, Returned, Seen};
use crate::ops::{EXCHANGES_PER_SEQUENCE, Op, QUEUES_PER_SEQUENCE, exchange_name, queue_name};

fn err(what: &str) -> impl Fn(lapin::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// The model's field table as lapin's (strings, integers and the rest).
pub fn field_table(headers: &Headers) -> FieldTable {
    let mut table = FieldTable::default();
    for (name, value) in headers {
        table.insert(ShortString::from(&**name), amqp_value(value));
    }
    table
}

fn amqp_value(value: &HeaderValue) -> AMQPValue {
    match value {
        HeaderValue::String(s) => AMQPValue::LongString(LongString::from(s.as_bytes())),
        HeaderValue::Integer(n) => AMQPValue::LongLongInt(*n),
        HeaderValue::Float(x) => AMQPValue::Double(*x),
        HeaderValue::Bool(b) => AMQPValue::Boolean(*b),
        HeaderValue::Void => AMQPValue::Void,
        HeaderValue::Timestamp(t) => AMQPValue::Timestamp(*t),
        HeaderValue::Array(items) => AMQPValue::FieldArray(items.iter().map(amqp_value).collect::<Vec<_>>().into()),
        HeaderValue::Table(t) => AMQPValue::FieldTable(field_table(t)),
    }
}

fn amqp_text(value: Option<&AMQPValue>) -> String {
    match value {
        Some(AMQPValue::LongString(s)) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
        Some(AMQPValue::ShortString(s)) => s.as_str().to_string(),
        other => format!("{other:?}"),
    }
}

fn amqp_integer(value: Option<&AMQPValue>) -> i64 {
    match value {
        Some(AMQPValue::ShortShortInt(n)) => i64::from(*n),
        Some(AMQPValue::ShortShortUInt(n)) => i64::from(*n),
        Some(AMQPValue::ShortInt(n)) => i64::from(*n),
        Some(AMQPValue::ShortUInt(n)) => i64::from(*n),
        Some(AMQPValue::LongInt(n)) => i64::from(*n),
        Some(AMQPValue::LongUInt(n)) => i64::from(*n),
        Some(AMQPValue::LongLongInt(n)) => *n,
        _ => -1,
    }
}

/// A delivery as the model's [`Seen`] shape.
fn seen(delivery: &Delivery) -> Seen {
    let properties = &delivery.properties;
    let empty = FieldTable::default();
    let headers = properties.headers().as_ref().unwrap_or(&empty).inner();
    let deaths = match headers.get("x-death") {
        Some(AMQPValue::FieldArray(entries)) => entries
            .as_slice()
            .iter()
            .map(|entry| match entry {
                AMQPValue::FieldTable(t) => {
                    let t = t.inner();
                    Death {
                        queue: amqp_text(t.get("queue")),
                        reason: amqp_text(t.get("reason")),
                        count: amqp_integer(t.get("count")),
                        exchange: amqp_text(t.get("exchange")),
                        routing_keys: match t.get("routing-keys") {
                            Some(AMQPValue::FieldArray(keys)) => keys.as_slice().iter().map(|k| amqp_text(Some(k))).collect(),
                            _ => vec![],
                        },
                    }
                }
                other => Death { queue: format!("{other:?}"), reason: String::new(), count: -1, exchange: String::new(), routing_keys: vec![] },
            })
            .collect(),
        _ => vec![],
    };
    let first_death = headers.get("x-first-death-reason").map(|reason| {
        (amqp_text(Some(reason)), amqp_text(headers.get("x-first-death-queue")), amqp_text(headers.get("x-first-death-exchange")))
    });
    Seen {
        body: String::from_utf8_lossy(&delivery.data).into_owned(),
        tag: delivery.delivery_tag,
        redelivered: delivery.redelivered,
        exchange: delivery.exchange.as_str().to_string(),
        routing_key: delivery.routing_key.as_str().to_string(),
        priority: *properties.priority(),
        persistent: *properties.delivery_mode() == Some(2),
        deaths,
        first_death,
        delivery_count: headers.get("x-delivery-count").map(|v| amqp_integer(Some(v))),
        stream_offset: headers.get("x-stream-offset").map(|v| amqp_integer(Some(v))),
    }
}

fn returned(ch: usize, message: &BasicReturnMessage) -> Returned {
    Returned {
        ch,
        body: String::from_utf8_lossy(&message.delivery.data).into_owned(),
        reply_code: message.reply_code,
        exchange: message.delivery.exchange.as_str().to_string(),
        routing_key: message.delivery.routing_key.as_str().to_string(),
    }
}

fn lapin_kind(kind: ExchangeKind) -> lapin::ExchangeKind {
    match kind {
        ExchangeKind::Direct => lapin::ExchangeKind::Direct,
        ExchangeKind::Fanout => lapin::ExchangeKind::Fanout,
        ExchangeKind::Topic => lapin::ExchangeKind::Topic,
        ExchangeKind::Headers => lapin::ExchangeKind::Headers,
    }
}

struct ServerConsumer {
    tag: String,
    ch: usize,
    stream: Consumer,
    /// Reads a RabbitMQ stream: its deliveries come from the channel's stream reader after the
    /// write is committed, not from a queue process, so the barrier does not flush them.
    reads_stream: bool,
}

/// How long to wait for the deliveries the model expects a stream consumer to get.
const STREAM_DELIVERY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// One sequence's connection to the server.
pub struct ServerRun {
    connection: Connection,
    /// Not part of the sequence: cleanup, and a barrier when no sequence channel is open.
    control: Channel,
    channels: BTreeMap<usize, Channel>,
    consumers: Vec<ServerConsumer>,
    queues: Vec<String>,
    /// The quorum queues among them (see `barrier`).
    quorum_queues: Vec<String>,
    /// The queues of `queues` that are streams.
    streams: Vec<String>,
    /// Deliveries read from consumers that went away during the operation.
    pending: BTreeMap<String, Vec<Seen>>,
    rounds: usize,
}

impl std::fmt::Debug for ServerRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerRun").field("channels", &self.channels.keys()).field("queues", &self.queues).finish()
    }
}

impl ServerRun {
    /// Connects and deletes whatever an earlier run of this seed left.
    pub async fn start(url: &str, seed: u64, dead_letter_hops: usize) -> Result<ServerRun, String> {
        let connection = Connection::connect(url, ConnectionProperties::default()).await.map_err(err("connect"))?;
        let control = connection.create_channel().await.map_err(err("channel.open"))?;
        let run = ServerRun {
            connection,
            control,
            channels: BTreeMap::new(),
            consumers: Vec::new(),
            queues: Vec::new(),
            quorum_queues: Vec::new(),
            streams: Vec::new(),
            pending: BTreeMap::new(),
            // Deliveries reach a channel's mailbox before the queue's reply to the barrier but
            // may be written after it: a second round flushes them. Each dead-letter hop
            // between queues takes one more round.
            rounds: 2 + dead_letter_hops.min(3),
        };
        run.delete_all(seed).await?;
        Ok(run)
    }

    /// Deletes every queue and exchange a sequence of `seed` can declare.
    pub async fn delete_all(&self, seed: u64) -> Result<(), String> {
        let channel = self.connection.create_channel().await.map_err(err("channel.open"))?;
        for i in 0..=QUEUES_PER_SEQUENCE {
            channel.queue_delete(queue_name(seed, i).into(), QueueDeleteOptions::default()).await.map_err(err("queue.delete"))?;
        }
        for i in 0..=EXCHANGES_PER_SEQUENCE {
            channel
                .exchange_delete(exchange_name(seed, i).into(), ExchangeDeleteOptions::default())
                .await
                .map_err(err("exchange.delete"))?;
        }
        channel.close(200, "cleanup done".into()).await.map_err(err("channel.close"))?;
        Ok(())
    }

    pub async fn finish(self, seed: u64) -> Result<(), String> {
        let result = self.delete_all(seed).await;
        let _ = self.connection.close(200, "sequence done".into()).await;
        result
    }

    fn channel(&self, ch: usize) -> Result<&Channel, String> {
        self.channels.get(&ch).ok_or_else(|| format!("ch{ch} is not open"))
    }

    /// Any channel for declares and bindings.
    fn some_channel(&self) -> &Channel {
        self.channels.values().next().unwrap_or(&self.control)
    }

    /// Applies `op`; `expected` is what the model observed, from which only the number of
    /// deliveries each stream consumer should get is read (to wait for them).
    pub async fn apply(&mut self, op: &Op, expected: &Observed) -> Result<Observed, String> {
        let mut outcome = Outcome::Done;
        let mut returns = Vec::new();
        match op {
            Op::OpenChannel { ch, confirm } => {
                let channel = self.connection.create_channel().await.map_err(err("channel.open"))?;
                if *confirm {
                    channel.confirm_select(ConfirmSelectOptions::default()).await.map_err(err("confirm.select"))?;
                }
                self.channels.insert(*ch, channel);
            }
            Op::CloseChannel { ch } => {
                let channel = self.channels.remove(ch).ok_or_else(|| format!("ch{ch} is not open"))?;
                channel.close(200, "closing with unacked".into()).await.map_err(err("channel.close"))?;
                let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.consumers).into_iter().partition(|c| c.ch == *ch);
                self.consumers = kept;
                for mut consumer in gone {
                    let seen = drain(&mut consumer.stream).await?;
                    self.pending.entry(consumer.tag).or_default().extend(seen);
                }
            }
            Op::DeclareExchange { name, kind, durable } => {
                let options = ExchangeDeclareOptions { durable: *durable, ..ExchangeDeclareOptions::default() };
                self.some_channel()
                    .exchange_declare(name.as_str().into(), lapin_kind(*kind), options, FieldTable::default())
                    .await
                    .map_err(err("exchange.declare"))?;
            }
            Op::DeclareQueue { name, durable, args } => {
                let options = QueueDeclareOptions { durable: *durable, ..QueueDeclareOptions::default() };
                self.some_channel()
                    .queue_declare(name.as_str().into(), options, field_table(&queue_arguments(args)))
                    .await
                    .map_err(err("queue.declare"))?;
                self.queues.push(name.clone());
                if args.quorum {
                    self.quorum_queues.push(name.clone());
                }
                if args.stream {
                    self.streams.push(name.clone());
                }
            }
            Op::Bind { queue, exchange, key, headers } => {
                self.some_channel()
                    .queue_bind(
                        queue.as_str().into(),
                        exchange.as_str().into(),
                        key.as_str().into(),
                        QueueBindOptions::default(),
                        field_table(&binding_arguments(headers)),
                    )
                    .await
                    .map_err(err("queue.bind"))?;
            }
            Op::Unbind { queue, exchange, key, headers } => {
                self.some_channel()
                    .queue_unbind(
                        queue.as_str().into(),
                        exchange.as_str().into(),
                        key.as_str().into(),
                        field_table(&binding_arguments(headers)),
                    )
                    .await
                    .map_err(err("queue.unbind"))?;
            }
            Op::Publish { ch, exchange, key, headers, priority, mandatory, persistent, body } => {
                let mut properties = BasicProperties::default().with_delivery_mode(if *persistent { 2 } else { 1 });
                if let Some(p) = priority {
                    properties = properties.with_priority(*p);
                }
                if !headers.is_empty() {
                    let mut table = FieldTable::default();
                    for (name, value) in headers {
                        table.insert(name.as_str().into(), AMQPValue::LongString(value.as_str().into()));
                    }
                    properties = properties.with_headers(table);
                }
                let options = BasicPublishOptions { mandatory: *mandatory, immediate: false };
                let confirm = self
                    .channel(*ch)?
                    .basic_publish(exchange.as_str().into(), key.as_str().into(), options, body.as_bytes(), properties)
                    .await
                    .map_err(err("basic.publish"))?;
                let confirmation = confirm.await.map_err(err("publisher confirm"))?;
                let (confirm, message) = match confirmation {
                    Confirmation::Ack(message) => (Some(true), message),
                    Confirmation::Nack(message) => (Some(false), message),
                    Confirmation::NotRequested => (None, None),
                };
                if let Some(message) = message {
                    returns.push(returned(*ch, &message));
                }
                outcome = Outcome::Published { confirm };
            }
            Op::Consume { ch, queue, tag, prefetch, no_ack, offset } => {
                let channel = self.channel(*ch)?;
                channel.basic_qos(*prefetch, BasicQosOptions { global: false }).await.map_err(err("basic.qos"))?;
                let options = BasicConsumeOptions { no_ack: *no_ack, ..BasicConsumeOptions::default() };
                let stream = channel
                    .basic_consume(queue.as_str().into(), tag.as_str().into(), options, field_table(&consume_arguments(offset)))
                    .await
                    .map_err(err("basic.consume"))?;
                let reads_stream = self.streams.contains(queue);
                self.consumers.push(ServerConsumer { tag: tag.clone(), ch: *ch, stream, reads_stream });
            }
            Op::Cancel { ch, tag } => {
                self.channel(*ch)?
                    .basic_cancel(tag.as_str().into(), BasicCancelOptions::default())
                    .await
                    .map_err(err("basic.cancel"))?;
                if let Some(index) = self.consumers.iter().position(|c| c.tag == *tag) {
                    let mut consumer = self.consumers.remove(index);
                    let seen = drain(&mut consumer.stream).await?;
                    self.pending.entry(consumer.tag).or_default().extend(seen);
                }
            }
            Op::Get { ch, queue, no_ack } => {
                let got = self
                    .channel(*ch)?
                    .basic_get(queue.as_str().into(), BasicGetOptions { no_ack: *no_ack })
                    .await
                    .map_err(err("basic.get"))?;
                outcome = Outcome::Got(got.map(|g| (seen(&g.delivery), g.message_count)));
            }
            Op::Ack { ch, tag, multiple } => {
                self.channel(*ch)?.basic_ack(*tag, BasicAckOptions { multiple: *multiple }).await.map_err(err("basic.ack"))?;
            }
            Op::Nack { ch, tag, multiple, requeue } => {
                self.channel(*ch)?
                    .basic_nack(*tag, BasicNackOptions { multiple: *multiple, requeue: *requeue })
                    .await
                    .map_err(err("basic.nack"))?;
            }
            Op::Reject { ch, tag, requeue } => {
                self.channel(*ch)?.basic_reject(*tag, BasicRejectOptions { requeue: *requeue }).await.map_err(err("basic.reject"))?;
            }
        }
        self.observe(op, outcome, returns, expected).await
    }

    /// After an operation: the barrier (with quorum queues, until they settle), then the
    /// deliveries (stream ones waited for), the returns and the depths.
    async fn observe(&mut self, op: &Op, outcome: Outcome, mut returns: Vec<Returned>, expected: &Observed) -> Result<Observed, String> {
        let mut depths = if settles_later(op) { self.quiesce(self.barrier().await?).await? } else { self.barrier().await? };
        self.mask_streams(&mut depths);
        let mut deliveries = std::mem::take(&mut self.pending);
        for consumer in &mut self.consumers {
            let mut seen = drain(&mut consumer.stream).await?;
            if consumer.reads_stream {
                // Those a quorum queue's `quiesce` already read count too (a mixed sequence).
                let wanted = expected.deliveries.get(&consumer.tag).map_or(0, Vec::len);
                let got = seen.len() + deliveries.get(&consumer.tag).map_or(0, Vec::len);
                seen.extend(wait_for(&mut consumer.stream, wanted.saturating_sub(got)).await?);
            }
            if !seen.is_empty() {
                deliveries.entry(consumer.tag.clone()).or_default().extend(seen);
            }
        }
        deliveries.retain(|_, seen| !seen.is_empty());
        // Returns on channels outside confirm mode (in confirm mode they came with the confirm).
        for (ch, channel) in &self.channels {
            for message in channel.wait_for_confirms().await.map_err(err("returns"))? {
                returns.push(returned(*ch, &message));
            }
        }
        Ok(Observed { outcome, deliveries, returns, depths })
    }

    /// Waits until the server has finished the operation's effects: a passive `queue.declare`
    /// of every queue on every channel, `rounds` times. Returns the last depths read.
    async fn barrier(&self) -> Result<BTreeMap<String, (u32, u32)>, String> {
        let mut depths = BTreeMap::new();
        let passive = QueueDeclareOptions { passive: true, ..QueueDeclareOptions::default() };
        for _ in 0..self.rounds {
            for channel in self.channels.values().chain([&self.control]) {
                for queue in &self.queues {
                    let ok = channel
                        .queue_declare(queue.as_str().into(), passive, FieldTable::default())
                        .await
                        .map_err(err("barrier queue.declare passive"))?;
                    depths.insert(queue.clone(), (ok.message_count(), ok.consumer_count()));
                }
            }
        }
        Ok(depths)
    }

    /// One read of every queue's depth on the control channel.
    async fn depths(&self) -> Result<BTreeMap<String, (u32, u32)>, String> {
        let mut depths = BTreeMap::new();
        let passive = QueueDeclareOptions { passive: true, ..QueueDeclareOptions::default() };
        for queue in &self.queues {
            let ok = self
                .control
                .queue_declare(queue.as_str().into(), passive, FieldTable::default())
                .await
                .map_err(err("quiesce queue.declare passive"))?;
            depths.insert(queue.clone(), (ok.message_count(), ok.consumer_count()));
        }
        Ok(depths)
    }
}

impl ServerRun {
    /// With quorum queues, waits until nothing changes any more. A quorum queue applies a
    /// command (a settle, a requeue and the redelivery it allows, a closed channel's consumers
    /// going away) once its Raft log has it on disk, after the AMQP reply; a passive declare
    /// reads the state applied so far, and no AMQP method waits for the log without changing
    /// the queue. So the depths are read again (on the control channel), 2 ms apart, until
    /// `QUIESCE_STABLE` reads in a row agree and no delivery arrived meanwhile (at most
    /// `QUIESCE_ROUNDS_MAX` reads): a log write that takes longer than that (a loaded
    /// machine) shows as a difference.
    async fn quiesce(&mut self, mut depths: BTreeMap<String, (u32, u32)>) -> Result<BTreeMap<String, (u32, u32)>, String> {
        if self.quorum_queues.is_empty() {
            return Ok(depths);
        }
        let mut stable = 0;
        for _ in 0..QUIESCE_ROUNDS_MAX {
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            let mut arrived = false;
            for consumer in &mut self.consumers {
                let seen = drain(&mut consumer.stream).await?;
                arrived |= !seen.is_empty();
                self.pending.entry(consumer.tag.clone()).or_default().extend(seen);
            }
            let again = self.depths().await?;
            stable = if again == depths && !arrived { stable + 1 } else { 0 };
            if stable == QUIESCE_STABLE {
                return Ok(again);
            }
            depths = again;
        }
        Ok(depths)
    }
}

impl ServerRun {
    /// Whether the sequence declared quorum queues.
    pub fn has_quorum_queues(&self) -> bool {
        !self.quorum_queues.is_empty()
    }

    /// After a difference in a sequence with quorum queues: reads the depths and deliveries
    /// again, 5 ms apart, until they match what the model expects (at most
    /// `CONVERGE_ROUNDS_MAX` times), for a quorum queue that applied a command later than
    /// `quiesce` waited (a loaded machine). A real difference does not go away, and is reported
    /// with what the server showed last.
    pub async fn converge(&mut self, expected: &Observed, mut observed: Observed) -> Result<Observed, String> {
        for _ in 0..CONVERGE_ROUNDS_MAX {
            if observed == *expected {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            for consumer in &mut self.consumers {
                let seen = drain(&mut consumer.stream).await?;
                if !seen.is_empty() {
                    observed.deliveries.entry(consumer.tag.clone()).or_default().extend(seen);
                }
            }
            observed.depths = self.depths().await?;
            self.mask_streams(&mut observed.depths);
        }
        Ok(observed)
    }

    /// A stream's message count is read from metrics that lag (see `Queue::declare_ok_counts`
    /// in the core): it is not compared (the model's is 0 too).
    fn mask_streams(&self, depths: &mut BTreeMap<String, (u32, u32)>) {
        for stream in &self.streams {
            if let Some((messages, _)) = depths.get_mut(stream) {
                *messages = 0;
            }
        }
    }
}

/// Whether `op` may leave a quorum queue a command it applies after the AMQP reply: a settle,
/// a cancel, a closed channel, a new consumer (its first deliveries). A publish is waited for
/// by its confirm (quorum sequences publish in confirm mode) and `basic.get` by its answer;
/// declares and bindings do not touch a queue's log.
fn settles_later(op: &Op) -> bool {
    matches!(
        op,
        Op::Ack { .. } | Op::Nack { .. } | Op::Reject { .. } | Op::Cancel { .. } | Op::CloseChannel { .. } | Op::Consume { .. }
    )
}

/// Reads after a difference at most (see `ServerRun::converge`): 0.5 s.
const CONVERGE_ROUNDS_MAX: usize = 100;

/// Reads of a quorum sequence's barrier at most (see `ServerRun::quiesce`).
const QUIESCE_ROUNDS_MAX: usize = 40;
/// Reads in a row that must agree.
const QUIESCE_STABLE: usize = 3;

/// Waits for `count` more deliveries (stream deliveries arrive asynchronously); returns what
/// came within [`STREAM_DELIVERY_WAIT`], so a shortfall shows as a difference. Deliveries
/// beyond the model's count are not waited for: one arriving later shows at a later operation.
async fn wait_for(stream: &mut Consumer, count: usize) -> Result<Vec<Seen>, String> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + STREAM_DELIVERY_WAIT;
    while seen.len() < count {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Some(Ok(delivery))) => seen.push(self::seen(&delivery)),
            Ok(Some(Err(e))) => return Err(format!("consumer: {e}")),
            Ok(None) | Err(_) => break,
        }
    }
    Ok(seen)
}

/// Every delivery already received by a consumer, without waiting for more.
async fn drain(stream: &mut Consumer) -> Result<Vec<Seen>, String> {
    let mut seen = Vec::new();
    loop {
        match poll_once(stream.next()).await {
            Some(Some(Ok(delivery))) => seen.push(self::seen(&delivery)),
            Some(Some(Err(e))) => return Err(format!("consumer: {e}")),
            Some(None) | None => return Ok(seen),
        }
    }
}
