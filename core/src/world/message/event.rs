//! What happens on the message side, as events: the broker's own, and the clients' hops. Their
//! explanations for a learner (`MessageEvent::explain`) are in `crate::words`.

use alloc::vec::Vec;
use serde::Serialize;

use crate::Name;
use crate::message_broker::{Error, MessageId};
use crate::message_broker::event::{Event as BrokerEvent, EventKind as BrokerEventKind};

use super::Settle;
use crate::time::SimTime;
use crate::lang::Lang;

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
    /// `stream`: the delivery came from a stream (R21), where an ack is credit and removes nothing.
    SettleSent { consumer: Name, message: MessageId, settle: Settle, departs: SimTime, arrives: SimTime, stream: bool },
    ConsumerCrashed { consumer: Name, unacked: usize },
    ConsumerRevived { consumer: Name },
    ConsumerPaused { consumer: Name },
    ConsumerResumed { consumer: Name },
    /// The broker refused a publish that arrived (its exchange is gone, or a model limit).
    PublishRefused { publish: u64, publisher: Name, reason: Error },
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
}
