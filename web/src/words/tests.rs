//! Every key and every lesson step has words in every language, and the Korean is Korean.

use brokerlab_core::Lang;

use super::{LANGUAGES, Entity, Ui, words};
use crate::lessons;

/// Labels that are the same in every language, each with why.
const SAME_IN_EVERY_LANGUAGE: &[Ui] = &[
    // A file's name and the command that writes it, as RabbitMQ's documentation names them.
    Ui::DefinitionsFile,
    // Kafka's acknowledge types, as `AcknowledgeType` names them and the log quotes them.
    Ui::ShareAnswerAcceptShort,
    Ui::ShareAnswerReleaseShort,
    Ui::ShareAnswerRejectShort,
];

/// English on the Korean page since before the catalogue (at 732165e); translating them
/// changes what the Korean page says, which moving the words here did not do. The Korean
/// catalogue asks `English` for them, so they are easy to find. This list only shrinks.
const NOT_YET_TRANSLATED: &[Ui] = &[
    Ui::LogStartTitle,
    Ui::HighWatermarkTitle,
    Ui::LogEndTitle,
    Ui::CommittedTitle,
    Ui::AllMessages,
    Ui::DefaultExchangeName,
];

#[test]
fn every_key_has_words_in_every_language_and_the_korean_is_not_the_english() {
    for &key in Ui::ALL {
        for &lang in LANGUAGES {
            assert!(!words(lang).ui(key).trim().is_empty(), "{key:?} has no words in {lang:?}");
        }
        let (en, ko) = (words(Lang::En).ui(key), words(Lang::Ko).ui(key));
        let listed = SAME_IN_EVERY_LANGUAGE.contains(&key) || NOT_YET_TRANSLATED.contains(&key);
        // Both ways: a listed key that has been translated must leave its list.
        assert_eq!(en == ko, listed, "{key:?}: {en:?} in English, {ko:?} in Korean");
    }
}

/// Moved from `lessons.rs` (every step in both languages), with the checks the catalogue
/// needs: the steps line up with the lesson's, and a step has a label exactly when it has an
/// action.
#[test]
fn every_lesson_step_has_words_in_every_language_and_every_action_a_label() {
    for lesson in lessons::all() {
        for &lang in LANGUAGES {
            let said = words(lang).lesson(lesson.id);
            assert!(!said.title().is_empty(), "{:?} has no title in {lang:?}", lesson.id);
            assert_eq!(said.steps().count(), lesson.steps.len(), "{:?}: the steps in {lang:?} line up with the lesson's", lesson.id);
            for (i, (step, words)) in lesson.steps.iter().zip(said.steps()).enumerate() {
                assert!(!words.text.is_empty(), "{:?} step {i}: every step in every language", lesson.id);
                assert_eq!(step.action.is_some(), words.action.is_some_and(|l| !l.is_empty()), "{:?} step {i}: a label for an action", lesson.id);
                assert_eq!(step.ask.is_some(), words.question.is_some_and(|q| !q.is_empty()), "{:?} step {i}: a question for a checkpoint", lesson.id);
                assert_eq!(words.question.is_some(), words.after.is_some_and(|a| !a.is_empty()), "{:?} step {i}: what to see after", lesson.id);
            }
        }
        let (en, ko) = (words(Lang::En).lesson(lesson.id), words(Lang::Ko).lesson(lesson.id));
        assert_ne!(en.title(), ko.title(), "{:?}", lesson.id);
        for (i, (en, ko)) in en.steps().zip(ko.steps()).enumerate() {
            assert_ne!(en.text, ko.text, "{:?} step {i}", lesson.id);
            assert!(en.action.is_none() || en.action != ko.action, "{:?} step {i}: {:?}", lesson.id, en.action);
            assert!(en.question.is_none() || (en.question != ko.question && en.after != ko.after), "{:?} step {i}: translated", lesson.id);
        }
    }
}

/// The sentences that carry values, with sample values: words in every language, and Korean
/// unless the Korean catalogue still asks `English` (the same texts as `NOT_YET_TRANSLATED`).
#[test]
fn every_sentence_has_words_in_every_language() {
    let said = |lang: Lang| {
        let w = words(lang);
        vec![
            ("topic_heading", w.topic_heading("orders", 3), true),
            ("replicas_line", w.replicas_line(0, "b0,b1"), false),
            ("group_heading", w.group_heading("payment", 2, true), false),
            ("record_title", w.record_title(7, None), false),
            ("exchange_kind", w.exchange_kind("topic"), false),
            ("queue_counts", w.queue_counts(1, 2), true),
            ("consumer_counts", w.consumer_counts("running", 2), true),
            ("records_in_flight", w.records_in_flight(3), true),
            ("messages_in_flight", w.messages_in_flight(3), true),
            ("log_count", w.log_count(1, 2, false), true),
            ("log_count live", w.log_count(1, 2, true), true),
            ("diff_retention", w.diff_retention(3, 2, 1, 0), true),
            ("diff_readers", w.diff_readers("payment 3/3", "worker-1 2"), true),
            ("diff_ordering", w.diff_ordering(1), true),
            ("diff_stream_partitions", w.diff_stream_partitions(2, "p0 1 · p1 2", 0, 3), true),
            ("diff_stream_readers", w.diff_stream_readers("payment m0 p0", "reader-first 3", 3), true),
            ("diff_stream_offsets", w.diff_stream_offsets("payment p0 1", "reader-first at 3"), true),
            ("diff_stream_kept", w.diff_stream_kept(3, 3), true),
            ("remove", w.remove(Entity::Topic, "orders"), true),
            ("link_unusable", w.link_unusable("x"), true),
            ("link_lesson_missing", w.link_lesson_missing("x"), true),
            ("link_step_missing", w.link_step_missing("x", 9, 3), true),
            ("shared_scenario_unusable", w.shared_scenario_unusable("x"), true),
            ("lesson_could_not_start", w.lesson_could_not_start("x"), true),
            ("no_such_lesson", w.no_such_lesson("x"), true),
            ("scenario_unusable", w.scenario_unusable("x"), true),
            ("json_invalid", w.json_invalid("x"), true),
            ("definitions_imported", w.definitions_imported(1, 2, 3), true),
            ("clients_removed", w.clients_removed("x"), true),
            ("not_modelled", w.not_modelled("x"), true),
            ("event_kind", w.event_kind("record_sent"), true),
            ("consumer_state", w.consumer_state("paused").to_string(), true),
        ]
    };
    let (en, ko) = (said(Lang::En), said(Lang::Ko));
    for ((name, en, translated), (_, ko, _)) in en.into_iter().zip(ko) {
        assert!(!en.is_empty() && !ko.is_empty(), "{name}");
        assert_eq!(en != ko, translated, "{name}: {en:?} in English, {ko:?} in Korean");
    }
}

#[test]
fn each_language_is_found_by_its_code() {
    for &lang in LANGUAGES {
        assert_eq!(super::lang_from_tag(words(lang).code()), Some(lang));
    }
    assert_eq!(super::lang_from_tag("ko-KR"), Some(Lang::Ko));
    assert_eq!(super::lang_from_tag("fr"), None);
}

/// The page's own errors say themselves in every language: one sample of each variant (the
/// `match` fails to compile when a variant is added without one), each with words, and the
/// Korean in Korean. Their parts that are the user's (names, fields, serde's message) stay.
#[test]
fn every_page_error_has_words_in_every_language() {
    use crate::setup::SetupError;
    use crate::share::FragmentError;
    let scenario = brokerlab_core::Scenario::from_json("{").unwrap_err();
    let setup = [
        SetupError::Scenario(scenario),
        SetupError::DefinitionsJson(String::from("expected value at line 1 column 1")),
        SetupError::Duplicate { what: Entity::Queue, name: String::from("q") },
        SetupError::Missing { what: Entity::Topic, name: String::from("t") },
        SetupError::TooLarge { bytes: 2, max: 1 },
    ];
    let fragment = [
        FragmentError::TooLong { chars: 2, max: 1 },
        FragmentError::NotAShareLink,
        FragmentError::FutureVersion { found: 9, supported: 2 },
        FragmentError::BadEncoding,
        FragmentError::BadStep,
        FragmentError::BadLesson,
    ];
    let every_setup_variant = |e: &SetupError| match e {
        SetupError::Scenario(_)
        | SetupError::Message(_)
        | SetupError::DefinitionsJson(_)
        | SetupError::Definitions(_)
        | SetupError::Duplicate { .. }
        | SetupError::Missing { .. }
        | SetupError::TooLarge { .. }
        | SetupError::Field { .. } => (),
    };
    let korean = |text: &str| text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    for e in &setup {
        every_setup_variant(e);
        let (en, ko) = (e.explain(Lang::En), e.explain(Lang::Ko));
        assert!(!en.is_empty() && en != ko && korean(&ko), "{e:?}: {en:?} / {ko:?}");
        assert_eq!(e.to_string(), en, "Display is the English");
    }
    for e in &fragment {
        let (en, ko) = (e.explain(Lang::En), e.explain(Lang::Ko));
        assert!(!en.is_empty() && en != ko && korean(&ko), "{e:?}: {en:?} / {ko:?}");
    }
    // Message and Definitions wrap the core's errors, whose words the core's tests walk;
    // Field carries a form's field name and the problem the form found.
}

#[test]
fn korean_counts_take_the_counter_word_of_what_they_count() {
    use crate::checkpoint::Choice;
    let ko = words(Lang::Ko);
    // Records and messages are things (개), members are people (명), deliveries are times (번).
    assert_eq!(ko.choice(&Choice::Count(5)), "5개");
    assert_eq!(ko.choice(&Choice::Members(4)), "4명");
    assert_eq!(ko.choice(&Choice::Times(4)), "4번");
    let en = words(Lang::En);
    assert_eq!([Choice::Count(4), Choice::Members(4), Choice::Times(4)].map(|c| en.choice(&c)), ["4", "4", "4"]);
}
