//! Just enough of Matroska/WebM's EBML to tell, from an upload's first bytes,
//! whether a WebM holds only audio (a browser's voice recording) or video.

const EBML_HEADER: u32 = 0x1A45_DFA3;
const SEGMENT: u32 = 0x1853_8067;
const TRACKS: u32 = 0x1654_AE6B;
const TRACK_ENTRY: u32 = 0xAE;
const TRACK_TYPE: u32 = 0x83;
const CLUSTER: u32 = 0x1F43_B675;
const AUDIO_TRACK: u64 = 2;

/// True when the WebM's track list lies wholly within `head` and every track
/// in it is audio. Anything unexpected (a cut-off list, a cluster before the
/// tracks, a malformed element) answers false, so the file stays a video.
pub fn only_audio(head: &[u8]) -> bool {
    track_types(head)
        .is_some_and(|types| !types.is_empty() && types.iter().all(|&t| t == AUDIO_TRACK))
}

fn track_types(head: &[u8]) -> Option<Vec<u64>> {
    let header = Element::read(head, 0)?;
    if header.id != EBML_HEADER {
        return None;
    }
    let segment = Element::read(head, header.end()?)?;
    if segment.id != SEGMENT {
        return None;
    }
    // The segment's size is often "unknown" in a recording: walk its children.
    let mut at = segment.body;
    loop {
        let child = Element::read(head, at)?;
        match child.id {
            TRACKS => return entries(head, &child),
            CLUSTER => return None,
            _ => at = child.end()?,
        }
    }
}

fn entries(head: &[u8], tracks: &Element) -> Option<Vec<u64>> {
    let end = tracks.end().filter(|&end| end <= head.len())?;
    let mut types = Vec::new();
    let mut at = tracks.body;
    while at < end {
        let entry = Element::read(head, at)?;
        if entry.id == TRACK_ENTRY {
            let mut field_at = entry.body;
            let entry_end = entry.end()?;
            while field_at < entry_end {
                let field = Element::read(head, field_at)?;
                if field.id == TRACK_TYPE {
                    types.push(uint(head.get(field.body..field.end()?)?)?);
                }
                field_at = field.end()?;
            }
        }
        at = entry.end()?;
    }
    Some(types)
}

struct Element {
    id: u32,
    /// `None` for the "unknown size" of a live recording's segment or cluster.
    size: Option<usize>,
    body: usize,
}

impl Element {
    fn read(buf: &[u8], at: usize) -> Option<Self> {
        let (id, id_len) = vint(buf.get(at..)?, true)?;
        let (size, size_len) = vint(buf.get(at + id_len..)?, false)?;
        let unknown = size == (1u64 << (7 * size_len)) - 1;
        Some(Self {
            id: u32::try_from(id).ok()?,
            size: if unknown {
                None
            } else {
                usize::try_from(size).ok()
            },
            body: at + id_len + size_len,
        })
    }

    fn end(&self) -> Option<usize> {
        self.body.checked_add(self.size?)
    }
}

/// An EBML variable-length integer: its value (with the length marker kept for
/// IDs, removed for sizes) and how many bytes it took.
fn vint(buf: &[u8], keep_marker: bool) -> Option<(u64, usize)> {
    let first = *buf.first()?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 || buf.len() < len {
        return None;
    }
    let mut value = if keep_marker {
        u64::from(first)
    } else {
        u64::from(first) & (0xFF >> len)
    };
    for &byte in &buf[1..len] {
        value = (value << 8) | u64::from(byte);
    }
    Some((value, len))
}

fn uint(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 8).then(|| bytes.iter().fold(0, |v, &b| (v << 8) | u64::from(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_recording_is_audio_only() {
        let voice = include_bytes!("../../tests/data/voice.webm");
        assert_eq!(track_types(&voice[..512]), Some(vec![AUDIO_TRACK]));
        assert!(only_audio(&voice[..512]));
    }

    #[test]
    fn a_cut_off_or_broken_head_stays_video() {
        let voice = include_bytes!("../../tests/data/voice.webm");
        assert!(!only_audio(&voice[..100]), "the track list is cut off");
        assert!(!only_audio(
            b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81\x01B\xf2\x81\x04B\xf3\x81\x08B\x82\x84webm"
        ));
        assert!(!only_audio(&[0x1A, 0x45, 0xDF, 0xA3, 0x00]));
        assert!(!only_audio(&[]));
    }

    #[test]
    fn a_video_track_makes_it_video() {
        let mut voice = include_bytes!("../../tests/data/voice.webm")[..512].to_vec();
        // The recording's one TrackType element (0x83, size 1) says 2 (audio); make it 1 (video).
        let at = voice
            .windows(3)
            .position(|w| w == [0x83, 0x81, 0x02])
            .unwrap();
        voice[at + 2] = 1;
        assert!(!only_audio(&voice));
    }
}
