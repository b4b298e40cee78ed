//! `sanxiang store migrate`: moves an existing local blob store into another store (an
//! S3-compatible one, usually) and proves the copy complete.
//!
//! Every blob the catalogue (`blobs`) lists is streamed from the source into the target through
//! the target's ordinary upload (hashed on the way, create-if-absent at its address), unless the
//! target already holds that address with the catalogued size. Then every catalogued blob is read
//! back from the target and re-hashed: the command succeeds only when each one's bytes hash to its
//! address and have its catalogued size. Rerunning it is safe and copies only what is missing.

use futures_util::TryStreamExt;
use sanxiang_persistence::blob::{self, hash_stored, BlobAddress, BlobError, BlobStore};
use sanxiang_persistence::Db;

/// Catalogue rows read at once.
const PAGE: u64 = 500;

/// What [`migrate`] did and found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    /// Blobs copied now.
    pub copied: u64,
    /// Blobs the target already held.
    pub present: u64,
    /// Blobs whose copy in the target hashed to their address after copying.
    pub verified: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Each blob that is missing from the source or does not match in the target.
    pub problems: Vec<String>,
}

/// Copies every catalogued blob from `from` into `to`, then verifies every SHA-256 in `to`.
pub async fn migrate(
    db: &Db,
    from: &dyn BlobStore,
    to: &dyn BlobStore,
) -> anyhow::Result<MigrateReport> {
    let mut report = MigrateReport::default();
    let mut after: Option<String> = None;
    let mut catalogue = Vec::new();
    loop {
        let page = blob::catalogue_page(db, after.as_deref(), PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.sha256.clone());
        for meta in page {
            let Some(address) = BlobAddress::parse(&meta.sha256) else {
                report
                    .problems
                    .push(format!("catalogue row {}: not a SHA-256", meta.sha256));
                continue;
            };
            let size = u64::try_from(meta.size).unwrap_or_default();
            match copy_one(from, to, &address, size).await {
                Ok(true) => report.copied += 1,
                Ok(false) => report.present += 1,
                Err(e) => report.problems.push(format!("{address}: {e}")),
            }
            catalogue.push((address, size));
        }
    }
    for (address, size) in catalogue {
        match hash_stored(to, &address).await {
            Ok((digest, n)) if digest == address && n == size => {
                report.verified += 1;
                report.bytes += n;
            }
            Ok((digest, n)) => report.problems.push(format!(
                "{}: after copying, its {n} bytes hash to {digest} (catalogued: {size} bytes)",
                to.location(&address)
            )),
            Err(BlobError::NotFound) => report
                .problems
                .push(format!("{}: missing after copying", to.location(&address))),
            Err(e) => report
                .problems
                .push(format!("{}: unreadable: {e}", to.location(&address))),
        }
    }
    Ok(report)
}

/// Copies one blob unless the target holds it; `true` when it was copied.
async fn copy_one(
    from: &dyn BlobStore,
    to: &dyn BlobStore,
    address: &BlobAddress,
    size: u64,
) -> anyhow::Result<bool> {
    match to.open(address).await {
        Ok(blob::BlobSource::File(path)) if std::fs::metadata(&path)?.len() == size => {
            return Ok(false)
        }
        Ok(blob::BlobSource::Remote { size: found }) if found == size => return Ok(false),
        Ok(_) | Err(BlobError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    let mut source = match from.read(address, None).await {
        Err(BlobError::NotFound) => {
            anyhow::bail!("missing from the source store ({})", from.location(address))
        }
        r => r?,
    };
    let mut upload = to.begin_upload().await?;
    while let Some(piece) = source.try_next().await? {
        upload.write(&piece).await?;
    }
    let stored = upload.commit().await?;
    if &stored.address != address || stored.size != size {
        anyhow::bail!(
            "the source's bytes ({} bytes) hash to {}, not to their address: the source is damaged",
            stored.size,
            stored.address
        );
    }
    Ok(true)
}
