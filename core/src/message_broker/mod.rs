//! The message broker: a model of RabbitMQ (AMQP 0-9-1).
//!
//! Owns exchanges, bindings, queues and their messages, consumers and their unacked
//! deliveries. It knows nothing of simulated clients, links or drawing.

pub mod headers;
pub mod topic;
