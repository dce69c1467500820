//! The page as plain data: what is on screen (`Page`), everything a learner or a host page can
//! do to it (`Action`), and the one place an action is applied (`Page::apply`). No DOM here:
//! buttons, keys, lessons and the widget's options all become actions (`key_action` maps a
//! key), the components render a `Page` and emit actions, and what an action asks of the
//! browser (remember a preference, write the address bar, copy a link) comes back as an
//! `Effect` for the shell (`app.rs`) to carry out. So the page's behaviour is tested natively.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::world::message::MessageCommand;
use brokerlab_core::{Command, Lang, SimTime};

use crate::clock::{Clock, Frame, SKIP_MS};
use crate::compare::CompareSims;
use crate::embed_options::EmbedOptions;
use crate::event_act::EventSim;
use crate::lessons;
use crate::message_act::MessageSim;
use crate::notice::{EditSaid, Notice, Refusal};
use crate::prefs::Theme;
use crate::setup::{Built, Edit, Setup, SetupError};

mod coach;
#[cfg(test)]
mod coach_tests;
mod load;
#[cfg(test)]
mod tests;
pub use coach::{Checkpoint, Progress};
use crate::share::{self, ShareLinks};
use crate::subject::Subject;
pub use crate::view_kind::ViewKind;

/// The editor's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Event,
    Message,
    Files,
}

/// What the editor last did, shown in the form that did it.
#[derive(Clone, Debug, PartialEq)]
pub struct EditOutcome {
    /// The form's id.
    pub form: &'static str,
    pub said: EditSaid,
}

impl EditOutcome {
    pub fn ok(&self) -> bool {
        !matches!(self.said, EditSaid::Refused(_) | EditSaid::CommandRefused(_))
    }
}

/// Everything that changes the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Play or pause the visible view.
    TogglePlay,
    /// One step: pause and move to the next moment something happens.
    Step,
    /// The next `SKIP_MS` of simulated time at once.
    Skip,
    Speed(f64),
    Faster,
    Slower,
    /// Back (or forward) to a moment on the visible view's timeline.
    Rewind(SimTime),
    /// A command on the event broker; a refusal shows in the event view's form.
    Event(Command),
    /// A command on the message broker; a refusal shows in the message view's form.
    Message(MessageCommand),
    /// Produce a record from the producer picked (the first one if it is gone).
    Produce { producer: Option<String>, key: String },
    /// What the learner typed in the event view's Key box (a lesson step may send it).
    Key(String),
    /// The compare view's shop event, into both brokers.
    CompareSend(&'static str),
    /// What the compare view puts against the work queue (fresh simulations).
    CompareMode(crate::compare::CompareMode),
    /// The compare view's share mode: crash or revive a share-group member, or a worker.
    CompareToggleShareMember(u32),
    /// The compare view's stream mode: crash or revive a consumer group's member.
    CompareToggleGroupMember(&'static str, u32),
    CompareToggleWorker(String),
    Inspect(Subject),
    CloseInspector,
    /// Open a lesson at a step (a lesson not open yet starts its scenario afresh).
    OpenLesson { lesson: usize, step: usize },
    /// The open step's action.
    LessonAction(lessons::Action),
    /// Close the open lesson and show the list again (its scenario keeps running).
    CloseLesson,
    /// The learner's prediction at the open step's checkpoint.
    Predict(crate::checkpoint::Choice),
    /// Go on without predicting.
    SkipQuestion,
    /// Dismiss the first screen's introduction for good (in this browser).
    DismissIntro,
    View(ViewKind),
    Lang(Lang),
    /// The next theme (system, light, dark).
    NextTheme,
    DismissNotice,
    OpenEditor,
    CloseEditor,
    /// An edit of the setup from the editor's `form`: the side it changes restarts with it.
    Edit { form: &'static str, edit: Result<Edit, SetupError> },
    /// A live command from the editor's `form` on the running event world.
    Live { form: &'static str, command: Result<Command, SetupError> },
    /// A whole scenario document, pasted or read from a file.
    ImportScenario(String),
    /// A RabbitMQ definitions.json, pasted or read from a file.
    ImportDefinitions(String),
    /// Share the scenario: `base` is the site's folder, `here` the page's address without its
    /// fragment (`None` in an embedded instance).
    Share { base: String, here: Option<String> },
    CloseShare,
    /// A host page's options for an embedded instance (`embed.rs`).
    Embed(EmbedOptions),
}

/// What an action asks of the browser; the shell carries it out.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Remember the language (the page only, never an embedded instance).
    RememberLang(Lang),
    /// Remember the theme and put it on the document (the page only).
    RememberTheme(Theme),
    /// Replace the address bar's fragment (no history entry).
    ReplaceFragment(String),
    /// Set the address bar's fragment and copy `link` to the clipboard.
    PublishLink { fragment: String, link: String },
    /// Remember the finished lessons (ids separated by commas).
    RememberFinished(String),
    /// Remember that the introduction was dismissed.
    RememberIntroDismissed,
}

/// A handle on the page for the components. The page changes in place behind it, so two
/// handles never compare equal: a component given one draws whenever its parent does.
#[derive(Clone, Debug)]
pub struct PageRef(pub Rc<RefCell<Page>>);

impl PartialEq for PageRef {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

impl std::ops::Deref for PageRef {
    type Target = RefCell<Page>;
    fn deref(&self) -> &RefCell<Page> {
        &self.0
    }
}

/// The page: its setup, the running simulations, and what is on screen.
#[derive(Debug)]
pub struct Page {
    pub setup: Setup,
    pub event: Rc<RefCell<EventSim>>,
    pub message: Rc<RefCell<MessageSim>>,
    pub compare: Rc<RefCell<CompareSims>>,
    pub view: ViewKind,
    /// (lesson index, step index) of the open lesson.
    pub lesson: Option<(usize, usize)>,
    /// Steps of the open lesson whose action ran (since its scenario last started).
    pub acted: std::collections::BTreeSet<usize>,
    pub lang: Lang,
    pub theme: Theme,
    pub notice: Option<Notice>,
    /// The last command refused on the event or message view, shown by the form that gave it.
    pub refusal: Option<Refusal>,
    pub inspected: Option<Subject>,
    /// The editor, open at a section.
    pub editing: Option<Section>,
    pub edit_outcome: Option<EditOutcome>,
    pub sharing: Option<ShareLinks>,
    /// The open step's question, if it asks one.
    pub checkpoint: Option<Checkpoint>,
    /// The event view's Key box.
    pub key: String,
    /// Finished lessons and the dismissed introduction (the shell loads them).
    pub progress: Progress,
    /// `Some` for an embedded instance: the options it runs with.
    pub embed: Option<EmbedOptions>,
    /// What an embedded instance last loaded (lesson, scenario, view, autoplay): new options
    /// that change none of these change only language and theme.
    loaded: Option<EmbedKey>,
    /// How many times the frame loop wrote the playback clock's label itself while it dozed
    /// (no render): the label is keyed by it, so the next render puts up a fresh one instead of
    /// trusting a text Yew no longer knows.
    pub clock_label_writes: u64,
}

type EmbedKey = (Option<String>, Option<String>, Option<ViewKind>, bool);

impl Page {
    /// The page as a link opens it: the setup (and the open lesson at its step) from the URL
    /// `fragment`, or the built-in ones with a notice saying why the fragment could not be
    /// used.
    pub fn boot(fragment: &str, lang: Lang, theme: Theme) -> Page {
        let mut page = Page::built_in(lang, theme, None);
        if let Err(notice) = page.open_link(fragment) {
            page.notice = Some(notice);
        }
        page
    }

    /// An embedded instance with its host page's options.
    pub fn embedded(options: EmbedOptions) -> Page {
        let lang = options.lang.unwrap_or(Lang::En);
        let mut page = Page::built_in(lang, options.theme, Some(EmbedOptions::default()));
        page.apply(Action::Embed(options));
        page
    }

    fn built_in(lang: Lang, theme: Theme, embed: Option<EmbedOptions>) -> Page {
        let setup = Setup::new(EventSim::default_scenario(), MessageSim::default_spec());
        let (event, message) = setup.build_both().expect("the built-in scenarios are valid");
        let mut page = Page {
            setup,
            event: Rc::new(RefCell::new(event)),
            message: Rc::new(RefCell::new(message)),
            compare: Rc::new(RefCell::new(CompareSims::new())),
            view: ViewKind::Event,
            lesson: None,
            acted: std::collections::BTreeSet::new(),
            lang,
            theme,
            notice: None,
            refusal: None,
            inspected: None,
            editing: None,
            edit_outcome: None,
            sharing: None,
            checkpoint: None,
            key: String::from("alice"),
            progress: Progress::default(),
            embed,
            loaded: None,
            clock_label_writes: 0,
        };
        page.set_lang(lang);
        page
    }

    pub fn embedded_instance(&self) -> bool {
        self.embed.is_some()
    }

    /// Applies an action; what it asks of the browser comes back.
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = self.apply_one(action);
        self.refresh_checkpoint();
        effects.extend(self.note_progress());
        effects
    }

    fn apply_one(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::TogglePlay => self.each_clock(|c| c.playing = !c.playing),
            Action::Step => self.each_stage(|e| e.step(), |m| m.step(), |c| c.step()),
            Action::Skip => self.each_stage(|e| e.skip(SKIP_MS), |m| m.skip(SKIP_MS), |c| c.skip(SKIP_MS)),
            Action::Speed(v) => self.each_clock(|c| c.speed = v),
            Action::Faster => self.each_clock(Clock::faster),
            Action::Slower => self.each_clock(Clock::slower),
            Action::Rewind(to) => self.each_stage(|e| e.rewind_to(to), |m| m.rewind_to(to), |c| c.rewind_to(to)),
            Action::Event(command) => self.event_command(command),
            Action::Message(command) => self.message_command(command),
            Action::Produce { producer, key } => {
                let producer = self.event.borrow().producer_or_first(producer.as_deref());
                let key = key.trim();
                self.event_command(Command::Produce { producer, key: (!key.is_empty()).then(|| key.to_string()), value: None });
            }
            Action::Key(key) => self.key = key,
            Action::CompareSend(what) => self.compare.borrow_mut().send(what),
            Action::CompareMode(mode) => {
                let mut fresh = CompareSims::with_mode(mode);
                fresh.set_lang(self.lang);
                *self.compare.borrow_mut() = fresh;
            }
            Action::CompareToggleShareMember(member) => self.compare.borrow_mut().toggle_share_member(member),
            Action::CompareToggleGroupMember(group, member) => self.compare.borrow_mut().toggle_group_member(group, member),
            Action::CompareToggleWorker(name) => self.compare.borrow_mut().toggle_worker(&name),
            Action::Inspect(subject) => self.inspected = Some(subject),
            Action::CloseInspector => self.inspected = None,
            Action::OpenLesson { lesson, step } => return self.open_lesson(lesson, step),
            Action::LessonAction(action) => self.lesson_action(action),
            Action::CloseLesson => return self.close_lesson(),
            Action::Predict(choice) => self.predict(choice),
            Action::SkipQuestion => self.skip_question(),
            Action::DismissIntro => return self.dismiss_intro(),
            Action::View(view) => self.view = view,
            Action::Lang(lang) => {
                self.set_lang(lang);
                return self.for_the_page(Effect::RememberLang(lang));
            }
            Action::NextTheme => {
                self.theme = self.theme.next();
                return self.for_the_page(Effect::RememberTheme(self.theme));
            }
            Action::DismissNotice => self.notice = None,
            Action::OpenEditor if self.editing.is_some() => {}
            Action::OpenEditor => {
                let section = if self.view == ViewKind::Message { Section::Message } else { Section::Event };
                self.editing = Some(section);
                self.edit_outcome = None;
            }
            Action::CloseEditor => self.editing = None,
            Action::Edit { form, edit } => self.edit(form, edit),
            Action::Live { form, command } => self.live(form, command),
            Action::ImportScenario(text) => self.import_scenario(&text),
            Action::ImportDefinitions(text) => self.import_definitions(&text),
            Action::Share { base, here } => return self.share(&base, here),
            Action::CloseShare => self.sharing = None,
            Action::Embed(options) => self.follow_embed(options),
        }
        Vec::new()
    }

    fn for_the_page(&self, effect: Effect) -> Vec<Effect> {
        if self.embedded_instance() { Vec::new() } else { vec![effect] }
    }

    /// Applies `f` to the clock(s) of the visible view (the compare view's two move together).
    fn each_clock(&mut self, f: impl Fn(&mut Clock)) {
        self.each_stage(|e| f(&mut e.clock), |m| f(&mut m.clock), |c| c.each_clock(&f));
    }

    fn each_stage(&mut self, event: impl FnOnce(&mut EventSim), message: impl FnOnce(&mut MessageSim), compare: impl FnOnce(&mut CompareSims)) {
        match self.view {
            ViewKind::Event => event(&mut self.event.borrow_mut()),
            ViewKind::Message => message(&mut self.message.borrow_mut()),
            ViewKind::Compare => compare(&mut self.compare.borrow_mut()),
        }
    }

    /// The visible view's clock (the compare view's two run together: the event side's).
    pub fn clock(&self) -> Clock {
        match self.view {
            ViewKind::Event => self.event.borrow().clock.clone(),
            ViewKind::Message => self.message.borrow().clock.clone(),
            ViewKind::Compare => self.compare.borrow().event.borrow().clock.clone(),
        }
    }

    /// One animation frame of the visible view.
    pub fn frame(&mut self, ts: f64) -> Frame {
        match self.view {
            ViewKind::Event => self.event.borrow_mut().frame(ts),
            ViewKind::Message => self.message.borrow_mut().frame(ts),
            ViewKind::Compare => self.compare.borrow_mut().frame(ts),
        }
    }

    /// The visible view's simulated present, as its playback clock shows it (the compare view:
    /// the later of its two models).
    pub fn now(&self) -> SimTime {
        match self.view {
            ViewKind::Event => self.event.borrow().now(),
            ViewKind::Message => self.message.borrow().now(),
            ViewKind::Compare => {
                let compare = self.compare.borrow();
                let (e, m) = (compare.event.borrow().now(), compare.message.borrow().now());
                e.max(m)
            }
        }
    }

    /// When the visible view's model next does something by itself.
    pub fn next_due(&self) -> Option<SimTime> {
        match self.view {
            ViewKind::Event => self.event.borrow().next_due(),
            ViewKind::Message => self.message.borrow().next_due(),
            ViewKind::Compare => self.compare.borrow().next_due(),
        }
    }

    /// The frame loop dozes `wall_ms` with the visible view playing.
    pub fn doze(&mut self, wall_ms: f64) {
        self.each_clock(|c| c.doze(wall_ms));
    }

    /// The frame loop sleeps: every clock forgets its last frame, so the time asleep is never
    /// played.
    pub fn rest(&mut self) {
        self.event.borrow_mut().clock.rest();
        self.message.borrow_mut().clock.rest();
        self.compare.borrow_mut().each_clock(Clock::rest);
    }

    fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        self.event.borrow_mut().lang = lang;
        self.message.borrow_mut().lang = lang;
        self.compare.borrow_mut().set_lang(lang);
    }

    fn event_command(&mut self, command: Command) {
        let result = self.event.borrow_mut().apply(command);
        self.refusal = result.err().map(Refusal::Event);
    }

    fn message_command(&mut self, command: MessageCommand) {
        let result = self.message.borrow_mut().apply(command);
        self.refusal = result.err().map(Refusal::Message);
    }

    /// Puts a newly built event simulation in place, keeping the page's language and
    /// transport.
    fn install_event(&mut self, mut sim: EventSim) {
        // A question put to the old simulation is put again to the new one.
        self.checkpoint = None;
        let mut cell = self.event.borrow_mut();
        sim.lang = self.lang;
        sim.clock.speed = cell.clock.speed;
        sim.clock.playing = cell.clock.playing;
        *cell = sim;
    }

    /// Puts a newly built message simulation in place, keeping language and transport.
    fn install_message(&mut self, mut sim: MessageSim) {
        self.checkpoint = None;
        let mut cell = self.message.borrow_mut();
        sim.lang = self.lang;
        sim.clock.speed = cell.clock.speed;
        sim.clock.playing = cell.clock.playing;
        *cell = sim;
    }

    /// An edit: validated by building the side it changes; only then installed.
    fn edit(&mut self, form: &'static str, edit: Result<Edit, SetupError>) {
        let said = match edit.and_then(|edit| self.setup.edited(edit)) {
            Ok((next, built)) => {
                match built {
                    Built::Event(sim) => self.install_event(*sim),
                    Built::Message(sim) => self.install_message(*sim),
                }
                self.setup = next;
                EditSaid::Restarted
            }
            Err(e) => EditSaid::Refused(e),
        };
        self.edit_outcome = Some(EditOutcome { form, said });
    }

    /// A live command on the running event world.
    fn live(&mut self, form: &'static str, command: Result<Command, SetupError>) {
        let said = match command {
            Ok(c) => match self.event.borrow_mut().apply(c) {
                Ok(()) => EditSaid::AppliedNow,
                Err(e) => EditSaid::CommandRefused(e),
            },
            Err(e) => EditSaid::Refused(e),
        };
        self.edit_outcome = Some(EditOutcome { form, said });
    }

    /// A scenario document replaces both sides; nothing changes unless both build.
    fn import_scenario(&mut self, text: &str) {
        let result = Setup::from_json(text, &self.setup.message).and_then(|next| next.build_both().map(|built| (next, built)));
        let said = match result {
            Ok((next, (event, message))) => {
                self.install_event(event);
                self.install_message(message);
                self.setup = next;
                EditSaid::Imported
            }
            Err(e) => EditSaid::Refused(e),
        };
        self.edit_outcome = Some(EditOutcome { form: "edit-import", said });
    }

    fn import_definitions(&mut self, text: &str) {
        let said = match self.setup.with_definitions(text) {
            Ok((next, sim, report)) => {
                self.install_message(sim);
                self.setup = next;
                EditSaid::DefinitionsImported(report)
            }
            Err(e) => EditSaid::Refused(e),
        };
        self.edit_outcome = Some(EditOutcome { form: "edit-import", said });
    }

    /// The fragment for the current setup and open lesson (v1 without a lesson, v2 with one).
    pub fn fragment(&self) -> String {
        let all = lessons::all();
        let at = self.lesson.and_then(|(i, step)| all.get(i).map(|l| (l.id.as_str(), step as u32)));
        share::encode(&self.setup.to_json_compact(), at)
    }

    /// The page puts the link in the address bar and on the clipboard, and both the page and
    /// an embedded instance open the dialog with the link and the snippets.
    fn share(&mut self, base: &str, here: Option<String>) -> Vec<Effect> {
        let fragment = self.fragment();
        let link = match &here {
            Some(here) if !self.embedded_instance() => format!("{here}#{fragment}"),
            _ => format!("{base}#{fragment}"),
        };
        self.sharing = Some(ShareLinks::new(link.clone(), base, &fragment));
        if self.embedded_instance() {
            return Vec::new();
        }
        self.notice = Some(Notice::LinkCopied);
        vec![Effect::PublishLink { fragment, link }]
    }
}

/// The action a key gives, if any: Space play/pause, → one step, Shift+→ ten seconds at once,
/// + and − speed, E the editor.
pub fn key_action(key: &str, shift: bool) -> Option<Action> {
    Some(match key {
        " " => Action::TogglePlay,
        "ArrowRight" if shift => Action::Skip,
        "ArrowRight" => Action::Step,
        "+" | "=" => Action::Faster,
        "-" => Action::Slower,
        "e" | "E" => Action::OpenEditor,
        _ => return None,
    })
}
