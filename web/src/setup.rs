//! The page's declarative setup: the event-broker scenario and the message-broker spec that
//! the two simulations were built from, the edits the editor makes to them, JSON import and
//! export (one scenario document with both sides), and RabbitMQ definitions.json import. No
//! DOM here: everything is tested natively.
//!
//! An edit never touches a running simulation. It makes a candidate setup, and the candidate
//! is validated by building the simulation it changes (the core's `World::new` and
//! `MessageSide::new` are the validation); only a candidate that builds replaces the old one.
//! So a refused edit leaves everything as it was, and the error is the core's typed one.


use brokerlab_core::message_broker::broker::MessageBroker;
use brokerlab_core::versions::{KafkaVersion, RabbitMqVersion};
use brokerlab_core::message_broker::definitions::DefinitionsError;
use brokerlab_core::world::message::{ConsumerSpec, MessageBrokerSpec, MessageSpecError, PublisherSpec};
use brokerlab_core::world::{GroupSpec, ProducerSpec, ShareGroupSpec, TopicSpec};
use brokerlab_core::{Scenario, ScenarioError};
use serde_json::{Map, Value, json};

use crate::message_act::MessageSim;
use crate::event_act::EventSim;

/// Why an edit or an import was refused. Nothing changed. It says itself from the page's
/// catalogue (`words`: `explain`, and `Display` in English), the core's errors in it from the
/// core's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupError {
    Scenario(ScenarioError),
    Message(MessageSpecError),
    /// definitions.json that is not JSON (serde's message, with line and column).
    DefinitionsJson(String),
    /// definitions.json the broker model refused.
    Definitions(DefinitionsError),
    /// An exchange or queue with this name is already declared.
    Duplicate { what: Entity, name: String },
    /// A remove named something that is not there.
    Missing { what: Entity, name: String },
    /// A definitions file over the size every scenario document is held to.
    TooLarge { bytes: usize, max: usize },
    /// A form field that is not a number, or not JSON where JSON is asked for.
    Field { field: &'static str, problem: String },
}

/// What an edit adds or removes by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Topic,
    Producer,
    Group,
    Exchange,
    Queue,
    Binding,
    Publisher,
    Consumer,
}

/// An exchange as the form gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeForm {
    pub name: String,
    /// `direct`, `fanout`, `topic` or `headers`.
    pub kind: String,
    /// `alternate-exchange`; empty: none.
    pub alternate: String,
    pub durable: bool,
}

/// A binding as the form gives it: exchange → queue (or exchange → exchange).
#[derive(Clone, Debug, PartialEq)]
pub struct BindingForm {
    pub source: String,
    pub destination: String,
    pub to_exchange: bool,
    pub routing_key: String,
    /// Binding arguments (headers exchanges: `x-match` and the header values).
    pub arguments: Map<String, Value>,
}

/// One change to the setup.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    SetBrokers(u32),
    /// The Kafka version the event broker follows (`event_broker.kafka_version`).
    SetKafkaVersion(KafkaVersion),
    /// The RabbitMQ version the message broker follows (`message_broker.rabbitmq_version`).
    SetRabbitMqVersion(RabbitMqVersion),
    /// Nodes in the RabbitMQ cluster (`message_broker.nodes`, R20); the model checks the range.
    SetNodes(u8),
    AddTopic(TopicSpec),
    RemoveTopic(String),
    SetPartitions { topic: String, partitions: u32 },
    AddProducer(ProducerSpec),
    RemoveProducer(String),
    AddGroup(GroupSpec),
    RemoveGroup(String),
    SetMembers { group: String, members: u32 },
    /// A share group (KIP-932; the scenario must name Kafka 4.2).
    AddShareGroup(ShareGroupSpec),
    RemoveShareGroup(String),
    AddExchange(ExchangeForm),
    /// Also removes the bindings from and to it.
    RemoveExchange(String),
    /// Name, durable, `x-` arguments.
    AddQueue { name: String, durable: bool, arguments: Map<String, Value> },
    /// Also removes the bindings to it.
    RemoveQueue(String),
    AddBinding(BindingForm),
    /// By its index in the definitions' `bindings`.
    RemoveBinding(usize),
    AddPublisher(PublisherSpec),
    RemovePublisher(String),
    AddConsumer(ConsumerSpec),
    RemoveConsumer(String),
}

impl Edit {
    /// Whether the edit changes the event-broker side (else the message-broker side).
    pub fn is_event(&self) -> bool {
        matches!(
            self,
            Edit::SetBrokers(_)
                | Edit::SetKafkaVersion(_)
                | Edit::AddTopic(_)
                | Edit::RemoveTopic(_)
                | Edit::SetPartitions { .. }
                | Edit::AddProducer(_)
                | Edit::RemoveProducer(_)
                | Edit::AddGroup(_)
                | Edit::RemoveGroup(_)
                | Edit::SetMembers { .. }
                | Edit::AddShareGroup(_)
                | Edit::RemoveShareGroup(_)
        )
    }
}

/// A simulation built from a validated candidate setup.
#[derive(Debug)]
pub enum Built {
    Event(Box<EventSim>),
    Message(Box<MessageSim>),
}

/// What a definitions.json import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinitionsImport {
    pub exchanges: usize,
    pub queues: usize,
    pub bindings: usize,
    /// Publishers and consumers that named something the new definitions lack: dropped.
    pub dropped_clients: Vec<String>,
    /// What the file held that the model does not act on (users, policies...).
    pub ignored: Vec<String>,
}

/// The two sides' declarative setup.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    /// The event-broker scenario (its `message_broker` is always `None`).
    pub scenario: Scenario,
    pub message: MessageBrokerSpec,
}

impl Setup {
    pub fn new(mut scenario: Scenario, message: MessageBrokerSpec) -> Setup {
        scenario.message_broker = None;
        Setup { scenario, message }
    }

    /// The whole setup as one scenario document (the message side in `message_broker`).
    pub fn document(&self) -> Scenario {
        let mut s = self.scenario.clone();
        s.message_broker = Some(self.message.clone());
        s
    }

    /// Pretty JSON, for the export download.
    pub fn to_json_pretty(&self) -> String {
        self.document().to_json()
    }

    /// Compact JSON, for the share link: the pretty form without its layout, so the page
    /// carries one compiled serializer for scenarios rather than two (about 9 KB of wasm).
    pub fn to_json_compact(&self) -> String {
        minify(&self.to_json_pretty())
    }

    /// Reads a scenario document. Without a `message_broker` block the message side stays
    /// `message_fallback`. Only parses: `build_both` validates.
    pub fn from_json(text: &str, message_fallback: &MessageBrokerSpec) -> Result<Setup, SetupError> {
        let mut scenario = Scenario::from_json(text).map_err(SetupError::Scenario)?;
        let message = scenario.message_broker.take().unwrap_or_else(|| message_fallback.clone());
        Ok(Setup::new(scenario, message))
    }

    pub fn build_event(&self) -> Result<EventSim, SetupError> {
        EventSim::new(&self.scenario).map_err(SetupError::Scenario)
    }

    pub fn build_message(&self) -> Result<MessageSim, SetupError> {
        self.message_sim(&self.message).map_err(SetupError::Message)
    }

    /// A message-side simulation of `spec` that runs as this setup's scenario document says:
    /// with its `link_ms` and `seed`, the ones an export writes, so a `World` built from the
    /// export replays the same message trace. A bare spec (a message lesson, a message-only
    /// link) runs this way too.
    pub fn message_sim(&self, spec: &MessageBrokerSpec) -> Result<MessageSim, MessageSpecError> {
        MessageSim::new(spec, self.scenario.link_ms, self.scenario.seed)
    }

    /// This setup with its event side replaced by `scenario` (an event lesson), the event
    /// simulation built from it and, when the new scenario's `link_ms` or `seed` differ from
    /// the old one's, the message side's simulation built again with them: the message side
    /// always runs with the values an export writes. `Err`: refused, and `self` is untouched.
    pub fn with_event_scenario(&self, scenario: Scenario) -> Result<(Setup, EventSim, Option<MessageSim>), SetupError> {
        let event = EventSim::new(&scenario).map_err(SetupError::Scenario)?;
        let retimed = (scenario.link_ms, scenario.seed) != (self.scenario.link_ms, self.scenario.seed);
        let next = Setup { scenario, ..self.clone() };
        let message = if retimed { Some(next.build_message()?) } else { None };
        Ok((next, event, message))
    }

    /// Both simulations, or the first reason either side is refused.
    pub fn build_both(&self) -> Result<(EventSim, MessageSim), SetupError> {
        Ok((self.build_event()?, self.build_message()?))
    }

    /// The setup with `edit` made, and the simulation of the side it changed, built from it.
    /// `Err`: the edit is refused and `self` is untouched.
    pub fn edited(&self, edit: Edit) -> Result<(Setup, Built), SetupError> {
        let mut next = self.clone();
        let event = edit.is_event();
        next.change(edit)?;
        let built = if event { Built::Event(Box::new(next.build_event()?)) } else { Built::Message(Box::new(next.build_message()?)) };
        Ok((next, built))
    }

    fn change(&mut self, edit: Edit) -> Result<(), SetupError> {
        let eb = &mut self.scenario.event_broker;
        match edit {
            Edit::SetBrokers(n) => eb.brokers = n,
            Edit::SetKafkaVersion(v) => eb.kafka_version = v,
            Edit::SetRabbitMqVersion(v) => self.message.rabbitmq_version = v,
            Edit::SetNodes(n) => self.message.nodes = n,
            Edit::AddTopic(topic) => eb.topics.push(topic),
            Edit::RemoveTopic(name) => remove_named(&mut eb.topics, Entity::Topic, &name, |t| &t.name)?,
            Edit::SetPartitions { topic, partitions } => {
                let t = eb.topics.iter_mut().find(|t| t.name == topic).ok_or(SetupError::Missing { what: Entity::Topic, name: topic })?;
                t.partitions = partitions;
            }
            Edit::AddProducer(p) => eb.producers.push(p),
            Edit::RemoveProducer(name) => remove_named(&mut eb.producers, Entity::Producer, &name, |p| &p.name)?,
            Edit::AddGroup(g) => eb.groups.push(g),
            Edit::AddShareGroup(g) => eb.share_groups.push(g),
            Edit::RemoveShareGroup(name) => remove_named(&mut eb.share_groups, Entity::Group, &name, |g| &g.name)?,
            Edit::RemoveGroup(name) => remove_named(&mut eb.groups, Entity::Group, &name, |g| &g.name)?,
            Edit::SetMembers { group, members } => {
                let g = eb.groups.iter_mut().find(|g| g.name == group).ok_or(SetupError::Missing { what: Entity::Group, name: group })?;
                g.members = members;
            }
            Edit::AddExchange(x) => {
                if self.exchange_names().contains(&x.name) {
                    return Err(SetupError::Duplicate { what: Entity::Exchange, name: x.name });
                }
                let mut arguments = Map::new();
                if !x.alternate.is_empty() {
                    arguments.insert(String::from("alternate-exchange"), Value::String(x.alternate));
                }
                self.list("exchanges").push(json!({
                    "name": x.name, "vhost": "/", "type": x.kind, "durable": x.durable,
                    "auto_delete": false, "internal": false, "arguments": arguments,
                }));
            }
            Edit::RemoveExchange(name) => {
                remove_entry(self.list("exchanges"), Entity::Exchange, &name)?;
                self.list("bindings").retain(|b| {
                    let to_exchange = b["destination_type"] == "exchange";
                    b["source"] != name.as_str() && !(to_exchange && b["destination"] == name.as_str())
                });
            }
            Edit::AddQueue { name, durable, arguments } => {
                if self.queue_names().contains(&name) {
                    return Err(SetupError::Duplicate { what: Entity::Queue, name });
                }
                self.list("queues").push(json!({
                    "name": name, "vhost": "/", "durable": durable, "auto_delete": false, "arguments": arguments,
                }));
            }
            Edit::RemoveQueue(name) => {
                remove_entry(self.list("queues"), Entity::Queue, &name)?;
                self.list("bindings")
                    .retain(|b| !(b["destination_type"] != "exchange" && b["destination"] == name.as_str()));
            }
            Edit::AddBinding(b) => {
                self.list("bindings").push(json!({
                    "source": b.source, "vhost": "/", "destination": b.destination,
                    "destination_type": if b.to_exchange { "exchange" } else { "queue" },
                    "routing_key": b.routing_key, "arguments": b.arguments,
                }));
            }
            Edit::RemoveBinding(index) => {
                let bindings = self.list("bindings");
                if index >= bindings.len() {
                    return Err(SetupError::Missing { what: Entity::Binding, name: index.to_string() });
                }
                bindings.remove(index);
            }
            Edit::AddPublisher(p) => self.message.publishers.push(p),
            Edit::RemovePublisher(name) => remove_named(&mut self.message.publishers, Entity::Publisher, &name, |p| &p.name)?,
            Edit::AddConsumer(c) => self.message.consumers.push(c),
            Edit::RemoveConsumer(name) => remove_named(&mut self.message.consumers, Entity::Consumer, &name, |c| &c.name)?,
        }
        Ok(())
    }

    /// The definitions' list `key` (`exchanges`, `queues`, `bindings`), created if absent.
    fn list(&mut self, key: &str) -> &mut Vec<Value> {
        if !self.message.definitions.is_object() {
            self.message.definitions = Value::Object(Map::new());
        }
        let object = self.message.definitions.as_object_mut().expect("made an object above");
        let entry = object.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
        if !entry.is_array() {
            *entry = Value::Array(Vec::new());
        }
        entry.as_array_mut().expect("made an array above")
    }

    fn entries(&self, key: &str) -> &[Value] {
        self.message.definitions.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    fn names(&self, key: &str) -> Vec<String> {
        self.entries(key).iter().filter_map(|e| e["name"].as_str().map(str::to_string)).collect()
    }

    pub fn exchange_names(&self) -> Vec<String> {
        self.names("exchanges")
    }

    pub fn queue_names(&self) -> Vec<String> {
        self.names("queues")
    }

    /// Exchanges as (name, type, alternate exchange).
    pub fn exchanges(&self) -> Vec<(String, String, Option<String>)> {
        self.entries("exchanges")
            .iter()
            .map(|e| {
                let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
                (s(&e["name"]), s(&e["type"]), e["arguments"]["alternate-exchange"].as_str().map(str::to_string))
            })
            .collect()
    }

    /// Queues as (name, durable, arguments as compact JSON).
    pub fn queues(&self) -> Vec<(String, bool, String)> {
        self.entries("queues")
            .iter()
            .map(|q| {
                let args = q.get("arguments").filter(|a| a.as_object().is_some_and(|o| !o.is_empty()));
                (
                    q["name"].as_str().unwrap_or_default().to_string(),
                    q["durable"].as_bool().unwrap_or(true),
                    args.map_or(String::new(), Value::to_string),
                )
            })
            .collect()
    }

    /// Bindings as (source, destination, routing key, arguments as compact JSON).
    pub fn bindings(&self) -> Vec<(String, String, String, String)> {
        self.entries("bindings")
            .iter()
            .map(|b| {
                let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
                let args = b.get("arguments").filter(|a| a.as_object().is_some_and(|o| !o.is_empty()));
                (s(&b["source"]), s(&b["destination"]), s(&b["routing_key"]), args.map_or(String::new(), Value::to_string))
            })
            .collect()
    }

    /// A RabbitMQ definitions.json (as `rabbitmqctl export_definitions` writes it) becomes the
    /// message side's topology. Publishers and consumers that still find their exchange or
    /// queue stay; the others are dropped and named in the result.
    pub fn with_definitions(&self, text: &str) -> Result<(Setup, MessageSim, DefinitionsImport), SetupError> {
        let max = brokerlab_core::limits::SCENARIO_BYTES_MAX;
        if text.len() > max {
            return Err(SetupError::TooLarge { bytes: text.len(), max });
        }
        let value: Value = serde_json::from_str(text).map_err(|e| SetupError::DefinitionsJson(e.to_string()))?;
        let (broker, imported) = MessageBroker::from_definitions(text).map_err(SetupError::Definitions)?;
        let mut next = self.clone();
        next.message.definitions = value;
        let mut dropped = Vec::new();
        next.message.publishers.retain(|p| {
            let keep = p.exchange.is_empty() || broker.exchange(&p.exchange).is_some();
            if !keep {
                dropped.push(p.name.clone());
            }
            keep
        });
        next.message.consumers.retain(|c| {
            let keep = broker.queue(&c.queue).is_some();
            if !keep {
                dropped.push(c.name.clone());
            }
            keep
        });
        let sim = next.build_message()?;
        let report = DefinitionsImport {
            exchanges: imported.exchanges,
            queues: imported.queues,
            bindings: imported.bindings,
            dropped_clients: dropped,
            ignored: imported.ignored,
        };
        Ok((next, sim, report))
    }
}

fn remove_named<T>(list: &mut Vec<T>, what: Entity, name: &str, key: impl Fn(&T) -> &String) -> Result<(), SetupError> {
    let index = list.iter().position(|x| key(x) == name).ok_or_else(|| SetupError::Missing { what, name: name.to_string() })?;
    list.remove(index);
    Ok(())
}

fn remove_entry(list: &mut Vec<Value>, what: Entity, name: &str) -> Result<(), SetupError> {
    let index = list
        .iter()
        .position(|e| e["name"] == name)
        .ok_or_else(|| SetupError::Missing { what, name: name.to_string() })?;
    list.remove(index);
    Ok(())
}

/// Parses an optional whole number from a form field: empty is `None`.
pub fn optional_number(field: &'static str, text: &str) -> Result<Option<u64>, SetupError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| SetupError::Field { field, problem: format!("{text:?} is not a whole number") })
}

/// Parses a required whole number from a form field.
pub fn number(field: &'static str, text: &str) -> Result<u64, SetupError> {
    optional_number(field, text)?.ok_or(SetupError::Field { field, problem: String::from("a number is needed") })
}

/// Parses a whole number from a form field: empty is `default` (the field's placeholder).
pub fn number_or(field: &'static str, text: &str, default: u64) -> Result<u64, SetupError> {
    Ok(optional_number(field, text)?.unwrap_or(default))
}

/// Parses a JSON object from a form field: empty is an empty object.
pub fn json_object(field: &'static str, text: &str) -> Result<Map<String, Value>, SetupError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(SetupError::Field { field, problem: String::from("must be a JSON object, like {\"region\": \"eu\"}") }),
        Err(e) => Err(SetupError::Field { field, problem: e.to_string() }),
    }
}

/// Comma-separated words, trimmed, empty ones left out.
pub fn words(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Drops the whitespace between the tokens of valid JSON; strings are copied as they are.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[path = "setup_tests.rs"]
mod tests;
