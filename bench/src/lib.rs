//! Benchmarks of the Brokerlab core. Each benchmark is a function that takes a size, runs that
//! much work once and returns a measurement; the native binary (`src/main.rs`) runs them at full
//! size, `cargo xtask bench` adds the wasm32 and browser figures, and the tests below run every
//! one at a tiny size and check that what it computed is right (never how fast it was).
//!
//! Time is read here, never in the core: `std::time::Instant` natively, `performance.now()`
//! under wasm32 (in Node).

use std::collections::{BTreeMap, BTreeSet};

use brokerlab_core::event_broker::assignor::{self, Assignment, Strategy, Subscription, TopicPartition};
use brokerlab_core::event_broker::{partitioner, Offset, PartitionLog, Record, RecordId};
use brokerlab_core::message_broker::broker::{ExchangeDeclare, QueueDeclare};
use brokerlab_core::message_broker::topic::topic_matches;
use brokerlab_core::message_broker::{ChannelId, ExchangeKind, Headers, MessageBroker};
use brokerlab_core::{Advance, Command, Drive, EventKind, Name, Scenario, SimTime, World};

/// Milliseconds on a monotonic clock (the origin is arbitrary).
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        pub fn performance_now() -> f64;
    }
}

/// Milliseconds on a monotonic clock (the origin is arbitrary).
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    js::performance_now()
}

/// The wasm32 entry point: the world benchmark (the same function and size the native run
/// uses), in events per second.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_world_events_per_s(sim_ms: f64) -> f64 {
    world_events(sim_ms as u64).per_s()
}

/// `ops` operations took `ms` milliseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub ops: u64,
    pub ms: f64,
}

impl Rate {
    pub fn per_s(self) -> f64 {
        self.ops as f64 * 1000.0 / self.ms.max(1e-6)
    }
}

/// Times `work`, which returns how many operations it did.
fn timed(work: impl FnOnce() -> u64) -> Rate {
    let start = now_ms();
    let ops = work();
    Rate { ops, ms: now_ms() - start }
}

/// The best of `runs` runs (the least disturbed by whatever else the machine is doing).
pub fn best_of(runs: usize, mut run: impl FnMut() -> Rate) -> Rate {
    (0..runs.max(1)).map(|_| run()).max_by(|a, b| a.per_s().total_cmp(&b.per_s())).expect("at least one run")
}

// ---------------------------------------------------------------------------------------------
// Produce and fetch through the World.

/// Keys the produce benchmarks cycle through (shared names: a page or a script holds its keys
/// once and hands the world a reference to them).
pub fn keys(count: usize) -> Vec<Name> {
    (0..count).map(|i| Name::from(format!("customer-{i}"))).collect()
}

/// Records one partition takes in a benchmark world (below `RECORDS_PER_PARTITION_MAX`).
const RECORDS_PER_PARTITION: u64 = 90_000;
/// Produce commands applied between two `advance_to` calls.
const PRODUCE_BATCH: u64 = 1_000;

fn produce_scenario(partitions: u32, group: bool) -> Scenario {
    let group = if group {
        r#", "groups": [{ "name": "readers", "topics": ["t"], "members": 0, "processing_ms": 0, "poll_ms": 1,
               "max_poll_records": 500, "auto_offset_reset": "earliest" }]"#
    } else {
        ""
    };
    let json = format!(
        r#"{{ "version": 1, "seed": 1, "link_ms": 1,
              "event_broker": {{ "topics": [{{ "name": "t", "partitions": {partitions} }}],
                                 "producers": [{{ "name": "p", "topic": "t" }}]{group} }} }}"#
    );
    Scenario::from_json(&json).expect("the benchmark scenario is valid")
}

/// Advances `world` to `to`, draining every event; returns how many of each kind of interest
/// were seen: (records appended, records fetched, records rejected, all events).
fn run_to(world: &mut World, to: u64, counts: &mut Counts) {
    loop {
        let reached = world.advance_to(SimTime(to)) == Advance::Reached;
        drain(world, counts);
        if reached {
            return;
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub appended: u64,
    pub fetched: u64,
    pub rejected: u64,
    pub events: u64,
}

fn drain(world: &mut World, counts: &mut Counts) {
    while let Some(event) = world.poll_event() {
        counts.events += 1;
        match &event.kind {
            EventKind::RecordAppended { .. } => counts.appended += 1,
            EventKind::RecordRejected { .. } => counts.rejected += 1,
            EventKind::RecordsFetched { from, to, .. } => counts.fetched += to.0 - from.0,
            _ => {}
        }
    }
}

/// Produces `records` keyed records into a fresh world with `partitions` partitions, through
/// `World::produce` (the bulk form of `apply(Command::Produce)`: the same checks, record and
/// events, with the producer by handle and the key as a shared name; default partitioner:
/// murmur2 of the key), `advance_to` (the record arrives, is appended, acknowledged) and
/// `poll_event`. Returns the counts.
fn produce_into(world: &mut World, keys: &[Name], records: u64, counts: &mut Counts) {
    let producer = world.producer_id("p").expect("the benchmark producer exists");
    let mut sent = 0u64;
    let mut t = world.now().as_ms();
    while sent < records {
        let batch = PRODUCE_BATCH.min(records - sent);
        for i in 0..batch {
            let key = &keys[((sent + i) % keys.len() as u64) as usize];
            world.produce(producer, Some(key.clone()), None).expect("the benchmark producer exists");
        }
        drain(world, counts);
        sent += batch;
        t += 1;
        run_to(world, t, counts);
    }
    // Let the last acknowledgements arrive.
    run_to(world, t + 10, counts);
}

/// Keyed produce through the World: records per second (each world holds at most
/// `RECORDS_PER_PARTITION` per partition; bigger runs use several worlds, built outside the
/// timed part).
pub fn produce(records: u64, partitions: u32) -> Rate {
    produce_counted(records, partitions).0
}

/// [`produce`], with what the world reported.
pub fn produce_counted(records: u64, partitions: u32) -> (Rate, Counts) {
    let keys = keys(10_000);
    let per_world = RECORDS_PER_PARTITION * u64::from(partitions);
    let mut counts = Counts::default();
    let mut ms = 0.0;
    let mut left = records;
    while left > 0 {
        let n = left.min(per_world);
        let mut world = World::new(&produce_scenario(partitions, false)).expect("valid");
        ms += timed(|| {
            produce_into(&mut world, &keys, n, &mut counts);
            n
        })
        .ms;
        left -= n;
    }
    (Rate { ops: records, ms }, counts)
}

/// The bare baseline for [`produce`]: murmur2 of the same keys, Kafka's partition choice, and a
/// push of (partition, key index) into a Vec. Returns the rate and a checksum of the pushes.
pub fn produce_baseline(records: u64, partitions: u32) -> (Rate, u64) {
    let keys = keys(10_000);
    let mut pushed: Vec<(u32, u32)> = Vec::with_capacity(records as usize);
    let rate = timed(|| {
        for i in 0..records {
            let k = (i % keys.len() as u64) as usize;
            let partition = partitioner::partition_for_key(keys[k].as_bytes(), partitions);
            pushed.push((partition, k as u32));
        }
        records
    });
    let sum = std::hint::black_box(&pushed).iter().map(|&(p, _)| u64::from(p)).sum();
    (rate, sum)
}

/// What storing the records costs with no world around it: murmur2 of the same keys, then
/// `PartitionLog::try_append` of the record the world would keep (the key as a shared name,
/// the send time as its timestamp) into one log per partition, with Kafka's default log
/// settings. A world that keeps the records cannot produce faster than this, so its ratio to
/// [`produce_baseline`] bounds `produce_baseline_ratio` from above. Returns the rate and the
/// records the logs hold.
pub fn produce_store_floor(records: u64, partitions: u32) -> (Rate, u64) {
    let keys = keys(10_000);
    let per_world = RECORDS_PER_PARTITION * u64::from(partitions);
    let mut ms = 0.0;
    let mut stored = 0u64;
    let mut done = 0u64;
    while done < records {
        let n = (records - done).min(per_world);
        let mut logs: Vec<PartitionLog> = (0..partitions).map(|_| PartitionLog::new()).collect();
        ms += timed(|| {
            for i in done..done + n {
                let k = (i % keys.len() as u64) as usize;
                let partition = partitioner::partition_for_key(keys[k].as_bytes(), partitions);
                let record = Record {
                    id: RecordId(i),
                    offset: Offset(0),
                    key: Some(keys[k].clone()),
                    value: None,
                    timestamp: SimTime(i / PRODUCE_BATCH),
                };
                logs[partition as usize].try_append(record).expect("keyed records append to a default log");
            }
            n
        })
        .ms;
        stored += std::hint::black_box(&logs).iter().map(|l| l.len() as u64).sum::<u64>();
        done += n;
    }
    (Rate { ops: records, ms }, stored)
}

/// Fetch through the World: `records` keyed records are produced first (not timed); then one
/// group member joins with `auto.offset.reset = earliest`, zero processing time and
/// `max.poll.records` 500, and the world runs until the group has fetched every record.
/// Records fetched per second (join and rebalance included).
pub fn fetch(records: u64, partitions: u32) -> (Rate, Counts) {
    assert!(records <= RECORDS_PER_PARTITION * u64::from(partitions), "one world holds the records");
    let keys = keys(10_000);
    let mut world = World::new(&produce_scenario(partitions, true)).expect("valid");
    let mut counts = Counts::default();
    produce_into(&mut world, &keys, records, &mut counts);
    let mut fetched = Counts::default();
    let rate = timed(|| {
        world.apply(Command::AddMember { group: String::from("readers"), instance_id: None }).expect("the group exists");
        drain(&mut world, &mut fetched);
        let mut t = world.now().as_ms();
        // Bounded: a broken world stops after a simulated day rather than spinning forever.
        while fetched.fetched < records && t < 86_400_000 {
            t += 100;
            run_to(&mut world, t, &mut fetched);
        }
        fetched.fetched
    });
    (rate, fetched)
}

// ---------------------------------------------------------------------------------------------
// Topic-exchange routing.

/// Queues the routing benchmark binds to (bindings are spread over them).
const ROUTE_QUEUES: usize = 200;

/// `count` binding keys of the shapes applications use: literal, `*` and `#` in various places.
pub fn binding_keys(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let region = i % 37;
            let service = (i / 37) % 53;
            match i % 5 {
                0 => format!("eu.r{region}.s{service}.order.created"),
                1 => format!("us.r{region}.*.order.s{service}"),
                2 => format!("*.r{region}.s{service}.#"),
                3 => format!("#.s{service}.r{region}.audit"),
                _ => format!("ap.r{region}.s{service}.*.*"),
            }
        })
        .collect()
}

/// `count` routing keys, some matching many bindings, some few, some none.
pub fn routing_keys(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let region = (i * 7) % 41;
            let service = (i * 13) % 59;
            match i % 4 {
                0 => format!("eu.r{region}.s{service}.order.created"),
                1 => format!("us.r{region}.s{service}.order.s{service}"),
                2 => format!("x.y.s{service}.r{region}.audit"),
                _ => format!("ap.r{region}.s{service}.payment.failed"),
            }
        })
        .collect()
}

/// A message broker with one topic exchange `bench` and `bindings` bindings to
/// `ROUTE_QUEUES` queues; also the same bindings as a plain list, for the naive matcher.
pub fn routing_fixture(bindings: usize) -> (MessageBroker, Vec<(String, Name)>) {
    let mut broker = MessageBroker::new();
    let now = SimTime::ZERO;
    let channel = ChannelId::new(1, 1);
    broker.open_channel(now, channel).expect("a fresh channel");
    broker.declare_exchange(now, channel, ExchangeDeclare::new("bench", ExchangeKind::Topic)).expect("declare");
    let queues: Vec<Name> = (0..ROUTE_QUEUES).map(|q| Name::from(format!("q{q}"))).collect();
    for q in &queues {
        broker.declare_queue(now, channel, QueueDeclare::new(q)).expect("declare queue");
    }
    let mut list = Vec::with_capacity(bindings);
    for (i, key) in binding_keys(bindings).into_iter().enumerate() {
        let queue = queues[i % ROUTE_QUEUES].clone();
        broker.bind_queue(now, channel, &queue, "bench", &key, Headers::new()).expect("bind");
        list.push((key, queue));
    }
    (broker, list)
}

/// Routes every key in `keys` through the exchange (its topic trie); returns the rate and the
/// total of queues reached.
pub fn route_trie(broker: &MessageBroker, keys: &[String], messages: u64) -> (Rate, u64) {
    let headers = Headers::new();
    let mut reached = 0u64;
    let rate = timed(|| {
        for i in 0..messages {
            let key = &keys[(i % keys.len() as u64) as usize];
            reached += broker.route("bench", key, &headers).expect("the exchange exists").len() as u64;
        }
        messages
    });
    (rate, reached)
}

/// The naive router: `topic_matches` against every binding, queues collected in a set.
pub fn route_naive(bindings: &[(String, Name)], keys: &[String], messages: u64) -> (Rate, u64) {
    let mut reached = 0u64;
    let rate = timed(|| {
        for i in 0..messages {
            let key = &keys[(i % keys.len() as u64) as usize];
            let queues: BTreeSet<&Name> =
                bindings.iter().filter(|(binding, _)| topic_matches(binding, key)).map(|(_, q)| q).collect();
            reached += queues.len() as u64;
        }
        messages
    });
    (rate, reached)
}

// ---------------------------------------------------------------------------------------------
// Assignors.

pub const STRATEGIES: [(Strategy, &str); 4] = [
    (Strategy::Range, "range"),
    (Strategy::RoundRobin, "roundrobin"),
    (Strategy::Sticky, "sticky"),
    (Strategy::CooperativeSticky, "cooperative-sticky"),
];

/// Topics the assignment benchmark spreads its partitions over.
const ASSIGN_TOPICS: u32 = 10;

/// (topic → partition count, subscriptions) for `members` members all subscribed to
/// `ASSIGN_TOPICS` topics holding `partitions` partitions in all.
pub fn assign_input(members: usize, partitions: u32) -> (BTreeMap<Name, u32>, Vec<Subscription>) {
    let topics: BTreeMap<Name, u32> = (0..ASSIGN_TOPICS)
        .map(|t| (Name::from(format!("topic-{t}")), partitions / ASSIGN_TOPICS + u32::from(t < partitions % ASSIGN_TOPICS)))
        .filter(|&(_, n)| n > 0)
        .collect();
    let names: Vec<Name> = topics.keys().cloned().collect();
    let subscriptions = (0..members)
        .map(|m| Subscription {
            member_id: Name::from(format!("consumer-{m}-{:08x}", (m as u32).wrapping_mul(0x9e37_79b9))),
            instance_id: None,
            topics: names.clone(),
            owned: Vec::new(),
            generation: None,
        })
        .collect();
    (topics, subscriptions)
}

/// One assignor's figures: a fresh group, then a rebalance after one member leaves (the others
/// own what the fresh assignment gave them, generation 1).
#[derive(Clone, Debug)]
pub struct AssignRun {
    pub fresh_ms: f64,
    pub rebalance_ms: f64,
    pub fresh: Assignment,
    pub rebalance: Assignment,
    /// The subscriptions the rebalance ran over.
    pub rebalance_members: Vec<Subscription>,
}

pub fn assign(strategy: Strategy, members: usize, partitions: u32) -> AssignRun {
    let (topics, fresh_members) = assign_input(members, partitions);
    let start = now_ms();
    let fresh = assignor::assign(strategy, &topics, &fresh_members);
    let fresh_ms = now_ms() - start;
    let mut rebalance_members = assignor::after_rebalance(&fresh_members, &fresh, 1);
    // The member in the middle leaves.
    rebalance_members.remove(members / 2);
    let start = now_ms();
    let rebalance = assignor::assign(strategy, &topics, &rebalance_members);
    let rebalance_ms = now_ms() - start;
    AssignRun { fresh_ms, rebalance_ms, fresh, rebalance, rebalance_members }
}

/// Problems with an assignment: a partition given twice, a partition that does not exist, a
/// member missing; with `complete`, also a partition given to nobody.
pub fn assignment_problems(
    topics: &BTreeMap<Name, u32>,
    members: &[Subscription],
    assignment: &Assignment,
    complete: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: BTreeSet<&TopicPartition> = BTreeSet::new();
    for (member, list) in assignment {
        for tp in list {
            if topics.get(&tp.topic).is_none_or(|&n| tp.partition >= n) {
                problems.push(format!("{member} got {}/{}, which does not exist", tp.topic, tp.partition));
            }
            if !seen.insert(tp) {
                problems.push(format!("{}/{} is assigned twice", tp.topic, tp.partition));
            }
        }
    }
    for m in members {
        if !assignment.contains_key(&m.member_id) {
            problems.push(format!("member {} is missing", m.member_id));
        }
    }
    if assignment.len() != members.len() {
        problems.push(format!("{} members assigned, {} subscribed", assignment.len(), members.len()));
    }
    let total: u32 = topics.values().sum();
    if complete && seen.len() != total as usize {
        problems.push(format!("{} of {total} partitions assigned", seen.len()));
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// A busy world, advanced as the page would, with nothing drawn.

/// A busy lesson-like scenario: three brokers, replicated topics (one compacted), three
/// producers, two groups, a RabbitMQ side with a dead-letter exchange, publishers and a
/// flaky consumer, and faults on a script.
pub const BUSY_SCENARIO: &str = r#"{
  "version": 1,
  "seed": 7,
  "link_ms": 100,
  "event_broker": {
    "brokers": 3,
    "log_retention_check_interval_ms": 2000,
    "log_cleaner_backoff_ms": 2000,
    "topics": [
      { "name": "orders", "partitions": 6, "replication_factor": 3,
        "config": { "segment.ms": 1500, "retention.ms": 20000, "min.insync.replicas": 2 } },
      { "name": "profiles", "partitions": 2, "replication_factor": 2,
        "config": { "cleanup.policy": "compact", "segment.bytes": 600, "delete.retention.ms": 3000 } }
    ],
    "producers": [
      { "name": "shop", "topic": "orders", "every_ms": 20, "keys": ["alice", "bob", "carol", "dave", "erin"] },
      { "name": "web", "topic": "orders", "every_ms": 35 },
      { "name": "users", "topic": "profiles", "every_ms": 60, "keys": ["u1", "u2", "u3"] }
    ],
    "groups": [
      { "name": "payment", "topics": ["orders"], "members": 3, "processing_ms": 15, "max_poll_records": 20,
        "auto_offset_reset": "earliest", "assignor": "cooperative-sticky" },
      { "name": "audit", "topics": ["orders", "profiles"], "members": 2, "processing_ms": 5,
        "auto_offset_reset": "earliest" }
    ]
  },
  "message_broker": {
    "definitions": {
      "exchanges": [
        { "name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {} },
        { "name": "events", "vhost": "/", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": {} }
      ],
      "queues": [
        { "name": "tasks", "vhost": "/", "durable": true, "auto_delete": false,
          "arguments": { "x-dead-letter-exchange": "dlx", "x-message-ttl": 3000 } },
        { "name": "eu", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {} },
        { "name": "dead", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {} }
      ],
      "bindings": [
        { "source": "dlx", "vhost": "/", "destination": "dead", "destination_type": "queue", "routing_key": "", "arguments": {} },
        { "source": "events", "vhost": "/", "destination": "eu", "destination_type": "queue", "routing_key": "eu.#", "arguments": {} },
        { "source": "events", "vhost": "/", "destination": "tasks", "destination_type": "queue", "routing_key": "*.order.*", "arguments": {} }
      ]
    },
    "publishers": [
      { "name": "api", "routing_keys": ["tasks"], "every_ms": 40, "persistent": true, "confirms": true },
      { "name": "stream", "exchange": "events", "routing_keys": ["eu.order.created", "us.order.paid", "eu.user.new"], "every_ms": 25 }
    ],
    "consumers": [
      { "name": "worker", "queue": "tasks", "prefetch": 5, "processing_ms": 30, "failure_per_mille": 200, "on_failure": "reject" },
      { "name": "eu-reader", "queue": "eu", "prefetch": 10, "processing_ms": 10, "auto_ack": true },
      { "name": "janitor", "queue": "dead", "processing_ms": 5 }
    ]
  },
  "script": [
    { "at_ms": 3000, "command": { "kill_broker": { "broker": 1 } } },
    { "at_ms": 5000, "command": { "message": { "crash_consumer": { "consumer": "worker" } } } },
    { "at_ms": 7000, "command": { "message": { "revive_consumer": { "consumer": "worker" } } } },
    { "at_ms": 8000, "command": { "revive_broker": { "broker": 1 } } },
    { "at_ms": 9000, "command": { "add_member": { "group": "payment" } } },
    { "at_ms": 12000, "command": { "message": "restart_broker" } }
  ]
}"#;

/// Runs [`BUSY_SCENARIO`] for `sim_ms` simulated milliseconds in 16 ms frames (as the page at
/// 1× does), draining every event; events per second of wall time.
pub fn world_events(sim_ms: u64) -> Rate {
    world_events_counted(sim_ms).0
}

pub fn world_events_counted(sim_ms: u64) -> (Rate, Counts) {
    let scenario = Scenario::from_json(BUSY_SCENARIO).expect("the busy scenario is valid");
    let mut world = World::new(&scenario).expect("the busy scenario builds");
    let mut counts = Counts::default();
    drain(&mut world, &mut counts);
    let rate = timed(|| {
        let mut t = 0;
        while t < sim_ms {
            t = (t + 16).min(sim_ms);
            run_to(&mut world, t, &mut counts);
        }
        counts.events
    });
    (rate, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produce_appends_every_record_and_the_baseline_runs() {
        let (rate, counts) = produce_counted(2_500, 4);
        assert!(rate.per_s() > 0.0);
        assert_eq!(counts.appended, 2_500, "{counts:?}");
        assert_eq!(counts.rejected, 0);
        let (baseline, sum) = produce_baseline(2_500, 4);
        assert!(baseline.per_s() > 0.0);
        assert!(sum > 0, "keys spread over several partitions");
        let (floor, stored) = produce_store_floor(2_500, 4);
        assert!(floor.per_s() > 0.0);
        assert_eq!(stored, 2_500, "every record is in a log");
    }

    #[test]
    fn a_produce_run_bigger_than_one_world_uses_several() {
        let (_, counts) = produce_counted(RECORDS_PER_PARTITION + 10, 1);
        assert_eq!(counts.appended, RECORDS_PER_PARTITION + 10);
        assert_eq!(counts.rejected, 0);
    }

    #[test]
    fn fetch_reads_every_record() {
        let (rate, counts) = fetch(1_200, 3);
        assert!(rate.per_s() > 0.0);
        assert_eq!(counts.fetched, 1_200, "{counts:?}");
    }

    #[test]
    fn the_trie_and_the_naive_matcher_reach_the_same_queues() {
        let (broker, list) = routing_fixture(300);
        let keys = routing_keys(40);
        let (trie, reached_trie) = route_trie(&broker, &keys, 40);
        let (naive, reached_naive) = route_naive(&list, &keys, 40);
        assert!(trie.per_s() > 0.0 && naive.per_s() > 0.0);
        assert!(reached_trie > 0, "the keys match some bindings");
        assert_eq!(reached_trie, reached_naive);
        for key in &keys {
            let expected: BTreeSet<&Name> =
                list.iter().filter(|(b, _)| topic_matches(b, key)).map(|(_, q)| q).collect();
            let got = broker.route("bench", key, &Headers::new()).unwrap();
            assert_eq!(got.iter().collect::<BTreeSet<_>>(), expected, "{key}");
        }
    }

    #[test]
    fn every_assignor_gives_a_valid_assignment_fresh_and_after_a_member_leaves() {
        let (topics, members) = assign_input(7, 53);
        for (strategy, name) in STRATEGIES {
            let run = assign(strategy, 7, 53);
            assert!(run.fresh_ms >= 0.0 && run.rebalance_ms >= 0.0);
            let fresh = assignment_problems(&topics, &members, &run.fresh, true);
            assert!(fresh.is_empty(), "{name} fresh: {fresh:?}");
            // Cooperative-sticky leaves partitions that move unassigned for one round; the
            // member that left owned nothing anyone else owned, so here nothing moves and
            // every assignor must hand out everything.
            let again = assignment_problems(&topics, &run.rebalance_members, &run.rebalance, strategy != Strategy::CooperativeSticky);
            assert!(again.is_empty(), "{name} rebalance: {again:?}");
            assert_eq!(run.rebalance.len(), 6);
        }
    }

    #[test]
    fn the_busy_world_produces_consumes_and_routes() {
        let (rate, counts) = world_events_counted(4_000);
        assert!(rate.per_s() > 0.0);
        assert!(counts.appended > 100, "{counts:?}");
        assert!(counts.fetched > 0, "{counts:?}");
        assert!(counts.events > counts.appended);
    }
}
