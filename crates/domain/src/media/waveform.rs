//! What a voice message looks like: its length and the loudness of equal
//! slices of it, decoded from the audio itself. Symphonia reads the containers
//! (WebM, Ogg, MP4, WAV, FLAC, MP3) and decodes most codecs; Opus, which it
//! does not decode, goes through the pure-Rust `opus-pure` decoder.

use crate::error::{Error, Result};
use std::path::Path;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, CODEC_TYPE_OPUS, CodecParameters, DecoderOptions};
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// Bars in a waveform.
pub const BARS: usize = 64;
/// Opus always decodes at 48 kHz; its longest packet is 120 ms.
const OPUS_RATE: i32 = 48_000;
const OPUS_MAX_FRAME: usize = 5_760;
/// Loudness is kept per 10 ms block while decoding, so memory does not grow
/// with the sample rate.
const BLOCKS_PER_SECOND: u64 = 100;
/// Decoding stops here: a longer file gets a waveform of its first hours.
const MAX_SECONDS: u64 = 4 * 60 * 60;

#[derive(Debug, Clone, PartialEq)]
pub struct Listened {
    pub duration_ms: i64,
    /// `BARS` values, 0–255, the loudest 255 (all 0 for silence).
    pub waveform: Vec<u8>,
}

/// Decodes the audio at `path` and measures it. Blocking and CPU-bound: run it
/// off the async workers. A decoder that panics on a hostile file is an error
/// here, not a crash.
pub fn listen(path: &Path, mime: &str) -> Result<Listened> {
    let (path, mime) = (path.to_owned(), mime.to_owned());
    std::panic::catch_unwind(move || decode(&path, &mime))
        .map_err(|_| Error::internal("the audio decoder panicked"))?
}

fn decode(path: &Path, mime: &str) -> Result<Listened> {
    let file = std::fs::File::open(path).map_err(super::store::io)?;
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    hint.mime_type(mime);
    let mut format = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(decode_error)?
        .format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or(Error::internal("no audio track"))?;
    let (track_id, params) = (track.id, track.codec_params.clone());
    let mut loudness = if params.codec == CODEC_TYPE_OPUS {
        opus(format.as_mut(), track_id, &params)?
    } else {
        symphonia_codec(format.as_mut(), track_id, &params)?
    };
    Ok(loudness.finish())
}

fn opus(format: &mut dyn FormatReader, track: u32, params: &CodecParameters) -> Result<Loudness> {
    let channels = params.channels.map_or(1, |c| c.count()).clamp(1, 2);
    let mut decoder = opus_pure::OpusDecoder::new(OPUS_RATE, channels)
        .map_err(|e| Error::internal(format!("opus: {e:?}")))?;
    let mut pcm = vec![0f32; OPUS_MAX_FRAME * channels];
    let mut loudness = Loudness::new(OPUS_RATE as u32, channels);
    while let Some(packet) = next_packet(format, track)? {
        // A damaged packet is concealed, as a player would.
        let samples = decoder
            .decode(&packet.data, OPUS_MAX_FRAME, &mut pcm)
            .or_else(|_| decoder.decode(&[], 960, &mut pcm))
            .map_err(|e| Error::internal(format!("opus: {e:?}")))?;
        if !loudness.add(&pcm[..samples * channels]) {
            break;
        }
    }
    Ok(loudness)
}

fn symphonia_codec(
    format: &mut dyn FormatReader,
    track: u32,
    params: &CodecParameters,
) -> Result<Loudness> {
    let mut decoder = symphonia::default::get_codecs()
        .make(params, &DecoderOptions::default())
        .map_err(decode_error)?;
    let mut loudness: Option<Loudness> = None;
    let mut samples: Option<SampleBuffer<f32>> = None;
    while let Some(packet) = next_packet(format, track)? {
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            Err(DecodeError::DecodeError(_)) => continue,
            Err(e) => return Err(decode_error(e)),
        };
        let spec = *decoded.spec();
        let buffer =
            samples.get_or_insert_with(|| SampleBuffer::new(decoded.capacity() as u64, spec));
        if buffer.capacity() < decoded.capacity() * spec.channels.count() {
            *buffer = SampleBuffer::new(decoded.capacity() as u64, spec);
        }
        buffer.copy_interleaved_ref(decoded);
        let measure =
            loudness.get_or_insert_with(|| Loudness::new(spec.rate, spec.channels.count()));
        if !measure.add(buffer.samples()) {
            break;
        }
    }
    loudness.ok_or(Error::internal("no audio decoded"))
}

/// The next packet of `track`, or `None` at the end of the stream.
fn next_packet(
    format: &mut dyn FormatReader,
    track: u32,
) -> Result<Option<symphonia::core::formats::Packet>> {
    loop {
        match format.next_packet() {
            Ok(packet) if packet.track_id() == track => return Ok(Some(packet)),
            Ok(_) => continue,
            Err(DecodeError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Ok(None);
            }
            Err(DecodeError::ResetRequired) => return Ok(None),
            Err(e) => return Err(decode_error(e)),
        }
    }
}

fn decode_error(e: DecodeError) -> Error {
    Error::internal(format!("audio: {e}"))
}

/// Mean squares of 10 ms blocks, gathered as samples arrive.
struct Loudness {
    rate: u64,
    channels: usize,
    block_frames: u64,
    frames: u64,
    sum: f64,
    in_block: u64,
    blocks: Vec<f32>,
}

impl Loudness {
    fn new(rate: u32, channels: usize) -> Self {
        let rate = u64::from(rate.max(1));
        Self {
            rate,
            channels: channels.max(1),
            block_frames: (rate / BLOCKS_PER_SECOND).max(1),
            frames: 0,
            sum: 0.0,
            in_block: 0,
            blocks: Vec::new(),
        }
    }

    /// Takes interleaved samples; false once enough has been heard.
    fn add(&mut self, interleaved: &[f32]) -> bool {
        for frame in interleaved.chunks(self.channels) {
            let mono = frame.iter().sum::<f32>() / frame.len() as f32;
            self.sum += f64::from(mono) * f64::from(mono);
            self.in_block += 1;
            if self.in_block == self.block_frames {
                self.close_block();
            }
        }
        self.frames += (interleaved.len() / self.channels) as u64;
        self.frames < MAX_SECONDS * self.rate
    }

    fn close_block(&mut self) {
        if self.in_block > 0 {
            self.blocks.push((self.sum / self.in_block as f64) as f32);
        }
        self.sum = 0.0;
        self.in_block = 0;
    }

    fn finish(&mut self) -> Listened {
        self.close_block();
        let duration_ms = i64::try_from(self.frames * 1000 / self.rate).unwrap_or(i64::MAX);
        Listened {
            duration_ms,
            waveform: bars(&self.blocks),
        }
    }
}

/// `BARS` root-mean-square levels over equal slices of the blocks, scaled so
/// the loudest is 255. A clip shorter than `BARS` blocks repeats blocks.
fn bars(blocks: &[f32]) -> Vec<u8> {
    if blocks.is_empty() {
        return vec![0; BARS];
    }
    let levels: Vec<f32> = (0..BARS)
        .map(|bar| {
            let start = bar * blocks.len() / BARS;
            let end = ((bar + 1) * blocks.len() / BARS).max(start + 1);
            let slice = &blocks[start..end];
            (slice.iter().sum::<f32>() / slice.len() as f32).sqrt()
        })
        .collect();
    let loudest = levels.iter().copied().fold(0f32, f32::max);
    if loudest <= f32::EPSILON {
        return vec![0; BARS];
    }
    levels
        .iter()
        .map(|l| (l / loudest * 255.0).round() as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_loudest_slice() {
        let mut blocks = vec![0.01f32; 640];
        blocks[320..330].fill(1.0);
        let bars = bars(&blocks);
        assert_eq!(bars.len(), BARS);
        assert_eq!(bars[32], 255);
        assert!(bars[0] < 30 && bars[63] < 30, "{bars:?}");
    }

    #[test]
    fn silence_and_nothing_are_flat() {
        assert_eq!(bars(&[]), vec![0; BARS]);
        assert_eq!(bars(&[0.0; 10]), vec![0; BARS]);
        assert_eq!(
            bars(&[0.5; 3]),
            vec![255; BARS],
            "a clip shorter than the bars repeats blocks"
        );
    }

    #[test]
    fn a_browser_recording_is_decoded() {
        // 2.5 s from Chromium's fake microphone (a beep each second), as its MediaRecorder writes it.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/voice.webm");
        let heard = listen(&path, "audio/webm").unwrap();
        assert!((2_000..=2_700).contains(&heard.duration_ms), "{heard:?}");
        assert_eq!(heard.waveform.len(), BARS);
        assert!(heard.waveform.contains(&255));
        assert!(
            heard.waveform.iter().any(|&b| b < 128),
            "the beeps stand out: {:?}",
            heard.waveform
        );
    }

    /// One second of a 440 Hz tone, then one second of silence, as Ogg Opus
    /// (what Firefox records).
    fn tone_then_silence() -> Vec<u8> {
        use opus_pure::{Application, OggOpusWriter, OpusEncoder, OpusHead};
        let mut encoder = OpusEncoder::new(48_000, 1, Application::Voip).unwrap();
        let mut writer = OggOpusWriter::new(Vec::new(), OpusHead::new(1, 48_000).unwrap()).unwrap();
        let mut packet = vec![0u8; 4_000];
        for frame in 0..100 {
            let pcm: Vec<f32> = (0..960)
                .map(|i| {
                    let t = (frame * 960 + i) as f32 / 48_000.0;
                    if frame < 50 {
                        0.5 * (t * 440.0 * std::f32::consts::TAU).sin()
                    } else {
                        0.0
                    }
                })
                .collect();
            let n = encoder.encode(&pcm, 960, &mut packet).unwrap();
            writer.write_packet(&packet[..n]).unwrap();
        }
        writer.finish().unwrap()
    }

    #[test]
    fn ogg_opus_is_decoded() {
        let dir = std::env::temp_dir().join(format!("confab-wave-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("voice");
        std::fs::write(&path, tone_then_silence()).unwrap();
        let heard = listen(&path, "audio/ogg").unwrap();
        std::fs::remove_dir_all(dir).unwrap();
        assert!((1_950..=2_050).contains(&heard.duration_ms), "{heard:?}");
        let (tone, silence) = heard.waveform.split_at(BARS / 2);
        assert!(tone[2..30].iter().all(|&b| b > 200), "{:?}", heard.waveform);
        assert!(silence[2..].iter().all(|&b| b < 10), "{:?}", heard.waveform);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("confab-wave-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("noise");
        let mut voice = include_bytes!("../../tests/data/voice.webm").to_vec();
        for (i, b) in voice.iter_mut().enumerate().skip(200) {
            *b ^= (i as u8).wrapping_mul(31);
        }
        std::fs::write(&path, &voice).unwrap();
        let _ = listen(&path, "audio/webm");
        std::fs::write(&path, b"OggS not really").unwrap();
        assert!(listen(&path, "audio/ogg").is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
