//! Small evidence files made in code, so the demo ships no image or video files: PNG "photos"
//! (a few stripes and a frame, different for each seed number) and a minimal MP4 for the
//! continuous video of a seizure. The same number gives the same bytes every time.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::io::Write;

const WIDTH: u32 = 96;
const HEIGHT: u32 = 72;

/// A 96×72 RGB PNG: a warm background (a document on a desk), ruled lines (its text) and a red
/// square (a seal), placed by `n`.
pub(crate) fn photo(n: u32) -> anyhow::Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(((WIDTH * 3 + 1) * HEIGHT) as usize);
    let seal_x = 10 + (n * 17) % 60;
    let seal_y = 8 + (n * 11) % 40;
    let tint = (n * 29 % 40) as u8;
    for y in 0..HEIGHT {
        raw.push(0); // filter: none
        for x in 0..WIDTH {
            let paper = (8..88).contains(&x) && (4..68).contains(&y);
            let line = paper && y % 6 == 0 && (14..82).contains(&x) && y > 8;
            let seal = (seal_x..seal_x + 14).contains(&x) && (seal_y..seal_y + 14).contains(&y);
            let rgb = if seal {
                [200, 30, 40]
            } else if line {
                [70, 70, 90]
            } else if paper {
                [245, 242, 230]
            } else {
                [120 + tint, 90 + tint / 2, 60]
            };
            raw.extend_from_slice(&rgb);
        }
    }
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(&raw)?;
    let idat = z.finish()?;
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&WIDTH.to_be_bytes());
    ihdr.extend_from_slice(&HEIGHT.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

/// One PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// An MP4 the upload sniffs as video: an `ftyp` box (brand isom) and an empty-frame `mdat`.
pub(crate) fn video(n: u32) -> Vec<u8> {
    let mut v = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    let payload = 256 + n as usize;
    let size = u32::try_from(payload + 8).unwrap_or(u32::MAX);
    v.extend_from_slice(&size.to_be_bytes());
    v.extend_from_slice(b"mdat");
    v.resize(v.len() + payload, 0);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_pngs_and_the_same_number_gives_the_same_bytes() {
        let a = photo(1).unwrap();
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(a, photo(1).unwrap());
        assert_ne!(a, photo(2).unwrap());
        assert!(a.len() < 4096, "{}", a.len());
        assert_eq!(infer::get(&a).map(|t| t.mime_type()), Some("image/png"));
        assert_eq!(
            infer::get(&video(0)).map(|t| t.mime_type()),
            Some("video/mp4")
        );
    }
}
