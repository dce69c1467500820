//! Korean (한국어): the same explanations and error texts as `en/`, written for a Korean
//! learner. Names, Kafka and RabbitMQ settings (`acks=all`, `x-max-length`) and JSON keys stay
//! as they are: they are what the learner types and reads in the tools.

mod event_broker;
mod message_broker;

use alloc::format;
use alloc::string::String;

use super::Words;
use crate::event_broker::Offset;
use crate::message_broker::event::EventKind as BrokerEventKind;
use crate::world::EventKind;
use crate::world::message::MessageEventKind;

pub(super) struct Ko;

impl Words for Ko {
    fn event(&self, kind: &EventKind) -> String {
        event_broker::event(kind)
    }

    fn message_event(&self, kind: &MessageEventKind) -> String {
        message_broker::message_event(kind)
    }

    fn broker_event(&self, kind: &BrokerEventKind) -> String {
        message_broker::broker_event(kind)
    }
}

/// "오프셋 3" or "오프셋 3–5" for the half-open range `[from, to)`.
fn offsets(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("오프셋 {from}") } else { format!("오프셋 {from}–{last}") }
}
