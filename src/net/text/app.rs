//! The app sentences, en and pt.
