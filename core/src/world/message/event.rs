//! What happens on the message side, as events: the broker's own, and the clients' hops, each
//! explained in English and Korean.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use crate::Name;
use crate::message_broker::MessageId;
use crate::message_broker::event::{Event as BrokerEvent, EventKind as BrokerEventKind};

use super::Settle;
use crate::time::SimTime;
use crate::words::Lang;

/// What happened on the message side: the broker's own events, and the clients' hops.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageEvent {
    pub at: SimTime,
    pub kind: MessageEventKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MessageEventKind {
    /// Inside the broker (routing, enqueue, delivery, ack, dead-lettering, …).
    Broker(BrokerEventKind),
    /// A publisher sent a message; it reaches the exchange at `arrives`.
    PublishSent { publish: u64, publisher: Name, exchange: Name, routing_key: Name, departs: SimTime, arrives: SimTime },
    /// The broker took the publish: `message` is its id from now on.
    PublishArrived { publish: u64, message: MessageId, queues: Vec<Name>, returned: bool },
    /// A delivery travels to its consumer.
    DeliverySent { consumer: Name, message: MessageId, queue: Name, redelivered: bool, departs: SimTime, arrives: SimTime },
    /// The consumer starts processing a message; done at `until`.
    ProcessingStarted { consumer: Name, message: MessageId, until: SimTime },
    /// The consumer's ack, nack or reject travels back to the broker.
    SettleSent { consumer: Name, message: MessageId, settle: Settle, departs: SimTime, arrives: SimTime },
    ConsumerCrashed { consumer: Name, unacked: usize },
    ConsumerRevived { consumer: Name },
    ConsumerPaused { consumer: Name },
    ConsumerResumed { consumer: Name },
    /// The broker refused a publish that arrived (its exchange is gone, or a model limit).
    PublishRefused { publish: u64, publisher: Name, reason: Name },
}

/// In a world trace: its kind name and its English explanation (deterministic text).
impl Serialize for MessageEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("MessageEvent", 2)?;
        state.serialize_field("event", self.kind_name())?;
        state.serialize_field("text", &self.explain(Lang::En))?;
        state.end()
    }
}

impl MessageEvent {
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            MessageEventKind::Broker(kind) => BrokerEvent { at: self.at, kind: kind.clone() }.kind_name(),
            MessageEventKind::PublishSent { .. } => "publish_sent",
            MessageEventKind::PublishArrived { .. } => "publish_arrived",
            MessageEventKind::DeliverySent { .. } => "delivery_sent",
            MessageEventKind::ProcessingStarted { .. } => "processing_started",
            MessageEventKind::SettleSent { .. } => "settle_sent",
            MessageEventKind::ConsumerCrashed { .. } => "consumer_crashed",
            MessageEventKind::ConsumerRevived { .. } => "consumer_revived",
            MessageEventKind::ConsumerPaused { .. } => "consumer_paused",
            MessageEventKind::ConsumerResumed { .. } => "consumer_resumed",
            MessageEventKind::PublishRefused { .. } => "publish_refused",
        }
    }

    pub fn explain(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let pick = |a: String, b: String| if en { a } else { b };
        match &self.kind {
            MessageEventKind::Broker(kind) => BrokerEvent { at: self.at, kind: kind.clone() }.explain(lang),
            MessageEventKind::PublishSent { publisher, exchange, routing_key, .. } => {
                let x = if exchange.is_empty() { String::from("the default exchange") } else { format!("exchange {exchange}") };
                let x_ko = if exchange.is_empty() { String::from("기본 익스체인지") } else { format!("익스체인지 {exchange}") };
                pick(
                    format!("{publisher} publishes to {x} with routing key {routing_key:?}"),
                    format!("{publisher}이(가) 라우팅 키 {routing_key:?}로 {x_ko}에 발행합니다"),
                )
            }
            MessageEventKind::PublishArrived { message, queues, returned, .. } => {
                let list = if queues.is_empty() { String::from("-") } else { queues.join(", ") };
                match (returned, queues.is_empty()) {
                    (true, _) => pick(
                        format!("{message} matched no queue and was mandatory, so it is returned to the publisher"),
                        format!("{message}은(는) 맞는 큐가 없고 mandatory라서 발행자에게 반환됩니다"),
                    ),
                    (false, true) => pick(
                        format!("{message} matched no binding: with no alternate exchange it is dropped"),
                        format!("{message}은(는) 맞는 바인딩이 없어 (대체 익스체인지가 없으므로) 버려집니다"),
                    ),
                    (false, false) => pick(
                        format!("{message} arrives and is routed to {list}: one copy per queue"),
                        format!("{message}이(가) 도착해 {list}(으)로 라우팅됩니다: 큐마다 한 부씩"),
                    ),
                }
            }
            MessageEventKind::DeliverySent { consumer, message, queue, redelivered, .. } => {
                let again = if *redelivered { " again (redelivered)" } else { "" };
                let again_ko = if *redelivered { " 다시 (재전달)" } else { "" };
                pick(
                    format!("{queue} hands {message}{again} to {consumer}, the next consumer with room in its prefetch window"),
                    format!("{queue}이(가) {message}을(를){again_ko} 프리페치 여유가 있는 다음 컨슈머 {consumer}에게 넘깁니다"),
                )
            }
            MessageEventKind::ProcessingStarted { consumer, message, .. } => pick(
                format!("{consumer} starts working on {message}"),
                format!("{consumer}이(가) {message} 작업을 시작합니다"),
            ),
            MessageEventKind::SettleSent { consumer, message, settle, .. } => match settle {
                Settle::Ack => pick(
                    format!("{consumer} acks {message}: the broker will forget it"),
                    format!("{consumer}이(가) {message}을(를) ack합니다: 브로커는 이 메시지를 잊습니다"),
                ),
                Settle::NackRequeue => pick(
                    format!("{consumer} failed on {message} and nacks it with requeue: it goes back to its place"),
                    format!("{consumer}이(가) {message} 처리에 실패해 requeue로 nack합니다: 원래 자리로 돌아갑니다"),
                ),
                Settle::Reject => pick(
                    format!("{consumer} rejects {message} without requeue: dead-lettered if the queue has a DLX"),
                    format!("{consumer}이(가) {message}을(를) requeue 없이 거부합니다: 큐에 DLX가 있으면 데드레터로 갑니다"),
                ),
            },
            MessageEventKind::ConsumerCrashed { consumer, unacked } => pick(
                format!(
                    "{consumer} crashed: its channel closes and its {} {} back to the queue",
                    crate::words::count(*unacked as u64, "unacked message", "unacked messages"),
                    crate::words::number(*unacked as u64, "goes", "go")
                ),
                format!("{consumer}이(가) 죽었습니다: 채널이 닫히고 확인되지 않은 메시지 {unacked}개가 큐로 돌아갑니다"),
            ),
            MessageEventKind::ConsumerRevived { consumer } => pick(
                format!("{consumer} is back on a new channel"),
                format!("{consumer}이(가) 새 채널로 돌아왔습니다"),
            ),
            MessageEventKind::ConsumerPaused { consumer } => pick(
                format!("{consumer} stops working: it keeps its unacked messages, so nothing more is delivered to it"),
                format!("{consumer}이(가) 멈췄습니다: 확인되지 않은 메시지를 쥐고 있어 더는 전달되지 않습니다"),
            ),
            MessageEventKind::PublishRefused { publisher, reason, .. } => pick(
                format!("the broker refuses {publisher}'s message: {reason}"),
                format!("브로커가 {publisher}의 메시지를 거부합니다: {reason}"),
            ),
            MessageEventKind::ConsumerResumed { consumer } => {
                pick(format!("{consumer} resumes work"), format!("{consumer}이(가) 다시 일합니다"))
            }
        }
    }
}

