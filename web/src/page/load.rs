//! Opening what a page can be opened with: a lesson, a share link, an embedded instance's
//! options (its lesson or scenario). Nothing changes on an error; the notice says why.

use brokerlab_core::world::message::MessageBrokerSpec;
use brokerlab_core::{Lang, Scenario};

use super::{Effect, Page, ViewKind};
use crate::compare::CompareSims;
use crate::embed_options::EmbedOptions;
use crate::lessons::{self, Lesson};
use crate::message_act::MessageSim;
use crate::notice::{LoadError, Notice};
use crate::setup::Setup;
use crate::share;

impl Page {
    pub(super) fn open_lesson(&mut self, index: usize, step: usize) -> Vec<Effect> {
        let all = lessons::all();
        let Some(chosen) = all.get(index) else { return Vec::new() };
        // Loading a lesson (not moving between its steps) starts its scenario afresh.
        if self.lesson.is_none_or(|(i, _)| i != index) {
            if let Err(e) = self.load_lesson(chosen) {
                self.notice = Some(Notice::LessonCouldNotStart(e));
                return Vec::new();
            }
            // What the page said about the last lesson or scenario is not about this one.
            self.notice = None;
            self.acted.clear();
        }
        self.view = chosen.view;
        let at = (index, step.min(chosen.steps.len().saturating_sub(1)));
        // Next from a step whose action the learner did not run: it runs now, so the next
        // step finds the world it talks about (its own action may need it: reviving the
        // broker the skipped step stopped).
        if let Some((open, from)) = self.lesson
            && open == index
            && at.1 == from + 1
            && !self.acted.contains(&from)
            && let Some(action) = chosen.steps.get(from).and_then(|s| s.action.clone())
        {
            self.lesson_action(action);
        }
        self.lesson = Some(at);
        // The address bar follows the open lesson and its step (replaced, not pushed: stepping
        // through a lesson does not fill the history).
        self.for_the_page(Effect::ReplaceFragment(self.fragment()))
    }

    /// Starts a lesson's scenario afresh on its broker's simulation (and records it as that
    /// side's setup).
    fn load_lesson(&mut self, chosen: &Lesson) -> Result<(), LoadError> {
        match chosen.view {
            ViewKind::Event => {
                let scenario = Scenario::from_json(chosen.scenario).map_err(LoadError::Scenario)?;
                let (next, sim, retimed) = self.setup.with_event_scenario(scenario).map_err(LoadError::Setup)?;
                self.install_event(sim);
                if let Some(retimed) = retimed {
                    self.install_message(retimed);
                }
                self.setup = next;
            }
            ViewKind::Message => {
                let spec: MessageBrokerSpec = serde_json::from_str(chosen.scenario).map_err(|e| LoadError::Json(e.to_string()))?;
                let sim = self.setup.message_sim(&spec).map_err(LoadError::Message)?;
                self.install_message(sim);
                self.setup.message = spec;
            }
            ViewKind::Compare => {
                // Fresh simulations, in the page's language like the ones they replace.
                let mut fresh = CompareSims::new();
                fresh.set_lang(self.lang);
                *self.compare.borrow_mut() = fresh;
            }
        }
        Ok(())
    }

    /// Opens a share link's fragment: its scenario, and its lesson at its step. Nothing
    /// changes on `Err`.
    pub(super) fn open_link(&mut self, fragment: &str) -> Result<(), Notice> {
        let shared = match share::decode(fragment) {
            Ok(None) => return Ok(()),
            Ok(Some(shared)) => shared,
            Err(e) => return Err(Notice::LinkUnusable(e)),
        };
        let lesson = shared.lesson.as_ref().map(resolve_lesson).transpose()?;
        let setup = Setup::from_json(&shared.scenario_json, &MessageSim::default_spec())
            .map_err(|e| Notice::SharedScenarioUnusable(LoadError::Setup(e)))?;
        let (event, message) = setup.build_both().map_err(|e| Notice::SharedScenarioUnusable(LoadError::Setup(e)))?;
        self.setup = setup;
        self.install_event(event);
        self.install_message(message);
        self.lesson = lesson;
        self.view = lesson.map_or(ViewKind::Event, |(i, _)| lessons::all()[i].view);
        Ok(())
    }

    /// Loads an embedded scenario (inline JSON, or a share fragment or link) and returns the
    /// view that shows it. A message-broker spec needs `view` = message.
    fn load_scenario(&mut self, text: &str, view: Option<ViewKind>) -> Result<(ViewKind, Option<(usize, usize)>), LoadError> {
        let text = text.trim();
        let (json, lesson) = if text.starts_with('{') {
            (text.to_string(), None)
        } else {
            let fragment = text.rsplit_once('#').map_or(text, |(_, f)| f);
            let shared = share::decode(fragment).map_err(LoadError::Link)?.ok_or(LoadError::Empty)?;
            // A link made with a lesson open opens that lesson at its step.
            let lesson = shared.lesson.as_ref().map(resolve_lesson).transpose().map_err(|n| LoadError::Lesson(Box::new(n)))?;
            (shared.scenario_json, lesson)
        };
        let view = view.or_else(|| lesson.map(|(i, _)| lessons::all()[i].view));
        // A whole scenario document has a version; a bare message-broker spec does not.
        let is_document = serde_json::from_str::<serde_json::Value>(&json).is_ok_and(|v| v.get("version").is_some());
        if view == Some(ViewKind::Message) && !is_document {
            let spec: MessageBrokerSpec = serde_json::from_str(&json).map_err(|e| LoadError::Json(e.to_string()))?;
            let sim = self.setup.message_sim(&spec).map_err(LoadError::Message)?;
            self.install_message(sim);
            self.setup.message = spec;
            return Ok((ViewKind::Message, lesson));
        }
        let next = Setup::from_json(&json, &self.setup.message).map_err(LoadError::Setup)?;
        let (event, message) = next.build_both().map_err(LoadError::Setup)?;
        self.install_event(event);
        self.install_message(message);
        self.setup = next;
        Ok((view.unwrap_or(ViewKind::Event), lesson))
    }

    /// An embedded instance follows its options: a new lesson, scenario, view or autoplay
    /// starts afresh; language and theme change in place.
    pub(super) fn follow_embed(&mut self, options: EmbedOptions) {
        let lang = options.lang.unwrap_or(Lang::En);
        self.set_lang(lang);
        self.theme = options.theme;
        self.embed = Some(options.clone());
        let key = (options.lesson.clone(), options.scenario.clone(), options.view, options.autoplay);
        if self.loaded.as_ref() == Some(&key) {
            return;
        }
        self.loaded = Some(key);
        let all = lessons::all();
        let result = if let Some(id) = &options.lesson {
            match all.iter().position(|l| l.id.as_str() == id) {
                Some(index) => self.load_lesson(&all[index]).map_err(Notice::LessonCouldNotStart).map(|()| {
                    self.lesson = Some((index, 0));
                    all[index].view
                }),
                None => Err(Notice::NoSuchLesson(id.clone())),
            }
        } else if let Some(text) = &options.scenario {
            match self.load_scenario(text, options.view) {
                Ok((view, at)) => {
                    self.lesson = at;
                    Ok(view)
                }
                Err(e) => {
                    self.lesson = None;
                    Err(Notice::ScenarioUnusable(e))
                }
            }
        } else {
            self.lesson = None;
            Ok(options.view.unwrap_or(ViewKind::Event))
        };
        match result {
            Ok(view) => {
                self.view = view;
                self.notice = None;
            }
            Err(notice) => self.notice = Some(notice),
        }
        // (The compare view has no transport: it runs, as on the page.)
        self.event.borrow_mut().clock.playing = options.autoplay;
        self.message.borrow_mut().clock.playing = options.autoplay;
    }
}

/// The lesson a link names, as (lesson index, step), or why it cannot be opened.
fn resolve_lesson(at: &share::LessonAt) -> Result<(usize, usize), Notice> {
    let all = lessons::all();
    match all.iter().position(|l| l.id.as_str() == at.id) {
        None => Err(Notice::LinkLessonMissing(at.id.clone())),
        Some(i) if at.step as usize >= all[i].steps.len() => {
            Err(Notice::LinkStepMissing { lesson: at.id.clone(), step: at.step, steps: all[i].steps.len() })
        }
        Some(i) => Ok((i, at.step as usize)),
    }
}

