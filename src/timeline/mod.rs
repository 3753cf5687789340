//! Time in the articles: temporal expressions (Hindi and English), sentences, event categories and the events the
//! timeline plots. No egui here.

pub mod category;
pub mod sentences;
pub mod tagger;
