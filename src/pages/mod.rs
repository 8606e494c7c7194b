pub mod article;
pub mod list;
