pub mod article;
pub mod edition;
pub mod list;
