//! Which of the page's three views is on screen.

/// The three views of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Event,
    Message,
    Compare,
}

impl ViewKind {
    /// `event`, `message` or `compare`.
    pub fn parse(text: &str) -> Option<ViewKind> {
        match text.trim() {
            "event" => Some(ViewKind::Event),
            "message" => Some(ViewKind::Message),
            "compare" => Some(ViewKind::Compare),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ViewKind::Event => "event",
            ViewKind::Message => "message",
            ViewKind::Compare => "compare",
        }
    }
}
