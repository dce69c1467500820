//! What the page tells the learner about what it did or could not do, as typed values: a
//! notice under the top bar, a refused command in the form that gave it, the editor's outcome.
//! Each says itself in every language the page speaks (`text`, in the words of `words/`), so
//! switching language rewrites what is already shown. No DOM here.

use brokerlab_core::world::message::{MessageCommandError, MessageSpecError};
use brokerlab_core::{CommandError, Lang, ScenarioError};

use crate::setup::{DefinitionsImport, SetupError};
use crate::share::FragmentError;
use crate::words::{Ui, Words, words};

/// A line under the top bar.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The address's fragment is not a share link this build reads.
    LinkUnusable(FragmentError),
    /// The link names a lesson that does not exist.
    LinkLessonMissing(String),
    /// The link names a step past the lesson's last.
    LinkStepMissing { lesson: String, step: u32, steps: usize },
    /// The link's scenario does not build.
    SharedScenarioUnusable(LoadError),
    LessonCouldNotStart(LoadError),
    /// A lesson step's action was refused.
    Refused(Refusal),
    LinkCopied,
    /// An embedded instance's options name a lesson that does not exist.
    NoSuchLesson(String),
    /// An embedded instance's scenario does not load.
    ScenarioUnusable(LoadError),
}

/// A command the model refused; nothing changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    Event(CommandError),
    Message(MessageCommandError),
}

/// Why a scenario, a lesson or a link could not be loaded; nothing changed.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    Scenario(ScenarioError),
    Setup(SetupError),
    Message(MessageSpecError),
    /// JSON that does not parse (serde's message, with line and column).
    Json(String),
    Link(FragmentError),
    /// A link with no scenario in it.
    Empty,
    /// A link whose lesson cannot be opened.
    Lesson(Box<Notice>),
}

/// What the editor did, or why it did nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum EditSaid {
    /// An edit: the side it changed restarted from time 0.
    Restarted,
    /// A live command applied to the running world.
    AppliedNow,
    /// A scenario document: both sides restarted.
    Imported,
    DefinitionsImported(DefinitionsImport),
    Refused(SetupError),
    CommandRefused(CommandError),
}

impl Notice {
    pub fn text(&self, lang: Lang) -> String {
        let w = words(lang);
        match self {
            Notice::LinkUnusable(e) => w.link_unusable(&e.explain(lang)),
            Notice::LinkLessonMissing(id) => w.link_lesson_missing(id),
            Notice::LinkStepMissing { lesson, step, steps } => w.link_step_missing(lesson, u64::from(*step) + 1, *steps),
            Notice::SharedScenarioUnusable(e) => w.shared_scenario_unusable(&e.text(lang)),
            Notice::LessonCouldNotStart(e) => w.lesson_could_not_start(&e.text(lang)),
            Notice::Refused(r) => r.text(lang),
            Notice::LinkCopied => w.ui(Ui::LinkCopied).to_string(),
            Notice::NoSuchLesson(id) => w.no_such_lesson(id),
            Notice::ScenarioUnusable(e) => w.scenario_unusable(&e.text(lang)),
        }
    }
}

impl Refusal {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::Event(e) => e.explain(lang),
            Refusal::Message(e) => e.explain(lang),
        }
    }
}

impl LoadError {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            LoadError::Scenario(e) => e.explain(lang),
            LoadError::Setup(e) => e.explain(lang),
            LoadError::Message(e) => e.explain(lang),
            LoadError::Json(m) => words(lang).json_invalid(m),
            LoadError::Link(e) => e.explain(lang),
            LoadError::Empty => words(lang).ui(Ui::ScenarioEmpty).to_string(),
            LoadError::Lesson(notice) => notice.text(lang),
        }
    }
}

impl EditSaid {
    pub fn text(&self, lang: Lang) -> String {
        let w = words(lang);
        match self {
            EditSaid::Restarted => w.ui(Ui::EditRestarted).to_string(),
            EditSaid::AppliedNow => w.ui(Ui::EditAppliedNow).to_string(),
            EditSaid::Imported => w.ui(Ui::EditImported).to_string(),
            EditSaid::DefinitionsImported(report) => definitions_imported(report, w),
            EditSaid::Refused(e) => e.explain(lang),
            EditSaid::CommandRefused(e) => e.explain(lang),
        }
    }
}

fn definitions_imported(report: &DefinitionsImport, w: Words) -> String {
    let mut text = w.definitions_imported(report.exchanges, report.queues, report.bindings);
    let dropped = report.dropped_clients.join(", ");
    if !dropped.is_empty() {
        text.push_str(&w.clients_removed(&dropped));
    }
    if !report.ignored.is_empty() {
        text.push_str(&w.not_modelled(&report.ignored.join("; ")));
    }
    text
}
