//! Predict, then watch. A lesson step may ask what its action will do before the learner does
//! it. The lesson names only the kind of question ([`Ask`]); the answers offered come from the
//! scenario as it stands, and the right one from the model itself: the step's action runs on a
//! copy of the running model (`Stage::foresee`) and the answer is read off the events that
//! follow. A learner who edited the scenario, typed another key or let time run still gets
//! the truth; nothing here knows what the lesson's text says.
//!
//! What the diagram highlights for a step ([`Watch`]) lives here too: both are what a step
//! points the learner at.

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::cluster::all_records;
use brokerlab_core::message_broker::EventKind as BrokerKind;
use brokerlab_core::message_broker::event::DropReason;
use brokerlab_core::message_broker::exchange::Destination;
use brokerlab_core::message_broker::message::DeathReason;
use brokerlab_core::world::message::{MessageCommand, MessageEvent, MessageEventKind, MessageSide};
use brokerlab_core::world::AutoOffsetReset;
use brokerlab_core::{Command, Event, EventKind, World};

use crate::compare::CompareSims;
use crate::event_act::EventSim;
use crate::lessons::Action;
use crate::message_act::MessageSim;

/// A diagram element a step talks about (the lessons name theirs with `'static` names; the
/// diagrams ask with the names they draw).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watch<'a> {
    /// A partition's strip: topic and partition.
    Partition(&'a str, u32),
    /// A consumer group's box.
    Group(&'a str),
    Broker(u32),
    Producer(&'a str),
    Queue(&'a str),
    Exchange(&'a str),
    Consumer(&'a str),
    Publisher(&'a str),
}

/// The class that highlights `target` if the open step watches it.
// Not `contains`: the target borrows the diagram's names, shorter-lived than the list's.
#[allow(clippy::manual_contains)]
pub fn lit(watching: &[Watch<'static>], target: Watch<'_>) -> Option<&'static str> {
    watching.iter().any(|w| *w == target).then_some("watched")
}

/// What a checkpoint asks. Each kind knows how to offer its answers and how to find the right
/// one in what the action causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// The step's produce: which partition does its record land in?
    Partition,
    /// The next record `producer` sends after the action: acknowledged, refused, or no answer?
    NextProduce { producer: &'static str },
    /// Where does `group` start reading after the action (its first position)?
    StartsAt { group: &'static str },
    /// Who leads partition `partition` of `topic` once the action has played out?
    Leader { topic: &'static str, partition: u32 },
    /// After the action on `group`, do the other groups keep reading?
    OthersKeepReading { group: &'static str },
    /// In the rebalance the action causes, what do `group`'s other members give up?
    Revokes { group: &'static str },
    /// Is one of `group`'s members removed from the group after the action?
    Evicted { group: &'static str },
    /// Once the action has played out, how many records with `key` does `topic` keep?
    Kept { topic: &'static str, key: &'static str },
    /// The step's publish: which queues does the message reach?
    Queues,
    /// Which consumer gets the most of what the action sends?
    MostDeliveries,
    /// What becomes of the step's message? Offered: these fates.
    Fate(&'static [Fate]),
    /// After the action, who gets the unacked messages again (or nobody: lost)?
    Redelivery,
    /// How many messages are ready in `queue` once the action has played out?
    Depth { queue: &'static str },
    /// Is the step's message the next one delivered, ahead of those already waiting?
    Overtakes,
    /// `queue` is full: what gives way when more arrives?
    Overflow { queue: &'static str },
    /// Compare view: one shop event, how many groups read it and how many workers process it?
    Copies,
}

/// What can become of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fate {
    /// A consumer processed and acknowledged it.
    Processed,
    /// Requeued again and again (at least three times in the window).
    Loops,
    DeadLettered,
    Dropped,
    /// Still in the queue at the end of the window.
    Waits,
}

/// Where a group starts reading, by what the offset is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Start {
    LogStart,
    LogEnd,
    Committed,
    Zero,
    /// None of those: the offset itself.
    Other,
}

/// What gives way when a queue at its length limit gets another message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GivesWay {
    /// The oldest waiting message leaves the queue (dropped or dead-lettered, reason maxlen).
    Oldest,
    /// The new message is refused (the publisher gets a nack).
    Newest,
    /// Nothing: the queue grows past its limit.
    Nothing,
}

/// How a produce ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Produced {
    Acked,
    Refused,
    NoAnswer,
}

/// What partitions the other members give up in a rebalance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Revoked {
    Everything,
    OnlyWhatMoves,
    Nothing,
}

/// One answer a checkpoint offers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Choice {
    Partition(u32),
    Produced(Produced),
    /// The offset is the one it had when the question was put, for the label.
    Start(Start, u64),
    Broker(u32),
    Offline,
    Yes,
    No,
    Revoked(Revoked),
    /// Sorted queue names; empty: the message is dropped.
    Queues(Vec<String>),
    Consumer(String),
    Even,
    Fate(Fate),
    /// Nobody gets them again.
    Lost,
    Count(u64),
    /// (groups that read it, workers that process it).
    Copies(u32, u32),
    GivesWay(GivesWay),
}

impl Choice {
    /// Whether a learner who picked `self` predicted `truth` (a start is judged by what the
    /// offset is, not by its number, which moves while the question is open).
    pub fn matches(&self, truth: &Choice) -> bool {
        match (self, truth) {
            (Choice::Start(a, _), Choice::Start(b, _)) => a == b,
            _ => self == truth,
        }
    }
}

/// What decided a checkpoint: the event, in either broker, that showed the answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Because {
    Event(Event),
    Message(MessageEvent),
}

/// The right answer, found by running the action on a copy of the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Truth {
    pub answer: Choice,
    pub because: Option<Because>,
    /// The element that decided it, to point at.
    pub element: Option<Watch<'static>>,
}

/// How long (simulated) a copy runs to find an answer.
const WITHIN_MS: u64 = 20_000;
/// The most answers offered.
const OFFERED: usize = 4;

/// The answers to offer for `ask` before `action`, in a fixed order that says nothing about
/// which is right. Where the answers depend on the outcome (more partitions than can be
/// offered, the queues a message may reach) the truth is among them, with neighbours.
pub fn choices(ask: Ask, action: &Action, page: &Sims) -> Vec<Choice> {
    let truth = judge(ask, action, page).map(|t| t.answer);
    let mut offered: Vec<Choice> = match ask {
        Ask::Partition => partitions_around(action, page, truth.as_ref()),
        Ask::NextProduce { .. } => vec![Produced::Acked, Produced::Refused, Produced::NoAnswer].into_iter().map(Choice::Produced).collect(),
        Ask::StartsAt { group } => starts(&page.event.borrow(), group).into_iter().map(|(s, o)| Choice::Start(s, o)).collect(),
        Ask::Leader { .. } => {
            let sim = page.event.borrow();
            let brokers: Vec<Choice> = sim.world().view().brokers().map(|(b, _)| Choice::Broker(b.0)).take(OFFERED - 1).collect();
            brokers.into_iter().chain([Choice::Offline]).collect()
        }
        Ask::OthersKeepReading { .. } | Ask::Evicted { .. } | Ask::Overtakes => vec![Choice::Yes, Choice::No],
        Ask::Kept { .. } => (0..OFFERED as u64).map(Choice::Count).collect(),
        Ask::Revokes { .. } => [Revoked::Everything, Revoked::OnlyWhatMoves, Revoked::Nothing].into_iter().map(Choice::Revoked).collect(),
        Ask::Queues => queue_sets(page, action, truth.as_ref()),
        Ask::MostDeliveries => {
            let sim = page.message.borrow();
            let mut consumers: Vec<Choice> = sim.side().consumers().map(|(name, ..)| Choice::Consumer(name.to_string())).take(OFFERED - 1).collect();
            consumers.push(Choice::Even);
            consumers
        }
        Ask::Fate(fates) => fates.iter().map(|f| Choice::Fate(*f)).collect(),
        Ask::Redelivery => {
            let sim = page.message.borrow();
            let mut consumers: Vec<Choice> = sim.side().consumers().map(|(name, ..)| Choice::Consumer(name.to_string())).take(OFFERED - 1).collect();
            consumers.push(Choice::Lost);
            consumers
        }
        Ask::Depth { queue } => {
            let now = ready(page.message.borrow().side(), queue) as u64;
            let mut counts: Vec<Choice> = (0..=now.max(2)).map(Choice::Count).collect();
            counts.truncate(OFFERED);
            counts
        }
        Ask::Overflow { .. } => [GivesWay::Oldest, GivesWay::Newest, GivesWay::Nothing].into_iter().map(Choice::GivesWay).collect(),
        Ask::Copies => {
            let compare = page.compare.borrow();
            let groups = compare.event.borrow().world().view().groups().count() as u32;
            let workers = compare.message.borrow().side().consumers().count() as u32;
            vec![Choice::Copies(1, 1), Choice::Copies(groups, 1), Choice::Copies(1, workers), Choice::Copies(groups, workers)]
        }
    };
    if let Some(truth) = truth
        && !offered.iter().any(|c| c.matches(&truth))
    {
        offered.pop();
        offered.push(truth);
    }
    brokerlab_core::sort::sort(&mut offered);
    offered.dedup();
    offered
}

/// The simulations a checkpoint may look at.
#[derive(Debug)]
pub struct Sims<'a> {
    pub event: &'a std::cell::RefCell<EventSim>,
    pub message: &'a std::cell::RefCell<MessageSim>,
    pub compare: &'a std::cell::RefCell<CompareSims>,
}

/// The right answer to `ask` if `action` is done now: the action runs on a copy of the model
/// and the answer is read off what follows. `None` if the action is refused (the refusal then
/// shows as usual) or the question does not fit the action.
pub fn judge(ask: Ask, action: &Action, page: &Sims) -> Option<Truth> {
    match (ask, action) {
        (Ask::Copies, _) => copies(page),
        (_, Action::Event(command)) => judge_event(ask, command, &mut page.event.borrow_mut()),
        (_, Action::Message(command)) => judge_message(ask, command, &mut page.message.borrow_mut()),
        (_, Action::Compare(_)) => None,
    }
}

fn judge_event(ask: Ask, command: &Command, sim: &mut EventSim) -> Option<Truth> {
    let before = sim.world().clone();
    let producer = match command {
        Command::Produce { producer, .. } => Some(producer.clone()),
        _ => None,
    };
    match ask {
        Ask::Partition => {
            let producer = producer?;
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| appended_by(e, &producer)).ok()?.events;
            let sent = events.iter().find_map(|e| match &e.kind {
                EventKind::RecordSent { record, producer: p, .. } if **p == *producer => Some(*record),
                _ => None,
            })?;
            let appended = events.iter().find(|e| matches!(&e.kind, EventKind::RecordAppended { record, .. } if *record == sent))
                .or_else(|| events.iter().find(|e| matches!(&e.kind, EventKind::RecordSent { record, .. } if *record == sent)))?;
            let (topic, partition) = match &appended.kind {
                EventKind::RecordAppended { topic, partition, .. } | EventKind::RecordSent { topic, partition, .. } => (topic.clone(), *partition),
                _ => return None,
            };
            Some(Truth { answer: Choice::Partition(partition.0), because: Some(Because::Event(appended.clone())), element: leak_partition(&before, &topic, partition) })
        }
        Ask::NextProduce { producer } => {
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| produce_outcome(e, producer).is_some()).ok()?.events;
            let last = events.last().filter(|e| produce_outcome(e, producer).is_some());
            let answer = last.and_then(|e| produce_outcome(e, producer)).unwrap_or(Produced::NoAnswer);
            Some(Truth { answer: Choice::Produced(answer), because: last.cloned().map(Because::Event), element: Some(Watch::Producer(producer)) })
        }
        Ask::StartsAt { group } => {
            sim.catch_up();
            let roles = starts(sim, group);
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| start_of(e, group).is_some()).ok()?.events;
            let decided = events.last().filter(|e| start_of(e, group).is_some())?;
            let offset = start_of(decided, group)?;
            // A reset says which end it went to (the log end moves on while the member joins);
            // a fetch or a seek is named by the offset it starts at.
            let role = match &decided.kind {
                EventKind::OffsetReset { policy: AutoOffsetReset::Earliest, .. } => Start::LogStart,
                EventKind::OffsetReset { policy: AutoOffsetReset::Latest, .. } => Start::LogEnd,
                _ => roles.iter().find(|(_, o)| *o == offset).map_or(Start::Other, |(r, _)| *r),
            };
            Some(Truth { answer: Choice::Start(role, offset), because: Some(Because::Event(decided.clone())), element: Some(Watch::Group(group)) })
        }
        Ask::Leader { topic, partition } => {
            let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
            let (events, after) = (seen.events, seen.model);
            let p = PartitionIndex(partition);
            let decided = events.iter().rev().find(|e| match &e.kind {
                EventKind::LeaderElected { topic: t, partition: q, .. } | EventKind::PartitionOffline { topic: t, partition: q, .. } => &**t == topic && *q == p,
                _ => false,
            });
            let answer = match decided.map(|e| &e.kind) {
                Some(EventKind::LeaderElected { leader, .. }) => Choice::Broker(leader.0),
                Some(_) => Choice::Offline,
                None => after.view().replication(topic, p)?.leader.map_or(Choice::Offline, |b| Choice::Broker(b.0)),
            };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Partition(topic, partition)) })
        }
        Ask::OthersKeepReading { group } => {
            let events = sim.foresee(command.clone(), 5_000, |e| matches!(&e.kind, EventKind::RecordsProcessed { group: g, .. } if &**g != group)).ok()?.events;
            let decided = events.last().filter(|e| matches!(&e.kind, EventKind::RecordsProcessed { group: g, .. } if &**g != group));
            let answer = if decided.is_some() { Choice::Yes } else { Choice::No };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Group(group)) })
        }
        Ask::Revokes { group } => {
            let assigned = |e: &Event| matches!(&e.kind, EventKind::PartitionsAssigned { group: g, .. } if &**g == group);
            let seen = sim.foresee(command.clone(), WITHIN_MS, assigned).ok()?;
            Some(revokes(&before, &seen.events, group))
        }
        Ask::Kept { topic, key } => {
            let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
            let kept: usize = seen.model.view().event_broker().topic(topic).map_or(0, |t| {
                t.partitions().iter().map(|log| all_records(log).filter(|r| r.key.as_deref() == Some(key)).count()).sum()
            });
            let because = seen.events.iter().rev().find(|e| matches!(&e.kind, EventKind::RecordsCompacted { .. })).cloned();
            Some(Truth { answer: Choice::Count(kept as u64), because: because.map(Because::Event), element: Some(Watch::Partition(topic, 0)) })
        }
        Ask::Evicted { group } => {
            let evicted = |e: &Event| matches!(&e.kind, EventKind::MemberLeft { group: g, .. } if &**g == group);
            let events = sim.foresee(command.clone(), WITHIN_MS * 2, evicted).ok()?.events;
            let decided = events.last().filter(|e| evicted(e));
            let answer = if decided.is_some() { Choice::Yes } else { Choice::No };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Group(group)) })
        }
        _ => None,
    }
}

/// The element for a partition, if the lesson's scenario names it (a `Watch` holds static
/// names; a partition of a topic the learner added is pointed at through its group instead).
fn leak_partition(world: &World, topic: &str, partition: PartitionIndex) -> Option<Watch<'static>> {
    world.view().event_broker().topic(topic)?;
    STATIC_TOPICS.iter().find(|t| **t == topic).map(|t| Watch::Partition(t, partition.0))
}

/// The topic names the lessons use, as static strings a `Watch` can hold.
const STATIC_TOPICS: &[&str] = &["orders", "clicks", "shop-events", "payments", "prices", "reports"];

fn appended_by(event: &Event, producer: &str) -> bool {
    matches!(&event.kind, EventKind::RecordAppended { .. }) || matches!(&event.kind, EventKind::RecordRejected { producer: p, .. } if &**p == producer)
}

fn produce_outcome(event: &Event, producer: &str) -> Option<Produced> {
    match &event.kind {
        EventKind::ProduceAcked { producer: p, .. } if &**p == producer => Some(Produced::Acked),
        EventKind::NotEnoughReplicas { producer: p, .. } | EventKind::RecordRejected { producer: p, .. } if &**p == producer => Some(Produced::Refused),
        _ => None,
    }
}

/// The offset `group` starts reading partition 0 at, if `event` shows it (the question is
/// about partition 0 of the group's first topic; the lessons' groups read one topic).
fn start_of(event: &Event, group: &str) -> Option<u64> {
    match &event.kind {
        EventKind::OffsetReset { group: g, partition, offset, .. } | EventKind::MemberSeeked { group: g, partition, offset, .. }
            if &**g == group && partition.0 == 0 => Some(offset.0),
        EventKind::RecordsFetched { group: g, partition, from, .. } if &**g == group && partition.0 == 0 => Some(from.0),
        _ => None,
    }
}

/// The offsets a group may start at on its first topic's partition 0, by what they are:
/// the log start, the log end, its committed offset and 0, each offset once.
fn starts(sim: &EventSim, group: &str) -> Vec<(Start, u64)> {
    let view = sim.world().view();
    let Some(topic) = view.groups().find(|g| &**g.name == group).and_then(|g| g.topics.first().cloned()) else { return Vec::new() };
    let Some(log) = view.event_broker().topic(&topic).and_then(|t| t.partition(PartitionIndex(0))) else { return Vec::new() };
    let committed = view.committed(group, &topic, PartitionIndex(0));
    let mut out: Vec<(Start, u64)> = Vec::new();
    let candidates = [(Start::Committed, committed.map(|o| o.0)), (Start::LogStart, Some(log.log_start().0)), (Start::LogEnd, Some(log.log_end().0)), (Start::Zero, Some(0))];
    for (role, offset) in candidates {
        if let Some(offset) = offset
            && !out.iter().any(|(_, o)| *o == offset)
        {
            out.push((role, offset));
        }
    }
    out
}

/// What `group`'s members other than those that crashed give up, from the revocations in
/// `events`, against what they owned `before`.
fn revokes(before: &World, events: &[Event], group: &'static str) -> Truth {
    let view = before.view();
    let owned: Vec<(u32, usize)> = view.groups().filter(|g| &**g.name == group)
        .flat_map(|g| g.members.into_iter().filter(|m| m.state == brokerlab_core::world::MemberState::Running).map(|m| (m.index, m.assigned.len())).collect::<Vec<_>>())
        .collect();
    let mut answer = Revoked::Nothing;
    let mut because = None;
    for e in events {
        if let EventKind::PartitionsRevoked { group: g, member, partitions, .. } = &e.kind
            && &**g == group
            && !partitions.is_empty()
            && let Some((_, had)) = owned.iter().find(|(m, _)| m == member)
        {
            let all = partitions.len() >= *had;
            if all {
                answer = Revoked::Everything;
                because = Some(Because::Event(e.clone()));
                break;
            }
            answer = Revoked::OnlyWhatMoves;
            because.get_or_insert_with(|| Because::Event(e.clone()));
        }
    }
    Truth { answer: Choice::Revoked(answer), because, element: Some(Watch::Group(group)) }
}

fn partitions_around(action: &Action, page: &Sims, truth: Option<&Choice>) -> Vec<Choice> {
    let Action::Event(Command::Produce { producer, .. }) = action else { return Vec::new() };
    let sim = page.event.borrow();
    let view = sim.world().view();
    let Some(count) = view.producers().find(|p| **p.name == **producer).and_then(|p| view.event_broker().topic(p.topic)).map(|t| t.partition_count()) else {
        return Vec::new();
    };
    let centre = match truth {
        Some(Choice::Partition(p)) => *p,
        _ => 0,
    };
    let first = centre.saturating_sub(1).min(count.saturating_sub(OFFERED as u32));
    (first..count).take(OFFERED).map(Choice::Partition).collect()
}

fn judge_message(ask: Ask, command: &MessageCommand, sim: &mut MessageSim) -> Option<Truth> {
    let publisher = match command {
        MessageCommand::Publish { publisher, .. } | MessageCommand::Flood { publisher, .. } => Some(publisher.clone()),
        _ => None,
    };
    let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
    let (events, after) = (seen.events, seen.model);
    let published = publisher.as_deref().and_then(|p| first_message(&events, p));
    match ask {
        Ask::Queues => {
            let (arrived, queues) = events.iter().find_map(|e| match &e.kind {
                MessageEventKind::PublishArrived { message, queues, .. } if Some(*message) == published.map(|(m, _)| m) => Some((e, queues.clone())),
                _ => None,
            })?;
            let mut names: Vec<String> = queues.iter().map(|q| q.to_string()).collect();
            brokerlab_core::sort::sort(&mut names);
            Some(Truth { answer: Choice::Queues(names), because: Some(Because::Message(arrived.clone())), element: None })
        }
        Ask::MostDeliveries => {
            let mut counts: Vec<(String, u64)> = after.consumers().map(|(n, ..)| (n.to_string(), 0)).collect();
            for e in &events {
                if let MessageEventKind::DeliverySent { consumer, .. } = &e.kind
                    && let Some(c) = counts.iter_mut().find(|(n, _)| **n == **consumer)
                {
                    c.1 += 1;
                }
            }
            let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
            let leaders: Vec<&(String, u64)> = counts.iter().filter(|(_, n)| *n == best).collect();
            let answer = if leaders.len() == 1 { Choice::Consumer(leaders[0].0.clone()) } else { Choice::Even };
            Some(Truth { answer, because: None, element: None })
        }
        Ask::Fate(_) => {
            let (message, _) = published?;
            Some(fate(&events, message))
        }
        Ask::Redelivery => {
            let again = events.iter().find(|e| matches!(&e.kind, MessageEventKind::DeliverySent { redelivered: true, .. }));
            let answer = match again.map(|e| &e.kind) {
                Some(MessageEventKind::DeliverySent { consumer, .. }) => Choice::Consumer(consumer.to_string()),
                _ => Choice::Lost,
            };
            Some(Truth { answer, because: again.cloned().map(Because::Message), element: None })
        }
        Ask::Depth { queue } => {
            let restarted = events.iter().find(|e| matches!(&e.kind, MessageEventKind::Broker(BrokerKind::BrokerRestarted { .. })));
            Some(Truth { answer: Choice::Count(ready(&after, queue) as u64), because: restarted.cloned().map(Because::Message), element: Some(Watch::Queue(queue)) })
        }
        Ask::Overflow { queue } => {
            let gave = events.iter().find_map(|e| match &e.kind {
                MessageEventKind::Broker(BrokerKind::MessageDeadLettered { queue: q, reason: DeathReason::Maxlen, .. })
                | MessageEventKind::Broker(BrokerKind::MessageDropped { queue: q, why: DropReason::Died(DeathReason::Maxlen), .. })
                    if &**q == queue => Some((e, GivesWay::Oldest)),
                MessageEventKind::Broker(BrokerKind::PublishRejected { queue: q, .. }) if &**q == queue => Some((e, GivesWay::Newest)),
                _ => None,
            });
            let answer = gave.map_or(GivesWay::Nothing, |(_, g)| g);
            Some(Truth { answer: Choice::GivesWay(answer), because: gave.map(|(e, _)| Because::Message(e.clone())), element: Some(Watch::Queue(queue)) })
        }
        Ask::Overtakes => {
            let (message, _) = published?;
            let arrived_at = events.iter().position(|e| matches!(&e.kind, MessageEventKind::PublishArrived { message: m, .. } if *m == message))?;
            let next = events[arrived_at..].iter().find(|e| matches!(&e.kind, MessageEventKind::DeliverySent { .. }));
            let answer = match next.map(|e| &e.kind) {
                Some(MessageEventKind::DeliverySent { message: m, .. }) if *m == message => Choice::Yes,
                _ => Choice::No,
            };
            Some(Truth { answer, because: next.cloned().map(Because::Message), element: None })
        }
        _ => None,
    }
}

/// The id of the first message `publisher` published among `events`, with its index.
fn first_message(events: &[MessageEvent], publisher: &str) -> Option<(brokerlab_core::message_broker::MessageId, usize)> {
    let publish = events.iter().find_map(|e| match &e.kind {
        MessageEventKind::PublishSent { publish, publisher: p, .. } if &**p == publisher => Some(*publish),
        _ => None,
    })?;
    events.iter().enumerate().find_map(|(i, e)| match &e.kind {
        MessageEventKind::PublishArrived { publish: p, message, .. } if *p == publish => Some((*message, i)),
        _ => None,
    })
}

/// What became of `message` in `events`.
fn fate(events: &[MessageEvent], message: brokerlab_core::message_broker::MessageId) -> Truth {
    let mut requeued = 0;
    for e in events {
        let Some(kind) = (match &e.kind {
            MessageEventKind::Broker(kind) => Some(kind),
            _ => None,
        }) else {
            continue;
        };
        let found = match kind {
            BrokerKind::MessageAcked { message: m, .. } if *m == message => Some(Fate::Processed),
            BrokerKind::MessageDeadLettered { message: m, .. } if *m == message => Some(Fate::DeadLettered),
            BrokerKind::MessageDropped { message: m, .. } if *m == message => Some(Fate::Dropped),
            BrokerKind::MessageRequeued { message: m, .. } if *m == message => {
                requeued += 1;
                (requeued >= 3).then_some(Fate::Loops)
            }
            _ => None,
        };
        if let Some(found) = found {
            return Truth { answer: Choice::Fate(found), because: Some(Because::Message(e.clone())), element: None };
        }
    }
    Truth { answer: Choice::Fate(Fate::Waits), because: None, element: None }
}

fn ready(side: &MessageSide, queue: &str) -> usize {
    side.broker().queue(queue).map_or(0, |q| q.ready_count())
}

/// Which queues a message may reach, to offer: the truth, every queue bound to the
/// publisher's exchange, none, and one bound queue alone, at most four in all.
fn queue_sets(page: &Sims, action: &Action, truth: Option<&Choice>) -> Vec<Choice> {
    let sim = page.message.borrow();
    let side = sim.side();
    let publisher = match action {
        Action::Message(MessageCommand::Publish { publisher, .. } | MessageCommand::Flood { publisher, .. }) => publisher.as_str(),
        _ => "",
    };
    let exchange = side.publishers().find(|(name, _)| &***name == publisher).map(|(_, x)| x.clone());
    let mut bound: Vec<String> = exchange.and_then(|x| side.broker().exchange(&x).map(|x| x.bindings().iter().filter_map(|b| match &b.destination {
        Destination::Queue(q) => Some(q.to_string()),
        Destination::Exchange(_) => None,
    }).collect())).unwrap_or_default();
    brokerlab_core::sort::sort(&mut bound);
    bound.dedup();
    let truth_set = match truth {
        Some(Choice::Queues(q)) => Some(q.clone()),
        _ => None,
    };
    let lone = bound.iter().find(|q| truth_set.as_ref().is_none_or(|t| !t.contains(q) || t.len() > 1)).cloned();
    let candidates = [truth_set, Some(bound), Some(Vec::new()), lone.map(|q| vec![q])];
    let mut offered: Vec<Choice> = Vec::new();
    for set in candidates.into_iter().flatten() {
        let choice = Choice::Queues(set);
        if !offered.contains(&choice) && offered.len() < OFFERED {
            offered.push(choice);
        }
    }
    offered
}

/// The compare view: how many groups read one shop event and how many workers process it.
fn copies(page: &Sims) -> Option<Truth> {
    let compare = page.compare.borrow();
    let produce = Command::Produce { producer: "shop".into(), key: Some("order-1".into()), value: Some("order placed".into()) };
    let events = compare.event.borrow_mut().foresee(produce, WITHIN_MS, |_| false).ok()?.events;
    let mut groups: Vec<String> = Vec::new();
    for e in &events {
        if let EventKind::RecordsProcessed { group, .. } = &e.kind
            && !groups.iter().any(|g| **g == **group)
        {
            groups.push(group.to_string());
        }
    }
    let publish = MessageCommand::Publish { publisher: "shop".into(), routing_key: None };
    let events = compare.message.borrow_mut().foresee(publish, WITHIN_MS, |_| false).ok()?.events;
    let message = first_message(&events, "shop").map(|(m, _)| m);
    let mut workers: Vec<String> = Vec::new();
    for e in &events {
        if let MessageEventKind::ProcessingStarted { consumer, message: m, .. } = &e.kind
            && Some(*m) == message
            && !workers.iter().any(|w| **w == **consumer)
        {
            workers.push(consumer.to_string());
        }
    }
    Some(Truth { answer: Choice::Copies(groups.len() as u32, workers.len() as u32), because: None, element: None })
}
