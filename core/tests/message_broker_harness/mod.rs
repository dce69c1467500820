//! A small harness for the message broker tests: a broker, a clock the test moves, one open
//! channel, and short helpers named after the AMQP methods.

#![allow(dead_code)]

use brokerlab_core::SimTime;
use brokerlab_core::message_broker::broker::{ExchangeDeclare, QueueDeclare};
use brokerlab_core::message_broker::event::EventKind;
use brokerlab_core::message_broker::{
    ChannelId, Consume, DeliveryMode, DeliveryTag, Delivery, Event, ExchangeKind, HeaderValue, Headers,
    MessageBroker, Properties, Publish, Published,
};

pub const CH: ChannelId = ChannelId { connection: 1, number: 1 };
pub const CH2: ChannelId = ChannelId { connection: 1, number: 2 };
pub const OTHER: ChannelId = ChannelId { connection: 2, number: 1 };

pub struct Lab {
    pub broker: MessageBroker,
    pub now: SimTime,
}

impl Lab {
    pub fn new() -> Lab {
        let mut lab = Lab { broker: MessageBroker::new(), now: SimTime::ZERO };
        for channel in [CH, CH2, OTHER] {
            lab.broker.open_channel(lab.now, channel).unwrap();
        }
        lab.drain();
        lab
    }

    /// Moves the clock to `ms` and lets the broker catch up.
    pub fn at(&mut self, ms: u64) -> &mut Lab {
        self.now = SimTime::from_ms(ms);
        self.broker.advance_to(self.now).unwrap();
        self
    }

    pub fn drain(&mut self) -> Vec<Event> {
        core::iter::from_fn(|| self.broker.poll_event()).collect()
    }

    pub fn exchange(&mut self, name: &str, kind: ExchangeKind) {
        self.broker.declare_exchange(self.now, CH, ExchangeDeclare::new(name, kind)).unwrap();
    }

    pub fn exchange_with(&mut self, name: &str, kind: ExchangeKind, arguments: &[(&str, HeaderValue)]) {
        let mut declare = ExchangeDeclare::new(name, kind);
        declare.arguments = table(arguments);
        self.broker.declare_exchange(self.now, CH, declare).unwrap();
    }

    pub fn queue(&mut self, name: &str, arguments: &[(&str, HeaderValue)]) {
        let mut declare = QueueDeclare::new(name);
        declare.arguments = table(arguments);
        self.broker.declare_queue(self.now, CH, declare).unwrap();
    }

    pub fn bind(&mut self, queue: &str, exchange: &str, key: &str) {
        self.broker.bind_queue(self.now, CH, queue, exchange, key, Headers::new()).unwrap();
    }

    pub fn publish(&mut self, exchange: &str, key: &str, body: &str) -> Published {
        self.publish_with(exchange, key, body, Properties::default())
    }

    pub fn publish_with(&mut self, exchange: &str, key: &str, body: &str, properties: Properties) -> Published {
        let publish = Publish {
            exchange: exchange.into(),
            routing_key: key.into(),
            mandatory: false,
            properties,
            body: body.into(),
        };
        self.broker.publish(self.now, CH, publish).unwrap()
    }

    /// Publishes each body to the queue through the default exchange.
    pub fn fill(&mut self, queue: &str, bodies: &[&str]) {
        for body in bodies {
            self.publish("", queue, body);
        }
    }

    pub fn consume(&mut self, channel: ChannelId, queue: &str, tag: &str, no_ack: bool) {
        let consume = Consume { queue: queue.into(), consumer_tag: Some(tag.into()), no_ack, exclusive: false, arguments: Headers::new() };
        self.broker.consume(self.now, channel, consume).unwrap();
    }

    pub fn get(&mut self, queue: &str) -> Option<Delivery> {
        self.broker.get(self.now, CH, queue, false).unwrap()
    }

    pub fn get_body(&mut self, queue: &str) -> Option<String> {
        self.broker.get(self.now, CH, queue, true).unwrap().map(|d| d.message.body.to_string())
    }

    pub fn ack(&mut self, channel: ChannelId, tag: u64) {
        self.broker.ack(self.now, channel, DeliveryTag(tag), false).unwrap();
    }

    pub fn nack(&mut self, channel: ChannelId, tag: u64, requeue: bool) {
        self.broker.nack(self.now, channel, DeliveryTag(tag), false, requeue).unwrap();
    }

    /// Ready bodies of a queue, in delivery order.
    pub fn ready(&self, queue: &str) -> Vec<String> {
        self.broker.queue(queue).unwrap().ready().map(|q| q.message.body.to_string()).collect()
    }

    /// Deliveries among the pending events, as (consumer, body, tag, redelivered).
    pub fn deliveries(&mut self) -> Vec<(String, String, u64, bool)> {
        self.drain()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::MessageDelivered { delivery } => Some((
                    delivery.consumer.as_deref().unwrap_or("get").to_string(),
                    delivery.message.body.to_string(),
                    delivery.delivery_tag.0,
                    delivery.redelivered,
                )),
                _ => None,
            })
            .collect()
    }

    /// The full deliveries among the pending events.
    pub fn delivered(&mut self) -> Vec<Delivery> {
        self.drain()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::MessageDelivered { delivery } => Some(delivery),
                _ => None,
            })
            .collect()
    }

    /// Kind names of the pending events.
    pub fn kinds(&mut self) -> Vec<&'static str> {
        self.drain().iter().map(|e| e.kind_name()).collect()
    }
}

pub fn table(pairs: &[(&str, HeaderValue)]) -> Headers {
    pairs.iter().map(|(k, v)| ((*k).into(), v.clone())).collect()
}

pub fn s(text: &str) -> HeaderValue {
    HeaderValue::string(text)
}

pub fn int(n: i64) -> HeaderValue {
    HeaderValue::Integer(n)
}

pub fn persistent() -> Properties {
    Properties { delivery_mode: DeliveryMode::Persistent, ..Properties::default() }
}

pub fn with_priority(priority: u8) -> Properties {
    Properties { priority: Some(priority), ..Properties::default() }
}

pub fn with_expiration(ms: u64) -> Properties {
    Properties { expiration_ms: Some(ms), ..Properties::default() }
}

pub fn with_headers(pairs: &[(&str, HeaderValue)]) -> Properties {
    Properties { headers: table(pairs), ..Properties::default() }
}
