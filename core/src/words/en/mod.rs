//! English: how the core explains itself to a learner, and the `Display` of its errors (the
//! golden traces and the tests compare these texts, so a change here is a change of output).

mod consumer_group;
mod errors;
mod event_broker;
mod message_broker;
mod share;
mod share_events;

use alloc::format;
use alloc::string::String;

use super::Words;
use crate::share::FragmentError;
use crate::event_broker::Offset;
use crate::event_broker::log::AppendError;
use crate::event_broker::share::{ShareConfigError, ShareError};
use crate::message_broker::Error as BrokerError;
use crate::message_broker::definitions::DefinitionsError;
use crate::message_broker::event::EventKind as BrokerEventKind;
use crate::world::message::{MessageCommandError, MessageEventKind, MessageSpecError};
use crate::world::{CommandError, EventKind, ScenarioError};

pub(super) struct En;

impl Words for En {
    fn event(&self, kind: &EventKind) -> String {
        event_broker::event(kind)
    }

    fn message_event(&self, kind: &MessageEventKind) -> String {
        message_broker::message_event(kind)
    }

    fn broker_event(&self, kind: &BrokerEventKind) -> String {
        message_broker::broker_event(kind)
    }

    fn scenario_error(&self, error: &ScenarioError) -> String {
        errors::scenario_error(error)
    }

    fn command_error(&self, error: &CommandError) -> String {
        errors::command_error(error)
    }

    fn message_spec_error(&self, error: &MessageSpecError) -> String {
        errors::message_spec_error(error)
    }

    fn message_command_error(&self, error: &MessageCommandError) -> String {
        errors::message_command_error(error)
    }

    fn broker_error(&self, error: &BrokerError) -> String {
        errors::broker_error(error)
    }

    fn definitions_error(&self, error: &DefinitionsError) -> String {
        errors::definitions_error(error)
    }

    fn append_error(&self, error: &AppendError) -> String {
        errors::append_error(error)
    }

    fn fragment_error(&self, error: &FragmentError) -> String {
        errors::fragment_error(error)
    }

    fn share_error(&self, error: &ShareError) -> String {
        share::share_error(error)
    }

    fn share_config_error(&self, error: &ShareConfigError) -> String {
        share::share_config_error(error)
    }
}

/// "offset 3" or "offsets 3–5" for the half-open range `[from, to)`.
fn offsets(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("offset {from}") } else { format!("offsets {from}–{last}") }
}

#[cfg(test)]
mod tests {
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;

    use crate::event_broker::{BrokerId, Offset, PartitionIndex};
    use crate::message_broker::MessageId;
    use crate::message_broker::event::{Event as MqEvent, EventKind as Mq, Removal};
    use crate::time::SimTime;
    use crate::world::{Event, EventKind};
    use crate::{Lang, Name};

    fn en(kind: EventKind) -> String {
        Event { at: SimTime::ZERO, kind }.explain(Lang::En)
    }

    fn mq(kind: Mq) -> String {
        MqEvent { at: SimTime::ZERO, kind }.explain(Lang::En)
    }

    fn name(s: &str) -> Name {
        Name::from(s)
    }

    #[test]
    fn english_counts_agree_with_their_nouns() {
        let topic = |partitions, replication_factor| EventKind::TopicCreated { topic: name("t"), partitions, replication_factor, replicas: vec![] };
        assert_eq!(en(topic(1, 1)), "topic t is created with 1 partition, 1 replica each");
        assert_eq!(en(topic(3, 2)), "topic t is created with 3 partitions, 2 replicas each");
        let truncated = |removed| EventKind::ReplicaTruncated { topic: name("t"), partition: PartitionIndex(0), broker: BrokerId(1), to: Offset(4), removed };
        assert!(en(truncated(1)).contains("(1 record)"), "{}", en(truncated(1)));
        assert!(en(truncated(2)).contains("(2 records)"), "{}", en(truncated(2)));
        let routed = |queues: Vec<Name>| mq(Mq::MessageRouted { message: MessageId(1), exchange: name("x"), queues });
        assert!(routed(vec![name("a")]).contains("to 1 queue, once each"), "{}", routed(vec![name("a")]));
        assert!(routed(vec![name("a"), name("b")]).contains("to 2 queues, once each"));
        let deleted = |messages| mq(Mq::QueueDeleted { queue: name("q"), why: Removal::Deleted, messages });
        assert!(deleted(1).ends_with("1 message in it is gone"), "{}", deleted(1));
        assert!(deleted(0).ends_with("0 messages in it are gone"), "{}", deleted(0));
        let restarted = mq(Mq::BrokerRestarted { queues_kept: 1, messages_kept: 1, messages_lost: 2 });
        assert_eq!(restarted, "broker restarted: 1 durable queue and 1 persistent message survive, 2 messages lost");
    }
}
