//! `check` (the first look at a fresh deployment) and `seed` (data for a later
//! `verify`).

use anyhow::{Context, Result, bail, ensure};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::api::{Api, Login};
use crate::report::Report;
use crate::socket::{Socket, message_created};
use crate::state::{KeptMedia, KeptMessage, State};

pub async fn run(api: &Api, state_path: &Path, report: &mut Report) {
    let Some((a, b)) = report
        .check("sign up two users", async {
            Ok((
                (api.signup("smoke").await?, api.signup("smoke").await?),
                String::new(),
            ))
        })
        .await
    else {
        return;
    };
    let Some(dm) = report
        .check("befriend and open a DM", async {
            Ok((api.dm(&a, &b).await?, String::new()))
        })
        .await
    else {
        return;
    };
    let Some(hello) = report
        .check(
            "a DM delivered live over the socket",
            live_delivery(api, &a, &b, &dm, "hello over the socket"),
        )
        .await
    else {
        return;
    };
    let picture = picture();
    let Some(media) = report
        .check(
            "an image uploaded and sent",
            send_picture(api, &a, &dm, &picture),
        )
        .await
    else {
        return;
    };
    let ranged = report
        .check("the image through X-Accel-Redirect with Range", async {
            let (status, bytes) = api.media(&b, &media.url, Some("bytes=0-99")).await?;
            ensure!(status == 206, "a ranged GET answered {status}");
            ensure!(bytes == picture[..100], "the range holds other bytes");
            let (status, whole) = api.media(&b, &media.url, None).await?;
            ensure!(status == 200, "the whole file answered {status}");
            ensure!(whole == picture, "the file holds other bytes");
            Ok(((), format!("206, {} of {} bytes", bytes.len(), whole.len())))
        })
        .await;
    if ranged.is_none() {
        return;
    }
    let state = State {
        users: [a, b],
        conversation: dm,
        messages: vec![hello],
        media: vec![media],
    };
    if let Err(e) = state.save(state_path) {
        println!("FAIL write the state file: {e:#}");
    }
}

pub async fn seed(api: &Api, state_path: &Path, report: &mut Report) {
    let seeded = report
        .check("seed users, a DM, messages and an image", async {
            let (a, b) = (api.signup("seed").await?, api.signup("seed").await?);
            let dm = api.dm(&a, &b).await?;
            let mut messages = Vec::new();
            for n in 1..=5 {
                let (from, body) = if n % 2 == 0 {
                    (&b, format!("seeded reply {n}"))
                } else {
                    (&a, format!("seeded message {n}"))
                };
                let sent = api
                    .send(
                        from,
                        &dm,
                        Some(&body),
                        &[],
                        &uuid::Uuid::new_v4().to_string(),
                    )
                    .await?;
                messages.push(KeptMessage {
                    id: id_of(&sent)?,
                    body: Some(body),
                });
            }
            let media = send_picture(api, &a, &dm, &picture()).await?.0;
            let figure = format!("{} messages, 1 image", messages.len() + 1);
            messages.push(KeptMessage {
                id: media.message_id.clone(),
                body: None,
            });
            Ok((
                State {
                    users: [a, b],
                    conversation: dm,
                    messages,
                    media: vec![media],
                },
                figure,
            ))
        })
        .await;
    if let Some(state) = seeded
        && let Err(e) = state.save(state_path)
    {
        println!("FAIL write the state file: {e:#}");
    }
}

/// `b` listens, `a` sends; the message must reach `b`'s socket.
pub async fn live_delivery(
    api: &Api,
    a: &Login,
    b: &Login,
    dm: &str,
    body: &str,
) -> Result<(KeptMessage, String)> {
    let mut socket = Socket::open(api, &b.token, None).await?;
    let started = Instant::now();
    let sent = api
        .send(a, dm, Some(body), &[], &uuid::Uuid::new_v4().to_string())
        .await?;
    let id = id_of(&sent)?;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Some(frame) = socket.next_frame(left).await? else {
            bail!("the message did not arrive within 15 s");
        };
        if message_created(&frame, dm).is_some_and(|m| m["id"] == id.as_str()) {
            break;
        }
    }
    let figure = format!("sent to received {} ms", started.elapsed().as_millis());
    socket.close().await;
    Ok((
        KeptMessage {
            id,
            body: Some(body.to_owned()),
        },
        figure,
    ))
}

async fn send_picture(
    api: &Api,
    from: &Login,
    dm: &str,
    picture: &[u8],
) -> Result<(KeptMedia, String)> {
    let media = api.upload(from, "smoke.png", picture.to_vec()).await?;
    let id = media["id"].as_str().context("media id")?.to_owned();
    let sent = api
        .send(
            from,
            dm,
            None,
            std::slice::from_ref(&id),
            &uuid::Uuid::new_v4().to_string(),
        )
        .await?;
    let kept = KeptMedia {
        url: media["url"].as_str().context("media url")?.to_owned(),
        sha256: hex::encode(Sha256::digest(picture)),
        message_id: id_of(&sent)?,
        id,
    };
    Ok((kept, format!("{} bytes", picture.len())))
}

pub fn id_of(message: &serde_json::Value) -> Result<String> {
    Ok(message["id"].as_str().context("message id")?.to_owned())
}

/// A PNG unlike any other run's (so its bytes prove which file came back).
fn picture() -> Vec<u8> {
    let seed = uuid::Uuid::new_v4();
    let bytes = seed.as_bytes();
    let image = image::RgbImage::from_fn(96, 64, |x, y| {
        let k = bytes[((x + y) % 16) as usize];
        image::Rgb([
            (x as u8).wrapping_mul(k),
            (y as u8).wrapping_add(k),
            k ^ (x as u8),
        ])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    png.into_inner()
}
