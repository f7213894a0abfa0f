//! Files people attach to requests and messages: PDF, JPEG or PNG, told
//! apart by their content (never by the name or the browser's word), at
//! most 5 MB each and 3 to a request.

use serde::{Deserialize, Serialize};

/// The kinds of file accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

impl FileType {
    /// The media type files are served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    /// The extensions a file of this type may be named with.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Png => &["png"],
        }
    }
}

/// Largest file, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Most files on one request (and on one message).
pub const MAX_FILES: usize = 3;

/// Why a file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileError {
    #[error("empty file")]
    Empty,
    #[error("larger than 5 MB")]
    TooLarge,
    #[error("not a PDF, JPEG or PNG file")]
    WrongType,
    #[error("the name's extension does not match the content")]
    LyingName,
    #[error("more than 3 files")]
    TooMany,
}

impl FileError {
    pub fn message_id(self) -> &'static str {
        match self {
            FileError::Empty => "attachment-error-empty",
            FileError::TooLarge => "attachment-error-too-large",
            FileError::WrongType => "attachment-error-type",
            FileError::LyingName => "attachment-error-name",
            FileError::TooMany => "attachment-error-too-many",
        }
    }
}

/// What the first bytes say the file is.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileType::Png)
    } else {
        None
    }
}

/// Checks one file as uploaded: not empty, not too large, a PDF, JPEG or
/// PNG by content, and named with a matching extension (a JPEG called
/// `.pdf` is refused rather than served under the wrong type).
pub fn check_file(name: &str, bytes: &[u8]) -> Result<FileType, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let kind = sniff(bytes).ok_or(FileError::WrongType)?;
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if kind.extensions().contains(&extension.as_str()) {
        Ok(kind)
    } else {
        Err(FileError::LyingName)
    }
}

/// Checks how many files come together.
pub fn check_count(count: usize) -> Result<(), FileError> {
    if count > MAX_FILES {
        Err(FileError::TooMany)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[test]
    fn files_are_known_by_their_content() {
        assert_eq!(check_file("don.pdf", PDF), Ok(FileType::Pdf));
        assert_eq!(check_file("anh.JPG", JPEG), Ok(FileType::Jpeg));
        assert_eq!(check_file("anh.jpeg", JPEG), Ok(FileType::Jpeg));
        assert_eq!(check_file("chup.png", PNG), Ok(FileType::Png));
        assert_eq!(FileType::Png.media_type(), "image/png");
    }

    #[test]
    fn lying_names_wrong_types_and_sizes_are_refused() {
        assert_eq!(check_file("don.pdf", JPEG), Err(FileError::LyingName));
        assert_eq!(check_file("anh", PNG), Err(FileError::LyingName));
        assert_eq!(
            check_file("trang.html", b"<html><script>"),
            Err(FileError::WrongType)
        );
        assert_eq!(
            check_file("virus.pdf", b"MZ\x90\x00"),
            Err(FileError::WrongType),
            "an executable named .pdf"
        );
        assert_eq!(check_file("rong.pdf", b""), Err(FileError::Empty));
        let mut big = PDF.to_vec();
        big.resize(MAX_FILE_BYTES, b' ');
        assert_eq!(
            check_file("lon.pdf", &big),
            Ok(FileType::Pdf),
            "exactly 5 MB"
        );
        big.push(b' ');
        assert_eq!(check_file("lon.pdf", &big), Err(FileError::TooLarge));
        assert_eq!(check_count(3), Ok(()));
        assert_eq!(check_count(4), Err(FileError::TooMany));
    }
}
