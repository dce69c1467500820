//! One way to drive every model in the core.
//!
//! A model ([`World`](crate::World), [`MessageSide`](crate::world::message::MessageSide), and
//! the next ones) is a state machine that the caller drives with four verbs and the simulated
//! time it owns:
//!
//! - [`Drive::apply`] hands it a command at its current time. Atomic: an `Err` changes
//!   nothing.
//! - [`Drive::advance_to`] runs every timer due at or before `now`, in `(time, scheduling
//!   order)` order. Bounded: one call handles at most [`ADVANCE_STEPS_MAX`] timers and stops
//!   before [`EVENTS_PENDING_MAX`] undrained events, answering [`Advance::Partial`]. Time never
//!   goes back: an earlier `now` is a no-op.
//! - [`Drive::poll_event`] hands over what happened, oldest first.
//! - [`Drive::next_timeout`] says when the model next does something by itself, so a caller
//!   with nothing to do can sleep until then.
//!
//! The caller's loop is therefore always the same: advance, drain, and again while the answer
//! is `Partial` ([`Drive::run_to`] is that loop). Ignoring the answer is the one way to get it
//! wrong, which is why [`Advance`] is `#[must_use]`: a caller that advances once and moves on
//! silently stops short in a busy stretch, and one that loops without draining never ends.
//!
//! ```
//! use brokerlab_core::{Advance, Drive, Scenario, SimTime, World};
//! let scenario = Scenario::from_json(r#"{"version": 1, "event_broker": {
//!     "topics": [{"name": "orders", "partitions": 3}],
//!     "producers": [{"name": "shop", "topic": "orders", "keys": ["alice"]}],
//!     "groups": [{"name": "payment", "topics": ["orders"]}]}}"#).unwrap();
//! let mut world = World::new(&scenario).unwrap();
//! world.apply(brokerlab_core::Command::Produce {
//!     producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
//! let mut lines = Vec::new();
//! loop {
//!     let advance = world.advance_to(SimTime::from_ms(2_000));
//!     while let Some(event) = world.poll_event() {
//!         lines.push(event.explain(brokerlab_core::Lang::En));
//!     }
//!     if advance == Advance::Reached {
//!         break;
//!     }
//! }
//! assert!(lines.iter().any(|line| line.contains("alice")));
//! ```
//!
//! The RabbitMQ broker itself ([`MessageBroker`](crate::message_broker::MessageBroker)) is not a
//! model in this sense but a component inside one: like an AMQP server, it is operated call by
//! call, each call carrying the time it happens at, and it keeps no timer queue of its own (its
//! only timeouts, message and queue expiry, are read off its queues). `MessageSide` drives it.
//!
//! [`ADVANCE_STEPS_MAX`]: crate::limits::ADVANCE_STEPS_MAX
//! [`EVENTS_PENDING_MAX`]: crate::limits::EVENTS_PENDING_MAX

use crate::time::SimTime;

/// What [`Drive::advance_to`] achieved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "a Partial advance stopped short of the time asked for: drain the events and call advance_to again"]
pub enum Advance {
    /// The model is now at the requested time.
    Reached,
    /// Stopped early at `at`, because the per-call work bound or the pending-event bound was
    /// reached. Drain events and call again.
    Partial { at: SimTime },
}

/// The contract every model in the core keeps (see the module's documentation).
pub trait Drive {
    type Command;
    type Event;
    type Error;

    /// Applies `command` at the model's current time. Atomic: on `Err` nothing changed.
    fn apply(&mut self, command: Self::Command) -> Result<(), Self::Error>;

    /// Runs the timers due at or before `now`, within the per-call bounds.
    fn advance_to(&mut self, now: SimTime) -> Advance;

    /// The oldest event not yet handed over.
    fn poll_event(&mut self) -> Option<Self::Event>;

    /// When the next timer is due, if any: nothing happens by itself before it.
    fn next_timeout(&self) -> Option<SimTime>;

    /// The model's current time.
    fn now(&self) -> SimTime;

    /// The drive loop: advances to `now`, handing every event to `each` as it comes, until
    /// the model has reached `now`.
    fn run_to(&mut self, now: SimTime, mut each: impl FnMut(Self::Event))
    where
        Self: Sized,
    {
        loop {
            let advance = self.advance_to(now);
            while let Some(event) = self.poll_event() {
                each(event);
            }
            if advance == Advance::Reached {
                return;
            }
        }
    }
}
