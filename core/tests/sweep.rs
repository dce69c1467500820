//! Seed sweeps (TigerBeetle's VOPR, madsim): each seed builds a random world with both
//! brokers and drives it through random faults (group members crash, pause and come back,
//! brokers die and return, message consumers crash, the message broker restarts, floods,
//! seeks, partitions added, keyless records sent to compacted topics), checking every
//! invariant (`kafka_support::invariants`) after every step. About a third of the groups use
//! the consumer rebalance protocol (KIP-848; the world then follows Kafka 4.2). Each seed runs twice and the two
//! traces must be byte-identical. A failure names the seed and the command that replays it.
//!
//! `BROKERLAB_SWEEP_SEEDS` (how many) and `BROKERLAB_SWEEP_FIRST` (the first seed) override
//! the default 200 seeds from 0, natively.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;

use brokerlab_core::rng::Prng;
use brokerlab_core::world::SeekTo;
use brokerlab_core::world::message::MessageCommand;
use brokerlab_core::{Advance, Command, Drive, Scenario, SimTime, World};
use kafka_support::invariants::{Ledger, check_invariants};

/// Simulated time each seed runs for.
const HORIZON_MS: u64 = 30_000;

#[test]
fn seeds_keep_every_invariant_and_replay_identically() {
    let (first, count) = seeds();
    let mut reconciling = 0;
    for seed in first..first + count {
        let replay = format!(
            "seed {seed}; replay with: BROKERLAB_SWEEP_FIRST={seed} BROKERLAB_SWEEP_SEEDS=1 cargo test -p brokerlab-core --test all -- sweep::"
        );
        let one = run(seed).unwrap_or_else(|e| panic!("{e}\n{replay}"));
        let two = run(seed).unwrap_or_else(|e| panic!("second run: {e}\n{replay}"));
        if one != two {
            let line = one.lines().zip(two.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!("the two runs differ from trace line {line}\n{replay}");
        }
        reconciling += usize::from(one.contains("\"member_reconciled\""));
        if (seed + 1 - first).is_multiple_of(100) {
            println!("sweep: {} seeds done (last {seed})", seed + 1 - first);
        }
    }
    // The consumer protocol is reached, not just drawn: its members reconcile in some seeds.
    if count >= 20 {
        assert!(reconciling > 0, "no seed of {count} had a consumer-protocol reconciliation");
    }
    println!("sweep: {reconciling} of {count} seeds reconciled consumer-protocol members");
}

#[cfg(not(target_arch = "wasm32"))]
fn seeds() -> (u64, u64) {
    let var = |name: &str| std::env::var(name).ok().map(|v| v.parse::<u64>().unwrap_or_else(|_| panic!("{name} must be a number")));
    (var("BROKERLAB_SWEEP_FIRST").unwrap_or(0), var("BROKERLAB_SWEEP_SEEDS").unwrap_or(200))
}

#[cfg(target_arch = "wasm32")]
fn seeds() -> (u64, u64) {
    (0, 20)
}

/// Runs one seed; returns its trace (every command's outcome and every event, one per line).
fn run(seed: u64) -> Result<String, String> {
    let mut rng = Prng::new(seed ^ 0x5eed);
    let mut shape = Shape::random(&mut rng);
    // A stream of its own, so the shapes drawn before groups could use the consumer protocol
    // stay as they were.
    shape.use_consumer_protocol(&mut Prng::new(seed ^ 0x848));
    let scenario = Scenario::from_json(&shape.scenario_json(seed)).map_err(|e| format!("scenario: {e}"))?;
    let mut world = World::new(&scenario).map_err(|e| format!("world: {e}"))?;
    let mut ledger = Ledger::default();
    let mut trace = String::new();
    step(&mut world, &mut ledger, &mut trace, "start")?;
    let mut now = 0;
    while now < HORIZON_MS {
        now += 50 + rng.below(700);
        for _ in 0..rng.below(3) {
            let command = shape.fault(&mut rng, &world);
            let outcome = match world.apply(command.clone()) {
                Ok(()) => String::from("ok"),
                Err(e) => format!("refused: {e}"),
            };
            trace.push_str(&format!("apply {} -> {outcome}\n", serde_json::to_string(&command).unwrap()));
            step(&mut world, &mut ledger, &mut trace, "apply")?;
        }
        while let Advance::Partial { .. } = world.advance_to(SimTime::from_ms(now)) {
            step(&mut world, &mut ledger, &mut trace, "partial advance")?;
        }
        step(&mut world, &mut ledger, &mut trace, "advance")?;
    }
    Ok(trace)
}

/// Drains the events into the trace and the ledger, then checks every invariant.
fn step(world: &mut World, ledger: &mut Ledger, trace: &mut String, what: &str) -> Result<(), String> {
    while let Some(event) = world.poll_event() {
        trace.push_str(&serde_json::to_string(&event).unwrap());
        trace.push('\n');
        ledger.observe(&event).map_err(|e| format!("at {} ms, after {what}: {e}", world.now().as_ms()))?;
    }
    let at = world.now().as_ms();
    check_invariants(world).map_err(|e| format!("at {at} ms, after {what}: {e}"))?;
    ledger.check(world).map_err(|e| format!("at {at} ms, after {what}: {e}"))
}

/// The random parts of one seed's world.
struct Shape {
    brokers: u32,
    topics: Vec<(String, u32, u32, String)>,
    producers: Vec<(String, String, Vec<String>)>,
    groups: Vec<(String, Vec<String>, u32, String)>,
    retention_check_ms: u64,
    cleaner_ms: u64,
    message: Option<String>,
    consumers: Vec<String>,
    publishers: Vec<String>,
    /// Scripted steps (time, command JSON): they run inside `advance_to`, between timers.
    script: Vec<(u64, String)>,
    /// `event_broker.kafka_version`, named when a group uses the consumer protocol (4.2).
    kafka_version: Option<&'static str>,
}

fn pick<'a, T>(rng: &mut Prng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

impl Shape {
    fn random(rng: &mut Prng) -> Shape {
        let brokers = 1 + rng.below(3) as u32;
        let topics: Vec<(String, u32, u32, String)> = (0..1 + rng.below(2))
            .map(|i| {
                let policy = *pick(rng, &["delete", "delete", "compact", "compact,delete"]);
                let retention_ms = *pick(rng, &[-1i64, 3_000, 8_000]);
                let retention_bytes = *pick(rng, &[-1i64, 400, 1_500]);
                let config = format!(
                    r#"{{"cleanup.policy": "{policy}", "segment.bytes": {}, "segment.ms": {}, "retention.ms": {retention_ms},
                        "retention.bytes": {retention_bytes}, "delete.retention.ms": {}, "min.insync.replicas": {},
                        "unclean.leader.election.enable": {}}}"#,
                    150 + rng.below(400),
                    1_000 + rng.below(4_000),
                    500 + rng.below(3_000),
                    1 + rng.below(2),
                    rng.below(2) == 0,
                );
                (format!("t{i}"), 1 + rng.below(3) as u32, 1 + rng.below(u64::from(brokers)) as u32, config)
            })
            .collect();
        let producers = (0..1 + rng.below(2))
            .map(|i| {
                let topic = pick(rng, &topics).0.clone();
                let keys = (0..rng.below(4)).map(|k| format!("k{k}")).collect();
                (format!("p{i}"), topic, keys)
            })
            .collect();
        let groups = (0..1 + rng.below(2))
            .map(|i| {
                let mut subscribed: Vec<String> = topics.iter().filter(|_| rng.below(3) > 0).map(|t| t.0.clone()).collect();
                if subscribed.is_empty() {
                    subscribed.push(topics[0].0.clone());
                }
                let assignor = *pick(rng, &["range", "roundrobin", "sticky", "cooperative-sticky"]);
                let reset = *pick(rng, &["earliest", "latest", "earliest", "none"]);
                let extra = format!(
                    r#""assignor": "{assignor}", "auto_offset_reset": "{reset}", "enable_auto_commit": {}, "processing_ms": {},
                       "session_timeout_ms": {}, "heartbeat_interval_ms": 300, "max_poll_interval_ms": {}, "auto_commit_interval_ms": 1000,
                       "static_members": {}"#,
                    rng.below(2) == 0,
                    10 + rng.below(400),
                    1_000 + rng.below(3_000),
                    2_000 + rng.below(4_000),
                    rng.below(3) == 0,
                );
                (format!("g{i}"), subscribed, rng.below(4) as u32, extra)
            })
            .collect();
        let with_message = rng.below(4) > 0;
        let consumers: Vec<String> = if with_message { (0..1 + rng.below(3)).map(|i| format!("c{i}")).collect() } else { Vec::new() };
        let publishers: Vec<String> = if with_message { (0..1 + rng.below(2)).map(|i| format!("m{i}")).collect() } else { Vec::new() };
        let message = with_message.then(|| Shape::message_json(rng, &consumers, &publishers));
        let script = (0..rng.below(4))
            .map(|_| {
                let at = rng.below(HORIZON_MS);
                let command = match (rng.below(3), with_message) {
                    (0, true) => String::from(r#"{"message": "restart_broker"}"#),
                    (1, true) => format!(r#"{{"message": {{"flood": {{"publisher": "{}", "count": 5}}}}}}"#, publishers[0]),
                    _ => format!(r#"{{"flood": {{"producer": "p0", "count": {}}}}}"#, 1 + rng.below(10)),
                };
                (at, command)
            })
            .collect();
        Shape {
            brokers,
            topics,
            producers,
            groups,
            retention_check_ms: 500 + rng.below(3_000),
            cleaner_ms: 500 + rng.below(3_000),
            message,
            consumers,
            publishers,
            script,
            kafka_version: None,
        }
    }

    /// About a third of the groups use the consumer rebalance protocol (KIP-848), with either
    /// server assignor; the world then follows Kafka 4.2, which has it.
    fn use_consumer_protocol(&mut self, rng: &mut Prng) {
        for (_, _, _, extra) in &mut self.groups {
            if rng.below(3) == 0 {
                let assignor = *pick(rng, &["uniform", "range"]);
                extra.push_str(&format!(r#", "group_protocol": "consumer", "group_remote_assignor": "{assignor}""#));
                self.kafka_version = Some("4.2");
            }
        }
    }

    /// A direct exchange to two queues (one with a dead-letter exchange, a length limit, an
    /// overflow mode and a TTL drawn at random), a fanout dead-letter exchange to `dead`.
    fn message_json(rng: &mut Prng, consumers: &[String], publishers: &[String]) -> String {
        let overflow = *pick(rng, &["drop-head", "reject-publish", "reject-publish-dlx"]);
        let durable = rng.below(2) == 0;
        let queue = |name: &str, arguments: &str| {
            format!(r#"{{"name": "{name}", "vhost": "/", "durable": {durable}, "auto_delete": false, "arguments": {{{arguments}}}}}"#)
        };
        let work = format!(
            r#""x-dead-letter-exchange": "dlx", "x-max-length": {}, "x-overflow": "{overflow}", "x-message-ttl": {}"#,
            2 + rng.below(8),
            500 + rng.below(5_000)
        );
        let queues = [queue("work", &work), queue("other", ""), queue("dead", "")].join(",");
        let exchange = |name: &str, kind: &str| {
            format!(r#"{{"name": "{name}", "vhost": "/", "type": "{kind}", "durable": true, "auto_delete": false, "internal": false, "arguments": {{}}}}"#)
        };
        let bind = |source: &str, queue: &str, key: &str| {
            format!(r#"{{"source": "{source}", "vhost": "/", "destination": "{queue}", "destination_type": "queue", "routing_key": "{key}", "arguments": {{}}}}"#)
        };
        let bindings = [bind("ex", "work", "a"), bind("ex", "other", "b"), bind("ex", "work", "c"), bind("ex", "other", "c"), bind("dlx", "dead", "")];
        let consumer_list: Vec<String> = consumers
            .iter()
            .map(|c| {
                format!(
                    r#"{{"name": "{c}", "queue": "{}", "prefetch": {}, "auto_ack": {}, "processing_ms": {}, "failure_per_mille": {}, "on_failure": "{}"}}"#,
                    pick(rng, &["work", "work", "other", "dead"]),
                    rng.below(4),
                    rng.below(5) == 0,
                    50 + rng.below(800),
                    pick(rng, &[0u64, 100, 400]),
                    pick(rng, &["ack", "nack_requeue", "reject"]),
                )
            })
            .collect();
        let publisher_list: Vec<String> = publishers
            .iter()
            .map(|p| {
                let every = if rng.below(2) == 0 { format!(r#", "every_ms": {}"#, 100 + rng.below(600)) } else { String::new() };
                format!(
                    r#"{{"name": "{p}", "exchange": "ex", "routing_keys": ["a", "b", "c", "nowhere"], "persistent": {}, "mandatory": {}, "confirms": {} {every}}}"#,
                    rng.below(2) == 0,
                    rng.below(2) == 0,
                    rng.below(2) == 0,
                )
            })
            .collect();
        format!(
            r#"{{"definitions": {{"exchanges": [{}, {}], "queues": [{queues}], "bindings": [{}]}},
                 "publishers": [{}], "consumers": [{}]}}"#,
            exchange("ex", "direct"),
            exchange("dlx", "fanout"),
            bindings.join(","),
            publisher_list.join(","),
            consumer_list.join(",")
        )
    }

    fn scenario_json(&self, seed: u64) -> String {
        let topics: Vec<String> = self
            .topics
            .iter()
            .map(|(name, partitions, rf, config)| {
                format!(r#"{{"name": "{name}", "partitions": {partitions}, "replication_factor": {rf}, "config": {config}}}"#)
            })
            .collect();
        let producers: Vec<String> = self
            .producers
            .iter()
            .enumerate()
            .map(|(i, (name, topic, keys))| {
                let acks = ["all", "1", "0"][i % 3];
                format!(
                    r#"{{"name": "{name}", "topic": "{topic}", "every_ms": {}, "keys": {}, "acks": "{acks}"}}"#,
                    150 + 100 * i,
                    serde_json::to_string(keys).unwrap()
                )
            })
            .collect();
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|(name, topics, members, extra)| {
                format!(r#"{{"name": "{name}", "topics": {}, "members": {members}, {extra}}}"#, serde_json::to_string(topics).unwrap())
            })
            .collect();
        let message = self.message.as_ref().map_or(String::new(), |m| format!(r#", "message_broker": {m}"#));
        let script: Vec<String> = self
            .script
            .iter()
            .map(|(at, command)| format!(r#"{{"at_ms": {at}, "command": {command}}}"#))
            .collect();
        format!(
            r#"{{"version": 1, "seed": {seed}, "link_ms": 40, "event_broker": {{{}"brokers": {}, "topics": [{}], "producers": [{}], "groups": [{}],
                "replica_lag_time_max_ms": 2000, "log_retention_check_interval_ms": {}, "log_cleaner_backoff_ms": {}}} {message},
                "script": [{}]}}"#,
            // Kafka 4.2 where a group needs it (the consumer protocol), and on odd seeds (strict
            // min-ISR, eligible leader replicas); 3.9 (unnamed) on the others.
            self.kafka_version.or((seed % 2 == 1).then_some("4.2")).map_or(String::new(), |v| format!(r#""kafka_version": "{v}", "#)),
            self.brokers,
            topics.join(","),
            producers.join(","),
            groups.join(","),
            self.retention_check_ms,
            self.cleaner_ms,
            script.join(","),
        )
    }

    /// A random fault or user action; it may be refused (that is part of the trace).
    fn fault(&self, rng: &mut Prng, world: &World) -> Command {
        let group = |rng: &mut Prng| pick(rng, &self.groups).0.clone();
        let view = world.view();
        let member_count = |g: &str| view.groups().find(|v| &**v.name == g).map_or(1, |v| v.members.len().max(1) as u64);
        match rng.below(16) {
            0 => {
                let g = group(rng);
                Command::CrashMember { member: rng.below(member_count(&g)) as u32, group: g }
            }
            1 => {
                let g = group(rng);
                Command::PauseMember { member: rng.below(member_count(&g)) as u32, group: g }
            }
            2 | 3 => {
                let g = group(rng);
                Command::ReviveMember { member: rng.below(member_count(&g)) as u32, group: g }
            }
            4 if rng.below(2) == 0 => Command::KillBroker { broker: rng.below(u64::from(self.brokers)) as u32 },
            4 => Command::StopBroker { broker: rng.below(u64::from(self.brokers)) as u32 },
            5 | 6 => Command::ReviveBroker { broker: rng.below(u64::from(self.brokers)) as u32 },
            7 => Command::Flood { producer: pick(rng, &self.producers).0.clone(), count: 1 + rng.below(40) as u32 },
            8 => {
                let g = group(rng);
                let member = rng.below(member_count(&g)) as u32;
                let topic = pick(rng, &self.topics).0.clone();
                let to = match rng.below(4) {
                    0 => SeekTo::Offset(rng.below(60)),
                    1 => SeekTo::Timestamp(rng.below(world.now().as_ms() + 1)),
                    2 => SeekTo::Beginning,
                    _ => SeekTo::End,
                };
                Command::Seek { group: g, member, topic, partition: rng.below(3) as u32, to }
            }
            9 => {
                let topic = pick(rng, &self.topics).0.clone();
                let current = view.event_broker().topic(&topic).map_or(1, |t| t.partition_count());
                Command::AddPartitions { topic, partitions: current + 1 }
            }
            10 => Command::Produce { producer: pick(rng, &self.producers).0.clone(), key: None, value: Some("v".into()) },
            11 => Command::AddMember { group: group(rng), instance_id: None },
            12 => Command::ResetOffsets { group: group(rng), topic: pick(rng, &self.topics).0.clone(), to: SeekTo::Beginning },
            _ if self.consumers.is_empty() => Command::Produce {
                producer: pick(rng, &self.producers).0.clone(),
                key: Some("k0".into()),
                value: None,
            },
            13 => {
                let consumer = pick(rng, &self.consumers).clone();
                Command::Message(match rng.below(4) {
                    0 => MessageCommand::CrashConsumer { consumer },
                    1 => MessageCommand::PauseConsumer { consumer },
                    2 => MessageCommand::ResumeConsumer { consumer },
                    _ => MessageCommand::ReviveConsumer { consumer },
                })
            }
            14 => Command::Message(MessageCommand::Flood { publisher: pick(rng, &self.publishers).clone(), count: 1 + rng.below(20) as u32 }),
            _ => Command::Message(if rng.below(3) == 0 {
                MessageCommand::RestartBroker
            } else {
                MessageCommand::ReviveConsumer { consumer: pick(rng, &self.consumers).clone() }
            }),
        }
    }
}
