//! A mail catcher for trying Confab on one machine, and for the browser
//! tests: the testkit's SMTP server on loopback, with what it caught shown on
//! a web page (and as JSON for programs). Nothing is relayed; nothing is kept
//! after it stops.
//!
//! `confab-mailcatcher [SMTP address] [web address]`, by default
//! 127.0.0.1:1025 and 127.0.0.1:8025.

use actix_web::{App, HttpResponse, HttpServer, get, web};
use confab_testkit::{CaughtMail, MailCatcher};
use std::sync::Arc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let smtp = args.next().unwrap_or_else(|| "127.0.0.1:1025".into());
    let http = args.next().unwrap_or_else(|| "127.0.0.1:8025".into());
    let catcher = Arc::new(MailCatcher::bind(&smtp).await?);
    let server = HttpServer::new({
        let catcher = catcher.clone();
        move || {
            App::new()
                .app_data(web::Data::from(catcher.clone()))
                .service(page)
                .service(messages)
        }
    })
    .workers(1)
    .bind(&http)?;
    println!("confab-mailcatcher: SMTP on {smtp}, mail shown at http://{http}/");
    server.run().await?;
    Ok(())
}

/// Every mail caught, newest first, as JSON.
#[get("/api/messages")]
async fn messages(catcher: web::Data<MailCatcher>) -> HttpResponse {
    let mut mails = catcher.mails();
    mails.reverse();
    HttpResponse::Ok().json(mails)
}

/// Every mail caught, newest first, as a page.
#[get("/")]
async fn page(catcher: web::Data<MailCatcher>) -> HttpResponse {
    let mut mails = catcher.mails();
    mails.reverse();
    let items: String = mails.iter().map(render).collect();
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>Confab mail ({count})</title>\
         <style>body{{font:15px system-ui;max-width:50rem;margin:2rem auto}}\
         article{{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}}\
         pre{{white-space:pre-wrap}}</style>\
         <h1>Mail caught by confab-mailcatcher</h1><p>{count} mails, newest first. Reload for new ones.</p>{items}",
        count = mails.len()
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

fn render(mail: &CaughtMail) -> String {
    format!(
        "<article><h2>{subject}</h2><p>To {to}, from {from}, at {at}</p><pre>{text}</pre></article>",
        subject = escape(&mail.subject),
        to = escape(&mail.to.join(", ")),
        from = escape(&mail.from),
        at = mail.received_at.to_rfc3339(),
        text = linked(&escape(&mail.text)),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Words of escaped text that are http(s) links become anchors.
fn linked(escaped: &str) -> String {
    escaped
        .split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                format!(
                    "<a href=\"{trimmed}\">{trimmed}</a>{}",
                    &word[trimmed.len()..]
                )
            } else {
                word.to_owned()
            }
        })
        .collect()
}
