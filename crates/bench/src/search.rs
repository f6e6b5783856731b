//! Search latency over a seeded database (scripts/lib/seed_messages.sql): logs
//! in as seeded users and runs a fixed set of searches through the REST API,
//! one at a time, timing each answer.

use crate::client::Api;
use crate::stats::Latency;
use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    api: String,
    /// The seeded users' password (the template user's).
    #[arg(long)]
    password: String,
    /// How many messages were seeded (reported only).
    #[arg(long)]
    seeded_messages: u64,
    /// Each query is run this many times per user.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// Results per page, as the web app asks.
    #[arg(long, default_value_t = 20)]
    limit: u32,
}

/// The searches: words of the seed's vocabulary at several frequencies,
/// prefixes, folded accents, Chinese, Japanese and Korean substrings, the
/// search box's operators, and the filters and paging the web app uses.
const QUERIES: [(&str, &str); 20] = [
    ("most_common_word", "the"),
    ("common_word", "meeting"),
    ("rare_word", "w4242"),
    ("two_words", "coffee tomorrow"),
    ("phrase", "\"see you\""),
    ("word_and_exclusion", "pizza -the"),
    ("prefix", "deplo"),
    ("short_prefix", "mu"),
    ("accent_folded", "cafe"),
    ("cjk_chinese", "上海"),
    ("cjk_japanese", "東京タワー"),
    ("cjk_korean", "서울"),
    ("cjk_one_character", "海"),
    ("cjk_rare_pair", "海东"),
    ("from_me", "from:me coffee"),
    ("has_image", "has:image"),
    ("has_link", "has:link"),
    ("is_pinned", "is:pinned"),
    ("has_link_and_word", "has:link meeting"),
    ("operators_only", "from:me has:image"),
];

#[derive(Serialize)]
struct Report {
    bench: &'static str,
    at: String,
    seeded_messages: u64,
    limit: u32,
    /// Typical users: a few DMs and groups (thousands of messages visible).
    typical: Class,
    /// Power users: in every group (half of all messages visible).
    power: Class,
}

#[derive(Serialize)]
struct Class {
    users: usize,
    visible_conversations: usize,
    overall: Latency,
    by_query: BTreeMap<String, QueryResult>,
}

#[derive(Serialize)]
struct QueryResult {
    latency: Latency,
    /// Hits on the first page (the same for every round).
    first_page_hits: usize,
}

struct Searcher {
    token: String,
    id: String,
    group: String,
    group_name: String,
    conversations: usize,
}

async fn login(api: &Api, username: &str, password: &str) -> Result<Searcher> {
    let (status, body) = api
        .post(
            "/api/v1/auth/login",
            None,
            json!({"username": username, "password": password}),
        )
        .await?;
    if status != 200 {
        bail!("login {username}: {status} {body}");
    }
    let token = body["access_token"].as_str().context("token")?.to_owned();
    let id = body["user"]["id"].as_str().context("id")?.to_owned();
    let list = get(api, &token, "/api/v1/conversations", &[]).await?;
    let conversations = list["items"].as_array().context("conversation list")?;
    let group = conversations
        .iter()
        .find(|c| c["kind"] == "group")
        .context("the seeded user is in no group")?;
    let group_name = group["group"]["name"]
        .as_str()
        .context("group name")?
        .to_owned();
    let group = group["id"].as_str().context("group id")?.to_owned();
    Ok(Searcher {
        token,
        id,
        group,
        group_name,
        conversations: conversations.len(),
    })
}

/// One search's query parameters.
type Params = Vec<(&'static str, String)>;

async fn get(api: &Api, token: &str, path: &str, params: &[(&str, String)]) -> Result<Value> {
    let response = api
        .http
        .get(format!("{}{path}", api.base))
        .query(params)
        .bearer_auth(token)
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        bail!("GET {path}: {status} {body}");
    }
    Ok(body)
}

/// The query strings one searcher runs: the plain ones, then one filtered by
/// conversation, one by author, and the second page of the commonest word.
async fn queries_for(api: &Api, s: &Searcher, limit: u32) -> Result<Vec<(String, Params)>> {
    let common = |extra: Option<(&'static str, String)>| -> Params {
        let mut params = vec![("q", "the".to_owned()), ("limit", limit.to_string())];
        params.extend(extra);
        params
    };
    let since = (chrono::Utc::now() - chrono::Duration::days(90)).date_naive();
    let mut out: Vec<(String, Params)> = QUERIES
        .iter()
        .map(|(name, q)| {
            let params = vec![("q", (*q).to_owned()), ("limit", limit.to_string())];
            ((*name).to_owned(), params)
        })
        .collect();
    out.push((
        "combined".into(),
        vec![
            (
                "q",
                format!("coffee in:#\"{}\" after:{since} -pizza", s.group_name),
            ),
            ("limit", limit.to_string()),
        ],
    ));
    out.push((
        "in_one_group".into(),
        common(Some(("conversation_id", s.group.clone()))),
    ));
    out.push((
        "by_author".into(),
        common(Some(("author_id", s.id.clone()))),
    ));
    let first = get(api, &s.token, SEARCH, &common(None)).await?;
    if let Some(before) = first["next_before"].as_str() {
        out.push((
            "second_page".into(),
            common(Some(("before", before.to_owned()))),
        ));
    }
    Ok(out)
}

const SEARCH: &str = "/api/v1/search/messages";

async fn measure(api: &Api, usernames: &[String], args: &Args) -> Result<Class> {
    let mut searchers = Vec::new();
    for name in usernames {
        searchers.push(login(api, name, &args.password).await?);
    }
    let mut samples: BTreeMap<String, Vec<Duration>> = BTreeMap::new();
    let mut hits: BTreeMap<String, usize> = BTreeMap::new();
    let mut all = Vec::new();
    for searcher in &searchers {
        let queries = queries_for(api, searcher, args.limit).await?;
        for round in 0..args.rounds {
            for (name, params) in &queries {
                let started = Instant::now();
                let page = get(api, &searcher.token, SEARCH, params).await?;
                let took = started.elapsed();
                if round == 0 {
                    let n = page["items"].as_array().map_or(0, Vec::len);
                    hits.insert(name.clone(), n);
                }
                samples.entry(name.clone()).or_default().push(took);
                all.push(took);
            }
        }
    }
    Ok(Class {
        users: searchers.len(),
        visible_conversations: searchers.iter().map(|s| s.conversations).max().unwrap_or(0),
        overall: Latency::of(&mut all),
        by_query: samples
            .into_iter()
            .map(|(name, mut s)| {
                let result = QueryResult {
                    latency: Latency::of(&mut s),
                    first_page_hits: hits.get(&name).copied().unwrap_or(0),
                };
                (name, result)
            })
            .collect(),
    })
}

pub async fn run(args: Args) -> Result<()> {
    let api = Api::new(&args.api);
    let typical: Vec<String> = (100..110).map(|n| format!("seed_{n}")).collect();
    let power: Vec<String> = (1..=5).map(|n| format!("seed_{n}")).collect();
    let report = Report {
        bench: "search",
        at: chrono::Utc::now().to_rfc3339(),
        seeded_messages: args.seeded_messages,
        limit: args.limit,
        typical: measure(&api, &typical, &args).await?,
        power: measure(&api, &power, &args).await?,
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
