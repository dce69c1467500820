//! Predict, then watch. A lesson step may ask what its action will do before the learner does
//! it. The lesson names only the kind of question ([`Ask`]); the answers offered come from the
//! scenario as it stands, and the right one from the model itself: the step's action runs on a
//! copy of the running model (`Stage::foresee`) and the answer is read off the events that
//! follow. A learner who edited the scenario, typed another key or let time run still gets
//! the truth; nothing here knows what the lesson's text says.
//!
//! What the diagram highlights for a step ([`Watch`]) lives here too: both are what a step
//! points the learner at.

use brokerlab_core::Event;
use brokerlab_core::world::message::MessageEvent;

use crate::compare::CompareSims;
use crate::event_act::EventSim;
use crate::lesson_action::Action;
use crate::message_act::MessageSim;

mod event;
mod message;
mod share;
mod stream;
use event::{judge_event, members_of, partitions_around, starts};
use message::{copies, judge_message, queue_sets, ready};

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
    /// How many of `group`'s members (a consumer group's or a share group's) get records of
    /// what the action sends?
    MembersWithRecords { group: &'static str },
    /// After the action, what delivery count do the records `member` of share group `group`
    /// held show when another member acquires them?
    RedeliveredCount { group: &'static str, member: u32 },
    /// The step's produce: how many times does share group `group` deliver it before it is
    /// archived (or is it processed, or redelivered without end)?
    DeliveriesUntilArchived { group: &'static str },
    /// Is one of `group`'s members removed from the group after the action?
    Evicted { group: &'static str },
    /// The step's produce: does `group` read the record (is it below the high watermark)?
    Visible { group: &'static str },
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
    /// Once the action has played out and its readers have acked, how many messages does
    /// stream `queue` hold (R21)?
    StreamHolds { queue: &'static str },
    /// Where in its stream's log does `consumer` start reading after the action (R21)?
    StreamStartsAt { consumer: &'static str },
    /// The step's publish: how many times does quorum queue `queue` deliver it before its
    /// delivery limit dead-letters it (or is it processed, or redelivered without end)? (R20)
    DeliveriesUntilDeadLettered { queue: &'static str },
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
    /// How many things (records, messages): Korean counts them with 개.
    Count(u64),
    /// How many members (Korean: 명).
    Members(u64),
    /// How many times, or which delivery (Korean: 번).
    Times(u64),
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
pub(super) const WITHIN_MS: u64 = 20_000;
/// The most answers offered.
pub(super) const OFFERED: usize = 4;

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
        Ask::OthersKeepReading { .. } | Ask::Evicted { .. } | Ask::Visible { .. } | Ask::Overtakes => vec![Choice::Yes, Choice::No],
        Ask::Kept { .. } => (0..OFFERED as u64).map(Choice::Count).collect(),
        Ask::MembersWithRecords { group } => (1..=members_of(&page.event.borrow(), group).max(1) as u64).take(OFFERED).map(Choice::Members).collect(),
        Ask::RedeliveredCount { .. } => (1..=OFFERED as u64).map(Choice::Times).collect(),
        Ask::DeliveriesUntilArchived { group } => {
            let limit = share::delivery_limit(&page.event.borrow(), group);
            vec![Choice::Times(1), Choice::Times(limit - 1), Choice::Times(limit), Choice::Fate(Fate::Loops)]
        }
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
        Ask::StreamHolds { queue } => match action {
            Action::Message(command) => stream::stream_holds_choices(queue, command, page.message.borrow().side()),
            _ => Vec::new(),
        },
        Ask::StreamStartsAt { consumer } => match action {
            Action::Message(command) => stream::stream_start_choices(consumer, command, &mut page.message.borrow_mut()),
            _ => Vec::new(),
        },
        Ask::DeliveriesUntilDeadLettered { queue } => stream::dead_letter_choices(queue, page.message.borrow().side()),
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
        // Streams and quorum queues read the model before the action too (`stream.rs`).
        (Ask::StreamHolds { queue }, Action::Message(command)) => stream::stream_holds(queue, command, &mut page.message.borrow_mut()),
        (Ask::StreamStartsAt { consumer }, Action::Message(command)) => {
            stream::stream_starts_at(consumer, command, &mut page.message.borrow_mut())
        }
        (Ask::DeliveriesUntilDeadLettered { queue }, Action::Message(command)) => {
            stream::deliveries_until_dead_lettered(queue, command, &mut page.message.borrow_mut())
        }
        (_, Action::Event(command)) => judge_event(ask, command, &mut page.event.borrow_mut()),
        (_, Action::Message(command)) => judge_message(ask, command, &mut page.message.borrow_mut()),
        (_, Action::Compare(_) | Action::ProduceTyped(_) | Action::KafkaVersion(_)) => None,
    }
}

