//! Every integration test of the core, as one test binary (`autotests = false` in
//! Cargo.toml). Each file beside this one is a module here, named after the file. One binary
//! instead of one per file: the wasm32 run builds and binds one test binary through
//! wasm-bindgen instead of forty, and the native run links one. A file keeps its own support
//! modules, except the two many files share, declared once here (`kafka_support`,
//! `message_broker_harness`; a file reaches them as `crate::kafka_support`).
//!
//! Run one file's tests with `cargo test -p brokerlab-core --test all -- <file>::`.

mod kafka_support;
mod message_broker_harness;

#[path = "assignors.rs"]
mod assignors;
#[path = "bulk_produce.rs"]
mod bulk_produce;
#[path = "consumer_protocol.rs"]
mod consumer_protocol;
#[path = "golden.rs"]
mod golden;
#[path = "group_failures.rs"]
mod group_failures;
#[path = "hostile.rs"]
mod hostile;
#[path = "kafka_elr.rs"]
mod kafka_elr;
#[path = "kafka_groups.rs"]
mod kafka_groups;
#[path = "kafka_model.rs"]
mod kafka_model;
#[path = "kafka_replication.rs"]
mod kafka_replication;
#[path = "kafka_retention.rs"]
mod kafka_retention;
#[path = "lessons_rabbit.rs"]
mod lessons_rabbit;
#[path = "limits.rs"]
mod limits;
#[path = "log.rs"]
mod log;
#[path = "message_broker.rs"]
mod message_broker;
#[path = "message_broker_consumer_timeout.rs"]
mod message_broker_consumer_timeout;
#[path = "message_broker_consumers.rs"]
mod message_broker_consumers;
#[path = "message_broker_dead_letter.rs"]
mod message_broker_dead_letter;
#[path = "message_broker_quorum.rs"]
mod message_broker_quorum;
#[path = "message_broker_restart_definitions.rs"]
mod message_broker_restart_definitions;
#[path = "message_broker_stream.rs"]
mod message_broker_stream;
#[path = "message_broker_routing.rs"]
mod message_broker_routing;
#[path = "message_model.rs"]
mod message_model;
#[path = "message_world.rs"]
mod message_world;
#[path = "partitioner.rs"]
mod partitioner;
#[path = "reconcile.rs"]
mod reconcile;
#[path = "server_assignors.rs"]
mod server_assignors;
#[path = "share_controls.rs"]
mod share_controls;
#[path = "share_membership.rs"]
mod share_membership;
#[path = "share_model.rs"]
mod share_model;
#[path = "share_partition.rs"]
mod share_partition;
#[path = "message_side_cancel.rs"]
mod message_side_cancel;
#[path = "share_world.rs"]
mod share_world;
#[path = "sweep.rs"]
mod sweep;
#[path = "versions.rs"]
mod versions;
#[path = "words.rs"]
mod words;
#[path = "world.rs"]
mod world;
