//! The page's side of teaching: the open step's checkpoint (predict, then watch), the lessons
//! a learner finished and whether the first screen's introduction was dismissed. The answers
//! come from `checkpoint.rs`; this file keeps what the learner said and what the model showed.

use brokerlab_core::Command;

use super::{Effect, Page, ViewKind};
use crate::checkpoint::{self, Choice, Sims, Truth, Watch};
use crate::lessons::{self, Action as LessonAction};
use crate::notice::{Notice, Refusal};

/// The open step's question.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    /// (lesson, step) it belongs to.
    pub at: (usize, usize),
    pub choices: Vec<Choice>,
    pub picked: Option<Choice>,
    pub skipped: bool,
    /// Set once the step's action ran: what the model did.
    pub truth: Option<Truth>,
}

impl Checkpoint {
    /// Whether the prediction held: `None` before the action, or if the learner did not pick.
    pub fn held(&self) -> Option<bool> {
        let truth = self.truth.as_ref()?;
        self.picked.as_ref().map(|p| p.matches(&truth.answer))
    }
}

/// What the learner did here before, remembered in this browser (the shell loads and saves it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Ids of the lessons whose last step the learner reached.
    pub finished: Vec<String>,
    /// The first screen's introduction was dismissed.
    pub intro_dismissed: bool,
}

impl Progress {
    /// From what `remembered` holds: lesson ids separated by commas (unknown ids are dropped).
    pub fn finished_from(remembered: &str) -> Vec<String> {
        let known = lessons::all();
        remembered.split(',').filter(|id| known.iter().any(|l| l.id.as_str() == *id)).map(str::to_string).collect()
    }

    pub fn finished_text(&self) -> String {
        self.finished.join(",")
    }
}

impl Page {
    fn sims(&self) -> Sims<'_> {
        Sims { event: &self.event, message: &self.message, compare: &self.compare }
    }

    /// Puts the open step's question up (or takes it down), with answers for the scenario as
    /// it is now. Kept as it is once answered; before that, offered again after every action
    /// (an edit may change what can happen), keeping the learner's pick if it is still offered.
    pub(super) fn refresh_checkpoint(&mut self) {
        let Some((lesson, step)) = self.lesson else {
            self.checkpoint = None;
            return;
        };
        let all = lessons::all();
        let Some(s) = all.get(lesson).and_then(|l| l.steps.get(step)) else { return };
        let (Some(ask), Some(action)) = (s.ask, s.action.as_ref()) else {
            self.checkpoint = None;
            return;
        };
        let same = self.checkpoint.as_ref().is_some_and(|c| c.at == (lesson, step));
        if same && self.checkpoint.as_ref().is_some_and(|c| c.truth.is_some()) {
            return;
        }
        let action = self.resolve(action.clone());
        let choices = checkpoint::choices(ask, &action, &self.sims());
        let kept = self.checkpoint.take().filter(|_| same);
        let picked = kept.as_ref().and_then(|c| c.picked.clone()).filter(|p| choices.contains(p));
        let skipped = kept.is_some_and(|c| c.skipped);
        self.checkpoint = Some(Checkpoint { at: (lesson, step), choices, picked, skipped, truth: None });
    }

    pub(super) fn predict(&mut self, choice: Choice) {
        if let Some(c) = self.checkpoint.as_mut().filter(|c| c.truth.is_none() && c.choices.contains(&choice)) {
            c.picked = Some(choice);
            c.skipped = false;
        }
    }

    pub(super) fn skip_question(&mut self) {
        if let Some(c) = self.checkpoint.as_mut().filter(|c| c.truth.is_none()) {
            c.skipped = true;
            c.picked = None;
        }
    }

    /// A step's action as it runs now: a typed-key produce takes the Key box's key.
    fn resolve(&self, action: LessonAction) -> LessonAction {
        match action {
            LessonAction::ProduceTyped(producer) => {
                let key = self.key.trim();
                LessonAction::Event(Command::Produce {
                    producer: producer.to_string(),
                    key: (!key.is_empty()).then(|| key.to_string()),
                    value: None,
                })
            }
            other => other,
        }
    }

    /// A step's action: if the step asked, the answer is found first (on a copy), then the
    /// action runs for real and reaches the same events.
    pub(super) fn lesson_action(&mut self, action: LessonAction) {
        let current = self.lesson.and_then(|(l, s)| lessons::all().get(l).and_then(|l| l.steps.get(s)).cloned());
        if let Some((_, step)) = self.lesson
            && current.as_ref().is_some_and(|s| s.action.as_ref() == Some(&action))
        {
            self.acted.insert(step);
        }
        let asked = current.filter(|s| s.action.as_ref() == Some(&action)).and_then(|s| s.ask);
        let action = self.resolve(action);
        if let Some(ask) = asked
            && self.checkpoint.as_ref().is_some_and(|c| c.truth.is_none())
        {
            let truth = checkpoint::judge(ask, &action, &self.sims());
            if let Some(c) = self.checkpoint.as_mut() {
                c.truth = truth;
            }
        }
        let refused = match action {
            LessonAction::Event(c) => self.event.borrow_mut().apply(c).err().map(Refusal::Event),
            LessonAction::Message(c) => self.message.borrow_mut().apply(c).err().map(Refusal::Message),
            LessonAction::Compare(what) => {
                self.compare.borrow_mut().send(what);
                None
            }
            LessonAction::ProduceTyped(_) => None,
            LessonAction::KafkaVersion(version) => {
                // As the editor's version form: the event side restarts from time 0 under it.
                self.edit("lesson", Ok(crate::setup::Edit::SetKafkaVersion(version)));
                None
            }
        };
        if let Some(refusal) = refused {
            self.notice = Some(Notice::Refused(refusal));
        }
    }

    /// Notes that the open lesson reached its last step.
    pub(super) fn note_progress(&mut self) -> Vec<Effect> {
        let all = lessons::all();
        let Some((lesson, step)) = self.lesson else { return Vec::new() };
        let Some(l) = all.get(lesson) else { return Vec::new() };
        let id = l.id.as_str();
        if step + 1 < l.steps.len() || self.progress.finished.iter().any(|f| f == id) {
            return Vec::new();
        }
        self.progress.finished.push(id.to_string());
        self.for_the_page(Effect::RememberFinished(self.progress.finished_text()))
    }

    pub(super) fn dismiss_intro(&mut self) -> Vec<Effect> {
        self.progress.intro_dismissed = true;
        self.for_the_page(Effect::RememberIntroDismissed)
    }

    /// Closes the open lesson (its scenario keeps running); the list of lessons comes back.
    pub(super) fn close_lesson(&mut self) -> Vec<Effect> {
        self.lesson = None;
        self.checkpoint = None;
        self.for_the_page(Effect::ReplaceFragment(self.fragment()))
    }

    /// What the diagram highlights: the open step's elements, and once its question is
    /// answered, the element that decided it.
    pub fn watching(&self) -> Vec<Watch<'static>> {
        let Some((lesson, step)) = self.lesson else { return Vec::new() };
        let mut out: Vec<Watch<'static>> = lessons::all().get(lesson).and_then(|l| l.steps.get(step)).map(|s| s.watch.to_vec()).unwrap_or_default();
        if let Some(element) = self.checkpoint.as_ref().and_then(|c| c.truth.as_ref()).and_then(|t| t.element) {
            out.push(element);
        }
        out
    }

    /// Whether the first screen's introduction shows: the page (not a widget), until it is
    /// dismissed, on the first screen (the event view with no lesson open); it leaves room
    /// for a lesson or another view as soon as the learner goes there.
    pub fn shows_intro(&self) -> bool {
        !self.embedded_instance() && !self.progress.intro_dismissed && self.lesson.is_none() && self.view == ViewKind::Event
    }
}
