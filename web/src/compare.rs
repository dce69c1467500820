//! The compare view's two simulations: the same shop events sent through both brokers at
//! once, moved together on one timeline. No DOM here; `compare_view.rs` draws them.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::world::message::{MessageBrokerSpec, MessageCommand};
use brokerlab_core::world::ShareCommand;
use brokerlab_core::world::MemberState;
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

/// Kafka's queue (KIP-932): one partition, read by a share group of two members, who share
/// it record by record. Locks of 6 s (the default is 30 s) so a crashed member's records come
/// back while the learner watches.
const EVENT_SIDE_SHARE: &str = r#"{
  "version": 1, "seed": 3, "link_ms": 400,
  "event_broker": {
    "kafka_version": "4.2",
    "topics": [{ "name": "shop-events", "partitions": 1 }],
    "producers": [{ "name": "shop", "topic": "shop-events" }],
    "share_groups": [{ "name": "workers", "topic": "shop-events", "members": 2, "processing_ms": 900,
                       "max_records": 1, "auto_offset_reset": "earliest", "record_lock_duration_ms": 6000 }]
  }
}"#;

/// A topic of two partitions read by two consumer groups, for the stream mode: `payment` (two
/// members, so they share the partitions) and `audit` (one member). Both from `earliest`:
/// `latest` would skip the records a learner sends before the group has joined (a second or
/// two), which the stream's consumers, registered at once, do not. Each commits its offsets
/// after every batch, so the panel's committed offsets move as it reads; a session of 6 s (the
/// smallest the broker allows by default) so a crashed member's partition moves to the other
/// member while the learner watches.
const EVENT_SIDE_STREAM: &str = r#"{
  "version": 1, "seed": 3, "link_ms": 400,
  "event_broker": {
    "topics": [{ "name": "shop-events", "partitions": 2 }],
    "producers": [{ "name": "shop", "topic": "shop-events" }],
    "groups": [
      { "name": "payment", "topics": ["shop-events"], "members": 2, "processing_ms": 300, "auto_offset_reset": "earliest",
        "enable_auto_commit": false, "session_timeout_ms": 6000, "heartbeat_interval_ms": 2000 },
      { "name": "audit", "topics": ["shop-events"], "processing_ms": 500, "auto_offset_reset": "earliest", "enable_auto_commit": false }
    ]
  }
}"#;

/// The consumer groups of `EVENT_SIDE_STREAM`, which the differences panel reads.
pub const STREAM_GROUPS: [&str; 2] = ["payment", "audit"];

/// The share group of `EVENT_SIDE_SHARE`, which the differences panel reads.
pub const SHARE_GROUP: &str = "workers";

/// What the compare view puts against RabbitMQ's work queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompareMode {
    /// Three consumer groups, each reading the whole log (the event broker as a log).
    #[default]
    Groups,
    /// A share group on one partition (the event broker as a queue, Kafka 4.2).
    Share,
    /// Consumer groups on a topic against a RabbitMQ stream (the message broker as a log, R21).
    Stream,
}

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

/// The stream of the stream mode, which the differences panel reads.
pub const STREAM: &str = "shop-stream";

/// A stream (`x-queue-type: stream`, R21) read by two consumers, one from `first` and one
/// from `next`: a crashed one that comes back starts again from its `x-stream-offset`, since
/// over AMQP 0-9-1 nobody stores where it was.
const MESSAGE_SIDE_STREAM: &str = r#"{
  "definitions": {
    "queues": [{"name": "shop-stream", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "stream"}}]
  },
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["shop-stream"], "persistent": true}],
  "consumers": [
    {"name": "reader-first", "queue": "shop-stream", "prefetch": 10, "processing_ms": 300, "stream_offset": "first"},
    {"name": "reader-next", "queue": "shop-stream", "prefetch": 10, "processing_ms": 500, "stream_offset": "next"}
  ]
}"#;

/// Workers that never fail, to set against a share group whose members accept everything:
/// redelivery then comes only from a crash the learner causes, on either side.
const MESSAGE_SIDE_SHARE: &str = r#"{
  "definitions": {
    "queues": [{"name": "shop-tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]
  },
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["shop-tasks"], "persistent": true}],
  "consumers": [
    {"name": "worker-1", "queue": "shop-tasks", "prefetch": 1, "processing_ms": 900},
    {"name": "worker-2", "queue": "shop-tasks", "prefetch": 1, "processing_ms": 900}
  ]
}"#;

/// Both simulations, driven together.
#[derive(Debug)]
pub struct CompareSims {
    pub event: Rc<RefCell<EventSim>>,
    pub message: Rc<RefCell<MessageSim>>,
    pub sent: u64,
    pub mode: CompareMode,
}

impl Default for CompareSims {
    fn default() -> Self {
        CompareSims::new()
    }
}

impl CompareSims {
    pub fn new() -> CompareSims {
        CompareSims::with_mode(CompareMode::Groups)
    }

    pub fn with_mode(mode: CompareMode) -> CompareSims {
        let (event, message) = match mode {
            CompareMode::Groups => (EVENT_SIDE, MESSAGE_SIDE),
            CompareMode::Share => (EVENT_SIDE_SHARE, MESSAGE_SIDE_SHARE),
            CompareMode::Stream => (EVENT_SIDE_STREAM, MESSAGE_SIDE_STREAM),
        };
        let scenario = Scenario::from_json(event).expect("the compare scenario is valid");
        let spec: MessageBrokerSpec = serde_json::from_str(message).expect("the compare spec is valid");
        CompareSims {
            event: Rc::new(RefCell::new(EventSim::new(&scenario).expect("the compare scenario builds"))),
            // With the event side's link and seed, as a scenario document with both would run.
            message: Rc::new(RefCell::new(MessageSim::new(&spec, scenario.link_ms, scenario.seed).expect("the compare spec builds"))),
            sent: 0,
            mode,
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

    /// Share mode: crashes share-group member `member`, or revives it if it is down. Its
    /// records stay locked until their locks expire (KIP-932).
    pub fn toggle_share_member(&mut self, member: u32) {
        let mut event = self.event.borrow_mut();
        let down = event.world().view().share_group_views().find(|g| g.name.as_ref() == SHARE_GROUP)
            .and_then(|g| g.members.get(member as usize).map(|m| m.state == MemberState::Crashed));
        let Some(down) = down else { return };
        let group = SHARE_GROUP.to_string();
        let command = if down { ShareCommand::ReviveShareMember { group, member } } else { ShareCommand::CrashShareMember { group, member } };
        let _ = event.apply(Command::Share(command));
    }

    /// Stream mode: crashes member `member` of consumer group `group`, or revives it if it is
    /// down. Its partitions go to the group's other member after the session timeout, from the
    /// offsets the group committed.
    pub fn toggle_group_member(&mut self, group: &str, member: u32) {
        let mut event = self.event.borrow_mut();
        let down = event.world().view().groups().find(|g| g.name.as_ref() == group)
            .and_then(|g| g.members.get(member as usize).map(|m| m.state == MemberState::Crashed));
        let Some(down) = down else { return };
        let group = group.to_string();
        let command = if down { Command::ReviveMember { group, member } } else { Command::CrashMember { group, member } };
        let _ = event.apply(command);
    }

    /// Crashes worker `name` of the queue (its channel closes and its unacked messages are
    /// requeued at once), or revives it if it is down.
    pub fn toggle_worker(&mut self, name: &str) {
        let mut message = self.message.borrow_mut();
        let down = message.side().consumers().find(|(n, ..)| n.as_ref() == name).map(|(_, _, state, _)| state == "down");
        let Some(down) = down else { return };
        let consumer = name.to_string();
        let command = if down { MessageCommand::ReviveConsumer { consumer } } else { MessageCommand::CrashConsumer { consumer } };
        let _ = message.apply(command);
    }
}
