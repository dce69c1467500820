//! The share link as the page offers it: the link and the two snippets that embed the same
//! scenario. The fragment itself (`encode`, `decode`) is the core's `brokerlab_core::share`,
//! which the CLI reads too.

pub use brokerlab_core::share::{FRAGMENT_VERSION, FragmentError, LessonAt, Shared, decode, encode};

/// What the share dialog offers for one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareLinks {
    pub link: String,
    pub iframe: String,
    pub element: String,
}

impl ShareLinks {
    /// `base` is the folder the site is served from; `fragment` the share fragment (no `#`).
    pub fn new(link: String, base: &str, fragment: &str) -> ShareLinks {
        ShareLinks {
            link,
            iframe: format!(
                "<iframe src=\"{base}embed.html#{fragment}\" title=\"Brokerlab simulation\" width=\"100%\" height=\"520\" loading=\"lazy\"></iframe>"
            ),
            element: format!(
                "<script type=\"module\" src=\"{base}brokerlab-widget.js\"></script>\n<brokerlab-sim scenario=\"{fragment}\" controls=\"minimal\" height=\"520px\"></brokerlab-sim>"
            ),
        }
    }
}
