//! RabbitMQ's definitions.json, read and written.
//!
//! Import takes exchanges, queues and bindings of the default virtual host `/` (the model has
//! one virtual host). Everything else in the file (users, vhosts, permissions, policies,
//! parameters, global parameters, other virtual hosts' entities, predeclared `amq.*` exchanges)
//! is read and listed in [`Imported::ignored`], never an error. Import is atomic: on `Err` the
//! broker is as it was. Export writes what import reads, sorted, so a round trip is exact.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{Map, Value};

use super::broker::{ExchangeDeclare, MessageBroker, QueueDeclare};
use super::error::Error;
use super::exchange::{Destination, ExchangeKind};
use super::headers::{HeaderValue, Headers, table_from_json, table_to_json};
use crate::time::SimTime;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub exchanges: usize,
    pub queues: usize,
    pub bindings: usize,
    /// One line per thing read and not modelled, e.g. `users: 2 entries`.
    pub ignored: Vec<String>,
}

/// Why definitions.json was refused; nothing was imported. Struct variants, so a test can name
/// the kind of refusal by its first word (`Json`, `Shape`, `Broker`). Its words (`Display`,
/// `explain`) are in `crate::words`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefinitionsError {
    /// Not JSON, or not a JSON object.
    Json { problem: JsonProblem },
    /// A definition lacks a field or has one of the wrong type.
    Shape { problem: ShapeProblem },
    /// The broker refused a definition (an inequivalent redeclare, a binding to nothing...).
    Broker { what: Definition, error: Error },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonProblem {
    /// serde's message, with line and column.
    Syntax(String),
    /// The top level is valid JSON but not an object.
    NotAnObject,
}

/// Where a definition is not of the shape definitions.json has. `list` is `exchanges`,
/// `queues` or `bindings`; `key` a field of an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeProblem {
    NotAList { list: &'static str },
    EntryNotAnObject { list: &'static str },
    FieldMissing { list: &'static str, key: &'static str },
    FieldNotAString { list: &'static str, key: &'static str },
    FieldNotABoolean { key: &'static str },
    ArgumentsNotAnObject,
    /// A binding's `destination_type` is neither `queue` nor `exchange`.
    DestinationType { found: String },
    RoutingKeyNotAString,
}

/// The definition the broker refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Definition {
    /// Bringing the broker to the import's time, before any definition.
    Time,
    Exchange(String),
    Queue(String),
    Binding { source: String, destination: String, routing_key: String },
}

const DEFAULT_VHOST: &str = "/";

/// Top-level keys that only describe the file.
const METADATA: [&str; 4] = ["rabbit_version", "rabbitmq_version", "product_name", "product_version"];

impl MessageBroker {
    /// A fresh broker holding these definitions.
    pub fn from_definitions(json: &str) -> Result<(MessageBroker, Imported), DefinitionsError> {
        let mut broker = MessageBroker::new();
        let imported = broker.import_definitions(SimTime::ZERO, json)?;
        Ok((broker, imported))
    }

    /// Imports definitions.json: exchanges, then queues, then bindings.
    pub fn import_definitions(&mut self, now: SimTime, json: &str) -> Result<Imported, DefinitionsError> {
        let document: Value =
            serde_json::from_str(json).map_err(|e| DefinitionsError::Json { problem: JsonProblem::Syntax(e.to_string()) })?;
        let Value::Object(document) = document else {
            return Err(DefinitionsError::Json { problem: JsonProblem::NotAnObject });
        };
        let mut next = self.clone();
        next.advance_to(now).map_err(|error| DefinitionsError::Broker { what: Definition::Time, error })?;
        let mut imported = Imported::default();
        for (key, value) in &document {
            if METADATA.contains(&key.as_str()) || matches!(key.as_str(), "exchanges" | "queues" | "bindings") {
                continue;
            }
            let count = match value {
                Value::Array(items) => crate::lang::count(items.len() as u64, "entry", "entries"),
                Value::Object(map) => crate::lang::count(map.len() as u64, "entry", "entries"),
                _ => "1 value".into(),
            };
            imported.ignored.push(format!("{key}: {count}"));
        }
        for exchange in list(&document, "exchanges")? {
            let name = string_field(exchange, "exchanges", "name")?;
            if !in_default_vhost(exchange) {
                imported.ignored.push(format!("exchange {name:?} in another virtual host"));
                continue;
            }
            if name.is_empty() || name.starts_with("amq.") {
                imported.ignored.push(format!("predeclared exchange {name:?}"));
                continue;
            }
            let kind_name = string_field(exchange, "exchanges", "type")?;
            let Some(kind) = ExchangeKind::parse(&kind_name) else {
                imported.ignored.push(format!("exchange {name:?} of unmodelled type {kind_name:?}"));
                continue;
            };
            let declare = ExchangeDeclare {
                name: name.as_str().into(),
                kind,
                passive: false,
                durable: bool_field(exchange, "durable", true)?,
                auto_delete: bool_field(exchange, "auto_delete", false)?,
                internal: bool_field(exchange, "internal", false)?,
                arguments: arguments(exchange)?,
            };
            next.declare_exchange_inner(declare)
                .map_err(|error| DefinitionsError::Broker { what: Definition::Exchange(name.clone()), error })?;
            imported.exchanges += 1;
        }
        for queue in list(&document, "queues")? {
            let name = string_field(queue, "queues", "name")?;
            if !in_default_vhost(queue) {
                imported.ignored.push(format!("queue {name:?} in another virtual host"));
                continue;
            }
            let mut args = arguments(queue)?;
            // Newer exports also say the type beside the arguments.
            if let Some(Value::String(kind)) = queue.get("type") {
                args.entry("x-queue-type".into()).or_insert_with(|| HeaderValue::string(kind));
            }
            let declare = QueueDeclare {
                name: name.as_str().into(),
                passive: false,
                durable: bool_field(queue, "durable", true)?,
                exclusive: false,
                auto_delete: bool_field(queue, "auto_delete", false)?,
                arguments: args,
            };
            next.declare_queue_inner(None, declare)
                .map_err(|error| DefinitionsError::Broker { what: Definition::Queue(name.clone()), error })?;
            imported.queues += 1;
        }
        for binding in list(&document, "bindings")? {
            let source = string_field(binding, "bindings", "source")?;
            let destination = string_field(binding, "bindings", "destination")?;
            if !in_default_vhost(binding) {
                imported.ignored.push(format!("binding {source:?} → {destination:?} in another virtual host"));
                continue;
            }
            let destination = match string_field(binding, "bindings", "destination_type")?.as_str() {
                "queue" => Destination::Queue(destination.as_str().into()),
                "exchange" => Destination::Exchange(destination.as_str().into()),
                other => return Err(shape(ShapeProblem::DestinationType { found: other.to_string() })),
            };
            let routing_key = match binding.get("routing_key") {
                None => String::new(),
                Some(Value::String(key)) => key.clone(),
                Some(_) => return Err(shape(ShapeProblem::RoutingKeyNotAString)),
            };
            let what = Definition::Binding { source: source.clone(), destination: destination.name().to_string(), routing_key: routing_key.clone() };
            next.bind_inner(&source, destination, &routing_key, arguments(binding)?)
                .map_err(|error| DefinitionsError::Broker { what, error })?;
            imported.bindings += 1;
        }
        *self = next;
        Ok(imported)
    }

    /// definitions.json for the model's topology: exchanges (not the predeclared ones),
    /// queues (not exclusive ones, as RabbitMQ does) and bindings, sorted by name.
    pub fn export_definitions(&self) -> Value {
        let exchanges: Vec<Value> = self
            .exchanges()
            .filter(|x| !x.name().is_empty() && !x.name().starts_with("amq."))
            .map(|x| {
                object([
                    ("name", Value::from(&**x.name())),
                    ("vhost", Value::from(DEFAULT_VHOST)),
                    ("type", Value::from(x.kind().as_str())),
                    ("durable", Value::from(x.durable())),
                    ("auto_delete", Value::from(x.auto_delete())),
                    ("internal", Value::from(x.internal())),
                    ("arguments", table_to_json(x.arguments())),
                ])
            })
            .collect();
        let queues: Vec<Value> = self
            .queues()
            .filter(|q| !q.exclusive())
            .map(|q| {
                object([
                    ("name", Value::from(&**q.name())),
                    ("vhost", Value::from(DEFAULT_VHOST)),
                    ("durable", Value::from(q.durable())),
                    ("auto_delete", Value::from(q.auto_delete())),
                    ("arguments", table_to_json(q.raw_arguments())),
                ])
            })
            .collect();
        let bindings: Vec<Value> = self
            .exchanges()
            .filter(|x| !x.is_default())
            .flat_map(|x| x.bindings().iter().map(move |b| (x.name(), b)))
            .filter(|(_, b)| match &b.destination {
                Destination::Queue(name) => self.queue(name).is_some_and(|q| !q.exclusive()),
                Destination::Exchange(_) => true,
            })
            .map(|(source, b)| {
                let (destination_type, destination) = match &b.destination {
                    Destination::Queue(name) => ("queue", name),
                    Destination::Exchange(name) => ("exchange", name),
                };
                object([
                    ("source", Value::from(&**source)),
                    ("vhost", Value::from(DEFAULT_VHOST)),
                    ("destination", Value::from(&**destination)),
                    ("destination_type", Value::from(destination_type)),
                    ("routing_key", Value::from(&*b.routing_key)),
                    ("arguments", table_to_json(&b.arguments)),
                ])
            })
            .collect();
        object([
            ("rabbit_version", Value::from("4.0.0")),
            ("product_name", Value::from("Brokerlab")),
            ("vhosts", Value::Array(alloc::vec![object([("name", Value::from(DEFAULT_VHOST))])])),
            ("exchanges", Value::Array(exchanges)),
            ("queues", Value::Array(queues)),
            ("bindings", Value::Array(bindings)),
        ])
    }
}

fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        map.insert(key.into(), value);
    }
    Value::Object(map)
}

fn list<'a>(document: &'a Map<String, Value>, key: &'static str) -> Result<Vec<&'a Map<String, Value>>, DefinitionsError> {
    match document.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(shape(ShapeProblem::EntryNotAnObject { list: key })),
            })
            .collect(),
        Some(_) => Err(shape(ShapeProblem::NotAList { list: key })),
    }
}

fn shape(problem: ShapeProblem) -> DefinitionsError {
    DefinitionsError::Shape { problem }
}

fn in_default_vhost(entry: &Map<String, Value>) -> bool {
    match entry.get("vhost") {
        None => true,
        Some(Value::String(vhost)) => vhost == DEFAULT_VHOST,
        Some(_) => false,
    }
}

fn string_field(entry: &Map<String, Value>, list: &'static str, key: &'static str) -> Result<String, DefinitionsError> {
    match entry.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(shape(ShapeProblem::FieldNotAString { list, key })),
        None => Err(shape(ShapeProblem::FieldMissing { list, key })),
    }
}

fn bool_field(entry: &Map<String, Value>, key: &'static str, default: bool) -> Result<bool, DefinitionsError> {
    match entry.get(key) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(shape(ShapeProblem::FieldNotABoolean { key })),
    }
}

fn arguments(entry: &Map<String, Value>) -> Result<Headers, DefinitionsError> {
    match entry.get("arguments") {
        None | Some(Value::Null) => Ok(Headers::new()),
        Some(value) => table_from_json(value).ok_or(shape(ShapeProblem::ArgumentsNotAnObject)),
    }
}

/// The name used in messages for a destination.
impl Destination {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Destination::Queue(_) => "queue",
            Destination::Exchange(_) => "exchange",
        }
    }
}
