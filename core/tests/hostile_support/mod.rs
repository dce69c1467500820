//! The fuzz targets' bodies, shared by `fuzz/` (cargo-fuzz, arbitrary bytes from libFuzzer)
//! and `hostile.rs` (the same bodies over a few thousand seeded inputs, so `cargo test` walks
//! the same paths deterministically). Each body panics only when the model breaks a promise:
//! an input that is refused must leave the state exactly as it was (the `Debug` rendering before
//! and after), accepted input must keep the world's invariants, and no input may panic, hang or
//! overflow the stack.

#![allow(dead_code)]

// Its own copy: the fuzz crate includes this file without the test binary's `kafka_support`.
#[allow(clippy::duplicate_mod)]
#[path = "../kafka_support/invariants.rs"]
pub mod invariants;

use brokerlab_core::Drive;
use brokerlab_core::message_broker::MessageBroker;
use brokerlab_core::world::message::MessageCommand;
use brokerlab_core::world::SeekTo;
use brokerlab_core::{Advance, Command, Scenario, SimTime, World};
use invariants::{Ledger, check_invariants};

/// `advance_to` calls one body may make: with `Advance::Partial` the work per call is bounded,
/// so this bounds a whole run.
const ADVANCES_MAX: usize = 64;

/// A world with both brokers and something of everything, for command sequences.
pub const BASE_SCENARIO: &str = include_str!("base.json");

/// Target `scenario`: any text through `Scenario::from_json` and `World::new`; an accepted
/// world then runs a little, keeping its invariants.
pub fn scenario(bytes: &[u8]) {
    let Ok(text) = core::str::from_utf8(bytes) else { return };
    let Ok(scenario) = Scenario::from_json(text) else { return };
    // Whatever parsed must survive its own round trip.
    let again = Scenario::from_json(&scenario.to_json()).expect("a parsed scenario's JSON parses again");
    assert_eq!(again, scenario, "the scenario round trip changed it");
    let Ok(mut world) = World::new(&scenario) else { return };
    let mut ledger = Ledger::default();
    run_until(&mut world, &mut ledger, SimTime(2_000));
}

/// Target `definitions`: any text imported into a broker that already holds something. A
/// refusal changes nothing; an accepted import exports to what it imports again.
pub fn definitions(bytes: &[u8]) {
    let Ok(text) = core::str::from_utf8(bytes) else { return };
    let (mut broker, _) = MessageBroker::from_definitions(r#"{"queues": [{"name": "held"}]}"#).expect("base definitions");
    let before = format!("{broker:?}");
    match broker.import_definitions(SimTime::ZERO, text) {
        Err(_) => assert_eq!(format!("{broker:?}"), before, "a refused import changed the broker"),
        Ok(_) => {
            let export = broker.export_definitions().to_string();
            let (again, _) = MessageBroker::from_definitions(&export).expect("an export imports again");
            assert_eq!(again.export_definitions().to_string(), export, "export → import → export is not exact");
        }
    }
}

/// Target `commands`: bytes decoded into a sequence of commands, applied to [`BASE_SCENARIO`]
/// with time passing in between. Every refusal leaves the world unchanged; the invariants hold
/// after every step.
pub fn commands(bytes: &[u8]) {
    let scenario = Scenario::from_json(BASE_SCENARIO).expect("the base scenario parses");
    let mut world = World::new(&scenario).expect("the base scenario builds");
    let mut ledger = Ledger::default();
    let mut input = Bytes { data: bytes, at: 0 };
    let mut commands = 0;
    while !input.done() && commands < 48 {
        commands += 1;
        let command = input.command();
        let before = format!("{world:?}");
        if world.apply(command.clone()).is_err() {
            assert_eq!(format!("{world:?}"), before, "refused {command:?} changed the world");
        }
        drain_and_check(&mut world, &mut ledger, &format!("{command:?}"));
        let pause = u64::from(input.byte()) * 13;
        let until = world.now() + pause;
        run_until(&mut world, &mut ledger, until);
    }
}

/// Target `fragment` after the page's `share::decode`: the decoded scenario text goes through
/// the same path as any scenario.
pub fn shared_scenario(scenario_json: &str) {
    scenario(scenario_json.as_bytes());
}

/// Advances to `until` in bounded calls, draining and checking after each.
pub fn run_until(world: &mut World, ledger: &mut Ledger, until: SimTime) {
    for _ in 0..ADVANCES_MAX {
        let advance = world.advance_to(until);
        drain_and_check(world, ledger, "advance");
        if advance == Advance::Reached {
            return;
        }
    }
}

fn drain_and_check(world: &mut World, ledger: &mut Ledger, what: &str) {
    while let Some(event) = world.poll_event() {
        let _ = event.explain(brokerlab_core::Lang::Ko);
        if let Err(e) = ledger.observe(&event) {
            panic!("after {what}: {e}");
        }
    }
    if let Err(e) = check_invariants(world).and_then(|()| ledger.check(world)) {
        panic!("after {what}: {e}");
    }
}

/// Reads fuzz bytes as choices; past the end every byte is 0.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

const NAMES: [&str; 16] = [
    "p", "q", "t", "c", "g", "h", "pub", "hpub", "c1", "c2", "nope", "", "x\u{7}",
    "a-name-that-is-exactly-sixty-five-bytes-long-which-is-one-too-man", "t2", "g-0",
];
const NUMBERS: [u32; 16] = [0, 1, 2, 3, 4, 8, 9, 10, 63, 64, 65, 500, 1_000, 10_000, 10_001, u32::MAX];

impl Bytes<'_> {
    fn done(&self) -> bool {
        self.at >= self.data.len()
    }
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }
    fn name(&mut self) -> String {
        NAMES[usize::from(self.byte()) % NAMES.len()].to_string()
    }
    fn number(&mut self) -> u32 {
        let b = self.byte();
        if b < 128 { u32::from(b % 8) } else { NUMBERS[usize::from(b) % NUMBERS.len()] }
    }
    fn maybe_text(&mut self) -> Option<String> {
        match self.byte() % 5 {
            0 => None,
            1 => Some(String::new()),
            2 => Some("k".repeat(256)),
            3 => Some("k".repeat(257)),
            _ => Some(self.name()),
        }
    }
    fn seek_to(&mut self) -> SeekTo {
        match self.byte() % 4 {
            0 => SeekTo::Beginning,
            1 => SeekTo::End,
            2 => SeekTo::Offset(u64::from(self.number())),
            _ => SeekTo::Timestamp(u64::from(self.number())),
        }
    }
    fn command(&mut self) -> Command {
        match self.byte() % 24 {
            0 | 1 => Command::Produce { producer: self.name(), key: self.maybe_text(), value: self.maybe_text() },
            2 => Command::ProduceTo { producer: self.name(), partition: self.number(), key: self.maybe_text(), value: None },
            3 => Command::Flood { producer: self.name(), count: self.number() },
            4 => Command::CreateTopic {
                name: self.name(),
                partitions: self.number(),
                replication_factor: self.number(),
                config: Default::default(),
            },
            5 => Command::DeleteTopic { name: self.name() },
            6 => Command::AddPartitions { topic: self.name(), partitions: self.number() },
            7 => Command::KillBroker { broker: self.number() },
            8 => Command::ReviveBroker { broker: self.number() },
            9 => Command::AddMember { group: self.name(), instance_id: self.maybe_text() },
            10 => Command::RemoveMember { group: self.name(), member: self.number() },
            11 => Command::CrashMember { group: self.name(), member: self.number() },
            12 => Command::PauseMember { group: self.name(), member: self.number() },
            13 => Command::ReviveMember { group: self.name(), member: self.number() },
            14 => Command::Seek {
                group: self.name(),
                member: self.number(),
                topic: self.name(),
                partition: self.number(),
                to: self.seek_to(),
            },
            15 => Command::ResetOffsets { group: self.name(), topic: self.name(), to: self.seek_to() },
            16 | 17 => Command::Message(MessageCommand::Publish { publisher: self.name(), routing_key: self.maybe_text() }),
            18 => Command::Message(MessageCommand::Flood { publisher: self.name(), count: self.number() }),
            19 => Command::Message(MessageCommand::CrashConsumer { consumer: self.name() }),
            20 => Command::Message(MessageCommand::ReviveConsumer { consumer: self.name() }),
            21 => Command::Message(MessageCommand::PauseConsumer { consumer: self.name() }),
            22 => Command::Message(MessageCommand::ResumeConsumer { consumer: self.name() }),
            _ => match self.byte() % 2 {
                0 => Command::Message(MessageCommand::RestartBroker),
                _ => Command::Message(MessageCommand::CloseChannel { consumer: self.name() }),
            },
        }
    }
}
