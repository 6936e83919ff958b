//! The mcast sentences, en and pt.
