//! Finding and retrieving: Hindi-aware full-text search with keyword-in-context rows, coding all hits, coded segment
//! retrieval and code matrices. No egui here; the UI and the CLI call these functions.

pub mod normalize;
