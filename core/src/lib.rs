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
//!   [`Drive::advance_to`]; commands apply at the world's current time.
//! - **Randomness is the world's own**: a seeded [`rng::Prng`], part of the world's state.
//! - **Iteration is deterministic**: `BTreeMap`, `Vec`, `VecDeque`; never a hashed collection.
//! - Same scenario + seed + inputs ⇒ byte-identical trace, natively and in wasm.
//!
//! ## The drive loop
//!
//! Every model keeps one contract, [`Drive`] (`apply`, `advance_to`, `poll_event`,
//! `next_timeout`), documented with the loop every caller writes in [`drive`].
//!
//! ## Three kinds of failure
//!
//! Misuse is an `Err` ([`CommandError`], [`ScenarioError`]) and changes nothing; broker
//! outcomes (a rejected produce, a rebalance) are [`Event`]s; broken invariants are `assert!`.

#![no_std]

extern crate alloc;

pub mod drive;
pub mod event_broker;
mod lang;
pub mod lessons;
pub mod limits;
pub mod message_broker;
pub mod rng;
pub mod share;
pub mod sort;
pub mod time;
mod timers;
pub mod trace;
pub mod versions;
pub mod words;
pub mod world;

/// Names are shared, immutable strings: cloned into events without copying.
pub type Name = alloc::rc::Rc<str>;

pub use drive::{Advance, Drive};
pub use time::SimTime;
pub use lang::Lang;
pub use world::{Command, CommandError, Event, EventKind, ProducerId, Scenario, ScenarioError, View, World};
