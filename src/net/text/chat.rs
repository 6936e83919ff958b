//! The chat sentences, en and pt.
