//! What happened in the message broker: every outcome a page animates or a test checks, with
//! the ids and places an animation needs and a one-line explanation in English and Korean.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::message::Delivery;
use super::exchange::ExchangeKind;
use super::message::DeathReason;
use super::{ChannelId, DeliveryTag, MessageId, PublishSequence};
use crate::Name;
use crate::words::{count, number};
use crate::time::SimTime;
use crate::words::Lang;

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at: SimTime,
    pub kind: EventKind,
}

/// Why a queue or an exchange went away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// A client deleted it.
    Deleted,
    /// Auto-delete: its last consumer (queue) or last binding (exchange) went away.
    AutoDelete,
    /// `x-expires`: unused for that long.
    Expired,
    /// Exclusive queue whose connection closed.
    OwnerClosed,
    /// Not durable (or exclusive), so a broker restart lost it.
    Restart,
}

/// Why a message was dropped rather than kept or dead-lettered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// It died (`reason`) and its queue has no dead letter exchange.
    Died(DeathReason),
    /// Its queue's dead letter exchange does not exist.
    DeadLetterExchangeMissing(DeathReason),
    /// Dead-lettering it into this queue would close a loop without a rejection.
    DeadLetterCycle,
    /// The dead letter exchange routed it nowhere.
    DeadLetterUnroutable,
    /// Refused by a full queue (`reject-publish`) while being dead-lettered.
    QueueFull,
    /// Transient message, or queue not durable: lost in a restart.
    Restart,
    /// The model holds `MESSAGES_HELD_MAX` messages already.
    ModelLimit,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    ChannelOpened { channel: ChannelId },
    ChannelClosed { channel: ChannelId },
    ExchangeDeclared { exchange: Name, kind: ExchangeKind },
    ExchangeDeleted { exchange: Name, why: Removal },
    QueueDeclared { queue: Name, durable: bool },
    /// The queue and `messages` it still held are gone (never dead-lettered).
    QueueDeleted { queue: Name, why: Removal, messages: u64 },
    Bound { source: Name, destination: Name, to_exchange: bool, routing_key: Name },
    Unbound { source: Name, destination: Name, to_exchange: bool, routing_key: Name },
    ConsumerStarted { channel: ChannelId, consumer: Name, queue: Name },
    /// `by_broker`: the queue went away under it.
    ConsumerCancelled { channel: ChannelId, consumer: Name, queue: Name, by_broker: bool },
    /// `x-single-active-consumer`: this consumer now receives the queue's messages.
    SingleActiveConsumer { queue: Name, channel: ChannelId, consumer: Name },
    MessagePublished { message: MessageId, channel: ChannelId, exchange: Name, routing_key: Name },
    /// An exchange routed nothing itself and handed the message to its alternate exchange.
    AlternateExchangeUsed { message: MessageId, exchange: Name, alternate: Name },
    /// The set of queues a publish (or a dead-lettering) reached, each once (R6).
    MessageRouted { message: MessageId, exchange: Name, queues: Vec<Name> },
    MessageEnqueued { message: MessageId, queue: Name, ready: usize },
    /// No queue took it and it was not mandatory: dropped.
    MessageUnroutable { message: MessageId, exchange: Name, routing_key: Name },
    /// `basic.return` 312 NO_ROUTE to the publisher (mandatory, no queue).
    MessageReturned { message: MessageId, channel: ChannelId, exchange: Name, routing_key: Name },
    /// A full queue refused it (`reject-publish`, `reject-publish-dlx`).
    PublishRejected { message: MessageId, queue: Name },
    /// Publisher confirm: `ack = false` is a `basic.nack`.
    PublishConfirmed { channel: ChannelId, sequence: PublishSequence, message: MessageId, ack: bool },
    MessageDelivered { delivery: Delivery },
    MessageAcked { message: MessageId, queue: Name, channel: ChannelId, delivery_tag: DeliveryTag },
    MessageRequeued { message: MessageId, queue: Name, channel: ChannelId, delivery_tag: DeliveryTag },
    MessageDeadLettered {
        message: MessageId,
        queue: Name,
        reason: DeathReason,
        dead_letter_exchange: Name,
        routing_keys: Vec<Name>,
    },
    MessageDropped { message: MessageId, queue: Name, why: DropReason },
    BrokerRestarted { queues_kept: usize, messages_kept: u64, messages_lost: u64 },
}

impl Event {
    /// A short name of the event's kind, for filters and styling.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            EventKind::ChannelOpened { .. } => "channel_opened",
            EventKind::ChannelClosed { .. } => "channel_closed",
            EventKind::ExchangeDeclared { .. } => "exchange_declared",
            EventKind::ExchangeDeleted { .. } => "exchange_deleted",
            EventKind::QueueDeclared { .. } => "queue_declared",
            EventKind::QueueDeleted { .. } => "queue_deleted",
            EventKind::Bound { .. } => "bound",
            EventKind::Unbound { .. } => "unbound",
            EventKind::ConsumerStarted { .. } => "consumer_started",
            EventKind::ConsumerCancelled { .. } => "consumer_cancelled",
            EventKind::SingleActiveConsumer { .. } => "single_active_consumer",
            EventKind::MessagePublished { .. } => "message_published",
            EventKind::AlternateExchangeUsed { .. } => "alternate_exchange_used",
            EventKind::MessageRouted { .. } => "message_routed",
            EventKind::MessageEnqueued { .. } => "message_enqueued",
            EventKind::MessageUnroutable { .. } => "message_unroutable",
            EventKind::MessageReturned { .. } => "message_returned",
            EventKind::PublishRejected { .. } => "publish_rejected",
            EventKind::PublishConfirmed { .. } => "publish_confirmed",
            EventKind::MessageDelivered { .. } => "message_delivered",
            EventKind::MessageAcked { .. } => "message_acked",
            EventKind::MessageRequeued { .. } => "message_requeued",
            EventKind::MessageDeadLettered { .. } => "message_dead_lettered",
            EventKind::MessageDropped { .. } => "message_dropped",
            EventKind::BrokerRestarted { .. } => "broker_restarted",
        }
    }

    /// One line for a learner: what happened and why.
    pub fn explain(&self, lang: Lang) -> String {
        use EventKind::*;
        let en = lang == Lang::En;
        match &self.kind {
            ChannelOpened { channel } => pick(en, format!("{channel} opened"), format!("{channel} 열림")),
            ChannelClosed { channel } => pick(
                en,
                format!("{channel} closed: its unacked messages go back to their queues"),
                format!("{channel} 닫힘: 확인되지 않은 메시지는 큐로 돌아갑니다"),
            ),
            ExchangeDeclared { exchange, kind } => pick(
                en,
                format!("{} exchange {} declared", kind.as_str(), quoted(exchange)),
                format!("{} 익스체인지 {} 선언", kind.as_str(), quoted(exchange)),
            ),
            ExchangeDeleted { exchange, why } => pick(
                en,
                format!("exchange {} deleted ({})", quoted(exchange), removal(*why, true)),
                format!("익스체인지 {} 삭제 ({})", quoted(exchange), removal(*why, false)),
            ),
            QueueDeclared { queue, durable } => {
                let (d_en, d_ko) = if *durable { ("durable", "내구성") } else { ("transient", "임시") };
                pick(en, format!("{d_en} queue {queue} declared"), format!("{d_ko} 큐 {queue} 선언"))
            }
            QueueDeleted { queue, why, messages } => pick(
                en,
                format!("queue {queue} deleted ({}); {} in it {} gone", removal(*why, true), count(*messages, "message", "messages"), number(*messages, "is", "are")),
                format!("큐 {queue} 삭제 ({}); 남은 메시지 {messages}개는 사라집니다", removal(*why, false)),
            ),
            Bound { source, destination, to_exchange, routing_key } => {
                let what = if *to_exchange { "exchange" } else { "queue" };
                pick(
                    en,
                    format!("{what} {destination} bound to {} with key {}", quoted(source), quoted(routing_key)),
                    format!("{destination}을(를) 키 {}로 {}에 바인딩", quoted(routing_key), quoted(source)),
                )
            }
            Unbound { source, destination, routing_key, .. } => pick(
                en,
                format!("binding {} → {destination} with key {} removed", quoted(source), quoted(routing_key)),
                format!("바인딩 {} → {destination} (키 {}) 제거", quoted(source), quoted(routing_key)),
            ),
            ConsumerStarted { consumer, queue, .. } => pick(
                en,
                format!("consumer {consumer} subscribes to {queue}"),
                format!("컨슈머 {consumer}이(가) {queue}를 구독합니다"),
            ),
            ConsumerCancelled { consumer, queue, by_broker, .. } => {
                if *by_broker {
                    pick(
                        en,
                        format!("consumer {consumer} cancelled by the broker: {queue} is gone"),
                        format!("{queue}가 사라져 브로커가 컨슈머 {consumer}을(를) 취소했습니다"),
                    )
                } else {
                    pick(
                        en,
                        format!("consumer {consumer} stops consuming {queue}"),
                        format!("컨슈머 {consumer}이(가) {queue} 구독을 취소합니다"),
                    )
                }
            }
            SingleActiveConsumer { queue, consumer, .. } => pick(
                en,
                format!("{consumer} is now the single active consumer of {queue}"),
                format!("{consumer}이(가) 이제 {queue}의 단일 활성 컨슈머입니다"),
            ),
            MessagePublished { message, exchange, routing_key, .. } => pick(
                en,
                format!("{message} published to {} with routing key {}", quoted(exchange), quoted(routing_key)),
                format!("{message}이(가) 라우팅 키 {}로 {}에 발행됨", quoted(routing_key), quoted(exchange)),
            ),
            AlternateExchangeUsed { message, exchange, alternate } => pick(
                en,
                format!("no binding of {} matches {message}: it goes to the alternate exchange {}", quoted(exchange), quoted(alternate)),
                format!("{}의 바인딩이 {message}와 맞지 않아 대체 익스체인지 {}로 갑니다", quoted(exchange), quoted(alternate)),
            ),
            MessageRouted { message, exchange, queues } => {
                let list = queues.iter().map(|q| &**q).collect::<Vec<_>>().join(", ");
                pick(
                    en,
                    format!("{} routes {message} to {}, once each: {list}", quoted(exchange), count(queues.len() as u64, "queue", "queues")),
                    format!("{}가 {message}를 큐 {}개에 한 번씩 라우팅: {list}", quoted(exchange), queues.len()),
                )
            }
            MessageEnqueued { message, queue, ready } => pick(
                en,
                format!("{message} waits in {queue} ({ready} ready)"),
                format!("{message}이(가) {queue}에서 대기 (준비 {ready}개)"),
            ),
            MessageUnroutable { message, exchange, routing_key } => pick(
                en,
                format!("{message}: no queue is bound to {} for key {}, so it is dropped", quoted(exchange), quoted(routing_key)),
                format!("{message}: 키 {}에 맞는 큐가 {}에 없어 버려집니다", quoted(routing_key), quoted(exchange)),
            ),
            MessageReturned { message, exchange, routing_key, .. } => pick(
                en,
                format!("{message} is mandatory and no queue matched {} on {}: returned (312 NO_ROUTE)", quoted(routing_key), quoted(exchange)),
                format!("{message}은(는) mandatory인데 {}의 {}에 맞는 큐가 없어 반송됩니다 (312 NO_ROUTE)", quoted(exchange), quoted(routing_key)),
            ),
            PublishRejected { message, queue } => pick(
                en,
                format!("{queue} is full (reject-publish): {message} refused"),
                format!("{queue}가 가득 차서(reject-publish) {message}를 거부합니다"),
            ),
            PublishConfirmed { sequence, message, ack, .. } => {
                if *ack {
                    pick(
                        en,
                        format!("publisher confirm: ack for {message} (#{})", sequence.0),
                        format!("발행 확인: {message} (#{}) ack", sequence.0),
                    )
                } else {
                    pick(
                        en,
                        format!("publisher confirm: nack for {message} (#{}): a queue refused it", sequence.0),
                        format!("발행 확인: {message} (#{}) nack, 큐가 거부했습니다", sequence.0),
                    )
                }
            }
            MessageDelivered { delivery } => {
                let m = delivery.message.id;
                let q = &delivery.queue;
                let tag = delivery.delivery_tag;
                let (again_en, again_ko) = if delivery.redelivered { (" again (redelivered)", " 재전달") } else { ("", "") };
                match &delivery.consumer {
                    Some(consumer) => pick(
                        en,
                        format!("{q} delivers {m} to {consumer}{again_en}, delivery tag {tag}"),
                        format!("{q}가 {m}를 {consumer}에게{again_ko} 전달, 전달 태그 {tag}"),
                    ),
                    None => pick(
                        en,
                        format!("basic.get takes {m} from {q}{again_en}, delivery tag {tag}"),
                        format!("basic.get이 {q}에서 {m}를{again_ko} 가져감, 전달 태그 {tag}"),
                    ),
                }
            }
            MessageAcked { message, queue, .. } => pick(
                en,
                format!("{message} acknowledged: {queue} forgets it"),
                format!("{message} 확인(ack): {queue}가 메시지를 지웁니다"),
            ),
            MessageRequeued { message, queue, .. } => pick(
                en,
                format!("{message} goes back to its place in {queue}, marked redelivered"),
                format!("{message}이(가) {queue}의 원래 자리로 돌아갑니다 (재전달 표시)"),
            ),
            MessageDeadLettered { message, queue, reason, dead_letter_exchange, .. } => pick(
                en,
                format!("{message} dead-lettered from {queue} ({}) to exchange {}", reason.as_str(), quoted(dead_letter_exchange)),
                format!("{message}이(가) {queue}에서 데드레터 처리됨 ({}) → 익스체인지 {}", reason.as_str(), quoted(dead_letter_exchange)),
            ),
            MessageDropped { message, queue, why } => {
                let (why_en, why_ko) = match why {
                    DropReason::Died(reason) => (format!("{} and no dead letter exchange", reason.as_str()), format!("{}, 데드레터 익스체인지 없음", reason.as_str())),
                    DropReason::DeadLetterExchangeMissing(reason) => (
                        format!("{}, but the dead letter exchange does not exist", reason.as_str()),
                        format!("{}, 데드레터 익스체인지가 존재하지 않음", reason.as_str()),
                    ),
                    DropReason::DeadLetterCycle => ("a dead-letter cycle with no rejection".into(), "거부 없는 데드레터 순환".into()),
                    DropReason::DeadLetterUnroutable => ("the dead letter exchange routes it nowhere".into(), "데드레터 익스체인지가 라우팅하지 못함".into()),
                    DropReason::QueueFull => ("the queue is full".into(), "큐가 가득 참".into()),
                    DropReason::Restart => ("lost in the restart (transient)".into(), "재시작으로 유실 (비영속)".into()),
                    DropReason::ModelLimit => ("the model holds as many messages as it can".into(), "모델의 메시지 한도 도달".into()),
                };
                pick(en, format!("{message} dropped from {queue}: {why_en}"), format!("{message}이(가) {queue}에서 버려짐: {why_ko}"))
            }
            BrokerRestarted { queues_kept, messages_kept, messages_lost } => pick(
                en,
                format!(
                    "broker restarted: {} and {} survive, {} lost",
                    count(*queues_kept as u64, "durable queue", "durable queues"),
                    count(*messages_kept, "persistent message", "persistent messages"),
                    count(*messages_lost, "message", "messages")
                ),
                format!("브로커 재시작: 내구성 큐 {queues_kept}개와 영속 메시지 {messages_kept}개 유지, {messages_lost}개 유실"),
            ),
        }
    }
}

fn pick(en: bool, english: String, korean: String) -> String {
    if en { english } else { korean }
}

/// Exchange names quoted, so the default exchange reads as `""`.
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

fn removal(why: Removal, en: bool) -> &'static str {
    match (why, en) {
        (Removal::Deleted, true) => "deleted by a client",
        (Removal::Deleted, false) => "클라이언트가 삭제",
        (Removal::AutoDelete, true) => "auto-delete",
        (Removal::AutoDelete, false) => "자동 삭제",
        (Removal::Expired, true) => "unused past x-expires",
        (Removal::Expired, false) => "x-expires 동안 미사용",
        (Removal::OwnerClosed, true) => "its exclusive connection closed",
        (Removal::OwnerClosed, false) => "독점 연결이 닫힘",
        (Removal::Restart, true) => "not durable, lost in a restart",
        (Removal::Restart, false) => "비내구성, 재시작으로 유실",
    }
}
