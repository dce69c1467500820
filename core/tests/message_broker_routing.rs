//! The routing leaves: topic matching (every case of `rabbitmq_topic.json`, both matchers) and
//! headers matching (R5), as data.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::message_broker::headers::{HeaderValue, Headers, XMatch, headers_match};
use brokerlab_core::message_broker::topic::{TopicTrie, topic_matches};

const TOPIC_VECTORS: &str = include_str!("data/rabbitmq_topic.json");

fn topic_cases() -> Vec<(String, String, bool)> {
    let doc: serde_json::Value = serde_json::from_str(TOPIC_VECTORS).unwrap();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            (
                case["binding_key"].as_str().unwrap().to_string(),
                case["routing_key"].as_str().unwrap().to_string(),
                case["match"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_reference_vector_holds_for_the_naive_matcher() {
    let cases = topic_cases();
    assert!(cases.len() >= 30);
    for (binding, routing, expected) in cases {
        assert_eq!(topic_matches(&binding, &routing), expected, "binding {binding:?} routing {routing:?}");
    }
}

#[test]
fn every_reference_vector_holds_for_the_trie_alone() {
    for (binding, routing, expected) in topic_cases() {
        let mut trie = TopicTrie::new();
        trie.insert(&binding, 0u32);
        assert_eq!(!trie.matches(&routing).is_empty(), expected, "binding {binding:?} routing {routing:?}");
    }
}

#[test]
fn every_reference_vector_holds_for_one_trie_with_all_bindings() {
    let cases = topic_cases();
    let mut trie = TopicTrie::new();
    for (i, (binding, _, _)) in cases.iter().enumerate() {
        trie.insert(binding, i);
    }
    for (i, (binding, routing, expected)) in cases.iter().enumerate() {
        assert_eq!(trie.matches(routing).contains(&i), *expected, "binding {binding:?} routing {routing:?}");
    }
}

/// R4's own examples, and the corners of empty words.
#[test]
fn semantics_examples() {
    let cases = [
        ("a.#.b", "a.b", true),
        ("#.*", "a.b", true),
        ("a.#.a", "a", false),
        ("#", "", true),
        ("*", "", false),
        ("*", ".", false),
        ("*.*", ".", true),
        ("a.*.b", "a..b", true),
        ("a..b", "a..b", true),
        ("", "", true),
        ("", "a", false),
        ("#.#", "", true),
        ("a.#", "a", true),
        ("#.a", "a", true),
        ("a.#.#.b", "a.b", true),
        ("*.#.*", "a", false),
        ("*.#.*", "a.b", true),
        ("a*", "a", false),
        ("a*", "a*", true),
    ];
    for (binding, routing, expected) in cases {
        assert_eq!(topic_matches(binding, routing), expected, "binding {binding:?} routing {routing:?}");
        let mut trie = TopicTrie::new();
        trie.insert(binding, ());
        assert_eq!(!trie.matches(routing).is_empty(), expected, "trie: binding {binding:?} routing {routing:?}");
    }
}

#[test]
fn ten_thousand_bindings_route_by_walking_the_trie() {
    let mut trie = TopicTrie::new();
    for i in 0..10_000u32 {
        let key = match i % 4 {
            0 => format!("sensor.{i}.temperature"),
            1 => format!("sensor.{i}.*"),
            2 => format!("region{}.#", i % 50),
            _ => format!("#.device{i}"),
        };
        trie.insert(&key, i);
    }
    assert_eq!(trie.len(), 10_000);
    let hits = trie.matches("sensor.4.temperature");
    assert_eq!(hits.into_iter().collect::<Vec<_>>(), vec![4]);
    let hits = trie.matches("sensor.5.humidity");
    assert_eq!(hits.into_iter().collect::<Vec<_>>(), vec![5]);
    // region2.# is bound by every i with i % 4 == 2 and i % 50 == 2: i = 50k + 2 with k even.
    let hits = trie.matches("region2.a.b");
    assert_eq!(hits.len(), 100);
    assert!(hits.iter().all(|i| i % 4 == 2 && i % 50 == 2));
    assert_eq!(trie.matches("x.y.device3").into_iter().collect::<Vec<_>>(), vec![3]);
    // Removing everything leaves an empty trie.
    for i in 0..10_000u32 {
        let key = match i % 4 {
            0 => format!("sensor.{i}.temperature"),
            1 => format!("sensor.{i}.*"),
            2 => format!("region{}.#", i % 50),
            _ => format!("#.device{i}"),
        };
        assert!(trie.remove(&key, &i));
    }
    assert!(trie.is_empty());
    assert!(trie.matches("sensor.4.temperature").is_empty());
}

#[test]
fn many_hashes_against_a_long_key_stay_cheap() {
    let binding = "#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.x";
    let routing = "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a";
    let mut trie = TopicTrie::new();
    trie.insert(binding, ());
    assert!(trie.matches(routing).is_empty());
    assert!(!trie.matches(&format!("{routing}.x")).is_empty());
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn key(words: &'static [&'static str]) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(words), 0..6).prop_map(|w| w.join("."))
    }

    proptest! {
        /// The trie and the naive matcher agree on every binding of a random set.
        #[test]
        fn trie_agrees_with_the_naive_matcher(
            bindings in proptest::collection::vec(key(&["a", "b", "", "*", "#"]), 1..12),
            routing in key(&["a", "b", ""]),
        ) {
            let mut trie = TopicTrie::new();
            for (i, binding) in bindings.iter().enumerate() {
                trie.insert(binding, i);
            }
            let hits = trie.matches(&routing);
            for (i, binding) in bindings.iter().enumerate() {
                prop_assert_eq!(hits.contains(&i), topic_matches(binding, &routing),
                    "binding {:?} routing {:?}", binding, routing);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Headers exchange (R5)

fn table(pairs: &[(&str, HeaderValue)]) -> Headers {
    pairs.iter().map(|(k, v)| ((*k).into(), v.clone())).collect()
}

fn s(text: &str) -> HeaderValue {
    HeaderValue::string(text)
}

#[test]
fn headers_cases() {
    use HeaderValue::{Bool, Float, Integer, Void};
    // (what, binding arguments, message headers, matches)
    let cases: Vec<(&str, Headers, Headers, bool)> = vec![
        ("all by default", table(&[("a", s("1")), ("b", s("2"))]), table(&[("a", s("1")), ("b", s("2"))]), true),
        ("all needs every one", table(&[("a", s("1")), ("b", s("2"))]), table(&[("a", s("1"))]), false),
        ("extra headers are fine", table(&[("a", s("1"))]), table(&[("a", s("1")), ("z", s("9"))]), true),
        ("all with a wrong value", table(&[("a", s("1")), ("b", s("2"))]), table(&[("a", s("1")), ("b", s("3"))]), false),
        ("any needs one", table(&[("x-match", s("any")), ("a", s("1")), ("b", s("2"))]), table(&[("b", s("2"))]), true),
        ("any with none", table(&[("x-match", s("any")), ("a", s("1"))]), table(&[("b", s("1"))]), false),
        ("all with no arguments matches everything", table(&[]), table(&[]), true),
        ("explicit all with no arguments", table(&[("x-match", s("all"))]), table(&[("q", s("1"))]), true),
        ("any with no arguments matches nothing", table(&[("x-match", s("any"))]), table(&[("q", s("1"))]), false),
        ("x- arguments ignored by all", table(&[("x-foo", s("1"))]), table(&[]), true),
        ("x- arguments ignored by any", table(&[("x-match", s("any")), ("x-foo", s("1"))]), table(&[("x-foo", s("1"))]), false),
        ("all-with-x compares x- arguments", table(&[("x-match", s("all-with-x")), ("x-foo", s("1"))]), table(&[]), false),
        ("all-with-x, x- present", table(&[("x-match", s("all-with-x")), ("x-foo", s("1"))]), table(&[("x-foo", s("1"))]), true),
        ("any-with-x, x- present", table(&[("x-match", s("any-with-x")), ("x-foo", s("1")), ("b", s("2"))]), table(&[("x-foo", s("1"))]), true),
        ("x-match itself never compared", table(&[("x-match", s("all-with-x"))]), table(&[]), true),
        ("any-with-x with only x-match", table(&[("x-match", s("any-with-x"))]), table(&[("x-match", s("any-with-x"))]), false),
        ("void means present", table(&[("a", Void)]), table(&[("a", s("anything"))]), true),
        ("void needs presence", table(&[("a", Void)]), table(&[("b", s("1"))]), false),
        ("void under any", table(&[("x-match", s("any")), ("a", Void), ("b", s("2"))]), table(&[("a", Integer(7))]), true),
        ("1 is not 1.0", table(&[("n", Integer(1))]), table(&[("n", Float(1.0))]), false),
        ("1.0 is not 1", table(&[("n", Float(1.0))]), table(&[("n", Integer(1))]), false),
        ("integers compare by value", table(&[("n", Integer(1))]), table(&[("n", Integer(1))]), true),
        ("string 1 is not integer 1", table(&[("n", s("1"))]), table(&[("n", Integer(1))]), false),
        ("booleans", table(&[("flag", Bool(true))]), table(&[("flag", Bool(true))]), true),
        ("booleans differ", table(&[("flag", Bool(true))]), table(&[("flag", Bool(false))]), false),
        ("nested tables compare whole", table(&[("t", HeaderValue::Table(table(&[("k", s("v"))])))]), table(&[("t", HeaderValue::Table(table(&[("k", s("v"))])))]), true),
        ("arrays compare in order", table(&[("l", HeaderValue::Array(vec![s("a"), s("b")]))]), table(&[("l", HeaderValue::Array(vec![s("b"), s("a")]))]), false),
        ("message headers starting x- still match non-x args", table(&[("a", s("1"))]), table(&[("x-a", s("1")), ("a", s("1"))]), true),
    ];
    for (what, arguments, headers, expected) in cases {
        assert_eq!(headers_match(&arguments, &headers), expected, "{what}");
    }
}

#[test]
fn x_match_parsing() {
    assert_eq!(XMatch::from_arguments(&table(&[])), Ok(XMatch::All));
    assert_eq!(XMatch::from_arguments(&table(&[("x-match", s("any-with-x"))])), Ok(XMatch::AnyWithX));
    assert!(XMatch::from_arguments(&table(&[("x-match", s("some"))])).is_err());
    assert!(XMatch::from_arguments(&table(&[("x-match", HeaderValue::Integer(1))])).is_err());
}
