//! Fuzz target `fragment`: the share-link decoder (`brokerlab_core::share::decode`, which the
//! page and `brokerlab run` use) on any text, then the decoded scenario through the same body as
//! target `scenario`. A decoded link must encode back to a link that decodes to the same thing.
#![no_main]

#[path = "../../core/tests/hostile_support/mod.rs"]
mod hostile_support;

use brokerlab_core::share;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else { return };
    if let Ok(Some(shared)) = share::decode(text) {
        let lesson = shared.lesson.as_ref().map(|at| (at.id.as_str(), at.step));
        let again = share::decode(&share::encode(&shared.scenario_json, lesson));
        assert_eq!(again, Ok(Some(shared.clone())), "a decoded link does not survive encode → decode");
        hostile_support::shared_scenario(&shared.scenario_json);
    }
});
