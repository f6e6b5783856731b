//! What a page says of itself: OpenGraph, then the Twitter card, then
//! `<title>` and the description; the picture it names; and where its oEmbed
//! description is, if it offers one. Text only: markup in a page stays text.

use url::Url;

const TITLE_MAX: usize = 300;
pub(super) const DESCRIPTION_MAX: usize = 500;
const NAME_MAX: usize = 100;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    pub author_name: Option<String>,
    /// The page's picture (`og:image`, `twitter:image`), made absolute.
    pub image: Option<Url>,
    /// The page's JSON oEmbed link, made absolute.
    pub oembed: Option<Url>,
}

impl PageMeta {
    /// Whether there is anything to show.
    pub fn says_something(&self) -> bool {
        self.title.is_some() || self.description.is_some()
    }
}

/// Reads the page at `base`; links in it are resolved against `base`, and only
/// http(s) links are kept.
pub fn describe(html: &str, base: &Url) -> PageMeta {
    let document = scraper::Html::parse_document(html);
    let select = |css: &str| scraper::Selector::parse(css).expect("a fixed selector");
    let metas = select("meta");
    let meta = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|wanted| {
            document.select(&metas).find_map(|tag| {
                let tag = tag.value();
                let key = tag.attr("property").or_else(|| tag.attr("name"))?;
                key.eq_ignore_ascii_case(wanted)
                    .then(|| tag.attr("content"))
                    .flatten()
                    .and_then(tidy)
            })
        })
    };
    let link = |href: String| -> Option<Url> {
        base.join(&href)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
    };
    let title_tag = document
        .select(&select("title"))
        .next()
        .and_then(|t| tidy(&t.text().collect::<String>()));
    let oembed = document
        .select(&select("link[rel~=alternate]"))
        .find(|l| {
            l.value()
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("application/json+oembed"))
        })
        .and_then(|l| l.value().attr("href").map(str::to_owned))
        .and_then(link);
    PageMeta {
        title: meta(&["og:title", "twitter:title"])
            .or(title_tag)
            .map(|t| capped(t, TITLE_MAX)),
        description: meta(&["og:description", "twitter:description", "description"])
            .map(|d| capped(d, DESCRIPTION_MAX)),
        site_name: meta(&["og:site_name"]).map(|s| capped(s, NAME_MAX)),
        author_name: None,
        image: meta(&["og:image", "og:image:url", "twitter:image"]).and_then(link),
        oembed,
    }
}

/// What an oEmbed answer adds: a title, author and provider the page did not
/// give, and its thumbnail when the page named no picture.
pub fn add_oembed(meta: &mut PageMeta, json: &[u8], base: &Url) {
    #[derive(serde::Deserialize)]
    struct OEmbed {
        title: Option<String>,
        author_name: Option<String>,
        provider_name: Option<String>,
        thumbnail_url: Option<String>,
    }
    let Ok(found) = serde_json::from_slice::<OEmbed>(json) else {
        return;
    };
    let text =
        |value: Option<String>, max: usize| value.as_deref().and_then(tidy).map(|t| capped(t, max));
    if meta.title.is_none() {
        meta.title = text(found.title, TITLE_MAX);
    }
    if meta.site_name.is_none() {
        meta.site_name = text(found.provider_name, NAME_MAX);
    }
    meta.author_name = text(found.author_name, NAME_MAX);
    if meta.image.is_none() {
        meta.image = found
            .thumbnail_url
            .and_then(|u| base.join(&u).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"));
    }
}

/// Whitespace collapsed to single spaces, control characters dropped; None if
/// nothing is left.
fn tidy(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn capped(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://example.org/news/ships").unwrap()
    }

    #[test]
    fn opengraph_comes_first_then_the_card_then_the_title() {
        let page = r#"<html><head>
            <title>  The   title
            tag </title>
            <meta name="description" content="Plain description">
            <meta name="twitter:title" content="Card title">
            <meta property="og:title" content="Open &amp; Graph">
            <meta property="og:site_name" content="Example">
        </head><body><script>document.title = "no"</script></body></html>"#;
        assert_eq!(
            describe(page, &base()),
            PageMeta {
                title: Some("Open & Graph".into()),
                description: Some("Plain description".into()),
                site_name: Some("Example".into()),
                ..PageMeta::default()
            }
        );
        let bare = describe("<title>Only\n a title</title>", &base());
        assert_eq!(bare.title.as_deref(), Some("Only a title"));
        assert!(!describe("<p>nothing to say</p>", &base()).says_something());
    }

    #[test]
    fn markup_in_a_page_stays_text_and_long_text_is_cut() {
        let page = format!(
            r#"<meta property="og:title" content="<script>alert(1)</script>"><meta property="og:description" content="{}">"#,
            "x".repeat(2000)
        );
        let meta = describe(&page, &base());
        assert_eq!(meta.title.as_deref(), Some("<script>alert(1)</script>"));
        let description = meta.description.unwrap();
        assert_eq!(description.chars().count(), DESCRIPTION_MAX);
        assert!(description.ends_with('…'));
    }

    #[test]
    fn the_picture_and_the_oembed_link_are_made_absolute_and_only_web_links_kept() {
        let page = r#"<meta property="og:image" content="/pics/harbour.jpg">
            <link rel="alternate" type="text/xml+oembed" href="/oembed.xml">
            <link rel="alternate" type="application/json+oembed" href="https://example.org/oembed?url=x">"#;
        let meta = describe(page, &base());
        assert_eq!(
            meta.image.unwrap().as_str(),
            "https://example.org/pics/harbour.jpg"
        );
        assert_eq!(
            meta.oembed.unwrap().as_str(),
            "https://example.org/oembed?url=x"
        );
        let hostile = r#"<meta property="og:image" content="javascript:alert(1)">
            <link rel="alternate" type="application/json+oembed" href="file:///etc/passwd">"#;
        let meta = describe(hostile, &base());
        assert_eq!((meta.image, meta.oembed), (None, None));
    }

    #[test]
    fn oembed_fills_what_the_page_left_out() {
        let mut meta = describe("<title>Watch</title>", &base());
        let json = br#"{"type":"video","version":"1.0","title":"A long film","author_name":"  Ann  Example ",
            "provider_name":"Tube","thumbnail_url":"/thumbs/1.jpg","html":"<iframe src=x></iframe>"}"#;
        add_oembed(&mut meta, json, &base());
        assert_eq!(
            meta.title.as_deref(),
            Some("Watch"),
            "the page's own title stays"
        );
        assert_eq!(meta.author_name.as_deref(), Some("Ann Example"));
        assert_eq!(meta.site_name.as_deref(), Some("Tube"));
        assert_eq!(
            meta.image.unwrap().as_str(),
            "https://example.org/thumbs/1.jpg"
        );
        let mut untouched = describe("<title>Watch</title>", &base());
        add_oembed(&mut untouched, b"not json", &base());
        assert_eq!(untouched.title.as_deref(), Some("Watch"));
    }
}
