//! Reading JSON values with field paths in every message.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::ExchangeError;

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn wrong(path: &str, expected: &'static str, v: &Value) -> ExchangeError {
    ExchangeError::WrongType {
        path: path.to_owned(),
        expected,
        found: kind_of(v),
    }
}

/// An optional string field (null counts as absent).
pub(crate) fn opt_str(
    obj: &serde_json::Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<String>, ExchangeError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(wrong(&join(path, key), "a string", v)),
    }
}

/// An optional non-negative integer field.
pub(crate) fn opt_usize(
    obj: &serde_json::Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<usize>, ExchangeError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().map(|x| x as usize)),
        Some(v) => Err(wrong(&join(path, key), "a non-negative integer", v)),
    }
}

/// An optional xsd:dateTime field, in UTC (a time without zone is taken as UTC).
pub(crate) fn opt_time(
    obj: &serde_json::Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<DateTime<Utc>>, ExchangeError> {
    let Some(s) = opt_str(obj, path, key)? else {
        return Ok(None);
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S%.f") {
        return Ok(Some(t.and_utc()));
    }
    Err(ExchangeError::field(
        join(path, key),
        format!("“{s}” is not a date and time such as 2025-01-31T12:00:00Z"),
    ))
}

/// Strings of a field that is a string or an array of strings.
pub(crate) fn str_or_strs(v: Option<&Value>, path: &str) -> Result<Vec<String>, ExchangeError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Value::String(s) => Ok(s.clone()),
                other => Err(wrong(&format!("{path}[{i}]"), "a string", other)),
            })
            .collect(),
        Some(other) => Err(wrong(path, "a string or an array of strings", other)),
    }
}
