//! Every sentence the core says, in each language it speaks: one catalogue per language
//! (`en/`, `ko/`), each an implementation of `Words`. A catalogue is keyed by typed values,
//! the event kind or the error variant with its fields, never by matching strings, so a
//! language never has to read another's words.
//!
//! A text is looked up as `lang.words().event(&kind)`. Every event and error type has an
//! `explain(lang)` that is one line over that (below), and every core error's `Display` is its
//! English entry. So:
//!
//! - a new event kind or error variant does not compile until each catalogue has words for it
//!   (their matches are exhaustive), and `core/tests/words.rs` checks every variant has a
//!   non-empty text in each language, and Korean that is not the English;
//! - a new language is a folder beside `en/` implementing `Words` (the compiler lists what
//!   is missing), a [`Lang`] variant, and its arm in `Lang::words`: no explanation site
//!   changes.
//!
//! The models do not import this module (they use `Lang` and `count` from `lang.rs`); it
//! imports their types. It knows nothing of the page: UI text is the web crate's.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::event_broker::BrokerId;
use crate::event_broker::log::AppendError;
use crate::event_broker::share::{ShareConfigError, ShareError};
use crate::message_broker::Error as BrokerError;
use crate::message_broker::definitions::DefinitionsError;
use crate::message_broker::event::{Event as BrokerEvent, EventKind as BrokerEventKind};
use crate::share::FragmentError;
use crate::world::message::{MessageCommandError, MessageEvent, MessageEventKind, MessageSpecError};
use crate::world::{CommandError, Event, EventKind, ScenarioError};

pub use crate::lang::{Lang, count, number};

mod en;
mod ko;

/// One language's words for everything the core explains. Each method answers for one typed
/// value, whole: the language decides its own word order, particles and plurals.
pub(crate) trait Words {
    /// The event broker's events and the world's own (`EventKind::Message` answers with
    /// [`Words::message_event`]).
    fn event(&self, kind: &EventKind) -> String;
    /// The message side's events: the clients' hops, and the broker's (with
    /// [`Words::broker_event`]).
    fn message_event(&self, kind: &MessageEventKind) -> String;
    /// The message broker's own events.
    fn broker_event(&self, kind: &BrokerEventKind) -> String;
    fn scenario_error(&self, error: &ScenarioError) -> String;
    fn command_error(&self, error: &CommandError) -> String;
    fn message_spec_error(&self, error: &MessageSpecError) -> String;
    fn message_command_error(&self, error: &MessageCommandError) -> String;
    /// AMQP's reply: code, name and reason.
    fn broker_error(&self, error: &BrokerError) -> String;
    fn definitions_error(&self, error: &DefinitionsError) -> String;
    fn append_error(&self, error: &AppendError) -> String;
    /// Why a share link's fragment is not one this build reads.
    fn fragment_error(&self, error: &FragmentError) -> String;
    /// A share-partition's refusal, with Kafka's error name where Kafka has one.
    fn share_error(&self, error: &ShareError) -> String;
    fn share_config_error(&self, error: &ShareConfigError) -> String;
}

impl Lang {
    /// This language's catalogue: the one place that lists the languages.
    pub(crate) fn words(self) -> &'static dyn Words {
        match self {
            Lang::En => &en::En,
            Lang::Ko => &ko::Ko,
        }
    }
}

impl Event {
    /// One line for a learner: what happened and why.
    pub fn explain(&self, lang: Lang) -> String {
        lang.words().event(&self.kind)
    }
}

impl MessageEvent {
    /// One line for a learner: what happened and why.
    pub fn explain(&self, lang: Lang) -> String {
        lang.words().message_event(&self.kind)
    }
}

impl BrokerEvent {
    /// One line for a learner: what happened and why.
    pub fn explain(&self, lang: Lang) -> String {
        lang.words().broker_event(&self.kind)
    }
}

/// An error's words: `explain(lang)` in any language, and `Display` in English (what tests,
/// the CLI, the JS package and traces read).
macro_rules! error_words {
    ($($error:ty => $words:ident),+ $(,)?) => {$(
        impl $error {
            /// Why it was refused, in `lang`.
            pub fn explain(&self, lang: Lang) -> String {
                lang.words().$words(self)
            }
        }

        impl fmt::Display for $error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&Lang::En.words().$words(self))
            }
        }
    )+};
}

error_words! {
    ScenarioError => scenario_error,
    CommandError => command_error,
    MessageSpecError => message_spec_error,
    MessageCommandError => message_command_error,
    BrokerError => broker_error,
    DefinitionsError => definitions_error,
    AppendError => append_error,
    FragmentError => fragment_error,
    ShareError => share_error,
    ShareConfigError => share_config_error,
}

// Written the same in every language: lists of ids and names, and quoted exchange names.

/// `[1, 2]`.
fn brokers(list: &[BrokerId]) -> String {
    let names: Vec<String> = list.iter().map(|b| format!("{b}")).collect();
    format!("[{}]", names.join(", "))
}

/// `orders/0, orders/1`, or `-` for none.
fn topic_partitions(partitions: &[(crate::Name, u32)]) -> String {
    let list: Vec<String> = partitions.iter().map(|(t, p)| format!("{t}/{p}")).collect();
    if list.is_empty() { String::from("-") } else { list.join(", ") }
}

/// Exchange names quoted, so the default exchange reads as `""`.
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}
