//! Exchanges and their bindings (R1–R7): which destinations one exchange picks for a message.
//!
//! An exchange answers only for its own bindings; following exchange-to-exchange bindings,
//! alternate exchanges and de-duplicating queues is the broker's job (`broker.rs`), as in
//! RabbitMQ's `rabbit_exchange:route`.

use alloc::collections::BTreeSet;

use super::headers::{Headers, headers_match};
use super::topic::TopicTrie;
use crate::Name;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExchangeKind {
    Direct,
    Fanout,
    Topic,
    Headers,
}

impl ExchangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeKind::Direct => "direct",
            ExchangeKind::Fanout => "fanout",
            ExchangeKind::Topic => "topic",
            ExchangeKind::Headers => "headers",
        }
    }

    pub fn parse(text: &str) -> Option<ExchangeKind> {
        match text {
            "direct" => Some(ExchangeKind::Direct),
            "fanout" => Some(ExchangeKind::Fanout),
            "topic" => Some(ExchangeKind::Topic),
            "headers" => Some(ExchangeKind::Headers),
            _ => None,
        }
    }
}

/// Where a binding leads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Destination {
    Queue(Name),
    Exchange(Name),
}

impl Destination {
    pub fn name(&self) -> &Name {
        match self {
            Destination::Queue(name) | Destination::Exchange(name) => name,
        }
    }
}

/// A binding from its exchange. Two bindings are the same binding when key, destination and
/// arguments are all equal; binding again is a no-op.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Binding {
    pub routing_key: Name,
    pub destination: Destination,
    pub arguments: Headers,
}

#[derive(Clone, Debug)]
pub struct Exchange {
    pub(crate) name: Name,
    pub(crate) kind: ExchangeKind,
    pub(crate) durable: bool,
    pub(crate) auto_delete: bool,
    pub(crate) internal: bool,
    pub(crate) arguments: Headers,
    pub(crate) bindings: BTreeSet<Binding>,
    /// Topic exchanges only: the binding keys, so routing walks one trie rather than every
    /// binding.
    pub(crate) trie: Option<TopicTrie<Destination>>,
}

impl Exchange {
    pub(crate) fn new(
        name: Name,
        kind: ExchangeKind,
        durable: bool,
        auto_delete: bool,
        internal: bool,
        arguments: Headers,
    ) -> Exchange {
        let trie = (kind == ExchangeKind::Topic).then(TopicTrie::new);
        Exchange { name, kind, durable, auto_delete, internal, arguments, bindings: BTreeSet::new(), trie }
    }

    pub fn name(&self) -> &Name {
        &self.name
    }
    pub fn kind(&self) -> ExchangeKind {
        self.kind
    }
    pub fn durable(&self) -> bool {
        self.durable
    }
    pub fn auto_delete(&self) -> bool {
        self.auto_delete
    }
    pub fn internal(&self) -> bool {
        self.internal
    }
    pub fn arguments(&self) -> &Headers {
        &self.arguments
    }
    pub fn bindings(&self) -> &BTreeSet<Binding> {
        &self.bindings
    }

    /// `alternate-exchange` (R7): where messages go that this exchange's bindings do not route.
    pub fn alternate_exchange(&self) -> Option<&str> {
        self.arguments.get("alternate-exchange").and_then(|v| v.as_str())
    }

    /// Whether this is the default exchange `""`, which routes by queue name and has no
    /// bindings of its own.
    pub fn is_default(&self) -> bool {
        self.name.is_empty()
    }

    pub(crate) fn add_binding(&mut self, binding: Binding) -> bool {
        if self.bindings.contains(&binding) {
            return false;
        }
        if let Some(trie) = &mut self.trie {
            trie.insert(&binding.routing_key, binding.destination.clone());
        }
        self.bindings.insert(binding);
        true
    }

    pub(crate) fn remove_binding(&mut self, binding: &Binding) -> bool {
        if !self.bindings.remove(binding) {
            return false;
        }
        if let Some(trie) = &mut self.trie {
            trie.remove(&binding.routing_key, &binding.destination);
        }
        true
    }

    /// The destinations this exchange's own bindings pick for a message with these routing
    /// keys (the routing key, then `CC` and `BCC`) and headers. The default exchange is the
    /// broker's business.
    pub(crate) fn destinations(&self, routing_keys: &[Name], headers: &Headers) -> BTreeSet<Destination> {
        let mut found = BTreeSet::new();
        match self.kind {
            ExchangeKind::Fanout => found.extend(self.bindings.iter().map(|b| b.destination.clone())),
            ExchangeKind::Direct => {
                for key in routing_keys {
                    // Bindings sort by key first, so one key's bindings are one range.
                    let from = Binding { routing_key: key.clone(), destination: Destination::Queue("".into()), arguments: Headers::new() };
                    found.extend(
                        self.bindings
                            .range(from..)
                            .take_while(|b| b.routing_key == *key)
                            .map(|b| b.destination.clone()),
                    );
                }
            }
            ExchangeKind::Topic => {
                if let Some(trie) = &self.trie {
                    for key in routing_keys {
                        found.extend(trie.matches(key));
                    }
                }
            }
            ExchangeKind::Headers => found.extend(
                self.bindings.iter().filter(|b| headers_match(&b.arguments, headers)).map(|b| b.destination.clone()),
            ),
        }
        found
    }
}
