//! The page's own words: every label and sentence the page shows, in one catalogue per
//! language (`en.rs` with `en/labels.rs` and `en/lessons.rs`; `ko.rs` likewise), keyed by
//! typed values: a [`Ui`] key (`keys.rs`) for a fixed label, one [`Catalogue`] method per
//! sentence that carries values, and a [`LessonId`] with a step's index for the lessons. A
//! view asks [`words`] for its language's words and never holds a sentence or tests the
//! language.
//!
//! Adding a language is its catalogue's files plus one line in `languages!` below; no view
//! changes. The compiler refuses a catalogue that lacks a key or a sentence; the tests
//! (`tests.rs`) refuse an empty text, a lesson whose steps do not line up with `lessons.rs`,
//! and Korean that is the English, outside a short list that says why.
//!
//! The page's own errors (`SetupError`) say themselves from here too (`explain`; their
//! `Display` is the English); a share link's `FragmentError` is the core's, with its words. Not here: the core's event explanations and
//! error texts, which the core's own catalogues keep (a `LogLine` holds what they say).
//! Technical names that are the same in every language (x-queue-type, acks, cleanup.policy,
//! ISR, LEO, Kafka, RabbitMQ, JSON keys) and names the learner typed stay where they are drawn.
//! No DOM here.

#[macro_use]
mod macros;
mod en;
mod keys;
mod ko;
#[cfg(test)]
mod tests;

use brokerlab_core::Lang;

pub use crate::lessons::LessonId;
use crate::checkpoint::Choice;
pub use keys::Ui;
pub use crate::setup::Entity;

use crate::setup::SetupError;

languages! {
    En => en::English,
    Ko => ko::Korean,
}

/// The words of one language: its labels ([`Words::ui`]) and, through `Deref`, the rest of
/// its [`Catalogue`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words(Lang);

/// The words of `lang`.
pub fn words(lang: Lang) -> Words {
    Words(lang)
}

impl Words {
    /// The language these words are in (to pick a log line's text).
    pub fn lang(self) -> Lang {
        self.0
    }
}

/// The language whose code `tag` starts with (`ko`, `ko-KR`), if the page speaks it.
pub fn lang_from_tag(tag: &str) -> Option<Lang> {
    LANGUAGES.iter().copied().find(|lang| tag.starts_with(words(*lang).code()))
}

/// Everything the page says, in one language. Numbers, names and the core's own texts come in
/// as values; how a sentence orders them, and English's plurals, are the language's business.
pub trait Catalogue {
    /// The language's code, as `lang` attributes and the remembered preference write it.
    fn code(&self) -> &'static str;
    /// The language's name in itself, for the language picker.
    fn name(&self) -> &'static str;
    /// The text of `key`; through [`Words::ui`], which keeps it out of the vtable (see there).
    fn ui(&self, key: Ui) -> &'static str
    where
        Self: Sized;
    fn lesson(&self, id: LessonId) -> LessonWords;
    /// One answer a checkpoint offers ("P1", "eu-orders and all-orders", "dead-lettered").
    fn choice(&self, choice: &Choice) -> String;
    /// "Step 3 of 7".
    fn step_of(&self, step: usize, steps: usize) -> String;
    /// An event kind's name in the log's filter; `kind` is the core's identifier
    /// (`record_sent`), shown as it is when the language has no name for it.
    fn event_kind(&self, kind: &str) -> String;
    /// A consumer's state in the inspector; `state` is the core's identifier (`running`,
    /// `paused`, `down`).
    fn consumer_state<'a>(&self, state: &'a str) -> &'a str;

    // The diagrams.
    /// Over a topic's partitions: "topic orders · 3 partitions".
    fn topic_heading(&self, topic: &str, partitions: u32) -> String;
    /// Under a replicated partition: its leader and in-sync replicas (`isr`: "b0,b1").
    fn replicas_line(&self, leader: u32, isr: &str) -> String;
    /// A consumer group's box: its name, generation, and whether it is rebalancing.
    fn group_heading(&self, group: &str, generation: u32, rebalancing: bool) -> String;
    /// A group under the consumer rebalance protocol (KIP-848): its group epoch, and whether
    /// its members are still converging on it.
    fn epoch_heading(&self, group: &str, epoch: u32, converging: bool) -> String;
    /// An offset cell's tooltip.
    fn record_title(&self, offset: u64, key: Option<&str>) -> String;
    /// A share group's box: "share group workers".
    fn share_heading(&self, group: &str) -> String;
    /// A share-group member's line: the partitions its assignment gives it (`P0–1`, `–` out
    /// of the group), how many records it holds, and its state (a word).
    fn share_member_line(&self, member: u32, parts: &str, held: usize, state: &str) -> String;
    /// A record's share state, in its cell's tooltip and the inspector: the state (a word),
    /// its holder and lock while acquired, and its delivery count.
    fn share_record_title(&self, group: &str, state: &str, holder: Option<&str>, delivery_count: u32, lock_until: Option<brokerlab_core::SimTime>) -> String;
    /// Under an exchange's name: its type (`direct`, `topic`, …).
    fn exchange_kind(&self, kind: &str) -> String;
    /// Under a queue's name.
    fn queue_counts(&self, ready: usize, unacked: usize) -> String;
    /// Under a consumer's name; `state` is the core's identifier.
    fn consumer_counts(&self, state: &str, unacked: usize) -> String;
    /// The token layer's summary for screen readers.
    fn records_in_flight(&self, n: usize) -> String;
    fn messages_in_flight(&self, n: usize) -> String;

    // The panels.
    /// The event log's count of lines shown; `live`: while playing.
    fn log_count(&self, shown: usize, total: usize, live: bool) -> String;
    /// The compare view's differences, with the numbers the learner produced.
    fn diff_retention(&self, stored: u64, acked: u64, ready: usize, unacked: usize) -> String;
    fn diff_readers(&self, groups: &str, workers: &str) -> String;
    fn diff_ordering(&self, redelivered: u64) -> String;
    /// Under a quorum queue: its leader (`None`: no majority running, no leader) and its other
    /// members ("n2 n3✕"), with how many of them run.
    /// Inside a stream's box: the offsets its log keeps and the next one.
    fn stream_counts(&self, first: u64, next: u64) -> String;
    /// Under a stream consumer's name: its state and the next offset it reads.
    fn stream_reader(&self, state: &str, next: u64) -> String;
    /// Under a queue that lives on one node of a cluster (classic, stream): that node, and
    /// whether it runs.
    fn home_line(&self, node: &str, running: bool) -> String;
    fn quorum_line(&self, leader: Option<&str>, others: &str, up: usize, total: usize) -> String;
    /// Share mode: what each broker still holds once work is done.
    fn diff_share_kept(&self, stored: u64, accepted: u64, acked: u64, ready: usize, unacked: usize) -> String;
    /// Share mode: how the work is spread (`members`/`workers`: "m0 3 · m1 2").
    fn diff_share_spread(&self, partitions: u32, members: &str, workers: &str) -> String;
    /// Share mode: what comes back, when, and how often.
    fn diff_share_redelivery(&self, redelivered: u64, lock_ms: u64, limit: u32, rabbit_redelivered: u64) -> String;
    /// Stream mode: a topic's partitions by key against a stream's one log (`spread`:
    /// "p0 3 · p1 2"; the stream's offsets `first`..`next`).
    fn diff_stream_partitions(&self, partitions: u32, spread: &str, first: u64, next: u64) -> String;
    /// Stream mode: group members sharing partitions (`groups`: "payment m0 p0 · m1 p1")
    /// against stream consumers each reading all `messages` (`readers`: "reader-first 5").
    fn diff_stream_readers(&self, groups: &str, readers: &str, messages: u64) -> String;
    /// Stream mode: offsets committed to the broker (`committed`: "payment p0 3 · p1 2")
    /// against each stream consumer's own position (`positions`).
    fn diff_stream_offsets(&self, committed: &str, positions: &str) -> String;
    /// Stream mode: what both keep after reading.
    fn diff_stream_kept(&self, stored: u64, messages: u64) -> String;
    /// What an edit adds or removes by name: "topic", "queue".
    fn entity(&self, what: Entity) -> &'static str;
    /// A Remove button's accessible name.
    fn remove(&self, what: Entity, name: &str) -> String;
    /// Why an edit or an import was refused (the core's errors in it say themselves).
    fn setup_error(&self, error: &SetupError) -> String;

    // What the page tells the learner (`notice.rs`); `reason` is an error already in this
    // language.
    fn link_unusable(&self, reason: &str) -> String;
    fn link_lesson_missing(&self, lesson: &str) -> String;
    /// `step` counts from 1.
    fn link_step_missing(&self, lesson: &str, step: u64, steps: usize) -> String;
    fn shared_scenario_unusable(&self, reason: &str) -> String;
    fn lesson_could_not_start(&self, reason: &str) -> String;
    fn no_such_lesson(&self, lesson: &str) -> String;
    fn scenario_unusable(&self, reason: &str) -> String;
    /// JSON that does not parse; `message` is serde's (English, with line and column).
    fn json_invalid(&self, message: &str) -> String;
    fn definitions_imported(&self, exchanges: usize, queues: usize, bindings: usize) -> String;
    /// Follows `definitions_imported` when clients lost their exchange or queue.
    fn clients_removed(&self, clients: &str) -> String;
    /// Follows `definitions_imported` when some definitions are not modelled.
    fn not_modelled(&self, items: &str) -> String;
}


/// A lesson in one language: its title and its steps, in the order `lessons.rs` lists them.
/// Held as one string (the title, then a line per step, a tab before an action's label) that
/// `lesson!` writes from a readable list and checks at compile time: a table of steps, each a
/// text and a label (sixteen bytes), made the page's wasm 1 KB bigger, gzipped.
#[derive(Clone, Copy, Debug)]
pub struct LessonWords(&'static str);

/// One step of a lesson: what it says, and the label of its action's button if it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepWords {
    pub text: &'static str,
    pub action: Option<&'static str>,
    /// What the step asks before its action (its checkpoint).
    pub question: Option<&'static str>,
    /// What the step says once its question is answered: the rule behind the answer.
    pub after: Option<&'static str>,
}

impl LessonWords {
    const fn new(text: &'static str) -> LessonWords {
        LessonWords(text)
    }

    pub fn title(self) -> &'static str {
        self.0.split('\n').next().unwrap_or_default()
    }

    pub fn steps(self) -> impl Iterator<Item = StepWords> {
        self.0.split('\n').skip(1).map(|line| {
            let mut parts = line.split('\t');
            let text = parts.next().unwrap_or_default();
            StepWords { text, action: parts.next(), question: parts.next(), after: parts.next() }
        })
    }
}

// The page's own errors say themselves from the catalogue. Their `Display` is the English, for
// logs and tests; the views show `explain` in the page's language.

impl SetupError {
    pub fn explain(&self, lang: Lang) -> String {
        words(lang).setup_error(self)
    }
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.explain(Lang::En))
    }
}

