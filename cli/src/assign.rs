//! `brokerlab assign` (the event-broker issue wires it to Kafka's assignors).

use std::io::{Read, Write};

use crate::Usage;

pub(crate) fn run(_args: &[String], _input: &mut impl Read, _out: &mut impl Write) -> Result<(), Usage> {
    Err(Usage::new("assign is not available in this build yet"))
}
