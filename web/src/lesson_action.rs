//! What a lesson step's button does: a command on one of the brokers, or the compare view's
//! shop event. Its own file so the lessons and their checkpoints can both name it.

use brokerlab_core::Command;
use brokerlab_core::versions::KafkaVersion;
use brokerlab_core::world::message::MessageCommand;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Event(Command),
    Message(MessageCommand),
    /// The compare view's shop event, into both brokers.
    Compare(&'static str),
    /// A record from this producer with the key the learner typed in the Key box.
    ProduceTyped(&'static str),
    /// The same scenario under another Kafka version, from time 0 (as the editor's version
    /// form does): a lesson whose point is what changed between versions.
    KafkaVersion(KafkaVersion),
}
