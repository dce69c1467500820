//! What the page tells the learner about what it did or could not do, as typed values: a
//! notice under the top bar, a refused command in the form that gave it, the editor's outcome.
//! Each says itself in every language the page speaks (`text`), so switching language
//! rewrites what is already shown. No DOM here.

use brokerlab_core::words::count;
use brokerlab_core::world::message::{MessageCommandError, MessageSpecError};
use brokerlab_core::{CommandError, Lang, ScenarioError};

use crate::setup::{DefinitionsImport, SetupError};
use crate::share::FragmentError;

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
        let ko = lang == Lang::Ko;
        match self {
            Notice::LinkUnusable(e) => {
                if ko { format!("링크를 쓸 수 없습니다: {}", e.explain(lang)) } else { format!("The link could not be used: {e}") }
            }
            Notice::LinkLessonMissing(id) => {
                if ko { format!("링크가 가리키는 레슨 {id:?}이(가) 없습니다.") } else { format!("The link names a lesson that does not exist: {id:?}.") }
            }
            Notice::LinkStepMissing { lesson, step, steps } => {
                let step = u64::from(*step) + 1;
                if ko {
                    format!("링크의 레슨 단계 {step}은(는) 없습니다. 레슨 {lesson:?}은(는) {steps}단계입니다.")
                } else {
                    format!("The link's lesson step {step} does not exist: lesson {lesson:?} has {steps} steps.")
                }
            }
            Notice::SharedScenarioUnusable(e) => {
                if ko { format!("공유된 시나리오를 불러올 수 없습니다: {}", e.text(lang)) } else { format!("The shared scenario could not be loaded: {}", e.text(lang)) }
            }
            Notice::LessonCouldNotStart(e) => {
                if ko { format!("레슨을 시작할 수 없습니다: {}", e.text(lang)) } else { format!("The lesson could not start: {}", e.text(lang)) }
            }
            Notice::Refused(r) => r.text(lang),
            Notice::LinkCopied => String::from(if ko {
                "이 시나리오의 링크를 주소창에 넣고 클립보드에 복사했습니다."
            } else {
                "The link to this scenario is in the address bar and copied to the clipboard."
            }),
            Notice::NoSuchLesson(id) => if ko { format!("{id:?}라는 레슨은 없습니다.") } else { format!("There is no lesson called {id:?}.") },
            Notice::ScenarioUnusable(e) => {
                if ko { format!("시나리오를 불러올 수 없습니다: {}", e.text(lang)) } else { format!("The scenario could not be loaded: {}", e.text(lang)) }
            }
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

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl LoadError {
    pub fn text(&self, lang: Lang) -> String {
        let ko = lang == Lang::Ko;
        match self {
            LoadError::Scenario(e) => e.explain(lang),
            LoadError::Setup(e) => e.explain(lang),
            LoadError::Message(e) => e.explain(lang),
            LoadError::Json(m) => if ko { format!("JSON이 올바르지 않습니다: {m}") } else { m.clone() },
            LoadError::Link(e) => e.explain(lang),
            LoadError::Empty => String::from(if ko { "시나리오가 비어 있습니다" } else { "the scenario is empty" }),
            LoadError::Lesson(notice) => notice.text(lang),
        }
    }
}

impl EditSaid {
    pub fn text(&self, lang: Lang) -> String {
        let ko = lang == Lang::Ko;
        match self {
            EditSaid::Restarted => String::from(if ko {
                "적용했습니다. 시뮬레이션이 바뀐 설정으로 시간 0부터 다시 시작합니다."
            } else {
                "Done: the simulation restarted from time 0 with it."
            }),
            EditSaid::AppliedNow => String::from(if ko {
                "지금 실행 중인 세계에 적용했습니다 (시나리오는 그대로입니다)."
            } else {
                "Done: applied to the running world now (the scenario is unchanged)."
            }),
            EditSaid::Imported => String::from(if ko {
                "가져왔습니다. 두 브로커가 이 시나리오로 시간 0부터 다시 시작합니다."
            } else {
                "Imported: both brokers restarted from time 0 with the scenario."
            }),
            EditSaid::DefinitionsImported(report) => definitions_imported(report, ko),
            EditSaid::Refused(e) => e.explain(lang),
            EditSaid::CommandRefused(e) => e.explain(lang),
        }
    }
}

fn definitions_imported(report: &DefinitionsImport, ko: bool) -> String {
    let mut text = if ko {
        format!("익스체인지 {}개, 큐 {}개, 바인딩 {}개를 가져왔습니다.", report.exchanges, report.queues, report.bindings)
    } else {
        format!(
            "Imported {}, {} and {}.",
            count(report.exchanges as u64, "exchange", "exchanges"),
            count(report.queues as u64, "queue", "queues"),
            count(report.bindings as u64, "binding", "bindings")
        )
    };
    let dropped = report.dropped_clients.join(", ");
    if !dropped.is_empty() {
        text.push_str(&if ko {
            format!(" 익스체인지나 큐가 없어진 클라이언트는 뺐습니다: {dropped}.")
        } else {
            format!(" Clients whose exchange or queue is gone were removed: {dropped}.")
        });
    }
    if !report.ignored.is_empty() {
        let ignored = report.ignored.join("; ");
        text.push_str(&if ko { format!(" 모델에 없는 항목은 무시했습니다: {ignored}.") } else { format!(" Not modelled, ignored: {ignored}.") });
    }
    text
}
