//! The core's errors in English: each error's `Display`. Tests, the CLI and the JS package
//! read these texts, so they change only on purpose.

use alloc::format;
use alloc::string::String;

use crate::event_broker::log::AppendError;
use crate::lang::{count, number};
use crate::limits::NAME_BYTES_MAX;
use crate::message_broker::definitions::{Definition, DefinitionsError, JsonProblem, ShapeProblem};
use crate::message_broker::{ArgumentProblem, Error, Limit, PRIORITY_MAX, StreamUnsupported};
use crate::share::FragmentError;
use crate::world::message::{Client, ConsumerAction, ConsumerState, MessageCommandError, MessageSpecError};
use crate::world::{Collection, CommandError, Declared, Field, NameProblem, ScenarioError};

pub(super) fn scenario_error(error: &ScenarioError) -> String {
    match error {
        ScenarioError::TooLarge { bytes, max } => format!("the scenario is {bytes} bytes; at most {max} are accepted"),
        ScenarioError::Malformed(message) => format!("the scenario is not valid: {message}"),
        ScenarioError::UnsupportedVersion { found, supported } => format!(
            "the scenario has version {found}, but this build reads version {supported}; it may come from a newer Brokerlab"
        ),
        ScenarioError::InvalidName { what, name, reason } => {
            format!("{} name {name:?} is not allowed: {}", declared(*what), name_problem(*reason))
        }
        ScenarioError::DuplicateName { what, name } => format!("two {}s are named {name:?}", declared(*what)),
        ScenarioError::OutOfRange { field, value, min, max } => {
            format!("{} is {value}; it must be between {min} and {max}", field_words(field))
        }
        ScenarioError::TooMany { what, count, max } => format!("{count} {} given; at most {max} are allowed", collection(*what)),
        ScenarioError::UnknownTopic { by, name, topic } => {
            format!("{} {name:?} names topic {topic:?}, which is not declared", declared(*by))
        }
        ScenarioError::InvalidScript { step, reason } => format!("script step {step}: {}", command_error(reason)),
        ScenarioError::InvalidConfig { topic, property, value, min, max } => {
            format!("topic {topic:?}: {property} is {value}; it must be between {min} and {max}")
        }
        ScenarioError::MessageBroker(error) => format!("message_broker: {}", message_spec_error(error)),
        ScenarioError::UnknownVersion { product, found } => format!(
            "{} is {found:?}, a version this model does not follow; name one of {}",
            product.key(),
            product.supported().join(", ")
        ),
        ScenarioError::ImplicitAcknowledgement { group } => format!(
            "share group {group:?} has acknowledgement_mode implicit, which accepts every record, so its acknowledge must be accept (or use explicit)"
        ),
        ScenarioError::ShareGroupsUnavailable { group, version } => format!(
            "share group {group:?} needs Kafka 4.2: share groups (KIP-932) do not exist in Kafka {} (early access in 4.0, production-ready in 4.2); set event_broker.kafka_version to \"4.2\"",
            version.name()
        ),
        ScenarioError::ConsumerProtocolUnavailable { group, version } => format!(
            "group {group:?} asks for group.protocol=consumer, which Kafka {} does not offer by default (a preview before 4.0, generally available from 4.0); use kafka_version 4.2 or group.protocol classic",
            version.name()
        ),
    }
}

pub(super) fn command_error(error: &CommandError) -> String {
    match error {
        CommandError::UnknownProducer(name) => format!("there is no producer named {name:?}"),
        CommandError::KeyTooLong { bytes, max } => format!("the key is {bytes} bytes; at most {max} are allowed"),
        CommandError::ValueTooLong { bytes, max } => format!("the value is {bytes} bytes; at most {max} are allowed"),
        CommandError::UnknownTopic(name) => format!("there is no topic named {name:?}"),
        CommandError::UnknownPartition { topic, partition } => format!("topic {topic:?} has no partition {partition}"),
        CommandError::TopicExists(name) => format!("topic {name:?} already exists"),
        CommandError::InvalidName { name, reason } => format!("the name {name:?} is not allowed: {}", name_problem(*reason)),
        CommandError::OutOfRange { field, value, min, max } => format!("{field} is {value}; it must be between {min} and {max}"),
        CommandError::NotEnoughBrokers { running, needed } => {
            format!("{needed} replicas need {needed} running brokers; {running} {} running", number(*running, "is", "are"))
        }
        CommandError::UnknownBroker(broker) => format!("there is no broker {broker}"),
        CommandError::BrokerAlreadyStopped(broker) => format!("broker {broker} is already stopped"),
        CommandError::BrokerAlreadyRunning(broker) => format!("broker {broker} is already running"),
        CommandError::ImplicitAcknowledgement { group } => format!("share group {group:?} acknowledges implicitly (share.acknowledgement.mode=implicit): every record is accepted; switch it to explicit to release or reject"),
        CommandError::UnknownGroup(group) => format!("there is no group named {group:?}"),
        CommandError::UnknownMember { group, member } => format!("group {group:?} has no member {member}"),
        // The state's Rust name (`Crashed`), as the text has always shown it.
        CommandError::MemberState { group, member, state } => {
            format!("member {member} of {group:?} is {state:?}; the command does not apply")
        }
        CommandError::DuplicateInstanceId(id) => format!("group.instance.id {id:?} is already used in this group"),
        CommandError::TooManyMembers { max } => format!("a group has at most {max} members"),
        CommandError::TooManyTopics { max } => format!("at most {max} topics are allowed"),
        CommandError::NotOwned { group, member, topic, partition } => {
            format!("member {member} of {group:?} does not own {topic}/{partition}")
        }
        CommandError::GroupNotEmpty(group) => {
            format!("group {group:?} has active members; offsets can only be reset while it is inactive")
        }
        CommandError::PartitionsCannotShrink { current, requested } => format!(
            "the topic has {}; {requested} is not more (partitions can only be added)",
            count(*current, "partition", "partitions")
        ),
        CommandError::NoMessageBroker => String::from("this scenario has no message broker"),
        CommandError::Message(error) => message_command_error(error),
    }
}

pub(super) fn message_command_error(error: &MessageCommandError) -> String {
    match error {
        MessageCommandError::UnknownPublisher(name) => format!("there is no publisher named {name:?}"),
        MessageCommandError::UnknownConsumer(name) => format!("there is no consumer named {name:?}"),
        MessageCommandError::FloodTooLarge { count, max } => format!("a flood of {count} is too large; at most {max}"),
        MessageCommandError::ConsumerState { consumer, state, command } => {
            format!("{consumer} is {}, so it cannot {}", consumer_state(*state), consumer_action(*command))
        }
        MessageCommandError::Broker(error) => format!("the broker refused: {}", broker_error(error)),
    }
}

pub(super) fn message_spec_error(error: &MessageSpecError) -> String {
    match error {
        MessageSpecError::Definitions { error } => format!("message_broker.definitions: {}", definitions_error(error)),
        // Not the definitions: a client's channel or consumer (as the Korean says).
        MessageSpecError::Clients { error } => format!("the broker refused a client's channel or consumer: {}", broker_error(error)),
        MessageSpecError::Nodes { error } => format!("message_broker.nodes: {}", broker_error(error)),
        MessageSpecError::TooMany { count, max } => format!("{count} message-broker clients; at most {max}"),
        MessageSpecError::DuplicateName(name) => format!("two message-broker clients are named {name:?}"),
        MessageSpecError::InvalidName(name) => {
            format!("client name {name:?} must be 1 to {NAME_BYTES_MAX} bytes without control characters")
        }
        MessageSpecError::UnknownQueue { consumer, queue } => {
            format!("consumer {consumer:?} reads queue {queue:?}, which the definitions do not declare")
        }
        MessageSpecError::UnknownExchange { publisher, exchange } => {
            format!("publisher {publisher:?} publishes to exchange {exchange:?}, which the definitions do not declare")
        }
        MessageSpecError::InvalidHeaders { publisher } => format!("publisher {publisher:?}: headers must be a JSON object"),
        MessageSpecError::OutOfRange { client, name, key, value, max } => {
            let client = match client {
                Client::Publisher => "publisher",
                Client::Consumer => "consumer",
            };
            format!("{client} {name:?}: {key} is {value}; at most {max}")
        }
    }
}

/// AMQP's reply: code, name, then the reason as RabbitMQ words it.
pub(super) fn broker_error(error: &Error) -> String {
    let reason = match error {
        Error::ExchangeNotFound(name) => format!("no exchange '{name}'"),
        Error::QueueNotFound(name) => format!("no queue '{name}'"),
        Error::DefaultExchangeAccess => String::from("operation not permitted on the default exchange"),
        Error::ReservedName(name) => format!("name '{name}' is reserved (amq.*)"),
        Error::InternalExchange(name) => format!("cannot publish to internal exchange '{name}'"),
        Error::ExclusiveConsumer(name) => format!("queue '{name}' in exclusive use"),
        Error::ResourceLocked(name) => format!("cannot obtain exclusive access to locked queue '{name}'"),
        Error::ExchangeInequivalent { exchange, field } => format!("inequivalent arg '{field}' for exchange '{exchange}'"),
        Error::QueueInequivalent { queue, field } => format!("inequivalent arg '{field}' for queue '{queue}'"),
        Error::InvalidArgument { name, problem } => format!("invalid arg '{name}': {}", argument_problem(problem)),
        Error::UnknownDeliveryTag(tag) => format!("unknown delivery tag {tag}"),
        Error::InUse(name) => format!("'{name}' in use"),
        Error::NotEmpty(name) => format!("queue '{name}' not empty"),
        Error::ChannelNotOpen(channel) => format!("{channel} is not open"),
        Error::ChannelAlreadyOpen(channel) => format!("{channel} is already open"),
        Error::ConsumerTagInUse(tag) => format!("attempt to reuse consumer tag '{tag}'"),
        Error::NotImplemented(what) => format!("{what} is not modelled"),
        Error::StreamPrefetchRequired(queue) => format!("consumer prefetch count is not set for queue '{queue}' (a stream consumer needs basic.qos first)"),
        Error::StreamUnsupported { queue, what } => format!("{} not supported by stream queues: queue '{queue}'", stream_unsupported(*what)),
        Error::StreamOffsetInvalid { found } => format!("x-stream-offset {found} is not first, last, next, an offset, a timestamp or an interval"),
        Error::TimeWentBackwards { now, requested } => format!("time went backwards: at {now}, asked for {requested}"),
        Error::LimitReached { what, max } => format!("more than {max} {}", limit(*what)),
        Error::QueueDown { queue, node } => format!("home node '{node}' of durable queue '{queue}' is down or inaccessible"),
        Error::QueueUnavailable(queue) => {
            format!("quorum queue '{queue}' has fewer than a majority of its members running: no leader can answer")
        }
        Error::NodeNotFound(node) => format!("the cluster has no node {node}"),
        Error::NodeState { node, running: true } => format!("{node} is already running"),
        Error::NodeState { node, running: false } => format!("{node} is already stopped"),
        Error::LastRunningNode(node) => format!("{node} is the last node running and cannot stop"),
        Error::ClusterSize { nodes, max } => {
            format!("a cluster of {nodes} nodes: it takes 1 to {max}, set before any message is published")
        }
    };
    format!("{} {} - {reason}", error.reply_code(), error.reply_name())
}

pub(super) fn definitions_error(error: &DefinitionsError) -> String {
    match error {
        DefinitionsError::Json { problem: JsonProblem::Syntax(message) } => format!("definitions are not valid JSON: {message}"),
        DefinitionsError::Json { problem: JsonProblem::NotAnObject } => {
            String::from("definitions are not valid JSON: the top level is not an object")
        }
        DefinitionsError::Shape { problem } => format!("definitions: {}", shape_problem(problem)),
        DefinitionsError::Broker { what, error } => format!("definitions: {}: {}", definition(what), broker_error(error)),
    }
}

pub(super) fn append_error(error: &AppendError) -> String {
    match error {
        AppendError::KeylessOnCompacted => String::from("a compacted topic cannot accept a record without a key"),
    }
}

pub(super) fn fragment_error(error: &FragmentError) -> String {
    match error {
        FragmentError::TooLong { chars, max } => format!("the link's scenario is {chars} characters long; at most {max} are accepted"),
        FragmentError::NotAShareLink => String::from("the link does not hold a Brokerlab scenario"),
        FragmentError::FutureVersion { found, supported } => {
            format!("the link was made by a newer Brokerlab (format {found}; this build reads formats up to {supported})")
        }
        FragmentError::BadEncoding => String::from("the link's scenario is damaged (not valid base64url UTF-8)"),
        FragmentError::BadStep => String::from("the link's lesson step is not a number"),
        FragmentError::BadLesson => String::from("the link's lesson name is not valid"),
    }
}

fn declared(what: Declared) -> &'static str {
    match what {
        Declared::Topic => "topic",
        Declared::Producer => "producer",
        Declared::Group => "group",
    }
}

fn collection(what: Collection) -> &'static str {
    match what {
        Collection::Topics => "topics",
        Collection::Producers => "producers",
        Collection::Groups => "groups",
        Collection::ScriptSteps => "script steps",
        Collection::Keys => "keys",
    }
}

fn name_problem(problem: NameProblem) -> String {
    match problem {
        NameProblem::Empty => String::from("it is empty"),
        NameProblem::TooLong => format!("it is longer than {NAME_BYTES_MAX} bytes"),
        NameProblem::ControlCharacter => String::from("it contains a control character"),
    }
}

fn field_words(field: &Field) -> String {
    match field {
        Field::Setting(path) => String::from(*path),
        Field::Of { what, name, key } => format!("{} {name:?}: {key}", declared(*what)),
        Field::KeyBytes { producer } => format!("producer {producer:?}: key bytes"),
        Field::ScriptStepAt { step } => format!("script step {step}: at_ms"),
    }
}

fn consumer_state(state: ConsumerState) -> &'static str {
    match state {
        ConsumerState::Running => "running",
        ConsumerState::Paused => "paused",
        ConsumerState::Down => "down",
    }
}

fn consumer_action(action: ConsumerAction) -> &'static str {
    match action {
        ConsumerAction::CrashOrClose => "crash or close its channel",
        ConsumerAction::Revive => "be revived",
        ConsumerAction::Pause => "pause",
        ConsumerAction::Resume => "resume",
    }
}

fn argument_problem(problem: &ArgumentProblem) -> String {
    match problem {
        ArgumentProblem::QueueType => String::from("must be classic, quorum or stream"),
        ArgumentProblem::Overflow => String::from("must be drop-head, reject-publish or reject-publish-dlx"),
        ArgumentProblem::XMatch { found } => format!("{found} is not all, any, all-with-x or any-with-x"),
        ArgumentProblem::NotPositive => String::from("must be positive"),
        ArgumentProblem::Negative(n) => format!("must not be negative, is {n}"),
        ArgumentProblem::IntegerExpected { found } => format!("must be an integer, is a {found}"),
        ArgumentProblem::StringExpected { found } => format!("must be a string, is a {found}"),
        ArgumentProblem::NotAnInteger => String::from("must be an integer"),
        ArgumentProblem::NotABoolean => String::from("must be a boolean"),
        ArgumentProblem::NotStrings => String::from("must be an array of strings"),
        ArgumentProblem::PriorityTooHigh => format!("must be at most {PRIORITY_MAX}"),
        ArgumentProblem::NeedsDeadLetterExchange => String::from("needs x-dead-letter-exchange"),
        ArgumentProblem::QuorumNotDurable => String::from("quorum queues are always durable"),
        ArgumentProblem::QuorumExclusive => String::from("quorum queues cannot be exclusive"),
        ArgumentProblem::QuorumAutoDelete => String::from("quorum queues cannot be auto-delete"),
        ArgumentProblem::NotForQuorum => String::from("not an argument of queue type rabbit_quorum_queue"),
        ArgumentProblem::DeadLetterStrategy => String::from("must be at-most-once or at-least-once"),
        ArgumentProblem::LeaderLocator => String::from("must be client-local or balanced"),
        ArgumentProblem::GroupSize => String::from("must be a positive integer"),
        ArgumentProblem::StreamArgument => String::from("not accepted by queue type stream"),
        ArgumentProblem::MaxAge => String::from("must be digits and a unit: Y, M, D, h, m or s (for example 7D)"),
        ArgumentProblem::StreamNonDurable => String::from("invalid property 'non-durable': streams are always durable"),
        ArgumentProblem::StreamExclusive => String::from("invalid property 'exclusive-owner': streams cannot be exclusive"),
        ArgumentProblem::StreamAutoDelete => String::from("invalid property 'auto-delete': streams cannot be auto-delete"),
        ArgumentProblem::StreamServerNamed => String::from("a stream cannot have a server-chosen name"),
    }
}

fn stream_unsupported(what: StreamUnsupported) -> &'static str {
    match what {
        StreamUnsupported::AutomaticAcknowledgement => "automatic acknowledgement",
        StreamUnsupported::Get => "basic.get",
        StreamUnsupported::NackOrReject => "basic.nack and basic.reject",
    }
}

fn limit(what: Limit) -> &'static str {
    match what {
        Limit::Channels => "channels",
        Limit::Consumers => "consumers",
        Limit::Exchanges => "exchanges",
        Limit::Queues => "queues",
        Limit::Bindings => "bindings",
        Limit::BodyBytes => "body bytes",
        Limit::MessagesHeld => "messages held",
        Limit::NameBytes => "bytes in a name",
    }
}

fn shape_problem(problem: &ShapeProblem) -> String {
    match problem {
        ShapeProblem::NotAList { list } => format!("{list} is not a list"),
        ShapeProblem::EntryNotAnObject { list } => format!("an entry of {list} is not an object"),
        ShapeProblem::FieldMissing { list, key } => format!("an entry of {list} has no {key}"),
        ShapeProblem::FieldNotAString { list, key } => format!("{key} of an entry of {list} is not a string"),
        ShapeProblem::FieldNotABoolean { key } => format!("{key} is not true or false"),
        ShapeProblem::ArgumentsNotAnObject => String::from("arguments is not an object"),
        ShapeProblem::DestinationType { found } => format!("binding destination_type {found:?} is not queue or exchange"),
        ShapeProblem::RoutingKeyNotAString => String::from("a binding's routing_key is not a string"),
    }
}

fn definition(what: &Definition) -> String {
    match what {
        Definition::Time => String::from("time"),
        Definition::Exchange(name) => format!("exchange {name:?}"),
        Definition::Queue(name) => format!("queue {name:?}"),
        Definition::Binding { source, destination, routing_key } => {
            format!("binding {source:?} → {destination:?} with key {routing_key:?}")
        }
    }
}
