pub mod article;
pub mod card;
pub mod facets;
pub mod highlight;
pub mod map;
pub mod share;
pub mod tags;
