//! `brokerlab assign`: which partitions each group member gets from Kafka's client-side
//! assignors (`range`, `roundrobin`, `sticky`, `cooperative-sticky`), or, with
//! `--protocol consumer`, from the group coordinator's assignors of the consumer rebalance
//! protocol (KIP-848: `range`, and `uniform` for members with equal subscriptions; see
//! `brokerlab_core::event_broker::server_assignor`). Under `uniform`, Kafka's order of topic
//! ids is stood for by topic name order, and its order of members by the input's.
//!
//! Reads one JSON document on stdin:
//!
//! ```text
//! {"topics": {"t0": 3, "t1": 2},
//!  "members": [{"id": "c0", "instance_id": null, "topics": ["t0", "t1"],
//!               "owned": [["t0", 0]], "generation": 1}]}
//! ```
//!
//! (`instance_id`, `owned` and `generation` are optional) and prints one JSON object: member id
//! → its `[topic, partition]` pairs, sorted by topic then partition. Bad input is a `Usage`
//! error (stderr, exit code 2); nothing here panics on input.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};

use brokerlab_core::Name;
use brokerlab_core::event_broker::assignor::{self, Strategy, Subscription, TopicPartition};
use brokerlab_core::event_broker::server_assignor;
use serde::Deserialize;

use crate::Usage;

/// Partitions of one topic the command accepts.
const PARTITIONS_PER_TOPIC_MAX: u32 = 10_000;
/// Members of one group the command accepts.
const MEMBERS_MAX: usize = 10_000;
/// Partitions of all topics together, so the work stays bounded.
const PARTITIONS_TOTAL_MAX: u64 = 1_000_000;
/// Bytes read from stdin.
const INPUT_BYTES_MAX: u64 = 64 << 20;

const STRATEGIES: &str = "range, roundrobin, sticky or cooperative-sticky";
const SERVER_STRATEGIES: &str = "uniform or range";

/// Which assignor: a client's (`--protocol classic`, the default) or the group coordinator's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Classic(Strategy),
    /// `--protocol consumer --strategy range`.
    ConsumerRange,
    /// `--protocol consumer --strategy uniform`: groups with equal subscriptions only.
    ConsumerUniform,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    topics: BTreeMap<String, u32>,
    members: Vec<Member>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Member {
    id: String,
    #[serde(default)]
    instance_id: Option<String>,
    topics: Vec<String>,
    #[serde(default)]
    owned: Vec<(String, u32)>,
    #[serde(default)]
    generation: Option<i32>,
}

pub(crate) fn run(args: &[String], input: &mut impl Read, out: &mut impl Write) -> Result<(), Usage> {
    let choice = parse_args(args)?;
    let mut text = String::new();
    input
        .take(INPUT_BYTES_MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| Usage::new(format!("cannot read the members JSON from stdin: {e}")))?;
    if text.len() as u64 > INPUT_BYTES_MAX {
        return Err(Usage::new(format!("the input is larger than {INPUT_BYTES_MAX} bytes")));
    }
    let parsed: Input = serde_json::from_str(&text).map_err(|e| Usage::new(format!("bad members JSON: {e}")))?;
    let (topics, members) = validate(parsed)?;
    let assignment = match choice {
        Choice::Classic(strategy) => assignor::assign(strategy, &topics, &members),
        Choice::ConsumerRange => server_assignor::range(&topics, &members).map_err(unknown_topic)?,
        Choice::ConsumerUniform => {
            // Topics in name order stand for the order Kafka visits their ids; members in the
            // order given for its member map's (see `server_assignor::uniform_homogeneous`).
            let ordered: Vec<(Name, u32)> = topics.iter().map(|(name, &count)| (name.clone(), count)).collect();
            server_assignor::uniform_homogeneous(&ordered, &members)
                .ok_or_else(|| {
                    Usage::input(
                        "the members subscribe to different topics: the uniform assignor's heterogeneous builder is not modelled yet",
                    )
                })?
                .map_err(unknown_topic)?
        }
    };
    let printable: BTreeMap<&str, Vec<(&str, u32)>> = assignment
        .iter()
        .map(|(member, list)| (&**member, list.iter().map(|tp| (&*tp.topic, tp.partition)).collect()))
        .collect();
    let json = serde_json::to_string(&printable).map_err(|e| Usage::new(format!("cannot encode the result: {e}")))?;
    writeln!(out, "{json}").map_err(|e| Usage::new(format!("cannot write: {e}")))
}

fn unknown_topic(e: server_assignor::UnknownTopic) -> Usage {
    Usage::input(format!("member {:?} subscribes to topic {:?}, which is not in \"topics\"", e.member_id, e.topic))
}

fn parse_args(args: &[String]) -> Result<Choice, Usage> {
    let (mut strategy, mut protocol) = (None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (slot, name, value): (&mut Option<String>, &str, &str) = if arg == "--strategy" || arg == "-s" {
            (&mut strategy, "--strategy", rest.next().ok_or_else(|| Usage::new(format!("--strategy needs one of {STRATEGIES}")))?)
        } else if let Some(value) = arg.strip_prefix("--strategy=") {
            (&mut strategy, "--strategy", value)
        } else if arg == "--protocol" {
            (&mut protocol, "--protocol", rest.next().ok_or_else(|| Usage::new("--protocol needs classic or consumer"))?)
        } else if let Some(value) = arg.strip_prefix("--protocol=") {
            (&mut protocol, "--protocol", value)
        } else {
            return Err(Usage::new(format!("unexpected argument {arg:?}")));
        };
        if slot.is_some() {
            return Err(Usage::new(format!("give {name} once")));
        }
        *slot = Some(value.to_string());
    }
    match protocol.as_deref() {
        None | Some("classic") => {
            let strategy = strategy.ok_or_else(|| Usage::new(format!("--strategy is required: {STRATEGIES}")))?;
            Ok(Choice::Classic(parse_strategy(&strategy)?))
        }
        Some("consumer") => match strategy.as_deref() {
            Some("range") => Ok(Choice::ConsumerRange),
            Some("uniform") => Ok(Choice::ConsumerUniform),
            Some(other) => Err(Usage::new(format!("unknown strategy {other:?} for --protocol consumer: use {SERVER_STRATEGIES}"))),
            None => Err(Usage::new(format!("--strategy is required: {SERVER_STRATEGIES}"))),
        },
        Some(other) => Err(Usage::new(format!("unknown protocol {other:?}: use classic or consumer"))),
    }
}

fn parse_strategy(value: &str) -> Result<Strategy, Usage> {
    match value {
        "range" => Ok(Strategy::Range),
        "roundrobin" => Ok(Strategy::RoundRobin),
        "sticky" => Ok(Strategy::Sticky),
        "cooperative-sticky" => Ok(Strategy::CooperativeSticky),
        other => Err(Usage::new(format!("unknown strategy {other:?}: use {STRATEGIES}"))),
    }
}

fn validate(input: Input) -> Result<(BTreeMap<Name, u32>, Vec<Subscription>), Usage> {
    let mut total: u64 = 0;
    for (topic, &count) in &input.topics {
        if !(1..=PARTITIONS_PER_TOPIC_MAX).contains(&count) {
            return Err(Usage::new(format!(
                "topic {topic:?} has {count} partitions; a topic needs 1 to {PARTITIONS_PER_TOPIC_MAX}"
            )));
        }
        total += u64::from(count);
    }
    if total > PARTITIONS_TOTAL_MAX {
        return Err(Usage::new(format!("{total} partitions in all; at most {PARTITIONS_TOTAL_MAX} are accepted")));
    }
    if input.members.len() > MEMBERS_MAX {
        return Err(Usage::new(format!("{} members; at most {MEMBERS_MAX} are accepted", input.members.len())));
    }
    let mut ids = BTreeSet::new();
    for member in &input.members {
        if !ids.insert(member.id.as_str()) {
            return Err(Usage::new(format!("member id {:?} appears more than once", member.id)));
        }
    }
    let topics = input.topics.into_iter().map(|(name, count)| (Name::from(name), count)).collect();
    let members = input
        .members
        .into_iter()
        .map(|m| Subscription {
            member_id: m.id.into(),
            instance_id: m.instance_id.map(Name::from),
            topics: m.topics.into_iter().map(Name::from).collect(),
            owned: m.owned.into_iter().map(|(topic, partition)| TopicPartition { topic: topic.into(), partition }).collect(),
            generation: m.generation,
        })
        .collect();
    Ok((topics, members))
}
