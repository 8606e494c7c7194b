//! The built reader in headless Chromium, at phone and desktop widths.

use anyhow::{ensure, Result};
use benbao_core::BlockKind;
use benbao_e2e::{dist, dist_bundle, Browser, StaticServer};
use fantoccini::Locator;

const SIZES: [(u32, u32); 2] = [(360, 740), (1280, 800)];

/// Every headline of the bundle shows, in order; a click opens the article with its full text.
#[tokio::test]
async fn list_shows_every_headline_and_an_article_opens() -> Result<()> {
    let bundle = dist_bundle()?;
    ensure!(bundle.articles.len() == 8, "the default edition is the 8-article seed page, got {}", bundle.articles.len());
    let server = StaticServer::start(&dist()?, "/")?;
    for (width, height) in SIZES {
        let browser = Browser::start(width, height).await?;
        let b = &browser;
        b.client.goto(&format!("{}/", server.origin)).await?;

        let cards = b.wait_for_count(".card .title a", bundle.articles.len()).await?;
        let mut shown = Vec::new();
        for card in &cards {
            shown.push(card.text().await?);
        }
        let expected: Vec<String> = bundle.articles.iter().map(|a| a.title.clone()).collect();
        assert_eq!(shown, expected, "[{width}px] headlines on the list");
        assert!(!b.scrolls_sideways().await?, "[{width}px] the list scrolls sideways");
        assert_eq!(b.client.title().await?, "本报");
        b.screenshot("list").await?;

        // Open the article with a truncated paragraph: the most complex one.
        let (index, article) =
            bundle.articles.iter().enumerate().find(|(_, a)| a.blocks.iter().any(|x| x.truncated)).expect("the seed has a cut-off article");
        cards[index].click().await?;
        let h1 = b.text_of("article.full h1").await?;
        assert_eq!(h1, article.title, "[{width}px] article headline");
        let url = b.client.current_url().await?;
        assert_eq!(url.path(), format!("/a/{}", article.id), "[{width}px] article URL");

        let paragraphs = b.client.find_all(Locator::Css("article.full .body p:not(.caption)")).await?;
        let expected_paragraphs: Vec<_> = article.paragraphs().collect();
        assert_eq!(paragraphs.len(), expected_paragraphs.len(), "[{width}px] paragraph count");
        for (shown, block) in paragraphs.iter().zip(&expected_paragraphs) {
            let text = shown.text().await?;
            assert!(text.starts_with(&block.text), "[{width}px] paragraph text: {text:?} vs {:?}", block.text);
        }
        let headings = b.client.find_all(Locator::Css("article.full .body h2")).await?;
        assert_eq!(headings.len(), article.blocks.iter().filter(|x| x.kind == BlockKind::Heading).count());
        let cut_notes = b.client.find_all(Locator::Css("article.full .cut")).await?;
        assert_eq!(cut_notes.len(), 1, "[{width}px] the cut-off paragraph is marked");
        assert!(b.client.title().await?.starts_with(&article.title), "[{width}px] document title follows the article");
        assert!(!b.scrolls_sideways().await?, "[{width}px] the article scrolls sideways");
        b.screenshot("article").await?;

        // And back to the list.
        b.client.find(Locator::Css("nav.back a")).await?.click().await?;
        b.wait_for_count(".card", bundle.articles.len()).await?;
        browser.close().await?;
    }
    Ok(())
}
