//! AMQP field tables (message headers, binding and queue arguments) and headers exchange
//! matching (R5), as pure functions over plain data.
//!
//! Matching follows `rabbit_exchange_type_headers`: the binding's `x-match` is `all` (the
//! default), `any`, `all-with-x` or `any-with-x`. Binding arguments whose name starts with `x-`
//! take part only in the `*-with-x` modes, and `x-match` itself never does. A [`HeaderValue::Void`]
//! binding value asks only that the header be present. Other values compare exactly, type
//! included (`1` is not `1.0`, as since RabbitMQ 3.13). With `all` and nothing left to compare,
//! every message matches; with `any`, none does. The routing key plays no part.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;

use crate::Name;

/// A value in an AMQP field table. Integers of every AMQP width are one `Integer`, since
/// RabbitMQ compares them by value; floats and decimals are `Float`.
#[derive(Clone, Debug)]
pub enum HeaderValue {
    String(Name),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// AMQP's "no value" (`V`): as a binding argument, "the header is present".
    Void,
    /// AMQP timestamp: seconds since the epoch (here: since the start of the simulation).
    Timestamp(u64),
    Array(Vec<HeaderValue>),
    Table(Headers),
}

/// A field table. Keys are unique and iterate in order, as RabbitMQ sorts tables before matching.
pub type Headers = BTreeMap<Name, HeaderValue>;

/// How a headers binding combines its arguments (`x-match`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum XMatch {
    #[default]
    All,
    Any,
    AllWithX,
    AnyWithX,
}

/// The binding's `x-match` is present but is not one of the four modes: RabbitMQ refuses such a
/// binding (`binding_invalid`, 406 PRECONDITION_FAILED).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidXMatch(pub HeaderValue);

impl XMatch {
    /// Reads `x-match` from binding arguments; absent means `all`.
    pub fn from_arguments(arguments: &Headers) -> Result<XMatch, InvalidXMatch> {
        match arguments.get("x-match") {
            None => Ok(XMatch::All),
            Some(HeaderValue::String(mode)) => match &**mode {
                "all" => Ok(XMatch::All),
                "any" => Ok(XMatch::Any),
                "all-with-x" => Ok(XMatch::AllWithX),
                "any-with-x" => Ok(XMatch::AnyWithX),
                _ => Err(InvalidXMatch(HeaderValue::String(mode.clone()))),
            },
            Some(other) => Err(InvalidXMatch(other.clone())),
        }
    }

    fn with_x(self) -> bool {
        matches!(self, XMatch::AllWithX | XMatch::AnyWithX)
    }

    fn is_all(self) -> bool {
        matches!(self, XMatch::All | XMatch::AllWithX)
    }
}

/// Whether a message with `headers` matches a headers-exchange binding with `arguments`.
/// An invalid `x-match` cannot be bound, so here it reads as `all` (RabbitMQ's legacy fallback).
pub fn headers_match(arguments: &Headers, headers: &Headers) -> bool {
    let mode = XMatch::from_arguments(arguments).unwrap_or_default();
    let mut compared = arguments
        .iter()
        .filter(|(name, _)| &***name != "x-match" && (mode.with_x() || !name.starts_with("x-")))
        .map(|(name, wanted)| match (wanted, headers.get(name)) {
            (_, None) => false,
            (HeaderValue::Void, Some(_)) => true,
            (wanted, Some(actual)) => wanted == actual,
        });
    if mode.is_all() { compared.all(|ok| ok) } else { compared.any(|ok| ok) }
}

impl HeaderValue {
    pub fn string(text: &str) -> HeaderValue {
        HeaderValue::String(Name::from(text))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_integer(&self) -> Option<i64> {
        match self {
            HeaderValue::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            HeaderValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The type's name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            HeaderValue::String(_) => "string",
            HeaderValue::Integer(_) => "integer",
            HeaderValue::Float(_) => "float",
            HeaderValue::Bool(_) => "bool",
            HeaderValue::Void => "void",
            HeaderValue::Timestamp(_) => "timestamp",
            HeaderValue::Array(_) => "array",
            HeaderValue::Table(_) => "table",
        }
    }

    fn rank(&self) -> u8 {
        match self {
            HeaderValue::String(_) => 0,
            HeaderValue::Integer(_) => 1,
            HeaderValue::Float(_) => 2,
            HeaderValue::Bool(_) => 3,
            HeaderValue::Void => 4,
            HeaderValue::Timestamp(_) => 5,
            HeaderValue::Array(_) => 6,
            HeaderValue::Table(_) => 7,
        }
    }
}

/// Exact equality: same type and same value; floats by their bits, so equality is an
/// equivalence (binding sets need `Ord`) and `1` never equals `1.0`.
impl PartialEq for HeaderValue {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for HeaderValue {}

impl PartialOrd for HeaderValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HeaderValue {
    fn cmp(&self, other: &Self) -> Ordering {
        use HeaderValue::*;
        match (self, other) {
            (String(a), String(b)) => a.cmp(b),
            (Integer(a), Integer(b)) => a.cmp(b),
            (Float(a), Float(b)) => a.total_cmp(b),
            (Bool(a), Bool(b)) => a.cmp(b),
            (Void, Void) => Ordering::Equal,
            (Timestamp(a), Timestamp(b)) => a.cmp(b),
            (Array(a), Array(b)) => a.cmp(b),
            (Table(a), Table(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl fmt::Display for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderValue::String(text) => write!(f, "{text:?}"),
            HeaderValue::Integer(n) => write!(f, "{n}"),
            HeaderValue::Float(x) => write!(f, "{x:?}"),
            HeaderValue::Bool(b) => write!(f, "{b}"),
            HeaderValue::Void => f.write_str("void"),
            HeaderValue::Timestamp(s) => write!(f, "timestamp {s}"),
            HeaderValue::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            HeaderValue::Table(table) => {
                f.write_str("{")?;
                for (i, (k, v)) in table.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k:?}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl From<&str> for HeaderValue {
    fn from(text: &str) -> Self {
        HeaderValue::string(text)
    }
}

impl From<i64> for HeaderValue {
    fn from(n: i64) -> Self {
        HeaderValue::Integer(n)
    }
}

impl From<f64> for HeaderValue {
    fn from(x: f64) -> Self {
        HeaderValue::Float(x)
    }
}

impl From<bool> for HeaderValue {
    fn from(b: bool) -> Self {
        HeaderValue::Bool(b)
    }
}

/// Converts JSON (definitions.json arguments, CLI headers) to a header value: strings, integers
/// (a JSON number written without a fraction or exponent), floats, booleans, `null` as void,
/// arrays and objects as tables.
pub fn from_json(value: &serde_json::Value) -> HeaderValue {
    match value {
        serde_json::Value::Null => HeaderValue::Void,
        serde_json::Value::Bool(b) => HeaderValue::Bool(*b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => HeaderValue::Integer(i),
            // Beyond i64: RabbitMQ has no wider integer, so it can only be a float.
            (None, Some(u), _) => HeaderValue::Float(u as f64),
            (_, _, Some(x)) => HeaderValue::Float(x),
            _ => HeaderValue::Void,
        },
        serde_json::Value::String(text) => HeaderValue::string(text),
        serde_json::Value::Array(items) => HeaderValue::Array(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            HeaderValue::Table(crate::sort::collect_by_insert(map.iter().map(|(k, v)| (Name::from(k.as_str()), from_json(v)))))
        }
    }
}

/// Converts a JSON object to a field table; anything else is not a table.
pub fn table_from_json(value: &serde_json::Value) -> Option<Headers> {
    match from_json(value) {
        HeaderValue::Table(table) => Some(table),
        _ => None,
    }
}

/// The JSON form of a header value, as definitions.json writes arguments.
pub fn to_json(value: &HeaderValue) -> serde_json::Value {
    match value {
        HeaderValue::String(text) => serde_json::Value::String(text.as_ref().into()),
        HeaderValue::Integer(n) => serde_json::Value::from(*n),
        HeaderValue::Float(x) => serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, Into::into),
        HeaderValue::Bool(b) => serde_json::Value::Bool(*b),
        HeaderValue::Void => serde_json::Value::Null,
        HeaderValue::Timestamp(s) => serde_json::Value::from(*s),
        HeaderValue::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        HeaderValue::Table(table) => table_to_json(table),
    }
}

/// The JSON object of a field table.
pub fn table_to_json(table: &Headers) -> serde_json::Value {
    serde_json::Value::Object(crate::sort::collect_by_insert(table.iter().map(|(k, v)| (k.as_ref().into(), to_json(v)))))
}
