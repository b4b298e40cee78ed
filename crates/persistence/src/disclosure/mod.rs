//! Disclosure (行政执法公示): the public change feed every publication goes through, and the
//! decision disclosures (drafts made from cases, masked, reviewed, published, corrected,
//! withdrawn, expired).

pub mod decisions;
pub mod feed;
pub mod snapshots;
