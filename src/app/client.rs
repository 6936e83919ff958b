//! `netlab app client HOST:PORT ACTION VALUE`: one request, one response, as the tutorial's
//! `app-client.py` does. `search VALUE` sends text/json `{"action": "search", "value":
//! VALUE}`; any other ACTION sends the binary request whose content is the UTF-8 bytes of
//! ACTION+VALUE (the tutorial's `bytes(action + value, encoding="utf-8")`).

use std::io::{BufReader, Write};
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use crossbeam_channel::{bounded, select};
use serde_json::Value;

use super::config::{AppClientConfig, PORT};
use super::py;
use super::text::{AppText, Content, Side};
use super::wire::{self, CLIENT_BINARY, ContentError, Frame, MAX_CONTENT, TEXT_JSON, WireError};
use crate::net::{Env, Error, Result, sock};
use crate::term::log::Dir;
use crate::term::text::Text;
use crate::term::text::os_error;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The request frame app-client.py would send for ACTION VALUE.
pub fn request_frame(action: &str, value: &str) -> Frame {
    if action == "search" {
        let content = py::json_object_of_strings(&[("action", action), ("value", value)]);
        Frame::new(TEXT_JSON, "utf-8", content.into_bytes())
    } else {
        Frame::new(
            CLIENT_BINARY,
            "binary",
            format!("{action}{value}").into_bytes(),
        )
    }
}

/// What the client prints for a response: `got result: …` or `got response: …`.
pub fn describe(response: &Frame) -> Result<AppText, ContentError> {
    if response.header.content_type != TEXT_JSON {
        return Ok(AppText::GotResponse(py::repr_bytes(&response.content)));
    }
    match wire::json_content(response)? {
        Value::Object(map) => Ok(AppText::GotResult(py::str_of(map.get("result")))),
        _ => Err(ContentError::NotObject),
    }
}

/// `netlab app client`.
pub fn client(args: AppClientConfig, env: Env) -> Result<()> {
    let addr = sock::lookup(&args.server, PORT, env.lang())?;
    let request = request_frame(&args.action, &args.value);
    let mut bytes = Vec::new();
    wire::encode(&request, &mut bytes).map_err(|e| Error::new(e.render(env.lang())))?;

    // The exchange runs on its own thread so Ctrl-C is answered even while waiting.
    let (tx, rx) = bounded(1);
    let worker_env = env.clone();
    thread::Builder::new()
        .name("app-client".into())
        .spawn(move || {
            let _ = tx.send(exchange(addr, &request, &bytes, &worker_env));
        })
        .map_err(|e| Error::new(env.tr(AppText::NoThread(os_error(&e, env.lang())))))?;
    let response = select! {
        recv(rx) -> got => got.map_err(|_| Error::new(env.tr(AppText::ClientThreadFailed)))??,
        recv(env.stop.rx()) -> _ => return Ok(()),
    };
    let line = describe(&response).map_err(|why| {
        Error::new(env.tr(AppText::BadResponse {
            addr: addr.to_string(),
            why: env.tr(Content(Side::Response, &why)),
        }))
    })?;
    env.say(line);
    Ok(())
}

/// Connect, send the request in one write, read one response frame, close.
fn exchange(addr: SocketAddr, request: &Frame, bytes: &[u8], env: &Env) -> Result<Frame> {
    let log = &env.log;
    log.debug(AppText::StartingTo(addr));
    let fail = |why: String| {
        Error::new(env.tr(AppText::CannotConnect {
            addr: addr.to_string(),
            why,
        }))
    };
    let mut stream =
        sock::connect(addr, None, CONNECT_TIMEOUT).map_err(|e| fail(os_error(&e, env.lang())))?;
    env.log.mark(crate::term::log::Mark::Peer {
        addr,
        name: crate::term::text::Text::render(
            &crate::diagram::text::DiagramText::Server(Some(addr)),
            env.lang(),
        ),
    });
    log.trace(Dir::Out, addr, wire::Trace(request), Some(bytes));
    log.debug(AppText::Sending {
        bytes: py::repr_bytes(bytes),
        peer: addr,
    });
    stream
        .write_all(bytes)
        .map_err(|e| fail(os_error(&e, env.lang())))?;
    let response = wire::decode(&mut BufReader::new(&stream), MAX_CONTENT).map_err(|e| {
        let why = match e {
            WireError::Closed => env.tr(AppText::NoAnswer),
            e => env.tr(e),
        };
        Error::new(env.tr(AppText::NoResponse {
            addr: addr.to_string(),
            why,
        }))
    })?;
    log.trace(Dir::In, addr, wire::Trace(&response), None);
    log.debug(AppText::Closing(addr.to_string()));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::text::Text;

    #[test]
    fn binary_request_is_action_plus_value() {
        let frame = request_frame("binary", "\u{1f603}");
        assert_eq!(frame.header.content_type, CLIENT_BINARY);
        assert_eq!(frame.header.content_encoding, "binary");
        assert_eq!(frame.content, "binary\u{1f603}".as_bytes());
        assert_eq!(frame.header.content_length, 10);
    }

    #[test]
    fn responses_print_like_the_tutorial() {
        let json = Frame::new(TEXT_JSON, "utf-8", br#"{"result": "x \"y\""}"#.to_vec());
        assert_eq!(
            describe(&json).unwrap().render(crate::term::text::Lang::En),
            "got result: x \"y\""
        );
        let bin = Frame::new(
            "binary/custom-server-binary-type",
            "binary",
            b"ab\xf0'".to_vec(),
        );
        assert_eq!(
            describe(&bin).unwrap().render(crate::term::text::Lang::En),
            "got response: b\"ab\\xf0'\""
        );
    }
}
