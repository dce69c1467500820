//! Kafka's producer-side partitioners, as pure functions.
//!
//! Precedence in Kafka's producer (`KafkaProducer.partition`): an explicit partition wins, then
//! a configured custom partitioner, then the key hash (unless `partitioner.ignore.keys`), then
//! the built-in sticky partitioner for keyless records.
//!
//! The key hash is `toPositive(murmur2(serialized key bytes)) % numPartitions`
//! (`BuiltInPartitioner.partitionForKey`, `Utils.murmur2`, `Utils.toPositive`). `toPositive`
//! masks the sign bit (`n & 0x7fffffff`); it is *not* `abs`, and the difference shows for
//! negative hashes. Bytes are hashed, not strings: the UTF-8 string "21" and a 4-byte
//! big-endian integer 21 (IntegerSerializer) hash differently.

/// Kafka's murmur2 (`org.apache.kafka.common.utils.Utils.murmur2`), returning Java's `int`.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;

    let length = data.len();
    // Java computes `seed ^ length` on ints; lengths beyond u32 cannot occur for our keys.
    let mut h: u32 = SEED ^ (length as u32);

    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        // Little-endian assembly of four bytes, as Kafka does with explicit shifts.
        let mut k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }

    // The tail: Kafka's switch falls through from case 3 to case 1.
    let tail = chunks.remainder();
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }

    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// `Utils.toPositive`: clears the sign bit. Not `abs`: `toPositive(-1) == 0x7fffffff`.
pub fn to_positive(n: i32) -> u32 {
    (n as u32) & 0x7fff_ffff
}

/// The partition Kafka's default partitioner picks for a keyed record.
pub fn partition_for_key(key: &[u8], partitions: u32) -> u32 {
    assert!(partitions > 0, "a topic has at least one partition");
    to_positive(murmur2(key)) % partitions
}

/// How a producer's partitioner is configured (`partitioner.class`, `partitioner.ignore.keys`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartitionerKind {
    /// Kafka's built-in partitioner: murmur2 for keyed records, sticky for keyless ones.
    #[default]
    Default,
    /// `RoundRobinPartitioner`: every record to the next partition, keys ignored.
    RoundRobin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_positive_masks_rather_than_negates() {
        assert_eq!(to_positive(-1), 0x7fff_ffff);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(5), 5);
    }

    #[test]
    fn empty_key_hashes() {
        // Every length class of the tail must work, including none at all.
        for len in 0..9 {
            let data: alloc::vec::Vec<u8> = (0..len as u8).collect();
            let _ = murmur2(&data);
        }
        assert_ne!(murmur2(b"a"), murmur2(b"b"));
    }
}
