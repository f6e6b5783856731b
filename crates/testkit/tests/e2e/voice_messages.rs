//! Voice messages: a browser's recording is accepted as audio, decoded on the
//! server for its length and waveform, and heard by the other side, who is told
//! when it is ready. Audio that cannot be decoded stays playable, without a waveform.

use confab_domain::media::Media;
use confab_testkit::{TestApp, WsClient};
use serde_json::json;

/// 2.5 s from Chromium's fake microphone (a beep a second), as its MediaRecorder writes it.
const RECORDING: &[u8] = include_bytes!("../../../domain/tests/data/voice.webm");

#[tokio::test]
async fn a_recorded_voice_message_arrives_with_its_length_and_waveform() {
    let mut app = TestApp::spawn().await;
    let gateway = app.spawn_gateway().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let bob = app.signup(&TestApp::username("bob")).await;
    app.befriend(&ann, &bob).await;
    let dm = app.open_dm(&ann, &bob).await;
    let mut bob_ws = WsClient::connect(&gateway).await;
    bob_ws.identify(&bob.access_token).await;

    let voice = app
        .upload_ok(&ann, "voice-message.webm", RECORDING.to_vec())
        .await;
    assert_eq!(
        (voice.kind.as_str(), voice.mime.as_str()),
        ("audio", "audio/webm")
    );
    let sent = app
        .client(&ann)
        .send_message(dm, json!({"attachments": [voice.id]}))
        .await;
    assert_eq!(sent.status, 201);
    let attached = sent.ok().attachments.remove(0);
    let ready: Media = if attached.status == "ready" {
        attached
    } else {
        let event = bob_ws.next_event_of("media.updated").await;
        serde_json::from_value(event["data"].clone()).expect("a medium")
    };
    assert_eq!((ready.id, ready.status.as_str()), (voice.id, "ready"));
    let duration = ready.duration_ms.expect("a length");
    assert!((2_000..=2_700).contains(&duration), "{duration} ms");
    let waveform = ready.waveform.expect("a waveform");
    assert_eq!(waveform.len(), 64);
    assert_eq!(waveform.iter().max(), Some(&255));
    assert!(
        waveform.iter().any(|&b| b < 128),
        "beeps stand out: {waveform:?}"
    );

    // Bob plays it: served as audio, seekable.
    let response = app
        .client
        .get(app.url(&ready.url))
        .bearer_auth(&bob.access_token)
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 206);
    assert_eq!(response.headers()["content-type"], "audio/webm");
}

#[tokio::test]
async fn audio_that_cannot_be_decoded_stays_playable_without_a_waveform() {
    let app = TestApp::spawn().await;
    let ann = app.signup(&TestApp::username("ann")).await;
    let mut broken = RECORDING[..600].to_vec();
    broken.extend(std::iter::repeat_n(0xA3u8, 4_000));
    let voice = app.upload_ok(&ann, "voice-message.webm", broken).await;
    assert_eq!(voice.kind, "audio");
    let done = app.processed(&ann, voice.id).await;
    assert_eq!(done.status, "ready");
    assert_eq!(done.waveform, None);
}
