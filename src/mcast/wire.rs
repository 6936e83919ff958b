//! The mcast wire format, pure: one UDP datagram per message, a UTF-8 JSON object
//! `{"user": "NAME", "data": "TEXT"}`. No sockets, no printing.
//!
//! Encoding writes exactly what Python's `json.dumps(message).encode('utf-8')` writes (the
//! separators `", "` and `": "`, non-ASCII as `\uXXXX` escapes), so our datagrams are byte for
//! byte the ones a student's sender puts on the wire. Decoding accepts any JSON object with
//! string `user` and `data` (extra fields ignored) and says precisely why anything else is
//! refused.

use std::fmt;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

/// The default UDP port and quit word.
pub const DEFAULT_PORT: u16 = 5007;
pub const QUIT_WORD: &str = "sair";

/// The largest datagram our sender sends: small enough never to need IP fragmentation on an
/// Ethernet-sized link (1500-byte MTU minus IP and UDP headers, with room to spare).
pub const MAX_DATAGRAM: usize = 1400;

/// A chat message: who speaks and what they say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub user: String,
    pub data: String,
}

/// `--trace` shows a message as `user="Ana" data="Oi"`.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "user=\"{}\" data=\"{}\"", self.user, self.data)
    }
}

/// Our encoding would exceed [`MAX_DATAGRAM`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong {
    /// The size the datagram would have had.
    pub size: usize,
}

/// Encode `msg` into `buf` (cleared first). On [`TooLong`] the buffer holds the oversize
/// encoding, which must not be sent.
pub fn encode(msg: &Message, buf: &mut Vec<u8>) -> Result<(), TooLong> {
    buf.clear();
    let mut ser = serde_json::Serializer::with_formatter(&mut *buf, PythonFormatter);
    msg.serialize(&mut ser)
        .expect("a struct of two strings always serializes into a Vec");
    if buf.len() > MAX_DATAGRAM {
        Err(TooLong { size: buf.len() })
    } else {
        Ok(())
    }
}

/// serde_json's compact output with Python's default `json.dumps` spelling.
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    /// serde_json has already escaped `"`, `\` and the control characters; what is left to do
    /// is `ensure_ascii`: everything from DEL up becomes `\uXXXX` (UTF-16, surrogate pairs
    /// above the BMP), lowercase hex as Python writes it.
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        let mut plain = 0;
        for (i, c) in s.char_indices() {
            if (c as u32) < 0x7f {
                continue;
            }
            w.write_all(&s.as_bytes()[plain..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(w, "\\u{unit:04x}")?;
            }
            plain = i + c.len_utf8();
        }
        w.write_all(&s.as_bytes()[plain..])
    }
}

/// The kind of a JSON value, to say what was found instead of what was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    pub fn of(v: &Value) -> Kind {
        match v {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    /// English, with its article ("a number").
    pub fn en(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Which field of the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    User,
    Data,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::User => "user",
            Field::Data => "data",
        }
    }
}

/// Why a datagram is not a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The bytes are not UTF-8; the first invalid byte is at this offset.
    NotUtf8 { at: usize },
    /// UTF-8 but not JSON; serde_json's explanation (with line and column).
    NotJson(String),
    /// JSON, but not an object.
    NotObject(Kind),
    /// The object lacks this field.
    Missing(Field),
    /// The field is there but is not a string.
    NotString(Field, Kind),
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::NotUtf8 { at } => write!(f, "not UTF-8 (invalid byte at offset {at})"),
            WireError::NotJson(why) => write!(f, "not JSON ({why})"),
            WireError::NotObject(kind) => write!(f, "not a JSON object but {}", kind.en()),
            WireError::Missing(field) => write!(f, "{:?} is missing", field.name()),
            WireError::NotString(field, kind) => {
                write!(f, "{:?} is not a string but {}", field.name(), kind.en())
            }
        }
    }
}

impl std::error::Error for WireError {}

/// Decode one datagram.
pub fn decode(datagram: &[u8]) -> Result<Message, WireError> {
    let text = std::str::from_utf8(datagram).map_err(|e| WireError::NotUtf8 {
        at: e.valid_up_to(),
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| WireError::NotJson(e.to_string()))?;
    let Value::Object(mut obj) = value else {
        return Err(WireError::NotObject(Kind::of(&value)));
    };
    let mut take = |field: Field| match obj.remove(field.name()) {
        None => Err(WireError::Missing(field)),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(WireError::NotString(field, Kind::of(&other))),
    };
    let user = take(Field::User)?;
    let data = take(Field::Data)?;
    Ok(Message { user, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(user: &str, data: &str) -> Message {
        Message {
            user: user.into(),
            data: data.into(),
        }
    }

    fn encoded(m: &Message) -> String {
        let mut buf = Vec::new();
        encode(m, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn encodes_like_python_json_dumps() {
        // Reference strings produced by Python 3: json.dumps({"user": ..., "data": ...}).
        assert_eq!(
            encoded(&msg("Ana", "oi")),
            r#"{"user": "Ana", "data": "oi"}"#
        );
        assert_eq!(
            encoded(&msg("Ana", "olá 😀 \"q\" \\ \n\t\u{1} \u{7f}")),
            r#"{"user": "Ana", "data": "ol\u00e1 \ud83d\ude00 \"q\" \\ \n\t\u0001 \u007f"}"#
        );
    }

    #[test]
    fn round_trip() {
        for m in [
            msg("Ana", "oi"),
            msg("Zoë 🦀", "ação \"x\"\n{}"),
            msg("", ""),
        ] {
            let mut buf = Vec::new();
            encode(&m, &mut buf).unwrap();
            assert_eq!(decode(&buf), Ok(m));
        }
    }

    #[test]
    fn limit_is_exact() {
        let overhead = encoded(&msg("A", "")).len();
        let fits = "x".repeat(MAX_DATAGRAM - overhead);
        let mut buf = Vec::new();
        assert_eq!(encode(&msg("A", &fits), &mut buf), Ok(()));
        assert_eq!(buf.len(), MAX_DATAGRAM);
        let over = format!("{fits}x");
        assert_eq!(
            encode(&msg("A", &over), &mut buf),
            Err(TooLong {
                size: MAX_DATAGRAM + 1
            })
        );
        // Non-ASCII counts as its escaped size: "é" is six bytes on the wire.
        let accents = "é".repeat((MAX_DATAGRAM - overhead) / 6 + 1);
        assert!(encode(&msg("A", &accents), &mut buf).is_err());
    }

    #[test]
    fn accepts_other_spellings_and_extra_fields() {
        assert_eq!(
            decode(br#"{"data":"oi","user":"Ana","ts":3,"x":{"y":[1]}}"#),
            Ok(msg("Ana", "oi"))
        );
        assert_eq!(
            decode("{\"user\": \"Zoë\", \"data\": \"ação\"}".as_bytes()),
            Ok(msg("Zoë", "ação"))
        );
        assert_eq!(
            decode(b" {\"user\":\"a\",\"data\":\"\\u00e1\"}\n"),
            Ok(msg("a", "á"))
        );
    }

    #[test]
    fn precise_reasons() {
        assert_eq!(decode(b"ab\xffcd"), Err(WireError::NotUtf8 { at: 2 }));
        assert!(matches!(decode(b"hello"), Err(WireError::NotJson(_))));
        assert!(matches!(decode(b""), Err(WireError::NotJson(_))));
        assert!(matches!(
            decode(br#"{"user":"a","data":"b"} x"#),
            Err(WireError::NotJson(_))
        ));
        assert_eq!(decode(b"[1,2]"), Err(WireError::NotObject(Kind::Array)));
        assert_eq!(decode(b"\"s\""), Err(WireError::NotObject(Kind::String)));
        assert_eq!(decode(b"null"), Err(WireError::NotObject(Kind::Null)));
        assert_eq!(
            decode(br#"{"data":"b"}"#),
            Err(WireError::Missing(Field::User))
        );
        assert_eq!(
            decode(br#"{"user":"a"}"#),
            Err(WireError::Missing(Field::Data))
        );
        assert_eq!(
            decode(br#"{"user":7,"data":"b"}"#),
            Err(WireError::NotString(Field::User, Kind::Number))
        );
        assert_eq!(
            decode(br#"{"user":"a","data":null}"#),
            Err(WireError::NotString(Field::Data, Kind::Null))
        );
        assert_eq!(
            decode(br#"{"user":"a","data":["b"]}"#),
            Err(WireError::NotString(Field::Data, Kind::Array))
        );
    }

    #[test]
    fn reasons_read_well() {
        assert_eq!(
            decode(br#"{"user":7,"data":"b"}"#).unwrap_err().to_string(),
            r#""user" is not a string but a number"#
        );
    }
}
