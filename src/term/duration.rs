//! Durations as people write them (`2s`, `500ms`, `1.5`, `1m`): on the command line and in a
//! grading rubric. Shown back by [`super::text::duration`].

use std::time::Duration;

use crate::term::bad_value::BadValue;

/// The longest duration any flag takes: a day. Every duration here is a timeout, a period or
/// a window of a program run by hand in a lab; a day is beyond any useful value, and keeps
/// every deadline computed from it (`Instant::now() + d`, a multiple of it) far from overflow.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// Parse a duration: `2s`, `500ms`, `1.5` (seconds), `1m`; at most [`MAX_DURATION`]. A
/// negative one (`-1s`, which the duration flags take as a value) is refused as such.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('-')
        && !rest.starts_with('-')
        && parse_duration(rest).is_ok()
    {
        return Err(BadValue::NegativeDuration(s).say());
    }
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    let value: f64 = num
        .trim()
        .parse()
        .map_err(|_| BadValue::Duration(s).say())?;
    if !value.is_finite() || value < 0.0 {
        return Err(BadValue::Duration(s).say());
    }
    let secs = value * scale;
    if secs > MAX_DURATION.as_secs_f64() {
        return Err(BadValue::DurationTooLong {
            value: s,
            max_secs: MAX_DURATION.as_secs(),
        }
        .say());
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("soon").is_err());
        for negative in ["-1", "-1s", "-0.5ms", "-2m"] {
            let e = parse_duration(negative).unwrap_err();
            assert!(e.contains("cannot be negative"), "{negative}: {e}");
        }
        assert!(!parse_duration("--split").unwrap_err().contains("negative"));
        assert_eq!(parse_duration("86400s"), Ok(MAX_DURATION));
        assert_eq!(parse_duration("1440m"), Ok(MAX_DURATION));
        for huge in [
            "86400.001",
            "1e30",
            "18446744073709551615s",
            "1e20ms",
            "1e300m",
        ] {
            let e = parse_duration(huge).unwrap_err();
            assert!(e.contains("86400s"), "{huge}: {e}");
        }
    }
}
