//! Metadata of stored files: what is stripped before serving (location and
//! other EXIF/XMP in images) and what is read cheaply (audio/video duration).

use crate::error::{Error, Result};
use bytes::Bytes;
use img_parts::{ImageEXIF, jpeg::Jpeg, png::Png, webp::WebP};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Removes EXIF (and a JPEG's XMP) from the image file in place; returns the
/// new size and hash when it changed anything. Blocking: run off the async
/// workers. An image too broken to parse is left as it is (it will fail to
/// thumbnail, and browsers will refuse it).
pub fn strip(path: &Path, mime: &str) -> Result<Option<(u64, Vec<u8>)>> {
    let bytes = Bytes::from(std::fs::read(path).map_err(super::store::io)?);
    let stripped: Option<Bytes> = match mime {
        "image/jpeg" => Jpeg::from_bytes(bytes).ok().and_then(|mut jpeg| {
            let before = jpeg.segments().len();
            // APP1 holds both EXIF (GPS position) and XMP (which may repeat it).
            jpeg.segments_mut()
                .retain(|s| s.marker() != img_parts::jpeg::markers::APP1);
            (jpeg.segments().len() != before).then(|| jpeg.encoder().bytes())
        }),
        "image/png" => Png::from_bytes(bytes).ok().and_then(|mut png| {
            png.exif().is_some().then(|| {
                png.set_exif(None);
                png.encoder().bytes()
            })
        }),
        "image/webp" => WebP::from_bytes(bytes).ok().and_then(|mut webp| {
            webp.exif().is_some().then(|| {
                webp.set_exif(None);
                webp.encoder().bytes()
            })
        }),
        _ => None,
    };
    let Some(stripped) = stripped else {
        return Ok(None);
    };
    std::fs::write(path, &stripped).map_err(super::store::io)?;
    Ok(Some((
        stripped.len() as u64,
        Sha256::digest(&stripped).to_vec(),
    )))
}

/// The duration of an MP4-family file (MP4, QuickTime, M4A) from its header
/// boxes; `None` for other containers or a header that does not parse.
pub fn duration_ms(path: &Path, mime: &str) -> Option<i64> {
    if !matches!(mime, "video/mp4" | "video/quicktime" | "audio/m4a") {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let reader = mp4::Mp4Reader::read_header(std::io::BufReader::new(file), size).ok()?;
    i64::try_from(reader.duration().as_millis()).ok()
}

/// Decodes an image and writes a JPEG thumbnail no larger than `px` on its
/// longer side; returns the original's width and height.
pub fn thumbnail(source: &Path, target: &Path, px: u32) -> Result<(u32, u32)> {
    let mut reader = image::ImageReader::open(source)
        .map_err(super::store::io)?
        .with_guessed_format()
        .map_err(super::store::io)?;
    // A small file can claim enormous dimensions: cap what decoding may allocate.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| Error::internal(format!("decode: {e}")))?;
    let (width, height) = (image.width(), image.height());
    let small = image.thumbnail(px, px).to_rgb8();
    let file = std::fs::File::create(target).map_err(super::store::io)?;
    let mut out = std::io::BufWriter::new(file);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&small)
        .map_err(|e| Error::internal(format!("encode thumbnail: {e}")))?;
    Ok((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real (tiny) MP4: one AVC track of 30 one-second samples.
    fn mp4_of_seconds(seconds: u32) -> Vec<u8> {
        use mp4::{
            AvcConfig, MediaConfig, Mp4Config, Mp4Sample, Mp4Writer, TrackConfig, TrackType,
        };
        let config = Mp4Config {
            major_brand: str::parse("isom").unwrap(),
            minor_version: 512,
            compatible_brands: vec![str::parse("isom").unwrap(), str::parse("mp42").unwrap()],
            timescale: 1000,
        };
        let mut writer = Mp4Writer::write_start(std::io::Cursor::new(Vec::new()), &config).unwrap();
        writer
            .add_track(&TrackConfig {
                track_type: TrackType::Video,
                timescale: 1000,
                language: "und".into(),
                media_conf: MediaConfig::AvcConfig(AvcConfig {
                    width: 16,
                    height: 16,
                    seq_param_set: vec![0x67, 0x42, 0x00, 0x0a],
                    pic_param_set: vec![0x68, 0xce, 0x38, 0x80],
                }),
            })
            .unwrap();
        for i in 0..seconds {
            let sample = Mp4Sample {
                start_time: u64::from(i) * 1000,
                duration: 1000,
                rendering_offset: 0,
                is_sync: true,
                bytes: vec![0u8; 16].into(),
            };
            writer.write_sample(1, &sample).unwrap();
        }
        writer.write_end().unwrap();
        writer.into_writer().into_inner()
    }

    #[test]
    fn mp4_duration_is_read_from_the_header() {
        let dir = std::env::temp_dir().join(format!("confab-meta-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("clip");
        std::fs::write(&path, mp4_of_seconds(30)).unwrap();
        assert_eq!(duration_ms(&path, "video/mp4"), Some(30_000));
        assert_eq!(
            duration_ms(&path, "video/webm"),
            None,
            "other containers: none"
        );
        std::fs::write(&path, b"not an mp4 at all").unwrap();
        assert_eq!(duration_ms(&path, "video/mp4"), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
