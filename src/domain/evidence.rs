//! The evidence chain (domain.md §5, architecture.md "State and evidence"): canonical JSON and SHA-256.
//!
//! Every case has its own chain: each event stores the hash of its predecessor and the hash of its own canonical
//! content, so editing, deleting or reordering an event breaks the chain from that event on. A daily anchor
//! records every chain's head and is chained to the previous anchor, so that cutting off a chain's last events,
//! or rewriting a whole chain, is detectable too.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The predecessor of a chain's first event, and of the first anchor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// JSON with object keys sorted at every level and no insignificant whitespace. Event payloads hold strings,
/// integers, booleans and nulls only, for which this is the RFC 8785 form.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Lowercase hex SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The hashed content of one event: everything recorded about it, including its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventContent<'a> {
    pub case_kind: &'a str,
    pub case_id: &'a str,
    pub seq: i64,
    pub body_id: &'a str,
    pub event_type: &'a str,
    pub payload: &'a Value,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub reason: &'a str,
    /// UTC, microsecond precision (what both databases keep).
    pub recorded_at: &'a str,
    pub prev_hash: &'a str,
}

impl EventContent<'_> {
    pub fn hash(&self) -> String {
        let v = serde_json::json!({
            "case_kind": self.case_kind,
            "case_id": self.case_id,
            "seq": self.seq,
            "body_id": self.body_id,
            "event_type": self.event_type,
            "payload": self.payload,
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
            "reason": self.reason,
            "recorded_at": self.recorded_at,
            "prev_hash": self.prev_hash,
        });
        sha256_hex(&canonical_json(&v))
    }
}

/// One event of a case's chain as it is checked: its place, its hash recomputed from its content (`Err` with the
/// reason when the content cannot be read), and the two hashes it stores.
pub struct Link<'a> {
    pub seq: i64,
    pub recomputed: Result<String, String>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// How a chain breaks at its first broken event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// Event `expected` is missing: the chain goes on with `found`.
    Missing { expected: i64, found: i64 },
    /// The content does not give the stored hash (`Some(reason)`: the content cannot even be read).
    Edited(Option<String>),
    /// The event does not name the hash of the one before it.
    OutOfOrder,
}

/// The first break of one case's chain, events in chain order, checked from the genesis hash: the stored `seq` of
/// the event where it breaks, and how. The rule `terbuka audit verify` and `verify-bundle` both apply.
pub fn first_break<'a>(links: impl IntoIterator<Item = Link<'a>>) -> Option<(i64, ChainBreak)> {
    let mut prev = GENESIS;
    for (i, link) in links.into_iter().enumerate() {
        let expected = i as i64 + 1;
        if link.seq != expected {
            return Some((link.seq, ChainBreak::Missing { expected, found: link.seq }));
        }
        match link.recomputed {
            Ok(h) if h == link.hash => {}
            Ok(_) => return Some((link.seq, ChainBreak::Edited(None))),
            Err(why) => return Some((link.seq, ChainBreak::Edited(Some(why)))),
        }
        if link.prev_hash != prev {
            return Some((link.seq, ChainBreak::OutOfOrder));
        }
        prev = link.hash;
    }
    None
}

/// The hash of a daily anchor over the chain heads `[[case_id, seq, hash], …]` (sorted by case id).
pub fn anchor_hash(anchor_date: &str, heads: &Value, prev_hash: &str) -> String {
    let v = serde_json::json!({ "anchor_date": anchor_date, "heads": heads, "prev_hash": prev_hash });
    sha256_hex(&canonical_json(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":{"d":[{"z":true,"y":null}],"c":"é\"x"}}"#).unwrap();
        assert_eq!(canonical_json(&v), r#"{"a":{"c":"é\"x","d":[{"y":null,"z":true}]},"b":1}"#);
    }

    #[test]
    fn the_hash_covers_every_field() {
        let payload = serde_json::json!({"type": "registered"});
        let base = EventContent {
            case_kind: "request",
            case_id: "r1",
            seq: 1,
            body_id: "b1",
            event_type: "registered",
            payload: &payload,
            actor_kind: "system",
            actor_id: None,
            reason: "",
            recorded_at: "2025-03-21T03:00:00.000000Z",
            prev_hash: GENESIS,
        };
        let h = base.hash();
        assert_eq!(h.len(), 64);
        assert_ne!(h, EventContent { seq: 2, ..base.clone() }.hash());
        assert_ne!(h, EventContent { reason: "x", ..base.clone() }.hash());
        assert_ne!(h, EventContent { actor_id: Some("u"), ..base.clone() }.hash());
        assert_ne!(h, EventContent { prev_hash: &h, ..base.clone() }.hash());
    }
}
