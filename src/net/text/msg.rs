//! The msg sentences, en and pt.
