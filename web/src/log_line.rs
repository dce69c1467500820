//! One line of the event log as a stage keeps it: an event's time, kind and explanation in
//! every language, and what it is about. No DOM here; `event_log.rs` draws them.

use std::collections::VecDeque;

use brokerlab_core::{Lang, SimTime};

use crate::subject::Subject;
use crate::limits::LOG_LINES_MAX;


/// One event log line, in both languages so switching language rewrites the whole log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub at: SimTime,
    pub kind: &'static str,
    pub en: String,
    pub ko: String,
    /// What the event is about, for the log's link to the inspector.
    pub subject: Option<Subject>,
    /// Whether the event happened in the event broker (Kafka) rather than the message broker.
    pub kafka: bool,
}

impl LogLine {
    /// A line for an event at `at`, explained in every language by `explain`.
    pub fn new(at: SimTime, kind: &'static str, subject: Option<Subject>, kafka: bool, explain: impl Fn(Lang) -> String) -> LogLine {
        LogLine { at, kind, en: explain(Lang::En), ko: explain(Lang::Ko), subject, kafka }
    }

    pub fn text(&self, lang: Lang) -> &str {
        if lang == Lang::Ko { &self.ko } else { &self.en }
    }
}

/// A stage's log: the last [`LOG_LINES_MAX`] lines, and how many were ever logged (so a rewind
/// can take back exactly the lines logged after its snapshot).
#[derive(Clone, Debug, Default)]
pub struct Log {
    lines: VecDeque<LogLine>,
    logged: u64,
}

impl Log {
    /// Appends a line, dropping the oldest beyond [`LOG_LINES_MAX`].
    pub fn push(&mut self, line: LogLine) {
        if self.lines.len() >= LOG_LINES_MAX {
            self.lines.pop_front();
        }
        self.lines.push_back(line);
        self.logged += 1;
    }

    /// Lines ever logged: the mark a snapshot keeps.
    pub fn mark(&self) -> u64 {
        self.logged
    }

    /// After a rewind to a snapshot taken when `mark` lines had been logged, drops the lines
    /// logged since, which the replay logs again. By count, not by time: lines at the
    /// snapshot's own time can come from before it (the model's own events) or after it (a
    /// command applied at that very moment, which the replay applies again).
    pub fn unlog(&mut self, mark: u64) {
        let newer = self.logged.saturating_sub(mark);
        for _ in 0..newer.min(self.lines.len() as u64) {
            self.lines.pop_back();
        }
        self.logged = mark;
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogLine> + '_ {
        self.lines.iter()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: u64) -> LogLine {
        LogLine::new(SimTime::from_ms(at), "k", None, true, |lang| format!("{lang:?} {at}"))
    }

    #[test]
    fn the_log_keeps_the_newest_lines_and_unlogs_by_count() {
        let mut log = Log::default();
        for at in 0..(LOG_LINES_MAX as u64 + 5) {
            log.push(line(at));
        }
        assert_eq!(log.len(), LOG_LINES_MAX);
        assert_eq!(log.iter().next().map(|l| l.at), Some(SimTime::from_ms(5)), "the five oldest were dropped");
        assert_eq!(log.mark(), LOG_LINES_MAX as u64 + 5);
        log.unlog(LOG_LINES_MAX as u64 + 2);
        assert_eq!(log.len(), LOG_LINES_MAX - 3);
        assert_eq!(log.iter().last().map(|l| l.at), Some(SimTime::from_ms(LOG_LINES_MAX as u64 + 1)));
        assert_eq!(line(7).text(Lang::Ko), "Ko 7");
    }
}
