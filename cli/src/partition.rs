//! `brokerlab partition`: which partition Kafka's default partitioner picks for each key.

use std::io::Write;

use brokerlab_core::event_broker::partitioner::partition_for_key;
use crate::Usage;

/// The most partitions a Kafka topic can have: `numPartitions` is a Java `int`. The page's
/// world draws at most `limits::PARTITIONS_MAX`, but this answer needs no drawing, and a topic
/// of 100 or 1,000 partitions is an everyday question.
const PARTITIONS_MAX: u32 = i32::MAX as u32;

pub(crate) fn run(args: &[String], out: &mut impl Write) -> Result<(), Usage> {
    let mut partitions: Option<u32> = None;
    let mut hex = false;
    let mut keys: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--partitions" | "-p" => {
                let value = rest.next().ok_or_else(|| Usage::new("--partitions needs a number"))?;
                partitions = Some(parse_partitions(value)?);
            }
            s if s.starts_with("--partitions=") => partitions = Some(parse_partitions(&s["--partitions=".len()..])?),
            "--hex" => hex = true,
            "--" => keys.extend(rest.by_ref().map(String::as_str)),
            s if s.starts_with("--") => return Err(Usage::new(format!("unknown option {s:?}"))),
            key => keys.push(key),
        }
    }
    let partitions = partitions.ok_or_else(|| Usage::new("--partitions N is required"))?;
    if keys.is_empty() {
        return Err(Usage::new("give at least one key"));
    }
    for key in keys {
        let bytes = if hex { decode_hex(key)? } else { key.as_bytes().to_vec() };
        let partition = partition_for_key(&bytes, partitions);
        writeln!(out, "{key}\t{partition}").map_err(|e| Usage::new(format!("cannot write: {e}")))?;
    }
    Ok(())
}

fn parse_partitions(value: &str) -> Result<u32, Usage> {
    match value.parse::<u32>() {
        Ok(n) if (1..=PARTITIONS_MAX).contains(&n) => Ok(n),
        _ => Err(Usage::new(format!("--partitions must be a whole number from 1 to {PARTITIONS_MAX}, not {value:?}"))),
    }
}

fn decode_hex(text: &str) -> Result<Vec<u8>, Usage> {
    if !text.len().is_multiple_of(2) {
        return Err(Usage::new(format!("hex key {text:?} has an odd number of digits")));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| Usage::new(format!("hex key {text:?} has a character that is not a hex digit")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(args: &[&str]) -> Result<String, Usage> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let mut out = Vec::new();
        run(&args, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn any_partition_count_kafka_allows_is_answered() {
        // Kafka's UtilsTest vector: murmur2("foobar") = -790332482, so toPositive gives
        // -790332482 & 0x7fffffff = 1357151166 and the partition is that modulo the count.
        let positive = (-790_332_482_i32 as u32) & 0x7fff_ffff;
        for partitions in [1000_u32, 65, 100_000, i32::MAX as u32] {
            let got = answer(&["--partitions", &partitions.to_string(), "foobar"]).unwrap();
            assert_eq!(got, format!("foobar\t{}\n", positive % partitions), "{partitions} partitions");
        }
    }

    #[test]
    fn more_partitions_than_a_java_int_holds_is_refused() {
        let err = answer(&["--partitions", "2147483648", "k"]).unwrap_err();
        assert!(err.message.contains("from 1 to 2147483647"), "{}", err.message);
    }
}
