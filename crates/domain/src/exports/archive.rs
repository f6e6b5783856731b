//! Writing the export's zip: JSON documents and the user's media, to a
//! temporary name renamed into place when complete.

use super::gather::Contents;
use crate::error::{Error, Result};
use crate::media::MediaStore;
use std::io::Write;
use uuid::Uuid;
use zip::write::SimpleFileOptions;

const README: &str = "Your data from Confab.\n\n\
profile.json        your profile\n\
friends.json        your friends' public profiles\n\
conversations/      one file per conversation you are in: its members and the messages you wrote\n\
media/              the files you uploaded, named by id\n";

/// Writes the archive; its size in bytes.
pub fn write(store: &MediaStore, id: Uuid, contents: Contents) -> Result<i64> {
    let target = store.export(id);
    let dir = target
        .parent()
        .ok_or_else(|| Error::internal("export path"))?;
    std::fs::create_dir_all(dir).map_err(Error::internal)?;
    let partial = target.with_extension("zip.part");
    let file = std::fs::File::create(&partial).map_err(Error::internal)?;
    let mut zip = zip::ZipWriter::new(file);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Media are compressed already.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);

    zip.start_file("README.txt", deflated)
        .map_err(Error::internal)?;
    zip.write_all(README.as_bytes()).map_err(Error::internal)?;
    for (path, document) in &contents.documents {
        zip.start_file(path.as_str(), deflated)
            .map_err(Error::internal)?;
        serde_json::to_writer_pretty(&mut zip, document).map_err(Error::internal)?;
    }
    for (media, mime) in &contents.media {
        let mut source = match std::fs::File::open(store.original(*media)) {
            Ok(file) => file,
            // Removed meanwhile (an orphan clean-up): nothing to copy.
            Err(_) => continue,
        };
        let name = format!("media/{media}{}", extension(mime));
        zip.start_file(name, stored).map_err(Error::internal)?;
        std::io::copy(&mut source, &mut zip).map_err(Error::internal)?;
    }
    let file = zip.finish().map_err(Error::internal)?;
    let size = file.metadata().map_err(Error::internal)?.len() as i64;
    std::fs::rename(&partial, &target).map_err(Error::internal)?;
    Ok(size)
}

fn extension(mime: &str) -> &'static str {
    match mime {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "audio/mpeg" => ".mp3",
        "audio/ogg" => ".ogg",
        "audio/mp4" => ".m4a",
        "audio/webm" => ".weba",
        "video/mp4" => ".mp4",
        "video/webm" => ".webm",
        _ => "",
    }
}
