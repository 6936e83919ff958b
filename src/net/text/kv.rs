//! The kv sentences, en and pt.
