//! Kafka's default partitioner against the vectors from Kafka's own tests
//! (`UtilsTest.testMurmur2`) and worked examples (`tests/data/kafka_partitioner.json`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::event_broker::partitioner::{murmur2, partition_for_key, to_positive};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("data/kafka_partitioner.json")).unwrap()
}

#[test]
fn murmur2_matches_kafka_utils_test() {
    let v = vectors();
    let cases = v["murmur2_vectors"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let input = case["utf8"].as_str().unwrap();
        let expected = case["murmur2_i32"].as_i64().unwrap() as i32;
        assert_eq!(murmur2(input.as_bytes()), expected, "murmur2({input:?})");
    }
}

#[test]
fn keys_land_where_kafka_puts_them() {
    let v = vectors();
    for case in v["partition_examples"].as_array().unwrap() {
        let key = case["key"].as_str().unwrap();
        let partitions = case["partitions"].as_u64().unwrap() as u32;
        let expected = case["expected"].as_u64().unwrap() as u32;
        assert_eq!(partition_for_key(key.as_bytes(), partitions), expected, "key {key:?} over {partitions}");
    }
}

#[test]
fn serialized_bytes_are_hashed_not_strings() {
    // IntegerSerializer writes 21 as four big-endian bytes; StringSerializer as "21" in UTF-8.
    let as_string = murmur2(b"21");
    let as_int = murmur2(&21i32.to_be_bytes());
    assert_ne!(as_string, as_int);
}

#[test]
fn to_positive_is_a_mask_so_negative_hashes_do_not_mirror() {
    // "21" hashes negative; abs() and the mask disagree on it.
    let h = murmur2(b"21");
    assert!(h < 0);
    assert_ne!(to_positive(h), h.unsigned_abs());
    assert_eq!(to_positive(h), (h as u32) & 0x7fff_ffff);
}
