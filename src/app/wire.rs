//! The app frame, as the tutorial's `libclient.py`/`libserver.py` build it:
//!
//! ```text
//! | proto-header: u16 big-endian = n | JSON header: n bytes | content: content-length bytes |
//! ```
//!
//! The JSON header is an object with four required members: `byteorder` (`"little"` or
//! `"big"`), `content-type`, `content-encoding` and `content-length` (bytes, at most the
//! reader's limit: [`DEFAULT_MAX_CONTENT`] for a server unless told otherwise, never more than
//! [`MAX_CONTENT`]). We write it exactly as Python's `json.dumps(header, ensure_ascii=False)`
//! does, members in the tutorial's order, so our frames are byte-identical to theirs.
//!
//! Pure: no sockets, no threads, no printing.

use std::io::{self, Read};

use crate::term::bytes::read_full;

use serde_json::Value;

use super::py;

/// The default TCP port of the echo and app servers.
pub const DEFAULT_PORT: u16 = 65432;

/// The largest content a frame may ever announce: 16 MiB (the most `--max-content` allows,
/// and what a client accepts in a response).
pub const MAX_CONTENT: u64 = 16 * 1024 * 1024;

/// The largest content a server accepts unless told otherwise (`--max-content`): 1 MiB.
pub const DEFAULT_MAX_CONTENT: u64 = 1024 * 1024;

/// The content-type of JSON requests and responses.
pub const TEXT_JSON: &str = "text/json";
/// The content-type of the tutorial client's binary requests.
pub const CLIENT_BINARY: &str = "binary/custom-client-binary-type";
/// The content-type of the server's answer to a binary request.
pub const SERVER_BINARY: &str = "binary/custom-server-binary-type";

/// The `byteorder` member: the sender's native byte order (`sys.byteorder`). Nothing in the
/// frame depends on it; it is carried, checked and logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    /// This machine's order, as Python's `sys.byteorder` reports it.
    pub fn native() -> ByteOrder {
        if cfg!(target_endian = "big") {
            ByteOrder::Big
        } else {
            ByteOrder::Little
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ByteOrder::Little => "little",
            ByteOrder::Big => "big",
        }
    }
}

/// The decoded JSON header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub byteorder: ByteOrder,
    pub content_type: String,
    pub content_encoding: String,
    pub content_length: u64,
}

/// One frame: a header and its content (all `content_length` bytes of it, or only the first
/// ones when the reader kept no more: see [`read_content`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub header: Header,
    pub content: Vec<u8>,
}

impl Frame {
    /// A frame carrying `content`, from this machine (native byte order).
    pub fn new(content_type: &str, content_encoding: &str, content: Vec<u8>) -> Frame {
        Frame {
            header: Header {
                byteorder: ByteOrder::native(),
                content_type: content_type.to_string(),
                content_encoding: content_encoding.to_string(),
                content_length: content.len() as u64,
            },
            content,
        }
    }
}

/// Which part of the frame a reader was in when the stream ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    ProtoHeader,
    JsonHeader,
    Content,
}

/// Why a frame could not be read or written (`app::text` says it in words).
#[derive(Debug)]
pub enum WireError {
    /// The stream ended before the first byte of a frame.
    Closed,
    /// The stream ended inside `part`, after `got` of its `want` bytes.
    Truncated { part: Part, got: u64, want: u64 },
    /// The socket failed.
    Io(io::Error),
    /// The JSON header is not valid JSON (serde_json's reason; an empty header included).
    HeaderNotJson(String),
    /// The JSON header is JSON but not an object.
    HeaderNotObject,
    /// A required member is absent.
    MissingField(&'static str),
    /// A member has the wrong type or value.
    BadField { field: &'static str, why: BadValue },
    /// content-length beyond the reader's limit.
    TooLong { length: u64, limit: u64 },
    /// (encoding) the JSON header would not fit the 16-bit proto-header.
    HeaderTooLong(usize),
}

/// What is wrong with a header member's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadValue {
    /// `byteorder` is neither `"little"` nor `"big"`.
    ByteOrder,
    /// `content-length` is not a non-negative integer.
    Length,
    /// A text member is not a string.
    NotString,
}

impl From<io::Error> for WireError {
    fn from(e: io::Error) -> Self {
        WireError::Io(e)
    }
}

/// The JSON header's text, as `json.dumps(jsonheader, ensure_ascii=False)` writes it.
pub fn header_json(header: &Header) -> String {
    let mut out = String::with_capacity(96);
    out.push_str("{\"byteorder\": ");
    py::json_string(header.byteorder.as_str(), &mut out);
    out.push_str(", \"content-type\": ");
    py::json_string(&header.content_type, &mut out);
    out.push_str(", \"content-encoding\": ");
    py::json_string(&header.content_encoding, &mut out);
    out.push_str(", \"content-length\": ");
    out.push_str(&header.content_length.to_string());
    out.push('}');
    out
}

/// Append the whole frame to `out` (one buffer, so it goes out in one write).
pub fn encode(frame: &Frame, out: &mut Vec<u8>) -> Result<(), WireError> {
    let json = header_json(&frame.header);
    let len = u16::try_from(json.len()).map_err(|_| WireError::HeaderTooLong(json.len()))?;
    out.reserve(2 + json.len() + frame.content.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(&frame.content);
    Ok(())
}

/// Read one whole frame whose content is at most `max_content` bytes. A reader may deliver it
/// in any pieces (one byte at a time included).
pub fn decode(r: &mut impl Read, max_content: u64) -> Result<Frame, WireError> {
    let header = read_header(r, max_content)?;
    let content = read_content(r, &header, header.content_length)?;
    Ok(Frame { header, content })
}

/// Read the proto-header and the JSON header, refusing a content-length over `max_content`
/// before any content is read.
pub fn read_header(r: &mut impl Read, max_content: u64) -> Result<Header, WireError> {
    let mut proto = [0u8; 2];
    let got = read_full(r, &mut proto)?;
    if got == 0 {
        return Err(WireError::Closed);
    }
    if got < 2 {
        return Err(WireError::Truncated {
            part: Part::ProtoHeader,
            got: got as u64,
            want: 2,
        });
    }
    let len = u16::from_be_bytes(proto) as usize;
    let mut json = vec![0u8; len];
    let got = read_full(r, &mut json)?;
    if got < len {
        return Err(WireError::Truncated {
            part: Part::JsonHeader,
            got: got as u64,
            want: len as u64,
        });
    }
    parse_header(&json, max_content)
}

/// Read the content `header` announces, keeping its first `keep` bytes and dropping the rest
/// as it arrives (a reader that needs only the start holds no more than that).
pub fn read_content(r: &mut impl Read, header: &Header, keep: u64) -> Result<Vec<u8>, WireError> {
    let want = header.content_length;
    // Read through `take`, never trusting the announced length with one big allocation.
    let mut content = Vec::with_capacity(want.min(keep).min(64 * 1024) as usize);
    let mut got = r.take(want.min(keep)).read_to_end(&mut content)? as u64;
    if got == want.min(keep) && want > keep {
        got += io::copy(&mut r.take(want - keep), &mut io::sink())?;
    }
    if got < want {
        return Err(WireError::Truncated {
            part: Part::Content,
            got,
            want,
        });
    }
    Ok(content)
}

/// Check and decode the JSON header, whose content-length may be at most `max_content`. The
/// tutorial checks its members in this order: byteorder, content-length, content-type,
/// content-encoding; the first one absent is named.
pub fn parse_header(json: &[u8], max_content: u64) -> Result<Header, WireError> {
    let value: Value =
        serde_json::from_slice(json).map_err(|e| WireError::HeaderNotJson(e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(WireError::HeaderNotObject);
    };
    for name in [
        "byteorder",
        "content-length",
        "content-type",
        "content-encoding",
    ] {
        if !map.contains_key(name) {
            return Err(WireError::MissingField(name));
        }
    }
    let byteorder = match map["byteorder"].as_str() {
        Some("little") => ByteOrder::Little,
        Some("big") => ByteOrder::Big,
        _ => {
            return Err(WireError::BadField {
                field: "byteorder",
                why: BadValue::ByteOrder,
            });
        }
    };
    let content_length = map["content-length"].as_u64().ok_or(WireError::BadField {
        field: "content-length",
        why: BadValue::Length,
    })?;
    let limit = max_content.min(MAX_CONTENT);
    if content_length > limit {
        return Err(WireError::TooLong {
            length: content_length,
            limit,
        });
    }
    let text = |field: &'static str| {
        map[field]
            .as_str()
            .map(str::to_string)
            .ok_or(WireError::BadField {
                field,
                why: BadValue::NotString,
            })
    };
    Ok(Header {
        byteorder,
        content_type: text("content-type")?,
        content_encoding: text("content-encoding")?,
        content_length,
    })
}

/// Why text/json content cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentError {
    /// A content-encoding other than UTF-8 (the name given).
    Encoding(String),
    /// Not JSON (serde_json's reason).
    NotJson(String),
    /// JSON, but not an object.
    NotObject,
}

/// The JSON value of a text/json frame's content (UTF-8 only, as in the tutorial).
pub fn json_content(frame: &Frame) -> Result<Value, ContentError> {
    if !is_utf8(&frame.header.content_encoding) {
        return Err(ContentError::Encoding(
            frame.header.content_encoding.clone(),
        ));
    }
    serde_json::from_slice(&frame.content).map_err(|e| ContentError::NotJson(e.to_string()))
}

/// Is `encoding` a name of UTF-8 as Python's codec registry spells it (`utf-8`, `utf8`,
/// `UTF_8`, …)? JSON content is only accepted in UTF-8.
pub fn is_utf8(encoding: &str) -> bool {
    let norm: String = encoding
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    matches!(norm.as_str(), "utf8" | "u8" | "utf")
}

/// `--trace` rendering of a frame: the JSON header as sent, and the content as Python's
/// bytes repr (followed by `…` when only its start was kept).
pub struct Trace<'a>(pub &'a Frame);

impl std::fmt::Display for Trace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Frame { header, content } = self.0;
        write!(f, "{} {}", header_json(header), py::repr_bytes(content))?;
        if (content.len() as u64) < header.content_length {
            f.write_str("…")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::text::{Lang, Text};

    fn bytes(frame: &Frame) -> Vec<u8> {
        let mut out = Vec::new();
        encode(frame, &mut out).unwrap();
        out
    }

    use crate::term::bytes::Trickle;

    #[test]
    fn the_seed_request_byte_for_byte() {
        // The request app-client.py sends for `search needle`, as quoted in the seed report.
        let content = py::json_object_of_strings(&[("action", "search"), ("value", "needle")]);
        let mut frame = Frame::new(TEXT_JSON, "utf-8", content.into_bytes());
        frame.header.byteorder = ByteOrder::Little;
        let want: &[u8] = b"\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \
            \"content-encoding\": \"utf-8\", \"content-length\": 39}\
            {\"action\": \"search\", \"value\": \"needle\"}";
        assert_eq!(bytes(&frame), want);
    }

    #[test]
    fn round_trip_in_one_byte_pieces() {
        let frame = Frame::new(
            CLIENT_BINARY,
            "binary",
            "binary\u{1f603}".as_bytes().to_vec(),
        );
        let wire = bytes(&frame);
        assert_eq!(decode(&mut Trickle(&wire), MAX_CONTENT).unwrap(), frame);
        assert_eq!(frame.header.content_length, 10, "length counts bytes");
    }

    #[test]
    fn each_part_cut_short() {
        let wire = bytes(&Frame::new(TEXT_JSON, "utf-8", b"{}".to_vec()));
        assert!(matches!(
            decode(&mut &wire[..0], MAX_CONTENT),
            Err(WireError::Closed)
        ));
        assert!(matches!(
            decode(&mut &wire[..1], MAX_CONTENT),
            Err(WireError::Truncated {
                part: Part::ProtoHeader,
                got: 1,
                want: 2
            })
        ));
        let hdr = wire.len() - 4;
        assert!(matches!(
            decode(&mut &wire[..10], MAX_CONTENT),
            Err(WireError::Truncated { part: Part::JsonHeader, got: 8, want }) if want == hdr as u64
        ));
        assert!(matches!(
            decode(&mut &wire[..wire.len() - 1], MAX_CONTENT),
            Err(WireError::Truncated {
                part: Part::Content,
                got: 1,
                want: 2
            })
        ));
    }

    fn raw(json: &str) -> Vec<u8> {
        let mut out = (json.len() as u16).to_be_bytes().to_vec();
        out.extend_from_slice(json.as_bytes());
        out
    }

    #[test]
    fn bad_headers_have_precise_reasons() {
        let err = |json: &str| {
            decode(&mut &raw(json)[..], MAX_CONTENT)
                .unwrap_err()
                .render(Lang::En)
        };
        assert_eq!(
            err(
                r#"{"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8"}"#
            ),
            "missing required header \"content-length\""
        );
        assert!(err("not json").starts_with("the JSON header is not JSON: "));
        assert!(err("").starts_with("the JSON header is not JSON: "));
        assert_eq!(err("[1, 2]"), "the JSON header is not a JSON object");
        assert_eq!(
            err(
                r#"{"byteorder": "middle", "content-type": "a", "content-encoding": "b", "content-length": 1}"#
            ),
            "header \"byteorder\" must be \"little\" or \"big\""
        );
        assert_eq!(
            err(
                r#"{"byteorder": "big", "content-type": "a", "content-encoding": "b", "content-length": -1}"#
            ),
            "header \"content-length\" must be a non-negative integer"
        );
        assert_eq!(
            err(
                r#"{"byteorder": "big", "content-type": 7, "content-encoding": "b", "content-length": 1}"#
            ),
            "header \"content-type\" must be a string"
        );
        assert_eq!(
            err(
                r#"{"byteorder": "big", "content-type": "a", "content-encoding": "b", "content-length": 16777217}"#
            ),
            "content-length 16777217 exceeds the limit of 16777216 bytes"
        );
    }

    #[test]
    fn the_limit_itself_is_allowed() {
        let json = r#"{"byteorder": "big", "content-type": "a", "content-encoding": "b", "content-length": 16777216}"#;
        let header = parse_header(json.as_bytes(), MAX_CONTENT).unwrap();
        assert_eq!(header.content_length, MAX_CONTENT);
    }

    #[test]
    fn a_smaller_limit_and_a_reader_that_keeps_only_the_start() {
        let content: Vec<u8> = (0..100_000u32).map(|i| i as u8).collect();
        let wire = bytes(&Frame::new("x/y", "binary", content.clone()));
        let err = decode(&mut &wire[..], 99_999).unwrap_err();
        assert!(matches!(
            err,
            WireError::TooLong {
                length: 100_000,
                limit: 99_999
            }
        ));
        let mut r = Trickle(&wire);
        let header = read_header(&mut r, 100_000).unwrap();
        assert_eq!(read_content(&mut r, &header, 10).unwrap(), &content[..10]);
        // The rest was read (and dropped): a cut one is still noticed.
        let mut cut = &wire[..wire.len() - 1];
        let header = read_header(&mut cut, MAX_CONTENT).unwrap();
        assert!(matches!(
            read_content(&mut cut, &header, 10),
            Err(WireError::Truncated {
                part: Part::Content,
                got: 99_999,
                want: 100_000
            })
        ));
    }

    #[test]
    fn utf8_spellings() {
        for name in ["utf-8", "UTF-8", "utf8", "utf_8", "U8"] {
            assert!(is_utf8(name), "{name}");
        }
        for name in ["latin-1", "binary", "ascii", ""] {
            assert!(!is_utf8(name), "{name}");
        }
    }
}
