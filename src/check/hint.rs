//! The hints' shared vocabulary: every known mistake a case can name, from the protocols' own
//! hint modules (`msg::hints`, `kv::hints`, `chat::hints`, which the roles and `--trace` use
//! too) and the two that belong to no protocol: one `recv` taken as one message, and a server
//! that stops when a client leaves. Each has a stable id (for `--json` and scripts) and a
//! sentence in en and pt.

use super::text::CheckText;
use crate::chat::hints::ChatHint;
use crate::kv::hints::KvHint;
use crate::msg::hints::MsgHint;
use crate::term::text::{Lang, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    Msg(MsgHint),
    Kv(KvHint),
    Chat(ChatHint),
    /// Frames split over segments, or several in one, are lost or misread.
    OneRecv,
    /// The server exits or stops accepting when a client disconnects.
    StopsAccepting,
    /// A client's mistake (the client checks).
    Client(super::client::hints::ClientHint),
}

impl Hint {
    /// The hint's id, the same in every language.
    pub fn id(&self) -> &'static str {
        match self {
            Hint::Msg(MsgHint::Swapped { .. }) | Hint::Kv(KvHint::Swapped { .. }) => {
                "little-endian"
            }
            Hint::Msg(MsgHint::FixedText) => "fixed-140",
            Hint::Msg(MsgHint::KeptTimestamp) => "kept-timestamp",
            Hint::Msg(MsgHint::DestNotRewritten) => "dest-not-rewritten",
            Hint::Msg(MsgHint::LaterEdition) => "later-edition",
            Hint::Kv(KvHint::SignedPort) => "signed-port",
            Hint::Kv(KvHint::TtlForwardsDead) => "ttl-forwards-dead",
            Hint::Kv(KvHint::TtlDecrementsFirst) => "ttl-decrements-first",
            Hint::Kv(KvHint::StopsFlooding) => "stops-flooding",
            Hint::Kv(KvHint::NoDedup) => "no-dedup",
            Hint::Kv(KvHint::OriginNotRecorded) => "origin-not-recorded",
            Hint::Kv(KvHint::TrailingSpace) | Hint::Chat(ChatHint::TrailingSpace) => {
                "trailing-space"
            }
            Hint::Kv(KvHint::SameConnection) => "same-connection",
            Hint::Chat(ChatHint::MissingCrlf) => "missing-crlf",
            Hint::Chat(ChatHint::BareLf) => "bare-lf",
            Hint::Chat(ChatHint::AddrWithName) => "addr-with-name",
            Hint::Chat(ChatHint::BareList) => "bare-list",
            Hint::Chat(ChatHint::SpaceAfterColon) => "space-after-colon",
            Hint::Chat(ChatHint::NoExpiry) => "no-expiry",
            Hint::OneRecv => "one-recv",
            Hint::StopsAccepting => "stops-accepting",
            Hint::Client(h) => h.id(),
        }
    }
}

impl From<MsgHint> for Hint {
    fn from(h: MsgHint) -> Hint {
        Hint::Msg(h)
    }
}

impl From<KvHint> for Hint {
    fn from(h: KvHint) -> Hint {
        Hint::Kv(h)
    }
}

impl From<ChatHint> for Hint {
    fn from(h: ChatHint) -> Hint {
        Hint::Chat(h)
    }
}

impl Text for Hint {
    fn render(&self, lang: Lang) -> String {
        match self {
            Hint::Msg(h) => h.render(lang),
            Hint::Kv(h) => h.render(lang),
            Hint::Chat(h) => h.render(lang),
            Hint::OneRecv => CheckText::OneRecv.render(lang),
            Hint::StopsAccepting => CheckText::StopsAccepting.render(lang),
            Hint::Client(h) => h.render(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::hints::Field;

    #[test]
    fn every_hint_has_an_id_and_both_sentences() {
        let all = [
            Hint::Msg(MsgHint::FixedText),
            Hint::Msg(MsgHint::KeptTimestamp),
            Hint::Msg(MsgHint::DestNotRewritten),
            Hint::Msg(MsgHint::LaterEdition),
            Hint::Kv(KvHint::Swapped {
                field: Field::Size,
                got: 1536,
                meant: 6,
            }),
            Hint::Kv(KvHint::SignedPort),
            Hint::Kv(KvHint::TtlForwardsDead),
            Hint::Kv(KvHint::TtlDecrementsFirst),
            Hint::Kv(KvHint::StopsFlooding),
            Hint::Kv(KvHint::NoDedup),
            Hint::Kv(KvHint::OriginNotRecorded),
            Hint::Kv(KvHint::TrailingSpace),
            Hint::Kv(KvHint::SameConnection),
            Hint::Chat(ChatHint::MissingCrlf),
            Hint::Chat(ChatHint::BareLf),
            Hint::Chat(ChatHint::TrailingSpace),
            Hint::Chat(ChatHint::AddrWithName),
            Hint::Chat(ChatHint::BareList),
            Hint::Chat(ChatHint::SpaceAfterColon),
            Hint::Chat(ChatHint::NoExpiry),
            Hint::OneRecv,
            Hint::StopsAccepting,
        ];
        for h in all {
            let (en, pt) = (h.render(Lang::En), h.render(Lang::Pt));
            assert!(!h.id().is_empty() && !en.is_empty() && !pt.is_empty());
            assert_ne!(en, pt, "{}", h.id());
        }
        assert_eq!(
            all[4].render(Lang::En),
            "1536 is 6 byte-swapped: a little-endian size?"
        );
    }
}
