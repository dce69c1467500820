//! The compare view's two simulations: the same shop events sent through both brokers at
//! once, moved together on one timeline. No DOM here; `compare_view.rs` draws them.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::world::message::{MessageBrokerSpec, MessageCommand};
use brokerlab_core::{Command, Lang, Scenario, SimTime};

use crate::clock::Clock;
use crate::event_act::EventSim;
use crate::message_act::MessageSim;

const EVENT_SIDE: &str = r#"{
  "version": 1, "seed": 3, "link_ms": 400,
  "event_broker": {
    "topics": [{ "name": "shop-events", "partitions": 2 }],
    "producers": [{ "name": "shop", "topic": "shop-events" }],
    "groups": [
      { "name": "payment", "topics": ["shop-events"], "processing_ms": 300, "auto_offset_reset": "earliest" },
      { "name": "inventory", "topics": ["shop-events"], "processing_ms": 500, "auto_offset_reset": "earliest" },
      { "name": "notification", "topics": ["shop-events"], "processing_ms": 900, "auto_offset_reset": "earliest" }
    ]
  }
}"#;

/// The work queue of `MESSAGE_SIDE`, which the differences panel reads.
pub const QUEUE: &str = "shop-tasks";

const MESSAGE_SIDE: &str = r#"{
  "definitions": {
    "queues": [{"name": "shop-tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]
  },
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["shop-tasks"], "persistent": true}],
  "consumers": [
    {"name": "worker-1", "queue": "shop-tasks", "prefetch": 1, "processing_ms": 900},
    {"name": "worker-2", "queue": "shop-tasks", "prefetch": 1, "processing_ms": 900, "failure_per_mille": 250}
  ]
}"#;

/// Both simulations, driven together.
#[derive(Debug)]
pub struct CompareSims {
    pub event: Rc<RefCell<EventSim>>,
    pub message: Rc<RefCell<MessageSim>>,
    pub sent: u64,
}

impl Default for CompareSims {
    fn default() -> Self {
        CompareSims::new()
    }
}

impl CompareSims {
    pub fn new() -> CompareSims {
        let scenario = Scenario::from_json(EVENT_SIDE).expect("the compare scenario is valid");
        let spec: MessageBrokerSpec = serde_json::from_str(MESSAGE_SIDE).expect("the compare spec is valid");
        CompareSims {
            event: Rc::new(RefCell::new(EventSim::new(&scenario).expect("the compare scenario builds"))),
            // With the event side's link and seed, as a scenario document with both would run.
            message: Rc::new(RefCell::new(MessageSim::new(&spec, scenario.link_ms, scenario.seed).expect("the compare spec builds"))),
            sent: 0,
        }
    }

    pub fn frame(&mut self, ts: f64) -> crate::clock::Frame {
        let a = self.event.borrow_mut().frame(ts);
        let b = self.message.borrow_mut().frame(ts);
        a.max(b)
    }

    /// The sooner of the two sides' next moments (see `Stage::next_due`).
    pub fn next_due(&self) -> Option<SimTime> {
        [self.event.borrow().next_due(), self.message.borrow().next_due()].into_iter().flatten().min()
    }

    pub fn step(&mut self) {
        self.event.borrow_mut().step();
        self.message.borrow_mut().step();
    }

    /// Both sides to the same moment, `ms` after the later of the two.
    pub fn skip(&mut self, ms: u64) {
        self.event.borrow_mut().catch_up();
        self.message.borrow_mut().catch_up();
        let to = self.event.borrow().now().max(self.message.borrow().now()) + ms;
        self.event.borrow_mut().skip_to(to);
        self.message.borrow_mut().skip_to(to);
    }

    /// Both sides back (or forward) to the same moment on their timelines.
    pub fn rewind_to(&mut self, to: SimTime) {
        self.event.borrow_mut().rewind_to(to);
        self.message.borrow_mut().rewind_to(to);
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.event.borrow_mut().lang = lang;
        self.message.borrow_mut().lang = lang;
    }

    pub fn each_clock(&mut self, f: impl Fn(&mut Clock)) {
        f(&mut self.event.borrow_mut().clock);
        f(&mut self.message.borrow_mut().clock);
    }

    /// One shop event into both brokers: a keyed record and a persistent message.
    pub fn send(&mut self, what: &str) {
        self.sent += 1;
        let key = format!("order-{}", 1 + (self.sent - 1) / 2);
        let _ = self.event.borrow_mut().apply(Command::Produce {
            producer: "shop".into(),
            key: Some(key),
            value: Some(what.to_string()),
        });
        let _ = self.message.borrow_mut().apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: None });
    }
}

