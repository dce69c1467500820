//! Every key and every lesson step has words in every language, and the Korean is Korean.

use brokerlab_core::Lang;

use super::{LANGUAGES, Removable, Ui, words};
use crate::lessons;

/// Labels that are the same in every language, each with why.
const SAME_IN_EVERY_LANGUAGE: &[Ui] = &[
    // A file's name and the command that writes it, as RabbitMQ's documentation names them.
    Ui::DefinitionsFile,
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
            }
        }
        let (en, ko) = (words(Lang::En).lesson(lesson.id), words(Lang::Ko).lesson(lesson.id));
        assert_ne!(en.title(), ko.title(), "{:?}", lesson.id);
        for (i, (en, ko)) in en.steps().zip(ko.steps()).enumerate() {
            assert_ne!(en.text, ko.text, "{:?} step {i}", lesson.id);
            assert!(en.action.is_none() || en.action != ko.action, "{:?} step {i}: {:?}", lesson.id, en.action);
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
            ("remove", w.remove(Removable::Topic, "orders"), true),
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
