//! What an upload is, decided by its first bytes (never by its name or the
//! client's Content-Type).

use super::webm;
use crate::error::ErrorCode;
use crate::error::{Error, Result};

/// Bytes to look at; every signature we accept sits within them.
pub const SNIFF_BYTES: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Audio,
    Video,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub kind: MediaKind,
    pub mime: &'static str,
}

/// Images we can thumbnail and browsers show; audio and video browsers play.
const ACCEPTED: &[(&str, MediaKind)] = &[
    ("image/jpeg", MediaKind::Image),
    ("image/png", MediaKind::Image),
    ("image/gif", MediaKind::Image),
    ("image/webp", MediaKind::Image),
    ("audio/mpeg", MediaKind::Audio),
    ("audio/ogg", MediaKind::Audio),
    ("audio/x-wav", MediaKind::Audio),
    ("audio/x-flac", MediaKind::Audio),
    ("audio/m4a", MediaKind::Audio),
    ("audio/aac", MediaKind::Audio),
    ("audio/webm", MediaKind::Audio),
    ("video/mp4", MediaKind::Video),
    ("video/webm", MediaKind::Video),
    ("video/quicktime", MediaKind::Video),
];

/// The kind and type of an upload from its first bytes; 415 for anything else.
pub fn sniff(head: &[u8]) -> Result<Sniffed> {
    let found = infer::get(head).map(|t| match t.mime_type() {
        // A browser's voice recording is a WebM with one audio track.
        "video/webm" if webm::only_audio(head) => "audio/webm",
        other => other,
    });
    ACCEPTED
        .iter()
        .find(|(mime, _)| Some(*mime) == found)
        .map(|&(mime, kind)| Sniffed { kind, mime })
        .ok_or(Error::new(ErrorCode::UnsupportedMediaType, "only JPEG, PNG, GIF and WebP images, MP3, Ogg, WebM, WAV, FLAC, M4A and AAC audio, and MP4, WebM and QuickTime video are accepted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_names() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(sniff(png).unwrap().kind, MediaKind::Image);
        assert_eq!(
            sniff(b"\xff\xd8\xff\xe0\0\x10JFIF").unwrap().mime,
            "image/jpeg"
        );
        assert_eq!(
            sniff(b"ID3\x04\0\0\0\0\0\0").unwrap().kind,
            MediaKind::Audio
        );
        assert_eq!(sniff(b"OggS\0\x02").unwrap().mime, "audio/ogg");
        assert_eq!(
            sniff(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom").unwrap().kind,
            MediaKind::Video
        );
        let voice = include_bytes!("../../tests/data/voice.webm");
        assert_eq!(sniff(&voice[..SNIFF_BYTES]).unwrap().mime, "audio/webm");
        assert_eq!(sniff(b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81\x01B\xf2\x81\x04B\xf3\x81\x08B\x82\x84webm").unwrap().mime, "video/webm");
        for bad in [&b"#!/bin/sh\necho hi\n"[..], b"%PDF-1.7", b""] {
            assert_eq!(sniff(bad).unwrap_err().code(), "unsupported_media_type");
        }
    }
}
