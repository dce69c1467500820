//! Korean (한국어): the same explanations and error texts as `en/`, written for a Korean
//! learner. Names, Kafka and RabbitMQ settings (`acks=all`, `x-max-length`) and JSON keys stay
//! as they are: they are what the learner types and reads in the tools.

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

/// "오프셋 3" or "오프셋 3–5" for the half-open range `[from, to)`.
fn offsets(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("오프셋 {from}") } else { format!("오프셋 {from}–{last}") }
}
