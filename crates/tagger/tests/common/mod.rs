//! The built-in data files, as the CLI loads them, for the integration tests.

use benbao_tagger::{Gazetteer, Tagger, Taxonomy};

/// A tagger with the built-in gazetteer and taxonomy and home region `home`.
pub fn tagger(home: &str) -> Tagger {
    Tagger {
        gazetteer: Gazetteer::from_tsv(
            "gazetteer.tsv",
            include_str!("../../../cli/data/gazetteer.tsv"),
        )
        .unwrap(),
        taxonomy: Taxonomy::from_toml("topics.toml", include_str!("../../../cli/data/topics.toml"))
            .unwrap(),
        home: Some(home.into()),
    }
}
