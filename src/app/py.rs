//! Python's renderings that the tutorial's programs put on the wire or on the screen, so ours
//! are byte-identical: `json.dumps(obj, ensure_ascii=False)` for strings (default separators
//! `", "` and `": "`), `str()` of a decoded JSON value (what an f-string shows), and
//! `repr()` of `bytes` and `str`.
//!
//! Pure functions, no I/O.

use serde_json::Value;

/// Append `s` as a JSON string literal the way `json.dumps(s, ensure_ascii=False)` writes it:
/// only `"`, `\` and the C0 controls are escaped (`\n \r \t \b \f` short, the rest `\u00xx`
/// with lowercase hex); every other character, emoji included, is written as UTF-8.
pub fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object of string members in the given order, as `json.dumps(dict,
/// ensure_ascii=False)` writes it: `{"action": "search", "value": "needle"}`.
pub fn json_object_of_strings(members: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(
        16 + members
            .iter()
            .map(|(k, v)| k.len() + v.len() + 8)
            .sum::<usize>(),
    );
    out.push('{');
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_string(key, &mut out);
        out.push_str(": ");
        json_string(value, &mut out);
    }
    out.push('}');
    out
}

/// `str(value)` of what Python's `json.loads` would have produced: a string as itself,
/// `None`, `True`/`False`, numbers as Python prints them, lists and dicts as their repr.
/// This is what the tutorial's f-strings (`f'No match for "{query}".'`) put in a message.
pub fn str_of(value: Option<&Value>) -> String {
    match value {
        None => "None".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => {
            let mut out = String::new();
            repr_value(v, &mut out);
            out
        }
    }
}

/// `repr()` of a decoded JSON value (`{'action': 'search', 'value': 'needle'}`).
pub fn repr_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                out.push_str(&repr_float(n.as_f64().unwrap_or(f64::NAN)));
            }
        }
        Value::String(s) => repr_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                repr_str(key, out);
                out.push_str(": ");
                repr_value(item, out);
            }
            out.push('}');
        }
    }
}

/// `repr(float)`: the shortest digits that round-trip, in fixed notation when the decimal
/// exponent is in -4..16 (always with a fractional part: `1.0`), otherwise scientific with
/// a signed two-digit-minimum exponent (`1e+16`, `1.5e-07`).
pub fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.5e-7", "1e16".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if (point as usize) >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exp.unsigned_abs())
    }
}

/// `repr(str)`: single quotes unless the text has `'` and no `"`; backslash, the quote, `\t
/// \n \r` escaped; other non-printable characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub fn repr_str(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !printable(c) => {
                let n = c as u32;
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// Python's `str.isprintable()` for the characters that matter in practice: controls,
/// separators other than the space, and the common format characters are not printable.
/// (Unassigned code points, which Python also escapes, are not tracked here.)
fn printable(c: char) -> bool {
    let n = c as u32;
    !(c.is_control()
        || matches!(
            n,
            0xa0 | 0xad
                | 0x1680
                | 0x2000..=0x200f
                | 0x2028..=0x202f
                | 0x205f..=0x2064
                | 0x3000
                | 0xd800..=0xdfff
                | 0xfeff
                | 0xe000..=0xf8ff
        ))
}

/// `repr(bytes)`: `b'...'` (or `b"..."` when the bytes hold `'` and no `"`), with `\\`, the
/// quote, `\t \n \r` escaped, printable ASCII as itself and every other byte as `\xNN`.
pub fn repr_bytes(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote as char);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_dumps_like_python() {
        // json.dumps({"result": 'No match for "needle".'}, ensure_ascii=False)
        assert_eq!(
            json_object_of_strings(&[("result", "No match for \"needle\".")]),
            r#"{"result": "No match for \"needle\"."}"#
        );
        assert_eq!(
            json_object_of_strings(&[("a", "\u{1f436}\n\u{1}\\/\u{7f}")]),
            "{\"a\": \"\u{1f436}\\n\\u0001\\\\/\u{7f}\"}"
        );
        assert_eq!(json_object_of_strings(&[]), "{}");
    }

    #[test]
    fn str_like_python() {
        assert_eq!(str_of(None), "None");
        assert_eq!(str_of(Some(&json!("x y"))), "x y");
        assert_eq!(str_of(Some(&json!(null))), "None");
        assert_eq!(str_of(Some(&json!(true))), "True");
        assert_eq!(str_of(Some(&json!(-5))), "-5");
        assert_eq!(
            str_of(Some(&json!(["a", 1, null, {"k": "it's"}]))),
            r#"['a', 1, None, {'k': "it's"}]"#
        );
    }

    #[test]
    fn floats_like_python() {
        for (f, want) in [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (-0.0, "-0.0"),
            (100000.0, "100000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e300, "1e+300"),
            (0.1, "0.1"),
        ] {
            assert_eq!(repr_float(f), want, "{f}");
        }
    }

    #[test]
    fn str_repr_like_python() {
        let r = |s: &str| {
            let mut out = String::new();
            repr_str(s, &mut out);
            out
        };
        assert_eq!(r("needle"), "'needle'");
        assert_eq!(r("it's"), "\"it's\"");
        assert_eq!(r("'\""), "'\\'\"'");
        assert_eq!(r("a\tb\u{0}\u{a0}\u{1f436}"), "'a\\tb\\x00\\xa0\u{1f436}'");
    }

    #[test]
    fn bytes_repr_like_python() {
        assert_eq!(
            repr_bytes("First 10 bytes of request: binary\u{1f603}".as_bytes()),
            r"b'First 10 bytes of request: binary\xf0\x9f\x98\x83'"
        );
        assert_eq!(repr_bytes(b"it's"), "b\"it's\"");
        assert_eq!(repr_bytes(b"'\""), "b'\\'\"'");
        assert_eq!(repr_bytes(b"\\\n\r\t\x7f\x00"), r"b'\\\n\r\t\x7f\x00'");
        assert_eq!(repr_bytes(b""), "b''");
    }
}
