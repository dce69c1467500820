//! `brokerlab partition`: which partition Kafka's default partitioner picks for each key.

use std::io::Write;

use brokerlab_core::event_broker::partitioner::partition_for_key;
use brokerlab_core::limits::PARTITIONS_MAX;

use crate::Usage;

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
