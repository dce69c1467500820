//! # brokerlab-core
//!
//! A deterministic model of an event broker (Apache Kafka, `event_broker`) and a message broker
//! (RabbitMQ, `message_broker`), and the simulated world of clients around them (`world`).
//!
//! ## The contract
//!
//! - **No IO, no clock, no OS randomness.** The crate is `#![no_std]` (with `alloc`), so it
//!   cannot read a clock, open a file or a socket, or draw from the OS: the compiler enforces
//!   it, and `xtask tidy` rejects `Instant::now`, `SystemTime::now`, `HashMap`, `HashSet` and
//!   `thread_rng` under `core/src` as a second line.
//! - **The caller owns time.** Time is a [`SimTime`] the caller passes to
//!   [`World::advance_to`]; commands apply at the world's current time.
//! - **Randomness is the world's own**: a seeded [`rng::Prng`], part of the world's state.
//! - **Iteration is deterministic**: `BTreeMap`, `Vec`, `VecDeque`; never a hashed collection.
//! - Same scenario + seed + inputs ⇒ byte-identical trace, natively and in wasm.
//!
//! ## The drive loop
//!
//! Every mutation is followed by a complete drain:
//!
//! ```
//! use brokerlab_core::{Scenario, SimTime, World};
//! let scenario = Scenario::from_json(r#"{"version": 1, "event_broker": {
//!     "topics": [{"name": "orders", "partitions": 3}],
//!     "producers": [{"name": "shop", "topic": "orders", "keys": ["alice"]}],
//!     "groups": [{"name": "payment", "topics": ["orders"]}]}}"#).unwrap();
//! let mut world = World::new(&scenario).unwrap();
//! world.apply(brokerlab_core::Command::Produce {
//!     producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
//! world.advance_to(SimTime::from_ms(2_000));
//! while let Some(event) = world.poll_event() {
//!     let _line = event.explain(brokerlab_core::Lang::En);
//! }
//! ```
//!
//! ## Three kinds of failure
//!
//! Misuse is an `Err` ([`CommandError`], [`ScenarioError`]) and changes nothing; broker
//! outcomes (a rejected produce, a rebalance) are [`Event`]s; broken invariants are `assert!`.

#![no_std]

extern crate alloc;

pub mod event_broker;
pub mod limits;
pub mod message_broker;
pub mod rng;
pub mod sort;
pub mod time;
pub mod trace;
pub mod words;
pub mod world;

/// Names are shared, immutable strings: cloned into events without copying.
pub type Name = alloc::rc::Rc<str>;

pub use time::SimTime;
pub use world::{
    Advance, Command, CommandError, Event, EventKind, Lang, ProducerId, Scenario, ScenarioError, View, World,
};
