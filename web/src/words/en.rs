//! The page's words in English: the sentences; the labels are in `en/labels.rs`, the lessons
//! in `en/lessons.rs`.

use brokerlab_core::words::{count, number};

use crate::checkpoint::{Choice, Fate, GivesWay, Produced, Revoked, Start};
use super::{Catalogue, Entity, LessonId, LessonWords, Ui};
use crate::setup::SetupError;
use brokerlab_core::Lang;
use crate::limits::{LOG_LINES_MAX, LOG_LIVE_MAX, LOG_SHOWN_MAX};

mod labels;
mod lessons;

/// English: the language every other catalogue is checked against.
pub struct English;

impl Catalogue for English {
    fn code(&self) -> &'static str {
        "en"
    }

    fn name(&self) -> &'static str {
        "English"
    }

    #[inline(always)]
    fn ui(&self, key: Ui) -> &'static str {
        labels::ui(key)
    }

    fn lesson(&self, id: LessonId) -> LessonWords {
        lessons::of(id)
    }

    fn choice(&self, choice: &Choice) -> String {
        match choice {
            Choice::Partition(p) => format!("P{p}"),
            Choice::Produced(Produced::Acked) => "It is acknowledged".into(),
            Choice::Produced(Produced::Refused) => "It is refused".into(),
            Choice::Produced(Produced::NoAnswer) => "No answer: it waits".into(),
            Choice::Start(Start::LogStart, o) => format!("The log start (offset {o})"),
            Choice::Start(Start::LogEnd, o) => format!("The log end (offset {o})"),
            Choice::Start(Start::Committed, o) => format!("Its committed offset ({o})"),
            Choice::Start(Start::Zero, _) => "Offset 0".into(),
            Choice::Start(Start::Other, o) => format!("Offset {o}"),
            Choice::Broker(b) => format!("b{b}"),
            Choice::Offline => "Nobody: it is offline".into(),
            Choice::Yes => "Yes".into(),
            Choice::No => "No".into(),
            Choice::Revoked(Revoked::Everything) => "Everything they own".into(),
            Choice::Revoked(Revoked::OnlyWhatMoves) => "Only what moves".into(),
            Choice::Revoked(Revoked::Nothing) => "Nothing".into(),
            Choice::Queues(q) if q.is_empty() => "No queue: it is dropped".into(),
            Choice::Queues(q) => q.join(", "),
            Choice::Consumer(c) => c.clone(),
            Choice::Even => "About the same each".into(),
            Choice::Fate(Fate::Processed) => "A consumer processes it".into(),
            Choice::Fate(Fate::Loops) => "Redelivered again and again".into(),
            Choice::Fate(Fate::DeadLettered) => "Dead-lettered".into(),
            Choice::Fate(Fate::Dropped) => "Dropped".into(),
            Choice::Fate(Fate::Waits) => "It waits in the queue".into(),
            Choice::Lost => "Nobody: they are lost".into(),
            Choice::GivesWay(GivesWay::Oldest) => "The oldest waiting task leaves the queue".into(),
            Choice::GivesWay(GivesWay::Newest) => "The new task is refused".into(),
            Choice::GivesWay(GivesWay::Nothing) => "Nothing: the queue grows".into(),
            Choice::Count(n) | Choice::Members(n) | Choice::Times(n) => n.to_string(),
            Choice::Copies(g, w) => format!("{} · {}", count(*g, "group reads it", "groups read it"), count(*w, "worker", "workers")),
        }
    }

    fn step_of(&self, step: usize, steps: usize) -> String {
        format!("Step {step} of {steps}")
    }

    /// The identifier's words.
    fn event_kind(&self, kind: &str) -> String {
        kind.replace('_', " ")
    }

    fn consumer_state<'a>(&self, state: &'a str) -> &'a str {
        state
    }

    fn topic_heading(&self, topic: &str, partitions: u32) -> String {
        format!("topic {topic} · {}", count(partitions, "partition", "partitions"))
    }

    fn replicas_line(&self, leader: u32, isr: &str) -> String {
        format!("leader b{leader} · ISR {isr}")
    }

    fn group_heading(&self, group: &str, generation: u32, rebalancing: bool) -> String {
        format!("{group} · gen {generation}{}", if rebalancing { " ⟳" } else { "" })
    }

    fn epoch_heading(&self, group: &str, epoch: u32, converging: bool) -> String {
        format!("{group} · epoch {epoch}{}", if converging { " ⟳" } else { "" })
    }

    fn record_title(&self, offset: u64, key: Option<&str>) -> String {
        format!("offset {offset} · key {}", key.unwrap_or("(none)"))
    }

    fn share_heading(&self, group: &str) -> String {
        format!("share group {group}")
    }

    fn share_member_line(&self, member: u32, parts: &str, held: usize, state: &str) -> String {
        format!("m{member} {parts} · holds {held} · {state}")
    }

    fn share_record_title(&self, group: &str, state: &str, holder: Option<&str>, delivery_count: u32, lock_until: Option<brokerlab_core::SimTime>) -> String {
        let held = match (holder, lock_until) {
            (Some(holder), Some(until)) => format!(" by {holder}, locked until {until}"),
            _ => String::new(),
        };
        format!("{group}: {state}{held} · delivery {delivery_count}")
    }

    fn exchange_kind(&self, kind: &str) -> String {
        format!("{kind} exchange")
    }

    fn queue_counts(&self, ready: usize, unacked: usize) -> String {
        format!("ready {ready} · unacked {unacked}")
    }

    fn consumer_counts(&self, state: &str, unacked: usize) -> String {
        format!("{state} · unacked {unacked}")
    }

    fn records_in_flight(&self, n: usize) -> String {
        format!("{} in flight", count(n as u64, "record", "records"))
    }

    fn messages_in_flight(&self, n: usize) -> String {
        format!("{} in flight", count(n as u64, "message", "messages"))
    }

    fn log_count(&self, shown: usize, total: usize, live: bool) -> String {
        if live {
            format!("{shown} of {total} shown · the newest {LOG_LIVE_MAX} while playing, up to {LOG_SHOWN_MAX} when paused")
        } else {
            format!("{shown} of {total} shown · the last {LOG_LINES_MAX} events are kept, at most {LOG_SHOWN_MAX} shown")
        }
    }

    fn diff_retention(&self, stored: u64, acked: u64, ready: usize, unacked: usize) -> String {
        format!(
            "Kafka keeps {} (reading deletes nothing). RabbitMQ forgot {} the moment {} acked; it holds only {ready} ready and {unacked} unacked.",
            if stored == 1 { String::from("its 1 record") } else { format!("all {stored} records") },
            count(acked, "message", "messages"),
            number(acked, "it was", "they were")
        )
    }

    fn diff_readers(&self, groups: &str, workers: &str) -> String {
        format!("Every group reads every record, independently: {groups}. The queue gives each message to one worker only: {workers}.")
    }

    fn diff_ordering(&self, redelivered: u64) -> String {
        format!("The same key (order-N) always lands in the same partition, so its events stay in order. worker-2 sometimes fails and nacks; the {redelivered} redelivered messages can be processed after later ones.")
    }

    fn stream_counts(&self, first: u64, next: u64) -> String {
        if next > first { format!("log {first}–{} · next {next}", next - 1) } else { format!("log empty · next {next}") }
    }

    fn stream_reader(&self, state: &str, next: u64) -> String {
        format!("{state} · at offset {next}")
    }

    fn home_line(&self, node: &str, running: bool) -> String {
        if running { format!("on {node} only") } else { format!("on {node} only: down") }
    }

    fn quorum_line(&self, leader: Option<&str>, others: &str, up: usize, total: usize) -> String {
        match leader {
            // A queue of one member (a one-node cluster) has no others to list.
            Some(leader) if others.is_empty() => format!("quorum · leader {leader}"),
            Some(leader) => format!("quorum · leader {leader} · {others}"),
            None => format!("quorum · no leader: {up} of {total} up"),
        }
    }

    fn diff_share_kept(&self, stored: u64, accepted: u64, acked: u64, ready: usize, unacked: usize) -> String {
        format!(
            "Kafka keeps {} in the log; the share group accepted {accepted}, which are never delivered again but stay there. RabbitMQ forgot {} once acked; it holds only {ready} ready and {unacked} unacked.",
            if stored == 1 { String::from("its 1 record") } else { format!("all {stored} records") },
            count(acked, "message", "messages"),
        )
    }

    fn diff_share_spread(&self, partitions: u32, members: &str, workers: &str) -> String {
        format!(
            "Two members share {} record by record, more readers than partitions (a consumer group gives a partition to one member): {members}. The queue does the same with its workers: {workers}.",
            if partitions == 1 { String::from("one partition") } else { format!("{partitions} partitions") }
        )
    }

    fn diff_share_redelivery(&self, redelivered: u64, lock_ms: u64, limit: u32, rabbit_redelivered: u64) -> String {
        format!(
            "Kafka: {} again after a lock expired (lock {lock_ms} ms: a crashed member's records wait that long), each archived after {limit} deliveries. RabbitMQ: {} again as soon as a worker's channel closed, with no limit on a classic queue.",
            count(redelivered, "record delivered", "records delivered"),
            count(rabbit_redelivered, "message redelivered", "messages redelivered"),
        )
    }

    fn diff_stream_partitions(&self, partitions: u32, spread: &str, first: u64, next: u64) -> String {
        let log = if next > first { format!("offsets {first}–{}", next - 1) } else { String::from("empty so far") };
        format!(
            "Kafka spreads the records by key over {partitions} partitions ({spread}): order-N always lands in the same one, and order holds within a partition only. The stream is one ordered log ({log}): no keys, one order for all. RabbitMQ's partitions are super streams (several streams behind one exchange), not modelled here."
        )
    }

    fn diff_stream_readers(&self, groups: &str, readers: &str, messages: u64) -> String {
        format!(
            "In a consumer group the members share the partitions, each partition to one member ({groups}), and every group reads every record. Every stream consumer reads all {} by itself ({readers} delivered); the only way to share a stream is single active consumer (one reads, the others wait), not modelled for streams.",
            count(messages, "message", "messages"),
        )
    }

    fn diff_stream_offsets(&self, committed: &str, positions: &str) -> String {
        format!(
            "Each group commits its offsets to the broker ({committed}): a member that takes over a partition, or comes back, goes on from there. The stream knows each consumer's next offset only while its channel is open ({positions}); crash one and revive it, and it starts again from its x-stream-offset: reader-first reads everything again, reader-next skips what came meanwhile. The model keeps no offset for a consumer that is gone (RabbitMQ's stream protocol can store one on the broker; not modelled)."
        )
    }

    fn diff_stream_kept(&self, stored: u64, messages: u64) -> String {
        format!(
            "Both keep the log after reading: Kafka {}, the stream {} (a stream consumer's ack only makes room for its next delivery). Both remove old data by retention only, whole segments at a time (Kafka's retention.ms and retention.bytes; the stream's x-max-age and x-max-length-bytes).",
            count(stored, "record", "records"),
            count(messages, "message", "messages"),
        )
    }

    fn entity(&self, what: Entity) -> &'static str {
        match what {
            Entity::Topic => "topic",
            Entity::Producer => "producer",
            Entity::Group => "group",
            Entity::Exchange => "exchange",
            Entity::Queue => "queue",
            Entity::Binding => "binding",
            Entity::Publisher => "publisher",
            Entity::Consumer => "consumer",
        }
    }

    fn setup_error(&self, error: &SetupError) -> String {
        match error {
            SetupError::Scenario(e) => e.explain(Lang::En),
            SetupError::Message(e) => e.explain(Lang::En),
            SetupError::DefinitionsJson(m) => format!("the definitions file is not valid JSON: {m}"),
            SetupError::Definitions(e) => format!("the definitions were refused: {}", e.explain(Lang::En)),
            SetupError::Duplicate { what, name } => format!("an {} named {name:?} is already declared", self.entity(*what)),
            SetupError::Missing { what, name } => format!("there is no {} named {name:?}", self.entity(*what)),
            SetupError::TooLarge { bytes, max } => format!("the file is {bytes} bytes; at most {max} are accepted"),
            SetupError::Field { field, problem } => format!("{field}: {problem}"),
        }
    }

    fn remove(&self, what: Entity, name: &str) -> String {
        format!("Remove {} {name}", self.entity(what))
    }

    fn link_unusable(&self, reason: &str) -> String {
        format!("The link could not be used: {reason}")
    }

    fn link_lesson_missing(&self, lesson: &str) -> String {
        format!("The link names a lesson that does not exist: {lesson:?}.")
    }

    fn link_step_missing(&self, lesson: &str, step: u64, steps: usize) -> String {
        format!("The link's lesson step {step} does not exist: lesson {lesson:?} has {steps} steps.")
    }

    fn shared_scenario_unusable(&self, reason: &str) -> String {
        format!("The shared scenario could not be loaded: {reason}")
    }

    fn lesson_could_not_start(&self, reason: &str) -> String {
        format!("The lesson could not start: {reason}")
    }

    fn no_such_lesson(&self, lesson: &str) -> String {
        format!("There is no lesson called {lesson:?}.")
    }

    fn scenario_unusable(&self, reason: &str) -> String {
        format!("The scenario could not be loaded: {reason}")
    }

    /// serde's message says it.
    fn json_invalid(&self, message: &str) -> String {
        message.to_string()
    }

    fn definitions_imported(&self, exchanges: usize, queues: usize, bindings: usize) -> String {
        format!(
            "Imported {}, {} and {}.",
            count(exchanges as u64, "exchange", "exchanges"),
            count(queues as u64, "queue", "queues"),
            count(bindings as u64, "binding", "bindings")
        )
    }

    fn clients_removed(&self, clients: &str) -> String {
        format!(" Clients whose exchange or queue is gone were removed: {clients}.")
    }

    fn not_modelled(&self, items: &str) -> String {
        format!(" Not modelled, ignored: {items}.")
    }
}
