//! The macros the catalogues are written with: `ui_texts!` (a language's labels), `lesson!` (a
//! lesson's words) and `languages!` (the list of languages), so each catalogue reads as a list
//! and the compiler checks it.

/// A language's labels (`labels.rs`, behind its [`Catalogue::ui`]), written as one
/// `Key => "text",` line per key: a match, so the compiler refuses a key left out or written
/// twice.
macro_rules! ui_texts {
    ($($key:ident => $text:expr,)*) => {
        #[inline(always)]
        pub(super) fn ui(key: Ui) -> &'static str {
            match key {
                $(Ui::$key => $text,)*
            }
        }
    };
}

/// A lesson's words: `lesson!("Title"; "A step to read.", "A step with an action." => "Its label",
/// "A step that asks first." => "Its label" ? "Its question?" ! "What to see once it is answered.",)`.
/// The compiler refuses a text holding a line break or a tab, which would split it.
macro_rules! lesson {
    ($title:literal; $($text:literal $(=> $label:literal $(? $question:literal ! $after:literal)?)?,)*) => {{
        const TEXT: &str = concat!($title $(, "\n", $text $(, "\t", $label $(, "\t", $question, "\t", $after)?)?)*);
        const STEPS: usize = <[&str]>::len(&[$($text,)*]);
        const TABS: usize = <[&str]>::len(&[$($($label, $($question, $after,)?)?)*]);
        const _: () = assert!(crate::words::macros::count(TEXT, b'\n') == STEPS && crate::words::macros::count(TEXT, b'\t') == TABS, "a lesson's texts hold no line break or tab");
        crate::words::LessonWords::new(TEXT)
    }};
}

/// How many times `byte` occurs in `text`.
pub(super) const fn count(text: &str, byte: u8) -> usize {
    let (bytes, mut i, mut n) = (text.as_bytes(), 0, 0);
    while i < bytes.len() {
        if bytes[i] == byte {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The languages the page speaks: `LANGUAGES` and the dispatch of `Words`, from one list.
macro_rules! languages {
    ($($lang:ident => $catalogue:expr,)*) => {
        /// Every language the page speaks, in the order its language picker lists them.
        pub const LANGUAGES: &[Lang] = &[$(Lang::$lang,)*];

        impl Words {
            /// The text of `key`. Call it with a constant key (`Ui::Play`): it is inlined, and
            /// each call site keeps only its own key's texts, as literals written in place
            /// would. A table of every key (a pointer and a length each, or offsets into one
            /// string) made the page's wasm 1 to 2 KB bigger, gzipped.
            #[inline(always)]
            pub fn ui(self, key: Ui) -> &'static str {
                match self.0 {
                    $(Lang::$lang => $catalogue.ui(key),)*
                }
            }
        }

        impl std::ops::Deref for Words {
            type Target = dyn Catalogue;

            fn deref(&self) -> &(dyn Catalogue + 'static) {
                match self.0 {
                    $(Lang::$lang => &$catalogue,)*
                }
            }
        }
    };
}
